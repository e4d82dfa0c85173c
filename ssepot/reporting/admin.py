"""Admin of the reporting cycle. Periods and validation rules are edited here; assignments, their review
events, evidence, approvals and releases are only shown: they change through the cycle's actions, which
keep the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ssepot.accounts.admin_scoping import PlanScopedAdmin, ShownOnlyAdmin, scoped_filter
from ssepot.reporting.models import (
    Approval,
    Assignment,
    AssignmentEvent,
    Evidence,
    ImportBatch,
    ImportedValue,
    Release,
    ReportingPeriod,
    SentNotice,
    ValidationRule,
)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(PlanScopedAdmin):
    list_display = ("year", "cutoff_date", "deadline", "status", "plan")
    list_select_related = ("plan",)
    list_filter = (scoped_filter("plan"), "status", "year")
    search_fields = ("year",)
    readonly_fields = ("opened_at", "opened_by")


class EventInline(admin.TabularInline):
    model = AssignmentEvent
    extra = 0
    fields = ("at", "actor", "action", "from_state", "to_state", "message")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Assignment)
class AssignmentAdmin(ShownOnlyAdmin):
    list_display = ("period", "agency", "kind", "indicator", "commitment", "project", "state", "flagged")
    list_select_related = ("period", "agency", "indicator", "commitment", "project")
    list_filter = (scoped_filter("plan"), "state", "kind", "flagged", scoped_filter("agency"))
    search_fields = (
        "indicator__code",
        "indicator__name",
        "commitment__code",
        "project__code",
        "agency__name",
    )
    inlines = [EventInline]


@admin.register(AssignmentEvent)
class AssignmentEventAdmin(ShownOnlyAdmin):
    list_display = ("at", "actor", "action", "assignment", "to_state")
    list_select_related = ("actor", "assignment__period", "assignment__agency")
    list_filter = (scoped_filter("plan"), "action")
    search_fields = ("message", "actor__username")
    raw_id_fields = ("assignment",)


@admin.register(Evidence)
class EvidenceAdmin(ShownOnlyAdmin):
    list_display = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at", "assignment")
    list_select_related = ("uploaded_by", "assignment__period", "assignment__agency")
    list_filter = (scoped_filter("plan"), "content_type")
    search_fields = ("original_name", "sha256")
    raw_id_fields = ("assignment",)


@admin.register(Release)
class ReleaseAdmin(ShownOnlyAdmin):
    list_display = ("__str__", "year", "number", "published_at", "published_by", "plan")
    list_select_related = ("plan", "published_by")
    list_filter = (scoped_filter("plan"), "year")
    search_fields = ("note",)


@admin.register(Approval)
class ApprovalAdmin(ShownOnlyAdmin):
    list_display = ("__str__", "reported_by", "approved_by", "approved_at", "release")
    list_select_related = ("reported_by", "approved_by", "release", "indicator_value__indicator",
                           "commitment_status__commitment", "project_year__project")  # fmt: skip
    list_filter = (scoped_filter("plan"), "release__year")
    raw_id_fields = ("assignment", "indicator_value", "commitment_status", "project_year")


@admin.register(ImportBatch)
class ImportBatchAdmin(ShownOnlyAdmin):
    """An import's batch is reviewed, approved or rejected on its own page (``/reporte/importaciones/``)."""

    list_display = ("__str__", "importer", "file_name", "imported_at", "imported_by", "state", "plan")
    list_select_related = ("plan", "imported_by")
    list_filter = (scoped_filter("plan"), "state", "importer")
    search_fields = ("file_name",)


@admin.register(ImportedValue)
class ImportedValueAdmin(ShownOnlyAdmin):
    list_display = (
        "__str__",
        "batch",
        "indicator",
        "year",
        "period",
        "territorial_unit",
        "value",
        "value_code",
    )
    list_select_related = ("batch", "indicator", "territorial_unit")
    list_filter = (scoped_filter("plan"), "year")
    raw_id_fields = ("batch", "indicator", "territorial_unit")


@admin.register(ValidationRule)
class ValidationRuleAdmin(PlanScopedAdmin):
    list_display = ("name", "left", "operator", "right", "severity", "active", "plan")
    list_select_related = ("plan",)
    list_filter = (scoped_filter("plan"), "severity", "active")
    search_fields = ("name", "left", "right", "message")


@admin.register(SentNotice)
class SentNoticeAdmin(ShownOnlyAdmin):
    list_display = ("day", "key", "user", "sent_at", "plan")
    list_select_related = ("user", "plan")
    list_filter = (scoped_filter("plan"), "day")
    search_fields = ("key", "user__username", "user__email")
