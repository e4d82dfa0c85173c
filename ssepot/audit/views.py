"""The audit log pages: a plan's log with filters, one object's history, and the log as CSV or XLSX.

Only the plan's analysts and administrators, and superusers, see them
(``accounts.permissions.can_review_plan``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssepot.accounts.permissions import can_review_plan
from ssepot.audit.export import csv_response, xlsx_response
from ssepot.audit.models import AuditEntry
from ssepot.catalogue.models import Plan

PER_PAGE = 50
EXPORT_FORMATS = {"csv", "xlsx"}


def history_url(plan: Plan, obj: models.Model) -> str:
    """The address of one object's history, e.g. for a link from an assignment's page."""
    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    return reverse("audit:object_history", args=[plan.slug, label, obj.pk])


def _reviewed_plan(request: HttpRequest, slug: str) -> Plan:
    plan = get_object_or_404(Plan, slug=slug)
    if not can_review_plan(request.user, plan.pk):
        raise PermissionDenied(
            _("Solo los analistas y administradores del plan ven su registro de auditoría.")
        )
    return plan


def _type_label(ct: ContentType) -> str:
    model = ct.model_class()
    return str(model._meta.verbose_name).capitalize() if model is not None else ct.model


class LogFilter(forms.Form):
    """The filters of the log, offered from what the plan's log holds."""

    usuario = forms.TypedChoiceField(label=gettext_lazy("Usuario"), required=False, coerce=int,
                                     empty_value=None)  # fmt: skip
    accion = forms.ChoiceField(label=gettext_lazy("Acción"), required=False)
    tipo = forms.ChoiceField(label=gettext_lazy("Tipo de objeto"), required=False)
    desde = forms.DateField(
        label=gettext_lazy("Desde"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    hasta = forms.DateField(
        label=gettext_lazy("Hasta"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data: Any, plan: Plan) -> None:
        super().__init__(data)
        log = AuditEntry.objects.filter(plan=plan).order_by()
        everyone = _("Todos")
        actor_ids = set(log.exclude(actor=None).values_list("actor_id", flat=True).distinct())
        users = get_user_model().objects.filter(pk__in=actor_ids).order_by("username")
        cast(forms.ChoiceField, self.fields["usuario"]).choices = [("", everyone)] + [
            (u.pk, u.get_full_name() or u.get_username()) for u in users
        ]
        actions = sorted(set(log.values_list("action", flat=True).distinct()))
        cast(forms.ChoiceField, self.fields["accion"]).choices = [("", everyone)] + [(a, a) for a in actions]
        type_ids = set(log.exclude(content_type=None).values_list("content_type_id", flat=True).distinct())
        types = sorted(
            (ContentType.objects.get_for_id(pk) for pk in type_ids), key=lambda ct: _type_label(ct).lower()
        )
        cast(forms.ChoiceField, self.fields["tipo"]).choices = [("", everyone)] + [
            (f"{ct.app_label}.{ct.model}", _type_label(ct)) for ct in types
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("desde") and data.get("hasta") and data["desde"] > data["hasta"]:
            raise forms.ValidationError(_("La fecha inicial es posterior a la final."))
        return data

    def apply(self, log: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        """The log narrowed by every filter that is valid (an invalid one is shown and ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("usuario"):
            log = log.filter(actor_id=data["usuario"])
        if data.get("accion"):
            log = log.filter(action=data["accion"])
        if data.get("tipo"):
            app_label, model = data["tipo"].split(".", 1)
            log = log.filter(content_type__app_label=app_label, content_type__model=model)
        # NB: dates are days in the site's time zone (Bogotá), not in UTC.
        if data.get("desde"):
            log = log.filter(at__gte=_start_of(data["desde"]))
        if data.get("hasta"):
            log = log.filter(at__lt=_start_of(data["hasta"] + dt.timedelta(days=1)))
        return log


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass
class Change:
    field: str
    old: str
    new: str


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _field_label(model: type[models.Model] | None, name: str) -> str:
    try:
        field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        field = None
    return str(getattr(field, "verbose_name", name))


def changes(entry: AuditEntry) -> list[Change]:
    """Old > new per field, the field named as its model names it when it is a model field."""
    model = entry.content_type.model_class() if entry.content_type else None
    rows = []
    for name, pair in sorted((entry.changes or {}).items()):
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        rows.append(Change(_field_label(model, name), _shown(old), _shown(new)))
    return rows


def _with_changes(plan: Plan, entries: Any) -> list[tuple[AuditEntry, list[Change], str]]:
    """Each entry with its changes and the address of its object's history ("" when it has no object)."""
    return [(e, changes(e), _entry_history_url(plan, e)) for e in entries]


def _entry_history_url(plan: Plan, entry: AuditEntry) -> str:
    if entry.content_type is None or not entry.object_id:
        return ""
    label = f"{entry.content_type.app_label}.{entry.content_type.model}"
    return reverse("audit:object_history", args=[plan.slug, label, entry.object_id])


def _plan_log(plan: Plan) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(plan=plan).select_related("actor", "content_type")


@login_required
def plan_log(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _reviewed_plan(request, slug)
    form = LogFilter(request.GET, plan)
    page = Paginator(form.apply(_plan_log(plan)), PER_PAGE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "audit/log.html", {
        "plan": plan, "form": form, "page": page, "entries": _with_changes(plan, page.object_list),
        "query": query.urlencode(),
    })  # fmt: skip


@login_required
def object_history(request: HttpRequest, slug: str, label: str, object_id: str) -> HttpResponse:
    plan = _reviewed_plan(request, slug)
    app_label, _dot, model = label.partition(".")
    try:
        ct = ContentType.objects.get_by_natural_key(app_label, model)
    except ContentType.DoesNotExist:
        raise Http404(_("No existe ese tipo de objeto.")) from None
    entries = list(_plan_log(plan).filter(content_type=ct, object_id=object_id))
    obj = _object_in_plan(ct, object_id, plan)
    if not entries and obj is None:
        raise Http404(_("Ese objeto no tiene historia en este plan."))
    return render(request, "audit/history.html", {
        "plan": plan, "type_label": _type_label(ct), "object": obj,
        "object_repr": str(obj) if obj is not None else entries[0].object_repr,
        "entries": _with_changes(plan, entries),
    })  # fmt: skip


def _object_in_plan(ct: ContentType, object_id: str, plan: Plan) -> models.Model | None:
    try:
        obj = ct.get_object_for_this_type(pk=object_id)
    except (ObjectDoesNotExist, ValueError, TypeError):
        return None
    owner = obj.pk if isinstance(obj, Plan) else getattr(obj, "plan_id", None)
    return obj if owner == plan.pk else None


@login_required
def export_log(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404(_("Formato desconocido: use csv o xlsx."))
    plan = _reviewed_plan(request, slug)
    log = LogFilter(request.GET, plan).apply(_plan_log(plan))
    header = [_("fecha"), _("usuario"), _("acción"), _("tipo de objeto"), _("identificador"), _("objeto"),
              _("cambios (anterior > nuevo)"), _("motivo")]  # fmt: skip
    rows = (
        [e.at, e.actor.get_username() if e.actor else "", e.action,
         _type_label(e.content_type) if e.content_type else "", e.object_id, e.object_repr,
         "; ".join(f"{c.field}: {c.old} > {c.new}" for c in changes(e)), e.reason]
        for e in log.iterator(chunk_size=2000)
    )  # fmt: skip
    filename = f"auditoria-{plan.slug}-{timezone.localdate():%Y%m%d}"
    if fmt == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, _("Auditoría"), header, rows)
