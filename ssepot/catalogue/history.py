"""The catalogue's history: who changed a field a figure reads, when and why (ADR 0006).

Rules, stated once:
- a historised model keeps one history row per save and per delete (django-simple-history), with the user
  (``HistoryRequestMiddleware`` for web and admin edits) and the reason (``_change_reason``; the admin asks
  for it);
- a row written before history was kept, or by a bulk path that sends no signals (``bulk_create``), has no
  history row; its first save or delete first records the state it had, dated ``BEFORE_HISTORY``, so the
  catalogue as of any earlier moment can still be read;
- ``QuerySet.update`` and ``bulk_update`` write no history: catalogue edits go through ``save``, and the
  importers' bulk writes through ``bulk_create_with_history`` and ``bulk_update_with_history`` (after
  ``record_states_before_history``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models
from django.db.models.signals import pre_delete, pre_save
from simple_history.models import HistoricalRecords

BEFORE_HISTORY = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""The date of a row's state recorded at its first change when it was written without history: its real
date is unknown, but it held before every change history records."""

BEFORE_HISTORY_REASON = "Estado anterior al primer cambio registrado (fecha desconocida)."

M = TypeVar("M", bound=type[models.Model])

HISTORISED: list[type[models.Model]] = []
"""The models whose every field a figure may read keep history (registered by ``historised``)."""


def catalogue_history() -> HistoricalRecords:
    """The history of one catalogue model: the reason as free text, as long as a planner needs."""
    return HistoricalRecords(
        history_change_reason_field=models.TextField(null=True, blank=True),
        user_db_constraint=False,
    )


def historised(model: M) -> M:
    """Class decorator: register ``model`` (which declares ``history = catalogue_history()``) and record
    the state of its rows written without history before their first change."""
    HISTORISED.append(model)
    pre_save.connect(_record_state_before_history, sender=model, dispatch_uid=f"history-{model._meta.label}")
    pre_delete.connect(
        _record_state_before_history, sender=model, dispatch_uid=f"history-del-{model._meta.label}"
    )
    return model


def _record_state_before_history(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if instance._state.adding or instance.pk is None or kwargs.get("raw"):
        return
    record_states_before_history(sender, [instance.pk])


def record_states_before_history(model: type[models.Model], pks: Iterable[Any]) -> None:
    """The rule above for a bulk update (``bulk_update_with_history`` sends no ``pre_save``): the rows
    among ``pks`` that have no history row get their stored state recorded, dated ``BEFORE_HISTORY``, in
    two queries whatever their number."""
    history = model.history.model  # type: ignore[attr-defined]
    wanted = set(pks)
    kept = set(history.objects.filter(id__in=wanted).values_list("id", flat=True).distinct())
    missing = wanted - kept
    if not missing:
        return
    history.objects.bulk_create(
        [
            history(
                **{f.attname: getattr(stored, f.attname) for f in history.tracked_fields},
                history_date=BEFORE_HISTORY,
                history_type="+",
                history_change_reason=BEFORE_HISTORY_REASON,
            )
            for stored in model._default_manager.filter(pk__in=missing)
        ],
        batch_size=500,
    )
