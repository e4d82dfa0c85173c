"""What every chart shares, in the portal and in the report: one Vega-Lite spec, drawn in two places.

A chart module builds a plain Vega-Lite spec (a dict) from plain data, and calls ``chart()`` to give it
the shared look, its text alternative and an id. The portal embeds that spec as JSON and draws it in the
browser with the vega-embed bundle that vl-convert-python ships (``bundle()``, served by
``ssepot.charts.views``); the report renders the very same spec to SVG with ``to_svg()``. Numbers and dates
follow the active language: es-CO (5.733.749; 92,1 %) in Spanish.

Conventions for spec builders (``ssepot/charts/<area>.py``):

- take plain data (lists of dicts, Figures), never a request or a queryset;
- put the data inline (``{"values": [...]}``), with the field names the click-to-filter step uses;
- give every chart a ``description``: the text alternative the browser and the report show;
- make a mark clickable with ``clickable(spec, param=..., field=...)``: clicking a mark with that field
  sets ``?param=<value>`` in the page's URL (see ``static/charts/charts.js``).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
from typing import Any

from django.utils import translation
from django.utils.html import escape

Spec = dict[str, Any]

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"

#: d3-format locales. es-CO writes 5.733.749,5 and 92,1 %; the peso sign goes in front.
FORMAT_LOCALES: dict[str, dict[str, Any]] = {
    "es": {
        "decimal": ",",
        "thousands": ".",
        "grouping": [3],
        "currency": ["$\u00a0", ""],
        "percent": "\u00a0%",
    },
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
}

#: d3-time-format locales.
TIME_LOCALES: dict[str, dict[str, Any]] = {
    "es": {
        "dateTime": "%A, %e de %B de %Y, %X",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "periods": ["a. m.", "p. m."],
        "days": ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"],
        "shortDays": ["dom", "lun", "mar", "mié", "jue", "vie", "sáb"],
        "months": [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        "shortMonths": ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"],
    },
    "en": {
        "dateTime": "%x, %X",
        "date": "%-m/%-d/%Y",
        "time": "%-I:%M:%S %p",
        "periods": ["AM", "PM"],
        "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        "months": [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        "shortMonths": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    },
}

#: Colours with at least 3:1 contrast against white (WCAG 2.1 AA, 1.4.11 non-text contrast).
PALETTE = ["#1f5fa8", "#c2410c", "#047857", "#7c3aed", "#b91c1c", "#0e7490", "#a16207", "#be185d"]
#: The traffic light and the high/medium/low classes, in the order green, yellow, red.
TRAFFIC = {"verde": "#047857", "amarillo": "#a16207", "rojo": "#b91c1c"}
#: The commitments' statuses.
STATUS_COLOURS = {"cumplido": "#047857", "en_proceso": "#a16207", "sin_avance": "#b91c1c"}

# NB: a family name with a digit must be quoted, or the browser's canvas (which Vega measures labels with)
# rejects the whole list and measures in its 10px default, and long axis labels get cut
FONT = '"Source Sans 3", "Source Sans Pro", "Segoe UI", Roboto, Helvetica, Arial, sans-serif'

CONFIG: Spec = {
    "font": FONT,
    "background": "white",
    "view": {"stroke": None},
    "range": {"category": PALETTE},
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#1f2937", "titleColor": "#1f2937"},
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#1f2937", "titleColor": "#1f2937"},
    "title": {"fontSize": 15, "anchor": "start", "color": "#111827"},
    "bar": {"cornerRadiusEnd": 2},
}


def language() -> str:
    """The active language's code among those the charts know (Spanish by default)."""
    lang = (translation.get_language() or "es").split("-")[0]
    return lang if lang in FORMAT_LOCALES else "es"


def chart(spec: Spec, *, key: str, description: str, title: str | None = None) -> Spec:
    """``spec`` with the shared look, its text alternative (``description``) and an id (``key``)."""
    done: Spec = {"$schema": SCHEMA, **spec}
    done["description"] = description
    if title is not None:
        done["title"] = title
    done["config"] = {**copy.deepcopy(CONFIG), **done.get("config", {})}
    done.setdefault("usermeta", {})["key"] = key
    return done


def clickable(spec: Spec, *, param: str, field: str) -> Spec:
    """Clicking a mark of ``spec`` filters the page: it sets ``?param=<the mark's field value>``."""
    spec.setdefault("usermeta", {})["click"] = {"param": param, "field": field}
    if isinstance(spec.get("mark"), str):
        spec["mark"] = {"type": spec["mark"]}
    if isinstance(spec.get("mark"), dict):
        spec["mark"]["cursor"] = "pointer"
    return spec


def to_svg(spec: Spec, lang: str | None = None) -> str:
    """The spec drawn as SVG, with the numbers and dates of ``lang`` (the active language by default)."""
    import vl_convert

    lang = lang or language()
    svg = str(
        vl_convert.vegalite_to_svg(
            spec, format_locale=FORMAT_LOCALES[lang], time_format_locale=TIME_LOCALES[lang]
        )
    )
    description = spec.get("description")
    if description:
        # the text alternative travels with the drawing, as the browser's rendering does
        label = escape(str(description))
        svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
        svg = svg.replace(">", f"><title>{label}</title>", 1)
    return svg


def to_png(spec: Spec, lang: str | None = None, scale: float = 2) -> bytes:
    """The spec drawn as PNG (for spreadsheets and documents that cannot hold SVG)."""
    import vl_convert

    lang = lang or language()
    return bytes(
        vl_convert.vegalite_to_png(
            spec, scale=scale, format_locale=FORMAT_LOCALES[lang], time_format_locale=TIME_LOCALES[lang]
        )
    )


def embed_options(lang: str | None = None) -> Spec:
    """The options the browser passes to vega-embed: locale, export menu in the page's language, SVG."""
    from django.utils.translation import gettext as _

    lang = lang or language()
    return {
        "renderer": "svg",
        # Vega's expression interpreter instead of generated code: the Content-Security-Policy allows no eval
        "ast": True,
        "formatLocale": FORMAT_LOCALES[lang],
        "timeFormatLocale": TIME_LOCALES[lang],
        "actions": {"export": True, "source": False, "compiled": False, "editor": False},
        "i18n": {
            "CLICK_TO_VIEW_ACTIONS": _("Descargar el gráfico"),
            "PNG_ACTION": _("Descargar como PNG"),
            "SVG_ACTION": _("Descargar como SVG"),
            "COMPILED_ACTION": "Vega",
            "EDITOR_ACTION": "Vega Editor",
            "SOURCE_ACTION": "JSON",
        },
    }


#: what the bundle leaves on ``window`` for ``charts.js``
GLOBALS = "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"


@functools.cache
def bundle() -> str:
    """The vega-embed, Vega-Lite and Vega libraries in one script (about 900 kB), from vl-convert-python."""
    import vl_convert

    return str(vl_convert.javascript_bundle(GLOBALS))


@functools.cache
def bundle_version() -> str:
    """A short fingerprint of the installed libraries, for a cache-busting URL."""
    import vl_convert

    versions = json.dumps([vl_convert.get_vega_embed_version(), vl_convert.get_vega_version()])
    return hashlib.sha256(versions.encode()).hexdigest()[:12]
