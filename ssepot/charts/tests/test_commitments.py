"""The commitments' charts: statuses stacked in a fixed order and colour, clickable groups, es-CO text."""

from __future__ import annotations

import re

from django.utils import translation

from ssepot.charts.base import STATUS_COLOURS, to_svg
from ssepot.charts.commitments import compliance_history, status_by_group, status_history

LABELS = {
    "cumplido": "Cumplido",
    "en_proceso": "En proceso",
    "sin_reporte": "Sin reporte",
    "no_aplica": "No aplica",
}


def rows(groups: dict[str, dict[str, int]]) -> list[dict]:
    return [
        {"grupo": name, "codigo": name[:3].upper(), "estado": LABELS[s], "estado_codigo": s, "compromisos": n}
        for name, counts in groups.items()
        for s, n in counts.items()
    ]


def test_statuses_keep_their_colours_and_order_whatever_the_rows_order():
    data = rows({"Movilidad": {"sin_reporte": 1, "cumplido": 1200, "en_proceso": 3}})
    spec = status_by_group(data, key="k", title="Estado", group_title="Subsistema", param="subsistema")
    scale = spec["encoding"]["color"]["scale"]
    assert scale["domain"] == ["Cumplido", "En proceso", "Sin reporte"]
    assert scale["range"][:2] == [STATUS_COLOURS["cumplido"], STATUS_COLOURS["en_proceso"]]
    assert [r["orden"] for r in spec["data"]["values"]] == [2, 0, 1]


def test_a_bar_filters_the_page_by_the_groups_code():
    spec = status_by_group(
        rows({"Movilidad": {"cumplido": 2}}), key="k", title="T", group_title="G", param="subsistema"
    )
    assert spec["usermeta"]["click"] == {"param": "subsistema", "field": "codigo"}
    assert spec["data"]["values"][0]["codigo"] == "MOV"
    assert (
        "click"
        not in status_by_group(rows({"A": {"cumplido": 1}}), key="k", title="T", group_title="G")["usermeta"]
    )


def test_the_text_alternative_gives_the_numbers_in_es_co_or_points_to_the_table():
    with translation.override("es"):
        few = status_by_group(
            rows({"Movilidad": {"cumplido": 1200, "en_proceso": 3}}), key="k", title="T", group_title="G"
        )
        assert "Movilidad: 1.200 cumplido, 3 en proceso" in few["description"]
        many = status_by_group(
            rows({f"Grupo {n}": {"cumplido": n + 1} for n in range(9)}), key="k", title="T", group_title="G"
        )
        assert "9 grupos" in many["description"] and "Grupo 8" in many["description"]


def test_the_history_draws_as_svg_for_the_report_with_colombian_numbers():
    data = [
        {"vigencia": y, "estado": LABELS[s], "estado_codigo": s, "compromisos": n}
        for y in (2017, 2018)
        for s, n in (("cumplido", 1500), ("en_proceso", 20))
    ]
    svg = to_svg(status_history(data, width=400), "es")
    assert svg.startswith("<svg") and "2017-2018" in svg
    assert re.search(r">1\.200<", svg)  # the axis ticks in es-CO


def test_compliance_history_leaves_out_years_without_a_value():
    with translation.override("es"):
        spec = compliance_history(
            [{"vigencia": 2017, "cumplimiento": 92.15}, {"vigencia": 2018, "cumplimiento": None}]
        )
    assert [r["vigencia"] for r in spec["data"]["values"]] == [2017]
    assert "2017: 92,2\u00a0%" in spec["description"]
