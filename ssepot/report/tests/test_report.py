"""The demo's 2025 report: structure, links, traceable figures, the seed's headline figures, the annex."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.utils.html import escape
from openpyxl import load_workbook

from ssepot.commitments.models import Commitment
from ssepot.indicators.models import Indicator, IndicatorTarget, IndicatorValue
from ssepot.report import narrative
from ssepot.report.annex import write_annex
from ssepot.report.builder import ReportError, collect
from ssepot.report.issue import issue
from ssepot.report.render import MAX_INPUTS, render_html
from ssepot.reporting.models import Approval

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def html(demo_plan: Any, django_db_blocker: Any) -> str:
    with django_db_blocker.unblock():
        return render_html(collect(demo_plan, 2025))


def test_the_report_has_the_seeds_structure_in_order(html: str) -> None:
    ids = [
        "portada",
        "creditos",
        "contenidos",
        "presentacion",
        "guia",
        "generalidades",
        "cap-compromisos",
        "cap-pot-pdd",
        "cap-subsistemas",
        "cap-marco-estrategico",
        "cap-indicadores",
        "cap-tableros",
        "cap-revision",
        "cifras",
    ]
    positions = [html.index(f'id="{i}"') for i in ids]
    assert positions == sorted(positions)
    assert "Datos con corte a 31 de diciembre de 2025" in html


def test_every_internal_link_has_its_target(html: str) -> None:
    targets = set(re.findall(r'id="([^"]+)"', html))
    links = set(re.findall(r'href="#([^"]+)"', html))
    assert links, "the report has no internal links"
    assert links - targets == set()


def test_every_section_has_the_buttons_back_to_the_start_and_to_the_structure(html: str) -> None:
    sections = re.findall(
        r'<section class="(?:seccion|capitulo)[^"]*" id="([^"]+)"(.*?)</section>', html, re.S
    )
    main = [(i, body) for i, body in sections if i not in ("correcciones", "consistencia", "cifras")]
    assert len(main) == 3 + 7
    for section_id, body in main:
        assert 'href="#contenidos"' in body and 'href="#estructura"' in body, section_id


def test_each_chapter_has_its_own_colour(html: str) -> None:
    colours = re.findall(r"\.cap-(\d) \{ --capitulo: (#[0-9a-f]{6}); \}", html)
    assert [n for n, _ in colours] == [str(n) for n in range(1, 8)]
    assert len({c for _, c in colours}) == 7


def test_every_figure_links_to_its_explanation_with_formula_and_approvals(html: str, demo_plan: Any) -> None:
    linked = set(re.findall(r'<a class="cifra" href="#([^"]+)"', html))
    explained = set(re.findall(r'<article class="cifra-explicada" id="([^"]+)"', html))
    assert linked and linked <= explained
    entry = html[html.index('id="cifra-compromisos-cumplimiento_global"') :]
    entry = entry[: entry.index("</article>")]
    assert "Fórmula" in entry and "/ 93 = " in entry
    assert "101 datos" in entry and "publicados en 2025-1" in entry
    # the demo's synthetic data entered without the review cycle: its approvals name no approver (the real
    # 2020-2023 development plan is published by the analyst, and 2025 has none of it)
    assert not Approval.objects.filter(plan=demo_plan, approved_by__isnull=False, release__year=2025).exists()
    assert Approval.objects.filter(
        plan=demo_plan, approved_by__username="analista", release__year=2023
    ).exists()
    assert "sin aprobación registrada" in entry


def test_the_headline_figures_are_the_seeds_in_colombian_format(html: str) -> None:
    # DOMAIN.md: the demo reproduces the seed's 2025 figures (92.1 %, 101, 71, 22, 149, 54, 171, 57 %...).
    def shown(key: str) -> str:
        return re.search(rf'href="#cifra-{re.escape(key)}" title="[^"]*">([^<]+)<', html).group(1)  # type: ignore[union-attr]

    assert shown("compromisos-cumplimiento_global") == "92,1 %"
    assert shown("compromisos-total") == "101"
    assert shown("compromisos-cumplido") == "71"
    assert shown("compromisos-en_proceso") == "22"
    assert shown("pdd-indicadores_vinculados") == "149"
    assert shown("pdd-programas_vinculados") == "54"
    assert shown("pdd-proyectos_vinculados") == "171"
    assert shown("pdd-avance_fisico") == "57,0 %"
    assert shown("pdd-aporte_pot") == "14,9 puntos"
    assert shown("dinero-programa_ejecucion-presupuesto") == "$5.733.749 millones"
    assert shown("dinero-programa_ejecucion-ejecutado") == "$5.110.504 millones"
    assert shown("dinero-participacion_ppi") == "17,7 %"


def test_chapter_5_holds_the_full_indicator_battery(html: str, demo_plan: Any) -> None:
    codes = set(
        Indicator.objects.filter(plan=demo_plan, development_plan__isnull=True).values_list("code", flat=True)
    )
    sheets = set(re.findall(r'<article class="indicador" id="ind-([^"]+)"', html))
    assert sheets == codes
    with_data = set(
        IndicatorTarget.objects.filter(indicator__code__in=codes, year__lte=2025, plan=demo_plan).values_list(
            "indicator__code", flat=True
        )
    ) | set(
        IndicatorValue.objects.filter(
            indicator__code__in=codes,
            year__lte=2025,
            plan=demo_plan,
            territorial_unit__isnull=True,
            value__isnull=False,
        ).values_list("indicator__code", flat=True)
    )
    assert html.count('class="tabla tabla--valores"') == len(with_data) > 0


def test_all_subsystems_and_charts_as_inline_svg(html: str, demo_plan: Any) -> None:
    assert len(re.findall(r'<article class="subsistema"', html)) == 20
    assert html.count("<svg") >= 4
    assert not re.search(r'<(link|script|img)\b|src="|url\((?!#)', html), (
        "the report loads nothing from outside"
    )


def test_the_consistency_check_lists_the_seeds_slips(html: str) -> None:
    section = html[html.index('id="consistencia"') : html.index('id="cifras"')]
    assert "12 compromisos" in section and "14 compromisos" in section
    assert "34,4 %" in section and "32,7 %" in section


def test_the_annex_has_the_battery_with_lights_and_the_commitments(demo_plan: Any) -> None:
    Commitment.objects.filter(plan=demo_plan, code="C001").update(description='=HYPERLINK("http://x")')
    book = load_workbook(BytesIO(write_annex(collect(demo_plan, 2025))))
    battery, commitments = book["Indicadores"], book["Compromisos"]
    n = Indicator.objects.filter(plan=demo_plan, development_plan__isnull=True).count()
    assert battery.max_row == n + 1
    header = [c.value for c in battery[1]]
    assert header[-3:] == ["Cumplimiento del año", "Avance", "Semáforo"]
    lights = {row[-1].value for row in battery.iter_rows(min_row=2)}
    assert lights <= {"Verde", "Amarillo", "Rojo", "Gris (sin programación)", "No aplica", "No disponible"}
    assert commitments.max_row == Commitment.objects.filter(plan=demo_plan).count() + 1
    formula_like = [
        c for row in commitments.iter_rows(min_row=2) for c in row if str(c.value).startswith("=")
    ]
    assert formula_like and all(c.data_type == "s" and c.quotePrefix for c in formula_like)


def test_a_year_without_a_release_is_refused_with_a_clear_message(demo_plan: Any) -> None:
    with pytest.raises(ReportError, match=r"2031.*no tiene datos publicados"):
        collect(demo_plan, 2031)
    with pytest.raises(ReportError, match="No existe la publicación 2025-9"):
        collect(demo_plan, 2025, release=9)


def test_the_pdfs_compact_document_has_every_indicator_and_every_explained_figure(
    html: str, demo_plan: Any
) -> None:
    report = collect(demo_plan, 2025)
    compact = render_html(report, compact=True)
    assert set(re.findall(r'href="#([^"]+)"', compact)) <= set(re.findall(r'id="([^"]+)"', compact))
    codes = set(
        Indicator.objects.filter(plan=demo_plan, development_plan__isnull=True).values_list("code", flat=True)
    )
    assert set(re.findall(r'<h3 class="indicador-compacto__titulo" id="ind-([^"]+)"', compact)) == codes
    explained = set(re.findall(r'<article class="cifra-explicada" id="([^"]+)"', html))
    assert set(re.findall(r'<p class="cifra-explicada cifra-explicada--compacta" id="([^"]+)"', compact)) == (
        explained
    )
    assert compact.count("se presentan en forma compacta") == 2, "the PDF says where it is compact"


def test_the_compact_appendix_leaves_out_only_the_inputs_the_indicator_sheets_print(demo_plan: Any) -> None:
    report = collect(demo_plan, 2025)
    compact = render_html(report, compact=True)

    def paragraph(anchor: str) -> str:
        start = compact.index(f'id="{anchor}"')
        return compact[start : compact.index("</p>", start)]

    left_out = 0
    for key, figure in report.figures.items():
        if key not in report.used or not key.startswith("indicador."):
            continue
        entry = paragraph(narrative.anchor(key))
        kept = []
        for i in figure.inputs:
            shown = report.in_sheets.get(i.ref)
            if shown and i.value is not None and i.value == shown[0]:
                assert f'href="#ind-{shown[1]}"' in entry
                assert narrative.fmt_value(shown[0]) in paragraph(f"ind-{shown[1]}")
                left_out += 1
            else:
                kept.append(i)
        assert all(escape(i.label) in entry for i in kept[:MAX_INPUTS])
    assert left_out > 0


def test_the_pdf_has_bookmarks_page_numbers_and_working_links(demo_plan: Any, tmp_path: Path) -> None:
    import weasyprint

    issued = issue(demo_plan, 2025, tmp_path, formats=["html", "pdf", "xlsx"])
    assert issued.files["pdf"].read_bytes()[:5] == b"%PDF-"
    # NB: the PDF is drawn from the compact document, not from the HTML file
    compact = render_html(issued.report, compact=True)
    document = weasyprint.HTML(string=compact).render()
    titles = [b[0] for b in document.make_bookmark_tree()]
    assert "1. Compromisos del POT" in titles and "7. Revisión y ajuste del POT" in titles
    assert "Cómo se calcularon las cifras" in titles
    internal = [
        link
        for page in document.pages
        for (kind, target, *_r) in page.links
        if kind == "internal"
        for link in [target]
    ]
    anchors = {name for page in document.pages for name in page.anchors}
    assert internal and set(internal) <= anchors
