"""The catalogue's onboarding writes: a plan (with its horizons and administrative periods), a development
plan, an agency. The console (``ssepot plan create``...) and the analyst's configuration pages call the
same functions.

Each one checks who acts (``actor=None`` is the server's operator at the console), checks its whole input
before writing anything, runs in one transaction and records its audit entry. Bad input raises Django's
``ValidationError`` with one list of Spanish messages per field; the keys are the fields' names here, which
the pages use for their form fields and the console turns into its options.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import models, transaction
from django.utils.translation import gettext as _

from ssepot.accounts.permissions import can_add_plan, can_in_plan
from ssepot.audit.log import record
from ssepot.catalogue.models import AdministrativePeriod, Agency, Horizon, Municipality, Plan
from ssepot.core.inputs import InputError, clean_text, fold

Actor = AbstractBaseUser | AnonymousUser | None
DIVIPOLA_CSV = "../shared/data/colombia-divipola/DIVIPOLA.csv"
HORIZON_KINDS = tuple(Horizon.Kind.values)  # corto, mediano, largo: in this order in time
FIRST_YEAR, LAST_YEAR = 1900, 2200
YEARS = re.compile(r"^\s*(\d{4})\s*[-–]\s*(\d{4})\s*$")


class Years(NamedTuple):
    start: int
    end: int

    def __str__(self) -> str:
        return f"{self.start}-{self.end}"

    def overlaps(self, other: Years) -> bool:
        return self.start <= other.end and other.start <= self.end


class Problems:
    """The input's problems, by field; ``raise_if_any`` refuses the write with all of them at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


# -- reading what was typed (the console's options and the pages' fields) --------------------------------


def parse_years(text: str) -> Years:
    """``2016-2019`` as a range of whole years; ``ValueError`` with the reason in Spanish otherwise."""
    match = YEARS.match(text)
    if match is None:
        raise ValueError(_("«%(text)s» no es un rango de años AAAA-AAAA (p. ej. 2016-2019)") % {"text": text})
    years = Years(int(match[1]), int(match[2]))
    if years.end < years.start:
        raise ValueError(
            _("el año final %(end)d es anterior al inicial %(start)d")
            % {"end": years.end, "start": years.start}
        )
    if years.start < FIRST_YEAR or years.end > LAST_YEAR:
        raise ValueError(
            _("«%(text)s»: los años van de %(a)d a %(b)d") % {"text": text, "a": FIRST_YEAR, "b": LAST_YEAR}
        )
    return years


def parse_horizon(text: str) -> tuple[str, Years]:
    """``corto:2016-2019`` as the horizon's kind and years."""
    kind, sep, years = text.partition(":")
    kind = kind.strip().lower()
    if not sep or kind not in HORIZON_KINDS:
        raise ValueError(
            _(
                "«%(text)s»: escriba el horizonte como PLAZO:AAAA-AAAA, con PLAZO %(kinds)s "
                "(p. ej. corto:2016-2019)"
            )
            % {"text": text, "kinds": ", ".join(HORIZON_KINDS)}
        )
    return kind, parse_years(years)


def parse_period(text: str) -> tuple[str, Years]:
    """``Medellín Futuro:2020-2023`` (or just ``2020-2023``) as the administrative period's name and years."""
    name, sep, years = text.rpartition(":")
    parsed = parse_years(years)
    return (name.strip() if sep and name.strip() else str(parsed)), parsed


def period_label(name: str, years: Years) -> str:
    """``Medellín Futuro (2020-2023)``; a period named by its years is written once (``2020-2023``)."""
    return name if name == str(years) else f"{name} ({years})"


