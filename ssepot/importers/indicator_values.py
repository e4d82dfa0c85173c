"""Measured indicator values from a CSV file, one row per indicator, year and territorial unit.

Columns: ``codigo_indicador``, ``vigencia``, ``codigo_unidad`` (empty for the city total), ``valor`` and,
optionally, ``observacion`` and ``periodo`` (empty for the whole year; ``T1``-``T4`` or ``M01``-``M12`` for
an indicator that reports by quarter or month, as its frequency says). ``valor`` is a number written the
Colombian way (``1.234,5``) or plainly (``1234.5``), read by ``ssepot.core.inputs`` as every path reads
numbers and refused when the value column cannot hold it, or a code for an unknown value (``S/D``, ``-1``,
``-2``, ``ND``, ``NA``), kept as a code. ``observacion`` follows the same text policy (no control
characters, the same length limit).

The import goes through review: the file's values become a pending batch (``reporting.batches``) the
analyst sees beside the current data (new, changed, unchanged, withdrawn) and approves or rejects; until
then no figure, page or publication reads them. Approved, a row equal to the current version changes
nothing and a different value becomes a new version that supersedes it (values are append-only), with the
reason "importación <archivo> (lote N)"; a current value of the file's indicators and years that the file
no longer brings is withdrawn: approved, it is retracted by a new version without a number. A file that
changes nothing (nothing new, changed or withdrawn) makes no batch.
Option ``development_plan`` (a slug) reads the codes as that development plan's indicators instead of the
POT's own. The write is a fixed number of statements whatever the file's size (``ssepot.db.bulk``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext as _

from ssepot.catalogue.models import TerritorialUnit
from ssepot.core.inputs import OBSERVATION_MAX_LENGTH, InputError, NumberLimits, clean_text, read_number
from ssepot.core.periods import WHOLE_YEAR, PeriodError, parse_period, period_text
from ssepot.development.models import DevelopmentPlan
from ssepot.importers.base import ImportResult, Progress, register
from ssepot.importers.readers import CheckedImporter, missing_columns, read_csv
from ssepot.indicators.models import VALUE_CODES, Indicator, IndicatorValue
from ssepot.reporting.batches import CHANGED, NEW, UNCHANGED, WITHDRAWN, compare, stage
from ssepot.reporting.models import ImportBatch

INDICATOR = "codigo_indicador"
YEAR = "vigencia"
UNIT = "codigo_unidad"
VALUE = "valor"
OBSERVATION = "observacion"
PERIOD = "periodo"
REQUIRED = [INDICATOR, YEAR, UNIT, VALUE]

VALUE_LIMITS = NumberLimits.of(IndicatorValue._meta.get_field("value"))
"""What the value column holds; every path that reads an indicator's value checks it against these."""

Key = tuple[int, int, int | None, int]
"""(indicator id, year, territorial unit id or None for the city total, period: 0 = the whole year)"""


class ValueRow(NamedTuple):
    """One checked row of the file (a named tuple: a file has tens of thousands and it is built fast)."""

    line: int
    indicator_id: int
    year: int
    unit_id: int | None
    value: Decimal | None
    value_code: str
    observation: str
    period: int = WHOLE_YEAR
    """0 for the whole year; a quarter (1-4) or month (1-12) as the indicator's frequency says."""

    @property
    def key(self) -> Key:
        return (self.indicator_id, self.year, self.unit_id, self.period)


