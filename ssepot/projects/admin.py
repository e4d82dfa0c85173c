"""Admin of the execution program: projects and their yearly, append-only budget and progress."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ssepot.accounts.admin_scoping import PlanScopedAdmin, VersionedAdmin, VersionedInline, scoped_filter
from ssepot.projects.models import Project, ProjectYear


class ProjectYearInline(VersionedInline):
    model = ProjectYear
    fields = ("year", "budget", "executed", "physical_progress", "version", "recorded_at", "recorded_by")
    verbose_name_plural = _("ejecución anual (historial; se reporta en el ciclo de reporte)")


@admin.register(Project)
class ProjectAdmin(PlanScopedAdmin):
    list_display = ("code", "name", "subsystem", "agency", "plan")
    list_select_related = ("plan", "subsystem", "agency")
    list_filter = (scoped_filter("plan"), scoped_filter("subsystem"), scoped_filter("agency"))
    search_fields = ("code", "name", "description")
    autocomplete_fields = ("subsystem", "agency", "territorial_units", "articles")
    inlines = (ProjectYearInline,)


@admin.register(ProjectYear)
class ProjectYearAdmin(VersionedAdmin):
    list_display = (
        "project",
        "year",
        "budget",
        "executed",
        "physical_progress",
        "version",
        "is_current",
        "recorded_at",
    )
    list_select_related = ("plan", "project")
    list_filter = (scoped_filter("plan"), "year", scoped_filter("project__subsystem"))
    search_fields = ("project__code", "project__name")
    autocomplete_fields = ("project",)
