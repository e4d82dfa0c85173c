"""Money rules: integer pesos, execution % and shares, by year and by group."""

from __future__ import annotations

from decimal import Decimal as D

from ssepot.core.figures import Figure
from ssepot.core.money import MoneyRecord, millions, money_by_group, money_totals, share_figure

M = 1_000_000

RECORDS = [
    MoneyRecord("project:1", "Ciclorrutas", 2024, 400 * M, 380 * M, {"subsistema": "Movilidad"}),
    MoneyRecord("project:1", "Ciclorrutas", 2025, 600 * M, 510 * M, {"subsistema": "Movilidad"}),
    MoneyRecord("project:2", "Colegios", 2025, 1000 * M, 250 * M, {"subsistema": "Equipamientos"}),
    MoneyRecord("project:3", "Sin grupo", 2026, 7 * M, 0),
]


def by_key(figures: list[Figure]) -> dict[str, Figure]:
    return {f.key: f for f in figures}


def test_totals_sum_budget_and_executed_in_integer_pesos() -> None:
    f = by_key(money_totals(RECORDS, {2024, 2025}, "programa", "el programa de ejecución"))
    assert f["programa.presupuesto"].value == 2000 * M
    assert f["programa.ejecutado"].value == 1140 * M
    assert isinstance(f["programa.presupuesto"].value, int)
    assert f["programa.presupuesto"].unit == "COP"
    assert "2.000 millones de COP" in f["programa.presupuesto"].formula
    assert "2024-2025" in f["programa.presupuesto"].formula


def test_execution_is_executed_over_budget() -> None:
    f = by_key(money_totals(RECORDS[:2], None, "movilidad", "movilidad"))
    assert f["movilidad.ejecucion_pct"].value == D(89)
    assert "890 millones / 1.000 millones × 100 = 89,00 %" in f["movilidad.ejecucion_pct"].formula


def test_budget_and_executed_can_use_different_years() -> None:
    f = by_key(money_totals(RECORDS, None, "k", "x", budget_years={2024, 2025, 2026}, executed_years={2024}))
    assert f["k.presupuesto"].value == 2007 * M
    assert f["k.ejecutado"].value == 380 * M


def test_a_zero_budget_leaves_execution_not_available() -> None:
    f = by_key(money_totals(RECORDS, {2030}, "k", "x"))
    assert f["k.presupuesto"].value == 0
    assert (f["k.ejecucion_pct"].value, f["k.ejecucion_pct"].status) == (None, "ND")


def test_every_record_is_an_input_with_its_reference() -> None:
    f = by_key(money_totals(RECORDS, {2025}, "k", "x"))
    assert [i.ref for i in f["k.presupuesto"].inputs] == ["project:1", "project:2"]
    assert [i.value for i in f["k.ejecutado"].inputs] == [510 * M, 250 * M]


def test_groups_are_keyed_by_slug_and_ungrouped_records_are_unassigned() -> None:
    f = by_key(money_by_group(RECORDS, "subsistema", "inversion.subsistema"))
    assert f["inversion.subsistema.movilidad.ejecutado"].value == 890 * M
    assert f["inversion.subsistema.equipamientos.ejecucion_pct"].value == D(25)
    assert f["inversion.subsistema.sin_asignar.presupuesto"].value == 7 * M


def test_group_totals_honour_the_year_options() -> None:
    f = by_key(money_by_group(RECORDS, "subsistema", "g", {2024}))
    assert f["g.movilidad.presupuesto"].value == 400 * M
    assert f["g.equipamientos.presupuesto"].value == 0


def test_a_share_has_both_figures_as_inputs_and_shows_millions() -> None:
    totals = by_key(money_totals(RECORDS, {2024, 2025}, "programa", "programa"))
    mobility = by_key(money_by_group(RECORDS, "subsistema", "g", {2024, 2025}))["g.movilidad.ejecutado"]
    f = share_figure(mobility, totals["programa.presupuesto"], "g.movilidad.participacion", "Movilidad")
    assert f.value == D("44.5")
    assert [i.ref for i in f.inputs] == ["g.movilidad.ejecutado", "programa.presupuesto"]
    assert "890 millones / 2.000 millones × 100 = 44,50 %" in f.formula


def test_a_share_of_nothing_is_not_available() -> None:
    zero = by_key(money_totals(RECORDS, {2030}, "z", "z"))["z.presupuesto"]
    part = by_key(money_totals(RECORDS, {2024}, "p", "p"))["p.presupuesto"]
    f = share_figure(part, zero, "k", "k")
    assert (f.value, f.status) == (None, "ND")


def test_the_seeds_mobility_and_facilities_shares_do_not_come_from_the_execution_program() -> None:
    """1,632,138 and 1,354,624 of 5,733,749 are 28.5 % and 23.6 %, not the seed's 34.4 % and 32.7 %."""
    program = MoneyRecord("x", "programa", 2025, 5_733_749 * M, 5_110_504 * M)
    whole = by_key(money_totals([program], None, "p", "p"))
    mobility = MoneyRecord("m", "movilidad", 2025, 0, 1_632_138 * M)
    facilities = MoneyRecord("e", "equipamientos", 2025, 0, 1_354_624 * M)
    m = by_key(money_totals([mobility], None, "m", "m"))["m.ejecutado"]
    e = by_key(money_totals([facilities], None, "e", "e"))["e.ejecutado"]
    assert share_figure(m, whole["p.presupuesto"], "k", "k").rounded(1) == D("28.5")
    assert share_figure(e, whole["p.presupuesto"], "k", "k").rounded(1) == D("23.6")
    assert whole["p.ejecucion_pct"].rounded(0) == D(89)


def test_millions_are_written_the_colombian_way() -> None:
    assert millions(5_733_749 * M) == "5.733.749 millones"
    assert millions(1_500_000, 1) == "1,5 millones"
    assert millions(None) == "ND"
