"""The Compromisos dashboard and the page of each commitment.

Every number on these pages is a ``Figure`` of the engine (``ssepot.figures.compute.all_figures`` on the
published data, cached per publication by ``ssepot.front.data``) or, when the page is filtered, the same
core function applied to the filtered records; the page never computes a figure of its own.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ssepot.charts import commitments as commitment_charts
from ssepot.commitments.models import Commitment, CommitmentStatus, Horizon
from ssepot.core import commitments as core_commitments
from ssepot.core.commitments import CommitmentRecord, slug
from ssepot.core.figures import Figure
from ssepot.front.dashboards.common import shown
from ssepot.front.data import PlanContext, figure_map, plan_page, published_commitments
from ssepot.front.tables import NUMBER, PERCENT, YEAR, Column, Link, Table, export_response
from ssepot.reporting.models import Evidence

# -- Compromisos ------------------------------------------------------------------------------------------

#: the filters that narrow the commitments (the territorial unit does not apply to them)
COMMITMENT_FILTERS = ("subsistema", "dependencia", "horizonte", "tipologia", "estado", "q")
STATUSES = tuple(CommitmentStatus.Status.values)
PER_PAGE = 25


def _status_label(code: str) -> str:
    return str(CommitmentStatus.Status(code).label) if code in STATUSES else code


def _horizon_label(code: str) -> str:
    return str(Horizon(code).label) if code in Horizon.values else code


def select_commitments(
    records: Sequence[CommitmentRecord],
    ctx: PlanContext,
    matching: set[int] | None,
    *,
    by_status: bool = True,
) -> list[CommitmentRecord]:
    """The records the page's filters keep (``matching``: the ids the text search found, if any)."""
    f = ctx.filters
    agency = (ctx.agency.acronym or ctx.agency.name) if ctx.agency else None
    return [
        r
        for r in records
        if (ctx.subsystem is None or r.subsystem == ctx.subsystem.name)
        and (agency is None or r.agency == agency)
        and ("horizonte" not in f or r.horizon == f["horizonte"])
        and ("tipologia" not in f or r.typology == f["tipologia"])
        and (not by_status or "estado" not in f or r.status == f["estado"])
        and (matching is None or r.id in matching)
    ]


def _search(ctx: PlanContext) -> set[int] | None:
    q = ctx.filters.get("q")
    if not q:
        return None
    found = Commitment.objects.filter(plan=ctx.plan).filter(
        Q(code__icontains=q) | Q(description__icontains=q)
    )
    return set(found.values_list("pk", flat=True))


def _status_columns(first: str, compliance: bool) -> list[Column]:
    return [
        Column("grupo", first, header=True),
        *[Column(s, _status_label(s), NUMBER) for s in STATUSES],
        Column("total", _("Total"), NUMBER),
        *([Column("cumplimiento", _("Cumplimiento (%)"), PERCENT, 1)] if compliance else []),
    ]


def _filter_link(ctx: PlanContext, param: str, code: str) -> str:
    """The page filtered by ``param=code``, at the list."""
    return ctx.query(**{param: code, "pagina": None}) + "#lista"


def _group_rows(
    figures: dict[str, Figure],
    prefix: str,
    groups: Sequence[tuple[str, str, str]],
    link: Callable[[str], str],
) -> tuple[list[dict[str, Any]], list[list[Any]]]:
    """Chart rows and table rows of the status figures ``<prefix>.<slug>.<status>`` of each group.

    ``groups``: (slug in the figure key, label, code for the filter); ``link(code)``: the filtered page."""
    chart_rows: list[dict[str, Any]] = []
    table_rows: list[list[Any]] = []
    for key_slug, label, code in groups:
        stem = f"{prefix}.{key_slug}"
        if f"{stem}.total" not in figures:
            continue
        counts = [figures[f"{stem}.{s}"].value for s in STATUSES]
        for s, n in zip(STATUSES, counts, strict=True):
            chart_rows.append(
                {
                    "grupo": label,
                    "codigo": code,
                    "estado": _status_label(s),
                    "estado_codigo": s,
                    "compromisos": n,
                }
            )
        compliance = figures.get(f"{stem}.cumplimiento")
        table_rows.append(
            [
                Link(label, link(code)),
                *counts,
                figures[f"{stem}.total"].value,
                *([compliance.value] if compliance else []),
            ]
        )
    return chart_rows, table_rows


