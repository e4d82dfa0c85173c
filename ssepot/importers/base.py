"""The importer interface: every format is a class with ``read`` (check everything) and ``write``.

An import is all-or-nothing. ``read`` parses the whole file and collects every problem (file, sheet, row,
column, message) before anything is written; if there is any, ``ImportFailed`` carries them all and the
database is untouched. ``write`` runs inside one transaction, so a failure half-way rolls back. Running an
importer twice changes nothing the second time: rows are matched on their natural keys (codes).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from django.db import transaction

from ssepot.catalogue.models import Plan

if TYPE_CHECKING:
    from ssepot.reporting.models import ImportBatch

Row = TypeVar("Row")
Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while writing."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located precisely enough for a planner to fix it."""

    file: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    letter: str | None = None
    """The column's letter in the sheet (``E``), when the file is a workbook."""

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"hoja '{self.sheet}'")
        if self.row is not None:
            where.append(f"fila {self.row}")
        if self.column:
            where.append(f"columna '{self.column}'" + (f" ({self.letter})" if self.letter else ""))
        return f"{', '.join(where)}: {self.message}"


class ImportFailed(Exception):
    """The input has problems; nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Change:
    """One line of what an import does or would do, for the planner's report (``--informe``)."""

    action: str
    """crear, cambiar, sin cambios, omitir (a row that is not data), ignorar (a column), advertencia"""
    what: str
    """what kind of record (a level's name, «indicador», «meta», «fila», «columna»)"""
    code: str = ""
    detail: str = ""
    place: str = ""
    """file, sheet, row and column, as the problems say it"""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    details: dict[str, int] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    """What was (or, in a dry run, would be) created, changed or left out, line by line (when the importer
    says it)."""

    def summary(self) -> str:
        verb = "se crearían" if self.dry_run else "creados"
        parts = [f"{verb}: {self.created}", f"actualizados: {self.updated}", f"sin cambios: {self.unchanged}"]
        parts += [f"{k}: {v}" for k, v in self.details.items()]
        return ", ".join(parts)


class _DryRunRollback(Exception):
    pass


class Importer(ABC, Generic[Row]):
    """Base class: subclasses implement ``read`` and ``write``; ``run`` does the rest."""

    #: the word after ``ssepot import`` (``territories``, ``municipalities``, ``indicator-sheets``)
    name: ClassVar[str]
    #: whether the importer needs ``--plan``
    needs_plan: ClassVar[bool] = True
    #: the batch an import of reported values left for review (``reporting.batches``), if any
    batch: ImportBatch | None = None

    def __init__(self, path: Path | str, plan: Plan | None = None, **options: Any) -> None:
        self.path = Path(path)
        self.plan = plan
        self.options = options
        self.warnings: list[Problem] = []

    def problem(
        self,
        message: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        letter: str | None = None,
    ) -> Problem:
        return Problem(
            file=self.path.name, message=message, sheet=sheet, row=row, column=column, letter=letter
        )

    @abstractmethod
    def read(self) -> list[Row]:
        """Parse and check the whole file; raise ``ImportFailed`` with every problem found."""

    @abstractmethod
    def write(self, rows: list[Row], progress: Progress | None = None) -> ImportResult:
        """Write the rows (called inside a transaction)."""

    def run(self, *, dry_run: bool = False, progress: Progress | None = None) -> ImportResult:
        if not self.path.exists():
            raise ImportFailed([self.problem("el archivo no existe")])
        if self.needs_plan and self.plan is None:
            raise ImportFailed([self.problem("falta el plan (--plan)")])
        rows = self.read()
        result = ImportResult()
        try:
            with transaction.atomic():
                result = self.write(rows, progress)
                if dry_run:
                    # NB: a dry run does every write, so it meets every database-level problem; then undo.
                    raise _DryRunRollback
        except _DryRunRollback:
            result.dry_run = True
        result.warnings = [*self.warnings, *result.warnings]
        return result


def tick(progress: Progress | None, items: Iterable[Any], total: int) -> Iterable[Any]:
    """Yield the items, reporting progress every step."""
    for i, item in enumerate(items, start=1):
        yield item
        if progress is not None:
            progress(i, total)


REGISTRY: dict[str, type[Importer[Any]]] = {}


def register(cls: type[Importer[Any]]) -> type[Importer[Any]]:
    """Class decorator: make an importer available as ``ssepot import <name>``."""
    REGISTRY[cls.name] = cls
    return cls
