"""Admin of reporting periods."""

from __future__ import annotations

from django.contrib import admin

from ssepot.accounts.admin_scoping import PlanScopedAdmin, scoped_filter
from ssepot.reporting.models import ReportingPeriod


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(PlanScopedAdmin):
    list_display = ("year", "cutoff_date", "deadline", "status", "plan")
    list_select_related = ("plan",)
    list_filter = (scoped_filter("plan"), "status", "year")
    search_fields = ("year",)