@plan_page(allowed=(*COMMITMENT_FILTERS, "unidad"))
def commitments(request: HttpRequest, ctx: PlanContext) -> HttpResponse:
    """Status by horizon, typology, subsystem and agency; the yearly history; the filterable list."""
    by_year = published_commitments(ctx.plan, ctx.year, ctx.stamp)
    matching = _search(ctx)
    chosen = select_commitments(by_year.get(ctx.year, []), ctx, matching)
    filtered = any(p in ctx.filters for p in COMMITMENT_FILTERS)
    if filtered:
        # the engine's own functions on the filtered records: the same rules, for the subset
        history_years = {
            y: select_commitments(rs, ctx, matching, by_status=False) for y, rs in by_year.items()
        }
        figures = {
            f.key: f
            for f in [*core_commitments.year_figures(chosen), *core_commitments.history(history_years)]
        }
    else:
        figures = figure_map(ctx.plan, ctx.year, ctx.stamp)
    scope = _("(con los filtros)") if filtered else None
    cards = [
        shown(figures[k].replaced(label=figures[k].label.replace("(todos)", scope)) if scope else figures[k])
        for k in (
            "compromisos.total",
            "compromisos.cumplido",
            "compromisos.en_proceso",
            "compromisos.no_reportado",
            "compromisos.cumplimiento_global",
        )
        if k in figures
    ]
    agency_codes = {(a.acronym or a.name): a.code for a in ctx.agencies}
    horizons = [h for h in Horizon.values if any(r.horizon == h for r in chosen)]
    dimensions = [
        ("horizonte", _("Horizonte"), "compromisos.horizonte", [(h, _horizon_label(h), h) for h in horizons]),
        (
            "tipologia",
            _("Tipología"),
            "compromisos.tipologia",
            [(slug(t), t, t) for t in sorted({r.typology for r in chosen})],
        ),
        (
            "subsistema",
            _("Subsistema"),
            "compromisos.subsistema",
            [
                (slug(s.name), s.name, s.code)
                for s in ctx.subsystems
                if any(r.subsystem == s.name for r in chosen)
            ],
        ),
        (
            "dependencia",
            _("Dependencia"),
            "compromisos.dependencia",
            [(slug(a), a, agency_codes.get(a, a)) for a in sorted({r.agency for r in chosen})],
        ),
    ]
    panels = []
    tables: list[Table] = []
    titles = {
        "horizonte": _("Estado de los compromisos por horizonte"),
        "tipologia": _("Estado de los compromisos por tipología"),
        "subsistema": _("Estado de los compromisos por subsistema"),
        "dependencia": _("Estado de los compromisos por dependencia"),
    }
    for param, group_title, prefix, groups in dimensions:
        chart_rows, table_rows = _group_rows(
            figures, prefix, groups, functools.partial(_filter_link, ctx, param)
        )
        spec = commitment_charts.status_by_group(
            chart_rows, key=f"compromisos-{param}", title=titles[param], group_title=group_title, param=param
        )
        table = Table(
            key=f"compromisos-{param}",
            caption=titles[param],
            columns=_status_columns(group_title, param != "horizonte"),
            rows=table_rows,
        )
        tables.append(table)
        panels.append({"param": param, "spec": spec, "table": table})
    history_rows = sorted({int(k.split(".")[2]) for k in figures if k.startswith("compromisos.historia.")})
    history_chart = [
        {
            "vigencia": y,
            "estado": _status_label(s),
            "estado_codigo": s,
            "compromisos": figures[f"compromisos.historia.{y}.{s}"].value,
        }
        for y in history_rows
        for s in STATUSES
    ]
    compliance_rows = [
        {"vigencia": y, "cumplimiento": figures[f"compromisos.historia.{y}.cumplimiento_global"].value}
        for y in history_rows
    ]
    history_table = Table(
        key="compromisos-historia",
        caption=_("Historia del estado de los compromisos por vigencia"),
        columns=[
            Column("vigencia", _("Vigencia"), YEAR, header=True),
            *[Column(s, _status_label(s), NUMBER) for s in STATUSES],
            Column("total", _("Total"), NUMBER),
            Column("cumplimiento", _("Cumplimiento global (%)"), PERCENT, 1),
        ],
        rows=[
            [
                y,
                *[figures[f"compromisos.historia.{y}.{s}"].value for s in STATUSES],
                figures[f"compromisos.historia.{y}.total"].value,
                figures[f"compromisos.historia.{y}.cumplimiento_global"].value,
            ]
            for y in history_rows
        ],
    )
    tables.append(history_table)
    list_table = _commitment_list(ctx, chosen)
    tables.append(list_table)
    if (download := export_response(request, tables)) is not None:
        return download
    list_table.paginate(request.GET.get("pagina"), PER_PAGE)
    typologies = sorted({r.typology for r in by_year.get(ctx.year, [])})
    return render(
        request,
        "front/dashboards/commitments.html",
        {
            **ctx.as_dict(),
            "cards": cards,
            "panels": panels,
            "history_chart": commitment_charts.status_history(history_chart),
            "compliance_chart": commitment_charts.compliance_history(compliance_rows),
            "history_table": history_table,
            "list_table": list_table,
            "horizons": [(h, _horizon_label(h)) for h in Horizon.values],
            "typologies": typologies,
            "statuses": [(s, _status_label(s)) for s in STATUSES],
            "filtered": filtered,
            "unit_ignored": "unidad" in ctx.filters,
        },
    )


