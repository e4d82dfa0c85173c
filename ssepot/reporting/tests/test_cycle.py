"""The whole reporting cycle through the action functions: open, report, review, approve, publish, correct."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from ssepot.audit.models import AuditEntry
from ssepot.indicators.models import IndicatorValue
from ssepot.reporting import actions, releases
from ssepot.reporting.access import assignments_for_user
from ssepot.reporting.models import Approval, Assignment, Release

pytestmark = pytest.mark.django_db


def item(period: Any, **kind: Any) -> Assignment:
    return Assignment.objects.get(period=period, **kind)


def report_indicator(a: Assignment, user: Any, values: dict[str, str], observation: str = "") -> Assignment:
    a = actions.save_draft(a, {"values": values, "observation": observation}, actor=user,
                           expected_revision=a.revision)  # fmt: skip
    return actions.submit(a, actor=user, expected_revision=a.revision)


def test_opening_a_period_assigns_each_agency_its_items_once(period: Any, catalogue: Any, alice: Any) -> None:
    assert period.status == "abierto"
    assert Assignment.objects.filter(period=period).count() == 4
    assert item(period, indicator=catalogue["edu_indicator"]).agency.code == "EDU"
    again = actions.open_period(period.plan, 2025, period.cutoff_date, period.deadline, actor=alice)
    assert again.pk == period.pk and Assignment.objects.filter(period=period).count() == 4


def test_only_an_analyst_opens_a_period(plan: Any, catalogue: Any, bob: Any) -> None:
    import datetime as dt

    with pytest.raises(actions.ActionRefused, match="analista"):
        actions.open_period(plan, 2025, dt.date(2025, 12, 31), dt.date(2026, 2, 1), actor=bob)


def test_a_reporter_sees_only_his_agency_and_cannot_touch_another(period: Any, catalogue: Any, bob: Any,
                                                                  charlie: Any) -> None:  # fmt: skip
    assert {a.agency.code for a in assignments_for_user(bob)} == {"SM"}
    assert {a.agency.code for a in assignments_for_user(charlie)} == {"EDU"}
    theirs = item(period, indicator=catalogue["indicator"])
    with pytest.raises(actions.ActionRefused, match="dependencia responsable"):
        actions.save_draft(theirs, {"values": {"": "5"}}, actor=charlie, expected_revision=theirs.revision)
    with pytest.raises(actions.ActionRefused):
        actions.submit(theirs, actor=charlie, expected_revision=theirs.revision)
    with pytest.raises(actions.ActionRefused):
        actions.answer(theirs, "respuesta", actor=charlie)
    theirs.refresh_from_db()
    assert theirs.draft == {} and theirs.state == "borrador"


def test_a_reader_and_a_reporter_cannot_review(period: Any, catalogue: Any, bob: Any, dana: Any) -> None:
    a = report_indicator(item(period, indicator=catalogue["indicator"]), bob, {"": "12"})
    for user in (bob, dana):
        with pytest.raises(actions.ActionRefused, match="analista"):
            actions.validate(a, actor=user)
    assert assignments_for_user(dana).count() == 0


def test_the_second_of_two_simultaneous_saves_is_told_and_nothing_is_lost(period: Any, catalogue: Any,
                                                                          bob: Any) -> None:  # fmt: skip
    a = item(period, indicator=catalogue["indicator"])
    opened_by_both = a.revision
    actions.save_draft(a, {"values": {"": "10"}}, actor=bob, expected_revision=opened_by_both)
    with pytest.raises(actions.StaleRevision, match="Otra persona"):
        actions.save_draft(a, {"values": {"": "99"}}, actor=bob, expected_revision=opened_by_both)
    a.refresh_from_db()
    assert a.draft == {"values": {"": "10"}}


def test_submitting_text_in_a_number_names_the_field(period: Any, catalogue: Any, bob: Any) -> None:
    a = item(period, indicator=catalogue["indicator"])
    a = actions.save_draft(a, {"values": {"": "doce", "01": "=SUM(A1)"}}, actor=bob, expected_revision=0)
    with pytest.raises(actions.ActionRefused) as refused:
        actions.submit(a, actor=bob, expected_revision=a.revision)
    fields = {p.field: p.message for p in refused.value.problems}
    assert "doce" in fields["values."] and "fórmula" in fields["values.01"]
    a.refresh_from_db()
    assert a.state == "borrador"


def test_return_answer_resubmit_validate_approve_publish(period: Any, catalogue: Any, bob: Any,
                                                         alice: Any) -> None:  # fmt: skip
    a = report_indicator(
        item(period, indicator=catalogue["indicator"]), bob, {"": "12,5", "01": "5", "02": "7,5"}
    )
    a = actions.return_to_agency(a, "La suma por comunas no coincide con la fuente", actor=alice)
    assert a.state == "devuelto"
    actions.answer(a, "Revisamos la fuente: el total es 12,5", actor=bob)
    a = report_indicator(a, bob, {"": "12,5", "01": "5", "02": "7,5"}, observation="Fuente: SIMM 2025")
    a = actions.validate(a, actor=alice)
    approvals = actions.approve(a, actor=alice)
    assert len(approvals) == 3
    assert all(x.reported_by == bob and x.approved_by == alice for x in approvals)
    values = IndicatorValue.objects.filter(indicator=catalogue["indicator"], year=2025)
    assert values.current().count() == 3 and values.published().count() == 0  # approved, not yet public
    release = actions.publish(period.plan, 2025, actor=alice, note="Reporte 2025")
    assert (release.year, release.number) == (2025, 1)
    assert values.published().count() == 3
    a.refresh_from_db()
    assert a.state == "publicado"
    assert [e.action for e in a.events.order_by("at", "id")] == [
        "guardar", "enviar", "devolver", "responder", "guardar", "enviar", "validar", "aprobar", "publicar",
    ]  # fmt: skip


def test_a_correction_after_publishing_is_a_new_version_and_release_1_stays_as_it_was(
    period: Any, catalogue: Any, bob: Any, alice: Any
) -> None:
    a = report_indicator(item(period, indicator=catalogue["indicator"]), bob, {"": "12"})
    actions.approve(actions.validate(a, actor=alice), actor=alice)
    actions.publish(period.plan, 2025, actor=alice)
    a.refresh_from_db()
    a = actions.correct(a, {"values": {"": "14"}}, "El SIMM corrigió su cifra en marzo", actor=alice,
                        expected_revision=a.revision)  # fmt: skip
    actions.approve(a, actor=alice)
    total = IndicatorValue.objects.filter(indicator=catalogue["indicator"], year=2025, territorial_unit=None)
    assert total.published().get().value == Decimal(12)  # the correction is not public yet
    second = actions.publish(period.plan, 2025, actor=alice)
    assert second.number == 2
    assert total.published().get().value == Decimal(14)
    assert total.published(release_number=1).get().value == Decimal(12)
    assert total.published(release_number=2).get().value == Decimal(14)
    corrected = total.get(version=2)
    assert corrected.reason == "El SIMM corrigió su cifra en marzo" and corrected.recorded_by == alice
    [change] = releases.release_differences(period.plan, 2025, 1, 2)
    assert change["previous"].value == Decimal(12) and change["record"].value == Decimal(14)
    assert change["kind"] == "cambiado" and change["release"] == second


def test_approving_an_unchanged_value_writes_no_new_version(period: Any, catalogue: Any, bob: Any,
                                                            alice: Any) -> None:  # fmt: skip
    a = item(period, commitment=catalogue["commitment"])
    a = actions.save_draft(a, {"status": "en_proceso", "progress": "40"}, actor=bob, expected_revision=0)
    a = actions.validate(actions.submit(a, actor=bob, expected_revision=a.revision), actor=alice)
    assert len(actions.approve(a, actor=alice)) == 1
    a.refresh_from_db()
    a = actions.correct(a, {"status": "en_proceso", "progress": "40"}, "sin cambio real", actor=alice,
                        expected_revision=a.revision)  # fmt: skip
    assert actions.approve(a, actor=alice) == []


def test_a_project_reports_money_in_whole_pesos(period: Any, catalogue: Any, bob: Any, alice: Any) -> None:
    a = item(period, project=catalogue["project"])
    money = {"budget": "1.200.000.000", "executed": "900000000", "physical_progress": "45,5"}
    a = actions.save_draft(a, money, actor=bob, expected_revision=0)
    a = actions.validate(actions.submit(a, actor=bob, expected_revision=a.revision), actor=alice)
    [approval] = actions.approve(a, actor=alice)
    year = approval.project_year
    assert year is not None
    assert (year.budget, year.executed, year.physical_progress) == (
        1_200_000_000,
        900_000_000,
        Decimal("45.5"),
    )


def test_executed_above_budget_needs_a_justification(period: Any, catalogue: Any, bob: Any) -> None:
    a = item(period, project=catalogue["project"])
    a = actions.save_draft(a, {"budget": "100", "executed": "150"}, actor=bob, expected_revision=0)
    with pytest.raises(actions.ActionRefused, match="justificación"):
        actions.submit(a, actor=bob, expected_revision=a.revision)
    a = actions.save_draft(a, {"budget": "100", "executed": "150", "observation": "Adición presupuestal"},
                           actor=bob, expected_revision=a.revision)  # fmt: skip
    a = actions.submit(a, actor=bob, expected_revision=a.revision)
    assert a.state == "enviado" and a.flagged


def test_every_step_leaves_an_audit_entry(period: Any, catalogue: Any, bob: Any, alice: Any) -> None:
    a = report_indicator(item(period, indicator=catalogue["indicator"]), bob, {"": "3"})
    actions.approve(actions.validate(a, actor=alice), actor=alice)
    actions.publish(period.plan, 2025, actor=alice)
    entries = list(AuditEntry.objects.filter(plan=period.plan).order_by("at", "id"))
    steps = ["abrir periodo", "guardar borrador", "enviar", "validar", "aprobar", "publicar"]
    assert [e.action for e in entries] == steps
    saved = entries[1]
    assert saved.actor == bob and saved.changes["values"] == [None, {"": "3"}]
    assert Release.objects.filter(plan=period.plan).count() == 1
    assert Approval.objects.filter(plan=period.plan, release__isnull=False).count() == 1


def test_the_figures_loaders_read_what_each_view_publishes_without_the_anti_join(
    period: Any, catalogue: Any, bob: Any, alice: Any
) -> None:
    """The loaders read ``published_versions`` (every published version) and keep the highest per key:
    the same value ``published()`` shows, through two releases and a third version not yet published."""
    from ssepot.figures import loaders

    indicator = catalogue["indicator"]
    a = report_indicator(item(period, indicator=indicator), bob, {"": "12"})
    actions.approve(actions.validate(a, actor=alice), actor=alice)
    actions.publish(period.plan, 2025, actor=alice)
    for value, reason in (("14", "El SIMM corrigió su cifra"), ("15", "Segunda corrección")):
        a.refresh_from_db()
        a = actions.correct(a, {"values": {"": value}}, reason, actor=alice, expected_revision=a.revision)
        actions.approve(a, actor=alice)
        if value == "14":
            actions.publish(period.plan, 2025, actor=alice)
    total = IndicatorValue.objects.filter(indicator=indicator, year=2025, territorial_unit=None)
    assert total.published_versions().count() == 2 and total.published().count() == 1
    for view, shown in ((loaders.PUBLISHED, 14), (1, 12), (2, 14), (loaders.WORKING, 15)):
        series = loaders.indicator_series([indicator], view)[indicator.pk]
        assert series.achievements[2025] == Decimal(shown), view
        expected = total.current() if view == loaders.WORKING else loaders.reported(total, view)
        assert expected.get().value == Decimal(shown)
