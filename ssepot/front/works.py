"""Public works (``projects.Work``) on the portal: the map over the comuna boundaries and its table, on a
subsystem's page, a project's detail and each comuna's page (``/planes/<slug>/<year>/comunas/<code>/``).

A contract's value is counted once, whatever the number of its works shown (``Project.contract_value``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ssepot.catalogue.models import Agency, Subsystem, TerritorialUnit
from ssepot.charts import maps
from ssepot.figures.loaders import catalogue_as_of, project_assignments
from ssepot.front.data import PlanContext, plan_page
from ssepot.front.indicators import _map_features
from ssepot.front.tables import MONEY, NUMBER, Column, Link, Table, export_response, plain_number
from ssepot.projects.models import Project, Work


def comuna_url(ctx: PlanContext, code: str) -> str:
    return f"{ctx.base_url}comunas/{code}/"


def _works(queryset: QuerySet[Work]) -> list[Work]:
    return list(
        queryset.select_related("project", "territorial_unit").order_by(
            "project__code", "territorial_unit__code", "key"
        )
    )


def _unit_name(unit: TerritorialUnit | None) -> str:
    return (unit.name or unit.code) if unit is not None else _("sin comuna")


def works_table(ctx: PlanContext, works: list[Work], *, key: str, caption: str) -> Table:
    return Table(
        key=key,
        caption=caption,
        columns=[
            Column("contract", _("Contrato")),
            Column("activity", _("Actividad"), header=True),
            Column("quantity", _("Cantidad"), NUMBER, places=None),
            Column("unit", _("Unidad")),
            Column("location", _("Ubicación")),
            Column("comuna", _("Comuna o corregimiento")),
            Column("status", _("Estado")),
        ],
        rows=[
            [
                w.project.code,
                w.activity or w.key,
                w.quantity,
                w.unit,
                w.location,
                Link(_unit_name(w.territorial_unit), comuna_url(ctx, w.territorial_unit.code))
                if w.territorial_unit is not None
                else _("sin comuna"),
                w.project.status,
            ]
            for w in works
        ],
        empty=_("No hay obras con geometría para mostrar."),
    )


def summary(works: list[Work]) -> str:
    """«N obras de M contratos; valor de los contratos $ X» with each contract's value counted once."""
    projects = {w.project_id: w.project for w in works}
    total = sum(p.contract_value or 0 for p in projects.values())
    return _(
        "%(works)s obras de %(contracts)s contratos; valor de los contratos: $ %(value)s (cada uno una vez)."
    ) % {
        "works": plain_number(len(works)),
        "contracts": plain_number(len(projects)),
        "value": plain_number(total),
    }


def works_section(
    ctx: PlanContext, works: list[Work], *, key: str, title: str, units: Iterable[str] | None = None
) -> dict[str, Any]:
    """What ``front/works/section.html`` draws: the map (over every comuna, or only ``units``), the
    table beside it and the summary; no map without works."""
    boundaries = _map_features(ctx.plan, ctx.stamp)
    if units is not None:
        wanted = set(units)
        boundaries = [b for b in boundaries if b["code"] in wanted]
    spec = (
        maps.works_map(
            boundaries,
            [
                {
                    "code": w.project.code,
                    "activity": w.activity,
                    "status": w.project.status,
                    "unit": _unit_name(w.territorial_unit) if w.territorial_unit else "",
                    "geometry": w.geometry,
                }
                for w in works
            ],
            key=f"mapa-{key}",
            title=title,
        )
        if works
        else None
    )
    return {
        "map": spec,
        "table": works_table(ctx, works, key=key, caption=title),
        "summary": summary(works) if works else "",
        "title": title,
    }


def subsystem_works(ctx: PlanContext, projects: Iterable[Project]) -> list[Work]:
    return _works(Work.objects.filter(plan=ctx.plan, project__in=[p.pk for p in projects]))


def project_works(ctx: PlanContext, project: Project) -> list[Work]:
    return _works(Work.objects.filter(plan=ctx.plan, project=project))


