"""What a release shows and what changes between two: the publish page's preview and the releases' diff.

Rules, stated once:
- a release ``N`` of a year shows, for each key (an indicator's year, period and territorial unit; a
  commitment's year; a project's year), the latest version published in a release numbered ``N`` or lower
  (``VersionedQuerySet.published``); release 0 shows nothing;
- the next release would show the current release plus every approved version not yet published (the
  highest per key);
- between two of these, a key is **nuevo** when the earlier showed nothing for it, **retirado** when the
  earlier showed a number and the later shows none (the value was replaced by a code such as S/D, or the
  key is gone), and **cambiado** when it shows another version;
- the preview's token names what the analyst saw (the current release and the pending approvals), so a
  publication confirmed on a preview that is no longer true is refused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Model, Q

from ssepot.catalogue.models import Plan
from ssepot.commitments.models import CommitmentStatus
from ssepot.indicators.models import IndicatorValue
from ssepot.projects.models import ProjectYear
from ssepot.reporting.models import Approval, Release

NEW, CHANGED, WITHDRAWN = "nuevo", "cambiado", "retirado"
KINDS = (NEW, CHANGED, WITHDRAWN)

_RELATED: dict[type[Model], tuple[str, ...]] = {
    IndicatorValue: ("indicator", "territorial_unit", "recorded_by", "approval__release"),
    CommitmentStatus: ("commitment", "recorded_by", "approval__release"),
    ProjectYear: ("project", "recorded_by", "approval__release"),
}

Key = tuple[Any, ...]


def _key(row: Any) -> Key:
    if isinstance(row, IndicatorValue):
        return ("indicador", row.indicator_id, row.period, row.territorial_unit_id)
    if isinstance(row, CommitmentStatus):
        return ("compromiso", row.commitment_id)
    return ("proyecto", row.project_id)


def shown_in(plan: Plan, year: int, number: int) -> dict[Key, Any]:
    """What release ``number`` of the year shows, by key (nothing for 0)."""
    shown: dict[Key, Any] = {}
    if number <= 0:
        return shown
    for model, related in _RELATED.items():
        rows = model.objects.filter(plan=plan, year=year).published(number)  # type: ignore[attr-defined]
        shown.update((_key(row), row) for row in rows.select_related(*related))
    return shown


def latest_number(plan: Plan, year: int) -> int:
    return Release.objects.filter(plan=plan, year=year).aggregate(n=Max("number"))["n"] or 0


def pending(plan: Plan, year: int) -> Any:
    """The approvals of the year's versions that no release has published yet."""
    return Approval.objects.filter(plan=plan, release__isnull=True).filter(
        Q(indicator_value__year=year) | Q(commitment_status__year=year) | Q(project_year__year=year)
    )


def _next_shown(plan: Plan, year: int, current: dict[Key, Any]) -> dict[Key, Any]:
    shown = dict(current)
    for model, related in _RELATED.items():
        rows = model.objects.filter(  # type: ignore[attr-defined]
            plan=plan, year=year, approval__isnull=False, approval__release__isnull=True
        )
        for row in rows.select_related(*related).order_by("version"):
            shown[_key(row)] = row  # NB: a correction is always a higher version of the same key
    return shown


def _withdrawn(before: Any, after: Any) -> bool:
    return isinstance(before, IndicatorValue) and before.value is not None and after.value is None


def differences(before: dict[Key, Any], after: dict[Key, Any]) -> list[dict[str, Any]]:
    """New, changed and withdrawn keys from ``before`` to ``after``, with who, when and why and the
    release that published the later version (None while pending)."""
    rows: list[dict[str, Any]] = []
    for key, row in after.items():
        previous = before.get(key)
        if previous is not None and previous.pk == row.pk:
            continue
        kind = NEW if previous is None else WITHDRAWN if _withdrawn(previous, row) else CHANGED
        rows.append({"kind": kind, "record": row, "previous": previous, "who": row.recorded_by,
                     "when": row.recorded_at, "why": row.reason,
                     "release": row.approval.release})  # fmt: skip
    for key, previous in before.items():
        if key not in after:
            rows.append({"kind": WITHDRAWN, "record": None, "previous": previous, "who": None,
                         "when": None, "why": "", "release": None})  # fmt: skip
    rows.sort(key=lambda r: (KINDS.index(r["kind"]), str(_key(r["record"] or r["previous"]))))
    return rows


def release_differences(plan: Plan, year: int, old: int, new: int) -> list[dict[str, Any]]:
    """What changed from release ``old`` of a year to release ``new``."""
    return differences(shown_in(plan, year, old), shown_in(plan, year, new))


@dataclass(frozen=True)
class Preview:
    """What publishing the year now would change, and the token that confirms having seen it."""

    current: int
    differences: list[dict[str, Any]]
    token: str


def publication_token(plan: Plan, year: int) -> str:
    """Names the current release and the pending approvals: it changes when either does."""
    ids = sorted(pending(plan, year).values_list("pk", flat=True))
    text = f"{plan.pk}:{year}:{latest_number(plan, year)}:{','.join(map(str, ids))}"
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def publication_preview(plan: Plan, year: int) -> Preview:
    current = latest_number(plan, year)
    shown = shown_in(plan, year, current)
    return Preview(
        current=current,
        differences=differences(shown, _next_shown(plan, year, shown)),
        token=publication_token(plan, year),
    )
