"""Admin of the technical and historical archive."""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from ssepot.accounts.admin_scoping import PlanScopedAdmin, scoped_filter
from ssepot.archive.models import ArchiveDocument


@admin.register(ArchiveDocument)
class ArchiveDocumentAdmin(PlanScopedAdmin):
    list_display = ("title", "doc_type", "date", "act_number", "plan")
    list_select_related = ("plan",)
    list_filter = (scoped_filter("plan"), "doc_type", ("date", admin.DateFieldListFilter))
    search_fields = ("title", "act_number", "description")
    date_hierarchy = "date"
    autocomplete_fields = (
        "articles",
        "subsystems",
        "commitments",
        "projects",
        "indicators",
        "territorial_units",
    )
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
