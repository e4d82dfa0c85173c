"""The plan's open data as files: CSV per dataset, one XLSX and one JSON with every dataset, a Frictionless
data package, and GeoJSON of the indicator values by territorial unit.

Every CSV and XLSX cell goes through ``ssepot.core.tabular`` (formula-like text is neutralised, numbers stay
numbers). The web downloads (``ssepot.api.opendata``) and ``ssepot export datapackage`` call the same
functions, so the files are identical.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _

from ssepot.api.datasets import DATASETS, Dataset
from ssepot.catalogue.models import Plan, TerritorialUnit
from ssepot.core.tabular import csv_bytes, write_xlsx
from ssepot.figures.loaders import PUBLISHED, View, reported
from ssepot.indicators.models import Indicator, IndicatorValue
from ssepot.reporting.models import Release

LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
COORDINATE_PLACES = 6  # about 0.1 m: enough for a map, and it keeps the file small


def view_for(release: int | None) -> View:
    return PUBLISHED if release is None else int(release)


def view_label(view: View) -> str:
    return _("última versión publicada") if view == PUBLISHED else _("versión %(n)s") % {"n": view}


def releases(plan: Plan) -> list[Release]:
    return list(Release.objects.filter(plan=plan).order_by("year", "number"))


def dataset_csv(dataset: Dataset, plan: Plan, view: View = PUBLISHED) -> bytes:
    return csv_bytes(dataset.column_names, dataset.rows(plan, view))


def workbook(plan: Plan, view: View = PUBLISHED) -> bytes:
    return write_xlsx({d.name: (d.column_names, d.rows(plan, view)) for d in DATASETS})


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def plan_summary(plan: Plan) -> dict[str, Any]:
    return {
        "identificador": plan.slug,
        "nombre": plan.name,
        "municipio": plan.municipality.name,
        "codigo_divipola": plan.municipality.divipola_code,
        "acto": plan.act,
        "inicio": plan.start_date.isoformat(),
        "fin": plan.end_date.isoformat(),
        "datos_sinteticos": plan.is_synthetic,
    }


def json_document(plan: Plan, view: View = PUBLISHED) -> bytes:
    """Every dataset as a list of objects; decimals as text so no precision is lost."""
    document = {
        "plan": plan_summary(plan),
        "version": view_label(view),
        "generado": timezone.now().isoformat(),
        "conjuntos": {
            d.name: [dict(zip(d.column_names, map(_plain, row), strict=True)) for row in d.rows(plan, view)]
            for d in DATASETS
        },
    }
    return json.dumps(document, ensure_ascii=False, cls=DjangoJSONEncoder, indent=1).encode("utf-8")


# -- Frictionless data package ----------------------------------------------------------------------------


def table_schema(dataset: Dataset) -> dict[str, Any]:
    fields = []
    for c in dataset.columns:
        field: dict[str, Any] = {"name": c.name, "type": c.type, "title": str(c.title)}
        if c.description:
            field["description"] = str(c.description)
        if c.required:
            field["constraints"] = {"required": True}
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if dataset.primary_key:
        schema["primaryKey"] = list(dataset.primary_key)
    return schema


def descriptor(plan: Plan, view: View = PUBLISHED) -> dict[str, Any]:
    """``datapackage.json``: one tabular resource per dataset, each with its Table Schema."""
    suffix = "" if view == PUBLISHED else f"-version-{view}"
    return {
        "profile": "tabular-data-package",
        "name": f"ssepot-{plan.slug}{suffix}",
        "title": _("Seguimiento y evaluación del %(plan)s (%(version)s)")
        % {"plan": plan.name, "version": view_label(view)},
        "description": _(
            "Catálogo del plan, fichas técnicas de indicadores y datos reportados publicados por el "
            "sistema de seguimiento y evaluación del plan de ordenamiento territorial (SSEPOT)."
        ),
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "licenses": [LICENSE],
        "keywords": ["POT", "ordenamiento territorial", "indicadores", plan.municipality.name],
        "resources": [
            {
                "name": d.name,
                "title": str(d.title),
                "description": str(d.description),
                "path": f"{d.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(d),
            }
            for d in DATASETS
        ],
    }


def write_datapackage(plan: Plan, out: Path, view: View = PUBLISHED) -> list[Path]:
    """Write ``datapackage.json``, one CSV per dataset and ``valores.geojson`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for d in DATASETS:
        path = out / f"{d.name}.csv"
        path.write_bytes(dataset_csv(d, plan, view))
        written.append(path)
    path = out / "datapackage.json"
    path.write_text(json.dumps(descriptor(plan, view), ensure_ascii=False, indent=2), encoding="utf-8")
    written.append(path)
    path = out / "valores.geojson"
    path.write_bytes(geojson(plan, view))
    written.append(path)
    return written


# -- GeoJSON ----------------------------------------------------------------------------------------------


def _rounded(coordinates: Any) -> Any:
    if isinstance(coordinates, list):
        return [_rounded(c) for c in coordinates]
    if isinstance(coordinates, float):
        return round(coordinates, COORDINATE_PLACES)
    return coordinates


def value_key(development_plan: str | None, code: str, year: int) -> str:
    """The property that holds one indicator's value for a year: ``POT-MOV-01:2025``."""
    prefix = f"{development_plan}/" if development_plan else ""
    return f"{prefix}{code}:{year}"


def geojson(
    plan: Plan, view: View = PUBLISHED, indicator: str | None = None, year: int | None = None
) -> bytes:
    """One feature per territorial unit (its geometry once); each published value of an indicator
    disaggregated by unit is a property ``CODIGO:VIGENCIA`` (a code such as ``S/D`` stays text)."""
    values = reported(IndicatorValue.objects.filter(plan=plan, territorial_unit__isnull=False), view)
    if indicator:
        values = values.filter(indicator__code=indicator)
    if year:
        values = values.filter(year=year)
    rows = list(
        values.order_by().values_list("indicator_id", "year", "territorial_unit_id", "value", "value_code")
    )
    # NB: the indicators are read apart: a join next to the published filter makes SQLite plan badly.
    sheets = {
        i.pk: i
        for i in Indicator.objects.filter(pk__in={r[0] for r in rows}).select_related("development_plan")
    }
    by_unit: dict[int, dict[str, Any]] = defaultdict(dict)
    indicators: dict[str, dict[str, str]] = {}
    for indicator_id, year_, unit_id, value, code in sorted(rows, key=lambda r: (sheets[r[0]].code, r[1])):
        sheet = sheets[indicator_id]
        pdd = sheet.development_plan.slug if sheet.development_plan else None
        by_unit[unit_id][value_key(pdd, sheet.code, year_)] = float(value) if value is not None else code
        indicators[value_key(pdd, sheet.code, 0).rsplit(":", 1)[0]] = {
            "nombre": sheet.name,
            "unidad": sheet.unit,
        }
    features = [
        {
            "type": "Feature",
            "id": unit.code,
            "geometry": {**unit.geometry, "coordinates": _rounded(unit.geometry.get("coordinates"))}
            if unit.geometry
            else None,
            "properties": {
                "codigo": unit.code,
                "nombre": unit.name,
                "tipo": unit.kind,
                **by_unit.get(unit.pk, {}),
            },
        }
        for unit in TerritorialUnit.objects.filter(plan=plan).order_by("code")
    ]
    collection = {
        "type": "FeatureCollection",
        "name": f"ssepot-{plan.slug}-valores",
        "plan": plan.slug,
        "version": view_label(view),
        "indicadores": indicators,
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
