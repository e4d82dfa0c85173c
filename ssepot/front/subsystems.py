"""Avance de subsistemas: the two systems and their subsystems, each with its progress, narrative,
projects and indicators (drill-down plan > system > subsystem > project > indicator).

A subsystem's progress is two figures of the engine: the compliance of its commitments
(``compromisos.subsistema.<slug>.cumplimiento``) and the financial execution of its projects
(``dinero.subsistema.<slug>.ejecucion_pct``), plus the traffic lights of its indicators
(``indicador.<id>.avance.<year>``) and the POT's own levels computed from them: each subsystem's, each
system's and the whole plan's physical progress, compliance and programmed progress (``pot.subsistema.*``,
``pot.sistema.*``, ``pot.*``); all from ``all_figures`` on the published data, cached per publication.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ssepot.catalogue.models import Subsystem, SubsystemNarrative
from ssepot.charts import subsystems as subsystem_charts
from ssepot.core.commitments import slug
from ssepot.core.figures import Figure
from ssepot.figures.loaders import catalogue_as_of, project_assignments, reported
from ssepot.front.data import PlanContext, figure_map, plan_page
from ssepot.front.indicators import BatteryRow, _agency, battery_rows, indicator_url
from ssepot.front.tables import (
    MONEY,
    NUMBER,
    PERCENT,
    TRAFFIC,
    YEAR,
    Column,
    Link,
    Table,
    export_response,
    traffic_label,
)
from ssepot.front.works import project_works, subsystem_works, works_section
from ssepot.projects.models import Project, ProjectYear

MILLION = 1_000_000


def _figure(figures: dict[str, Figure], subsystem: Subsystem, measure: str) -> Figure | None:
    stem = "compromisos" if measure in {"total", "cumplimiento"} else "dinero"
    return figures.get(f"{stem}.subsistema.{slug(subsystem.name)}.{measure}")


def _value(figure: Figure | None) -> Decimal | int | None:
    return None if figure is None or figure.value is None else figure.value


def _millions(figure: Figure | None) -> Decimal | None:
    value = _value(figure)
    return None if value is None else Decimal(value) / MILLION


def _lights(rows: list[BatteryRow]) -> dict[int | None, Counter[str]]:
    by_subsystem: dict[int | None, Counter[str]] = defaultdict(Counter)
    for row in rows:
        by_subsystem[row.indicator.subsystem_id][row.light] += 1
    return by_subsystem


POT_MEASURES = ("avance", "cumplimiento", "programado")


def pot_levels(figures: dict[str, Figure], stem: str) -> list[dict[str, Any]]:
    """A POT level's physical progress (with its traffic light), compliance and programmed progress from
    its own indicators (``pot.subsistema.<code>``, ``pot.sistema.<code>`` or ``pot``: the engine's
    ``pot_level_figures``), ready for "¿cómo se calculó?"; empty when the level has no indicators."""
    from ssepot.front.dashboards.common import shown

    found = [figures.get(f"{stem}.{measure}") for measure in POT_MEASURES]
    # NB: the progress carries the level's traffic light; the other two have none
    return [
        {"f": shown(f), "light": f.status, "light_label": traffic_label(f.status)} if measure == "avance"
        else {"f": shown(f)}
        for measure, f in zip(POT_MEASURES, found, strict=True)
        if f is not None
    ]  # fmt: skip


def _subsystem_url(ctx: PlanContext, subsystem: Subsystem) -> str:
    return f"{ctx.base_url}subsistemas/{subsystem.code}/"


@plan_page(allowed=("subsistema",))
def overview(request: HttpRequest, ctx: PlanContext) -> HttpResponse:
    """``/planes/<slug>/<year>/subsistemas/``: every subsystem's progress, chart and table, by system."""
    figures = figure_map(ctx.plan, ctx.year, ctx.stamp)
    lights = _lights(battery_rows(ctx))
    chosen = [s for s in ctx.subsystems if ctx.subsystem is None or s.pk == ctx.subsystem.pk]
    table = Table(
        key="subsistemas",
        caption=_("Avance de los subsistemas, vigencia %(year)s") % {"year": ctx.year},
        columns=[
            Column("subsystem", _("Subsistema"), header=True),
            Column("commitments", _("Compromisos"), NUMBER),
            Column("compliance", _("Cumplimiento"), PERCENT, places=1),
            Column("budget", _("Presupuesto (millones)"), MONEY),
            Column("executed", _("Ejecutado (millones)"), MONEY),
            Column("execution", _("Ejecución financiera"), PERCENT, places=1),
            Column("indicators", _("Indicadores"), NUMBER),
            Column("green", _("Verde"), NUMBER),
            Column("yellow", _("Amarillo"), NUMBER),
            Column("red", _("Rojo"), NUMBER),
        ],
        rows=[
            [
                Link(s.name, _subsystem_url(ctx, s)),
                _value(_figure(figures, s, "total")),
                _value(_figure(figures, s, "cumplimiento")),
                _millions(_figure(figures, s, "presupuesto")),
                _millions(_figure(figures, s, "ejecutado")),
                _value(_figure(figures, s, "ejecucion_pct")),
                sum(lights[s.pk].values()),
                lights[s.pk]["verde"],
                lights[s.pk]["amarillo"],
                lights[s.pk]["rojo"],
            ]
            for s in chosen
        ],
        note=_(
            "Cumplimiento: de los compromisos del subsistema. Presupuesto y ejecución: proyectos del "
            "programa de ejecución en el periodo del plan de desarrollo. Verde, amarillo y rojo: "
            "indicadores por semáforo."
        ),
    )
    if (download := export_response(request, [table])) is not None:
        return download
    chart = subsystem_charts.subsystem_progress(
        [
            {
                "code": s.code,
                "name": s.name,
                "system": s.system.name,
                "compliance": _value(_figure(figures, s, "cumplimiento")),
                "execution": _value(_figure(figures, s, "ejecucion_pct")),
            }
            for s in ctx.subsystems
        ],
        key="subsistemas",
    )
    systems: dict[Any, list[Subsystem]] = defaultdict(list)
    for s in chosen:
        systems[s.system].append(s)
    return render(
        request,
        "front/subsystems/overview.html",
        {
            **ctx.as_dict(),
            "table": table,
            "chart": chart,
            "pot_levels": pot_levels(figures, "pot"),
            "systems": [
                {"system": k, "subsystems": v, "levels": pot_levels(figures, f"pot.sistema.{slug(k.code)}")}
                for k, v in systems.items()
            ],
        },
    )


