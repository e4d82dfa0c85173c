"""The report drawn from a ``Report``: one self-contained HTML file (CSS and charts inline) and its PDF.

The HTML is rendered in two passes: the chapters first (every figure goes through ``{% cifra %}``, which
records its key), then the appendix "Cómo se calcularon las cifras" with exactly those figures. The PDF is
WeasyPrint's rendering of the same HTML with the print style sheet: bookmarks from ``bookmark-level``,
running headers from ``string-set``, page numbers in the contents from ``target-counter``. Charts are the
shared Vega-Lite specs rendered to SVG, so they stay vector graphics in the PDF.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ssepot.catalogue.models import Agency
from ssepot.core.commitments import slug
from ssepot.core.figures import Figure, Input
from ssepot.figures.compute import cyclic_gc_paused
from ssepot.report import narrative
from ssepot.report.builder import LIGHT_LABELS, Provenance, Report, provenance_for

logger = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static" / "report"
MAX_INPUTS = 12
REPORT_WIDTH = 440
HORIZONS = (
    ("corto", "Corto plazo"),
    ("mediano", "Mediano plazo"),
    ("largo", "Largo plazo"),
    ("plan", "Vigencia del plan"),
)


@dataclass
class Entry:
    figure: Figure
    shown: str
    inputs: list[Input]
    more: int
    source: str
    approvals: list[Provenance]
    sheet: str = ""
    """Compact only: the code of the indicator whose sheet prints the inputs left out of ``inputs``."""
    method: int = 0
    """Compact only: the number of the figure's method in the list of methods."""
    same_provenance: bool = False
    """Compact only: the source and approvals are those of the entry before."""


@functools.cache
def _css_files() -> str:
    return (STATIC / "report.css").read_text(encoding="utf-8")


def css(report: Report) -> str:
    """The style sheet, with one rule per chapter colour (the colours live with the chapters)."""
    colours = "\n".join(
        f".cap-{ch.number} {{ --capitulo: {ch.colour}; }}\n"
        f".cap-{ch.number} .capitulo__titulo, .cap-{ch.number} .muestra, "
        f".contenidos__capitulo.cap-{ch.number} "
        f".contenidos__numero {{ background: {ch.colour}; color: #fff; }}\n"
        f".cap-{ch.number} h2, .cap-{ch.number} h3 {{ color: {ch.colour}; border-color: {ch.colour}; }}\n"
        f".cap-{ch.number} .boton {{ border-color: {ch.colour}; color: {ch.colour}; }}"
        for ch in report.chapters
    )
    return _css_files() + "\n" + colours


def _portal_spec(module: str, name: str) -> Any:
    """A spec builder of the portal (``ssepot.charts.<module>.<name>``), or None while it does not exist:
    the report then draws its own version from ``ssepot.charts.report_extra``."""
    import importlib

    try:
        return getattr(importlib.import_module(f"ssepot.charts.{module}"), name)
    except (ImportError, AttributeError):
        return None


def _fixed_width(spec: dict[str, Any], width: int = REPORT_WIDTH) -> dict[str, Any]:
    """An SVG has no container to fill: the portal's ``"container"`` width becomes a page's width."""
    if spec.get("width") == "container":
        spec["width"] = width
    return spec


