"""Imports go through review: an import of values is a batch the analyst approves or rejects.

Rules, stated once:
- an importer of reported values (a CSV of values, an Open SDG folder) never writes reported data: it
  ``stage``s the file's values in an ``ImportBatch``; no figure, page, export or publication reads them;
- the batch's differences are computed against the current data when they are asked for (the page, the
  approval), so a batch approved later than it was imported is compared with what holds then: each value is
  *new* (no current value for its key), *changed* (value, code or observation differ, shown beside the
  current one), *unchanged*, or, for a current value of the batch's scope that the file does not bring,
  *withdrawn* (scope: the file's indicators in the file's years, or in every year for an Open SDG series);
- a current value already retracted (``RETRACTED``) is not withdrawn again; a file that brings its key again
  changes it;
- approving writes each new and changed value as a new version, and each withdrawn value as a retraction
  (a new version with no number and the code ``RETRACTED``: reported data is only superseded, never
  deleted), each with an ``Approval`` that names the batch, the person who imported it and the analyst who
  approved it, and leaves them for the year's next release (``actions.publish``): a published figure
  changes only when a release publishes the retraction, which the releases' diff shows as *retirado*;
- rejecting writes nothing but the decision and its reason;
- both are actions: the plan's analysts only (``accounts.permissions.can_review_imports``), one
  transaction, one audit entry; with the plan's separation of duties (``Plan.separate_duties``) who
  imported a batch does not approve it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssepot.accounts.permissions import can_review_imports, keeps_duties_apart
from ssepot.audit.log import actor_label, record
from ssepot.catalogue.models import Plan, TerritorialUnit
from ssepot.core.inputs import as_written
from ssepot.core.periods import WHOLE_YEAR
from ssepot.db.bulk import insert_rows
from ssepot.indicators.models import RETRACTED, Indicator, IndicatorValue
from ssepot.reporting.models import Approval, ImportBatch, ImportedValue

Key = tuple[int, int, int | None, int]
"""(indicator id, year, territorial unit id or None for the city total, period: 0 = the whole year)"""
Fields = tuple[Decimal | None, str, str]
"""(value, value code, observation): what makes two versions of a key equal"""
Staged = tuple[int, int, int | None, int, Decimal | None, str, str, int]
"""A file's value: (indicator id, year, unit id or None, period, value, value code, observation, line)"""

NEW, CHANGED, UNCHANGED, WITHDRAWN = "nuevo", "cambiado", "sin cambios", "retirado"
KINDS = {
    NEW: gettext_lazy("Nuevos"),
    CHANGED: gettext_lazy("Cambiados"),
    UNCHANGED: gettext_lazy("Sin cambios"),
    WITHDRAWN: gettext_lazy("Retirados (no vienen en el archivo; al aprobar se retiran, no se borran)"),
}

KIND_OF_ONE = {
    NEW: gettext_lazy("nuevo"),
    CHANGED: gettext_lazy("cambiado"),
    UNCHANGED: gettext_lazy("sin cambios"),
    WITHDRAWN: gettext_lazy("retirado"),
}

STAGED_FIELDS = (
    "plan_id", "batch_id", "line", "indicator_id", "year", "period", "territorial_unit_id", "value",
    "value_code", "observation",
)  # fmt: skip
VERSION_FIELDS = (
    "plan_id", "indicator_id", "year", "period", "territorial_unit_id", "value", "value_code", "observation",
    "evidence", "version", "supersedes_id", "recorded_at", "recorded_by_id", "reason",
)  # fmt: skip


class BatchRefused(Exception):
    """The batch action cannot be done; the message says why, in the words of the person acting."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# -- staging ----------------------------------------------------------------------------------------------


def stage(
    plan: Plan,
    rows: Iterable[Sequence[Any]],
    *,
    importer: str,
    file_name: str,
    actor: User | None,
    scope: str = ImportBatch.Scope.YEAR,
) -> ImportBatch:
    """Keep an import's rows as a pending batch. ``rows`` are (line, indicator id, year, unit id or None,
    value, value code, observation, period), as the values importer reads them. The caller's transaction
    holds the batch and its rows together."""
    batch = ImportBatch.objects.create(
        plan=plan,
        importer=importer[:60],
        file_name=file_name[:255],
        imported_at=timezone.now(),
        imported_by=actor,
        imported_as=actor_label(actor)[:200],
        scope=scope,
    )
    insert_rows(
        ImportedValue,
        STAGED_FIELDS,
        (
            (plan.pk, batch.pk, line, indicator_id, year, period, unit_id, value, code, observation)
            for line, indicator_id, year, unit_id, value, code, observation, period in rows
        ),
    )
    return batch


# -- differences ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One key of a batch compared with the current data."""

    kind: str
    key: Key
    new: Fields | None
    """What the file brings (None for a withdrawn value)."""
    current: Fields | None
    """The current version's fields (None for a new value)."""
    current_pk: int | None = None
    current_version: int = 0
    line: int = 0


