"""A report pinned to a release: after a 2024 value is corrected and published again, rebuilding the 2024
report from the old release gives the same figures and lists the correction; the latest release shows it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from ssepot.accounts.models import Membership
from ssepot.commitments.models import Commitment, CommitmentStatus
from ssepot.report.builder import collect
from ssepot.report.render import render_html
from ssepot.reporting import actions
from ssepot.reporting.models import Assignment, Release

pytestmark = pytest.mark.django_db


def values(report: Any) -> dict[str, Any]:
    return {key: (f.value, f.status) for key, f in report.figures.items()}


def correct_2024_commitment(plan: Any) -> tuple[Commitment, str]:
    """The Secretaría de Movilidad reports a 2024 commitment in progress as before; the analyst corrects it
    to done, approves and publishes release 2024-2."""
    users = get_user_model().objects
    analyst, reporter = users.get(username="analista"), users.get(username="movilidad")
    agency = Membership.objects.get(plan=plan, user=reporter).agency
    status = (
        CommitmentStatus.objects.filter(plan=plan, year=2024, status="en_proceso", commitment__agency=agency)
        .published()
        .select_related("commitment")
        .order_by("commitment__code")
        .first()
    )
    assert status is not None, "the demo has a 2024 commitment in progress reported by Movilidad"
    period = actions.open_period(plan, 2024, dt.date(2024, 12, 31), dt.date(2025, 2, 15), actor=analyst)
    a = Assignment.objects.get(period=period, commitment=status.commitment)
    same = {"status": "en_proceso", "progress": str(status.progress)}
    a = actions.save_draft(a, same, actor=reporter, expected_revision=a.revision)
    a = actions.submit(a, actor=reporter, expected_revision=a.revision)
    reason = "La dependencia entregó el acta de cumplimiento después del corte"
    a = actions.correct(
        a, {"status": "cumplido", "progress": "100"}, reason, actor=analyst, expected_revision=a.revision
    )
    assert actions.approve(a, actor=analyst), "the correction wrote a new version"
    actions.publish(plan, 2024, actor=analyst, note="Corrección 2024")
    return status.commitment, reason


def test_rebuilding_2024_from_its_release_gives_the_same_figures_and_lists_the_correction(
    demo_plan: Any,
) -> None:
    first = Release.objects.get(plan=demo_plan, year=2024, number=1)
    before = collect(demo_plan, 2024)
    assert before.release == first and before.corrections == []

    commitment, reason = correct_2024_commitment(demo_plan)

    pinned = collect(demo_plan, 2024, release=1)
    assert values(pinned) == values(before)
    [correction] = pinned.corrections
    assert commitment.code in correction.what and correction.why == reason
    assert correction.release == "2024-2"
    html = render_html(pinned)
    assert 'id="correcciones"' in html and reason in html and "Publicación de los datos: 2024-1" in html

    latest = collect(demo_plan, 2024)
    assert latest.release.number == 2 and latest.corrections == []
    entry = render_html(latest)
    entry = entry[entry.index('id="cifra-compromisos-cumplido"') :]
    assert (
        "1 dato reportado por movilidad, aprobado por analista, publicado en 2024-2"
        in entry[: entry.index("</article>")]
    )

    def count(report: Any, key: str) -> int:
        return int(report.figures[key].value or 0)

    assert count(latest, "compromisos.cumplido") == count(before, "compromisos.cumplido") + 1
    assert count(latest, "compromisos.en_proceso") == count(before, "compromisos.en_proceso") - 1
