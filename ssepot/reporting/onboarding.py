"""The analyst's configuration pages: create a plan (superusers and platform operators), and in a plan
register its development plans, agencies and people with their roles.

The same action functions as the console (``ssepot plan create``, ``pdd create``, ``agency create``,
``user create``) do the writes, with their checks and audit entries; who may do what is asked of
``ssepot.accounts.permissions``. A plan the user may not configure is a 404, as in the reporting pages.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ssepot.accounts import actions as accounts_actions
from ssepot.accounts.models import Membership, Role
from ssepot.accounts.permissions import can_add_plan, can_in_plan, grantable_roles, plans_for_user
from ssepot.catalogue import actions
from ssepot.catalogue.models import AdministrativePeriod, Agency, Horizon, Plan
from ssepot.development.actions import create_development_plan
from ssepot.development.models import DevelopmentPlan
from ssepot.reporting.forms import DateInput

# What each part of a plan's page lets the user add, and the permission it asks for in the plan.
PERMS = {
    "development_plan": "development.add_developmentplan",
    "agency": "catalogue.add_agency",
    "member": "accounts.add_membership",
}


# -- forms: they read the fields' types; the actions check everything else --------------------------------


def _parsed(parse: Any, text: str) -> Any:
    try:
        return parse(text)
    except ValueError as error:
        raise forms.ValidationError(str(error)) from None


class PlanForm(forms.Form):
    divipola_code = forms.CharField(
        label=gettext_lazy("Código DIVIPOLA del municipio"),
        max_length=5,
        help_text=gettext_lazy("Cinco dígitos del DANE, p. ej. 05001 para Medellín."),
    )
    slug = forms.CharField(
        label=gettext_lazy("Identificador del plan"),
        max_length=60,
        help_text=gettext_lazy("Letras sin tildes, números y guiones; va en las direcciones y los comandos."),
    )
    name = forms.CharField(label=gettext_lazy("Nombre del plan"), max_length=200)
    act = forms.CharField(
        label=gettext_lazy("Acto de adopción"),
        max_length=120,
        help_text=gettext_lazy("P. ej. Acuerdo 48 de 2014."),
    )
    adoption_date = forms.DateField(label=gettext_lazy("Fecha de adopción"), widget=DateInput())
    start_date = forms.DateField(
        label=gettext_lazy("Inicio de vigencia"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Si se deja vacío, la fecha de adopción."),
    )
    end_date = forms.DateField(label=gettext_lazy("Fin de vigencia"), widget=DateInput())
    horizon_corto = forms.CharField(
        label=gettext_lazy("Horizonte de corto plazo"), required=False, help_text=gettext_lazy("AAAA-AAAA")
    )
    horizon_mediano = forms.CharField(
        label=gettext_lazy("Horizonte de mediano plazo"), required=False, help_text=gettext_lazy("AAAA-AAAA")
    )
    horizon_largo = forms.CharField(
        label=gettext_lazy("Horizonte de largo plazo"), required=False, help_text=gettext_lazy("AAAA-AAAA")
    )
    periods = forms.CharField(
        label=gettext_lazy("Periodos administrativos"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Uno por línea, con su nombre si lo tiene: «Medellín Futuro: 2020-2023»."),
    )
    description = forms.CharField(
        label=gettext_lazy("Descripción"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def horizons(self) -> dict[str, actions.Years]:
        return {
            kind: self.cleaned_data[f"horizon_{kind}"]
            for kind in actions.HORIZON_KINDS
            if self.cleaned_data.get(f"horizon_{kind}")
        }

    def _horizon(self, kind: str) -> actions.Years | None:
        text = self.cleaned_data.get(f"horizon_{kind}", "").strip()
        return _parsed(actions.parse_years, text) if text else None

    def clean_horizon_corto(self) -> actions.Years | None:
        return self._horizon("corto")

    def clean_horizon_mediano(self) -> actions.Years | None:
        return self._horizon("mediano")

    def clean_horizon_largo(self) -> actions.Years | None:
        return self._horizon("largo")

    def clean_periods(self) -> list[tuple[str, actions.Years]]:
        lines = [line for line in self.cleaned_data.get("periods", "").splitlines() if line.strip()]
        return [_parsed(actions.parse_period, line) for line in lines]


class DevelopmentPlanForm(forms.Form):
    slug = forms.CharField(
        label=gettext_lazy("Identificador"),
        max_length=60,
        help_text=gettext_lazy("El que nombra la correspondencia del plan indicativo, p. ej. pdd-2024-2027."),
    )
    name = forms.CharField(label=gettext_lazy("Nombre"), max_length=200)
    act = forms.CharField(label=gettext_lazy("Acto de adopción"), max_length=120, required=False)
    start_year = forms.IntegerField(label=gettext_lazy("Año inicial"), min_value=1900, max_value=2200)
    end_year = forms.IntegerField(label=gettext_lazy("Año final"), min_value=1900, max_value=2200)


class AgencyForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Código"), max_length=40)
    name = forms.CharField(
        label=gettext_lazy("Nombre"),
        max_length=200,
        help_text=gettext_lazy("Como lo escribe el plan indicativo, para que la importación la reconozca."),
    )
    acronym = forms.CharField(label=gettext_lazy("Sigla"), max_length=30, required=False)
    email = forms.CharField(label=gettext_lazy("Correo de contacto"), max_length=254, required=False)


class MemberForm(forms.Form):
    username = forms.CharField(
        label=gettext_lazy("Usuario"),
        max_length=150,
        help_text=gettext_lazy("Si ya existe (p. ej. en otro plan), solo se le agrega el rol."),
    )
    role = forms.ChoiceField(label=gettext_lazy("Rol"))
    agency = forms.ChoiceField(
        label=gettext_lazy("Dependencia"),
        required=False,
        help_text=gettext_lazy("Solo para quien reporta."),
    )
    first_name = forms.CharField(label=gettext_lazy("Nombres"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Apellidos"), max_length=150, required=False)
    email = forms.CharField(label=gettext_lazy("Correo electrónico"), max_length=254, required=False)
    password = forms.CharField(
        label=gettext_lazy("Contraseña inicial"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("Solo para un usuario nuevo; entréguesela por un canal seguro."),
    )
    password_again = forms.CharField(
        label=gettext_lazy("Contraseña inicial (otra vez)"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, roles: list[str], agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Role.choices)
        self.fields["role"].choices = [(r, labels[r]) for r in roles]  # type: ignore[attr-defined]
        self.fields["agency"].choices = [("", "-")] + [  # type: ignore[attr-defined]
            (a.code, f"{a.code} · {a.name}") for a in agencies
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("Las dos contraseñas no coinciden."))
        return data


def _refused(form: forms.Form, error: ValidationError) -> None:
    """The action's problems beside the form's fields (a field the form lacks goes above the form)."""
    for field, problems in error.message_dict.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)


# -- reads ----------------------------------------------------------------------------------------------


def configurable_plans(user: Any) -> QuerySet[Plan]:
    """The plans where the user may add a development plan, an agency or a member."""
    found = Plan.objects.none()
    for perm in PERMS.values():
        found = found | plans_for_user(user, perm)
    return found.distinct().select_related("municipality").order_by("name")


def _plan(request: HttpRequest, slug: str) -> Plan:
    return get_object_or_404(configurable_plans(request.user), slug=slug)


def _plan_page(request: HttpRequest, plan: Plan, *, status: int = 200, **bound: forms.Form) -> HttpResponse:
    user = request.user
    allowed = {part: can_in_plan(user, perm, plan.pk) for part, perm in PERMS.items()}
    agencies = list(Agency.objects.filter(plan=plan).order_by("code"))
    roles = grantable_roles(user, plan.pk)
    forms_ = {
        "development_plan": bound.get("development_plan") or DevelopmentPlanForm(),
        "agency": bound.get("agency") or AgencyForm(),
        "member": bound.get("member") or MemberForm(roles=roles, agencies=agencies),
    }
    return render(
        request,
        "onboarding/plan.html",
        {
            "plan": plan,
            "horizons": Horizon.objects.filter(plan=plan).order_by("start_date"),
            "periods": [
                actions.period_label(p.name, actions.Years(p.start_date.year, p.end_date.year))
                for p in AdministrativePeriod.objects.filter(plan=plan).order_by("start_date")
            ],
            "development_plans": DevelopmentPlan.objects.filter(plan=plan).order_by("start_year"),
            "agencies": agencies,
            "members": Membership.objects.filter(plan=plan)
            .select_related("user", "agency")
            .order_by("user__username", "role"),
            "forms": {part: form for part, form in forms_.items() if allowed[part]},
        },
        status=status,
    )


# -- pages ----------------------------------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The plans the user configures, and the way to create one for those who may."""
    plans = list(configurable_plans(request.user))
    may_create = can_add_plan(request.user)
    if not plans and not may_create:
        raise Http404
    return render(request, "onboarding/index.html", {"plans": plans, "may_create": may_create})


