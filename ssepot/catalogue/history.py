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
  ``record_states_before_history``);
- a link a figure reads (an indicator's projects, a node's systems: ``links=``) is kept with its owner's
  history: every history row of the owner carries the owner's links at that moment (django-simple-history's
  ``m2m_fields``), written by a save, by a change of the links from either side (``add``, ``remove``,
  ``set``, ``clear``), by ``record_states_before_history`` and, for the importers' bulk updates, by
  ``record_links``. Links written without history count as unchanged, like rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
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


def catalogue_history(links: Sequence[str] = ()) -> HistoricalRecords:
    """The history of one catalogue model: the reason as free text, as long as a planner needs; with
    ``links``, the many-to-many fields whose links each history row carries."""
    return CatalogueHistory(
        history_change_reason_field=models.TextField(null=True, blank=True),
        user_db_constraint=False,
        m2m_fields=list(links),
    )


class CatalogueHistory(HistoricalRecords):
    """django-simple-history's records, with the rules above for links: the owner's state before its
    first change is recorded before its links change, and a change made from the other side (a
    project's ``indicators.add``) is recorded on each owner it touches (simple-history records only the
    owner's side)."""

    def m2m_changed(
        self, instance: Any, action: str, attr: str, pk_set: set[Any] | None, reverse: bool, **kwargs: Any
    ) -> None:
        if hasattr(instance, "skip_history_when_saving"):
            return
        if not reverse:
            if action.startswith("pre_"):
                record_states_before_history(type(instance), [instance.pk])
            else:
                super().m2m_changed(instance, action, attr, pk_set, reverse)
            return
        owner_model, field = kwargs["model"], kwargs["model"]._meta.get_field(attr)
        if action == "pre_clear":
            through = field.remote_field.through
            pk_set = set(
                through.objects.filter(**{field.m2m_reverse_field_name(): instance.pk}).values_list(
                    field.m2m_field_name(), flat=True
                )
            )
            instance._history_cleared = pk_set
        elif action == "post_clear":
            pk_set = getattr(instance, "_history_cleared", set())
        if action.startswith("pre_"):
            record_states_before_history(owner_model, pk_set or ())
            return
        for owner in owner_model._default_manager.filter(pk__in=pk_set or ()):
            super().m2m_changed(owner, action, attr, None, False)


def link_fields(model: type[models.Model]) -> list[Any]:
    """The many-to-many fields whose links ``model``'s history rows carry."""
    return list(getattr(model.history.model, "_history_m2m_fields", ()))  # type: ignore[attr-defined]


def link_history(model: type[models.Model], name: str) -> Any:
    """The model of the links of ``model``'s field ``name`` kept with each history row."""
    return getattr(model.history.model, name).model  # type: ignore[attr-defined]


def record_links(model: type[models.Model], rows: Iterable[Any]) -> None:
    """Each of ``model``'s history ``rows`` (just written, for owners whose links are as they are now)
    gets the owner's current links, in two queries a field."""
    rows = list(rows)
    for field in link_fields(model):
        through = field.remote_field.through
        owner = field.m2m_field_name()
        by_owner: dict[Any, list[Any]] = {}
        for link in through.objects.filter(**{f"{owner}__in": {r.id for r in rows}}):
            by_owner.setdefault(getattr(link, f"{owner}_id"), []).append(link)
        names = [f.name for f in through._meta.fields]
        link_history(model, field.name).objects.bulk_create(
            [
                link_history(model, field.name)(history=row, **{n: getattr(link, n) for n in names})
                for row in rows
                for link in by_owner.get(row.id, ())
            ],
            batch_size=500,
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
    written = history.objects.bulk_create(
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
    record_links(model, written)
