"""Who may see and act on which assignments: decided here, and only here.

- a superuser, and the administrators and planning analysts of a plan, review every assignment of it;
- an agency reporter sees and edits only the assignments of the agencies he reports for;
- a reader sees no assignment (he reads what is published).

Who reviews or reports in a plan, whatever the assignment, is ``ssepot.accounts.permissions``
(``can_review_plan``, ``reviewed_plan_ids``, ``reported_agency_ids``).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from ssepot.accounts.permissions import reported_agency_ids, reviewed_plan_ids
from ssepot.reporting.models import Assignment

User = AbstractBaseUser | AnonymousUser


def assignments_for_user(user: User) -> QuerySet[Assignment]:
    """Every assignment the user may see."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    if getattr(user, "is_superuser", False):
        return Assignment.objects.all()
    return Assignment.objects.filter(
        Q(plan_id__in=reviewed_plan_ids(user)) | Q(agency_id__in=reported_agency_ids(user))
    )


def can_report(user: User, assignment: Assignment) -> bool:
    """May enter and submit the agency's values (only the agency's own reporters)."""
    return user.is_authenticated and assignment.agency_id in reported_agency_ids(user)


def can_review(user: User, assignment: Assignment) -> bool:
    """May return, validate, correct, approve and publish (the plan's analysts and administrators)."""
    return user.is_authenticated and (
        getattr(user, "is_superuser", False) or assignment.plan_id in reviewed_plan_ids(user)
    )
