"""The public expediente of a plan: ``/planes/<plan>/expediente/`` (search, facets, the guide's checklist)
and each document at its permanent address ``/planes/<plan>/expediente/<id>/`` with its versions and its
file. Anyone may read them; only documents marked public exist here (``search.public_documents``)."""

from __future__ import annotations

import mimetypes
from pathlib import PurePath
from urllib.parse import urlencode

from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ssepot.archive import guide, search
from ssepot.archive.models import ArchiveDocument
from ssepot.catalogue.models import Plan

MAX_QUERY = 200
PER_PAGE = 25


def _plan(plan_slug: str) -> Plan:
    return get_object_or_404(Plan.objects.select_related("municipality"), slug=plan_slug)


def _read(request: HttpRequest) -> tuple[str, dict[str, str]]:
    query = request.GET.get("q", "").strip()
    if len(query) > MAX_QUERY or any(ord(c) < 32 for c in query):
        raise BadRequest(_("La búsqueda es demasiado larga o tiene caracteres no válidos."))
    filters = {p: request.GET.get(p, "").strip() for p in search.PARAMS}
    if filters["anio"] and not (filters["anio"].isdigit() and len(filters["anio"]) == 4):
        raise BadRequest(_("El año debe tener cuatro cifras, por ejemplo 2024."))
    return query, {k: v for k, v in filters.items() if v}


def _link(query: str, filters: dict[str, str], **change: str) -> str:
    params = {"q": query, **filters, **change}
    kept = [(k, v) for k, v in params.items() if v]
    return "?" + urlencode(kept) if kept else "?"


@require_safe
def expediente(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = _plan(plan_slug)
    query, filters = _read(request)
    results = search.search(plan, query, filters)
    facets = [
        {
            "facet": f,
            "options": [
                {
                    "option": o,
                    "url": _link(query, filters, **{f.param: "" if o.selected else o.value}),
                }
                for o in f.options
            ],
        }
        for f in results.facets
    ]
    page = Paginator(results.documents, PER_PAGE).get_page(request.GET.get("pagina"))
    hits = [
        {
            "document": d,
            "title": search.marked(results.matches[d.pk].title) if d.pk in results.matches else d.title,
            "snippet": search.marked(results.matches[d.pk].snippet)
            if d.pk in results.matches and search.START in results.matches[d.pk].snippet
            else "",
        }
        for d in page.object_list
    ]
    context = {
        "plan": plan,
        "query": query,
        "filters": filters,
        "facets": facets,
        "hits": hits,
        "total": results.total,
        "page": page,
        "previous_url": _link(query, filters, pagina=str(page.previous_page_number()))
        if page.has_previous()
        else "",
        "next_url": _link(query, filters, pagina=str(page.next_page_number())) if page.has_next() else "",
        "clear_url": request.path,
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "archive/_results.html", context)
    everything = search.public_documents(plan).select_related("superseded_by")
    checklist = guide.checklist(search.filed(everything), timezone.localdate())
    context |= {"guide": guide.load_guide(), "checklist": checklist}
    return render(request, "archive/expediente.html", context)


def _document(plan: Plan, pk: int) -> ArchiveDocument:
    return get_object_or_404(
        search.public_documents(plan)
        .select_related("supersedes")
        .prefetch_related("subsystems", "articles", "territorial_units"),
        pk=pk,
    )


@require_safe
def document(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    plan = _plan(plan_slug)
    doc = _document(plan, pk)
    earlier, later, hidden_newer = search.versions(doc)
    product = guide.load_guide().products.get(doc.product)
    return render(
        request,
        "archive/document.html",
        {
            "plan": plan,
            "doc": doc,
            "earlier": earlier,
            "later": later,
            "hidden_newer": hidden_newer,
            "product": product,
            "file_name": PurePath(doc.file.name or "").name if doc.file else "",
        },
    )


@require_safe
def download(request: HttpRequest, plan_slug: str, pk: int) -> FileResponse:
    doc = _document(_plan(plan_slug), pk)
    if not doc.file:
        raise Http404(_("Este documento no tiene archivo."))
    name = PurePath(doc.file.name or "").name
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("El archivo de este documento no está disponible.")) from None
    # NB: always a download, never rendered by the browser: an uploaded HTML or SVG cannot run here
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=name, content_type=kind)
