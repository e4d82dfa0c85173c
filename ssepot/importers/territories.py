"""Comunas and corregimientos from a GeoJSON FeatureCollection (Medellín's official boundary layer).

Options: ``code_field`` (CODIGO), ``name_field`` (NOMBRE), ``kind_field`` (SUBTIPO_COMUNACORREGIMIENTO:
1 comuna, 2 corregimiento), ``area_field`` (SHAPEAREA, m²), ``source`` (default: the file name).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from shapely.errors import ShapelyError
from shapely.geometry import shape
from shapely.validation import explain_validity

from ssepot.catalogue.models import TerritorialUnit
from ssepot.core.inputs import fold, to_decimal
from ssepot.importers.base import ImportResult, Progress, register
from ssepot.importers.readers import CheckedImporter, cell_text, read_json, readable_name, stepper, upsert

GEOMETRY_COLUMN = "geometry"
ALLOWED_GEOMETRIES = {"Polygon", "MultiPolygon"}
KINDS = {
    "1": TerritorialUnit.Kind.COMUNA,
    "2": TerritorialUnit.Kind.CORREGIMIENTO,
    "comuna": TerritorialUnit.Kind.COMUNA,
    "corregimiento": TerritorialUnit.Kind.CORREGIMIENTO,
    "barrio": TerritorialUnit.Kind.BARRIO,
    "vereda": TerritorialUnit.Kind.VEREDA,
}


@dataclass(frozen=True)
class Territory:
    code: str
    name: str
    kind: str
    geometry: dict[str, Any]
    area_m2: Decimal | None


@register
class TerritoriesImporter(CheckedImporter[Territory]):
    """Create or update the plan's ``TerritorialUnit`` rows, matched on their official code."""

    name = "territories"

    @property
    def code_field(self) -> str:
        return str(self.options.get("code_field") or "CODIGO")

    @property
    def name_field(self) -> str:
        return str(self.options.get("name_field") or "NOMBRE")

    @property
    def kind_field(self) -> str:
        return str(self.options.get("kind_field") or "SUBTIPO_COMUNACORREGIMIENTO")

    @property
    def area_field(self) -> str:
        return str(self.options.get("area_field") or "SHAPEAREA")

    def read(self) -> list[Territory]:
        self.start_reading()
        features = self._features()
        self.raise_problems()
        territories: list[Territory] = []
        first_row: dict[str, int] = {}
        for number, feature in enumerate(features, start=1):
            territory = self._territory(number, feature)
            if territory is None:
                continue
            if territory.code in first_row:
                self.report(
                    _("el código '%(code)s' está repetido (ya aparece en la entidad %(first)d)")
                    % {"code": territory.code, "first": first_row[territory.code]},
                    row=number,
                    column=self.code_field,
                )
                continue
            first_row[territory.code] = number
            territories.append(territory)
        self.raise_problems()
        return territories

    def _features(self) -> list[Any]:
        data = read_json(self, _("el archivo no está en UTF-8, como exige GeoJSON"))
        if data is None:
            return []
        if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
            self.report(_("se esperaba un GeoJSON de tipo FeatureCollection"))
            return []
        features = data.get("features")
        if not isinstance(features, list) or not features:
            self.report(_("la colección no tiene entidades ('features')"))
            return []
        return features

    def _territory(self, number: int, feature: Any) -> Territory | None:
        """Check one feature; report its problems and return None if any."""
        before = len(self.problems)
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            self.report(_("la entidad no tiene propiedades"), row=number)
            return None
        for field in (self.code_field, self.name_field, self.kind_field):
            if field not in properties:
                self.report(_("falta la propiedad"), row=number, column=field)

        code = cell_text(properties.get(self.code_field)).strip()
        if self.code_field in properties and not code:
            self.report(_("falta el código"), row=number, column=self.code_field)

        name = readable_name(cell_text(properties.get(self.name_field)))
        if self.name_field in properties and not name and code:
            self.warn(
                _("la unidad '%(code)s' no tiene nombre; se importa sin nombre") % {"code": code},
                row=number,
                column=self.name_field,
            )

        raw_kind = cell_text(properties.get(self.kind_field))
        kind = KINDS.get(fold(raw_kind))
        if self.kind_field in properties and kind is None:
            self.report(
                _("tipo desconocido '%(value)s': se esperaba 1 (comuna) o 2 (corregimiento)")
                % {"value": raw_kind},
                row=number,
                column=self.kind_field,
            )

        area: Decimal | None = None
        raw_area = properties.get(self.area_field)
        if raw_area not in (None, ""):
            area = to_decimal(raw_area, places=1)
            if area is None or area < 0:
                self.report(
                    _("se esperaba un área en m² y dice '%(value)s'") % {"value": raw_area},
                    row=number,
                    column=self.area_field,
                )

        geometry = feature.get("geometry")
        self._check_geometry(number, geometry)
        if len(self.problems) > before or kind is None:
            return None
        return Territory(code=code, name=name, kind=kind, geometry=geometry, area_m2=area)

    def _check_geometry(self, number: int, geometry: Any) -> None:
        if not isinstance(geometry, dict) or not geometry:
            self.report(_("la entidad no tiene geometría"), row=number, column=GEOMETRY_COLUMN)
            return
        kind = geometry.get("type")
        if kind not in ALLOWED_GEOMETRIES:
            self.report(
                _("geometría de tipo '%(type)s': se esperaba Polygon o MultiPolygon") % {"type": kind},
                row=number,
                column=GEOMETRY_COLUMN,
            )
            return
        try:
            parsed = shape(geometry)
        except (ShapelyError, ValueError, TypeError, IndexError, KeyError, AttributeError) as exc:
            self.report(
                _("la geometría no se puede leer: %(error)s") % {"error": exc},
                row=number,
                column=GEOMETRY_COLUMN,
            )
            return
        if parsed.is_empty:
            self.report(_("la geometría está vacía"), row=number, column=GEOMETRY_COLUMN)
        elif not parsed.is_valid:
            self.report(
                _("la geometría no es válida: %(reason)s") % {"reason": explain_validity(parsed)},
                row=number,
                column=GEOMETRY_COLUMN,
            )

    def write(self, rows: list[Territory], progress: Progress | None = None) -> ImportResult:
        assert self.plan is not None
        plan = self.plan
        source = str(self.options.get("source") or self.path.name)
        result = ImportResult(details={"unidades en el archivo": len(rows)})
        existing = {u.code: u for u in TerritorialUnit.objects.filter(plan=plan)}
        wanted = (
            (
                t.code,
                {
                    "plan_id": plan.pk,
                    "code": t.code,
                    "name": t.name,
                    "kind": t.kind,
                    "geometry": t.geometry,
                    "area_m2": t.area_m2,
                    "source": source,
                },
            )
            for t in rows
        )
        upsert(TerritorialUnit, existing, wanted, result, stepper(progress, len(rows)))
        return result
