"""Admin of memberships (who has which role in which plan), also shown on each user."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ssepot.accounts.admin_scoping import (
    PlanScopedAdmin,
    PlanScopedForm,
    PlanScopedInline,
    admin_plans,
    scoped_filter,
)
from ssepot.accounts.models import Membership
from ssepot.accounts.permissions import grantable_roles

User = get_user_model()


class MembershipForm(PlanScopedForm):
    """Refuses a role the person acting may not give in that plan (``permissions.grantable_roles``): an
    analyst adds analysts, reporters and readers, not administrators."""

    user_acting: Any = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        plan, role = cleaned.get("plan"), cleaned.get("role")
        if plan is not None and role and role not in grantable_roles(self.user_acting, plan.pk):
            self.add_error("role", _("Su rol en el plan no le permite dar este rol."))
        return cleaned


@admin.register(Membership)
class MembershipAdmin(PlanScopedAdmin):
    form = MembershipForm
    list_display = ("user", "role", "agency", "plan")
    list_select_related = ("plan", "user", "agency")
    list_filter = (scoped_filter("plan"), "role", scoped_filter("agency"))
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email")
    autocomplete_fields = ("user", "agency")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user_acting": request.user})


class MembershipInline(PlanScopedInline):
    model = Membership
    fk_name = "user"
    inherited = ()  # each membership names its own plan
    autocomplete_fields = ("agency",)


class SsepotUserAdmin(UserAdmin):
    """Django's user admin with the user's memberships; a plan administrator sees only his plans' people."""

    inlines = (MembershipInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(memberships__plan__in=admin_plans(request.user)).distinct()


admin.site.unregister(User)
admin.site.register(User, SsepotUserAdmin)