@register
class IndicatorValuesImporter(CheckedImporter[ValueRow]):
    """Add the file's values to a plan's indicators as new versions, all or nothing."""

    name = "indicator-values"

    def _indicators(self) -> dict[str, tuple[int, bool, str]]:
        assert self.plan is not None
        indicators = Indicator.objects.filter(plan=self.plan)
        slug = self.options.get("development_plan")
        if slug:
            pdd = DevelopmentPlan.objects.filter(plan=self.plan, slug=slug).first()
            if pdd is None:
                self.report(
                    _("el plan no tiene un plan de desarrollo con identificador '%(slug)s'") % {"slug": slug}
                )
            indicators = indicators.filter(development_plan=pdd)
        else:
            indicators = indicators.filter(development_plan__isnull=True)
        rows = indicators.values_list("code", "pk", "is_disaggregated", "frequency")
        return {code: (pk, dis, frequency) for code, pk, dis, frequency in rows}

    def read(self) -> list[ValueRow]:
        assert self.plan is not None
        self.start_reading()
        table = read_csv(self, encoding=str(self.options.get("encoding") or "utf-8"))
        self.raise_problems()
        assert table is not None
        missing_columns(self, table.header, REQUIRED)
        indicators = self._indicators()
        self.raise_problems()
        units = dict(TerritorialUnit.objects.filter(plan=self.plan).values_list("code", "pk"))
        first_year, last_year = self.plan.start_date.year, self.plan.end_date.year

        rows: list[ValueRow] = []
        first_line: dict[Key, int] = {}
        report = self.report
        for line, values in table.rows:
            before = len(self.problems)
            code = values.get(INDICATOR, "").strip()
            indicator = indicators.get(code)
            if indicator is None:
                report(
                    _("no existe el indicador '%(code)s' en el plan") % {"code": code}
                    if code
                    else _("falta el código del indicador"),
                    row=line,
                    column=INDICATOR,
                )
            raw_year = values.get(YEAR, "").strip()
            year = int(raw_year) if raw_year.isdigit() else None
            if year is None:
                report(
                    _("se esperaba un año (p. ej. 2024) y dice '%(value)s'") % {"value": raw_year},
                    row=line,
                    column=YEAR,
                )
            elif not first_year <= year <= last_year:
                report(
                    _("el año %(year)d está fuera de la vigencia del plan (%(first)d-%(last)d)")
                    % {"year": year, "first": first_year, "last": last_year},
                    row=line,
                    column=YEAR,
                )
            unit_code = values.get(UNIT, "").strip()
            unit_id: int | None = None
            if unit_code:
                unit_id = units.get(unit_code)
                if unit_id is None:
                    report(
                        _("no existe la unidad territorial '%(code)s' en el plan") % {"code": unit_code},
                        row=line,
                        column=UNIT,
                    )
                elif indicator is not None and not indicator[1]:
                    report(
                        _(
                            "el indicador '%(code)s' no está desagregado por unidad territorial: deje la "
                            "columna vacía para el total del municipio"
                        )
                        % {"code": code},
                        row=line,
                        column=UNIT,
                    )
            period = self._period(values.get(PERIOD, ""), line, year, indicator)
            number, value_code = self._value(values.get(VALUE, ""), line)
            observation = self._observation(values.get(OBSERVATION, ""), line)
            if len(self.problems) > before or indicator is None or year is None:
                continue
            row = ValueRow(
                line=line,
                indicator_id=indicator[0],
                year=year,
                unit_id=unit_id,
                value=number,
                value_code=value_code,
                observation=observation,
                period=period,
            )
            first = first_line.setdefault(row.key, line)
            if first != line:
                report(
                    _(
                        "el indicador '%(code)s', año %(year)s y unidad '%(unit)s' ya aparecen en la "
                        "fila %(first)d"
                    )
                    % {
                        "code": code,
                        "year": period_text(year, indicator[2], period),
                        "unit": unit_code or _("total"),
                        "first": first,
                    },
                    row=line,
                    column=INDICATOR,
                )
                continue
            rows.append(row)
        self.raise_problems()
        return rows

    def _period(self, raw: str, line: int, year: int | None, indicator: tuple[int, bool, str] | None) -> int:
        """The ``periodo`` cell (``T2``, ``M03`` or ``2024-T2``) as a period of the indicator's frequency;
        empty is the whole year."""
        text = str(raw or "").strip()
        if not text or indicator is None or year is None:
            return WHOLE_YEAR
        frequency = indicator[2]
        try:
            found_year, found, period = parse_period(text if "-" in text else f"{year}-{text}")
        except PeriodError as refused:
            self.report(str(refused), row=line, column=PERIOD)
            return WHOLE_YEAR
        if found != frequency:
            self.report(
                _("el indicador reporta con frecuencia %(frequency)s y el periodo «%(raw)s» es %(found)s")
                % {"frequency": frequency, "raw": text, "found": found},
                row=line,
                column=PERIOD,
            )
        elif found_year != year:
            self.report(
                _("el periodo «%(raw)s» no es del año %(year)d de la fila") % {"raw": text, "year": year},
                row=line,
                column=PERIOD,
            )
        return period

    def _value(self, raw: str, line: int) -> tuple[Decimal | None, str]:
        text = raw.strip()
        if text.upper() in VALUE_CODES:
            return None, text.upper()
        if not text:
            self.report(
                _("falta el valor: escriba un número o un código (S/D, -1, -2)"), row=line, column=VALUE
            )
            return None, ""
        try:
            return read_number(text, VALUE_LIMITS), ""
        except InputError as refused:
            self.report(
                _("se esperaba un número o un código (S/D, -1, -2): %(why)s") % {"why": refused.message},
                row=line,
                column=VALUE,
            )
            return None, ""

    def _observation(self, raw: str, line: int) -> str:
        try:
            return clean_text(raw, OBSERVATION_MAX_LENGTH)
        except InputError as refused:
            self.report(refused.message, row=line, column=OBSERVATION)
            return ""

    def write(self, rows: list[ValueRow], progress: Progress | None = None) -> ImportResult:
        """Keep the file's values as a batch for the analyst's review (``reporting.batches``): nothing
        enters the reported data until it is approved. A file that changes nothing makes no batch."""
        assert self.plan is not None
        result = self._compare(rows)
        if result.created or result.details["versiones nuevas"] or result.details["retirados"]:
            self.batch = stage(
                self.plan,
                rows,
                importer=str(self.options.get("batch_importer") or self.name),
                file_name=self.path.name,
                actor=self.options.get("actor"),
                scope=self._scope(),
            )
            result.details["lote"] = self.batch.pk
        if progress is not None:
            progress(len(rows), len(rows))
        return result

    def _compare(self, rows: list[ValueRow]) -> ImportResult:
        """How many of the rows are new, would supersede a current value or equal it, and how many current
        values the file withdraws, as the batch's review will compare them (``batches.compare``)."""
        assert self.plan is not None
        staged = [
            (r.indicator_id, r.year, r.unit_id, r.period, r.value, r.value_code, r.observation, r.line)
            for r in rows
        ]
        counts = compare(self.plan.pk, self._scope(), staged).counts
        return ImportResult(
            created=counts[NEW],
            unchanged=counts[UNCHANGED],
            details={
                "filas en el archivo": len(rows),
                "versiones nuevas": counts[CHANGED],
                "retirados": counts[WITHDRAWN],
            },
        )

    def _scope(self) -> str:
        return str(self.options.get("scope") or ImportBatch.Scope.YEAR)
