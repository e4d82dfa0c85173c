"""The accounts' onboarding write: a person with a role in a plan (``ssepot user create`` and the analyst's
configuration page). Checks, transaction, audit and errors as in ``ssepot.catalogue.actions``."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ssepot.accounts.models import Membership, Role
from ssepot.accounts.permissions import grantable_roles
from ssepot.audit.log import record
from ssepot.catalogue.actions import Actor, Problems
from ssepot.catalogue.models import Agency, Plan


@dataclass(frozen=True)
class Added:
    membership: Membership
    user_created: bool


def _agency(problems: Problems, plan: Plan, role: str, code: str) -> Agency | None:
    code = (code or "").strip()
    if role != Role.REPORTER:
        if code:
            problems.add("agency", _("solo quien reporta (rol reportante) pertenece a una dependencia"))
        return None
    if not code:
        problems.add("agency", _("quien reporta debe pertenecer a una dependencia: indique su código"))
        return None
    agency = Agency.objects.filter(plan=plan, code=code).first()
    if agency is None:
        known = ", ".join(Agency.objects.filter(plan=plan).order_by("code").values_list("code", flat=True))
        problems.add(
            "agency",
            _("el plan %(plan)s no tiene una dependencia con el código «%(code)s» (códigos: %(known)s)")
            % {"plan": plan.slug, "code": code, "known": known or _("ninguno; créelas primero")},
        )
    return agency


@transaction.atomic
def add_member(
    plan: Plan,
    *,
    username: str,
    role: str,
    agency_code: str = "",
    password: str | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    actor: Actor,
) -> Added:
    """Give ``username`` a role in the plan, creating the user with ``password`` when he does not exist.

    An existing user (a member of another plan, say) keeps his password and details; only the role is
    added. A reporter belongs to one of the plan's agencies, named by its code; other roles to none.
    """
    allowed = Role.values if actor is None else grantable_roles(actor, plan.pk)
    if not allowed:
        raise PermissionDenied(_("Solo un analista o administrador del plan agrega usuarios."))
    problems = Problems()
    username = (username or "").strip()
    if role not in Role.values:
        problems.add(
            "role",
            _("rol desconocido «%(role)s» (use %(roles)s)") % {"role": role, "roles": ", ".join(Role.values)},
        )
    elif role not in allowed:
        problems.add("role", _("su rol en el plan no le permite dar el rol %(role)s") % {"role": role})
    agency = _agency(problems, plan, role, agency_code)
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first() if username else None
    if not username:
        problems.add("username", _("es obligatorio"))
    elif user is None:
        new = user_model(
            username=username, email=email.strip(), first_name=first_name.strip(), last_name=last_name.strip()
        )
        try:
            new.clean_fields(exclude=["password"])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    problems.add(field, message)
        if not password:
            problems.add("password", _("un usuario nuevo necesita una contraseña"))
        else:
            try:
                validate_password(password, new)
            except ValidationError as error:
                for message in error.messages:
                    problems.add("password", message)
    elif Membership.objects.filter(plan=plan, user=user, role=role, agency=agency).exists():
        problems.add(
            "username",
            _("«%(user)s» ya tiene ese rol en el plan %(plan)s") % {"user": username, "plan": plan.slug},
        )
    problems.raise_if_any()

    created = user is None
    if user is None:
        user = user_model.objects.create_user(
            username=username,
            password=password,
            email=email.strip(),
            first_name=first_name.strip(),
            last_name=last_name.strip(),
        )
        record(
            "crear usuario",
            user,
            actor=actor,
            plan_id=plan.pk,
            changes={"usuario": username, "correo": email.strip()},
        )
    membership = Membership.objects.create(plan=plan, user=user, role=role, agency=agency)
    record(
        "agregar miembro",
        membership,
        actor=actor,
        changes={"usuario": username, "rol": role, "dependencia": agency.code if agency else ""},
    )
    return Added(membership, created)
