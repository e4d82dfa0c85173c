"""Admin of commitments and their yearly, append-only statuses."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ssepot.accounts.admin_scoping import (
    PlanScopedAdmin,
    VersionedAdmin,
    VersionedInline,
    scoped_filter,
)
from ssepot.commitments.models import Commitment, CommitmentStatus


class CommitmentStatusInline(VersionedInline):
    model = CommitmentStatus
    fields = (
        "year",
        "status",
        "progress",
        "observation",
        "evidence",
        "version",
        "recorded_at",
        "recorded_by",
    )
    verbose_name_plural = _("estados anuales (historial; se reportan en el ciclo de reporte)")


@admin.register(Commitment)
class CommitmentAdmin(PlanScopedAdmin):
    list_display = ("code", "short_description", "horizon", "typology", "subsystem", "agency", "plan")
    list_select_related = ("plan", "subsystem", "agency")
    list_filter = (
        scoped_filter("plan"),
        "horizon",
        "typology",
        scoped_filter("subsystem"),
        scoped_filter("agency"),
    )
    search_fields = ("code", "description", "typology")
    autocomplete_fields = ("subsystem", "agency", "articles")
    inlines = (CommitmentStatusInline,)

    @admin.display(description=_("descripción"), ordering="description")
    def short_description(self, obj: Commitment) -> str:
        return obj.description if len(obj.description) <= 90 else f"{obj.description[:89]}…"


@admin.register(CommitmentStatus)
class CommitmentStatusAdmin(VersionedAdmin):
    list_display = (
        "commitment",
        "year",
        "status",
        "progress",
        "version",
        "is_current",
        "recorded_at",
        "recorded_by",
    )
    list_select_related = ("plan", "commitment")
    list_filter = (scoped_filter("plan"), "year", "status", "commitment__horizon")
    search_fields = ("commitment__code", "commitment__description", "observation")
    autocomplete_fields = ("commitment",)
