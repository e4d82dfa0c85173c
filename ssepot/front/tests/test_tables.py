"""The portal's tables: es-CO numbers in HTML, machine-readable numbers and safe cells in the files."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from django.http import Http404
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from openpyxl import load_workbook

from ssepot.front.tables import MONEY, NUMBER, PERCENT, TRAFFIC, YEAR, Column, Link, Table, export_response

PATH = "/planes/medellin/2024/indicadores/"


def make_table() -> Table:
    return Table(
        key="valores",
        caption="Valores publicados",
        columns=[
            Column("year", "Vigencia", YEAR, header=True),
            Column("value", "Valor", NUMBER, places=1),
            Column("compliance", "Cumplimiento", PERCENT, places=1),
            Column("budget", "Presupuesto", MONEY),
            Column("light", "Semáforo", TRAFFIC),
            Column("name", "Nombre"),
        ],
        rows=[
            [2024, Decimal("5733749.46"), Decimal("92.15"), 1200, "verde", '=HYPERLINK("http://x")'],
            [2025, None, None, None, "ND", Link("Indicador 1", "/planes/medellin/indicadores/1/")],
        ],
    )


def download(params: dict[str, str]) -> Any:
    request = RequestFactory().get(PATH, params)
    return export_response(request, [make_table()])


def test_html_numbers_are_es_co_rounded_half_up_and_right_aligned():
    table = make_table()
    html = render_to_string("front/includes/table.html", {"table": table})
    assert '<td class="num">5.733.749,5</td>' in html
    assert '<td class="num">92,2 %</td>' in html
    assert '<td class="num">$ 1.200</td>' in html
    assert '<th scope="row">2024</th>' in html
    assert '<th scope="col" class="num">Valor</th>' in html
    assert "<caption" in html and "Valores publicados" in html
    # the traffic light carries its word, not only a colour
    assert "traffic--verde" in html and "Verde</span>" in html
    assert '<a href="/planes/medellin/indicadores/1/">Indicador 1</a>' in html


def test_html_numbers_follow_english_when_chosen():
    with translation.override("en"):
        html = render_to_string("front/includes/table.html", {"table": make_table()})
    assert "5,733,749.5" in html


def test_download_links_keep_the_filters_but_not_the_page():
    table = make_table()
    export_response(RequestFactory().get(PATH, {"q": "agua", "pagina": "3"}), [table])
    assert table.csv_url == "?q=agua&descargar=valores.csv"
    assert table.xlsx_url == "?q=agua&descargar=valores.xlsx"


def test_no_download_asked_gives_none():
    assert download({"q": "agua"}) is None


def test_csv_holds_every_row_with_plain_numbers_and_neutralised_formulas():
    table = make_table()
    table.paginate(1, per_page=1)
    response: Any = export_response(RequestFactory().get(PATH, {"descargar": "valores.csv"}), [table])
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="medellin-2024-indicadores-valores.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Vigencia", "Valor", "Cumplimiento", "Presupuesto", "Semáforo", "Nombre"]
    assert rows[1] == ["2024", "5733749.46", "92.15", "1200", "Verde", '\'=HYPERLINK("http://x")']
    assert rows[2] == ["2025", "", "", "", "No disponible", "Indicador 1"]


def test_xlsx_keeps_numbers_as_numbers_and_formulas_as_text():
    response = download({"descargar": "valores.xlsx"})
    sheet: Any = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][1] == pytest.approx(5733749.46)
    assert values[1][5] == '=HYPERLINK("http://x")'
    cell = sheet.cell(row=2, column=6)
    assert cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize("asked", ["otra.csv", "valores.pdf", "../valores.csv", ""])
def test_unknown_download_is_a_404_naming_what_exists(asked):
    with pytest.raises(Http404, match=r"valores\.csv"):
        download({"descargar": asked})


def test_a_row_with_the_wrong_width_is_refused():
    with pytest.raises(ValueError, match="columns"):
        Table(key="t", caption="t", columns=[Column("a", "A")], rows=[[1, 2]])


def test_pagination_shows_one_page_and_links_the_next():
    table = Table(key="t", caption="T", columns=[Column("a", "A", NUMBER)], rows=[[i] for i in range(60)])
    export_response(RequestFactory().get(PATH, {"q": "x"}), [table])
    table.paginate("2", per_page=25)
    assert len(table.html_rows) == 25 and table.html_rows[0][0].text == "25"
    assert table.previous_url == "?q=x&pagina=1" and table.next_url == "?q=x&pagina=3"
