"""Reading real spreadsheets as tables: the layer any mapping-driven importer reads its rows through.

A municipality's workbook is rarely one clean table. Its header may sit under title rows, a name may repeat
(``L.B`` twice), a column may be easier to name by its letter, the levels may be merged cells, each table may
end in a TOTAL row, and the plan may be spread over several sheets (one per agency or strategic line, with
the same or different layouts) or two tables side by side under one header row. ``Layout`` (the mapping's
keys, in Spanish) says how to read it; ``read_tables`` turns the file into rows of values keyed by the
mapping's own column references, with each reference's column letter for the messages, and keeps what it
skipped and why, so a dry-run can say what is left out.

A column reference is one of: a header name (``Meta cuatrienio``); the n-th occurrence of a repeated name
(``L.B#2``); a column letter or a position (``@E``, ``@5``). A name that repeats is refused only where the
mapping uses it without saying which occurrence. Besides the sheet's columns, a layout may declare virtual
columns: a cell of the sheet (``celdas``, the title above the table), a constant (``constantes``), or the
text of the last title row seen (``filas_titulo``, the strategic line written above each table).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Protocol

from django.utils.translation import gettext as _
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from ssepot.core.inputs import fold
from ssepot.importers.readers import cell_text

OCCURRENCE = re.compile(r"^(?P<name>.+?)#(?P<n>[1-9][0-9]{0,2})$")
LETTER = re.compile(r"^@(?P<letter>[A-Za-z]{1,3})$")
POSITION = re.compile(r"^@(?P<position>[1-9][0-9]{0,3})$")
CELL = re.compile(r"^(?P<letter>[A-Za-z]{1,3})(?P<row>[1-9][0-9]{0,6})$")
RANGE = re.compile(r"^(?P<first>[A-Za-z]{1,3}):(?P<last>[A-Za-z]{1,3})$")
ROWS = re.compile(r"^(?P<first>[1-9][0-9]{0,6})(?:\s*-\s*(?P<last>[1-9][0-9]{0,6}))?$")
EMPTY_RUN = 100
"""Blank rows read past the last data row: a sheet formatted down to row 1,048,576 stops after these."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def letter_of(index: int) -> str:
    """The column letter of a 0-based index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def index_of(letters: str) -> int:
    """The 0-based index of a column letter (A -> 0, AA -> 26)."""
    number = 0
    for c in letters.upper():
        number = number * 26 + ord(c) - 64
    return number - 1


def _pattern(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"el patrón «{value}» no es una expresión regular válida: {exc}") from None
    return value


Pattern = Annotated[str, AfterValidator(_pattern)]
"""A regular expression a row's cell is matched against (``patron``)."""


class SkipRule(Strict):
    """Rows that are not data: by a column's value (empty, one of some words, a pattern) or by number."""

    columna: str | None = None
    vacia: bool = False
    valores: list[str] = []
    patron: Pattern | None = None
    filas: str | None = None

    @field_validator("valores", mode="before")
    @classmethod
    def words(cls, value: Any) -> Any:
        return [cell_text(v) for v in value] if isinstance(value, list) else value

    @field_validator("filas")
    @classmethod
    def row_range(cls, value: str | None) -> str | None:
        if value is not None and not ROWS.fullmatch(value.strip()):
            raise ValueError(f"«{value}» no es una fila ni un rango de filas: escriba 12 o 40-45")
        return value

    @model_validator(mode="after")
    def one_rule(self) -> SkipRule:
        by_column = self.vacia or bool(self.valores) or self.patron is not None
        if self.filas is None and (self.columna is None or not by_column):
            raise ValueError(
                "cada regla de omitir_filas lleva «filas» (12 o 40-45), o «columna» con «vacia», «valores» o "
                "«patron»"
            )
        return self

    def rows(self) -> range | None:
        if self.filas is None:
            return None
        found = ROWS.fullmatch(self.filas.strip())
        assert found is not None
        first = int(found["first"])
        return range(first, int(found["last"] or first) + 1)

    def describe(self) -> str:
        if self.filas is not None:
            return _("filas %(rows)s") % {"rows": self.filas}
        if self.vacia:
            return _("«%(column)s» vacía") % {"column": self.columna}
        if self.valores:
            return _("«%(column)s» dice %(words)s") % {
                "column": self.columna,
                "words": " / ".join(self.valores),
            }
        return _("«%(column)s» coincide con %(pattern)s") % {"column": self.columna, "pattern": self.patron}


