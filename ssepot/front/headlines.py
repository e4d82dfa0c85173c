"""Each plan's headline, stored once per publication, for the pages and the API that compare plans.

The plans' directory (``/planes/``), the comparison (``/planes/comparar/``) and ``/api/v1/planes`` and
``/api/v1/comparacion`` show many plans at once (1,102 for the country): computing every plan's figures
on a request is out of the question, so each plan's headline is kept in ``Headline`` and read in a few
queries whatever the number of plans.

Rules, stated once:
- The headline is what the plan's own portal opens with (``data.default_year``): that year's newest
  release, its coverage and the figures in ``MEASURES`` from ``data.figure_map`` (published data only).
  A partial year (``coverage`` short of the plan's ``headline_coverage``) keeps only counts and amounts,
  no global percentage, as the plan's home does (``dashboards.home.GLOBAL_UNITS``).
- It is computed by the release's warm-up (``warmup.warm``, right after a publication) and by
  ``ssepot headlines`` (for plans published before this existed, or in bulk); never on a visitor's request.
- A stored headline counts only while it was computed for the plan's newest release and its current
  ``headline_coverage`` (``current_headlines``): a plan with a newer release shows its last publication
  and «en cálculo» until its headline is computed again.
- Each figure keeps its formula, method and first ``MAX_INPUTS`` inputs (with the count of the others),
  enough for «¿Cómo se calculó?»; the value is formatted in the reader's language when shown.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Case, DecimalField, F, OuterRef, QuerySet, Subquery, Value, When
from django.utils import timezone

from ssepot.catalogue.models import Plan
from ssepot.core.figures import Figure, Input
from ssepot.front import data
from ssepot.front.dashboards.common import MAX_INPUTS, ShownFigure, figure_value, number, shown
from ssepot.front.dashboards.home import GLOBAL_UNITS
from ssepot.front.models import Headline
from ssepot.reporting.models import Release

COMPLIANCE = "compromisos.cumplimiento_global"
PROGRESS = "pot.avance"
EXECUTION = "dinero.programa_ejecucion.ejecucion_pct"
#: the figures a plan's headline keeps, in the order the pages show them
MEASURES = (
    COMPLIANCE,
    "compromisos.cumplido",
    "compromisos.total",
    PROGRESS,
    "pot.cumplimiento",
    EXECUTION,
    "dinero.programa_ejecucion.ejecutado",
)
#: the stored columns the directory sorts by, by figure
SORTED = {COMPLIANCE: "compliance", PROGRESS: "progress", EXECUTION: "execution"}


# -- computing and storing --------------------------------------------------------------------------------


def _stored_input(i: Input) -> list[Any]:
    numeric = isinstance(i.value, int | Decimal)
    return [i.ref, i.label, "n" if numeric else "s", None if i.value is None else str(i.value)]


def stored_figure(f: Figure) -> dict[str, Any]:
    inputs = f.inputs
    return {
        "key": f.key,
        "label": f.label,
        "value": None if f.value is None else str(f.value),
        "unit": f.unit,
        "formula": f.formula,
        "method": f.method,
        "version": f.version,
        "status": f.status,
        "note": f.note,
        "inputs": [_stored_input(i) for i in inputs[:MAX_INPUTS]],
        "more_inputs": max(len(inputs) - MAX_INPUTS, 0),
    }


def figure_from(stored: dict[str, Any], inputs: bool = True) -> Figure:
    """A stored figure back as the engine's ``Figure`` (with the inputs kept, the first ``MAX_INPUTS``,
    unless ``inputs`` is false: a value to show needs none)."""

    def value(kind: str, text: str | None) -> Decimal | str | None:
        return None if text is None else Decimal(text) if kind == "n" else text

    return Figure(
        key=stored["key"],
        label=stored["label"],
        value=None if stored["value"] is None else Decimal(stored["value"]),
        unit=stored["unit"],
        formula=stored["formula"],
        method=stored["method"],
        version=stored["version"],
        status=stored["status"],
        note=stored["note"],
        inputs=tuple(Input(ref, label, value(kind, v)) for ref, label, kind, v in stored["inputs"])
        if inputs
        else (),
    )


def shown_from(stored: dict[str, Any]) -> ShownFigure:
    """A stored figure ready for a page, in the active language, «¿Cómo se calculó?» included."""
    return dataclasses.replace(shown(figure_from(stored)), more_inputs=stored["more_inputs"])


def store_headline(plan: Plan) -> Headline | None:
    """Compute the plan's headline from its published data (rules above) and keep it; None (and nothing
    kept) when the plan has published nothing."""
    stamp = data.publication_stamp(plan)
    year = data.default_year(plan, stamp) if stamp else None
    if year is None:
        Headline.objects.filter(plan=plan).delete()
        return None
    coverage = data.year_coverage(plan, year, stamp)
    partial = not coverage.reaches(plan.headline_coverage)
    figures = data.figure_map(plan, year, stamp)
    chosen = [
        figures[key]
        for key in MEASURES
        if key in figures and not (partial and figures[key].unit in GLOBAL_UNITS)
    ]
    by_key = {f.key: f for f in chosen}

    def measure(key: str) -> Decimal | None:
        f = by_key.get(key)
        return None if f is None or f.value is None else Decimal(f.value)

    headline, _created = Headline.objects.update_or_create(
        plan=plan,
        defaults={
            "stamp_id": stamp,
            "threshold": plan.headline_coverage,
            "year": year,
            "release": data.latest_release(plan, year),
            "covered": coverage.reported,
            "coverable": coverage.total,
            "partial": partial,
            "compliance": measure(COMPLIANCE),
            "progress": measure(PROGRESS),
            "execution": measure(EXECUTION),
            "figures": [stored_figure(f) for f in chosen],
            "computed_at": timezone.now(),
        },
    )
    return headline


# -- reading ----------------------------------------------------------------------------------------------


def with_headlines(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """``plans`` with their municipality, stored headline and newest release's id (``newest``), and
    ``fresh`` (the headline is current) and ``shown_<column>`` (a current headline's sortable measure)."""
    newest = Release.objects.filter(plan=OuterRef("pk")).order_by("-pk").values("pk")[:1]
    current = When(headline__stamp_id=F("newest"), headline__threshold=F("headline_coverage"), then=True)
    plans = plans.select_related("municipality", "headline", "headline__stamp", "headline__release").annotate(
        newest=Subquery(newest),
        fresh=Case(current, default=Value(False), output_field=BooleanField()),
    )
    return plans.annotate(
        **{
            f"shown_{column}": Case(
                When(fresh=True, then=F(f"headline__{column}")),
                default=Value(None),
                output_field=DecimalField(max_digits=12, decimal_places=4),
            )
            for column in SORTED.values()
        }
    )


@dataclass(frozen=True)
class PlanHeadline:
    """A plan as the pages that compare plans show it."""

    plan: Plan
    last_release: Release | None
    """The plan's newest release (any year)."""
    headline: Headline | None
    """The stored headline when it is current, else None (not computed yet)."""
    values: dict[str, str]
    """Each stored figure's value in words, in the active language: «92,1 %», «101 compromisos»."""
    figures: dict[str, ShownFigure]
    """Each stored figure with «¿Cómo se calculó?» (only when asked for: ``explained``)."""

    @property
    def coverage_percent(self) -> Decimal | None:
        h = self.headline
        return None if h is None or not h.coverable else Decimal(h.covered) * 100 / h.coverable

    @property
    def stored_figures(self) -> list[dict[str, Any]]:
        return self.headline.figures if self.headline else []

    def amount(self, key: str) -> str:
        """A stored figure's bare number in the active language (``ND`` without it)."""
        value = next((f["value"] for f in self.stored_figures if f["key"] == key), None)
        return number(None if value is None else Decimal(value))


def plan_headlines(plans: Sequence[Plan], *, explained: bool = True) -> list[PlanHeadline]:
    """The plans (from ``with_headlines``) with their newest release and current headline: one query for
    the releases of the plans whose headline is not current, whatever their number."""
    missing = [p.newest for p in plans if p.newest and not p.fresh]  # type: ignore[attr-defined]
    releases = Release.objects.in_bulk(missing) if missing else {}
    result = []
    for plan in plans:
        headline = plan.headline if plan.fresh else None  # type: ignore[attr-defined]
        last = headline.stamp if headline else releases.get(plan.newest)  # type: ignore[attr-defined]
        stored = headline.figures if headline else []
        values = {f["key"]: figure_value(figure_from(f, inputs=False)) for f in stored}
        figures = {f["key"]: shown_from(f) for f in stored} if explained else {}
        result.append(
            PlanHeadline(plan=plan, last_release=last, headline=headline, values=values, figures=figures)
        )
    return result


def stale_plans(plans: Iterable[Plan]) -> list[Plan]:
    """The plans (from ``with_headlines``) that published something and whose headline is not current."""
    return [p for p in plans if p.newest and not p.fresh]  # type: ignore[attr-defined]
