"""Commitment figures computed by hand on small sets."""

from __future__ import annotations

from decimal import Decimal as D

from ssepot.core.commitments import (
    CommitmentRecord,
    breakdown,
    global_compliance,
    history,
    horizon_figures,
    status_figures,
)
from ssepot.core.figures import Figure


def record(i: int, status: str, progress: str | None, horizon: str = "corto", typology: str = "Normativo",
           subsystem: str = "Movilidad") -> CommitmentRecord:  # fmt: skip
    return CommitmentRecord(
        id=i, code=f"C{i:03d}", horizon=horizon, typology=typology, subsystem=subsystem, agency="SM",
        status=status, progress=None if progress is None else D(progress),
    )  # fmt: skip


RECORDS = [
    record(1, "cumplido", "100"),
    record(2, "en_proceso", "40"),
    record(3, "en_proceso", "70.5", horizon="plan", typology="Estudio"),
    record(4, "sin_reporte", None, horizon="plan"),
    record(5, "no_aplica", None, subsystem="Equipamientos"),
]


def by_key(figures: list[Figure]) -> dict[str, Figure]:
    return {f.key: f for f in figures}


def test_global_compliance_is_the_mean_progress_of_the_reported_ones_only() -> None:
    figure = global_compliance(RECORDS)
    assert figure.value == (D(100) + D(40) + D("70.5")) / 3
    assert [i.ref for i in figure.inputs] == ["commitment:1", "commitment:2", "commitment:3"]
    assert "3 compromisos reportados" in figure.formula


def test_global_compliance_of_nothing_reported_is_not_available() -> None:
    assert global_compliance([record(1, "sin_reporte", None)]).value is None


def test_status_shares_count_not_reported_as_no_report_plus_not_applicable() -> None:
    f = by_key(status_figures(RECORDS, "c", "todos"))
    assert f["c.total"].value == 5
    assert (f["c.cumplido"].value, f["c.en_proceso"].value, f["c.no_reportado"].value) == (1, 2, 2)
    assert f["c.en_proceso_pct"].value == D(40)
    assert f["c.no_reportado_pct"].value == D(40)
    assert f["c.no_aplica_pct"].value == D(20)
    assert "2 / 5 × 100" in f["c.en_proceso_pct"].formula


def test_horizon_share_and_status_within_the_horizon() -> None:
    f = by_key(horizon_figures(RECORDS))
    assert f["compromisos.horizonte.corto.participacion"].value == D(60)
    assert f["compromisos.horizonte.plan.total"].value == 2
    assert f["compromisos.horizonte.plan.sin_reporte_pct"].value == D(50)
    assert "corto plazo" in f["compromisos.horizonte.corto.cumplido_pct"].terms


def test_breakdown_by_subsystem_keys_groups_by_slug_and_computes_their_compliance() -> None:
    f = by_key(breakdown(RECORDS, lambda r: r.subsystem, "s"))
    assert f["s.movilidad.total"].value == 4
    assert f["s.equipamientos.no_aplica"].value == 1
    assert f["s.equipamientos.cumplimiento"].value is None
    assert f["s.movilidad.cumplimiento"].value == (D(100) + D(40) + D("70.5")) / 3


def test_history_gives_each_year_its_own_figures() -> None:
    f = by_key(history({2024: RECORDS[:2], 2025: RECORDS}))
    assert f["compromisos.historia.2024.total"].value == 2
    assert f["compromisos.historia.2025.total"].value == 5
    assert f["compromisos.historia.2024.cumplimiento_global"].value == D(70)
