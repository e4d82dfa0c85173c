"""A plan may separate the review's duties: who validates (or corrects) an item does not approve it, and
who approved a version does not publish it. The actions enforce it, so the web pages, the API and any
other path that calls them obey; without the setting one analyst takes every step."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ssepot.accounts.permissions import keeps_duties_apart
from ssepot.audit.models import AuditEntry
from ssepot.reporting import actions
from ssepot.reporting.models import Assignment, Release
from ssepot.reporting.tests.test_views_review import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def erin(plan: Any) -> Any:
    """A second planning analyst of the plan."""
    from django.contrib.auth import get_user_model

    from ssepot.accounts.models import Membership

    user = get_user_model().objects.create_user(username="erin", password="secreto-de-prueba-1")
    Membership.objects.create(plan=plan, user=user, role="analista")
    return user


@pytest.fixture
def separated(plan: Any) -> Any:
    plan.separate_duties = True
    plan._change_reason = "Dos niveles de aprobación"
    plan.save()
    return plan


def test_without_separation_one_analyst_validates_approves_and_publishes(
    period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    a = actions.validate(submitted(period, catalogue, bob), actor=alice)
    actions.approve(a, actor=alice)
    assert actions.publish(period.plan, 2025, actor=alice).number == 1


def test_with_separation_who_validated_cannot_approve(
    separated: Any, period: Any, catalogue: Any, alice: Any, bob: Any, erin: Any
) -> None:
    a = actions.validate(submitted(period, catalogue, bob), actor=alice)
    with pytest.raises(actions.ActionRefused, match="aprueba una persona distinta de quien validó"):
        actions.approve(a, actor=alice)
    a.refresh_from_db()
    assert a.state == "validado" and not a.approvals.exists()
    assert not AuditEntry.objects.filter(action="aprobar").exists()
    assert len(actions.approve(a, actor=erin)) == 2  # total and comuna 01


def test_with_separation_who_corrected_cannot_approve(
    separated: Any, period: Any, catalogue: Any, alice: Any, bob: Any, erin: Any
) -> None:
    a = actions.validate(submitted(period, catalogue, bob), actor=alice)
    a = actions.correct(a, {"values": {"": "13", "01": "5"}}, "Soporte del SIMM", actor=erin,
                        expected_revision=a.revision)  # fmt: skip
    with pytest.raises(actions.ActionRefused):
        actions.approve(a, actor=erin)
    actions.approve(a, actor=alice)  # alice validated before the correction; erin's correction is what counts


def test_with_separation_who_approved_cannot_publish(
    separated: Any, period: Any, catalogue: Any, alice: Any, bob: Any, erin: Any
) -> None:
    a = actions.validate(submitted(period, catalogue, bob), actor=alice)
    actions.approve(a, actor=erin)
    with pytest.raises(actions.ActionRefused, match="publica una persona distinta de quien aprobó"):
        actions.publish(period.plan, 2025, actor=erin)
    assert not Release.objects.exists()
    assert actions.publish(period.plan, 2025, actor=alice).number == 1


def test_with_separation_the_review_page_refuses_the_validators_approval(
    client: Any, separated: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    a = actions.validate(submitted(period, catalogue, bob), actor=alice)
    client.force_login(alice)
    response = client.post(reverse("reporting:review", args=[a.pk, "aprobar"]), follow=True)
    assert "aprueba una persona distinta de quien validó" in response.text
    assert Assignment.objects.get(pk=a.pk).state == "validado"


def test_with_separation_approve_all_approves_none_of_the_validators_items(
    client: Any, separated: Any, period: Any, catalogue: Any, alice: Any, bob: Any
) -> None:
    a = actions.validate(submitted(period, catalogue, bob), actor=alice)
    client.force_login(alice)
    client.post(reverse("reporting:approve_all", args=[period.pk, a.agency_id]))
    assert Assignment.objects.get(pk=a.pk).state == "validado"


def test_with_separation_the_publish_page_refuses_the_approver(
    client: Any, separated: Any, period: Any, catalogue: Any, alice: Any, bob: Any, erin: Any
) -> None:
    actions.approve(actions.validate(submitted(period, catalogue, bob), actor=alice), actor=erin)
    client.force_login(erin)
    url = reverse("reporting:publish", args=[period.pk])
    token = client.get(url).context["token"]
    response = client.post(url, {"note": "Reporte 2025", "confirmacion": token})
    assert response.status_code == 400 and "publica una persona distinta" in response.text
    assert not Release.objects.exists()


def test_the_rule_binds_superusers_too(separated: Any, alice: Any) -> None:
    alice.is_superuser = True
    assert not keeps_duties_apart(separated, alice, [alice.pk])
    assert keeps_duties_apart(separated, alice, [None, 12345])


def test_the_setting_keeps_its_history_with_who_and_why(separated: Any) -> None:
    latest = separated.history.latest()
    assert latest.separate_duties is True and latest.history_change_reason == "Dos niveles de aprobación"
    assert separated.history.filter(separate_duties=False).exists()


def test_only_the_plans_administrators_switch_the_separation_in_the_admin(
    client: Any, plan: Any, alice: Any
) -> None:
    """An analyst it binds cannot lift it: in the plan's admin page the field is read-only for him."""
    from django.contrib.auth import get_user_model

    from ssepot.accounts.models import Membership
    from ssepot.accounts.permissions import can_change_review_controls, sync_user_groups

    admin_user = get_user_model().objects.create_user(username="fran", password="secreto-de-prueba-1")
    Membership.objects.create(plan=plan, user=admin_user, role="administrador")
    for user in (alice, admin_user):
        sync_user_groups(user)
    assert not can_change_review_controls(alice, plan.pk) and can_change_review_controls(admin_user, plan.pk)
    url = reverse("admin:catalogue_plan_change", args=[plan.pk])
    client.force_login(alice)
    page = client.get(url)
    assert page.status_code == 200 and 'name="separate_duties"' not in page.text
    assert 'name="review_move_threshold"' in page.text
    client.force_login(admin_user)
    assert 'name="separate_duties"' in client.get(url).text
