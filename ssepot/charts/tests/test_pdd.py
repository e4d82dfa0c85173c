"""The POT-PDD charts: classes with the traffic colours and their words, budget against execution."""

from __future__ import annotations

from django.utils import translation

from ssepot.charts.base import TRAFFIC, to_svg
from ssepot.charts.pdd import MEASURE_COLOURS, budget_vs_executed, classes, progress


def money_rows() -> list[dict]:
    return [
        {"grupo": g, "codigo": c, "medida": m.capitalize(), "medida_codigo": m, "millones": v}
        for g, c, values in (
            ("Movilidad", "MOV", (1820604, 1632138)),
            ("Equipamientos", "EQU", (1499564, 1354624)),
        )
        for m, v in zip(("presupuesto", "ejecutado"), values, strict=True)
    ]


def test_classes_use_the_traffic_colours_with_the_word_on_the_axis():
    spec = classes(
        [
            {"clase": "Avance alto", "clase_codigo": "alto", "indicadores": 107, "porcentaje": 71.81},
            {"clase": "Avance bajo", "clase_codigo": "bajo", "indicadores": 24, "porcentaje": 16.11},
        ]
    )
    scale = spec["encoding"]["color"]["scale"]
    assert scale["domain"] == ["Avance alto", "Avance bajo"]
    assert scale["range"] == [TRAFFIC["verde"], TRAFFIC["rojo"]]
    assert spec["encoding"]["y"]["field"] == "clase"  # the word, not only the colour


def test_budget_against_execution_is_clickable_by_subsystem_and_drawn_in_es_co():
    spec = budget_vs_executed(
        money_rows(), key="dinero", title="Dinero", group_title="Subsistema", param="subsistema", width=400
    )
    assert spec["usermeta"]["click"] == {"param": "subsistema", "field": "codigo"}
    assert spec["encoding"]["color"]["scale"]["range"] == [
        MEASURE_COLOURS["presupuesto"],
        MEASURE_COLOURS["ejecutado"],
    ]
    assert "yOffset" in spec["encoding"]
    with translation.override("es"):
        described = budget_vs_executed(money_rows(), key="d", title="Dinero", group_title="G")["description"]
    assert "Movilidad: presupuesto 1.820.604, ejecutado 1.632.138" in described
    svg = to_svg(spec, "es")
    assert "1.500.000" in svg or "1.000.000" in svg


def test_years_go_along_the_x_axis():
    spec = budget_vs_executed(money_rows(), key="d", title="T", group_title="Vigencia", vertical=True)
    assert spec["encoding"]["x"]["field"] == "grupo" and "xOffset" in spec["encoding"]


def test_progress_leaves_out_missing_values_and_describes_the_shown_text():
    spec = progress(
        [
            {"medida": "Avance físico", "valor": 57.0, "texto": "57,0 %"},
            {"medida": "Aporte del POT", "valor": None, "texto": "ND"},
        ]
    )
    assert [r["medida"] for r in spec["data"]["values"]] == ["Avance físico"]
    assert "Avance físico: 57,0 %" in spec["description"]
