"""The plan's home and the Compromisos and Relación POT-PDD dashboards show the figures engine's numbers.

Every expected number comes from ``all_figures`` on the published demo or from an independent count in
the database, never from the page; the page's text is parsed back from es-CO (5.733.749; 92,1 %).
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssepot.commitments.models import Commitment, CommitmentStatus
from ssepot.core.commitments import slug
from ssepot.core.figures import Figure, quantize
from ssepot.figures.compute import all_figures
from ssepot.projects.models import ProjectYear

pytestmark = pytest.mark.django_db
YEAR = 2025
MILLION = Decimal(1_000_000)


@pytest.fixture(scope="module")
def figures(demo_plan: Any, django_db_blocker: Any) -> dict[str, Figure]:
    with django_db_blocker.unblock():
        return {f.key: f for f in all_figures(demo_plan, YEAR)}


def url(name: str, plan: Any, *args: Any, **params: str) -> str:
    base = reverse(f"front:{name}", args=[plan.slug, YEAR, *args])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def es_number(text: str) -> Decimal:
    """``5.733.749`` -> 5733749; ``92,1 %`` -> 92.1; ``$ 1.200`` -> 1200."""
    cleaned = re.sub(r"[^0-9,\-]", "", text.replace(".", ""))
    return Decimal(cleaned.replace(",", "."))


class Tables(HTMLParser):
    """Every ``<table>`` of a page, by the id of its ``<div id="tabla-...">``: rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current: str | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        element_id = found.get("id") or ""
        if tag == "div" and element_id.startswith("tabla-") and "-titulo" not in element_id:
            self.current = element_id.removeprefix("tabla-")
            self.tables[self.current] = []
        elif tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body and self.current:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self.in_body = False
        elif tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.current:
            self.tables[self.current].append(self.row)
            self.row = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def tables_of(response: Any) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(response.content.decode())
    return parser.tables


def card(response: Any, key: str) -> str:
    match = re.search(rf'data-figure="{re.escape(key)}">(.*?)</p>', response.content.decode(), re.S)
    assert match, f"no card for {key}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


# -- the plan's home --------------------------------------------------------------------------------------


def test_the_plan_address_opens_the_newest_year_with_reported_results(client: Client, demo_plan: Any) -> None:
    newest = CommitmentStatus.objects.filter(plan=demo_plan).published().order_by("-year").first()
    assert newest is not None
    response = client.get(reverse("front:plan_latest", args=[demo_plan.slug]))
    assert response.status_code == 302
    assert response["Location"] == reverse("front:plan", args=[demo_plan.slug, newest.year])


def test_home_cards_show_the_engines_headline_figures(
    client: Client, demo_plan: Any, figures: dict[str, Figure]
) -> None:
    response = client.get(url("plan", demo_plan))
    assert response.status_code == 200
    for key, places in (
        ("compromisos.total", 0),
        ("compromisos.cumplimiento_global", 1),
        ("pdd.avance_fisico", 1),
        ("pdd.aporte_pot", 1),
        ("dinero.programa_ejecucion.ejecucion_pct", 1),
    ):
        value = figures[key].value
        assert value is not None
        assert es_number(card(response, key)) == quantize(value, places), key
    budget = figures["dinero.programa_ejecucion.presupuesto"].value
    assert budget is not None
    shown = card(response, "dinero.programa_ejecucion.presupuesto")
    assert es_number(shown) == quantize(Decimal(budget) / MILLION, 0)
    assert "millones" in shown
    # es-CO formats: thousands with a dot, decimals with a comma, a space before %
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*", card(response, "compromisos.total").split()[0])
    assert re.fullmatch(r"\d+,\d\xa0%", card(response, "compromisos.cumplimiento_global"))


def test_every_card_explains_its_figure_with_the_engines_formula(
    client: Client, demo_plan: Any, figures: dict[str, Figure]
) -> None:
    text = client.get(url("plan", demo_plan)).content.decode()
    compliance = figures["compromisos.cumplimiento_global"]
    assert "¿Cómo se calculó?" in text
    assert compliance.formula in text
    assert compliance.method in text
    assert "versión 1 del 28/02/2026" in text  # the release the year's data came from


