"""The admin's plan scoping, its read-only reported data and its audit trail, shared by every
``ModelAdmin`` of the project.

Which plans a user may see or edit is decided in ``ssepot.accounts.permissions``; this module only applies
that answer to querysets, object permissions, foreign-key choices and forms.

Who enters the admin: the admin is where a plan's catalogue is kept, so a user works in it only for the
plans where he may change the catalogue (``ADMIN_PERMISSION``: administrators and analysts; a superuser
everywhere). Readers and reporters have no admin at all: a reporter works in the reporting pages, where
``ssepot.reporting.access`` shows him his agency's items only, and a reader in the public pages. The admin
scopes by plan, not by agency, so letting them in would show every agency's drafts, evidence and the
whole audit log, or need a second copy of the reporting's access rules here.

Reported data (indicator values, commitment statuses, project years) and the reporting cycle's records
are read-only here: they are written by ``ssepot.reporting.actions``, which validate them and write the
audit log. Every catalogue edit made here (add, change, delete, inline rows) writes an audit entry with
who, when and the changed fields (``AuditedAdminMixin``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ssepot.accounts.permissions import can_in_plan, plans_for_user
from ssepot.audit.log import record
from ssepot.catalogue.models import Plan, PlanScoped
from ssepot.core.inputs import InputError, NumberLimits, clean_text, read_number

ADMIN_PERMISSION = "catalogue.change_plan"
"""A user enters the admin for the plans where his role grants this: he keeps that plan's catalogue."""


def admin_plans(user: Any) -> models.QuerySet[Plan]:
    """The plans whose records a user sees in the admin (none for readers and reporters)."""
    return plans_for_user(user, ADMIN_PERMISSION)