class TitleRows(Strict):
    """Rows that title the table under them: their text fills the virtual column ``nombre`` for the rows
    that follow, until the next title row."""

    nombre: str = Field(min_length=1, max_length=100)
    columna: str = "@A"
    patron: Pattern


def _cells(value: dict[str, str]) -> dict[str, str]:
    for cell in value.values():
        if not CELL.fullmatch(str(cell).strip()):
            raise ValueError(f"«{cell}» no es una celda: escriba la letra y la fila, como B2")
    return value


def _texts(value: Any) -> Any:
    return {k: cell_text(v) for k, v in value.items()} if isinstance(value, dict) else value


Cells = Annotated[dict[str, str], AfterValidator(_cells)]
"""``celdas``: column name -> a cell (B2) whose value fills the column."""
Constants = Annotated[dict[str, str], BeforeValidator(_texts)]
"""``constantes``: column name -> a value written in the mapping (numbers kept as the text a cell shows)."""


class SheetLayout(Strict):
    """One sheet (or one of two tables side by side) and how it differs from the mapping's defaults."""

    hoja: str = ""
    """The sheet's name (empty: the first sheet)."""
    fila_encabezado: int | None = Field(None, ge=1, le=10000)
    columnas: str | None = None
    """A range of letters (``A:M``): the table is only these columns (two tables side by side)."""
    renombrar: dict[str, str] = {}
    """This sheet's header name -> the name the mapping uses (a sheet with another layout)."""
    ignorar: list[str] = []
    celdas: Cells = {}
    constantes: Constants = {}

    @field_validator("columnas")
    @classmethod
    def letters(cls, value: str | None) -> str | None:
        if value is not None and not RANGE.fullmatch(value.strip()):
            raise ValueError(f"«{value}» no es un rango de columnas: escriba A:M")
        return value


class Layout(Strict):
    """The mapping keys that say where the table is and which rows are data (see docs/correspondencias.md)."""

    hoja: str | None = None
    hojas: list[str | SheetLayout] = []
    fila_encabezado: int = Field(1, ge=1, le=10000)
    omitir_filas: list[SkipRule] = []
    filas_titulo: list[TitleRows] = []
    celdas: Cells = {}
    constantes: Constants = {}
    rellenar_combinadas: bool = False
    rellenar_hacia_abajo: list[str] = []
    ignorar: list[str] = []

    @model_validator(mode="after")
    def one_way(self) -> Layout:
        if self.hoja and self.hojas:
            raise ValueError("use «hoja» (una hoja) o «hojas» (varias), no ambas")
        return self

    def sheets(self) -> list[SheetLayout]:
        """Every table to read, with the defaults filled in (no ``hoja``: the first sheet, named later)."""
        listed = self.hojas or [self.hoja or ""]
        return [SheetLayout.model_validate({"hoja": s}) if isinstance(s, str) else s for s in listed]

    def virtual(self) -> set[str]:
        """The names of the virtual columns any sheet may have."""
        names = {*self.celdas, *self.constantes, *(t.nombre for t in self.filas_titulo)}
        for sheet in self.hojas:
            if isinstance(sheet, SheetLayout):
                names |= {*sheet.celdas, *sheet.constantes}
        return names


class Reporter(Protocol):
    def report(
        self,
        message: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        letter: str | None = None,
    ) -> None: ...

    def warn(
        self,
        message: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        letter: str | None = None,
    ) -> None: ...


@dataclass
class TableRow:
    sheet: str
    number: int
    """The row's number in the sheet (the CSV's line)."""
    values: dict[str, Any]
    """By the mapping's column reference (``Meta``, ``L.B#2``, ``@E``) and virtual column."""
    letters: dict[str, str]
    """Column reference -> its letter in this sheet (a virtual column: its cell, or none)."""


@dataclass
class Skipped:
    sheet: str
    row: int
    reason: str