def chart_specs(report: Report) -> dict[str, dict[str, Any]]:
    """The report's charts as Vega-Lite specs: the portal's own builders where they exist."""
    from ssepot.charts import report_extra

    f = report.figures
    specs: dict[str, Any] = {}
    statuses = (
        ("cumplido", _("Cumplidos")),
        ("en_proceso", _("En proceso")),
        ("sin_reporte", _("Sin reporte")),
        ("no_aplica", _("No aplica")),
    )
    rows = [
        {
            "grupo": _(label),
            "codigo": h,
            "estado": status,
            "estado_codigo": key,
            "compromisos": int(f[k].value or 0),
        }
        for h, label in HORIZONS
        for key, status in statuses
        for k in [f"compromisos.horizonte.{h}.{key}"]
        if k in f
    ]
    by_group = _portal_spec("commitments", "status_by_group")
    if rows and by_group:
        specs["horizon"] = by_group(
            rows,
            key="informe-compromisos-horizonte",
            width=REPORT_WIDTH,
            title=_("Estado de los compromisos por horizonte"),
            group_title=_("Horizonte"),
        )
    elif rows:
        specs["horizon"] = report_extra.commitments_by_horizon(
            [
                {
                    "horizonte": r["grupo"],
                    "estado": r["estado"],
                    "estado_clave": r["estado_codigo"],
                    "orden": i,
                    "compromisos": r["compromisos"],
                }
                for i, r in enumerate(rows)
            ]
        )
    history = [
        {"vigencia": int(k.split(".")[2]), "cumplimiento": fig.value}
        for k, fig in f.items()
        if k.startswith("compromisos.historia.")
        and k.endswith(".cumplimiento_global")
        and fig.value is not None
    ]
    history.sort(key=lambda r: r["vigencia"])
    portal_history = _portal_spec("commitments", "compliance_history")
    if history:
        specs["history"] = (
            portal_history(history, key="informe-compromisos-cumplimiento", width=REPORT_WIDTH)
            if portal_history
            else report_extra.compliance_history(
                [{"vigencia": r["vigencia"], "cumplimiento": float(r["cumplimiento"])} for r in history]
            )
        )
    if report.money:
        specs["money"] = report_extra.money_by_subsystem(
            [
                {"subsistema": m["name"], "millones": float(Decimal(f[m["ejecutado"]].value or 0) / 10**6)}
                for m in report.money
                if m["ejecutado"] in f
            ]
        )
    progress = _portal_spec("subsystems", "subsystem_progress")
    if progress and report.subsystems:

        def value(key: str) -> Decimal | None:
            number = f[key].value if key in f else None
            return None if number is None else Decimal(number)

        specs["subsystems"] = _fixed_width(
            progress(
                [
                    {
                        "code": s.code,
                        "name": s.name,
                        "system": s.system,
                        "compliance": value(f"compromisos.subsistema.{slug(s.name)}.cumplimiento"),
                        "execution": value(f"dinero.subsistema.{slug(s.name)}.ejecucion_pct"),
                    }
                    for s in report.subsystems
                ],
                key="informe-subsistemas",
            )
        )
    classes = [(_("Alto"), "alto", "verde"), (_("Medio"), "medio", "amarillo"), (_("Bajo"), "bajo", "rojo")]
    if all(f"pdd.clases.{k}" in f for _label, k, _c in classes):
        specs["classes"] = report_extra.pdd_classes(
            [
                {"clase": str(label), "indicadores": int(f[f"pdd.clases.{k}"].value or 0), "color": c}
                for label, k, c in classes
            ]
        )
    lights = _portal_spec("indicators", "traffic_distribution")
    if lights and report.indicators:
        counts: dict[str, int] = {}
        for i in report.indicators:
            counts[i.light] = counts.get(i.light, 0) + 1
        specs["lights"] = _fixed_width(
            lights(counts, {k: str(v) for k, v in LIGHT_LABELS.items()}, key="informe-semaforo"), 360
        )
    return specs


def charts(report: Report) -> dict[str, str]:
    """The report's charts as inline SVG (the same Vega-Lite specs the portal embeds)."""
    from ssepot.charts.base import to_svg

    lang = (get_language() or "es").split("-")[0]
    drawn: dict[str, str] = {}
    for name, spec in chart_specs(report).items():
        try:
            drawn[name] = to_svg(spec, lang)
        except Exception:  # NB: a chart that fails to draw must not stop the report; the tables stay
            logger.exception("could not draw the report chart %s", name)
    return drawn