def test_a_year_no_release_published_is_a_clear_404(client: Client, demo_plan: Any) -> None:
    response = client.get(reverse("front:plan", args=[demo_plan.slug, 2031]))
    assert response.status_code == 404
    assert "no tiene datos publicados" in response.content.decode()
    assert reverse("front:plan", args=[demo_plan.slug, YEAR]) in response.content.decode()


def test_an_unknown_plan_is_a_404(client: Client, demo_plan: Any) -> None:
    assert client.get(reverse("front:plan", args=["no-existe", YEAR])).status_code == 404
    assert client.get(reverse("front:plan_latest", args=["no-existe"])).status_code == 404


@pytest.mark.parametrize(
    "param, value",
    [("subsistema", "NOPE"), ("estado", "listo"), ("horizonte", "eterno"), ("dependencia", "x")],
)
def test_an_unknown_filter_is_a_400_naming_it(client: Client, demo_plan: Any, param: str, value: str) -> None:
    response = client.get(url("commitments", demo_plan, **{param: value}))
    assert response.status_code == 400
    assert f"«{param}»" in response.content.decode()


def test_home_runs_a_bounded_number_of_queries(
    client: Client, demo_plan: Any, django_assert_max_num_queries: Any
) -> None:
    client.get(url("plan", demo_plan))  # computes and caches the figures
    with django_assert_max_num_queries(6):
        assert client.get(url("plan", demo_plan)).status_code == 200


# -- Compromisos ------------------------------------------------------------------------------------------

STATUSES = ("cumplido", "en_proceso", "sin_reporte", "no_aplica")


def test_status_by_horizon_equals_the_engines_figures(
    client: Client, demo_plan: Any, figures: dict[str, Figure]
) -> None:
    tables = tables_of(client.get(url("commitments", demo_plan)))
    rows = tables["compromisos-horizonte"]
    horizons = sorted({k.split(".")[2] for k in figures if k.startswith("compromisos.horizonte.")})
    assert len(rows) == len(horizons)
    for row in rows:
        code = next(
            h
            for h in horizons
            if figures[f"compromisos.horizonte.{h}.total"].label.endswith(f"({row[0].lower()})")
        )
        expected = [figures[f"compromisos.horizonte.{code}.{s}"].value for s in (*STATUSES, "total")]
        assert [es_number(c) for c in row[1:6]] == expected


@pytest.mark.parametrize("dimension", ["tipologia", "subsistema", "dependencia"])
def test_status_by_group_equals_the_engines_breakdown(
    client: Client, demo_plan: Any, figures: dict[str, Figure], dimension: str
) -> None:
    rows = tables_of(client.get(url("commitments", demo_plan)))[f"compromisos-{dimension}"]
    expected_groups = {k.split(".")[2] for k in figures if k.startswith(f"compromisos.{dimension}.")}
    assert len(rows) == len(expected_groups)
    for row in rows:
        stem = f"compromisos.{dimension}.{slug(row[0])}"
        counts = [figures[f"{stem}.{s}"].value for s in (*STATUSES, "total")]
        assert [es_number(c) for c in row[1:6]] == counts, row[0]
        compliance = figures[f"{stem}.cumplimiento"].value
        assert (row[6] == "ND") if compliance is None else es_number(row[6]) == quantize(compliance, 1)


def test_the_history_equals_the_engines_yearly_figures(
    client: Client, demo_plan: Any, figures: dict[str, Figure]
) -> None:
    rows = tables_of(client.get(url("commitments", demo_plan)))["compromisos-historia"]
    years = sorted({int(k.split(".")[2]) for k in figures if k.startswith("compromisos.historia.")})
    assert [int(r[0]) for r in rows] == years
    assert years[0] == 2017 and years[-1] == YEAR  # the seed's accumulated history 2017-2025
    for row in rows:
        stem = f"compromisos.historia.{row[0]}"
        assert [es_number(c) for c in row[1:6]] == [
            figures[f"{stem}.{s}"].value for s in (*STATUSES, "total")
        ]
        value = figures[f"{stem}.cumplimiento_global"].value
        assert value is not None and es_number(row[6]) == quantize(value, 1)


