"""What every page of a plan's portal shares: the published year, its release, the filters, cached figures.

The portal shows PUBLISHED data only. Releases are immutable, so whatever the engine computes from them is
cached under a *publication stamp* (the plan's newest release): a new release changes the stamp and the
next request computes afresh; nothing needs to be invalidated by hand.

Views call ``plan_context(request, plan_slug, year)`` (or wrap themselves in ``@plan_page``), then
``published_figures(plan, year)`` / ``figure_map(plan, year)`` for the engine's figures and
``published_commitments(plan, year)`` for the commitment records the figures were computed from.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.core.cache import cache
from django.db.models import Max, Min, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ssepot.catalogue.models import Agency, Plan, Subsystem, TerritorialUnit
from ssepot.catalogue.year_view import YearView
from ssepot.commitments.models import Commitment, CommitmentStatus
from ssepot.core.commitments import CommitmentRecord
from ssepot.core.figures import Figure
from ssepot.development.models import DevelopmentPlan
from ssepot.figures import loaders
from ssepot.figures.compute import all_figures
from ssepot.figures.development import DevelopmentFigures, development_figures
from ssepot.figures.loaders import PUBLISHED, View
from ssepot.reporting.models import Release

#: how long a computed result stays cached. A new release changes the key at once; the timeout bounds how
#: long an edit of the catalogue (a commitment's text, an article) waits to show
CACHE_SECONDS = 600

#: the global filters, by GET parameter (``anio`` is in the path)
FILTERS = ("unidad", "subsistema", "dependencia", "horizonte", "tipologia", "estado", "q")
#: the filters the frame's form shows on every page
GLOBAL_FILTERS = ("unidad", "subsistema", "dependencia")


# -- publication ------------------------------------------------------------------------------------------


def publication_stamp(plan: Plan) -> int:
    """Changes whenever the plan gets a new release (releases are never edited or deleted)."""
    return Release.objects.filter(plan=plan).aggregate(last=Max("pk"))["last"] or 0


#: the newest results also kept in this process, unpickled (reading ~1,200 figures from the cache took
#: about 10 ms a request); safe because a key names its publication, and callers never mutate results
_LOCAL: OrderedDict[str, Any] = OrderedDict()
LOCAL_SIZE = 64
_LOCAL_LOCK = threading.Lock()


def cached(plan: Plan, name: str, compute: Callable[[], Any], stamp: int | None = None) -> Any:
    """``compute()``'s result for the plan's current publication, from the cache when it is there."""
    stamp = publication_stamp(plan) if stamp is None else stamp
    key = f"ssepot:front:{plan.pk}:{stamp}:{name}"
    now = time.monotonic()
    with _LOCAL_LOCK:
        if key in _LOCAL and _LOCAL[key][1] > now:
            _LOCAL.move_to_end(key)
            return _LOCAL[key][0]
    boxed = cache.get(key)  # (value,): a result may be None and still be cached
    if boxed is None:
        boxed = (compute(),)
        cache.set(key, boxed, CACHE_SECONDS)
    value = boxed[0]
    with _LOCAL_LOCK:
        _LOCAL[key] = (value, now + CACHE_SECONDS)
        while len(_LOCAL) > LOCAL_SIZE:
            _LOCAL.popitem(last=False)
    return value


def clear_caches() -> None:
    """Forget every cached result (tests that rebuild a plan in a fresh database call it)."""
    from ssepot.front.pagecache import forget_stamps

    with _LOCAL_LOCK:
        _LOCAL.clear()
    forget_stamps()
    cache.clear()


def published_years(plan: Plan, stamp: int | None = None) -> list[int]:
    """The years some release published, newest first."""
    return cached(
        plan,
        "years",
        lambda: sorted(set(Release.objects.filter(plan=plan).values_list("year", flat=True)), reverse=True),
        stamp,
    )


def default_year(plan: Plan, stamp: int | None = None) -> int | None:
    """The year ``/planes/<slug>/`` opens: the newest one whose publication covers enough of the plan
    (``year_coverage`` reaches ``Plan.headline_coverage``) among those a release published results for
    (commitment statuses or indicator values), not only programmed budgets; when none does, the newest of
    those (shown as partial), else the newest published year."""

    def compute() -> int | None:
        reported = Release.objects.filter(plan=plan).filter(
            Q(approvals__commitment_status__isnull=False) | Q(approvals__indicator_value__isnull=False)
        )
        with_results = sorted(set(reported.values_list("year", flat=True)), reverse=True)
        for year in with_results:
            if year_coverage(plan, year, stamp).reaches(plan.headline_coverage):
                return year
        return next(iter(with_results or published_years(plan, stamp)), None)

    # NB: the threshold is in the key: a new threshold takes effect at once, without a new release
    return cached(plan, f"default_year:{plan.headline_coverage}", compute, stamp)


def year_coverage(plan: Plan, year: int, stamp: int | None = None) -> loaders.Coverage:
    """``loaders.year_coverage`` of the year's published data, cached per publication."""
    return cached(plan, f"coverage:{year}", lambda: loaders.year_coverage(plan, year), stamp)


