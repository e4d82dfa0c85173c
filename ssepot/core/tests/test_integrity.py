"""Integrity checks: each kind of problem found, and nothing reported when the records are sound."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from ssepot.core.integrity import (
    IntegrityInput,
    Problem,
    TargetSchedule,
    WeightGroup,
    check_all,
    commitments_without_indicators,
    indicators_without_data,
    missing_targets,
    projects_linked_to_nothing,
    weights_not_summing,
)


def kinds(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.kind, p.ref) for p in problems]


def test_a_commitment_no_indicator_measures_is_reported() -> None:
    problems = commitments_without_indicators(
        ["commitment:1", "commitment:2"], [("commitment:1", "indicator:7")]
    )
    assert kinds(problems) == [("compromiso_sin_indicador", "commitment:2")]
    assert "commitment:2" in problems[0].message


def test_an_indicator_without_data_in_the_last_two_years_is_reported() -> None:
    data = {"indicator:1": [2024], "indicator:2": [2022, 2023], "indicator:3": []}
    problems = indicators_without_data(
        data, ["indicator:1", "indicator:2", "indicator:3", "indicator:4"], 2025
    )
    assert kinds(problems) == [
        ("indicador_sin_datos", "indicator:2"),
        ("indicador_sin_datos", "indicator:3"),
        ("indicador_sin_datos", "indicator:4"),
    ]
    assert "2024-2025" in problems[0].message


def test_the_number_of_periods_without_data_is_configurable() -> None:
    data = {"indicator:2": [2023]}
    assert indicators_without_data(data, ["indicator:2"], 2025, periods=3) == []
    assert len(indicators_without_data(data, ["indicator:2"], 2025, periods=2)) == 1
    with pytest.raises(ValueError):
        indicators_without_data(data, ["indicator:2"], 2025, periods=0)


def test_a_project_linked_to_nothing_is_reported() -> None:
    problems = projects_linked_to_nothing(
        ["project:1", "project:2", "project:3"],
        [("project:1", "indicator:1")],
        [("project:2", "commitment:1")],
    )
    assert kinds(problems) == [("proyecto_sin_vinculo", "project:3")]


def test_weights_summing_to_one_or_to_a_hundred_are_sound() -> None:
    groups = [
        WeightGroup("programa:1", (("indicator:1", D("0.25")), ("indicator:2", D("0.75")))),
        WeightGroup("programa:2", (("indicator:3", D(40)), ("indicator:4", D(60)))),
        WeightGroup("programa:3", (("indicator:5", D("0.3333")), ("indicator:6", D("0.6666")))),
        WeightGroup("programa:4", (("indicator:7", None), ("indicator:8", None))),
    ]
    assert weights_not_summing(groups) == []


def test_weights_summing_to_neither_one_nor_a_hundred_are_reported() -> None:
    groups = [
        WeightGroup("programa:1", (("indicator:1", D("0.5")), ("indicator:2", D("0.48")))),
        WeightGroup("programa:2", (("indicator:3", D(40)), ("indicator:4", D("59.8")))),
    ]
    problems = weights_not_summing(groups)
    assert kinds(problems) == [("pesos_no_suman", "programa:1"), ("pesos_no_suman", "programa:2")]
    assert "0,98" in problems[0].message


def test_a_missing_weight_among_weighted_siblings_is_reported() -> None:
    groups = [WeightGroup("programa:1", (("indicator:1", D(1)), ("indicator:2", None)))]
    assert kinds(weights_not_summing(groups)) == [("peso_ausente", "indicator:2")]


def test_a_programmed_year_without_target_is_reported_once_per_year() -> None:
    schedules = [
        TargetSchedule("indicator:1", 2024, 2027, frozenset({2024, 2027})),
        TargetSchedule("indicator:2", 2024, 2027, frozenset({2024, 2025, 2026, 2027})),
    ]
    problems = missing_targets(schedules)
    assert kinds(problems) == [("meta_faltante", "indicator:1"), ("meta_faltante", "indicator:1")]
    assert ["2025" in problems[0].message, "2026" in problems[1].message] == [True, True]


def test_check_all_runs_every_check_on_one_input() -> None:
    data = IntegrityInput(
        commitments=("commitment:1",),
        indicators=("indicator:1",),
        projects=("project:1",),
        data_years={"indicator:1": (2019,)},
        weight_groups=(WeightGroup("plan", (("line:1", D(2)),)),),
        schedules=(TargetSchedule("indicator:1", 2024, 2024),),
    )
    assert [p.kind for p in check_all(data, 2025)] == [
        "compromiso_sin_indicador",
        "indicador_sin_datos",
        "proyecto_sin_vinculo",
        "pesos_no_suman",
        "meta_faltante",
    ]


def test_sound_records_have_no_problems() -> None:
    data = IntegrityInput(
        commitments=("commitment:1",),
        indicators=("indicator:1",),
        projects=("project:1",),
        commitment_indicator_links=(("commitment:1", "indicator:1"),),
        project_indicator_links=(("project:1", "indicator:1"),),
        data_years={"indicator:1": (2025,)},
        weight_groups=(WeightGroup("plan", (("line:1", D(1)),)),),
        schedules=(TargetSchedule("indicator:1", 2024, 2025, frozenset({2024, 2025})),),
    )
    assert check_all(data, 2025) == []