@plan_page(allowed=("unidad", "dependencia"))
def detail(request: HttpRequest, ctx: PlanContext, code: str) -> HttpResponse:
    """``/planes/<slug>/<year>/subsistemas/<code>/``: a subsystem's progress, narrative, projects (with
    ``?proyecto=<code>`` for one project's detail) and indicators."""
    from ssepot.front.dashboards.common import shown  # the plan home's "¿cómo se calculó?" cards

    subsystem = next((s for s in ctx.subsystems if s.code == code), None)
    if subsystem is None:
        raise Http404(_("El subsistema «%(code)s» no existe en este plan.") % {"code": code})
    ctx.subsystem = subsystem
    figures = figure_map(ctx.plan, ctx.year, ctx.stamp)
    cards = [
        shown(f)
        for f in (
            _figure(figures, subsystem, "cumplimiento"),
            _figure(figures, subsystem, "ejecucion_pct"),
            _figure(figures, subsystem, "ejecutado"),
            _figure(figures, subsystem, "presupuesto"),
        )
        if f is not None
    ]
    narrative = SubsystemNarrative.objects.filter(plan=ctx.plan, subsystem=subsystem, year=ctx.year).first()
    projects = _projects(ctx, subsystem)
    indicators = [r for r in battery_rows(ctx) if r.indicator.subsystem_id == subsystem.pk]
    if ctx.agency is not None:
        pk = ctx.agency.pk
        indicators = [r for r in indicators if pk in (r.indicator.agency_id, r.indicator.reporting_agency_id)]
    project_table = _project_table(ctx, subsystem, projects)
    indicator_table = _indicator_table(ctx, subsystem, indicators)
    tables = [project_table, indicator_table]
    project = _chosen_project(request, projects)
    if project is not None:
        tables.append(_project_history(ctx, project))
    if (download := export_response(request, tables)) is not None:
        return download
    project_table.paginate(request.GET.get("pagina"), 25)
    listed = [p for p, _year in projects]
    works = works_section(
        ctx,
        project_works(ctx, project) if project is not None else subsystem_works(ctx, listed),
        key="obras-proyecto" if project is not None else "obras",
        title=(
            _("Obras del proyecto %(code)s") % {"code": project.code}
            if project is not None
            else _("Obras de %(name)s") % {"name": subsystem.name}
        ),
    )
    return render(
        request,
        "front/subsystems/detail.html",
        {
            **ctx.as_dict(),
            "subsystem": subsystem,
            "cards": cards,
            "pot_levels": pot_levels(figures, f"pot.subsistema.{slug(subsystem.code)}"),
            "narrative": _narrative(narrative, figures),
            "project_table": project_table,
            "indicator_table": indicator_table,
            "project": project,
            "project_history": tables[2] if project is not None else None,
            "project_indicators": _project_indicators(ctx, project) if project is not None else [],
            "commitments_url": f"{ctx.base_url}compromisos/?subsistema={subsystem.code}",
            "works": works,
            "comunas_url": f"{ctx.base_url}comunas/",
        },
    )


