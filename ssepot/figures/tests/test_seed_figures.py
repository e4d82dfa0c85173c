"""`ssepot figures` on the demo reproduces the 2025 management report's figures, each one explained."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

MILLION = 1_000_000


def figures_json(*extra: str) -> dict[str, Any]:
    out = StringIO()
    call_command("figures", "--plan", "medellin", "--year", "2025", "--format", "json", *extra, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def report(demo_plan: Any, db: Any) -> dict[str, Any]:
    return figures_json()


@pytest.fixture
def report_all(demo_plan: Any, db: Any) -> dict[str, Any]:
    return figures_json("--all")


def value(report: dict[str, Any], key: str) -> Decimal:
    figures = {f["key"]: f for f in report["figures"]}
    assert key in figures, f"missing figure {key}"
    return Decimal(figures[key]["value"])


def rounded(report: dict[str, Any], key: str, places: int) -> Decimal:
    return round(value(report, key), places)


def test_commitment_figures_match_the_report(report: dict[str, Any]) -> None:
    assert value(report, "compromisos.total") == 101
    assert rounded(report, "compromisos.cumplimiento_global", 1) == Decimal("92.1")
    assert value(report, "compromisos.cumplido") == 71
    assert value(report, "compromisos.en_proceso") == 22
    assert rounded(report, "compromisos.horizonte.corto.participacion", 0) == 23
    assert rounded(report, "compromisos.horizonte.plan.participacion", 0) == 77
    assert value(report, "compromisos.horizonte.corto.cumplido") == 14
    assert [
        rounded(report, f"compromisos.horizonte.corto.{s}_pct", 0)
        for s in ("cumplido", "en_proceso", "no_reportado")
    ] == [61, 26, 13]
    assert [
        rounded(report, f"compromisos.horizonte.plan.{s}_pct", 2)
        for s in ("cumplido", "en_proceso", "no_reportado")
    ] == [Decimal("73.08"), Decimal("20.51"), Decimal("6.41")]
    assert [value(report, f"compromisos.horizonte.plan.{s}") for s in ("cumplido", "en_proceso")] == [57, 16]


def test_pot_pdd_figures_match_the_report(report: dict[str, Any]) -> None:
    assert value(report, "pdd.indicadores_vinculados") == 149
    assert value(report, "pdd.programas_vinculados") == 54
    assert value(report, "pdd.proyectos_vinculados") == 171
    assert value(report, "pdd.indicadores_componente_sistemas") == 38
    assert rounded(report, "pdd.aporte_pot", 1) == Decimal("14.9")
    assert rounded(report, "pdd.avance_fisico", 0) == 57
    assert rounded(report, "pdd.avance_agregado_vinculados", 1) == Decimal("52.2")
    assert [value(report, f"pdd.clases.{c}") for c in ("alto", "medio", "bajo")] == [107, 18, 24]
    assert [rounded(report, f"pdd.clases.{c}_pct", 0) for c in ("alto", "medio", "bajo")] == [72, 12, 16]


def test_money_figures_match_the_report(report: dict[str, Any], report_all: dict[str, Any]) -> None:
    assert value(report, "dinero.programa_ejecucion.presupuesto") == 5_733_749 * MILLION
    assert rounded(report, "dinero.participacion_ppi", 2) == Decimal("17.74")
    assert value(report, "dinero.programa_ejecucion.ejecutado") == 5_110_504 * MILLION
    assert rounded(report, "dinero.programa_ejecucion.ejecucion_pct", 0) == 89
    assert value(report, "dinero.subsistema.movilidad.ejecutado") == 1_632_138 * MILLION
    assert value(report, "dinero.subsistema.equipamientos.ejecutado") == 1_354_624 * MILLION
    programs = {f["label"]: f for f in report_all["figures"] if f["key"].startswith("dinero.programa.")}
    executed = {k: Decimal(f["value"]) for k, f in programs.items() if f["key"].endswith(".ejecutado")}
    assert any("Gestión del Plan de Ordenamiento" in k and v == 71_324 * MILLION for k, v in executed.items())
    assert any(
        "Organizaciones sociales y comunales" in k and v == 42_177 * MILLION for k, v in executed.items()
    )


def test_the_report_shares_of_mobility_and_facilities_are_not_reproduced(report: dict[str, Any]) -> None:
    """The report says 34.4 % and 32.7 % of the execution program; neither base gives those."""
    for subsystem, claimed in (("movilidad", Decimal("34.4")), ("equipamientos", Decimal("32.7"))):
        for base in ("participacion_programa", "participacion_ejecutado"):
            assert rounded(report, f"dinero.subsistema.{subsystem}.{base}", 1) != claimed


def test_every_figure_carries_formula_method_and_inputs(
    report: dict[str, Any], report_all: dict[str, Any]
) -> None:
    for f in report_all["figures"]:
        assert f["formula"] and f["method"] and f["unit"], f["key"]
    keys = [f["key"] for f in report_all["figures"]]
    assert len(set(keys)) == len(keys), "duplicated figure keys"
    assert len(report["figures"]) < len(keys)
    assert any(k.startswith("compromisos.historia.2017.") for k in keys)
    compliance = next(f for f in report["figures"] if f["key"] == "compromisos.cumplimiento_global")
    assert len(compliance["inputs"]) == 93
    assert all(i["ref"].startswith("commitment:") for i in compliance["inputs"])


def test_narrative_slips_of_the_report_are_listed(report: dict[str, Any]) -> None:
    found = {d["text"] for d in report["narrative_disagreements"]}
    assert any("12" in t for t in found), found
    assert any("34.4" in t for t in found) and any("32.7" in t for t in found), found
    assert len(found) == 3, report["narrative_disagreements"]


def test_table_format_shows_colombian_numbers_and_the_synthetic_warning(demo_plan: Any, db: Any) -> None:
    out = StringIO()
    call_command("figures", "--plan", "medellin", "--year", "2025", stdout=out)
    text = out.getvalue()
    assert "datos sintéticos" in text
    assert "92,10 %" in text
    assert "5.733.749 millones" in text


def test_unknown_plan_is_a_clear_error(db: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no existe un plan"):
        call_command("figures", "--plan", "nope", "--year", "2025")
