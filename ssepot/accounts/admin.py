"""Admin of memberships (who has which role in which plan), also shown on each user."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from ssepot.accounts.admin_scoping import PlanScopedAdmin, PlanScopedInline, admin_plans, scoped_filter
from ssepot.accounts.models import Membership

User = get_user_model()


@admin.register(Membership)
class MembershipAdmin(PlanScopedAdmin):
    list_display = ("user", "role", "agency", "plan")
    list_select_related = ("plan", "user", "agency")
    list_filter = (scoped_filter("plan"), "role", scoped_filter("agency"))
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email")
    autocomplete_fields = ("user", "agency")


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
