"""The admin of a historised catalogue model (ADR 0006): a "motivo del cambio" beside the fields, kept in
the history row with the user and the date, and the record's history page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

REASON = "change_reason"


def reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Motivo del cambio"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Queda en el historial del registro, con quién y cuándo lo cambió."),
    )


class CatalogueHistoryAdmin(SimpleHistoryAdmin):
    """Put first among the bases: ``class IndicatorAdmin(CatalogueHistoryAdmin, PlanScopedAdmin)``; the
    other bases' form gets the reason field."""

    form: type[forms.ModelForm]  # NB: declared, not set: the other bases' form

    def __init__(self, model: type[models.Model], admin_site: Any) -> None:
        super().__init__(model, admin_site)
        self.form = type(f"{self.form.__name__}ConMotivo", (self.form,), {REASON: reason_field()})

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = list(super().get_fieldsets(request, obj))
        if not any(REASON in options.get("fields", ()) for _name, options in fieldsets):
            fieldsets.append((_("Motivo del cambio"), {"fields": (REASON,)}))
        return fieldsets

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        obj._change_reason = form.cleaned_data.get(REASON) or None  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # NB: the inlines' rows (a program's budgets, an indicator's targets) share the page's reason
        for inline in formset.forms:
            inline.instance._change_reason = form.cleaned_data.get(REASON) or None
        super().save_formset(request, form, formset, change)
