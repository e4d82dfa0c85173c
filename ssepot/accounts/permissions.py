"""Who may see and change what: the one place where roles become permissions and plans become scopes.

A role (``Membership.role``) grants the same model permissions in every plan, so each role is one Django
group (``ssepot-<role>``) whose permissions the admin checks as usual. Because a user may be analyst in
one plan and reader in another, the admin also asks ``plans_for_user(user, codename)`` for the plans in
which that permission applies to him; a superuser sees every plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.apps import apps as global_apps
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission, PermissionsMixin
from django.db import models

from ssepot.accounts.models import Membership, Role
from ssepot.catalogue.models import Plan

GROUP_PREFIX = "ssepot-"

# The apps whose models make up a plan's catalogue and reported data.
PLAN_APPS = (
    "catalogue",
    "commitments",
    "projects",
    "indicators",
    "development",
    "reporting",
    "archive",
    "report",
    "audit",
)
# Reported, append-only data (``catalogue.models.Versioned``): added by reporters, never changed.
REPORTED_MODELS = ("commitments.commitmentstatus", "projects.projectyear", "indicators.indicatorvalue")
# Shared reference data and the tenant itself: only a superuser creates or deletes them.
REFERENCE_MODELS = ("catalogue.municipality", "catalogue.plan")

ALL_ACTIONS = ("view", "add", "change", "delete")

User = AbstractBaseUser | AnonymousUser


def group_name(role: str) -> str:
    return f"{GROUP_PREFIX}{role}"


def _plan_models() -> list[str]:
    return [
        f"{model._meta.app_label}.{model._meta.model_name}"
        for app_label in PLAN_APPS
        for model in global_apps.get_app_config(app_label).get_models()
    ]


def role_permissions(role: str) -> set[str]:
    """The permissions (``app_label.codename``) one role grants in the plans where the user holds it."""
    catalogue = [m for m in _plan_models() if m not in REPORTED_MODELS and m not in REFERENCE_MODELS]

    def perms(models_: Iterable[str], actions: Iterable[str]) -> set[str]:
        out = set()
        for label in models_:
            app_label, model_name = label.split(".")
            out |= {f"{app_label}.{action}_{model_name}" for action in actions}
        return out

    everything_viewable = perms([*catalogue, *REPORTED_MODELS, *REFERENCE_MODELS], ["view"])
    # Versioned rows raise on save and delete; granting change/delete would only show broken buttons.
    reported = perms(REPORTED_MODELS, ["view", "add"])
    if role == Role.ADMINISTRATOR:
        return (
            everything_viewable
            | perms(catalogue, ALL_ACTIONS)
            | reported
            | perms(["catalogue.plan"], ["change"])
            | perms(["accounts.membership"], ALL_ACTIONS)
            | {"auth.view_user"}
        )
    if role == Role.ANALYST:
        # NB: an analyst onboards his plan's people (``grantable_roles`` keeps him from making
        # administrators); changing or removing a membership stays with the administrators.
        return (
            everything_viewable
            | perms(catalogue, ALL_ACTIONS)
            | reported
            | perms(["catalogue.plan"], ["change"])
            | perms(["accounts.membership"], ["view", "add"])
        )
    if role == Role.REPORTER:
        return everything_viewable | reported
    if role == Role.READER:
        return everything_viewable
    raise ValueError(f"unknown role {role!r}")


def sync_role_groups(**kwargs: Any) -> None:
    """Create (or bring up to date) one group per role with its permissions; safe to run repeatedly."""
    from django.contrib.auth.management import create_permissions

    using = kwargs.get("using", "default")
    # NB: post_migrate runs app by app; the apps after accounts may not have their permissions yet.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for role in Role.values:
        group, _ = Group.objects.using(using).get_or_create(name=group_name(role))
        wanted = role_permissions(role)
        found = [
            p
            for p in Permission.objects.using(using).select_related("content_type")
            if f"{p.content_type.app_label}.{p.codename}" in wanted
        ]
        group.permissions.set(found)


def sync_user_groups(user: Any) -> None:
    """Give a user exactly the role groups of his memberships (other groups are left alone)."""
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    role_groups = Group.objects.filter(name__startswith=GROUP_PREFIX)
    user.groups.remove(*[g for g in role_groups if g.name.removeprefix(GROUP_PREFIX) not in roles])
    user.groups.add(*[g for g in role_groups if g.name.removeprefix(GROUP_PREFIX) in roles])
    if roles and not user.is_staff:
        # The admin is where members work; a role without staff status could not use it.
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def plans_for_user(user: User, perm: str | None = None) -> models.QuerySet[Plan]:
    """The plans a user belongs to; with ``perm`` ('app_label.codename'), those where his role grants it."""
    if not user.is_authenticated or not user.is_active:
        return Plan.objects.none()
    if getattr(user, "is_superuser", False):
        return Plan.objects.all()
    memberships = Membership.objects.filter(user_id=user.pk)
    if perm is not None:
        roles = [role for role in Role.values if perm in role_permissions(role)]
        memberships = memberships.filter(role__in=roles)
    return Plan.objects.filter(pk__in=memberships.values("plan_id"))


def can_in_plan(user: User, perm: str, plan_id: int | None) -> bool:
    """Whether the user's role in that plan grants the permission ('app_label.codename')."""
    if plan_id is None:
        return bool(getattr(user, "is_superuser", False))
    return plans_for_user(user, perm).filter(pk=plan_id).exists()


