"""Template tags of the annual report: every figure is printed through ``{% cifra key %}``.

``cifra`` writes the figure's value in es-CO with a link to its entry in "Cómo se calcularon las cifras",
and records the key so the appendix explains exactly the figures the report shows.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ssepot.core.figures import fmt_percent
from ssepot.report import narrative

register = template.Library()


@register.simple_tag(takes_context=True)
def cifra(context: template.Context, key: str) -> SafeString:
    report = context["report"]
    figure = report.figures.get(key)
    if figure is None:
        return format_html('<span class="cifra cifra--nd">ND</span>')
    report.used.add(key)
    return format_html(
        '<a class="cifra" href="#{}" title="{}">{}</a>',
        narrative.anchor(key),
        figure.label,
        narrative.shown(figure),
    )


@register.simple_tag(takes_context=True)
def etiqueta(context: template.Context, key: str) -> str:
    figure = context["report"].figures.get(key)
    return figure.label if figure else key


@register.filter
def valor(value: Decimal | int | None) -> str:
    """A measured value in es-CO (``1.250``; ``3,75``; ``ND`` when missing)."""
    return narrative.fmt_value(value)


@register.filter
def porcentaje(value: Decimal | int | None) -> str:
    return fmt_percent(value, 1)


@register.filter
def ancla(key: str) -> str:
    return narrative.anchor(key)


@register.filter
def entrada(value: Any) -> str:
    """An input's value: text as is, numbers in es-CO."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return narrative.fmt_value(value)