def test_filtering_by_subsystem_counts_only_its_commitments(client: Client, demo_plan: Any) -> None:
    commitments = Commitment.objects.filter(plan=demo_plan, subsystem__code="MOV")
    statuses = dict(
        CommitmentStatus.objects.filter(commitment__in=commitments, year=YEAR)
        .published()
        .values_list("commitment__code", "status")
    )
    response = client.get(url("commitments", demo_plan, subsistema="MOV"))
    assert response.status_code == 200
    assert es_number(card(response, "compromisos.total")) == commitments.count()
    done = sum(1 for s in statuses.values() if s == "cumplido")
    assert es_number(card(response, "compromisos.cumplido")) == done
    listed = tables_of(response)["compromisos-lista"]
    assert sorted(r[0] for r in listed) == sorted(c.code for c in commitments)
    assert "Subsistema: Movilidad" in response.content.decode()  # the active filter, removable


def test_filters_combine_and_search_the_text(client: Client, demo_plan: Any) -> None:
    first = Commitment.objects.filter(plan=demo_plan).order_by("code").first()
    assert first is not None
    word = max(first.description.split(), key=len)
    expected = {
        c.code
        for c in Commitment.objects.filter(plan=demo_plan, description__icontains=word)
        | Commitment.objects.filter(plan=demo_plan, code__icontains=word)
    }
    done = set(
        CommitmentStatus.objects.filter(plan=demo_plan, year=YEAR, status="cumplido")
        .published()
        .values_list("commitment__code", flat=True)
    )
    response = client.get(url("commitments", demo_plan, q=word, estado="cumplido"))
    listed = {r[0] for r in tables_of(response)["compromisos-lista"]}
    assert listed == expected & done


