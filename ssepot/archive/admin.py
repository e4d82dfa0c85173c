"""Admin of the technical and historical archive: where a plan's documents are filed, marked public and
linked to the expediente's required products and to their earlier versions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ssepot.accounts.admin_scoping import PlanScopedAdmin, scoped_filter
from ssepot.archive.actions import read_document_text
from ssepot.archive.guide import load_guide
from ssepot.archive.models import ArchiveDocument


def _product_choices() -> list[tuple[str, str]]:
    guide = load_guide()
    return [("", "---------")] + [
        (str(c.name), [(p.code, p.name) for s in c.sections for p in s.products])  # type: ignore[misc]
        for c in guide.components
    ]


@admin.register(ArchiveDocument)
class ArchiveDocumentAdmin(PlanScopedAdmin):
    list_display = ("title", "doc_type", "date", "act_number", "is_public", "product", "plan")
    list_select_related = ("plan",)
    list_filter = (
        scoped_filter("plan"),
        "doc_type",
        "is_public",
        "product",
        ("date", admin.DateFieldListFilter),
    )
    search_fields = ("title", "act_number", "description")
    date_hierarchy = "date"
    readonly_fields = ("text_note", "text_length")
    autocomplete_fields = (
        "supersedes",
        "articles",
        "subsystems",
        "commitments",
        "projects",
        "indicators",
        "territorial_units",
    )
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("caracteres de texto extraído"))
    def text_length(self, obj: ArchiveDocument) -> int:
        return len(obj.text)

    def formfield_for_dbfield(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "product":
            return forms.ChoiceField(
                choices=_product_choices(),
                required=False,
                label=db_field.verbose_name,
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # the text is read when the file changes; the mixin's save writes the audit entry in the same
        # transaction as the admin's save
        if not change or "file" in form.changed_data:
            read_document_text(obj)
        super().save_model(request, obj, form, change)