@dataclass
class Tables:
    rows: list[TableRow] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    """Rows that were not data: a skip rule, a title row, a repeated header."""
    ignored: list[tuple[str, str, str]] = field(default_factory=list)
    """(sheet, letter, header name) of every column the mapping ignores."""


@dataclass
class Header:
    """A header row: resolves column references to indexes, and says why one cannot be resolved."""

    names: list[str]
    offset: int = 0
    """The index of the table's first column in the sheet (a table side by side starts further right)."""

    def positions(self, name: str) -> list[int]:
        return [i for i, n in enumerate(self.names) if n == name]

    def resolve(self, ref: str) -> tuple[int | None, str | None]:
        """(index in the table, None) or (None, why not)."""
        found = self.positions(ref)
        if len(found) == 1:
            return found[0], None
        if len(found) > 1:
            letters = ", ".join(letter_of(i + self.offset) for i in found)
            choices = " o ".join(f"«{ref}#{n}»" for n in range(1, len(found) + 1))
            return None, _(
                "el nombre aparece %(count)d veces en el encabezado (columnas %(letters)s): "
                "escriba %(choices)s"
            ) % {"count": len(found), "letters": letters, "choices": choices}
        if match := OCCURRENCE.fullmatch(ref):
            found = self.positions(match["name"])
            n = int(match["n"])
            if 0 < n <= len(found):
                return found[n - 1], None
            if found:
                return None, _("el nombre «%(name)s» aparece %(count)d vez/veces, no %(n)d") % {
                    "name": match["name"],
                    "count": len(found),
                    "n": n,
                }
        if match := LETTER.fullmatch(ref):
            index = index_of(match["letter"]) - self.offset
            if 0 <= index < len(self.names):
                return index, None
            return None, _("la columna %(letter)s está fuera de la tabla") % {
                "letter": match["letter"].upper()
            }
        if match := POSITION.fullmatch(ref):
            index = int(match["position"]) - 1
            if index < len(self.names):
                return index, None
            return None, _("la tabla tiene %(count)d columnas") % {"count": len(self.names)}
        return None, None


