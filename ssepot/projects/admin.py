"""Admin of the execution program: projects and their yearly, append-only budget and progress."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ssepot.accounts.admin_scoping import (
    PlanScopedAdmin,
    ShownOnlyAdmin,
    VersionedAdmin,
    VersionedInline,
    scoped_filter,
)
from ssepot.catalogue.history_admin import CatalogueHistoryAdmin
from ssepot.catalogue.models import Agency, Subsystem
from ssepot.projects.actions import assign_projects
from ssepot.projects.models import Project, ProjectYear, Work


class AssignForm(forms.Form):
    """The subsystem and agency for the chosen projects, offered from their one plan only."""

    subsystem = forms.ModelChoiceField(Subsystem.objects.none(), label=_("Subsistema"), required=False)
    agency = forms.ModelChoiceField(Agency.objects.none(), label=_("Dependencia responsable"), required=False)
    reason = forms.CharField(label=_("Motivo"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, plan_id: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subsystem"].queryset = Subsystem.objects.filter(plan_id=plan_id)  # type: ignore[attr-defined]
        self.fields["agency"].queryset = Agency.objects.filter(plan_id=plan_id)  # type: ignore[attr-defined]


class UnassignedFilter(admin.SimpleListFilter):
    title = _("asignación")
    parameter_name = "asignacion"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("sin", _("sin asignar")), ("con", _("asignados"))]

    def queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        unassigned = models.Q(subsystem__isnull=True) | models.Q(agency__isnull=True)
        if self.value() == "sin":
            return queryset.filter(unassigned)
        if self.value() == "con":
            return queryset.exclude(unassigned)
        return queryset


class WorkInline(admin.TabularInline):
    model = Work
    fields = ("key", "activity", "unit", "quantity", "location", "territorial_unit", "declared_unit", "year")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False
    verbose_name_plural = _("obras (se cargan con «ssepot import obras»)")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ProjectYearInline(VersionedInline):
    model = ProjectYear
    fields = ("year", "budget", "executed", "physical_progress", "version", "recorded_at", "recorded_by")
    verbose_name_plural = _("ejecución anual (historial; se reporta en el ciclo de reporte)")


@admin.register(Project)
class ProjectAdmin(CatalogueHistoryAdmin, PlanScopedAdmin):
    list_display = ("code", "name", "subsystem", "agency", "status", "contract_value", "plan")
    list_select_related = ("plan", "subsystem", "agency")
    list_filter = (
        scoped_filter("plan"),
        UnassignedFilter,
        scoped_filter("subsystem"),
        scoped_filter("agency"),
    )
    search_fields = ("code", "name", "description")
    autocomplete_fields = ("subsystem", "agency", "territorial_units", "articles")
    inlines = (ProjectYearInline, WorkInline)
    actions = ["assign"]

    @admin.action(description=_("Asignar subsistema y dependencia"), permissions=["change"])
    def assign(self, request: HttpRequest, queryset: models.QuerySet[Project]) -> HttpResponse | None:
        """An intermediate page: the chosen projects (of one plan), the subsystem and the agency."""
        plans = set(queryset.values_list("plan_id", flat=True))
        if len(plans) != 1:
            self.message_user(request, gettext("Elija proyectos de un solo plan."), messages.ERROR)
            return None
        form = AssignForm(plans.pop(), request.POST if "aplicar" in request.POST else None)
        if form.is_valid():
            try:
                changed = assign_projects(
                    queryset,
                    subsystem=form.cleaned_data["subsystem"],
                    agency=form.cleaned_data["agency"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, " ".join(getattr(exc, "messages", [str(exc)])), messages.ERROR)
                return None
            self.message_user(
                request, gettext("Proyectos asignados: %(count)d.") % {"count": changed}, messages.SUCCESS
            )
            return None
        return TemplateResponse(
            request,
            "admin/projects/assign.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Asignar subsistema y dependencia"),
                "form": form,
                "projects": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


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


@admin.register(Work)
class WorkAdmin(ShownOnlyAdmin):
    """Public works come and go with their file (``ssepot import obras``): shown, never edited here."""

    list_display = ("__str__", "project", "activity", "territorial_unit", "declared_unit", "year")
    list_select_related = ("project", "territorial_unit")
    list_filter = (scoped_filter("plan"), "year")
    search_fields = ("key", "activity", "location", "project__code", "project__name")
    raw_id_fields = ("project", "territorial_unit")
