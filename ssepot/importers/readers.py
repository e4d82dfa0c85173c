"""Reading helpers shared by the importers: text decoding, CSV and XLSX rows, values, and upserts.

Everything here reports problems as ``Problem`` objects through the importer instead of raising on the
first one, so an import can list every problem of a file at once.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ssepot.audit.log import actor_label, record
from ssepot.catalogue.history import HISTORISED, link_fields, record_links, record_states_before_history
from ssepot.catalogue.models import Plan
from ssepot.core.inputs import fold
from ssepot.importers.base import Importer, ImportFailed, ImportResult, Problem, Progress

Row = TypeVar("Row")
BATCH_SIZE = 500


@dataclass
class Importing:
    """Who runs the current import and its reason, for the history of the catalogue rows ``upsert``
    writes, and the rows it created so far (by model)."""

    actor: Any = None
    reason: str = ""
    created: dict[type[models.Model], set[Any]] = field(default_factory=dict)
    date: Any = None
    """When a historical load dates its history (the ``history_date`` option: the demo's and a historical
    plan's imports, published by a release dated in the past); None is now."""


IMPORTING: ContextVar[Importing | None] = ContextVar("importing", default=None)


class CheckedImporter(Importer[Row]):
    """An importer that collects problems while reading and raises them all at the end."""

    def __init__(self, path: Path | str, plan: Plan | None = None, **options: Any) -> None:
        super().__init__(path, plan=plan, **options)
        self.problems: list[Problem] = []
        self._letters: dict[str, str] = {}
        """The column letters of the sheet being read (header -> letter): a message naming a column
        carries its letter."""

    def report(
        self,
        message: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        letter: str | None = None,
    ) -> None:
        letter = letter or self._letters.get(column or "")
        self.problems.append(self.problem(message, sheet=sheet, row=row, column=column, letter=letter))

    def warn(
        self,
        message: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        letter: str | None = None,
    ) -> None:
        letter = letter or self._letters.get(column or "")
        self.warnings.append(self.problem(message, sheet=sheet, row=row, column=column, letter=letter))

    def start_reading(self) -> None:
        self.problems = []
        self.warnings = []

    def raise_problems(self) -> None:
        if self.problems:
            raise ImportFailed(self.problems)

    def run(self, *, dry_run: bool = False, progress: Progress | None = None) -> ImportResult:
        """As ``Importer.run``; a real run also writes one audit entry in the import's transaction: which
        importer, the file's name, the counts, the batch it left for review and who ran it (the ``actor``
        option, ``--usuario``; without one the system, with the operating system's user named)."""
        actor = self.options.get("actor")
        importing = IMPORTING.set(
            Importing(
                actor,
                _("importación %(file)s") % {"file": self.path.name},
                date=self.options.get("history_date"),
            )
        )
        try:
            with transaction.atomic():
                result = super().run(dry_run=dry_run, progress=progress)
                if not result.dry_run:
                    self._record(result, actor)
        finally:
            IMPORTING.reset(importing)
        return result

    def _record(self, result: ImportResult, actor: Any) -> None:
        record(
            f"importar {self.name}"[:60],
            self.batch,
            actor=actor,
            plan_id=self.plan.pk if self.plan is not None else None,
            changes={
                "archivo": self.path.name,
                "por": actor_label(actor),
                "creados": result.created,
                "actualizados": result.updated,
                "sin cambios": result.unchanged,
                **({"lote": self.batch.pk} if self.batch is not None else {}),
            },
            reason=_("importación %(file)s") % {"file": self.path.name},
        )


# Text -------------------------------------------------------------------------------------------------


# Spanish particles stay lower case inside a proper name ("Corregimiento de San Cristóbal").
PARTICLES = {"de", "del", "la", "las", "los", "el", "y", "e", "en", "a", "al"}


def readable_name(official: str) -> str:
    """Turn an official upper-case name into the way people write it, keeping accents."""
    words = official.strip().lower().split()
    out = [w if i > 0 and w in PARTICLES else w[:1].upper() + w[1:] for i, w in enumerate(words)]
    return " ".join(out)


def stable_slug(name: str, max_length: int = 40) -> str:
    """A slug of ``name`` that fits ``max_length``; long names end in a hash so two never collide."""
    slug = slugify(name)
    if len(slug) <= max_length:
        return slug
    digest = hashlib.sha1(slug.encode()).hexdigest()[:8]
    return f"{slug[: max_length - 9].rstrip('-')}-{digest}"


def cell_text(value: Any) -> str:
    """A cell as text, kept as it is (multi-line cells too); empty for a blank cell."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# CSV --------------------------------------------------------------------------------------------------


def read_json(importer: CheckedImporter[Any], utf8: str = "") -> Any | None:
    """The importer's file as JSON (UTF-8, with or without BOM); None after reporting why it is not:
    ``utf8`` says what the format demands when the file is in another encoding."""
    try:
        return json.loads(importer.path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        importer.report(utf8 or _("el archivo no está en UTF-8"))
    except json.JSONDecodeError as exc:
        importer.report(
            _("no es un JSON válido (línea %(line)d, columna %(col)d): %(error)s")
            % {"line": exc.lineno, "col": exc.colno, "error": exc.msg},
            row=exc.lineno,
        )
    return None


def decode(importer: CheckedImporter[Any], data: bytes, encoding: str) -> str | None:
    """Decode a whole text file; on failure add a problem naming the line and return None."""
    codec = "utf-8-sig" if fold(encoding).replace("_", "-") in {"utf-8", "utf8"} else encoding
    try:
        return data.decode(codec)
    except LookupError:
        importer.report(_("la codificación '%(encoding)s' no existe") % {"encoding": encoding})
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        importer.report(
            _(
                "el archivo no está en %(encoding)s: el byte %(byte)s de la línea %(line)d no es válido. "
                "Si el archivo viene de Excel o de un portal de datos abiertos, pruebe con --encoding latin-1"
            )
            % {"encoding": encoding, "byte": f"0x{data[exc.start]:02X}", "line": line},
            row=line,
        )
    return None


@dataclass
class CsvTable:
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    """(line number in the file, values by column name) for every non-blank row."""


def read_csv(
    importer: CheckedImporter[Any], encoding: str = "utf-8", delimiter: str | None = None
) -> CsvTable | None:
    """Read a CSV file whose first line is the header; None (with problems added) if it cannot be read."""
    text = decode(importer, importer.path.read_bytes(), encoding)
    if text is None:
        return None
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip() for h in next(reader, [])]
    if not any(header):
        importer.report(_("el archivo está vacío"))
        return None
    rows: list[tuple[int, dict[str, str]]] = []
    start = reader.line_num + 1
    for values in reader:
        if any(v.strip() for v in values):
            if len(values) != len(header):
                importer.report(
                    _("se esperaban %(expected)d columnas y hay %(found)d")
                    % {"expected": len(header), "found": len(values)},
                    row=start,
                )
            rows.append((start, dict(zip(header, values, strict=False))))
        start = reader.line_num + 1
    return CsvTable(header, rows)


def missing_columns(
    importer: CheckedImporter[Any], header: Iterable[str], required: Iterable[str], sheet: str | None = None
) -> list[str]:
    """Add a problem (row 1) for every required column the header lacks; return the missing ones."""
    present = set(header)
    missing = [c for c in required if c not in present]
    for column in missing:
        importer.report(_("falta la columna obligatoria"), sheet=sheet, row=1, column=column)
    return missing


# XLSX -------------------------------------------------------------------------------------------------


@dataclass
class SheetTable:
    sheet: str
    header: list[str]
    rows: list[tuple[int, dict[str, Any]]]
    """(Excel row number, values by column name) for every non-blank row."""


def read_xlsx(importer: CheckedImporter[Any], sheet: str) -> SheetTable | None:
    """Read one sheet whose first row is the header (read-only mode: fast on large files)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(importer.path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (zip, xml, key errors) for a damaged file
        importer.report(_("no es un libro de Excel (.xlsx) legible: %(error)s") % {"error": exc})
        return None
    try:
        if sheet not in workbook.sheetnames:
            importer.report(
                _("no existe la hoja '%(sheet)s'; el libro tiene: %(sheets)s")
                % {"sheet": sheet, "sheets": ", ".join(workbook.sheetnames)}
            )
            return None
        rows_iter: Iterator[tuple[Any, ...]] = workbook[sheet].iter_rows(values_only=True)
        first = next(rows_iter, ())
        header = [cell_text(h).strip() for h in first]
        rows: list[tuple[int, dict[str, Any]]] = []
        for number, values in enumerate(rows_iter, start=2):
            if any(v is not None and str(v).strip() for v in values):
                rows.append((number, {h: v for h, v in zip(header, values, strict=False) if h}))
        return SheetTable(sheet, header, rows)
    finally:
        workbook.close()


# Writing ----------------------------------------------------------------------------------------------


def upsert(
    model: type[models.Model],
    existing: Mapping[str, models.Model],
    wanted: Iterable[tuple[str, dict[str, Any]]],
    result: ImportResult,
    step: Callable[[], None] | None = None,
) -> None:
    """Create the rows not in ``existing`` and update those whose fields differ, in bulk.

    ``existing`` maps natural keys to saved instances; ``wanted`` gives each row's natural key and its
    field values (by attribute name, e.g. ``agency_id``). Counts go into ``result``.
    """
    to_create: list[models.Model] = []
    to_update: list[models.Model] = []
    changed_fields: set[str] = set()
    for key, values in wanted:
        obj = existing.get(key)
        if obj is None:
            to_create.append(model(**values))
        else:
            changed = [name for name, value in values.items() if getattr(obj, name) != value]
            if changed:
                for name in changed:
                    setattr(obj, name, values[name])
                changed_fields.update(changed)
                to_update.append(obj)
            else:
                result.unchanged += 1
        if step is not None:
            step()
    # NB: the catalogue keeps its history (ADR 0006): who imported, and the file as the reason
    importing = IMPORTING.get() or Importing()
    if model in HISTORISED:
        created = bulk_create_with_history(
            to_create, model, batch_size=BATCH_SIZE, default_user=importing.actor,
            default_change_reason=importing.reason, default_date=importing.date,
        )  # fmt: skip
        importing.created.setdefault(model, set()).update(obj.pk for obj in created)
    else:
        model._default_manager.bulk_create(to_create, batch_size=BATCH_SIZE)
    if to_update:
        names = sorted({model._meta.get_field(f).name for f in changed_fields})
        if model in HISTORISED:
            _update_with_history(model, to_update, names, importing)
        else:
            model._default_manager.bulk_update(to_update, names, batch_size=BATCH_SIZE)
    result.created += len(to_create)
    result.updated += len(to_update)


def _update_with_history(
    model: type[models.Model], rows: list[models.Model], names: list[str], importing: Importing
) -> None:
    """Update catalogue rows keeping their history. A row this import created is still in its first
    state when the import ends: its creation row takes the update (a separate edit, dated now, would
    read as a change after a release dated before the import, as the demo's and historical ones are)."""
    fresh_pks = importing.created.get(model, set())
    fresh = [obj for obj in rows if obj.pk in fresh_pks]
    known = [obj for obj in rows if obj.pk not in fresh_pks]
    if known:
        record_states_before_history(model, [obj.pk for obj in known])
        history = model.history.model  # type: ignore[attr-defined]
        before = history.objects.aggregate(last=models.Max("history_id"))["last"] or 0
        bulk_update_with_history(
            known, model, names, batch_size=BATCH_SIZE, default_user=importing.actor,
            default_change_reason=importing.reason, default_date=importing.date,
        )  # fmt: skip
        if link_fields(model):  # NB: the bulk history rows carry no links: they have not changed
            record_links(model, history.objects.filter(history_id__gt=before, id__in=[o.pk for o in known]))
    if fresh:
        model._default_manager.bulk_update(fresh, names, batch_size=BATCH_SIZE)
        history = model.history.model  # type: ignore[attr-defined]
        attnames = [model._meta.get_field(name).attname for name in names]  # type: ignore[union-attr]
        first = {h.id: h for h in history.objects.filter(id__in=[o.pk for o in fresh], history_type="+")}
        for obj in fresh:
            if (row := first.get(obj.pk)) is not None:
                for attname in attnames:
                    setattr(row, attname, getattr(obj, attname))
        history.objects.bulk_update(list(first.values()), names, batch_size=BATCH_SIZE)


def stepper(progress: Progress | None, total: int, every: int = 1) -> Callable[[], None]:
    """A function to call once per row written; it reports ``progress(done, total)`` every few rows."""
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None and (done % every == 0 or done == total):
            progress(done, total)

    return step


def fits(
    importer: CheckedImporter[Any], value: str, max_length: int, *, sheet: str | None, row: int, column: str
) -> str:
    """Cut a text that does not fit its field, with a warning (the full text stays in the source file)."""
    if len(value) <= max_length:
        return value
    importer.warn(
        _("el texto tiene %(length)d caracteres y el campo admite %(max)d; se recorta")
        % {"length": len(value), "max": max_length},
        sheet=sheet,
        row=row,
        column=column,
    )
    return value[: max_length - 1] + "…"