def uses_admin(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or admin_plans(user).exists()


def scoped_filter(field: str) -> tuple[str, type[admin.FieldListFilter]]:
    """A related-field list filter that offers only values present in the user's own records."""
    return (field, admin.RelatedOnlyFieldListFilter)


YEAR_FIELDS = ("year", "start_year", "end_year")


def plain_year(model: type[models.Model], name: str) -> Any:
    """A list column that shows a year as 2025, not localised as a quantity (2.025)."""

    @admin.display(description=getattr(model._meta.get_field(name), "verbose_name", name), ordering=name)
    def show(obj: models.Model) -> str:
        value = getattr(obj, name)
        return "" if value is None else str(value)

    return show


def _perm(model: type[models.Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def _plan_of(value: Any) -> int | None:
    if isinstance(value, Plan):
        return value.pk
    if isinstance(value, PlanScoped):
        return value.plan_id
    return None


class PolicyDecimalField(forms.DecimalField):
    """A catalogue number typed as every other path reads numbers (``ssepot.core.inputs``: "12.500" is
    12500, "12,5" is 12.5), within its column's limits. Shown with a decimal comma and no thousands
    separator, so a form saved unchanged reads back the same (1.234 shows as "1,234", not "1.234")."""

    def __init__(self, *, limits: NumberLimits, **kwargs: Any) -> None:
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
        kwargs["widget"] = forms.TextInput(attrs={"inputmode": "decimal"})
        super().__init__(**kwargs)
        self.limits = limits
        self.validators = []  # NB: read_number already holds the column's limits

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int):
            return format(Decimal(value).normalize(), "f").replace(".", ",")
        return value

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        try:
            return read_number(value, self.limits)
        except InputError as refused:
            raise forms.ValidationError(refused.message, code="invalid") from None

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)


class PlanScopedForm(forms.ModelForm):
    """Refuses links to records of another plan (a commitment of plan A cannot cite plan B's article) and
    text with control characters (``ssepot.core.inputs``)."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                try:
                    clean_text(value)
                except InputError as refused:
                    self.add_error(name, refused.message)
        plan = cleaned.get("plan") if "plan" in self.fields else None
        plan_id = plan.pk if plan is not None else getattr(self.instance, "plan_id", None)
        if plan_id is None:
            return cleaned
        for name, value in cleaned.items():
            if name == "plan" or value is None:
                continue
            values = list(value) if isinstance(value, models.QuerySet | list) else [value]
            if any(_plan_of(v) not in (None, plan_id) for v in values):
                self.add_error(name, _("Pertenece a otro plan."))
        return cleaned


class PlanScopedAdminMixin:
    """Shows a staff user only the records of his plans and lets him act only where his role allows.

    ``plan_lookup`` is the path from the model to its plan: ``"plan"`` for plan-scoped records, ``"pk"``
    for ``Plan`` itself, ``None`` for shared reference data (municipalities).
    """

    plan_lookup: str | None = "plan"
    form: type[forms.ModelForm] = PlanScopedForm
    model: type[models.Model]

    def _plan_id(self, obj: models.Model) -> int | None:
        # NB: an inline receives its parent, which may be the plan itself.
        return _plan_of(obj)

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        qs = super().get_queryset(request)  # type: ignore[misc]
        if self.plan_lookup is None or request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.plan_lookup}__in": admin_plans(request.user)})

    def _allowed(self, request: HttpRequest, action: str, obj: models.Model | None) -> bool:
        if request.user.is_superuser:
            return True
        if obj is None or self.plan_lookup is None:
            return uses_admin(request.user)
        plan_id = self._plan_id(obj)
        if plan_id is None:
            return False  # NB: records outside any plan are a superuser's
        return admin_plans(request.user).filter(pk=plan_id).exists() and can_in_plan(
            request.user, _perm(self.model, action), plan_id
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return uses_admin(request.user) and super().has_module_permission(request)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        # NB: change implies view in Django's admin, so either permission must hold in the object's plan.
        return super().has_view_permission(request, obj) and (  # type: ignore[misc]
            self._allowed(request, "view", obj) or self._allowed(request, "change", obj)
        )

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and self._allowed(  # type: ignore[misc]
            request, "change", obj
        )

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_delete_permission(request, obj) and self._allowed(  # type: ignore[misc]
            request, "delete", obj
        )

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        if not super().has_add_permission(request, *args):  # type: ignore[misc]
            return False
        if request.user.is_superuser:
            return True
        if self.plan_lookup != "plan":
            return uses_admin(request.user)
        return self.editable_plans(request, "add").exists()

    def editable_plans(self, request: HttpRequest, *actions: str) -> models.QuerySet[Plan]:
        """The plans where this user may add or change (or do ``actions`` on) this model's records."""
        found = Q()
        for action in actions or ("add", "change"):
            found |= Q(pk__in=plans_for_user(request.user, _perm(self.model, action)).values("pk"))
        return Plan.objects.filter(found, pk__in=admin_plans(request.user).values("pk"))

    def formfield_for_dbfield(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        if isinstance(db_field, models.DecimalField) and not db_field.choices:
            kwargs.setdefault("form_class", PolicyDecimalField)
            kwargs.setdefault("limits", NumberLimits.of(db_field))
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        related = db_field.related_model
        if not request.user.is_superuser:
            if db_field.name == "plan" and related is Plan:
                kwargs["queryset"] = self.editable_plans(request)
            elif isinstance(related, type) and issubclass(related, PlanScoped):
                kwargs["queryset"] = related._default_manager.filter(plan__in=admin_plans(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        related = db_field.related_model
        if not request.user.is_superuser and isinstance(related, type) and issubclass(related, PlanScoped):
            kwargs["queryset"] = related._default_manager.filter(plan__in=admin_plans(request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]

    def get_list_display(self, request: HttpRequest) -> Any:
        columns = super().get_list_display(request)  # type: ignore[misc]
        return [plain_year(self.model, c) if c in YEAR_FIELDS else c for c in columns]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial: dict[str, Any] = super().get_changeform_initial_data(request)  # type: ignore[misc]
        if self.plan_lookup == "plan" and "plan" not in initial:
            plans = list(self.editable_plans(request).values_list("pk", flat=True)[:2])
            if len(plans) == 1:  # the usual case: a member of one plan should not have to pick it
                initial["plan"] = plans[0]
        return initial


class PlanFromParentFormSet(BaseInlineFormSet):
    """Inline rows take their plan (and any other field named in ``inherited``) from the parent record."""

    inherited: tuple[str, ...] = ("plan",)

    def _inherit(self, instance: models.Model) -> None:
        for name in self.inherited:
            setattr(instance, f"{name}_id", getattr(self.instance, f"{name}_id", None))

    def add_fields(self, form: Any, index: int | None) -> None:
        super().add_fields(form, index)
        self._inherit(form.instance)

    def save_new(self, form: forms.ModelForm, commit: bool = True) -> Any:
        # NB: forms may be built before the parent's form filled in its plan; take it again now.
        self._inherit(form.instance)
        return super().save_new(form, commit=commit)


class PlanScopedInline(PlanScopedAdminMixin, admin.TabularInline):
    formset = PlanFromParentFormSet
    inherited: tuple[str, ...] = ("plan",)
    extra = 0
    show_change_link = True

    def get_exclude(self, request: HttpRequest, obj: models.Model | None = None) -> Any:
        return [*(super().get_exclude(request, obj) or []), *self.inherited]

    def get_formset(self, request: HttpRequest, obj: models.Model | None = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"inherited": self.inherited})


class PlanScopedStackedInline(PlanScopedInline):
    template = "admin/edit_inline/stacked.html"


def _form_changes(form: Any, fields: list[str]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for the form's changed fields (``record`` makes them JSON)."""
    return {name: [form.initial.get(name), form.cleaned_data.get(name)] for name in fields}


class AuditedAdminMixin:
    """Every catalogue edit made in the admin goes to the audit log, in the edit's own transaction (the
    admin wraps its add, change and delete views in one): who, when, the object and the changed fields."""

    def _record(self, request: HttpRequest, verb: str, obj: models.Model, changes: dict[str, Any]) -> None:
        opts = obj._meta
        record(
            f"admin: {verb} {opts.verbose_name}"[:60],
            obj,
            actor=request.user,
            plan_id=_plan_of(obj),
            changes=changes,
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        fields = list(form.changed_data)
        if fields or not change:
            self._record(request, "cambiar" if change else "crear", obj, _form_changes(form, fields))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._record(request, "borrar", obj, {})
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                self._record(request, "borrar", obj, {})
            super().delete_queryset(request, queryset)  # type: ignore[misc]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)  # type: ignore[misc]
        for inline_form in formset.forms:
            obj = inline_form.instance
            if obj.pk is None or inline_form in getattr(formset, "deleted_forms", ()):
                continue
            fields = list(inline_form.changed_data)
            if fields:
                verb = "cambiar" if inline_form.initial else "crear"
                self._record(request, verb, obj, _form_changes(inline_form, fields))
        for obj in getattr(formset, "deleted_objects", ()):
            self._record(request, "borrar", obj, {})


class PlanScopedAdmin(AuditedAdminMixin, PlanScopedAdminMixin, admin.ModelAdmin):
    list_per_page = 50
    show_full_result_count = False  # NB: a second COUNT(*) per page is wasted on big tables


class ShownOnlyAdmin(PlanScopedAdmin):
    """Read-only in the admin: records that only action functions write (the reporting cycle, the audit
    log), so the audit trail stays whole."""

    actions = None

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


# --- Reported data (catalogue.models.Versioned): shown, never written here ------------------------------

VERSIONED_HELP = _(
    "Los datos reportados solo se consultan aquí. Se registran, se corrigen y se aprueban en el ciclo de "
    "reporte (Reporte), que revisa cada valor y deja el registro de auditoría; cada corrección es una "
    "nueva versión con su motivo."
)


class VersionedAdmin(ShownOnlyAdmin):
    """Reported data: every version is shown with its author; the reporting cycle's actions write them."""

    versioned_readonly = ("version", "supersedes", "recorded_at", "recorded_by")

    def get_fieldsets(self, request: HttpRequest, obj: models.Model | None = None) -> Any:
        return [(None, {"description": VERSIONED_HELP, "fields": self.get_fields(request, obj)})]

    def get_list_select_related(self, request: HttpRequest) -> Any:
        # NB: the reverse one-to-one in the join tells whether a row is current without a query per row.
        base = super().get_list_select_related(request)
        return [*(base if isinstance(base, list | tuple) else []), "superseded_by", "recorded_by"]

    @admin.display(description=_("vigente"), boolean=True)
    def is_current(self, obj: Any) -> bool:
        return not hasattr(obj, "superseded_by")


class VersionedInline(PlanScopedInline):
    """The history of reported rows inside their parent: read-only."""

    readonly_fields = ("version", "recorded_at", "recorded_by")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False
