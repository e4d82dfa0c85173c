"""Sistema de indicadores: the battery and the indicator pages show the engine's numbers, published only.

Expected numbers come from ``all_figures`` (computed here, not from the page's cache) or straight from the
published rows in the database, never from the page itself.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from ssepot.core.figures import Figure, fmt_percent
from ssepot.figures.compute import all_figures
from ssepot.figures.forecast import forecast_key
from ssepot.front.tables import Link
from ssepot.indicators.models import Indicator, IndicatorValue
from ssepot.reporting.models import Approval

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def figures(demo_plan: Any) -> dict[str, Figure]:
    return {f.key: f for f in all_figures(demo_plan, YEAR)}


def battery_url(plan: Any, **params: str) -> str:
    url = reverse("front:indicators", args=[plan.slug, YEAR])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def rows_of(response: Any) -> list[list[Any]]:
    return response.context["table"].rows


def codes_of(response: Any) -> list[str]:
    return [row[0] for row in rows_of(response)]


def pot_indicators(plan: Any) -> list[Indicator]:
    return list(Indicator.objects.filter(plan=plan, development_plan__isnull=True).order_by("code"))


# -- the battery ------------------------------------------------------------------------------------------


def test_battery_lists_every_pot_indicator_with_the_engines_figures(
    client: Client, demo_plan: Any, figures: dict[str, Figure]
) -> None:
    response = client.get(battery_url(demo_plan))
    assert response.status_code == 200
    indicators = {i.code: i for i in pot_indicators(demo_plan)}
    rows = rows_of(response)
    assert [r[0] for r in rows] == sorted(indicators)
    for code, name, _subsystem, _agency, value, target, compliance, progress, light, stale in rows:
        pk = indicators[code].pk
        flag = figures[f"{forecast_key(code)}.desactualizado"]
        assert stale == ("Dato desactualizado" if flag.value else "Al día")
        expected_compliance = figures[f"indicador.{pk}.cumplimiento.{YEAR}"]
        expected_progress = figures[f"indicador.{pk}.avance.{YEAR}"]
        assert isinstance(name, Link) and name.url.endswith(f"/indicadores/{code}/?anio={YEAR}")
        assert compliance == expected_compliance.value
        assert progress == expected_progress.value
        assert light == (expected_progress.status or "ND")
        published = IndicatorValue.objects.published().filter(
            indicator_id=pk, year=YEAR, territorial_unit__isnull=True
        )
        assert value == (published.get().value if published.exists() else None)
        programmed = indicators[code].targets.filter(year=YEAR).first()
        assert target == (programmed.value if programmed else None)


def test_battery_html_shows_compliance_in_es_co(
    client: Client, demo_plan: Any, figures: dict[str, Figure]
) -> None:
    item = Indicator.objects.get(plan=demo_plan, code="POT-MOV-03")
    expected = figures[f"indicador.{item.pk}.cumplimiento.{YEAR}"]
    html = client.get(battery_url(demo_plan, q="POT-MOV-03")).text
    # the core's own es-CO formatter, not the page's: 107,1 %
    assert f'<td class="num">{fmt_percent(expected.value, 1).replace(" ", " ")}</td>' in html
    assert "Verde</span>" in html


def test_the_traffic_light_chart_counts_the_engines_lights(
    client: Client, demo_plan: Any, figures: dict[str, Figure]
) -> None:
    response = client.get(battery_url(demo_plan))
    expected = Counter(
        figures[f"indicador.{i.pk}.avance.{YEAR}"].status or "ND" for i in pot_indicators(demo_plan)
    )
    chart = response.context["chart"]
    drawn = {row["semaforo"]: row["indicadores"] for row in chart["data"]["values"]}
    assert drawn == dict(expected)
    assert chart["usermeta"]["click"] == {"param": "semaforo", "field": "semaforo"}


def test_filter_by_traffic_light_keeps_only_that_light(
    client: Client, demo_plan: Any, figures: dict[str, Figure]
) -> None:
    response = client.get(battery_url(demo_plan, semaforo="rojo"))
    reds = sorted(
        i.code
        for i in pot_indicators(demo_plan)
        if figures[f"indicador.{i.pk}.avance.{YEAR}"].status == "rojo"
    )
    assert reds and codes_of(response) == reds
    assert "Semáforo: Rojo" in response.text  # the active filter, with a link that removes it
    # the distribution still shows every light, so another can be chosen
    assert len(response.context["chart"]["data"]["values"]) > 1


def test_search_ignores_case_and_accents(client: Client, demo_plan: Any) -> None:
    codes = codes_of(client.get(battery_url(demo_plan, q="AREA intervenida movilidad")))
    assert codes == ["POT-MOV-03"]


def test_filter_by_subsystem_and_agency(client: Client, demo_plan: Any) -> None:
    movilidad = [i for i in pot_indicators(demo_plan) if i.subsystem and i.subsystem.code == "MOV"]
    assert codes_of(client.get(battery_url(demo_plan, subsistema="MOV"))) == [i.code for i in movilidad]
    agency: Any = movilidad[0].agency
    by_agency = codes_of(client.get(battery_url(demo_plan, dependencia=agency.code)))
    assert by_agency and all(
        agency.pk in (i.agency_id, i.reporting_agency_id)
        for i in pot_indicators(demo_plan)
        if i.code in by_agency
    )


def test_filter_by_territorial_unit_keeps_indicators_measured_there(client: Client, demo_plan: Any) -> None:
    measured = set(
        IndicatorValue.objects.published()
        .filter(plan=demo_plan, territorial_unit__code="14", indicator__development_plan__isnull=True)
        .values_list("indicator__code", flat=True)
    )
    codes = codes_of(client.get(battery_url(demo_plan, unidad="14")))
    assert measured and measured <= set(codes)
    assert len(codes) < len(pot_indicators(demo_plan))


@pytest.mark.parametrize(
    ("param", "value"), [("semaforo", "azul"), ("subsistema", "NO-EXISTE"), ("unidad", "99")]
)
def test_an_unknown_filter_is_a_400_naming_it(client: Client, demo_plan: Any, param: str, value: str) -> None:
    response = client.get(battery_url(demo_plan, **{param: value}))
    assert response.status_code == 400
    assert f"«{param}»" in response.text and value in response.text


def test_battery_paginates_but_downloads_every_row(client: Client, demo_plan: Any) -> None:
    total = len(pot_indicators(demo_plan))
    page2 = client.get(battery_url(demo_plan, pagina="2"))
    assert page2.context["table"].page.number == 2
    assert f"{total} filas" in page2.text
    response = client.get(battery_url(demo_plan, pagina="2", descargar="indicadores.csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == total + 1
    assert rows[0][0] == "Código" and rows[0][-2:] == ["Semáforo", "Actualidad del dato"]


def test_battery_xlsx_keeps_numbers(client: Client, demo_plan: Any, figures: dict[str, Figure]) -> None:
    response = client.get(battery_url(demo_plan, q="POT-MOV-03", descargar="indicadores.xlsx"))
    sheet: Any = load_workbook(io.BytesIO(response.content)).active
    header, row = [[c.value for c in r] for r in sheet.iter_rows()]
    item = Indicator.objects.get(plan=demo_plan, code="POT-MOV-03")
    compliance = figures[f"indicador.{item.pk}.cumplimiento.{YEAR}"].value
    assert row[header.index(f"Cumplimiento {YEAR}")] == pytest.approx(float(compliance or 0))


def test_battery_runs_a_bounded_number_of_queries(
    client: Client, demo_plan: Any, django_assert_max_num_queries: Any
) -> None:
    client.get(battery_url(demo_plan))  # fills the figures' cache
    with django_assert_max_num_queries(12):
        client.get(battery_url(demo_plan, unidad="14", q="area"))


# -- one indicator ----------------------------------------------------------------------------------------


def indicator_url(plan: Any, code: str, **params: str) -> str:
    url = reverse("front:indicator", args=[plan.slug, code])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_indicator_page_shows_the_engines_light_and_figures(
    client: Client, demo_plan: Any, figures: dict[str, Figure]
) -> None:
    item = Indicator.objects.get(plan=demo_plan, code="POT-MOV-03")
    response = client.get(indicator_url(demo_plan, item.code, anio=str(YEAR)))
    assert response.status_code == 200
    progress = figures[f"indicador.{item.pk}.avance.{YEAR}"]
    compliance = figures[f"indicador.{item.pk}.cumplimiento.{YEAR}"]
    html = response.text
    assert f'data-light="{progress.status}"' in html
    assert fmt_percent(progress.value, 1).replace(" ", " ") in html
    assert fmt_percent(compliance.value, 1).replace(" ", " ") in html
    assert progress.formula in html.replace("&#x27;", "'")  # "cómo se calculó" with the real numbers
    # the rule of the light, with this indicator's expectation
    assert "avance esperado en línea recta" in html


def test_indicator_values_table_equals_the_published_rows_and_targets(client: Client, demo_plan: Any) -> None:
    item = Indicator.objects.get(plan=demo_plan, code="POT-MOV-03")
    table = client.get(indicator_url(demo_plan, item.code)).context["values_table"]
    published = {
        v.year: v.value
        for v in IndicatorValue.objects.published().filter(indicator=item, territorial_unit__isnull=True)
    }
    targets = dict(item.targets.values_list("year", "value"))
    assert {row[0]: row[1] for row in table.rows if row[1] is not None} == published
    assert {row[0]: row[2] for row in table.rows if row[2] is not None} == targets
    for _year, value, target, compliance, *_rest in table.rows:
        if value is not None and target:
            assert compliance == value * 100 / target


def test_indicator_page_names_who_reported_and_approved_each_value(
    client: Client, demo_plan: Any, django_user_model: Any
) -> None:
    item = Indicator.objects.get(plan=demo_plan, code="POT-MOV-03")
    value = IndicatorValue.objects.published().get(indicator=item, year=YEAR, territorial_unit__isnull=True)
    reporter = django_user_model.objects.create(username="reporta", first_name="Rosa", last_name="Reporta")
    approver = django_user_model.objects.create(username="aprueba", first_name="Ana", last_name="Aprueba")
    Approval.objects.filter(indicator_value=value).update(reported_by=reporter, approved_by=approver)
    html = client.get(indicator_url(demo_plan, item.code, anio=str(YEAR))).text
    assert "reportó Rosa Reporta; aprobó Ana Aprueba" in html  # "cómo se calculó"
    assert "<td>Rosa Reporta</td><td>Ana Aprueba</td>" in html  # the values table too
    assert "Datos de la vigencia 2025 publicados en la versión 1 del" in html


def test_indicator_technical_sheet_has_every_field(client: Client, demo_plan: Any) -> None:
    item = Indicator.objects.get(plan=demo_plan, code="POT-MOV-03")
    sheet = dict(client.get(indicator_url(demo_plan, item.code)).context["sheet"])
    for field in ("definition", "formula", "unit", "source", "verification_means", "periodicity"):
        label = str(getattr(Indicator._meta.get_field(field), "verbose_name", "")).capitalize()
        assert sheet[label] == getattr(item, field)
    assert item.agency is not None and sheet["Dependencia responsable"] == item.agency.name


def test_the_map_shows_the_published_value_of_every_unit(client: Client, demo_plan: Any) -> None:
    item = Indicator.objects.get(plan=demo_plan, code="ECV-IDH")
    year = max(IndicatorValue.objects.published().filter(indicator=item).values_list("year", flat=True))
    response = client.get(indicator_url(demo_plan, item.code, anio=str(year)))
    spec = response.context["map"]
    drawn = {f["code"]: f["valor"] for f in spec["data"]["values"] if f["valor"] is not None}
    published = {
        v.territorial_unit.code: float(v.value)
        for v in IndicatorValue.objects.published()
        .filter(indicator=item, year=year, territorial_unit__kind__in=["comuna", "corregimiento"])
        .select_related("territorial_unit")
    }
    assert drawn == published and len(drawn) >= 16
    assert all(f["geometry"]["type"] in {"Polygon", "MultiPolygon"} for f in spec["data"]["values"])
    assert spec["mark"]["type"] == "geoshape"
    assert spec["usermeta"]["click"] == {"param": "unidad", "field": "code"}
    # the table beside the map holds the same values
    table = {row[0]: row[2] for row in response.context["units_table"].rows if row[0]}
    assert {k: float(v) for k, v in table.items() if k in published} == published


def test_the_map_is_light_enough(client: Client, demo_plan: Any) -> None:
    response = client.get(indicator_url(demo_plan, "ECV-IDH"))
    # the official boundaries weigh about 6 MB; simplified, the whole page stays small
    assert len(response.content) < 200_000


def test_choosing_a_unit_shows_its_series(client: Client, demo_plan: Any) -> None:
    item = Indicator.objects.get(plan=demo_plan, code="ECV-IDH")
    response = client.get(indicator_url(demo_plan, item.code, unidad="14"))
    rows = response.context["unit_table"].rows
    published = IndicatorValue.objects.published().filter(indicator=item, territorial_unit__code="14")
    assert sorted(r[0] for r in rows) == sorted(published.values_list("year", flat=True))
    assert response.context["map"]["encoding"]["stroke"]["condition"]["test"] == 'datum.code === "14"'


def test_indicator_downloads(client: Client, demo_plan: Any) -> None:
    url = indicator_url(demo_plan, "ECV-IDH", descargar="territorio.csv")
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert rows[0] == ["Código", "Unidad territorial", "Valor"] and len(rows) > 16
    assert client.get(indicator_url(demo_plan, "ECV-IDH", descargar="otra.csv")).status_code == 404


def test_an_unpublished_year_is_a_400(client: Client, demo_plan: Any) -> None:
    response = client.get(indicator_url(demo_plan, "POT-MOV-03", anio="1990"))
    assert response.status_code == 400 and "«anio»" in response.text


def test_the_year_in_the_path_redirects_to_the_indicator_page(client: Client, demo_plan: Any) -> None:
    response = client.get(f"/planes/{demo_plan.slug}/2024/indicadores/POT-MOV-03/")
    assert response.status_code == 302
    assert response["Location"] == indicator_url(demo_plan, "POT-MOV-03", anio="2024")


def test_indicator_page_runs_a_bounded_number_of_queries(
    client: Client, demo_plan: Any, django_assert_max_num_queries: Any
) -> None:
    client.get(indicator_url(demo_plan, "ECV-IDH"))
    with django_assert_max_num_queries(20):
        client.get(indicator_url(demo_plan, "ECV-IDH", unidad="14"))
