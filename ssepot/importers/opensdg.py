"""Open SDG data repositories in and out: ``data/indicator_<code>.csv`` plus ``meta/<code>.yml``.

An Open SDG indicator file has the columns ``Year``, any number of disaggregation columns (``Units``,
``Series``, ``Sex``, ``Geography``, ``GeoCode``...) and ``Value``. Each combination of disaggregation values
is one *series*; SSEPOT stores each series as an indicator of the plan (code ``ODS-11-1-1`` for the headline,
whose disaggregations are all empty, and ``ODS-11-1-1.1``, ``.2``... for the others, in the order they first
appear) with ordinary, versioned ``IndicatorValue`` rows, and remembers in ``OpenSdgSeries`` the column
order, the disaggregation values, the years written as ranges (``2011-2021`` is stored as 2021 and written
back as it was) and the YAML metadata. The exporter writes the same files back, so an import followed by
an export gives the same values; it also writes the plan's own indicators in the same format (headline plus
one row per territorial unit, with ``Geography`` and ``GeoCode``).

Declarations, not code: the files are the declaration. ``indicator_progress_direction.yml`` (``negative`` or
``positive`` per code) sets the indicator's direction; ``computation_units`` or a ``Units`` column its unit.
An empty ``Value`` is stored as the code ``ND`` (no disponible) and written back empty.

The values go through review like every import (``reporting.batches``): the import keeps them as a batch
whose withdrawn values are those of its series in any year the file no longer has; the analyst approves
it (the values are then approved, for each year's next release) or rejects it. The import itself
publishes nothing. The indicators and series (the catalogue) are written at once, with their history.

Values are kept as they were written, up to the value column's limits (``core.inputs``: 14 digits before
the comma, 20 decimals, 15 significant digits, as a spreadsheet keeps them): a national file's
``67.8571428571429`` or ``0.0734463276836158`` is exported back identically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from ssepot.catalogue.models import Plan, TerritorialUnit
from ssepot.core.inputs import InputError, as_written, fit_number
from ssepot.core.tabular import write_csv
from ssepot.figures.loaders import PUBLISHED, View, reported
from ssepot.importers.base import ImportResult, Problem, Progress, register
from ssepot.importers.indicator_values import VALUE_LIMITS, IndicatorValuesImporter, ValueRow
from ssepot.importers.readers import CheckedImporter, decode, upsert
from ssepot.indicators.models import Indicator, IndicatorValue
from ssepot.opendata.models import OpenSdgSeries
from ssepot.reporting.models import ImportBatch

YEAR, VALUE = "Year", "Value"
NOT_AVAILABLE = "ND"
PREFIX = "ODS-"
FILE_NAME = re.compile(r"indicator_(?P<code>[0-9A-Za-z][0-9A-Za-z._-]*)\.csv")
YEAR_TEXT = re.compile(r"(?:(?P<first>\d{4})\s*-\s*)?(?P<year>\d{4})")
NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")
DIRECTIONS = {"negative": Indicator.Direction.DECREASING, "positive": Indicator.Direction.INCREASING}


@dataclass
class Series:
    key: tuple[str, ...]
    line: int
    values: dict[int, tuple[Decimal | None, str, int]] = field(default_factory=dict)
    """year -> (value, code, line)"""
    year_labels: dict[str, str] = field(default_factory=dict)


@dataclass
class SdgFile:
    code: str
    file: str
    columns: list[str]
    series: list[Series]
    metadata: dict[str, Any]
    direction: str


def headline_first(series: list[Series]) -> list[Series]:
    return sorted(series, key=lambda s: (any(s.key), s.line))


def indicator_code(sdg: str, position: int) -> str:
    return f"{PREFIX}{sdg}" if position == 0 else f"{PREFIX}{sdg}.{position}"


def sdg_title(sdg: str, metadata: dict[str, Any]) -> str:
    for key in ("indicator_name", "SDG_INDICATOR", "SDG_INDICATOR__GLOBAL"):
        if text := str(metadata.get(key) or "").strip():
            return re.sub(r"^(Indicator|Indicador)\s+[\d.a-z]+\s*:\s*", "", text)
    return _("Indicador ODS %(code)s") % {"code": sdg.replace("-", ".")}


def plain(text: str) -> str:
    """Metadata often holds HTML: keep the words."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()