@plan_page(allowed=())
def comunas(request: HttpRequest, ctx: PlanContext) -> HttpResponse:
    """``/planes/<slug>/<year>/comunas/``: each comuna and corregimiento with its works and contracts."""
    works = _works(Work.objects.filter(plan=ctx.plan))
    by_unit: dict[int | None, list[Work]] = {}
    for w in works:
        by_unit.setdefault(w.territorial_unit_id, []).append(w)
    units = TerritorialUnit.objects.filter(plan=ctx.plan, kind__in=["comuna", "corregimiento"]).order_by(
        "code"
    )
    table = Table(
        key="comunas",
        caption=_("Obras por comuna y corregimiento"),
        columns=[
            Column("code", _("Código")),
            Column("name", _("Comuna o corregimiento"), header=True),
            Column("works", _("Obras"), NUMBER),
            Column("contracts", _("Contratos"), NUMBER),
            Column("value", _("Valor de los contratos (COP)"), MONEY),
        ],
        rows=[
            [
                u.code,
                Link(_unit_name(u), comuna_url(ctx, u.code)),
                len(by_unit.get(u.pk, [])),
                len({w.project_id for w in by_unit.get(u.pk, [])}),
                sum({w.project_id: w.project.contract_value or 0 for w in by_unit.get(u.pk, [])}.values()),
            ]
            for u in units
        ],
        note=_("El valor de un contrato con obras en varias comunas cuenta en cada una de ellas."),
    )
    if (download := export_response(request, [table])) is not None:
        return download
    section = works_section(ctx, works, key="obras", title=_("Obras públicas del plan"))
    return render(request, "front/works/comunas.html", {**ctx.as_dict(), "table": table, "works": section})


@plan_page(allowed=())
def comuna(request: HttpRequest, ctx: PlanContext, code: str) -> HttpResponse:
    """``/planes/<slug>/<year>/comunas/<code>/``: the works in one comuna or corregimiento, on its map."""
    unit = TerritorialUnit.objects.filter(plan=ctx.plan, code=code).first()
    if unit is None:
        raise Http404(_("La comuna o corregimiento «%(code)s» no existe en este plan.") % {"code": code})
    works = _works(Work.objects.filter(plan=ctx.plan, territorial_unit=unit))
    section = works_section(
        ctx, works, key="obras", title=_("Obras en %(name)s") % {"name": _unit_name(unit)}, units=[unit.code]
    )
    projects = {w.project_id: w.project for w in works}
    # NB: each contract in the subsystem and agency the year's release saw (ADR 0006)
    assigned = project_assignments(ctx.plan, catalogue_as_of(ctx.plan.pk, ctx.year, ctx.view))
    subsystems = {s.pk: s for s in Subsystem.objects.filter(plan=ctx.plan)}
    agencies = {a.pk: a for a in Agency.objects.filter(plan=ctx.plan)}
    for project in projects.values():
        subsystem, agency = assigned[project.pk]
        project.subsystem, project.agency = subsystems.get(subsystem), agencies.get(agency)
    contracts = Table(
        key="contratos",
        caption=_("Contratos con obras en %(name)s") % {"name": _unit_name(unit)},
        columns=[
            Column("code", _("Contrato")),
            Column("name", _("Objeto"), header=True),
            Column("status", _("Estado")),
            Column("subsystem", _("Subsistema")),
            Column("agency", _("Dependencia")),
            Column("value", _("Valor del contrato (COP)"), MONEY),
        ],
        rows=[
            [
                p.code,
                p.name,
                p.status,
                p.subsystem.name if p.subsystem else _("sin asignar"),
                (p.agency.acronym or p.agency.name) if p.agency else _("sin asignar"),
                p.contract_value,
            ]
            for p in sorted(projects.values(), key=lambda p: p.code)
        ],
        empty=_("No hay contratos con obras en esta unidad territorial."),
    )
    if (download := export_response(request, [section["table"], contracts])) is not None:
        return download
    return render(
        request,
        "front/works/comuna.html",
        {**ctx.as_dict(), "territorial_unit": unit, "works": section, "contracts": contracts},
    )