def latest_release(plan: Plan, year: int) -> Release | None:
    """The year's newest release: the one whose data the portal shows for that year."""
    return Release.objects.filter(plan=plan, year=year).order_by("-number").first()


def published_figures(plan: Plan, year: int, stamp: int | None = None) -> list[Figure]:
    """``all_figures(plan, year)`` on the published data, cached per publication."""
    return cached(plan, f"figures:{year}", lambda: all_figures(plan, year, PUBLISHED), stamp)


def figure_map(plan: Plan, year: int, stamp: int | None = None) -> dict[str, Figure]:
    """The published figures by key."""
    return {f.key: f for f in published_figures(plan, year, stamp)}


def published_commitments(
    plan: Plan, year: int, stamp: int | None = None
) -> dict[int, list[CommitmentRecord]]:
    """Per year from the first status record to ``year``: every commitment with its published status.

    The same records ``all_figures`` counts (``loaders.commitment_records``), so a page that filters them
    and hands them to ``ssepot.core.commitments`` shows the engine's numbers for the subset."""

    def compute() -> dict[int, list[CommitmentRecord]]:
        first = CommitmentStatus.objects.filter(plan=plan).aggregate(first=Min("year"))["first"] or year
        return loaders.commitment_records(plan, range(min(first, year), year + 1), PUBLISHED)

    return cached(plan, f"commitments:{year}", compute, stamp)


def development_levels(
    pdd: DevelopmentPlan, year: int, cutoff: dt.date, view: View = PUBLISHED, stamp: int | None = None
) -> DevelopmentFigures:
    """``development_figures`` of a development plan at ``cutoff``, cached per publication."""
    view = loaders.year_view(pdd.plan_id, year, view)
    return cached(
        pdd.plan,
        f"development:{pdd.slug}:{year}:{cutoff.isoformat()}:{view}",
        lambda: development_figures(pdd, year, cutoff, view),
        stamp,
    )


# -- the filters ------------------------------------------------------------------------------------------


class BadFilter(Exception):
    """A filter value the plan does not know; the page answers 400 naming the parameter."""

    def __init__(self, param: str, value: str, message: str) -> None:
        super().__init__(message)
        self.param, self.value, self.message = param, value, message


@dataclass(frozen=True)
class ActiveFilter:
    param: str
    label: str
    """What the filter is: «Subsistema»."""
    value: str
    shown: str
    """The value in words: «Movilidad»."""
    remove_url: str
    """The same page without this filter."""