@login_required
@require_http_methods(["GET", "POST"])
def new_plan(request: HttpRequest) -> HttpResponse:
    if not can_add_plan(request.user):
        raise Http404
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = actions.create_plan(
                divipola_code=data["divipola_code"],
                slug=data["slug"],
                name=data["name"],
                act=data["act"],
                adoption_date=data["adoption_date"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                horizons=form.horizons(),
                periods=data["periods"],
                description=data["description"],
                actor=request.user,
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Plan «%(name)s» creado.") % {"name": plan.name})
            return redirect("onboarding:plan", slug=plan.slug)
    return render(request, "onboarding/new_plan.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_GET
def plan(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan's configuration: its term, development plans, agencies and people, with a form for each."""
    return _plan_page(request, _plan(request, slug))


def _added(request: HttpRequest, plan: Plan, anchor: str, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("onboarding:plan", args=[plan.slug]) + f"#{anchor}")


def _add(
    request: HttpRequest, slug: str, part: str, form: forms.Form, write: Any, anchor: str, message: str
) -> HttpResponse:
    """Check the permission for ``part`` in the plan, then write ``form``'s data with ``write`` (an action
    taking the plan, the fields and the actor); back to the plan's page with ``message``, or with the form
    and its problems."""
    plan = _plan(request, slug)
    if not can_in_plan(request.user, PERMS[part], plan.pk):
        raise Http404
    if form.is_valid():
        try:
            written = write(plan, **form.cleaned_data, actor=request.user)
        except ValidationError as error:
            _refused(form, error)
        else:
            return _added(request, plan, anchor, message % {"name": written.name})
    return _plan_page(request, plan, status=400, **{part: form})


@login_required
@require_POST
def add_development_plan(request: HttpRequest, slug: str) -> HttpResponse:
    return _add(
        request,
        slug,
        "development_plan",
        DevelopmentPlanForm(request.POST),
        create_development_plan,
        "planes-de-desarrollo",
        _("Plan de desarrollo «%(name)s» creado."),
    )


@login_required
@require_POST
def add_agency(request: HttpRequest, slug: str) -> HttpResponse:
    return _add(
        request,
        slug,
        "agency",
        AgencyForm(request.POST),
        actions.create_agency,
        "dependencias",
        _("Dependencia «%(name)s» agregada."),
    )


@login_required
@require_POST
def add_member(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan(request, slug)
    roles = grantable_roles(request.user, plan.pk)
    if not roles:
        raise Http404
    form = MemberForm(
        request.POST, roles=roles, agencies=list(Agency.objects.filter(plan=plan).order_by("code"))
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            added = accounts_actions.add_member(
                plan,
                username=data["username"],
                role=data["role"],
                agency_code=data["agency"],
                password=data["password"] or None,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                actor=request.user,
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            m = added.membership
            words = {"user": m.user.get_username(), "role": m.get_role_display()}
            message = (
                _("Usuario «%(user)s» creado con el rol %(role)s.")
                if added.user_created
                else _("«%(user)s» ya existía (conserva su contraseña): ahora tiene el rol %(role)s.")
            ) % words
            return _added(request, plan, "usuarios", message)
    return _plan_page(request, plan, status=400, member=form)