@register
class OpenSdgImporter(CheckedImporter[SdgFile]):
    """Every ``data/indicator_*.csv`` of an Open SDG data folder (with its ``meta/*.yml``) into a plan."""

    name = "opensdg"

    def _report(self, file: str, message: str, row: int | None = None, column: str | None = None) -> None:
        self.problems.append(Problem(file=file, message=message, row=row, column=column))

    def _files(self) -> list[Path]:
        if self.path.is_file():
            return [self.path]
        folder = self.path / "data" if (self.path / "data").is_dir() else self.path
        files = sorted(p for p in folder.glob("indicator_*.csv") if FILE_NAME.fullmatch(p.name))
        if not files:
            self.report(_("no hay archivos data/indicator_<código>.csv en la carpeta"))
        return files

    def _root(self) -> Path:
        if self.path.is_file():
            return self.path.parent.parent if self.path.parent.name == "data" else self.path.parent
        return self.path

    def _directions(self) -> dict[str, str]:
        path = self._root() / "indicator_progress_direction.yml"
        if not path.exists():
            return {}
        loaded = self._yaml(path)
        return {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}

    def _yaml(self, path: Path) -> Any:
        name = path.relative_to(self._root()).as_posix()
        try:
            return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except UnicodeDecodeError:
            self._report(name, _("el archivo no está en UTF-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            self._report(
                name,
                _("YAML no válido: %(error)s") % {"error": getattr(exc, "problem", None) or exc},
                row=mark.line + 1 if mark is not None else None,
            )
        return {}

    def read(self) -> list[SdgFile]:
        self.start_reading()
        files = self._files()
        self.raise_problems()
        directions = self._directions()
        result = [self._read_file(path, directions) for path in files]
        self.raise_problems()
        return [f for f in result if f is not None]

    def _read_file(self, path: Path, directions: dict[str, str]) -> SdgFile | None:
        import csv
        import io

        match = FILE_NAME.fullmatch(path.name)
        assert match is not None
        code = match["code"]
        name = path.relative_to(self._root()).as_posix()
        before = len(self.problems)
        text = decode(self, path.read_bytes(), "utf-8")
        if text is None:
            self.problems[before:] = [Problem(name, p.message, row=p.row) for p in self.problems[before:]]
            return None
        reader = csv.reader(io.StringIO(text, newline=""))
        header = [h.strip() for h in next(reader, [])]
        for column in (YEAR, VALUE):
            if column not in header:
                self._report(name, _("falta la columna obligatoria"), row=1, column=column)
        if len(set(header)) != len(header):
            self._report(name, _("hay columnas con el mismo nombre"), row=1)
        if len(self.problems) > before:
            return None
        columns = [h for h in header if h not in (YEAR, VALUE)]
        series: dict[tuple[str, ...], Series] = {}
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                self._report(
                    name,
                    _("se esperaban %(expected)d columnas y hay %(found)d")
                    % {"expected": len(header), "found": len(cells)},
                    row=line,
                )
                continue
            row = dict(zip(header, cells, strict=True))
            year, label = self._year(name, row[YEAR], line)
            value, value_code = self._value(name, row[VALUE], line)
            if year is None or (value is None and not value_code):
                continue
            key = tuple(row[c] for c in columns)
            s = series.setdefault(key, Series(key, line))
            if year in s.values:
                self._report(
                    name,
                    _("el año %(year)s ya aparece para las mismas desagregaciones en la fila %(first)d")
                    % {"year": row[YEAR], "first": s.values[year][2]},
                    row=line,
                    column=YEAR,
                )
                continue
            if label != str(year):
                s.year_labels[str(year)] = label
            s.values[year] = (value, value_code, line)
        if len(self.problems) > before:
            return None
        meta_path = self._root() / "meta" / f"{code}.yml"
        metadata = self._yaml(meta_path) if meta_path.exists() else {}
        if not isinstance(metadata, dict):
            self._report(meta_path.name, _("los metadatos deben ser un diccionario YAML"))
            metadata = {}
        return SdgFile(
            code,
            name,
            columns,
            headline_first(list(series.values())),
            metadata,
            DIRECTIONS.get(directions.get(code, ""), Indicator.Direction.INCREASING),
        )

    def _year(self, file: str, raw: str, line: int) -> tuple[int | None, str]:
        text = raw.strip()
        match = YEAR_TEXT.fullmatch(text)
        if match is None:
            self._report(
                file,
                _("se esperaba un año (2024) o un rango (2011-2021) y dice '%(v)s'") % {"v": raw},
                row=line,
                column=YEAR,
            )
            return None, text
        return int(match["year"]), text

    def _value(self, file: str, raw: str, line: int) -> tuple[Decimal | None, str]:
        text = raw.strip()
        if not text:
            return None, NOT_AVAILABLE
        try:
            number = Decimal(text) if NUMBER.fullmatch(text) else None
        except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
            number = None
        if number is None or not number.is_finite():
            self._report(file, _("se esperaba un número y dice '%(v)s'") % {"v": raw}, row=line, column=VALUE)
            return None, ""
        try:
            fitted = fit_number(number, VALUE_LIMITS)
        except InputError as refused:
            self._report(file, refused.message, row=line, column=VALUE)
            return None, ""
        if fitted != number:
            self.warnings.append(
                Problem(
                    file=file,
                    message=_("el número %(v)s se guarda redondeado: %(fitted)s")
                    % {"v": text, "fitted": as_written(fitted)},
                    row=line,
                    column=VALUE,
                )
            )
        return fitted, ""

    # -- writing ------------------------------------------------------------------------------------------

    def write(self, rows: list[SdgFile], progress: Progress | None = None) -> ImportResult:
        assert self.plan is not None
        plan = self.plan
        result = ImportResult(details={"archivos": len(rows), "series": sum(len(f.series) for f in rows)})
        wanted: list[tuple[str, dict[str, Any]]] = []
        for f in rows:
            title = sdg_title(f.code, f.metadata)
            for position, s in enumerate(f.series):
                wanted.append((indicator_code(f.code, position), self._indicator(plan, f, s, title)))
        existing = {
            i.code: i
            for i in Indicator.objects.filter(
                plan=plan, development_plan__isnull=True, code__in=[c for c, _v in wanted]
            )
        }
        upsert(Indicator, existing, wanted, result)
        ids = dict(
            Indicator.objects.filter(
                plan=plan, development_plan__isnull=True, code__in=[c for c, _v in wanted]
            ).values_list("code", "pk")
        )
        series_rows = [
            (
                str(ids[indicator_code(f.code, position)]),
                {
                    "plan_id": plan.pk,
                    "indicator_id": ids[indicator_code(f.code, position)],
                    "sdg_code": f.code,
                    "position": position,
                    "columns": f.columns,
                    "key": dict(zip(f.columns, s.key, strict=True)),
                    "year_labels": s.year_labels,
                    "metadata": f.metadata if position == 0 else {},
                },
            )
            for f in rows
            for position, s in enumerate(f.series)
        ]
        known = {str(s.indicator_id): s for s in OpenSdgSeries.objects.filter(indicator_id__in=ids.values())}
        OpenSdgSeries.objects.filter(plan=plan, sdg_code__in=[f.code for f in rows]).exclude(
            indicator_id__in=ids.values()
        ).delete()
        upsert(OpenSdgSeries, known, series_rows, result)
        values = [
            ValueRow(line, ids[indicator_code(f.code, position)], year, None, value, code, "")
            for f in rows
            for position, s in enumerate(f.series)
            for year, (value, code, line) in sorted(s.values.items())
        ]
        values_importer = IndicatorValuesImporter(
            self.path,
            plan=plan,
            actor=self.options.get("actor"),
            scope=ImportBatch.Scope.SERIES,
            batch_importer=self.name,
        )
        written = values_importer.write(values, progress)
        self.batch = values_importer.batch
        result.created += written.created
        result.unchanged += written.unchanged
        result.details["valores"] = len(values)
        result.details["versiones nuevas"] = written.details.get("versiones nuevas", 0)
        result.details["retirados"] = written.details.get("retirados", 0)
        if self.batch is not None:
            result.details["lote"] = self.batch.pk
        return result

    def _indicator(self, plan: Plan, f: SdgFile, s: Series, title: str) -> dict[str, Any]:
        labels = [f"{c}: {v}" for c, v in zip(f.columns, s.key, strict=True) if v]
        units = dict(zip(f.columns, s.key, strict=True)).get("Units") or str(
            f.metadata.get("computation_units") or _("valor")
        )
        name = f"{title} ({'; '.join(labels)})" if labels else title
        source = str(f.metadata.get("source_organisation_1") or "")
        url = str(f.metadata.get("source_url_1") or "")
        return {
            "plan_id": plan.pk,
            "code": indicator_code(f.code, f.series.index(s)),
            "name": name[:600],
            "unit": units[:120],
            "indicator_type": Indicator.Type.RESULT,
            "accumulation": Indicator.Accumulation.NOT_ACCUMULATED,
            "direction": f.direction,
            "definition": plain(str(f.metadata.get("STAT_CONC_DEF") or "")),
            "source": f"{source} {url}".strip(),
            "observations": _("Importado de Open SDG (%(file)s).") % {"file": f.file},
        }


# -- export -----------------------------------------------------------------------------------------------


def _value_cell(value: Decimal | None) -> Any:
    return "" if value is None else as_written(value)


Values = dict[tuple[int, int, str | None], Decimal | None]
"""(indicator id, year, territorial unit code or None) -> value (None for a code such as ND)"""


def export_opensdg(plan: Plan, out: Path, view: View = PUBLISHED, *, own: bool = True) -> list[Path]:
    """Write ``data/indicator_<code>.csv`` and ``meta/<code>.yml`` for every Open SDG series of the plan
    and, with ``own``, for the plan's own indicators that have values (headline plus territorial units)."""
    (out / "data").mkdir(parents=True, exist_ok=True)
    (out / "meta").mkdir(parents=True, exist_ok=True)
    # NB: no join on the territorial unit: SQLite plans that join badly next to the published filter.
    codes = dict(TerritorialUnit.objects.filter(plan=plan).values_list("pk", "code"))
    values: Values = {
        (indicator_id, year, codes[unit_id] if unit_id else None): value
        for indicator_id, year, unit_id, value in reported(IndicatorValue.objects.filter(plan=plan), view)
        .order_by()
        .values_list("indicator_id", "year", "territorial_unit_id", "value")
    }
    written: list[Path] = []
    groups: dict[str, list[OpenSdgSeries]] = {}
    for s in OpenSdgSeries.objects.filter(plan=plan).order_by("sdg_code", "position"):
        groups.setdefault(s.sdg_code, []).append(s)
    for code, series in groups.items():
        columns = list(series[0].columns)
        rows = []
        for s in series:
            years = sorted({y for (i, y, unit) in values if i == s.indicator_id and unit is None})
            for year in years:
                label = s.year_labels.get(str(year), str(year))
                rows.append(
                    [
                        label,
                        *[s.key.get(c, "") for c in columns],
                        _value_cell(values[(s.indicator_id, year, None)]),
                    ]
                )
        written.append(_write(out / "data" / f"indicator_{code}.csv", [YEAR, *columns, VALUE], rows))
        written.append(_write_yaml(out / "meta" / f"{code}.yml", series[0].metadata))
    if own:
        written += _own_indicators(plan, out, values)
    return written


def _own_indicators(plan: Plan, out: Path, values: Values) -> list[Path]:
    written: list[Path] = []
    with_values = {i for (i, _y, _u) in values}
    indicators = (
        Indicator.objects.filter(
            plan=plan, development_plan__isnull=True, opensdg__isnull=True, pk__in=with_values
        )
        .select_related("agency")
        .order_by("code")
    )
    units = dict(TerritorialUnit.objects.filter(plan=plan).values_list("code", "name"))
    for indicator in indicators:
        rows = []
        keys = sorted(
            ((y, u) for (i, y, u) in values if i == indicator.pk),
            key=lambda k: (k[0], k[1] is not None, k[1] or ""),
        )
        for year, unit in keys:
            rows.append(
                [
                    year,
                    units.get(unit, "") if unit else "",
                    unit or "",
                    _value_cell(values[(indicator.pk, year, unit)]),
                ]
            )
        code = re.sub(r"[^0-9A-Za-z._-]", "-", indicator.code)
        written.append(
            _write(out / "data" / f"indicator_{code}.csv", [YEAR, "Geography", "GeoCode", VALUE], rows)
        )
        metadata = {
            "indicator_name": indicator.name,
            "indicator_number": indicator.code,
            "computation_units": indicator.unit,
            "STAT_CONC_DEF": indicator.definition,
            "source_active_1": True,
            "source_organisation_1": indicator.agency.name if indicator.agency else "",
            "source_periodicity_1": indicator.periodicity,
            "reporting_status": "complete",
            "data_non_statistical": False,
        }
        written.append(_write_yaml(out / "meta" / f"{code}.yml", metadata))
    return written


def _write(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        write_csv(stream, header, rows)
    return path


def _write_yaml(path: Path, metadata: dict[str, Any]) -> Path:
    path.write_text(
        yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
    )
    return path
