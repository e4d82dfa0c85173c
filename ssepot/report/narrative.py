"""The report's narrative as data: Markdown written by analysts that names figures instead of typing them.

A text refers to a figure by its key between double braces, ``{{ compromisos.cumplimiento_global }}``; the
report writes the figure's value there (es-CO, ``92,1 %``) with a link to its entry in "Cómo se calcularon
las cifras", so a number in the text can never drift from the data. Numbers typed by hand are still
allowed; the consistency check (``ssepot.core.narrative``) lists those that disagree before issuing.

Markdown is rendered by markdown-it-py (CommonMark, raw HTML disabled) and the result is sanitised by nh3,
so an analyst's text can never inject a script into the report or the portal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal

import nh3
from markdown_it import MarkdownIt

from ssepot.core.figures import Figure, fmt_number, fmt_percent
from ssepot.core.narrative import Finding, check_text, disagreements

REFERENCE_RE = re.compile(r"\{\{\s*([^{}\s]*)\s*\}\}")
MILLION = 1_000_000

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "h3",
    "h4",
    "h5",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "class"}, "th": {"scope"}}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def references(text: str) -> list[str]:
    """The figure keys a text names, in order, each once."""
    return list(dict.fromkeys(match.group(1) for match in REFERENCE_RE.finditer(text)))


def unknown_references(text: str, keys: Iterable[str]) -> list[str]:
    """The keys the text names that are not figures of the year (an edit naming one is refused)."""
    known = set(keys)
    return [key for key in references(text) if key not in known]


def shown(figure: Figure) -> str:
    """A figure's value as the report prints it: 92,1 %; 14,9 puntos; $5.733.749 millones; 101."""
    if figure.value is None:
        return figure.status or "ND"
    if figure.unit == "%":
        return fmt_percent(figure.value, 1)
    if figure.unit == "puntos":
        return f"{fmt_number(figure.value, 1)} puntos"
    if figure.unit == "COP":
        return f"${fmt_number(Decimal(figure.value) / MILLION, 0)} millones"
    if figure.unit == "millones de COP":
        return f"${fmt_number(figure.value, 0)} millones"
    return fmt_number(figure.value, 0 if isinstance(figure.value, int) else 1)


def fmt_value(value: Decimal | int | None) -> str:
    """A measured value: whole numbers without decimals, others with two (``1.250``, ``3,75``)."""
    if value is None:
        return "ND"
    whole = Decimal(value) == Decimal(value).to_integral_value()
    return fmt_number(value, 0 if whole else 2)


def anchor(key: str) -> str:
    """The id of a figure's entry in the appendix (no dots: CSS selectors would need escapes)."""
    return "cifra-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)


def substitute(text: str, figures: Mapping[str, Figure], *, link: bool) -> str:
    """The Markdown with every reference replaced by the figure's value (a link to its appendix entry when
    ``link``). An unknown key stays visible as ``{{ key }}`` so nothing silently disappears."""

    def value(match: re.Match[str]) -> str:
        figure = figures.get(match.group(1))
        if figure is None:
            return match.group(0)
        return f"[{shown(figure)}](#{anchor(figure.key)})" if link else shown(figure)

    return REFERENCE_RE.sub(value, text)


def to_html(markdown: str) -> str:
    """Markdown rendered and sanitised: safe to mark safe in a template."""
    return nh3.clean(
        _markdown.render(markdown),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
    )


def render(
    text: str, figures: Mapping[str, Figure], *, on_reference: Callable[[str], None] | None = None
) -> str:
    """The text as sanitised HTML with its figures resolved and linked."""
    if on_reference is not None:
        for key in references(text):
            if key in figures:
                on_reference(key)
    return to_html(substitute(text, figures, link=True))


def check(text: str, figures: Mapping[str, Figure], *, source: str) -> list[Finding]:
    """The hand-typed numbers of a text that disagree with the figures (references are resolved first, so
    they always agree)."""
    plain = substitute(text, figures, link=False)
    return disagreements(check_text(plain, list(figures.values()), source=source))
