"""Across municipalities: the plans' directory (``/planes/``) and the comparison (``/planes/comparar/``).

Both read each plan's stored headline (``ssepot.front.headlines``), never its figures: a page costs the
same few queries for 3 plans or 1,102. Filters, order and page live in the URL (``departamento``, ``q``,
``orden``, ``pagina``; the comparison ``planes``), so a view can be shared and works without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, OrderBy, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssepot.catalogue.models import Municipality, Plan
from ssepot.core.inputs import fold
from ssepot.front.headlines import (
    COMPLIANCE,
    EXECUTION,
    MEASURES,
    PROGRESS,
    SORTED,
    PlanHeadline,
    plan_headlines,
    with_headlines,
)

DONE, TOTAL = "compromisos.cumplido", "compromisos.total"
PER_PAGE = 50
COMPARED_PER_PAGE = 25
#: plans a comparison may name in ``planes``
MAX_COMPARED = 50

#: ``orden``: what each sortable column sorts by (``-`` before the name reverses it)
ORDERS = {
    "municipio": ("municipality__name", "name"),
    "departamento": ("municipality__department_name", "municipality__name"),
    "cumplimiento": (f"shown_{SORTED[COMPLIANCE]}",),
    "avance": (f"shown_{SORTED[PROGRESS]}",),
    "ejecucion": (f"shown_{SORTED[EXECUTION]}",),
    "publicacion": ("newest",),
}
DEFAULT_ORDER = "municipio"
COLUMNS = (
    ("municipio", gettext_lazy("Municipio")),
    ("departamento", gettext_lazy("Departamento")),
    ("cumplimiento", gettext_lazy("Cumplimiento de los compromisos")),
    ("avance", gettext_lazy("Avance de los indicadores del POT")),
    ("ejecucion", gettext_lazy("Ejecución financiera")),
    ("publicacion", gettext_lazy("Última publicación")),
)

#: the comparison's columns, by figure key (the engine's own label goes in «¿Cómo se calculó?»)
MEASURE_LABELS = {
    "compromisos.cumplimiento_global": gettext_lazy("Cumplimiento de los compromisos"),
    "compromisos.cumplido": gettext_lazy("Compromisos cumplidos"),
    "compromisos.total": gettext_lazy("Compromisos"),
    "pot.avance": gettext_lazy("Avance de los indicadores del POT"),
    "pot.cumplimiento": gettext_lazy("Cumplimiento de los indicadores del POT"),
    "dinero.programa_ejecucion.ejecucion_pct": gettext_lazy("Ejecución financiera del programa de ejecución"),
    "dinero.programa_ejecucion.ejecutado": gettext_lazy("Ejecutado del programa de ejecución"),
}


class BadParameter(Exception):
    def __init__(self, param: str, value: str, message: str) -> None:
        super().__init__(message)
        self.param, self.value, self.message = param, value, message


@dataclass
class Selection:
    """The plans a request asks for, their order and the department choices."""

    plans: QuerySet[Plan]
    departments: list[tuple[str, str]]
    department: str
    query: str
    order: str


def departments() -> list[tuple[str, str]]:
    """(code, name) of the departments that have a plan, by name."""
    rows = (
        Municipality.objects.filter(plans__isnull=False)
        .values_list("department_code", "department_name")
        .distinct()
        .order_by("department_name")
    )
    return list(dict.fromkeys(rows))


def ordered(plans: QuerySet[Plan], order: str) -> QuerySet[Plan]:
    descending = order.startswith("-")
    fields = ORDERS[order.removeprefix("-")]
    by: list[OrderBy] = [
        F(f).desc(nulls_last=True) if descending else F(f).asc(nulls_last=True) for f in fields
    ]
    return plans.order_by(*by, "slug")


def select(request: HttpRequest, *, orders: bool = True) -> Selection:
    """The plans of the request's ``departamento`` and ``q`` (accents and case aside), in its ``orden``.
    Raises ``BadParameter`` for a department without plans or an unknown order."""
    choices = departments()
    plans = with_headlines(Plan.objects.all())
    department = request.GET.get("departamento", "").strip()
    if department:
        if department not in dict(choices):
            raise BadParameter(
                "departamento",
                department,
                _("Ningún plan registrado es de ese departamento (código DIVIPOLA)."),
            )
        plans = plans.filter(municipality__department_code=department)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        wanted = fold(query)
        names = Plan.objects.values_list("pk", "name", "municipality__name", "slug")
        plans = plans.filter(pk__in=[pk for pk, *texts in names if any(wanted in fold(t) for t in texts)])
    order = request.GET.get("orden", "").strip() or DEFAULT_ORDER
    if orders and order.removeprefix("-") not in ORDERS:
        raise BadParameter(
            "orden",
            order,
            _("Ordene por %(names)s (con «-» delante, de mayor a menor).") % {"names": ", ".join(ORDERS)},
        )
    return Selection(ordered(plans, order if orders else DEFAULT_ORDER), choices, department, query, order)


def page_of(request: HttpRequest, plans: QuerySet[Plan], per_page: int) -> Page:
    return Paginator(plans, per_page).get_page(request.GET.get("pagina"))


def with_query(request: HttpRequest, **changes: str | None) -> str:
    """The request's query string with ``changes`` applied (None removes a parameter)."""
    query: QueryDict = request.GET.copy()
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    return f"?{query.urlencode()}" if query else "?"