@dataclass
class Differences:
    rows: list[Difference]

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(d.kind for d in self.rows)
        return {kind: found.get(kind, 0) for kind in KINDS}

    def of(self, kind: str) -> list[Difference]:
        return [d for d in self.rows if d.kind == kind]


def differences(batch: ImportBatch) -> Differences:
    """The batch's values against the current data, in the order of the file, then the withdrawn ones."""
    staged: list[Staged] = list(
        ImportedValue.objects.filter(batch=batch)
        .order_by("line", "pk")
        .values_list(
            "indicator_id", "year", "territorial_unit_id", "period", "value", "value_code", "observation",
            "line",
        )
    )  # fmt: skip
    return compare(batch.plan_id, batch.scope, staged)


def compare(plan_id: int, scope: str, staged: Sequence[Staged]) -> Differences:
    """A file's values (a batch's, or an importer's before it stages one) against the plan's current data,
    in the order given, then the withdrawn ones of the ``scope`` (``ImportBatch.Scope``)."""
    indicator_ids = {row[0] for row in staged}
    years = {row[1] for row in staged}
    current_rows = IndicatorValue.objects.filter(plan_id=plan_id, indicator_id__in=indicator_ids)
    if scope == ImportBatch.Scope.YEAR:
        current_rows = current_rows.filter(year__in=years)
    current: dict[Key, tuple[int, int, Fields]] = {
        (indicator_id, year, unit_id, period): (pk, version, (value, code, observation))
        for pk, indicator_id, year, unit_id, period, version, value, code, observation in (
            current_rows.current()
            .order_by()
            .values_list(
                "pk", "indicator_id", "year", "territorial_unit_id", "period", "version", "value",
                "value_code", "observation",
            )
        )
    }  # fmt: skip
    rows: list[Difference] = []
    seen: set[Key] = set()
    scopes: set[tuple[int, ...]] = set()
    for indicator_id, year, unit_id, period, value, code, observation, line in staged:
        key: Key = (indicator_id, year, unit_id, period)
        seen.add(key)
        scopes.add(_scope(scope, key))
        new: Fields = (value, code, observation)
        found = current.get(key)
        if found is None:
            rows.append(Difference(NEW, key, new, None, line=line))
        else:
            kind = UNCHANGED if new == found[2] else CHANGED  # NB: Decimals compare by value (12.5 = 12.50)
            rows.append(Difference(kind, key, new, found[2], found[0], found[1], line))
    for key, (pk, version, fields) in sorted(current.items(), key=lambda item: _sortable(item[0])):
        if key not in seen and _scope(scope, key) in scopes and not _retracted(fields):
            rows.append(Difference(WITHDRAWN, key, None, fields, pk, version))
    return Differences(rows)


def _retracted(fields: Fields) -> bool:
    return fields[0] is None and fields[1] == RETRACTED


def _scope(scope: str, key: Key) -> tuple[int, ...]:
    return (key[0],) if scope == ImportBatch.Scope.SERIES else (key[0], key[1])


def _sortable(key: Key) -> tuple[int, int, int, int]:
    return (key[0], key[1], key[2] or 0, key[3])


# -- the analyst's decision -------------------------------------------------------------------------------


def _decided(batch: ImportBatch, actor: AbstractBaseUser | AnonymousUser) -> ImportBatch:
    if not can_review_imports(actor, batch.plan_id):
        raise BatchRefused(_("Solo un analista de planeación del plan revisa las importaciones."))
    Plan.objects.select_for_update().get(pk=batch.plan_id)  # NB: one approval or publication at a time
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.state != ImportBatch.State.PENDING:
        raise BatchRefused(
            _("El lote %(n)s ya fue revisado: está «%(state)s».")
            % {"n": locked.pk, "state": locked.get_state_display()}
        )
    return locked


