"""Admin of the report's yearly narrative texts."""

from __future__ import annotations

from django.contrib import admin

from ssepot.accounts.admin_scoping import PlanScopedAdmin, scoped_filter
from ssepot.report.models import NarrativeText


@admin.register(NarrativeText)
class NarrativeTextAdmin(PlanScopedAdmin):
    list_display = ("year", "section", "title", "plan")
    list_select_related = ("plan",)
    list_filter = (scoped_filter("plan"), "year", "section")
    search_fields = ("title", "body")