def parse_date(text: str, *, end: bool = False) -> dt.date:
    """``2014-12-17``, or a bare year: its first day (its last day with ``end``)."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("«%(text)s» no es una fecha AAAA-MM-DD ni un año AAAA") % {"text": text}) from None


# -- checks shared by the writes ---------------------------------------------------------------------------


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _text(
    problems: Problems, field: str, value: str, model: type[models.Model], *, required: bool = True
) -> str:
    """The value through the input policy (``clean_text``: no control characters, no longer than the
    model's column); a problem when it breaks the policy or is missing."""
    try:
        value = clean_text(value or "", getattr(model._meta.get_field(field), "max_length", None))
    except InputError as error:
        problems.add(field, error.message)
        return ""
    if required and not value:
        problems.add(field, _("es obligatorio"))
    return value


def _slug(problems: Problems, field: str, value: str) -> str:
    value = (value or "").strip()
    if not value:
        problems.add(field, _("es obligatorio"))
        return value
    try:
        validate_slug(value)
    except ValidationError:
        problems.add(
            field,
            _(
                "«%(slug)s» no sirve de identificador: use solo letras sin tildes, números, guiones y "
                "guiones bajos"
            )
            % {"slug": value},
        )
    return value


def _municipality(problems: Problems, code: str) -> Municipality | None:
    code = (code or "").strip()
    if re.fullmatch(r"\d{4}", code):
        code = f"0{code}"  # NB: a spreadsheet drops the leading zero of Antioquia's 05001
    if not re.fullmatch(r"\d{5}", code):
        problems.add(
            "divipola_code",
            _("«%(code)s» no es un código DIVIPOLA de municipio (cinco dígitos, p. ej. 05001)")
            % {"code": code},
        )
        return None
    found = Municipality.objects.filter(divipola_code=code).first()
    if found is None:
        if not Municipality.objects.exists():
            problems.add(
                "divipola_code",
                _(
                    "el catálogo de municipios está vacío: cárguelo primero con "
                    "«ssepot import municipalities %(csv)s»"
                )
                % {"csv": DIVIPOLA_CSV},
            )
        else:
            problems.add(
                "divipola_code", _("no hay un municipio con el código DIVIPOLA %(code)s") % {"code": code}
            )
    return found


# -- the plan ----------------------------------------------------------------------------------------------


def _horizons(problems: Problems, horizons: Mapping[str, Years], term: Years) -> None:
    for kind in horizons:
        if kind not in HORIZON_KINDS:
            problems.add(
                "horizons",
                _("horizonte desconocido «%(kind)s» (use %(kinds)s)")
                % {"kind": kind, "kinds": ", ".join(HORIZON_KINDS)},
            )
    previous: tuple[str, Years] | None = None
    for kind in HORIZON_KINDS:
        years = horizons.get(kind)
        if years is None:
            continue
        field, words = f"horizon_{kind}", {"kind": kind, "years": years, "term": term}
        if not (term.start <= years.start and years.end <= term.end):
            problems.add(
                field, _("el horizonte %(kind)s %(years)s se sale de la vigencia del plan (%(term)s)") % words
            )
        if previous is not None and years.start <= previous[1].end:
            problems.add(
                field,
                _("el horizonte %(kind)s %(years)s debe empezar después del %(prev)s (%(prev_years)s)")
                % {**words, "prev": previous[0], "prev_years": previous[1]},
            )
        previous = (kind, years)


def _periods(problems: Problems, periods: Sequence[tuple[str, Years]], term: Years) -> None:
    longest = AdministrativePeriod._meta.get_field("name").max_length
    labels = [period_label(name, years) for name, years in periods]
    for i, (name, years) in enumerate(periods):
        try:
            clean_text(name, longest)
        except InputError as error:
            problems.add("periods", f"«{name[:40]}»: {error.message}")
        if not years.overlaps(term):
            problems.add(
                "periods",
                _("el periodo %(period)s queda fuera de la vigencia del plan (%(term)s)")
                % {"period": labels[i], "term": term},
            )
        for j in range(i):
            if years.overlaps(periods[j][1]):
                problems.add(
                    "periods", _("los periodos %(a)s y %(b)s se traslapan") % {"a": labels[j], "b": labels[i]}
                )


#: addresses under ``/planes/`` that are pages, not plans (``ssepot/front/directory_urls.py``)
RESERVED_SLUGS = frozenset({"comparar"})


@transaction.atomic
def create_plan(
    *,
    divipola_code: str,
    slug: str,
    name: str,
    act: str,
    adoption_date: dt.date,
    end_date: dt.date,
    start_date: dt.date | None = None,
    horizons: Mapping[str, Years] | None = None,
    periods: Sequence[tuple[str, Years]] = (),
    description: str = "",
    actor: Actor,
) -> Plan:
    """A new plan (POT) of a municipality with its horizons and administrative periods.

    The plan's term starts on the adoption date unless ``start_date`` says otherwise. Horizons and periods
    are whole years (1 January to 31 December): horizons fall within the term, one after the other;
    periods touch the term (a mayor's term may have started before the adoption) and do not overlap.
    """
    _require(
        actor is None or can_add_plan(actor),
        _("Solo un superusuario u operador de la plataforma crea planes."),
    )
    problems = Problems()
    municipality = _municipality(problems, divipola_code)
    slug = _slug(problems, "slug", slug)
    if slug and Plan.objects.filter(slug=slug).exists():
        problems.add("slug", _("ya existe un plan con el identificador «%(slug)s»") % {"slug": slug})
    elif slug in RESERVED_SLUGS:
        problems.add(
            "slug",
            _("«%(slug)s» es el nombre de una página del portal: elija otro identificador") % {"slug": slug},
        )
    name = _text(problems, "name", name, Plan)
    act = _text(problems, "act", act, Plan)
    description = _text(problems, "description", description, Plan, required=False)
    start_date = start_date or adoption_date
    if end_date < start_date:
        problems.add(
            "end_date",
            _("el fin de vigencia (%(end)s) es anterior al inicio (%(start)s)")
            % {"end": end_date, "start": start_date},
        )
    elif adoption_date > end_date:
        problems.add(
            "adoption_date",
            _("la fecha de adopción (%(date)s) es posterior al fin de vigencia (%(end)s)")
            % {"date": adoption_date, "end": end_date},
        )
    else:
        term = Years(start_date.year, end_date.year)
        _horizons(problems, horizons or {}, term)
        _periods(problems, periods, term)
    problems.raise_if_any()
    assert municipality is not None

    plan = Plan.objects.create(
        municipality=municipality,
        slug=slug,
        name=name,
        act=act,
        adoption_date=adoption_date,
        start_date=start_date,
        end_date=end_date,
        description=description,
    )
    Horizon.objects.bulk_create(
        Horizon(plan=plan, kind=kind, start_date=dt.date(y.start, 1, 1), end_date=dt.date(y.end, 12, 31))
        for kind, y in (horizons or {}).items()
    )
    AdministrativePeriod.objects.bulk_create(
        AdministrativePeriod(
            plan=plan, name=n, start_date=dt.date(y.start, 1, 1), end_date=dt.date(y.end, 12, 31)
        )
        for n, y in periods
    )
    record(
        "crear plan",
        plan,
        actor=actor,
        plan_id=plan.pk,
        changes={
            "municipio": municipality.divipola_code,
            "identificador": slug,
            "nombre": name,
            "acto": act,
            "adopción": adoption_date,
            "vigencia": f"{start_date} a {end_date}",
            "horizontes": {k: str(y) for k, y in (horizons or {}).items()},
            "periodos": {n: str(y) for n, y in periods},
        },
    )
    return plan


# -- what a plan holds -------------------------------------------------------------------------------------


@transaction.atomic
def create_agency(
    plan: Plan, *, code: str, name: str, acronym: str = "", email: str = "", actor: Actor
) -> Agency:
    """An agency (dependencia or entity) that reports to the plan. The plan indicativo's importer finds it
    by its name (any case or accents, ``fold``), so the name is written as the workbook writes it and two
    agencies may not share one."""
    _require(
        actor is None or can_in_plan(actor, "catalogue.add_agency", plan.pk),
        _("Solo un analista de planeación del plan agrega dependencias."),
    )
    problems = Problems()
    code = _text(problems, "code", code, Agency)
    if code and Agency.objects.filter(plan=plan, code=code).exists():
        problems.add(
            "code",
            _("el plan %(plan)s ya tiene una dependencia con el código «%(code)s»")
            % {"plan": plan.slug, "code": code},
        )
    name = _text(problems, "name", name, Agency)
    same = next((a for a in Agency.objects.filter(plan=plan) if fold(a.name) == fold(name)), None)
    if name and same is not None:
        problems.add(
            "name",
            _("el plan %(plan)s ya tiene la dependencia «%(name)s» (código %(code)s)")
            % {"plan": plan.slug, "name": same.name, "code": same.code},
        )
    acronym = _text(problems, "acronym", acronym, Agency, required=False)
    email = _text(problems, "email", email, Agency, required=False)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.add("email", _("«%(email)s» no es un correo electrónico") % {"email": email})
    problems.raise_if_any()
    agency = Agency.objects.create(plan=plan, code=code, name=name, acronym=acronym, email=email)
    record(
        "crear dependencia",
        agency,
        actor=actor,
        changes={"código": code, "nombre": name, "sigla": acronym, "correo": email},
    )
    return agency
