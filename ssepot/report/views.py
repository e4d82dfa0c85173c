"""The report's pages for analysts: generate the year's report in the background and follow its progress
(HTMX polling), download its files, and edit the year's narrative with figure references.

Only the plan's analysts and administrators (``accounts.permissions.can_review_plan``) reach these pages;
anyone else gets a 404 so a plan's work in progress is not even confirmed to exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ssepot.accounts.permissions import can_review_plan
from ssepot.catalogue.models import Plan
from ssepot.core.figures import Figure
from ssepot.figures.compute import all_figures
from ssepot.report import actions, narrative
from ssepot.report.forms import NarrativeTextForm, StartBuildForm
from ssepot.report.models import NarrativeText, ReportBuild
from ssepot.report.tasks import build_dir
from ssepot.reporting.models import Release

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _plan(request: HttpRequest, slug: str) -> Plan:
    plan = get_object_or_404(Plan, slug=slug)
    if not can_review_plan(request.user, plan.pk):
        raise Http404
    return plan


def _build(request: HttpRequest, pk: int) -> ReportBuild:
    build = get_object_or_404(ReportBuild.objects.select_related("plan"), pk=pk)
    if not can_review_plan(request.user, build.plan_id):
        raise Http404
    return build


def _figures(plan: Plan, year: int) -> dict[str, Figure]:
    return {f.key: f for f in all_figures(plan, year)}


@login_required
@require_http_methods(["GET", "POST"])
def builds(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    plan = _plan(request, slug)
    releases = list(Release.objects.filter(plan=plan, year=year).values_list("number", flat=True))
    form = StartBuildForm(request.POST or None, releases=releases)
    if request.method == "POST":
        if not releases:
            messages.error(request, _("La vigencia %(year)s no tiene datos publicados.") % {"year": year})
        elif form.is_valid():
            build = actions.start_build(
                plan, year, actor=request.user, release_number=form.cleaned_data["release"]
            )
            return redirect(f"{reverse('report:builds', args=[plan.slug, year])}#generacion-{build.pk}")
    return render(
        request,
        "report/builds.html",
        {
            "plan": plan,
            "year": year,
            "form": form,
            "releases": releases,
            "builds": ReportBuild.objects.filter(plan=plan, year=year).select_related("requested_by")[:20],
        },
    )


@login_required
@require_GET
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "report/_build.html", {"build": _build(request, pk)})


@login_required
@require_GET
def download(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    build = _build(request, pk)
    name = build.files.get(kind) if build.status == ReportBuild.Status.DONE else None
    if not name or kind not in CONTENT_TYPES:
        raise Http404
    path = build_dir(build) / name
    if not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"), content_type=CONTENT_TYPES[kind], as_attachment=kind != "html", filename=name
    )


@login_required
@require_GET
def texts(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    plan = _plan(request, slug)
    from ssepot.report.builder import consistency_findings

    stored = {t.section: t for t in NarrativeText.objects.filter(plan=plan, year=year)}
    sections = [(value, label, stored.get(value)) for value, label in NarrativeText.Section.choices]
    findings = consistency_findings(plan, year, _figures(plan, year))
    return render(
        request, "report/texts.html", {"plan": plan, "year": year, "sections": sections, "findings": findings}
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_text(request: HttpRequest, slug: str, year: int, section: str) -> HttpResponse:
    plan = _plan(request, slug)
    labels = dict(NarrativeText.Section.choices)
    if section not in labels:
        raise Http404
    text = NarrativeText.objects.filter(plan=plan, year=year, section=section).first()
    figures = _figures(plan, year)
    initial = {"title": text.title, "body": text.body, "source": text.source} if text else {}
    form = NarrativeTextForm(request.POST or None, initial=initial, keys=figures)
    if request.method == "POST" and form.is_valid():
        actions.save_text(plan, year, section, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Texto guardado."))
        return redirect("report:edit_text", plan.slug, year, section)
    body = form.data.get("body", "") if form.is_bound else (text.body if text else "")
    preview = narrative.render(body, figures) if body and not form.errors else ""
    findings = narrative.check(body, figures, source=str(labels[section])) if body else []
    return render(
        request,
        "report/edit_text.html",
        {
            "plan": plan,
            "year": year,
            "section": section,
            "label": labels[section],
            "form": form,
            "preview": preview,
            "findings": findings,
            "keys": [f for f in figures.values() if not f.key.startswith("compromisos.historia.")][:400],
        },
    )
