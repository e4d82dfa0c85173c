"""The execution program's writes outside the reporting cycle: assigning a subsystem and an agency to
projects that arrived without them (imported public works, "sin asignar").

Each one checks who acts, runs in one transaction and records one audit entry per project changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ssepot.accounts.permissions import can_in_plan
from ssepot.audit.log import diff, record
from ssepot.catalogue.models import Agency, Subsystem
from ssepot.projects.models import Project

Actor = AbstractBaseUser | AnonymousUser | None


@transaction.atomic
def assign_projects(
    projects: Iterable[Project],
    *,
    subsystem: Subsystem | None,
    agency: Agency | None,
    actor: Actor,
    reason: str = "",
) -> int:
    """Give ``projects`` the subsystem and/or the agency (``None`` leaves that one as it is); returns how
    many changed. Every project, subsystem and agency must belong to the same plan, and the actor must be
    allowed to change that plan's projects (``actor=None`` is the operator at the console)."""
    if subsystem is None and agency is None:
        raise ValidationError(_("Elija un subsistema, una dependencia o ambos."))
    changed = 0
    for project in projects:
        if actor is not None and not can_in_plan(actor, "projects.change_project", project.plan_id):
            raise PermissionDenied(_("Solo un analista de planeación del plan asigna proyectos."))
        for other in (subsystem, agency):
            if other is not None and other.plan_id != project.plan_id:
                raise ValidationError(
                    _("«%(other)s» no es del plan del proyecto %(code)s.")
                    % {"other": other, "code": project.code}
                )
        before = {"subsistema": project.subsystem_id, "dependencia": project.agency_id}
        if subsystem is not None:
            project.subsystem = subsystem
        if agency is not None:
            project.agency = agency
        after = {"subsistema": project.subsystem_id, "dependencia": project.agency_id}
        changes = diff(before, after)
        if not changes:
            continue
        project.save(update_fields=["subsystem", "agency"])
        record("asignar proyecto", project, actor=actor, changes=changes, reason=reason)
        changed += 1
    return changed