def sort_links(request: HttpRequest, order: str) -> list[dict[str, Any]]:
    """Each sortable column: its link (the other direction when it is the current order) and ``aria-sort``."""
    current, descending = order.removeprefix("-"), order.startswith("-")
    links = []
    for name, label in COLUMNS:
        active = name == current
        target = name if not active or descending else f"-{name}"
        sort = ("descending" if descending else "ascending") if active else ""
        links.append(
            {
                "name": name,
                "label": label,
                "url": with_query(request, orden=target, pagina=None),
                "sort": sort,
            }
        )
    return links


def cell(row: PlanHeadline, key: str) -> str:
    """A directory cell: the figure's value, or why there is none."""
    if row.last_release is None:
        return _("Sin publicaciones")
    if row.headline is None:
        return _("En cálculo")
    if key in row.values:
        return row.values[key]
    if key == COMPLIANCE and DONE in row.values:  # NB: a partial year counts, it does not give a share
        return _("%(done)s cumplidos de %(total)s") % {"done": row.amount(DONE), "total": row.amount(TOTAL)}
    if row.headline.partial:
        return _("No se muestra: vigencia parcial")
    return _("ND")


def directory_rows(rows: list[PlanHeadline]) -> list[dict[str, Any]]:
    return [
        {
            "row": row,
            "cells": [(key, cell(row, key)) for key in (COMPLIANCE, PROGRESS, EXECUTION)],
        }
        for row in rows
    ]


def _bad(request: HttpRequest, error: BadParameter) -> HttpResponse:
    return render(request, "front/directory_error.html", {"error": error}, status=400)


def directory(request: HttpRequest) -> HttpResponse:
    """``/planes/``: every plan with its municipality, department, headline and last publication."""
    try:
        selection = select(request)
    except BadParameter as error:
        return _bad(request, error)
    page = page_of(request, selection.plans, PER_PAGE)
    rows = plan_headlines(list(page.object_list), explained=False)
    return render(
        request,
        "front/directory.html",
        {
            "rows": directory_rows(rows),
            "page": page,
            "selection": selection,
            "columns": sort_links(request, selection.order),
            "previous_url": with_query(request, pagina=str(page.previous_page_number()))
            if page.has_previous()
            else "",
            "next_url": with_query(request, pagina=str(page.next_page_number())) if page.has_next() else "",
        },
    )


def compared_slugs(request: HttpRequest) -> list[str]:
    raw = request.GET.get("planes", "")
    slugs = list(dict.fromkeys(s.strip() for s in raw.split(",") if s.strip()))
    if len(slugs) > MAX_COMPARED:
        raise BadParameter(
            "planes", raw[:100], _("Compare a lo sumo %(n)d planes a la vez.") % {"n": MAX_COMPARED}
        )
    return slugs


def compare(request: HttpRequest) -> HttpResponse:
    """``/planes/comparar/?departamento=05`` or ``?planes=a,b,c``: the plans side by side on the same
    published measures, each with «¿Cómo se calculó?»."""
    try:
        selection = select(request, orders=False)
        slugs = compared_slugs(request)
    except BadParameter as error:
        return _bad(request, error)
    asked = bool(selection.department or slugs)
    plans = selection.plans
    if slugs:
        plans = plans.filter(slug__in=slugs)
    page = page_of(request, plans, COMPARED_PER_PAGE) if asked else None
    rows = plan_headlines(list(page.object_list)) if page is not None else []
    measures = [{"key": key, "label": MEASURE_LABELS[key]} for key in MEASURES]
    return render(
        request,
        "front/compare.html",
        {
            "asked": asked,
            "rows": [
                {"row": row, "cells": [(k, row.figures.get(k), cell(row, k)) for k in MEASURES]}
                for row in rows
            ],
            "measures": measures,
            "page": page,
            "selection": selection,
            "slugs": ",".join(slugs),
            "previous_url": with_query(request, pagina=str(page.previous_page_number()))
            if page and page.has_previous()
            else "",
            "next_url": with_query(request, pagina=str(page.next_page_number()))
            if page and page.has_next()
            else "",
        },
    )
