"""A plan's published indicator values as SDMX-CSV 2.0 (``/datos/<plan>/sdmx.csv``), the format statistics
offices (DANE, the OECD, Eurostat) and their tools (``pysdmx``, ``sdmx1``, .Stat) read. Written with the
``csv`` module through ``ssepot.core.tabular`` like every other CSV of ours (ADR 0010).

One row per published observation, from the same rows as the ``valores_indicadores`` dataset (so the same
view: the latest published version, or what release N showed):

- ``STRUCTURE``, ``STRUCTURE_ID``, ``ACTION``: SDMX-CSV 2.0's leading columns: the dataflow
  ``SSEPOT:DF_<PLAN>(1.0)`` and ``I`` (information: the file replaces nothing in a database).
- Dimensions ``PLAN_DESARROLLO`` (``POT`` for the plan's own indicators, else the development plan's
  identifier: an indicator's code is unique only within it), ``INDICADOR``, ``UNIDAD_TERRITORIAL`` (the
  unit's code, ``_T`` for the whole municipality, SDMX's code for a total) and ``TIME_PERIOD`` (the year,
  ``2025``; a quarter ``2025-Q1`` or a month ``2025-M03`` for an indicator reported by period).
- Measure ``OBS_VALUE``: the value as written (a dot for decimals); empty when unknown.
- Attributes ``UNIT_MEASURE`` (the sheet's unit), ``OBS_STATUS`` (SDMX's code list: ``A`` a normal value,
  ``O`` a missing value) and ``CODIGO_VALOR`` (the source's code for an unknown value: ``S/D``, ``-1``,
  ``-2``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ssepot.api.datasets import BY_NAME
from ssepot.catalogue.models import Plan
from ssepot.core.periods import MONTHLY, QUARTERLY, WHOLE_YEAR
from ssepot.core.tabular import csv_bytes
from ssepot.figures.loaders import PUBLISHED, View
from ssepot.indicators.models import Indicator

AGENCY = "SSEPOT"
VERSION = "1.0"
MEDIA_TYPE = "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8"
DIMENSIONS = ("PLAN_DESARROLLO", "INDICADOR", "UNIDAD_TERRITORIAL", "TIME_PERIOD")
COLUMNS = (
    "STRUCTURE",
    "STRUCTURE_ID",
    "ACTION",
    *DIMENSIONS,
    "OBS_VALUE",
    "UNIT_MEASURE",
    "OBS_STATUS",
    "CODIGO_VALOR",
)
POT = "POT"
TOTAL = "_T"
NORMAL, MISSING = "A", "O"


def dataflow(plan: Plan) -> str:
    """The dataflow's reference: ``SSEPOT:DF_MEDELLIN(1.0)`` (an SDMX identifier has no hyphens)."""
    return f"{AGENCY}:DF_{plan.slug.upper().replace('-', '_')}({VERSION})"


def time_period(year: int, period: int, frequency: str) -> str:
    """SDMX's time format: ``2025``, ``2025-Q1`` or ``2025-M03``."""
    if period == WHOLE_YEAR:
        return str(year)
    if frequency == QUARTERLY:
        return f"{year}-Q{period}"
    if frequency == MONTHLY:
        return f"{year}-M{period:02d}"
    raise ValueError(f"period {period} of a {frequency} indicator")


def rows(plan: Plan, view: View = PUBLISHED, year: int | None = None) -> Iterator[tuple[Any, ...]]:
    dataset = BY_NAME["valores_indicadores"]
    values = dataset.queryset(plan, view)
    if year is not None:
        values = values.filter(year=year)
    sheets = {
        (pdd, code): (unit, frequency)
        for pdd, code, unit, frequency in Indicator.objects.filter(plan=plan).values_list(
            "development_plan__slug", "code", "unit", "frequency"
        )
    }
    structure = dataflow(plan)
    for row in dataset.dicts(values, view):
        unit, frequency = sheets[(row["plan_desarrollo"], row["codigo_indicador"])]
        value, code = row["valor"], row["codigo_valor"]
        yield (
            "dataflow",
            structure,
            "I",
            row["plan_desarrollo"] or POT,
            row["codigo_indicador"],
            row["codigo_unidad_territorial"] or TOTAL,
            time_period(row["vigencia"], row["periodo"], frequency),
            value,
            unit,
            NORMAL if value is not None else MISSING,
            code or None,
        )


def sdmx_csv(plan: Plan, view: View = PUBLISHED, year: int | None = None) -> bytes:
    return csv_bytes(COLUMNS, rows(plan, view, year))