def can_review_imports(user: User, plan_id: int | None) -> bool:
    """Whether the user sees a plan's import batches and approves or rejects them: whoever may change
    them there (``reporting.change_importbatch``: the plan's analysts and administrators)."""
    return can_in_plan(user, "reporting.change_importbatch", plan_id)


def can_add_plan(user: User) -> bool:
    """Whether the user may create a plan (a new tenant): a superuser, or a platform operator given the
    global ``catalogue.add_plan`` permission in the admin. No role of a plan grants it."""
    return isinstance(user, PermissionsMixin) and user.is_active and user.has_perm("catalogue.add_plan")


def grantable_roles(user: User, plan_id: int) -> list[str]:
    """The roles a user may give in a plan: those that grant nothing beyond what his own roles there grant
    (an analyst adds analysts, reporters and readers, not administrators); a superuser gives any."""
    if not can_in_plan(user, "accounts.add_membership", plan_id):
        return []
    if getattr(user, "is_superuser", False):
        return list(Role.values)
    held: set[str] = set()
    roles = Membership.objects.filter(user_id=cast(int, user.pk), plan_id=plan_id)
    for role in roles.values_list("role", flat=True):
        held |= role_permissions(role)
    return [role for role in Role.values if role_permissions(role) <= held]


def keeps_duties_apart(plan: Plan, actor: User, earlier_actor_ids: Iterable[int | None]) -> bool:
    """Whether ``actor`` may take the next step of a review (approve what was validated, publish what was
    approved) given who took the earlier step. With the plan's separation of duties
    (``Plan.separate_duties``) the earlier hands must be others, superusers included: the rule is about
    two people, not about rank. Without it any reviewer takes every step."""
    if not plan.separate_duties:
        return True
    return actor.pk not in set(earlier_actor_ids)


def can_change_review_controls(user: User, plan_id: int | None) -> bool:
    """Whether the user may switch the plan's separation of duties: its administrators and superusers, not
    the analysts it binds (an analyst who could lift it would keep no one apart)."""
    if getattr(user, "is_superuser", False):
        return bool(user.is_active)
    if plan_id is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(user_id=user.pk, plan_id=plan_id, role=Role.ADMINISTRATOR).exists()


REVIEWER_ROLES = (Role.ADMINISTRATOR, Role.ANALYST)


def _memberships(user: User) -> models.QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user_id=user.pk)


def reviewed_plan_ids(user: User) -> set[int]:
    """The plans in which the user reviews (administrator or analyst)."""
    return set(_memberships(user).filter(role__in=REVIEWER_ROLES).values_list("plan_id", flat=True))


def reported_agency_ids(user: User) -> set[int]:
    """The agencies the user reports for."""
    return set(_memberships(user).filter(role=Role.REPORTER).values_list("agency_id", flat=True))


def can_review_plan(user: User, plan_id: int) -> bool:
    """May review a plan's reported data, open and close its periods and publish (its analysts and
    administrators, and a superuser)."""
    return user.is_authenticated and (
        getattr(user, "is_superuser", False) or plan_id in reviewed_plan_ids(user)
    )