def _entries(report: Report, methods: dict[tuple[str, str], int] | None = None) -> list[Entry]:
    """The appendix's entries. With ``methods`` (the compact appendix of the PDF) each method and its
    version is written once in that numbered list, an indicator figure leaves out the inputs its
    indicator's sheet already prints with the same value, and an entry with the source and approvals
    of the one before says so instead of repeating them."""
    entries: list[Entry] = []
    for key, figure in report.figures.items():  # NB: the figures' order: commitments, PDD, money, indicators
        if key not in report.used:
            continue
        source, approvals = provenance_for(report, key)
        inputs, sheet = list(figure.inputs), ""
        if methods is not None:
            kept = []
            for i in inputs:
                shown = report.in_sheets.get(i.ref)
                if shown and isinstance(i.value, Decimal | int) and Decimal(i.value) == shown[0]:
                    sheet = shown[1]
                else:
                    kept.append(i)
            inputs = kept
        previous = entries[-1] if entries else None
        entries.append(
            Entry(
                figure=figure,
                shown=narrative.shown(figure),
                inputs=inputs[:MAX_INPUTS],
                more=max(len(inputs) - MAX_INPUTS, 0),
                source=source,
                approvals=approvals,
                sheet=sheet,
                method=0
                if methods is None
                else methods.setdefault((figure.method, figure.version), len(methods) + 1),
                same_provenance=methods is not None
                and previous is not None
                and (previous.source, previous.approvals) == (source, approvals),
            )
        )
    return entries


def _lights(report: Report) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = {}
    for i in report.indicators:
        counts[i.light] = counts.get(i.light, 0) + 1
    return [(light, str(label), counts[light]) for light, label in LIGHT_LABELS.items() if light in counts]


def render_html(report: Report, *, compact: bool = False) -> str:
    """The whole report as one HTML document with its CSS and SVG charts inline.

    ``compact`` is the document the PDF is drawn from: the same content, but the indicator sheets and
    the explanations of the figures are paragraphs instead of tables and definition lists. WeasyPrint
    lays out every table cell and every inline box one by one: with the full markup the PDF of a plan of
    500 indicators took minutes and more than 1 GB; the report says so where it is compact."""
    if not report.charts:
        report.charts = charts(report)
    f = report.figures
    horizons = [(_(label), h) for h, label in HORIZONS if f"compromisos.horizonte.{h}.total" in f]
    dashboards = {
        ch.slug: (None if ch.portal is None else report.portal(ch.portal)) for ch in report.chapters
    }
    context = {
        "report": report,
        "compact": compact,
        "chapters": [(ch, dashboards[ch.slug]) for ch in report.chapters],
        "horizons": horizons,
        "lights": _lights(report),
        "agencies": list(
            Agency.objects.filter(plan=report.plan).order_by("name").values_list("name", flat=True)
        ),
        "dashboard_links": [
            (_("Compromisos del POT"), report.portal("compromisos")),
            (_("Relación POT - PDD"), report.portal("pot-pdd")),
            (_("Avance de los subsistemas"), report.portal("subsistemas")),
            (_("Sistema de indicadores"), report.portal("indicadores")),
            (_("Portal del plan"), report.portal()),
        ],
    }
    body = render_to_string("report/body.html", context)
    for finding in report.findings:  # NB: the list of slips links to the figures it names
        if finding.figure_key in f:
            report.used.add(finding.figure_key)
    methods: dict[tuple[str, str], int] | None = {} if compact else None
    entries = _entries(report, methods)
    appendix = render_to_string(
        "report/appendix.html",
        {
            "report": report,
            "entries": entries,
            "compact": compact,
            "methods": [(n, text, version) for (text, version), n in (methods or {}).items()],
        },
    )
    title = _("Informe de Gestión del POT vigencia %(year)s: %(plan)s") % {
        "year": report.year,
        "plan": report.plan.name,
    }
    return render_to_string(
        "report/document.html",
        {
            "report": report,
            "title": title,
            "lang": (get_language() or "es").split("-")[0],
            "css": mark_safe(css(report)),
            "body": mark_safe(body),
            "appendix": mark_safe(appendix),
        },
    )


def render_pdf(html: str) -> bytes:
    """The PDF of the report's HTML (WeasyPrint; no network: every resource is inline)."""
    import weasyprint

    def no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        raise ValueError(f"the report fetches nothing: {url}")

    # NB: WeasyPrint's boxes all survive until the PDF is written, and each cyclic collection would walk
    # them all to free nothing: pausing the collector saves about a tenth of the PDF's time.
    with cyclic_gc_paused():
        document = weasyprint.HTML(string=html, url_fetcher=no_fetch, base_url=".")
        return bytes(document.write_pdf())
