"""Admin of development plans (PDD): structure, program investments and the multi-year investment plan."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ssepot.accounts.admin_scoping import PlanScopedAdmin, PlanScopedInline, scoped_filter
from ssepot.catalogue.history_admin import CatalogueHistoryAdmin
from ssepot.development.models import (
    DevelopmentPlan,
    InvestmentPlanYear,
    PddLevel,
    PddNode,
    ProgramInvestment,
)


class InvestmentPlanYearInline(PlanScopedInline):
    model = InvestmentPlanYear


class PddLevelInline(PlanScopedInline):
    """The plan's structure levels (key, name, depth); without them, línea, componente and programa."""

    model = PddLevel
    fields = ("depth", "key", "name")


@admin.register(DevelopmentPlan)
class DevelopmentPlanAdmin(PlanScopedAdmin):
    list_display = ("name", "slug", "start_year", "end_year", "is_synthetic", "plan")
    list_select_related = ("plan",)
    list_filter = (scoped_filter("plan"), "is_synthetic")
    search_fields = ("name", "slug", "act")
    inlines = (PddLevelInline, InvestmentPlanYearInline)


@admin.register(PddLevel)
class PddLevelAdmin(PlanScopedAdmin):
    list_display = ("depth", "key", "name", "development_plan", "plan")
    list_select_related = ("plan", "development_plan")
    list_filter = (scoped_filter("plan"), scoped_filter("development_plan"))
    search_fields = ("key", "name")


class PddNodeChildInline(PlanScopedInline):
    model = PddNode
    fk_name = "parent"
    inherited = ("plan", "development_plan")
    fields = ("level", "code", "name", "weight")
    verbose_name = _("nivel inferior")
    verbose_name_plural = _("niveles inferiores")


class ProgramInvestmentInline(PlanScopedInline):
    model = ProgramInvestment
    # NB: the goal and the agency of a budget line are edited on its own page (autocomplete), not here
    fields = ("year", "bpin", "source", "budget", "commitments", "payments", "executed")


@admin.register(PddNode)
class PddNodeAdmin(CatalogueHistoryAdmin, PlanScopedAdmin):
    list_display = ("code", "name", "level", "weight", "parent", "development_plan", "plan")
    list_select_related = ("plan", "development_plan", "parent")
    list_filter = (scoped_filter("plan"), scoped_filter("development_plan"), "level")
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)
    filter_horizontal = ("systems",)
    inlines = (PddNodeChildInline, ProgramInvestmentInline)


@admin.register(ProgramInvestment)
class ProgramInvestmentAdmin(CatalogueHistoryAdmin, PlanScopedAdmin):
    list_display = ("node", "year", "bpin", "source", "budget", "executed", "plan")
    list_select_related = ("plan", "node")
    list_filter = (scoped_filter("plan"), "year", scoped_filter("node__development_plan"))
    search_fields = ("node__code", "node__name", "bpin", "project", "source", "indicator__code")
    autocomplete_fields = ("node", "indicator", "agency")


@admin.register(InvestmentPlanYear)
class InvestmentPlanYearAdmin(CatalogueHistoryAdmin, PlanScopedAdmin):
    list_display = ("development_plan", "year", "amount", "plan")
    list_select_related = ("plan", "development_plan")
    list_filter = (scoped_filter("plan"), scoped_filter("development_plan"), "year")
    search_fields = ("development_plan__name",)