def test_the_list_paginates_and_downloads_every_row(client: Client, demo_plan: Any) -> None:
    total = Commitment.objects.filter(plan=demo_plan).count()
    assert total > 25
    page = tables_of(client.get(url("commitments", demo_plan)))["compromisos-lista"]
    assert len(page) == 25
    response = client.get(url("commitments", demo_plan, descargar="compromisos-lista.csv"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == total + 1


def test_the_horizon_table_downloads_as_numbers(
    client: Client, demo_plan: Any, figures: dict[str, Figure]
) -> None:
    response = client.get(url("commitments", demo_plan, descargar="compromisos-horizonte.csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    totals = sorted(int(r[5]) for r in rows[1:])
    expected = sorted(
        int(f.value or 0)
        for k, f in figures.items()
        if k.startswith("compromisos.horizonte.") and k.endswith(".total")
    )
    assert totals == expected


def test_clicking_a_bar_filters_by_the_groups_code(client: Client, demo_plan: Any) -> None:
    response = client.get(url("commitments", demo_plan))
    text = response.content.decode()
    assert '"click": {"param": "subsistema", "field": "codigo"}' in text
    assert '"codigo": "MOV"' in text  # the value a click sets, a code the filter accepts


def test_commitments_page_runs_a_bounded_number_of_queries(
    client: Client, demo_plan: Any, django_assert_max_num_queries: Any
) -> None:
    client.get(url("commitments", demo_plan))
    with django_assert_max_num_queries(8):
        assert client.get(url("commitments", demo_plan)).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(url("commitments", demo_plan, subsistema="MOV", q="plan")).status_code == 200


# -- a commitment's page ----------------------------------------------------------------------------------


def test_a_commitment_page_shows_its_articles_and_published_history(client: Client, demo_plan: Any) -> None:
    item = Commitment.objects.filter(plan=demo_plan, articles__isnull=False).order_by("code").first()
    assert item is not None
    published = list(
        CommitmentStatus.objects.filter(commitment=item, year__lte=YEAR).published().order_by("-year")
    )
    response = client.get(url("commitment", demo_plan, item.code))
    assert response.status_code == 200
    text = response.content.decode()
    for article in item.articles.all():
        assert f"Artículo {article.number}" in text
    rows = tables_of(response)["historia"]
    assert [int(r[0]) for r in rows] == [s.year for s in published]
    assert [r[1] for r in rows] == [s.get_status_display() for s in published]


def test_an_unpublished_correction_stays_off_the_commitment_page(client: Client, demo_plan: Any) -> None:
    status = CommitmentStatus.objects.filter(plan=demo_plan, year=YEAR).published().order_by("pk").first()
    assert status is not None
    CommitmentStatus.objects.create(
        plan=demo_plan,
        commitment=status.commitment,
        year=YEAR,
        status=status.status,
        progress=status.progress,
        observation="Corrección aún sin aprobar ni publicar",
        supersedes=status,
        reason="prueba",
    )
    text = client.get(url("commitment", demo_plan, status.commitment.code)).content.decode()
    assert "Corrección aún sin aprobar ni publicar" not in text


def test_an_unknown_commitment_is_a_404(client: Client, demo_plan: Any) -> None:
    assert client.get(url("commitment", demo_plan, "NO-EXISTE")).status_code == 404


def test_commitment_page_runs_a_bounded_number_of_queries(
    client: Client, demo_plan: Any, django_assert_max_num_queries: Any
) -> None:
    item = Commitment.objects.filter(plan=demo_plan).order_by("code").first()
    assert item is not None
    client.get(url("commitment", demo_plan, item.code))
    with django_assert_max_num_queries(10):
        assert client.get(url("commitment", demo_plan, item.code)).status_code == 200


# -- Relación POT-PDD -------------------------------------------------------------------------------------


def test_pdd_cards_and_classes_equal_the_engines_figures(
    client: Client, demo_plan: Any, figures: dict[str, Figure]
) -> None:
    response = client.get(url("pot_pdd", demo_plan))
    assert response.status_code == 200
    for key in ("pdd.avance_fisico", "pdd.aporte_pot", "pdd.avance_agregado_vinculados"):
        value = figures[key].value
        assert value is not None and es_number(card(response, key)) == quantize(value, 1)
    assert es_number(card(response, "pdd.proyectos_vinculados")) == figures["pdd.proyectos_vinculados"].value
    rows = tables_of(response)["pdd-clases"]
    assert [es_number(r[1]) for r in rows] == [
        figures[f"pdd.clases.{c}"].value for c in ("alto", "medio", "bajo")
    ]


def test_money_by_year_equals_the_engines_figures(
    client: Client, demo_plan: Any, figures: dict[str, Figure]
) -> None:
    rows = tables_of(client.get(url("pot_pdd", demo_plan)))["pdd-dinero-vigencia"]
    assert rows and int(rows[-1][0]) == YEAR
    for row in rows:
        budget = figures[f"dinero.vigencia.{row[0]}.presupuesto"].value
        executed = figures[f"dinero.vigencia.{row[0]}.ejecutado"].value
        assert es_number(row[1]) == quantize(Decimal(budget or 0) / MILLION, 0)
        assert es_number(row[2]) == quantize(Decimal(executed or 0) / MILLION, 0)


def test_filtering_by_subsystem_keeps_its_money_and_its_links(
    client: Client, demo_plan: Any, figures: dict[str, Figure]
) -> None:
    response = client.get(url("pot_pdd", demo_plan, subsistema="MOV"))
    tables = tables_of(response)
    rows = tables["pdd-dinero-subsistema"]
    assert [r[0] for r in rows] == ["Movilidad"]
    # the subsystem's own figure does not change when the page keeps only its projects
    budget = figures["dinero.subsistema.movilidad.presupuesto"].value
    assert es_number(rows[0][1]) == quantize(Decimal(budget or 0) / MILLION, 0)
    # the yearly totals are those of the subsystem's projects, summed here from the database
    published = ProjectYear.objects.filter(plan=demo_plan, project__subsystem__code="MOV").published()
    for row in tables["pdd-dinero-vigencia"]:
        total = sum(p.budget for p in published if p.year == int(row[0]))
        assert es_number(row[1]) == quantize(Decimal(total) / MILLION, 0)
    links = client.get(url("pot_pdd", demo_plan, subsistema="MOV", descargar="pdd-vinculos.csv"))
    linked = list(csv.reader(io.StringIO(links.content.decode("utf-8-sig"))))[1:]
    assert linked and {r[7] for r in linked} == {"Movilidad"}


def test_the_pdd_tree_is_usable_without_javascript(client: Client, demo_plan: Any) -> None:
    from ssepot.development.models import PddNode

    text = client.get(url("pot_pdd", demo_plan)).content.decode()
    in_force = PddNode.objects.filter(
        plan=demo_plan, development_plan__start_year__lte=YEAR, development_plan__end_year__gte=YEAR
    )
    lines = in_force.filter(level="linea")
    assert lines.exists()
    for line in lines:
        assert f'<span class="code">{line.code}</span> {line.name}' in text
    assert text.count("<details><summary>") == in_force.count()


def test_pot_pdd_runs_a_bounded_number_of_queries(
    client: Client, demo_plan: Any, django_assert_max_num_queries: Any
) -> None:
    client.get(url("pot_pdd", demo_plan))
    with django_assert_max_num_queries(6):
        assert client.get(url("pot_pdd", demo_plan)).status_code == 200


def test_evidence_is_listed_but_its_file_stays_restricted(client: Client, demo_plan: Any) -> None:
    from ssepot.reporting.models import Assignment, Evidence, ReportingPeriod

    status = (
        CommitmentStatus.objects.filter(plan=demo_plan, year=YEAR)
        .published()
        .select_related("approval", "commitment")
        .order_by("pk")
        .first()
    )
    assert status is not None
    period = ReportingPeriod.objects.filter(plan=demo_plan, year=YEAR).first()
    assert period is not None
    assignment = Assignment.objects.create(
        plan=demo_plan,
        period=period,
        agency=status.commitment.agency,
        kind=Assignment.Kind.COMMITMENT,
        commitment=status.commitment,
        state="aprobado",
    )
    status.approval.assignment = assignment
    status.approval.save()
    evidence = Evidence.objects.create(
        plan=demo_plan,
        assignment=assignment,
        file="evidence/2026/acta.pdf",
        original_name="acta-de-entrega.pdf",
        content_type="application/pdf",
        size=2048,
        sha256="0" * 64,
    )
    text = client.get(url("commitment", demo_plan, status.commitment.code)).content.decode()
    assert "acta-de-entrega.pdf" in text
    assert "acceso restringido" in text
    assert reverse("reporting:download_evidence", args=[evidence.pk]) not in text
    assert "evidence/2026/acta.pdf" not in text


def test_a_cached_page_still_follows_the_visitors_language(
    client: Client, demo_plan: Any, figures: dict[str, Figure]
) -> None:
    value = figures["compromisos.cumplimiento_global"].value
    assert value is not None
    spanish = card(client.get(url("commitments", demo_plan)), "compromisos.cumplimiento_global")
    client.cookies["django_language"] = "en"
    english = card(client.get(url("commitments", demo_plan)), "compromisos.cumplimiento_global")
    assert spanish.startswith(str(quantize(value, 1)).replace(".", ","))
    assert english.startswith(str(quantize(value, 1)))


def test_a_year_before_the_first_commitment_status_still_has_its_pages(
    client: Client, demo_plan: Any
) -> None:
    first = CommitmentStatus.objects.filter(plan=demo_plan).published().order_by("year").first()
    assert first is not None
    earlier = first.year - 1
    for name in ("plan", "commitments", "pot_pdd"):
        response = client.get(reverse(f"front:{name}", args=[demo_plan.slug, earlier]))
        assert response.status_code == 200, name
    rows = tables_of(client.get(reverse("front:commitments", args=[demo_plan.slug, earlier])))
    statuses = {r[6] for r in rows["compromisos-lista"]}
    assert statuses == {"Sin reporte"}
