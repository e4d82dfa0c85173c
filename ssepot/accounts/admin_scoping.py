"""The admin's plan scoping and append-only history, shared by every ``ModelAdmin`` of the project.

Which plans a user may see or edit is decided in ``ssepot.accounts.permissions``; this module only applies
that answer to querysets, object permissions, foreign-key choices and forms.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from ssepot.accounts.permissions import can_in_plan, plans_for_user
from ssepot.catalogue.models import Plan, PlanScoped, Versioned, VersionedQuerySet


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


class PlanScopedForm(forms.ModelForm):
    """Refuses links to records of another plan (a commitment of plan A cannot cite plan B's article)."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
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
        return qs.filter(**{f"{self.plan_lookup}__in": plans_for_user(request.user)})

    def _allowed(self, request: HttpRequest, action: str, obj: models.Model | None) -> bool:
        if obj is None or self.plan_lookup is None or request.user.is_superuser:
            return True
        return can_in_plan(request.user, _perm(self.model, action), self._plan_id(obj))

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
        if self.plan_lookup != "plan" or request.user.is_superuser:
            return True
        return plans_for_user(request.user, _perm(self.model, "add")).exists()

    def editable_plans(self, request: HttpRequest) -> models.QuerySet[Plan]:
        """The plans where this user may add or change this model's records."""
        add = plans_for_user(request.user, _perm(self.model, "add"))
        change = plans_for_user(request.user, _perm(self.model, "change"))
        return Plan.objects.filter(Q(pk__in=add.values("pk")) | Q(pk__in=change.values("pk")))

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        related = db_field.related_model
        if not request.user.is_superuser:
            if db_field.name == "plan" and related is Plan:
                kwargs["queryset"] = self.editable_plans(request)
            elif isinstance(related, type) and issubclass(related, PlanScoped):
                kwargs["queryset"] = related._default_manager.filter(plan__in=plans_for_user(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        related = db_field.related_model
        if not request.user.is_superuser and isinstance(related, type) and issubclass(related, PlanScoped):
            kwargs["queryset"] = related._default_manager.filter(plan__in=plans_for_user(request.user))
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


class PlanScopedAdmin(PlanScopedAdminMixin, admin.ModelAdmin):
    list_per_page = 50
    show_full_result_count = False  # NB: a second COUNT(*) per page is wasted on big tables

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if issubclass(formset.model, Versioned):
            save_versioned_formset(request, formset)
        else:
            super().save_formset(request, form, formset, change)


class ShownOnlyAdmin(PlanScopedAdmin):
    """Read-only in the admin: records that only action functions write (the reporting cycle, the audit
    log), so the audit trail stays whole."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


# --- Append-only reported data (catalogue.models.Versioned) ---------------------------------------------

VERSIONED_HELP = _(
    "Los datos reportados no se modifican ni se borran. Para corregir un registro, selecciónelo en la "
    "lista y use la acción «Registrar una corrección»: se crea una nueva versión que reemplaza a la "
    "anterior, con el motivo."
)


class VersionedForm(PlanScopedForm):
    """Adds a new version: refuses a second first version, checks that a correction keeps its identity."""

    identity_fields: tuple[str, ...] = ()
    correction_queryset: models.QuerySet[Any] | None = None

    correction_of = forms.ModelChoiceField(
        queryset=Plan.objects.none(),
        required=False,
        label=_("corrige a"),
        help_text=_("El registro vigente que esta nueva versión reemplaza; exige un motivo."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "correction_of" in self.fields:
            if self.correction_queryset is None:
                del self.fields["correction_of"]
            else:
                field = self.fields["correction_of"]
                assert isinstance(field, forms.ModelChoiceField)
                field.queryset = self.correction_queryset

    def _value(self, name: str) -> Any:
        if name in self.fields:
            return self.cleaned_data.get(name)
        return getattr(self.instance, name, None)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        model = type(self.instance)
        identity = {name: self._value(name) for name in self.identity_fields}
        corrected = cleaned.get("correction_of")
        if corrected is not None:
            if not (cleaned.get("reason") or "").strip():
                self.add_error("reason", _("Una corrección debe indicar el motivo."))
            if any(getattr(corrected, name) != value for name, value in identity.items()):
                self.add_error(
                    "correction_of", _("La corrección debe referirse al mismo registro y vigencia.")
                )
        elif (
            identity
            # NB: in an inline under a parent being created there is nothing saved to collide with yet.
            and not any(isinstance(v, models.Model) and v.pk is None for v in identity.values())
            and model._default_manager.filter(**identity).exists()
        ):
            raise forms.ValidationError(
                _("Ya hay un registro para esta vigencia: registre una corrección en lugar de un duplicado.")
            )
        return cleaned


class VersionedAdmin(PlanScopedAdmin):
    """Reported data: may be added, never changed or deleted; corrections are new versions."""

    form = VersionedForm
    identity_fields: tuple[str, ...] = ()
    actions = ["record_correction"]
    versioned_readonly = ("version", "supersedes", "recorded_at", "recorded_by")

    def get_readonly_fields(self, request: HttpRequest, obj: models.Model | None = None) -> Any:
        return [*super().get_readonly_fields(request, obj), *self.versioned_readonly]

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        attrs: dict[str, Any] = {"identity_fields": self.identity_fields}
        if obj is None:
            attrs["correction_queryset"] = cast(VersionedQuerySet, self.get_queryset(request)).current()
        return type(form.__name__, (form,), attrs)

    def get_fields(self, request: HttpRequest, obj: models.Model | None = None) -> Any:
        fields = [f for f in super().get_fields(request, obj) if f != "correction_of"]
        if obj is None:
            return ["correction_of", *(f for f in fields if f not in self.versioned_readonly)]
        return fields

    def get_fieldsets(self, request: HttpRequest, obj: models.Model | None = None) -> Any:
        return [(None, {"description": VERSIONED_HELP, "fields": self.get_fields(request, obj)})]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        corrected = self.get_queryset(request).filter(pk=request.GET.get("correction_of") or None).first()
        if corrected is not None:
            # A correction starts from the values it corrects; the user changes what was wrong.
            form_fields = self.get_form(request).base_fields
            for field in corrected._meta.concrete_fields:
                if field.name in form_fields and field.name != "reason":
                    initial[field.name] = getattr(corrected, field.attname)
        return initial

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.supersedes = form.cleaned_data.get("correction_of")
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Registrar una corrección del registro seleccionado"))
    def record_correction(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> Any:
        rows = list(queryset[:2])
        if len(rows) != 1:
            self.message_user(request, _("Seleccione un solo registro para corregir."), messages.WARNING)
            return None
        if getattr(rows[0], "superseded_by", None) is not None:
            self.message_user(
                request, _("Ese registro ya fue reemplazado: corrija la versión vigente."), messages.WARNING
            )
            return None
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        return HttpResponseRedirect(f"{url}?{urlencode({'correction_of': rows[0].pk})}")

    def get_list_select_related(self, request: HttpRequest) -> Any:
        # NB: the reverse one-to-one in the join tells whether a row is current without a query per row.
        base = super().get_list_select_related(request)
        return [*(base if isinstance(base, list | tuple) else []), "superseded_by", "recorded_by"]

    @admin.display(description=_("vigente"), boolean=True)
    def is_current(self, obj: Any) -> bool:
        return not hasattr(obj, "superseded_by")

    @admin.display(description=_("corrección"))
    def correction_link(self, obj: Any) -> str:
        if hasattr(obj, "superseded_by"):
            return "-"
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        return format_html('<a href="{}?{}">{}</a>', url, urlencode({"correction_of": obj.pk}), _("corregir"))


class VersionedInline(PlanScopedInline):
    """The history of reported rows inside their parent: read-only, new rows only."""

    form = VersionedForm
    identity_fields: tuple[str, ...] = ()
    readonly_fields = ("version", "recorded_at", "recorded_by")
    can_delete = False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def get_formset(self, request: HttpRequest, obj: models.Model | None = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type(formset.form.__name__, (formset.form,), {"identity_fields": self.identity_fields})
        return formset


def save_versioned_formset(request: HttpRequest, formset: Any) -> None:
    """Saves new reported rows from an inline, recording who entered them."""
    for instance in formset.save(commit=False):
        if getattr(instance, "_state", None) is not None and instance._state.adding:
            if hasattr(instance, "recorded_by_id"):
                instance.recorded_by = request.user
            instance.save()
    formset.save_m2m()
