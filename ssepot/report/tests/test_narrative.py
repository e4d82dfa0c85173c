"""Narrative as data: figure references, es-CO values, sanitised Markdown, and the edit-time check."""

from __future__ import annotations

from decimal import Decimal

from ssepot.core.figures import Figure
from ssepot.report import narrative
from ssepot.report.forms import NarrativeTextForm


def figure(key: str, value: Decimal | int | None, unit: str) -> Figure:
    return Figure(key=key, label=key, value=value, unit=unit, formula="", method="")


FIGURES = {
    f.key: f
    for f in (
        figure("compromisos.cumplimiento_global", Decimal("92.0967"), "%"),
        figure("compromisos.total", 101, "compromisos"),
        figure("dinero.programa_ejecucion.presupuesto", 5_733_749_000_000, "COP"),
        figure("pdd.aporte_pot", Decimal("14.9012"), "puntos"),
    )
}


def test_references_are_found_in_order_once_each() -> None:
    text = "{{ compromisos.total }} y {{compromisos.cumplimiento_global}}; otra vez {{ compromisos.total }}"
    assert narrative.references(text) == ["compromisos.total", "compromisos.cumplimiento_global"]


def test_a_reference_becomes_the_value_in_spanish_with_a_link_to_its_explanation() -> None:
    html = narrative.render("Cumplimiento global de {{ compromisos.cumplimiento_global }}.", FIGURES)
    assert '<a href="#cifra-compromisos-cumplimiento_global"' in html
    assert ">92,1 %</a>" in html


def test_money_counts_and_points_use_colombian_formats() -> None:
    text = "{{ dinero.programa_ejecucion.presupuesto }}; {{ compromisos.total }}; {{ pdd.aporte_pot }}"
    assert narrative.substitute(text, FIGURES, link=False) == "$5.733.749 millones; 101; 14,9 puntos"


def test_an_unknown_reference_stays_visible_instead_of_vanishing() -> None:
    assert "{{ compromisos.inventada }}" in narrative.render("x {{ compromisos.inventada }}", FIGURES)


def test_markdown_cannot_inject_scripts_or_javascript_links() -> None:
    html = narrative.to_html("<script>alert(1)</script>\n\n[clic](javascript:alert(1)) **negrita**")
    assert "<script" not in html and 'href="javascript' not in html
    assert "<strong>negrita</strong>" in html


def test_the_edit_form_refuses_an_unknown_key_and_names_it() -> None:
    form = NarrativeTextForm(
        {"title": "", "body": "Van {{ compromisos.total }} y {{ compromisos.totl }}.", "source": ""},
        keys=FIGURES,
    )
    assert not form.is_valid()
    assert "compromisos.totl" in form.errors["body"][0]
    assert "compromisos.total " not in form.errors["body"][0]


def test_the_edit_form_accepts_known_keys() -> None:
    form = NarrativeTextForm({"title": "", "body": "{{ compromisos.total }}", "source": ""}, keys=FIGURES)
    assert form.is_valid()


def test_the_check_ignores_references_and_catches_a_typed_number_that_disagrees() -> None:
    figures = {
        **FIGURES,
        "compromisos.horizonte.corto.cumplido": Figure(
            key="compromisos.horizonte.corto.cumplido",
            label="Compromisos cumplidos (corto plazo)",
            value=14,
            unit="compromisos",
            formula="",
            method="",
            terms=("corto plazo", "cumplidos"),
        ),
    }
    typed = narrative.check("CORTO PLAZO. Se registran 12 compromisos cumplidos.", figures, source="prueba")
    assert [f.figure_key for f in typed] == ["compromisos.horizonte.corto.cumplido"]
    referenced = "CORTO PLAZO. Se registran {{ compromisos.horizonte.corto.cumplido }} compromisos cumplidos."
    assert narrative.check(referenced, figures, source="prueba") == []