def _commitment_list(ctx: PlanContext, chosen: Sequence[CommitmentRecord]) -> Table:
    """Every chosen commitment with its status in the year (the HTML shows a page; the files all)."""
    descriptions = dict(
        Commitment.objects.filter(pk__in=[r.id for r in chosen]).values_list("pk", "description")
    )
    base = ctx.base_url + "compromisos/"
    return Table(
        key="compromisos-lista",
        caption=_("Compromisos de la vigencia %(year)s") % {"year": ctx.year},
        columns=[
            Column("codigo", _("Código"), header=True),
            Column("descripcion", _("Descripción")),
            Column("horizonte", _("Horizonte")),
            Column("tipologia", _("Tipología")),
            Column("subsistema", _("Subsistema")),
            Column("dependencia", _("Dependencia")),
            Column("estado", _("Estado")),
            Column("avance", _("Avance (%)"), PERCENT, 1),
        ],
        rows=[
            [
                Link(r.code, f"{base}{quote(r.code)}/"),
                Truncator(descriptions.get(r.id, "")).chars(160),
                _horizon_label(r.horizon),
                r.typology,
                r.subsystem,
                r.agency,
                _status_label(r.status),
                r.progress,
            ]
            for r in sorted(chosen, key=lambda r: r.code)
        ],
        empty=_("Ningún compromiso cumple los filtros."),
    )


@plan_page(allowed=())
def commitment(request: HttpRequest, ctx: PlanContext, code: str) -> HttpResponse:
    """A commitment: its articles, its published status year by year, observations and evidence.

    Evidence files support what an agency reported; the public sees that they exist (name, date, size),
    not the files, which only the monitoring team and the agency may open."""
    item = get_object_or_404(
        Commitment.objects.select_related("subsystem__system", "agency").prefetch_related("articles"),
        plan=ctx.plan,
        code=code,
    )
    statuses = list(
        CommitmentStatus.objects.filter(commitment=item, year__lte=ctx.year)
        .published(view=ctx.view)
        .select_related("approval__release")
        .order_by("-year")
    )
    assignments = [s.approval.assignment_id for s in statuses if s.approval.assignment_id]
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    for e in Evidence.objects.filter(assignment_id__in=assignments).order_by("uploaded_at"):
        evidence[e.assignment_id].append(e)
    history = [
        {
            "status": s,
            "release": s.approval.release,
            "approved_at": s.approval.approved_at,
            "evidence": evidence.get(s.approval.assignment_id or 0, []),
            "has_file": bool(s.evidence),
        }
        for s in statuses
    ]
    current = next((h for h in history if h["status"].year == ctx.year), None)
    table = Table(
        key="historia",
        caption=_("Estado publicado del compromiso %(code)s por vigencia") % {"code": item.code},
        columns=[
            Column("vigencia", _("Vigencia"), YEAR, header=True),
            Column("estado", _("Estado")),
            Column("avance", _("Avance (%)"), PERCENT, 1),
            Column("observacion", _("Observación")),
            Column("publicacion", _("Publicación")),
        ],
        rows=[
            [
                h["status"].year,
                h["status"].get_status_display(),
                h["status"].progress,
                h["status"].observation,
                f"{h['release'].year}-{h['release'].number}" if h["release"] else "",
            ]
            for h in history
        ],
        empty=_("Este compromiso no tiene estados publicados hasta esta vigencia."),
    )
    if (download := export_response(request, [table])) is not None:
        return download
    return render(
        request,
        "front/dashboards/commitment.html",
        {
            **ctx.as_dict(),
            "item": item,
            "history": history,
            "current": current,
            "table": table,
            "has_evidence": any(h["evidence"] or h["has_file"] for h in history),
        },
    )