def _narrative(narrative: SubsystemNarrative | None, figures: dict[str, Figure]) -> list[dict[str, Any]]:
    """The year's situations, achievements and challenges as sanitised HTML (figures resolved)."""
    from ssepot.report.narrative import substitute, to_html

    if narrative is None:
        return []
    parts = [
        (_("Situaciones"), narrative.situations),
        (_("Logros"), narrative.achievements),
        (_("Retos"), narrative.challenges),
    ]
    return [
        {"title": title, "html": mark_safe(to_html(substitute(text, figures, link=False)))}
        for title, text in parts
        if text.strip()
    ]


def _projects(ctx: PlanContext, subsystem: Subsystem) -> list[tuple[Project, ProjectYear | None]]:
    """The subsystem's projects (filtered by agency and territorial unit) with their published year; each
    in the subsystem and agency the year's release saw (ADR 0006)."""
    assigned = project_assignments(ctx.plan, catalogue_as_of(ctx.plan.pk, ctx.year, ctx.view))
    chosen = [
        pk
        for pk, (subsystem_id, agency_id) in assigned.items()
        if subsystem_id == subsystem.pk and (ctx.agency is None or agency_id == ctx.agency.pk)
    ]
    projects = Project.objects.filter(plan=ctx.plan, pk__any=chosen).select_related("agency")
    if ctx.unit is not None:
        projects = projects.filter(territorial_units=ctx.unit)
    listed = list(projects.order_by("code"))
    for project in listed:
        project.agency_id = assigned[project.pk][1]  # NB: a changed one drops the agency read with it
    years = reported(
        ProjectYear.objects.filter(plan=ctx.plan, project__in=[p.pk for p in listed], year=ctx.year),
        ctx.view,
    )
    by_project = {y.project_id: y for y in years}
    return [(p, by_project.get(p.pk)) for p in listed]


def _execution(year: ProjectYear | None) -> Decimal | None:
    if year is None or not year.budget:
        return None
    return Decimal(year.executed) * 100 / Decimal(year.budget)