@dataclass
class PlanContext:
    plan: Plan
    year: int
    release: Release | None
    years: list[int]
    stamp: int
    filters: dict[str, str] = field(default_factory=dict)
    active_filters: list[ActiveFilter] = field(default_factory=list)
    territorial_units: list[TerritorialUnit] = field(default_factory=list)
    subsystems: list[Subsystem] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    unit: TerritorialUnit | None = None
    subsystem: Subsystem | None = None
    agency: Agency | None = None
    allowed: tuple[str, ...] = FILTERS
    """The filters this page accepts: the frame's form shows only these of the global ones."""
    path: str = ""
    request_query: str = ""
    """The request's whole query string, sorted: with the path, what the page's content depends on."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "year": self.year,
            "release": self.release,
            "years": self.years,
            "filters": self.filters,
            "active_filters": self.active_filters,
            "territorial_units": self.territorial_units,
            "subsystems": self.subsystems,
            "agencies": self.agencies,
            "unit": self.unit,
            "subsystem": self.subsystem,
            "agency": self.agency,
            "plan_ctx": self,
        }

    @property
    def coverage(self) -> loaders.Coverage | None:
        """How much of the plan the year's publication covers (None when nothing is published)."""
        return year_coverage(self.plan, self.year, self.stamp) if self.release else None

    @property
    def partial(self) -> bool:
        """A year whose publication covers less than the plan's ``headline_coverage``: its pages say so
        and its home shows no global figure."""
        coverage = self.coverage
        return coverage is not None and not coverage.reaches(self.plan.headline_coverage)

    @property
    def coverage_percent(self) -> Decimal | None:
        share = self.coverage.share if self.coverage else None
        return None if share is None else share * 100

    @property
    def threshold_percent(self) -> Decimal:
        return self.plan.headline_coverage * 100

    @property
    def view(self) -> YearView:
        """What the year's pages read: the year as its newest release shows it (``loaders.year_view``)."""
        if self.release is None:
            return YearView(self.year, 0, None)
        return loaders.release_view(self.release)

    def query(self, **changes: str | None) -> str:
        """The current filters as a query string (``?a=b``), with ``changes`` applied (None removes)."""
        params = {k: v for k, v in {**self.filters, **changes}.items() if v}
        return f"?{urlencode(params)}" if params else ""

    @property
    def cache_key(self) -> str:
        """Names the page's content for the fragment cache (``plan_base.html``): the publication, the
        language, the path and every GET parameter (the cache tag does not vary by language by itself)."""
        return f"{self.plan.pk}:{self.stamp}:{get_language()}:{self.path}?{self.request_query}"

    @property
    def fragment_cache(self) -> str:
        """The cache that keeps the page's content: none (``uncached``) when the query has a parameter or
        a value the page cache would not store either (``pagecache.known_pairs``), so junk in a query
        cannot fill the cache."""
        from ssepot.front.pagecache import known_pairs

        pairs = parse_qsl(self.request_query, keep_blank_values=True)
        return "default" if known_pairs(pairs) is not None else "uncached"

    @property
    def global_query(self) -> str:
        """The filters every dashboard understands, for links from one dashboard to another."""
        return self.query(**{p: None for p in self.filters if p not in GLOBAL_FILTERS})

    @property
    def base_url(self) -> str:
        return f"/planes/{self.plan.slug}/{self.year}/"

    @property
    def tabs(self) -> list[dict[str, Any]]:
        """The plan home and the dashboards, the current one marked."""
        base = self.base_url
        tabs = [
            ("", _("Resumen")),
            ("compromisos/", _("Compromisos")),
            ("pot-pdd/", _("Relación POT-PDD")),
            ("plan-de-desarrollo/", _("Plan de desarrollo")),
            ("subsistemas/", _("Avance de subsistemas")),
            ("indicadores/", _("Sistema de indicadores")),
            ("equidad/", _("Equidad territorial")),
            ("marco-estrategico/", _("Marco estratégico")),
        ]
        rest = self.path.removeprefix(base)
        current = next((s for s, _label in reversed(tabs) if s and rest.startswith(s)), "")
        return [{"url": base + s, "label": label, "current": s == current} for s, label in tabs]

    @property
    def year_links(self) -> list[dict[str, Any]]:
        """The same page in every published year (the state, filters included, is kept)."""
        base = self.base_url
        rest = self.path.removeprefix(base) if self.path.startswith(base) else ""
        query = self.query()
        return [
            {"year": y, "url": f"/planes/{self.plan.slug}/{y}/{rest}{query}", "current": y == self.year}
            for y in self.years
        ]


def _choices(plan: Plan, stamp: int) -> tuple[list[TerritorialUnit], list[Subsystem], list[Agency]]:
    def compute() -> tuple[list[TerritorialUnit], list[Subsystem], list[Agency]]:
        units = list(
            TerritorialUnit.objects.filter(plan=plan, kind__in=["comuna", "corregimiento"])
            .only("code", "name", "kind", "plan_id")
            .order_by("code")
        )
        subsystems = list(
            Subsystem.objects.filter(plan=plan)
            .select_related("system")
            .order_by("system__order", "order", "code")
        )
        agencies = list(Agency.objects.filter(plan=plan).order_by("name"))
        return units, subsystems, agencies

    return cached(plan, "choices", compute, stamp)


def _labels() -> dict[str, str]:
    return {
        "unidad": _("Unidad territorial"),
        "subsistema": _("Subsistema"),
        "dependencia": _("Dependencia"),
        "horizonte": _("Horizonte"),
        "tipologia": _("Tipología"),
        "estado": _("Estado"),
        "q": _("Búsqueda"),
    }


