"""Each role is a group with its permissions, and a user's groups follow his memberships."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from ssepot.accounts.models import Membership, Role
from ssepot.accounts.permissions import group_name, plans_for_user, sync_role_groups

pytestmark = pytest.mark.django_db


def test_one_group_per_role_exists_after_migrate() -> None:
    names = set(Group.objects.values_list("name", flat=True))
    assert {group_name(role) for role in Role.values} <= names


def test_creating_the_groups_again_changes_nothing() -> None:
    before = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    sync_role_groups()
    after = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    assert before == after


def test_analyst_manages_the_catalogue_but_does_not_change_reported_history(alice) -> None:
    assert alice.has_perm("commitments.change_commitment")
    assert alice.has_perm("catalogue.delete_subsystem")
    assert alice.has_perm("commitments.add_commitmentstatus")
    assert not alice.has_perm("commitments.change_commitmentstatus")
    assert not alice.has_perm("catalogue.add_plan")


def test_reporter_views_the_catalogue_and_adds_reported_data(bob) -> None:
    assert bob.has_perm("commitments.view_commitment")
    assert not bob.has_perm("commitments.change_commitment")
    assert bob.has_perm("indicators.add_indicatorvalue")
    assert bob.has_perm("projects.add_projectyear")


def test_reader_only_views(dana) -> None:
    assert dana.has_perm("indicators.view_indicator")
    assert not any(
        p.split(".")[1].startswith(("add_", "change_", "delete_")) for p in dana.get_all_permissions()
    )


def test_a_membership_makes_the_user_staff_with_the_role_group(dana) -> None:
    dana.refresh_from_db()
    assert dana.is_staff
    assert list(dana.groups.values_list("name", flat=True)) == [group_name(Role.READER)]


def test_groups_follow_membership_changes(plan, dana) -> None:
    membership = Membership.objects.get(user=dana)
    membership.role = Role.ANALYST
    membership.save()
    assert list(dana.groups.values_list("name", flat=True)) == [group_name(Role.ANALYST)]
    membership.delete()
    assert not dana.groups.exists()


def test_groups_not_tied_to_a_role_are_kept(plan, dana) -> None:
    editors = Group.objects.create(name="editores del boletín")
    dana.groups.add(editors)
    Membership.objects.get(user=dana).delete()
    assert list(dana.groups.all()) == [editors]


def test_plans_for_user_depend_on_membership_and_role(plan, other_plan, alice, dana) -> None:
    from ssepot.catalogue.models import Plan

    assert list(plans_for_user(alice)) == [plan]
    assert list(plans_for_user(dana)) == [plan]
    assert not plans_for_user(dana, "commitments.change_commitment").exists()
    assert list(plans_for_user(alice, "commitments.change_commitment")) == [plan]
    Membership.objects.create(plan=Plan.objects.get(slug="pot-envigado"), user=dana, role=Role.ANALYST)
    assert list(plans_for_user(dana, "commitments.change_commitment").values_list("slug", flat=True)) == [
        "pot-envigado"
    ]
