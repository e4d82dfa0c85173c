"""Admin of the plan catalogue: municipalities, plans, territory, strategic framework, systems, articles."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ssepot.accounts.admin_scoping import (
    PlanScopedAdmin,
    PlanScopedInline,
    PlanScopedStackedInline,
    scoped_filter,
)
from ssepot.accounts.permissions import can_change_review_controls
from ssepot.catalogue.history_admin import CatalogueHistoryAdmin
from ssepot.catalogue.models import (
    AdministrativePeriod,
    Agency,
    Article,
    EvaluationPhase,
    FrameworkElement,
    Horizon,
    Municipality,
    PhaseStatus,
    Plan,
    StudyVariable,
    Subsystem,
    SubsystemNarrative,
    System,
    TerritorialUnit,
)


@admin.register(Municipality)
class MunicipalityAdmin(PlanScopedAdmin):
    plan_lookup = None  # shared reference data (DIVIPOLA), the same for every plan
    list_display = ("divipola_code", "name", "department_name", "kind")
    search_fields = ("divipola_code", "name", "department_name")
    list_filter = ("kind", "department_name")


class HorizonInline(PlanScopedInline):
    model = Horizon
    inherited = ()  # the plan is the parent itself


class AdministrativePeriodInline(PlanScopedInline):
    model = AdministrativePeriod
    inherited = ()


@admin.register(Plan)
class PlanAdmin(CatalogueHistoryAdmin, PlanScopedAdmin):
    plan_lookup = "pk"
    list_display = ("name", "municipality", "act", "adoption_date", "start_date", "end_date", "is_synthetic")
    list_select_related = ("municipality",)
    search_fields = ("name", "slug", "act", "municipality__name", "municipality__divipola_code")
    list_filter = ("is_synthetic",)
    autocomplete_fields = ("municipality",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (HorizonInline, AdministrativePeriodInline)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if not can_change_review_controls(request.user, obj.pk if obj is not None else None):
            fields.append("separate_duties")
        return fields


@admin.register(Horizon)
class HorizonAdmin(PlanScopedAdmin):
    list_display = ("kind", "start_date", "end_date", "plan")
    list_select_related = ("plan",)
    list_filter = (scoped_filter("plan"), "kind")
    search_fields = ("kind",)


@admin.register(AdministrativePeriod)
class AdministrativePeriodAdmin(PlanScopedAdmin):
    list_display = ("name", "start_date", "end_date", "plan")
    list_select_related = ("plan",)
    list_filter = (scoped_filter("plan"),)
    search_fields = ("name",)


@admin.register(Agency)
class AgencyAdmin(PlanScopedAdmin):
    list_display = ("code", "name", "acronym", "email", "plan")
    list_select_related = ("plan",)
    list_filter = (scoped_filter("plan"),)
    search_fields = ("code", "name", "acronym")


@admin.register(TerritorialUnit)
class TerritorialUnitAdmin(PlanScopedAdmin):
    list_display = ("code", "name", "kind", "parent", "area_m2", "plan")
    list_select_related = ("plan", "parent")
    list_filter = (scoped_filter("plan"), "kind")
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)


@admin.register(FrameworkElement)
class FrameworkElementAdmin(PlanScopedAdmin):
    list_display = ("kind", "code", "name", "order", "plan")
    list_select_related = ("plan",)
    list_filter = (scoped_filter("plan"), "kind")
    search_fields = ("code", "name", "description")
    autocomplete_fields = ("articles",)


class PhaseStatusInline(PlanScopedInline):
    model = PhaseStatus


@admin.register(EvaluationPhase)
class EvaluationPhaseAdmin(PlanScopedAdmin):
    list_display = ("number", "name", "plan")
    list_select_related = ("plan",)
    list_filter = (scoped_filter("plan"),)
    search_fields = ("name", "description")
    inlines = (PhaseStatusInline,)


@admin.register(PhaseStatus)
class PhaseStatusAdmin(PlanScopedAdmin):
    list_display = ("phase", "year", "status", "progress", "plan")
    list_select_related = ("plan", "phase")
    list_filter = (scoped_filter("plan"), "status", "year")
    search_fields = ("phase__name", "note")
    autocomplete_fields = ("phase",)


@admin.register(StudyVariable)
class StudyVariableAdmin(PlanScopedAdmin):
    list_display = ("code", "name", "study", "unit", "plan")
    list_select_related = ("plan",)
    list_filter = (scoped_filter("plan"), "study")
    search_fields = ("code", "name", "study", "source")
    autocomplete_fields = ("objectives",)


class SubsystemInline(PlanScopedInline):
    model = Subsystem
    fields = ("code", "name", "order", "is_illustrative")


@admin.register(System)
class SystemAdmin(PlanScopedAdmin):
    list_display = ("code", "name", "order", "plan")
    list_select_related = ("plan",)
    list_filter = (scoped_filter("plan"),)
    search_fields = ("code", "name")
    inlines = (SubsystemInline,)


class SubsystemNarrativeInline(PlanScopedStackedInline):
    model = SubsystemNarrative


@admin.register(Subsystem)
class SubsystemAdmin(PlanScopedAdmin):
    list_display = ("code", "name", "system", "order", "is_illustrative", "plan")
    list_select_related = ("plan", "system")
    list_filter = (scoped_filter("plan"), scoped_filter("system"), "is_illustrative")
    search_fields = ("code", "name")
    inlines = (SubsystemNarrativeInline,)


@admin.register(SubsystemNarrative)
class SubsystemNarrativeAdmin(PlanScopedAdmin):
    list_display = ("subsystem", "year", "plan")
    list_select_related = ("plan", "subsystem")
    list_filter = (scoped_filter("plan"), "year", scoped_filter("subsystem"))
    search_fields = ("subsystem__name", "situations", "achievements", "challenges")
    autocomplete_fields = ("subsystem",)


@admin.register(Article)
class ArticleAdmin(PlanScopedAdmin):
    list_display = ("number", "title", "plan")
    list_select_related = ("plan",)
    list_filter = (scoped_filter("plan"),)
    search_fields = ("number", "title", "text")
