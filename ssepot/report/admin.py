"""Admin of the report's yearly narrative texts and of its builds (read-only: only the task writes them)."""

from __future__ import annotations

from django.contrib import admin

from ssepot.accounts.admin_scoping import PlanScopedAdmin, ShownOnlyAdmin, scoped_filter
from ssepot.report.models import NarrativeText, ReportBuild


@admin.register(NarrativeText)
class NarrativeTextAdmin(PlanScopedAdmin):
    list_display = ("year", "section", "title", "plan")
    list_select_related = ("plan",)
    list_filter = (scoped_filter("plan"), "year", "section")
    search_fields = ("title", "body")


@admin.register(ReportBuild)
class ReportBuildAdmin(ShownOnlyAdmin):
    list_display = ("year", "status", "release_label", "progress", "requested_by", "created_at", "plan")
    list_select_related = ("plan", "requested_by")
    list_filter = (scoped_filter("plan"), "year", "status")
