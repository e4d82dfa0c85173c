"""Admin of indicators: the technical sheet, yearly targets and append-only measured values."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ssepot.accounts.admin_scoping import (
    PlanScopedAdmin,
    PlanScopedInline,
    ShownOnlyAdmin,
    VersionedAdmin,
    VersionedInline,
    scoped_filter,
)
from ssepot.catalogue.admin import PlanAdmin
from ssepot.catalogue.history_admin import CatalogueHistoryAdmin
from ssepot.catalogue.models import Plan
from ssepot.core.figures import HUNDRED, fmt_percent
from ssepot.indicators.models import CalculationRules, Indicator, IndicatorTarget, IndicatorValue
from ssepot.indicators.rules import current_rules


class OriginFilter(admin.SimpleListFilter):
    """POT indicators versus development-plan (PDD) indicators."""

    title = _("origen")
    parameter_name = "origen"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("pot", _("POT")), ("pdd", _("Plan de desarrollo"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "pot":
            return queryset.filter(development_plan__isnull=True)
        if self.value() == "pdd":
            return queryset.filter(development_plan__isnull=False)
        return queryset


class IndicatorTargetInline(PlanScopedInline):
    model = IndicatorTarget


class IndicatorValueInline(VersionedInline):
    model = IndicatorValue
    fields = (
        "year",
        "period",
        "territorial_unit",
        "value",
        "value_code",
        "observation",
        "evidence",
        "version",
        "recorded_at",
        "recorded_by",
    )
    autocomplete_fields = ("territorial_unit",)
    verbose_name_plural = _("valores medidos (historial; se reportan en el ciclo de reporte)")


@admin.register(Indicator)
class IndicatorAdmin(CatalogueHistoryAdmin, PlanScopedAdmin):
    list_display = (
        "code",
        "name",
        "indicator_type",
        "unit",
        "accumulation",
        "agency",
        "subsystem",
        "development_plan",
        "plan",
    )
    list_select_related = ("plan", "agency", "subsystem", "development_plan")
    list_filter = (
        scoped_filter("plan"),
        OriginFilter,
        "indicator_type",
        "accumulation",
        "direction",
        scoped_filter("subsystem"),
        scoped_filter("agency"),
        scoped_filter("development_plan"),
        "is_disaggregated",
    )
    search_fields = ("code", "name", "definition")
    autocomplete_fields = (
        "agency",
        "reporting_agency",
        "subsystem",
        "articles",
        "commitments",
        "projects",
        "objectives",
        "territorial_units",
        "development_plan",
        "pdd_node",
    )
    inlines = (IndicatorTargetInline, IndicatorValueInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "plan",
                    "code",
                    "name",
                    "indicator_type",
                    "unit",
                    "direction",
                    "desired_behaviour",
                    "accumulation",
                    "weight",
                    "periodicity",
                    "frequency",
                )
            },
        ),
        (
            _("Ficha técnica"),
            {
                "fields": (
                    "definition",
                    "objective",
                    "legal_basis",
                    "formula",
                    "operative_variables",
                    "observations",
                )
            },
        ),
        (
            _("Línea base y meta"),
            {
                "fields": (
                    "baseline_value",
                    "baseline_code",
                    "baseline_year",
                    "baseline_type",
                    "baseline_included",
                    "baseline_included_raw",
                    "plan_target",
                    "plan_target_code",
                )
            },
        ),
        (
            _("Fuente y responsables"),
            {
                "fields": (
                    "source",
                    "source_type",
                    "verification_means",
                    "data_format",
                    "collection_instrument",
                    "agency",
                    "reporting_agency",
                )
            },
        ),
        (
            _("Relaciones con el POT"),
            {
                "fields": (
                    "subsystem",
                    "articles",
                    "commitments",
                    "projects",
                    "objectives",
                    "territorial_units",
                    "is_disaggregated",
                )
            },
        ),
        (_("Plan de desarrollo"), {"fields": ("development_plan", "pdd_node", "sequence")}),
    )


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(CatalogueHistoryAdmin, PlanScopedAdmin):
    list_display = ("indicator", "year", "period", "value", "plan")
    list_select_related = ("plan", "indicator")
    list_filter = (scoped_filter("plan"), "year")
    search_fields = ("indicator__code", "indicator__name")
    autocomplete_fields = ("indicator",)


@admin.register(IndicatorValue)
class IndicatorValueAdmin(VersionedAdmin):
    list_display = (
        "indicator",
        "year",
        "period",
        "territorial_unit",
        "value",
        "value_code",
        "version",
        "is_current",
        "recorded_at",
    )
    list_select_related = ("plan", "indicator", "territorial_unit")
    list_filter = (
        scoped_filter("plan"),
        "year",
        "indicator__indicator_type",
        scoped_filter("territorial_unit"),
    )
    search_fields = ("indicator__code", "indicator__name", "value_code")
    autocomplete_fields = ("indicator", "territorial_unit")


@admin.register(CalculationRules)
class CalculationRulesAdmin(ShownOnlyAdmin):
    """Shown only: a new version is registered with ``ssepot rules set`` (who, when and why, audited)."""

    list_display = ("__str__", "plan", "development_plan", "created_at", "created_by", "reason")
    list_filter = (scoped_filter("plan"),)
    readonly_fields = (
        "plan",
        "development_plan",
        "version",
        "definition",
        "created_at",
        "created_by",
        "reason",
    )


# The plan's admin is the catalogue's; the indicators app adds the traffic light its calculation rules set,
# so the catalogue never imports the rules (docs/decisions/0009-layers.md). Admin modules load in the order
# of INSTALLED_APPS: the catalogue's registration exists by now.
admin.site.unregister(Plan)


@admin.register(Plan)
class PlanWithRulesAdmin(PlanAdmin):
    @admin.display(description=_("semáforo"))
    def traffic_thresholds(self, obj: Plan | None) -> str:
        """The traffic-light shares are the plan's calculation rules' (one source for the POT and its
        development plans): shown here, changed as a new version of the rules."""
        if obj is None or obj.pk is None:
            return gettext("el de las reglas de cálculo del plan (ssepot rules set)")
        rules = current_rules(obj)
        return gettext(
            "verde desde %(green)s y rojo por debajo de %(red)s del avance esperado en línea recta, según "
            "las %(rules)s; se cambian con una versión nueva de las reglas (ssepot rules set)."
        ) % {
            "green": fmt_percent(rules.green * HUNDRED),
            "red": fmt_percent(rules.red * HUNDRED),
            "rules": rules.label,
        }

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [*super().get_readonly_fields(request, obj), "traffic_thresholds"]
