"""The reporting pages' forms. The agency's entry itself is not a Django form: its fields depend on the
item (one row per territorial unit for a disaggregated indicator) and ``entries.parse`` checks it, so
``entry_from_post`` only collects what was typed, in the draft's shape."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ssepot.reporting.entries import TOTAL

ENTRY_FIELDS = {
    "compromiso": ("status", "progress"),
    "proyecto": ("budget", "executed", "physical_progress"),
}


def entry_from_post(
    kind: str, post: Mapping[str, Any], unit_codes: Iterable[str], periods: Iterable[str] = ()
) -> dict[str, Any]:
    """The draft as typed in the form (strings, nothing parsed), shaped as ``entries`` expects;
    ``periods`` are the labels of the quarters or months the form asks (an indicator that reports by
    period has no year field: its year is combined from them)."""
    data: dict[str, Any] = {}
    labels = list(periods)
    codes = [TOTAL, *sorted(unit_codes)]
    if kind == "indicador" and labels:
        data["periods"] = {
            label: {code: str(post.get(f"periods.{label}.{code}", "")).strip() for code in codes}
            for label in labels
        }
    elif kind == "indicador":
        data["values"] = {code: str(post.get(f"values.{code}", "")).strip() for code in codes}
    for name in ENTRY_FIELDS.get(kind, ()):
        data[name] = str(post.get(name, "")).strip()
    data["observation"] = str(post.get("observation", "")).strip()
    return data


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class OpenPeriodForm(forms.Form):
    plan = forms.TypedChoiceField(label=_("Plan"), coerce=int)
    year = forms.IntegerField(label=_("Vigencia"), min_value=2000, max_value=2100)
    cutoff_date = forms.DateField(label=_("Fecha de corte"), widget=DateInput())
    deadline = forms.DateField(label=_("Fecha límite de reporte"), widget=DateInput())

    def __init__(self, *args: Any, plans: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [(p.pk, p.name) for p in plans]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        cutoff, deadline = data.get("cutoff_date"), data.get("deadline")
        if cutoff and deadline and deadline < cutoff:
            self.add_error("deadline", _("La fecha límite no puede ser anterior a la fecha de corte."))
        return data


class MessageForm(forms.Form):
    """An observation for the agency, an answer to it, or the reason of a correction."""

    message = forms.CharField(label=_("Mensaje"), widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(forms.Form):
    note = forms.CharField(
        label=_("Nota de la publicación"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Por qué se publica: p. ej. «Reporte anual 2025» o «Corrección de la cifra de movilidad»."
        ),
    )


class ConfirmPublishForm(PublishForm):
    """Publishing is confirmed on the page that shows what will change: the token names that preview
    (``releases.publication_token``); a POST without it publishes nothing."""

    confirmacion = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("confirmacion"):
            self.add_error(
                None, _("Revise lo que cambiará al publicar y confirme con el botón «Confirmar y publicar».")
            )
        return data


class FileForm(forms.Form):
    file = forms.FileField(label=_("Archivo"))