@transaction.atomic
def approve_batch(batch: ImportBatch, *, actor: User, note: str = "") -> list[Approval]:
    """Write the batch's new and changed values as new versions and retract its withdrawn ones (a new
    version without a number, ``RETRACTED``), all approved and ready for the next release."""
    b = _decided(batch, actor)
    if not keeps_duties_apart(b.plan, actor, [b.imported_by_id]):
        raise BatchRefused(
            _(
                "El plan separa las funciones de revisión: aprueba el lote una persona distinta de quien "
                "lo importó."
            )
        )
    found = differences(b)
    now = timezone.now()
    reason = _("importación %(file)s (lote %(n)s)") % {"file": b.file_name, "n": b.pk}
    withdrawn_reason = _("retirado: la importación %(file)s (lote %(n)s) ya no trae el valor") % {
        "file": b.file_name,
        "n": b.pk,
    }
    written = [d for d in found.rows if d.kind in (NEW, CHANGED, WITHDRAWN)]
    insert_rows(
        IndicatorValue,
        VERSION_FIELDS,
        (
            (b.plan_id, d.key[0], d.key[1], d.key[3], d.key[2], *_written_fields(d), "",
             d.current_version + 1, d.current_pk, now, actor.pk, reason if d.new else withdrawn_reason)
            for d in written
        ),
    )  # fmt: skip
    wanted = {d.key: d.current_version + 1 for d in written}
    new_rows = (
        IndicatorValue.objects.filter(
            plan_id=b.plan_id,
            indicator_id__in={k[0] for k in wanted},
            year__in={k[1] for k in wanted},
            approval__isnull=True,
        )
        .current()
        .values_list("pk", "indicator_id", "year", "territorial_unit_id", "period", "version")
    )
    approvals = [
        Approval(
            plan_id=b.plan_id,
            batch=b,
            reported_by=b.imported_by,
            approved_by=actor,
            approved_at=now,
            indicator_value_id=pk,
        )
        for pk, indicator_id, year, unit_id, period, version in new_rows
        if wanted.get((indicator_id, year, unit_id, period)) == version
    ]
    assert len(approvals) == len(wanted), "every new version of the batch has its approval"
    Approval.objects.bulk_create(approvals, batch_size=2000)
    counts = found.counts
    b.state, b.decided_at, b.decided_by, b.note = ImportBatch.State.APPROVED, now, actor, note.strip()
    b.save(update_fields=["state", "decided_at", "decided_by", "note"])
    record(
        "aprobar lote",
        b,
        actor=actor,
        changes={"state": [ImportBatch.State.PENDING, b.state], **{k: v for k, v in counts.items()}},
        reason=note.strip() or _summary(len(approvals), counts[WITHDRAWN]),
    )
    return approvals


def _summary(versions: int, withdrawn: int) -> str:
    summary = _("%(n)d versiones nuevas") % {"n": versions}
    if withdrawn:
        summary += _(", %(n)d de ellas retiros") % {"n": withdrawn}
    return summary


def _written_fields(d: Difference) -> Fields:
    """What approving writes for a difference: the file's fields, or, for a withdrawn value, a retraction
    (the version it supersedes keeps its number, and the reason says why)."""
    return d.new if d.new is not None else (None, RETRACTED, "")


@transaction.atomic
def reject_batch(batch: ImportBatch, *, actor: User, reason: str) -> ImportBatch:
    """Refuse the batch: nothing is written but the decision and why."""
    if not reason.strip():
        raise BatchRefused(_("Escriba por qué se rechaza el lote."))
    b = _decided(batch, actor)
    b.state, b.decided_at, b.decided_by, b.note = ImportBatch.State.REJECTED, timezone.now(), actor, reason
    b.save(update_fields=["state", "decided_at", "decided_by", "note"])
    record("rechazar lote", b, actor=actor, changes={"state": [ImportBatch.State.PENDING, b.state]},
           reason=reason.strip())  # fmt: skip
    return b


# -- what the page shows ----------------------------------------------------------------------------------


def batches_for_user(user: AbstractBaseUser | AnonymousUser) -> Any:
    """The batches of the plans whose imports the user reviews."""
    from ssepot.accounts.permissions import plans_for_user

    plans = plans_for_user(user, "reporting.change_importbatch")
    return ImportBatch.objects.filter(plan__in=plans).select_related("plan", "imported_by", "decided_by")


@dataclass(frozen=True)
class ShownDifference:
    kind: str
    label: str
    indicator: str
    indicator_name: str
    unit: str
    year: str
    before: str
    after: str
    observation_before: str
    observation_after: str
    line: int


def shown(batch: ImportBatch, rows: Sequence[Difference]) -> list[ShownDifference]:
    """The differences as the page writes them: codes, names and es-CO numbers."""
    from ssepot.core.periods import period_text

    indicators = {
        pk: (code, name, frequency)
        for pk, code, name, frequency in Indicator.objects.filter(
            pk__in={d.key[0] for d in rows}
        ).values_list("pk", "code", "name", "frequency")
    }
    units = dict(
        TerritorialUnit.objects.filter(plan_id=batch.plan_id, pk__in={d.key[2] for d in rows if d.key[2]})
        .values_list("pk", "code")
    )  # fmt: skip
    out = []
    for d in rows:
        code, name, frequency = indicators[d.key[0]]
        year = str(d.key[1]) if d.key[3] == WHOLE_YEAR else period_text(d.key[1], frequency, d.key[3])
        out.append(
            ShownDifference(
                d.kind,
                str(KIND_OF_ONE[d.kind]),
                code,
                name,
                units.get(d.key[2], "") if d.key[2] else _("total"),
                year,
                value_text(d.current),
                value_text(d.new),
                d.current[2] if d.current else "",
                d.new[2] if d.new else "",
                d.line,
            )
        )
    return out


def value_text(fields: Fields | None) -> str:
    """A value in Colombian notation (1.234,5), or its code (S/D); empty when there is none."""
    if fields is None:
        return ""
    value, code, _observation = fields
    if value is None:
        return code
    return number_format(as_written(value), use_l10n=True, force_grouping=True)
