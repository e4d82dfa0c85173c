"""The indicator charts: plain data in, a Vega-Lite spec with its text alternative out."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ssepot.charts.base import TRAFFIC, to_svg
from ssepot.charts.indicators import indicator_history, traffic_distribution
from ssepot.charts.subsystems import subsystem_progress

LABELS = {"verde": "Verde", "amarillo": "Amarillo", "rojo": "Rojo", "gris": "Sin meta"}


def test_traffic_distribution_counts_colours_and_click():
    spec = traffic_distribution({"rojo": 2, "verde": 30, "gris": 0, "amarillo": 5}, LABELS, key="semaforos")
    rows = spec["data"]["values"]
    assert [r["semaforo"] for r in rows] == [
        "verde",
        "amarillo",
        "rojo",
    ]  # reader's order, empty lights left out
    assert [r["indicadores"] for r in rows] == [30, 5, 2]
    scale = spec["encoding"]["color"]["scale"]
    assert scale["range"] == [TRAFFIC["verde"], TRAFFIC["amarillo"], TRAFFIC["rojo"]]
    assert spec["usermeta"] == {"key": "semaforos", "click": {"param": "semaforo", "field": "semaforo"}}
    # the words travel with the colours, in the text alternative too
    assert (
        spec["description"] == "Distribución de 37 indicadores por semáforo: Verde: 30; Amarillo: 5; Rojo: 2."
    )


def test_indicator_history_layers_values_targets_and_baseline():
    rows: list[dict[str, Any]] = [
        {"year": 2023, "value": Decimal("44487.5"), "target": Decimal("42566")},
        {"year": 2024, "value": None, "target": Decimal("48610")},
        {"year": 2025, "value": Decimal("45129"), "target": None},
    ]
    spec = indicator_history(rows, key="historia", name="Área", unit="m²", baseline=Decimal("40000"))
    marks = [layer.get("mark", {}).get("type") for layer in spec["layer"]]
    assert marks[:2] == ["line", "tick"]
    assert [m["mark"]["type"] for m in spec["layer"][2]["layer"]] == ["rule", "text"]
    values = {(d["serie"], d["vigencia"]): d["valor"] for d in spec["data"]["values"]}
    assert values == {
        ("Valor publicado", "2023"): 44487.5,
        ("Meta", "2023"): 42566.0,
        ("Meta", "2024"): 48610.0,
        ("Valor publicado", "2025"): 45129.0,
    }
    assert all(isinstance(v, float) for v in values.values())  # JSON numbers, not Decimal strings
    assert (
        "Línea base: 40.000" in spec["description"]
        and "2023: valor 44.487,5, meta 42.566" in spec["description"]
    )


def test_subsystem_progress_groups_two_measures_and_skips_missing_ones():
    spec = subsystem_progress(
        [
            {"code": "MOV", "name": "Movilidad", "system": "SFE", "compliance": Decimal("90.35"),
             "execution": Decimal("89.6")},
            {"code": "EQU", "name": "Equipamientos", "system": "SFE", "compliance": None, "execution": 70},
        ],
        key="subsistemas",
    )  # fmt: skip
    assert [(d["codigo"], d["porcentaje"]) for d in spec["data"]["values"]] == [
        ("MOV", 90.35),
        ("MOV", 89.6),
        ("EQU", 70.0),
    ]
    assert "Equipamientos: compromisos ND, ejecución 70,0 %" in spec["description"]
    assert spec["usermeta"]["click"] == {"param": "subsistema", "field": "codigo"}


def test_the_report_can_draw_these_specs_as_svg():
    spec = traffic_distribution({"verde": 3, "rojo": 1}, LABELS, key="semaforos")
    svg = to_svg(spec)
    assert svg.startswith("<svg") and 'aria-label="Distribución de 4 indicadores' in svg


def test_a_series_without_targets_draws_no_empty_layer():
    spec = indicator_history(
        [{"year": 2024, "value": Decimal(1), "target": None}], key="h", name="n", unit="u"
    )
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line"]
