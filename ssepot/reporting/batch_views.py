"""The analyst's import batches: the list, one batch's differences from the current data, and the
approve and reject buttons (``ssepot.reporting.batches`` does the work and the audit)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ssepot.indicators.models import IndicatorValue
from ssepot.reporting import batches as actions
from ssepot.reporting import releases
from ssepot.reporting.actions import ActionRefused, publish
from ssepot.reporting.models import ImportBatch, ReportingPeriod

PAGE_SIZE = 200
DIFFERENT = "diferencias"
"""The default list: every value but the unchanged ones."""


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    """A batch of a plan whose imports the user reviews, or 404."""
    return get_object_or_404(actions.batches_for_user(request.user), pk=pk)


@login_required
@require_GET
def batches(request: HttpRequest) -> HttpResponse:
    """Every batch of the plans the user reviews, the pending ones first."""
    listed = (
        actions.batches_for_user(request.user).annotate(rows=Count("values")).order_by("-imported_at", "-pk")
    )
    pending = [b for b in listed if b.state == ImportBatch.State.PENDING]
    decided = [b for b in listed if b.state != ImportBatch.State.PENDING]
    return render(request, "reporting/batches.html", {"pending": pending, "decided": decided})


@login_required
@require_GET
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    """One batch: its differences from the current data by kind, and the decision."""
    b = _batch(request, pk)
    found = actions.differences(b)
    counts = found.counts
    kind = request.GET.get("tipo", DIFFERENT)
    if kind not in (*actions.KINDS, DIFFERENT):
        raise Http404
    rows = [d for d in found.rows if d.kind != actions.UNCHANGED] if kind == DIFFERENT else found.of(kind)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    kinds = [(DIFFERENT, _("Diferencias"), len(found.rows) - counts[actions.UNCHANGED])] + [
        (key, label, counts[key]) for key, label in actions.KINDS.items()
    ]
    return render(
        request,
        "reporting/batch.html",
        {
            "batch": b,
            "counts": counts,
            "kinds": kinds,
            "kind": kind,
            "page": page,
            "rows": actions.shown(b, list(page.object_list)),
            "publishable": _publishable_years(b) if b.state == ImportBatch.State.APPROVED else [],
        },
    )


def _publishable_years(b: ImportBatch) -> list[dict[str, Any]]:
    """The years with values of this batch approved and not yet published: with their reporting period
    the publish page previews and confirms; a year without one (an Open SDG series' past years) is
    published here, confirming how many approved versions of the year the release takes."""
    years = sorted(
        set(
            IndicatorValue.objects.filter(approval__batch=b, approval__release__isnull=True).values_list(
                "year", flat=True
            )
        )
    )
    periods = {p.year: p for p in ReportingPeriod.objects.filter(plan_id=b.plan_id, year__in=years)}
    return [
        {
            "year": year,
            "period": periods.get(year),
            "pending": releases.pending(b.plan, year).count(),
            "token": releases.publication_token(b.plan, year),
        }
        for year in years
    ]


@login_required
@require_POST
def publish_year(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Publish a year of an approved batch that has no reporting period, with the token it confirmed."""
    b = _batch(request, pk)
    user = request.user
    assert isinstance(user, User)
    if ReportingPeriod.objects.filter(plan_id=b.plan_id, year=year).exists():
        raise Http404  # NB: a year with a period is published from its own page, with its preview
    try:
        release = publish(
            b.plan,
            year,
            actor=user,
            note=_("Importación %(file)s (lote %(n)d)") % {"file": b.file_name, "n": b.pk},
            confirm=request.POST.get("confirmacion", ""),
        )
        messages.success(request, _("Publicación %(release)s hecha.") % {"release": release})
    except ActionRefused as refused:
        messages.error(request, refused.message)
    return redirect("reporting:batch", pk=b.pk)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """Approve (with an optional note) or reject (with its reason) a pending batch."""
    b = _batch(request, pk)
    user = request.user
    assert isinstance(user, User)
    text = request.POST.get("nota", "").strip()
    try:
        if verb == "aprobar":
            approvals = actions.approve_batch(b, actor=user, note=text)
            messages.success(
                request,
                _(
                    "Lote %(n)d aprobado: %(count)d versiones nuevas quedan aprobadas para la próxima "
                    "publicación de su vigencia."
                )
                % {"n": b.pk, "count": len(approvals)},
            )
        elif verb == "rechazar":
            actions.reject_batch(b, actor=user, reason=text)
            messages.success(request, _("Lote %(n)d rechazado: no se escribió ningún valor.") % {"n": b.pk})
        else:
            raise Http404
    except actions.BatchRefused as refused:
        messages.error(request, refused.message)
    return redirect("reporting:batch", pk=b.pk)