def _open_rows(
    path: Path, reporter: Reporter, layout: Layout
) -> tuple[dict[str, list[tuple[Any, ...]]], list[str]] | None:
    """Every sheet's rows as value tuples (a CSV is one sheet named ""), merged cells filled when asked."""
    if path.suffix.lower() == ".csv":
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        rows = [tuple(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
        return {"": rows}, [""]
    from openpyxl import load_workbook

    try:
        # NB: merged ranges are only known outside read-only mode (slower on very large sheets)
        book = load_workbook(path, read_only=not layout.rellenar_combinadas, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        reporter.report(_("no es un libro de Excel (.xlsx) legible: %(error)s") % {"error": exc})
        return None
    try:
        wanted = [s.hoja or book.sheetnames[0] for s in layout.sheets()]
        out: dict[str, list[tuple[Any, ...]]] = {}
        for name in dict.fromkeys(wanted):
            if name not in book.sheetnames:
                reporter.report(
                    _("no existe la hoja '%(sheet)s'; el libro tiene: %(sheets)s")
                    % {"sheet": name, "sheets": ", ".join(book.sheetnames)}
                )
                continue
            out[name] = _sheet_rows(book[name], layout.rellenar_combinadas)
        return out, book.sheetnames
    finally:
        book.close()


def _sheet_rows(sheet: Any, fill_merged: bool) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    empty = 0
    for values in sheet.iter_rows(values_only=True):
        if any(v is not None and str(v).strip() for v in values):
            empty = 0
        else:
            empty += 1
            if empty >= EMPTY_RUN:
                break
        rows.append(tuple(values))
    while rows and not any(v is not None and str(v).strip() for v in rows[-1]):
        rows.pop()
    if fill_merged:
        grid = [list(r) for r in rows]
        for merged in sheet.merged_cells.ranges:
            top = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(grid) else None
            for r in range(merged.min_row, min(merged.max_row, len(grid)) + 1):
                line = grid[r - 1]
                if len(line) < merged.max_col:
                    line.extend([None] * (merged.max_col - len(line)))
                for c in range(merged.min_col, merged.max_col + 1):
                    line[c - 1] = top
        rows = [tuple(r) for r in grid]
    return rows


def _blank(values: Iterable[Any]) -> bool:
    return not any(v is not None and str(v).strip() for v in values)


def read_tables(
    path: Path,
    reporter: Reporter,
    layout: Layout,
    wanted: dict[str, str],
    *,
    mapping_name: str,
    every_column: bool = True,
) -> Tables:
    """Read every table ``layout`` declares, keyed by the references in ``wanted`` (reference -> the key
    that declares it, for the messages). Problems go to ``reporter`` with their sheet, row and column:
    a reference that matches no column (or a repeated name without its occurrence), a header column neither
    wanted nor ignored (with ``every_column``); an ``ignorar`` entry that matches nothing is a warning."""
    tables = Tables()
    opened = _open_rows(path, reporter, layout)
    if opened is None:
        return tables
    by_sheet, sheetnames = opened
    used_ignores: set[str] = set()
    all_ignores = [*layout.ignorar]
    for spec in layout.sheets():
        name = spec.hoja or (sheetnames[0] if sheetnames else "")
        if name not in by_sheet:
            continue
        all_ignores += spec.ignorar
        _read_one(
            by_sheet[name],
            name,
            spec,
            layout,
            wanted,
            reporter,
            tables,
            used_ignores,
            mapping_name,
            every_column,
        )
    for ref in dict.fromkeys(all_ignores):
        if ref not in used_ignores:
            reporter.warn(
                _("«ignorar» nombra la columna «%(column)s», que no está en ninguna hoja leída (%(file)s)")
                % {"column": ref, "file": mapping_name},
                column=ref,
            )
    return tables


def _read_one(
    raw: list[tuple[Any, ...]],
    name: str,
    spec: SheetLayout,
    layout: Layout,
    wanted: dict[str, str],
    reporter: Reporter,
    tables: Tables,
    used_ignores: set[str],
    mapping_name: str,
    every_column: bool,
) -> None:
    header_row = spec.fila_encabezado or layout.fila_encabezado
    first, last = 0, None
    if spec.columnas:
        found = RANGE.fullmatch(spec.columnas.strip())
        assert found is not None
        first, last = index_of(found["first"]), index_of(found["last"]) + 1

    def cut(values: tuple[Any, ...]) -> tuple[Any, ...]:
        return values[first:last]

    if len(raw) < header_row:
        reporter.report(
            _("la hoja no llega a la fila de encabezado %(row)d") % {"row": header_row}, sheet=name
        )
        return
    renamed = {**spec.renombrar}
    names = [cell_text(h).strip() for h in cut(raw[header_row - 1])]
    names = [renamed.get(n, n) for n in names]
    header = Header(names, first)

    # virtual columns: a sheet's cells and constants, and the title rows' text
    virtual: dict[str, Any] = {**layout.constantes, **spec.constantes}
    virtual_letters: dict[str, str] = {}
    for column, cell in {**layout.celdas, **spec.celdas}.items():
        found = CELL.fullmatch(cell.strip())
        assert found is not None
        r, c = int(found["row"]) - 1, index_of(found["letter"])
        virtual[column] = raw[r][c] if r < len(raw) and c < len(raw[r]) else None
        virtual_letters[column] = cell.strip().upper()
    titles = {t.nombre: t for t in layout.filas_titulo}

    # resolve the wanted and ignored references
    positions: dict[str, int] = {}
    virtual_names = layout.virtual()
    ambiguous: set[int] = set()
    for ref, key in wanted.items():
        if ref in virtual or ref in titles:
            continue
        index, why = header.resolve(ref)
        if index is not None:
            positions[ref] = index
        elif ref not in virtual_names:
            ambiguous.update(header.positions(ref))  # NB: reported once, not again as unmapped
            reporter.report(
                why
                or _("la columna que declara «%(key)s» en %(file)s no está en el encabezado")
                % {"key": key, "file": mapping_name},
                sheet=name,
                row=header_row,
                column=ref,
            )
        else:
            reporter.report(
                _("la columna virtual «%(column)s» no tiene valor en esta hoja (celdas, constantes)")
                % {"column": ref},
                sheet=name,
                column=ref,
            )
    ignored: set[int] = set()
    for ref in [*layout.ignorar, *spec.ignorar]:
        if ref in virtual or ref in titles:
            used_ignores.add(ref)
            continue
        # NB: ignoring a repeated name ignores every column with it
        found_all = header.positions(ref)
        index, _why = header.resolve(ref) if not found_all else (None, None)
        found_all = found_all or ([index] if index is not None else [])
        if found_all:
            used_ignores.add(ref)
            ignored.update(found_all)
    title_positions: dict[str, int | None] = {}
    for title in titles.values():
        index, _why = header.resolve(title.columna)
        if index is None and (match := LETTER.fullmatch(title.columna)):
            index = index_of(match["letter"]) - first
        title_positions[title.nombre] = index
        if index is None:
            reporter.report(
                _("la columna de filas_titulo «%(column)s» no está en la tabla") % {"column": title.columna},
                sheet=name,
                row=header_row,
                column=title.columna,
            )
    if every_column:
        taken = set(positions.values()) | ignored | ambiguous
        for i, column in enumerate(names):
            if column and i not in taken:
                reporter.report(
                    _("columna sin correspondencia: añádala a %(file)s (indicador, niveles o ignorar)")
                    % {"file": mapping_name},
                    sheet=name,
                    row=header_row,
                    column=column,
                    letter=letter_of(i + first),
                )
    for i in sorted(ignored):
        tables.ignored.append((name, letter_of(i + first), names[i]))

    letters = {ref: letter_of(i + first) for ref, i in positions.items()}
    letters.update(virtual_letters)
    skip_rules = layout.omitir_filas
    fill_down = set(layout.rellenar_hacia_abajo)
    last_seen: dict[str, Any] = {}
    current_title: dict[str, Any] = {}
    header_values = [cell_text(h).strip() for h in cut(raw[header_row - 1])]
    # the title rows above the header title the first table
    for number, values in enumerate(raw[: header_row - 1], start=1):
        _title_of(cut(values), titles, title_positions, current_title, number)
    for number, full in enumerate(raw[header_row:], start=header_row + 1):
        values = cut(full)
        if _blank(values):
            continue
        if _title_of(values, titles, title_positions, current_title, number):
            tables.skipped.append(Skipped(name, number, _("fila de título")))
            continue
        if [cell_text(v).strip() for v in values] == header_values:
            tables.skipped.append(Skipped(name, number, _("encabezado repetido")))
            continue
        row = {ref: values[i] if i < len(values) else None for ref, i in positions.items()}
        for ref in fill_down:
            if ref in row:
                if cell_text(row[ref]).strip():
                    last_seen[ref] = row[ref]
                else:
                    row[ref] = last_seen.get(ref)
        reason = _skip_reason(number, row, values, header, skip_rules)
        if reason:
            tables.skipped.append(Skipped(name, number, reason))
            continue
        row.update(virtual)
        row.update(current_title)
        tables.rows.append(TableRow(name, number, row, letters))


def _title_of(
    values: tuple[Any, ...],
    titles: dict[str, TitleRows],
    positions: dict[str, int | None],
    current: dict[str, Any],
    number: int,
) -> bool:
    """Whether the row is a title row; if so its text becomes the current title."""
    for title in titles.values():
        index = positions.get(title.nombre)
        if index is None or index >= len(values):
            continue
        text = cell_text(values[index]).strip()
        if text and re.search(title.patron, text, flags=re.IGNORECASE):
            current[title.nombre] = text
            return True
    return False


def _skip_reason(
    number: int, row: dict[str, Any], values: tuple[Any, ...], header: Header, rules: list[SkipRule]
) -> str | None:
    for rule in rules:
        rows = rule.rows()
        if rows is not None:
            if number in rows:
                return rule.describe()
            continue
        assert rule.columna is not None
        if rule.columna in row:
            value = row[rule.columna]
        else:
            index, _why = header.resolve(rule.columna)
            value = values[index] if index is not None and index < len(values) else None
        text = cell_text(value).strip()
        if rule.vacia and not text:
            return rule.describe()
        if rule.valores and fold(text) in {fold(v) for v in rule.valores}:
            return rule.describe()
        if rule.patron and text and re.search(rule.patron, text, flags=re.IGNORECASE):
            return rule.describe()
    return None