def _project_table(
    ctx: PlanContext, subsystem: Subsystem, projects: list[tuple[Project, ProjectYear | None]]
) -> Table:
    return Table(
        key="proyectos",
        caption=_("Proyectos de %(name)s, vigencia %(year)s") % {"name": subsystem.name, "year": ctx.year},
        columns=[
            Column("code", _("Código")),
            Column("name", _("Proyecto"), header=True),
            Column("agency", _("Dependencia")),
            Column("budget", _("Presupuesto (COP)"), MONEY),
            Column("executed", _("Ejecutado (COP)"), MONEY),
            Column("execution", _("Ejecución financiera"), PERCENT, places=1),
            Column("physical", _("Avance físico"), PERCENT, places=1),
        ],
        rows=[
            [
                p.code,
                Link(p.name, f"{ctx.query(proyecto=p.code) or '?'}#proyecto"),
                (p.agency.acronym or p.agency.name) if p.agency else _("sin asignar"),
                y.budget if y else None,
                y.executed if y else None,
                _execution(y),
                y.physical_progress if y else None,
            ]
            for p, y in projects
        ],
        empty=_("Este subsistema no tiene proyectos que cumplan los filtros."),
    )


def _indicator_table(ctx: PlanContext, subsystem: Subsystem, rows: list[BatteryRow]) -> Table:
    return Table(
        key="indicadores",
        caption=_("Indicadores de %(name)s, vigencia %(year)s") % {"name": subsystem.name, "year": ctx.year},
        columns=[
            Column("code", _("Código")),
            Column("name", _("Indicador"), header=True),
            Column("agency", _("Dependencia")),
            Column("value", _("Valor %(year)s") % {"year": ctx.year}, NUMBER, places=None),
            Column("target", _("Meta %(year)s") % {"year": ctx.year}, NUMBER, places=None),
            Column("compliance", _("Cumplimiento %(year)s") % {"year": ctx.year}, PERCENT, places=1),
            Column("progress", _("Avance del periodo"), PERCENT, places=1),
            Column("light", _("Semáforo"), TRAFFIC),
        ],
        rows=[
            [
                r.indicator.code,
                Link(r.indicator.name, indicator_url(ctx.plan, r.indicator.code, ctx.year)),
                _agency(r.indicator),
                r.value,
                r.target,
                r.compliance.value if r.compliance else None,
                r.progress.value if r.progress else None,
                r.light,
            ]
            for r in rows
        ],
        empty=_("Este subsistema no tiene indicadores del POT."),
    )


def _chosen_project(
    request: HttpRequest, projects: list[tuple[Project, ProjectYear | None]]
) -> Project | None:
    code = request.GET.get("proyecto", "").strip()
    if not code:
        return None
    for project, _year in projects:
        if project.code == code:
            return project
    raise Http404(
        _("El proyecto «%(code)s» no está en este subsistema con los filtros aplicados.") % {"code": code}
    )


def _project_history(ctx: PlanContext, project: Project) -> Table:
    years = reported(ProjectYear.objects.filter(plan=ctx.plan, project=project), ctx.view).order_by("year")
    return Table(
        key="proyecto",
        caption=_("%(code)s %(name)s: presupuesto, ejecución y avance físico publicados")
        % {"code": project.code, "name": project.name},
        columns=[
            Column("year", _("Vigencia"), YEAR, header=True),
            Column("budget", _("Presupuesto (COP)"), MONEY),
            Column("executed", _("Ejecutado (COP)"), MONEY),
            Column("execution", _("Ejecución financiera"), PERCENT, places=1),
            Column("physical", _("Avance físico"), PERCENT, places=1),
        ],
        rows=[[y.year, y.budget, y.executed, _execution(y), y.physical_progress] for y in years],
        empty=_("El proyecto no tiene datos publicados."),
    )


def _project_indicators(ctx: PlanContext, project: Project) -> list[dict[str, str]]:
    """The POT indicators that measure the project, linked to their pages."""
    return [
        {"code": i.code, "name": i.name, "url": indicator_url(ctx.plan, i.code, ctx.year)}
        for i in project.indicators.filter(development_plan__isnull=True).order_by("code")
    ]