def parse_filters(request: HttpRequest, ctx: PlanContext, allowed: Iterable[str] = FILTERS) -> None:
    """Read the GET filters into ``ctx``; an unknown value raises ``BadFilter`` naming the parameter."""
    labels = _labels()
    path = request.path
    raw = {p: request.GET.get(p, "").strip() for p in allowed}
    raw = {p: v for p, v in raw.items() if v}
    shown: dict[str, str] = {}
    if "unidad" in raw:
        unit = next((u for u in ctx.territorial_units if u.code == raw["unidad"]), None)
        if unit is None:
            raise BadFilter(
                "unidad", raw["unidad"], _("La unidad territorial indicada no existe en este plan.")
            )
        ctx.unit, shown["unidad"] = unit, str(unit)
    if "subsistema" in raw:
        subsystem = next((s for s in ctx.subsystems if s.code == raw["subsistema"]), None)
        if subsystem is None:
            raise BadFilter(
                "subsistema", raw["subsistema"], _("El subsistema indicado no existe en este plan.")
            )
        ctx.subsystem, shown["subsistema"] = subsystem, subsystem.name
    if "dependencia" in raw:
        agency = next(
            (a for a in ctx.agencies if raw["dependencia"] in (a.code, a.acronym) and raw["dependencia"]),
            None,
        )
        if agency is None:
            raise BadFilter(
                "dependencia", raw["dependencia"], _("La dependencia indicada no existe en este plan.")
            )
        ctx.agency, shown["dependencia"] = agency, agency.acronym or agency.name
    if "horizonte" in raw:
        from ssepot.commitments.models import Horizon

        if raw["horizonte"] not in Horizon.values:
            raise BadFilter("horizonte", raw["horizonte"], _("El horizonte indicado no existe."))
        shown["horizonte"] = str(Horizon(raw["horizonte"]).label)
    if "estado" in raw:
        if raw["estado"] not in CommitmentStatus.Status.values:
            raise BadFilter("estado", raw["estado"], _("El estado indicado no existe."))
        shown["estado"] = str(CommitmentStatus.Status(raw["estado"]).label)
    if "tipologia" in raw:
        typologies = cached(
            ctx.plan,
            "typologies",
            lambda: sorted(set(Commitment.objects.filter(plan=ctx.plan).values_list("typology", flat=True))),
            ctx.stamp,
        )
        if raw["tipologia"] not in typologies:
            raise BadFilter("tipologia", raw["tipologia"], _("La tipología indicada no existe en este plan."))
        shown["tipologia"] = raw["tipologia"]
    if "q" in raw:
        shown["q"] = raw["q"][:100]
        raw["q"] = shown["q"]
    ctx.filters = raw
    ctx.active_filters = [
        ActiveFilter(p, labels[p], raw[p], shown[p], path + ctx.query(**{p: None})) for p in raw
    ]


def plan_context(
    request: HttpRequest, plan_slug: str, year: int, allowed: Iterable[str] = FILTERS
) -> PlanContext:
    """The plan (404 if unknown), the year and its newest release (None when no release published the
    year), the years to choose from, the filter choices and the filters the request asks for.

    Raises ``BadFilter`` for a filter value the plan does not know."""
    plan = get_object_or_404(Plan.objects.select_related("municipality"), slug=plan_slug)
    stamp = publication_stamp(plan)
    years = published_years(plan, stamp)
    release = latest_release(plan, year) if year in years else None
    units, subsystems, agencies = _choices(plan, stamp)
    ctx = PlanContext(
        plan=plan,
        year=year,
        release=release,
        years=years,
        stamp=stamp,
        territorial_units=units,
        subsystems=subsystems,
        agencies=agencies,
        allowed=tuple(allowed),
        path=request.path,
        request_query=urlencode(sorted((k, v) for k, vs in request.GET.lists() for v in vs)),
    )
    parse_filters(request, ctx, allowed)
    return ctx


def plan_page(
    allowed: Iterable[str] = FILTERS,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view ``view(request, ctx, **kwargs)`` of ``/planes/<plan_slug>/<year>/...``.

    A year no release published gets a clear 404 page (with the years that have data); a filter the plan
    does not know gets a 400 page naming it."""
    allowed = tuple(allowed)

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, plan_slug: str, year: int, **kwargs: Any) -> HttpResponse:
            try:
                ctx = plan_context(request, plan_slug, year, allowed)
            except BadFilter as error:
                plan = get_object_or_404(Plan, slug=plan_slug)
                return render(
                    request,
                    "front/plan_error.html",
                    {"plan": plan, "year": year, "error": error, "param": error.param},
                    status=400,
                )
            if ctx.release is None:
                return render(request, "front/plan_no_data.html", ctx.as_dict(), status=404)
            return view(request, ctx, **kwargs)

        return wrapper

    return decorate


def latest_year_redirect(request: HttpRequest, plan_slug: str) -> HttpResponse:
    """``/planes/<slug>/``: the plan's home for the newest published year (404 when nothing is published)."""
    plan = get_object_or_404(Plan, slug=plan_slug)
    year = default_year(plan)
    if year is None:
        return render(
            request, "front/plan_no_data.html", {"plan": plan, "year": None, "years": []}, status=404
        )
    url = reverse("front:plan", args=[plan.slug, year])
    query = request.GET.urlencode()
    return HttpResponseRedirect(f"{url}?{query}" if query else url)
