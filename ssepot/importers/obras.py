"""Public works (obras) from CSV, XLSX, GeoJSON or ESRI JSON: ``ssepot import obras ARCHIVO --plan SLUG``.

Each row is one activity of one contract at one place. Rows are grouped by contract into projects (the
contract number is the project's code, the stable key of a re-import) and each row becomes a ``Work`` with
its geometry. The rules, in plain words:

- **The contract's value is counted once**: the files repeat it on every activity row; the project keeps
  it once, and rows of one contract that disagree (value, status, dates) are reported as a warning and
  the first row wins.
- **Geometry is WGS84 longitude/latitude**, checked with shapely (readable, not empty, valid). A GeoJSON
  ``crs`` other than WGS84 is refused; ESRI's ``spatialReference`` is honoured for WGS84 (4326),
  MAGNA-SIRGAS geographic (4686, the same to the metre) and Web Mercator (3857/102100, converted); any other
  is refused with its code named. Coordinates outside longitude -180..180 or latitude -90..90 are refused.
- **The comuna**: a declared comuna (``columnas.comuna``) is matched to the plan's territorial units by
  code or name; without one, the unit whose boundary holds the place (point-in-polygon, the representative
  point of a line or polygon) is used. A declared comuna the place falls outside of is kept and reported.
- **Subsystem and agency** come from the mapping's rules (by a column's value) or stay empty, "sin
  asignar", for the analyst to assign in the admin. A re-import never erases an assignment.
- A re-import updates the contract's project and its works (matched on ``columnas.id``, or on the row's
  activity, place and geometry) and removes the works of that contract the file no longer has.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field
from shapely.errors import ShapelyError
from shapely.geometry import LinearRing, MultiLineString, MultiPolygon, Point, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.prepared import prep
from shapely.validation import explain_validity

from ssepot.catalogue.models import Agency, Subsystem, TerritorialUnit
from ssepot.core.inputs import InputError, NumberLimits, fold, read_number
from ssepot.importers.base import ImportResult, Problem, Progress, register
from ssepot.importers.mapping_files import read_mapping
from ssepot.importers.readers import CheckedImporter, cell_text, fits, read_csv, read_json, read_xlsx
from ssepot.projects.models import Project, Work

GEOMETRY = "geometria"
#: ESRI / EPSG codes read as WGS84 longitude/latitude (4686 is MAGNA-SIRGAS, Colombia's, within a metre)
GEOGRAPHIC = {4326, 4686, 4171}
WEB_MERCATOR = {3857, 102100, 102113, 900913}
EARTH_RADIUS = 6378137.0
CRS84 = {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::4326", "EPSG:4326", "OGC:CRS84"}


# The mapping -------------------------------------------------------------------------------------------


class Rule(BaseModel):
    """One assignment rule: when the column's value equals (``igual``) or contains (``contiene``) a text,
    compared without case or accents, the code is ``codigo``."""

    model_config = ConfigDict(extra="forbid")
    igual: str | None = None
    contiene: str | None = None
    codigo: str


class Assignment(BaseModel):
    """How a contract gets its subsystem or agency: rules on a column, else ``por_defecto``, else none."""

    model_config = ConfigDict(extra="forbid")
    columna: str | None = None
    reglas: list[Rule] = Field(default_factory=list)
    por_defecto: str | None = None


class Columns(BaseModel):
    """Which column (or property, or attribute) holds each value. Only ``contrato`` is required."""

    model_config = ConfigDict(extra="forbid")
    contrato: str = "contrato"
    nombre: str | None = None
    descripcion: str | None = None
    tipo_contrato: str | None = None
    estado: str | None = None
    fecha_inicio: str | None = None
    fecha_fin: str | None = None
    valor: str | None = None
    actividad: str | None = None
    unidad: str | None = None
    cantidad: str | None = None
    ubicacion: str | None = None
    comuna: str | None = None
    vigencia: str | None = None
    id: str | None = None
    longitud: str | None = None
    latitud: str | None = None
    geometria: str | None = None


class ObrasMapping(BaseModel):
    model_config = ConfigDict(extra="forbid")
    columnas: Columns = Field(default_factory=Columns)
    hoja: str | None = None
    codificacion: str = "utf-8"
    separador: str | None = None
    comuna_codigo: str = r"^\s*(\d+)"
    sistema_referencia: int | None = None
    formato_fecha: str = "%d/%m/%Y"
    fuente: str | None = None
    subsistema: Assignment = Field(default_factory=Assignment)
    dependencia: Assignment = Field(default_factory=Assignment)


def load_obras_mapping(path: Path | None) -> tuple[ObrasMapping | None, list[Problem]]:
    """The mapping in ``path`` (YAML), or the defaults without one."""
    if path is None:
        return ObrasMapping(), []
    return read_mapping(path, ObrasMapping)


# Rows --------------------------------------------------------------------------------------------------


@dataclass
class Source:
    """One row of the file: where it is (for messages), its values by column, its geometry if any."""

    row: int
    values: dict[str, Any]
    geometry: BaseGeometry | None = None
    sheet: str | None = None
    date_columns: frozenset[str] = frozenset()


@dataclass
class WorkRow:
    row: int
    key: str
    activity: str
    unit: str
    quantity: Decimal | None
    location: str
    geometry: dict[str, Any]
    unit_id: int | None
    declared: str
    year: int | None


@dataclass
class Contract:
    code: str
    row: int
    values: dict[str, Any]
    subsystem_id: int | None = None
    agency_id: int | None = None
    works: list[WorkRow] = field(default_factory=list)


@register
class ObrasImporter(CheckedImporter[Contract]):
    """Projects (contracts) and their works, with options ``mapping`` (a YAML file) and ``actor``."""

    name = "obras"
    mapping: ObrasMapping

    def read(self) -> list[Contract]:
        self.start_reading()
        raw = self.options.get("mapping")
        mapping, problems = load_obras_mapping(Path(str(raw)) if raw else None)
        self.problems += problems
        self.raise_problems()
        assert mapping is not None and self.plan is not None
        self.mapping = mapping
        self.sheet = mapping.hoja
        sources = self._sources()
        self.raise_problems()
        self._units = self._territorial_units()
        self._subsystems = {fold(s.code): s.pk for s in Subsystem.objects.filter(plan=self.plan)}
        self._agencies: dict[str, int] = {}
        for a in Agency.objects.filter(plan=self.plan):
            for name in (a.code, a.acronym, a.name):
                if name:
                    self._agencies.setdefault(fold(name), a.pk)
        self._check_rule_codes()
        contracts: dict[str, Contract] = {}
        for source in sources:
            self._row(source, contracts)
        self.raise_problems()
        return list(contracts.values())

    # Reading the file ----------------------------------------------------------------------------------

    def _sources(self) -> list[Source]:
        suffix = self.path.suffix.lower()
        if suffix in {".csv", ".txt"}:
            table = read_csv(self, self.mapping.codificacion, self.mapping.separador)
            return [Source(n, dict(v)) for n, v in table.rows] if table else []
        if suffix in {".xlsx", ".xlsm"}:
            sheet = self.mapping.hoja or self._first_sheet()
            if sheet is None:
                return []
            xlsx = read_xlsx(self, sheet)
            return [Source(n, v, sheet=sheet) for n, v in xlsx.rows] if xlsx else []
        if suffix in {".json", ".geojson", ".esrijson"}:
            return self._json_sources()
        self.report(
            _(
                "formato no reconocido «%(suffix)s»: se esperaba .csv, .xlsx, .geojson o .json "
                "(GeoJSON o ESRI)"
            )
            % {"suffix": suffix}
        )
        return []

    def _first_sheet(self) -> str | None:
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(self.path, read_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            self.report(_("no es un libro de Excel (.xlsx) legible: %(error)s") % {"error": exc})
            return None
        try:
            return str(workbook.sheetnames[0])
        finally:
            workbook.close()

    def _json_sources(self) -> list[Source]:
        data = read_json(self)
        if data is None:
            return []
        features = data.get("features") if isinstance(data, dict) else None
        if not isinstance(features, list) or not features:
            self.report(
                _("se esperaba un GeoJSON (FeatureCollection) o un ESRI JSON (FeatureSet) con entidades")
            )
            return []
        if data.get("type") == "FeatureCollection":
            return self._geojson_sources(data, features)
        return self._esri_sources(data, features)

    def _geojson_sources(self, data: dict[str, Any], features: list[Any]) -> list[Source]:
        crs = data.get("crs")
        name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
        if name is not None and str(name) not in CRS84:
            self.report(
                _("el GeoJSON declara el sistema de referencia «%(crs)s»: se esperaba WGS84 (EPSG:4326)")
                % {"crs": name},
                column="crs",
            )
            return []
        out = []
        for number, feature in enumerate(features, start=1):
            properties = feature.get("properties") if isinstance(feature, dict) else None
            if not isinstance(properties, dict):
                self.report(_("la entidad no tiene propiedades"), row=number)
                continue
            geometry = self._shape(number, feature.get("geometry"))
            out.append(Source(number, properties, geometry))
        return out

    def _esri_sources(self, data: dict[str, Any], features: list[Any]) -> list[Source]:
        reference = data.get("spatialReference") or {}
        wkid = reference.get("latestWkid") or reference.get("wkid") or self.mapping.sistema_referencia or 4326
        try:
            wkid = int(wkid)
        except (TypeError, ValueError):
            wkid = -1
        if wkid not in GEOGRAPHIC | WEB_MERCATOR:
            self.report(
                _(
                    "el ESRI JSON está en el sistema de referencia %(wkid)s, que no se convierte aquí: "
                    "expórtelo en WGS84 (4326) o Web Mercator (3857)"
                )
                % {"wkid": reference.get("latestWkid") or reference.get("wkid")},
                column="spatialReference",
            )
            return []
        dates = frozenset(
            f.get("name") for f in data.get("fields") or [] if f.get("type") == "esriFieldTypeDate"
        )
        out = []
        for number, feature in enumerate(features, start=1):
            attributes = feature.get("attributes") if isinstance(feature, dict) else None
            if not isinstance(attributes, dict):
                self.report(_("la entidad no tiene atributos ('attributes')"), row=number)
                continue
            geometry = self._esri_shape(number, feature.get("geometry"), wkid)
            out.append(Source(number, attributes, geometry, date_columns=dates))
        return out

    def _esri_shape(self, number: int, geometry: Any, wkid: int) -> BaseGeometry | None:
        if not isinstance(geometry, dict) or not geometry:
            return None

        def xy(point: Any) -> tuple[float, float]:
            x, y = float(point[0]), float(point[1])
            if wkid in WEB_MERCATOR:
                lon = math.degrees(x / EARTH_RADIUS)
                lat = math.degrees(2 * math.atan(math.exp(y / EARTH_RADIUS)) - math.pi / 2)
                return lon, lat
            return x, y

        try:
            if "x" in geometry:
                if geometry.get("x") is None:
                    return None
                built: BaseGeometry = Point(xy((geometry["x"], geometry["y"])))
            elif "paths" in geometry:
                paths = [[xy(p) for p in path] for path in geometry["paths"]]
                built = (
                    MultiLineString(paths)
                    if len(paths) > 1
                    else shape({"type": "LineString", "coordinates": paths[0]})
                )
            elif "rings" in geometry:
                built = _esri_polygon([[xy(p) for p in ring] for ring in geometry["rings"]])
            elif "points" in geometry:
                built = shape({"type": "MultiPoint", "coordinates": [xy(p) for p in geometry["points"]]})
            else:
                self.report(
                    _("geometría ESRI desconocida: se esperaba x/y, paths, rings o points"),
                    row=number,
                    column=GEOMETRY,
                )
                return None
        except (ShapelyError, ValueError, TypeError, IndexError, KeyError) as exc:
            self.report(
                _("la geometría no se puede leer: %(error)s") % {"error": exc}, row=number, column=GEOMETRY
            )
            return None
        return self._checked(number, built)

    def _shape(
        self, number: int, geometry: Any, *, sheet: str | None = None, column: str = GEOMETRY
    ) -> BaseGeometry | None:
        if geometry in (None, "", {}):
            return None
        try:
            if isinstance(geometry, str):
                text = geometry.strip()
                if text.startswith("{"):
                    built = shape(json.loads(text))
                else:
                    from shapely import wkt

                    built = wkt.loads(text)
            else:
                built = shape(geometry)
        except (ShapelyError, ValueError, TypeError, IndexError, KeyError, AttributeError) as exc:
            self.report(
                _("la geometría no se puede leer: %(error)s") % {"error": exc},
                sheet=sheet,
                row=number,
                column=column,
            )
            return None
        return self._checked(number, built, sheet=sheet, column=column)

    def _checked(
        self, number: int, built: BaseGeometry, *, sheet: str | None = None, column: str = GEOMETRY
    ) -> BaseGeometry | None:
        if built.is_empty:
            self.report(_("la geometría está vacía"), sheet=sheet, row=number, column=column)
            return None
        if not built.is_valid:
            self.report(
                _("la geometría no es válida: %(reason)s") % {"reason": explain_validity(built)},
                sheet=sheet,
                row=number,
                column=column,
            )
            return None
        minx, miny, maxx, maxy = built.bounds
        if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
            self.report(
                _(
                    "las coordenadas (%(x)s, %(y)s) no son longitud y latitud WGS84: parecen planas "
                    "(p. ej. MAGNA-SIRGAS Origen Nacional); conviértalas a WGS84 (EPSG:4326)"
                )
                % {"x": minx, "y": miny},
                sheet=sheet,
                row=number,
                column=column,
            )
            return None
        return built

    # The plan's territory and codes ----------------------------------------------------------------------

    def _territorial_units(self) -> list[tuple[TerritorialUnit, Any]]:
        units = TerritorialUnit.objects.filter(
            plan=self.plan, kind__in=[TerritorialUnit.Kind.COMUNA, TerritorialUnit.Kind.CORREGIMIENTO]
        )
        out = []
        for unit in units:
            try:
                prepared = prep(shape(unit.geometry)) if unit.geometry else None
            except (ShapelyError, ValueError, TypeError, KeyError):
                prepared = None
            out.append((unit, prepared))
        return out

    def _check_rule_codes(self) -> None:
        for key, known in (("subsistema", self._subsystems), ("dependencia", self._agencies)):
            rules: Assignment = getattr(self.mapping, key)
            codes = [r.codigo for r in rules.reglas] + ([rules.por_defecto] if rules.por_defecto else [])
            for code in codes:
                if fold(code) not in known:
                    self.report(
                        _("la correspondencia asigna %(what)s «%(code)s», que no existe en el plan")
                        % {"what": key, "code": code},
                        column=key,
                    )

    def _assigned(self, key: str, values: dict[str, Any], known: dict[str, int]) -> int | None:
        rules: Assignment = getattr(self.mapping, key)
        if rules.columna:
            value = fold(cell_text(values.get(rules.columna)))
            for rule in rules.reglas:
                if (rule.igual is not None and value == fold(rule.igual)) or (
                    rule.contiene is not None and fold(rule.contiene) in value
                ):
                    return known.get(fold(rule.codigo))
        return known.get(fold(rules.por_defecto)) if rules.por_defecto else None

    def _declared_unit(self, text: str) -> TerritorialUnit | None:
        found = re.search(self.mapping.comuna_codigo, text)
        code = found.group(1) if found and found.groups() else ""
        for unit, _prepared in self._units:
            if code and (
                unit.code == code or (unit.code.isdigit() and code.isdigit() and int(unit.code) == int(code))
            ):
                return unit
        for unit, _prepared in self._units:
            if unit.name and fold(unit.name) in {
                fold(text),
                fold(re.sub(self.mapping.comuna_codigo, "", text).strip(" -")),
            }:
                return unit
        return None

    def _unit_at(self, geometry: BaseGeometry) -> TerritorialUnit | None:
        point = geometry if isinstance(geometry, Point) else geometry.representative_point()
        for unit, prepared in self._units:
            if prepared is not None and prepared.covers(point):
                return unit
        return None

    # One row -------------------------------------------------------------------------------------------

    def _text(self, source: Source, key: str, max_length: int | None = None) -> str:
        column = getattr(self.mapping.columnas, key)
        if not column:
            return ""
        text = cell_text(source.values.get(column)).strip()
        if max_length is not None:
            text = fits(self, text, max_length, sheet=source.sheet, row=source.row, column=column)
        return text

    def _date(self, source: Source, key: str) -> dt.date | None:
        column = getattr(self.mapping.columnas, key)
        value = source.values.get(column) if column else None
        if value in (None, ""):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if column in source.date_columns and isinstance(value, int | float):
            # NB: ESRI dates are milliseconds since 1970 in UTC
            return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC).date()
        text = str(value).strip()
        for form in (self.mapping.formato_fecha, "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(text[:10] if form == "%Y-%m-%d" else text, form).date()
            except ValueError:
                continue
        self.report(
            _("«%(value)s» no es una fecha (se esperaba %(format)s o AAAA-MM-DD)")
            % {
                "value": text,
                "format": self.mapping.formato_fecha.replace("%d", "DD")
                .replace("%m", "MM")
                .replace("%Y", "AAAA"),
            },
            sheet=source.sheet,
            row=source.row,
            column=column,
        )
        return None

    def _number(self, source: Source, key: str, model_field: Any) -> Decimal | None:
        column = getattr(self.mapping.columnas, key)
        value = source.values.get(column) if column else None
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return read_number(value, NumberLimits.of(model_field))
        except InputError as exc:
            self.report(str(exc), sheet=source.sheet, row=source.row, column=column)
            return None

    def _geometry(self, source: Source) -> BaseGeometry | None:
        if source.geometry is not None:
            return source.geometry
        columns = self.mapping.columnas
        if columns.geometria and source.values.get(columns.geometria) not in (None, ""):
            return self._shape(
                source.row, source.values[columns.geometria], sheet=source.sheet, column=columns.geometria
            )
        if columns.longitud and columns.latitud:
            lon = self._number(source, "longitud", Work._meta.get_field("quantity"))
            lat = self._number(source, "latitud", Work._meta.get_field("quantity"))
            if lon is not None and lat is not None:
                return self._checked(
                    source.row, Point(float(lon), float(lat)), sheet=source.sheet, column=columns.longitud
                )
        return None

    def _row(self, source: Source, contracts: dict[str, Contract]) -> None:
        columns = self.mapping.columnas
        before = len(self.problems)
        if columns.contrato not in source.values:
            self.report(
                _("falta la columna del contrato"),
                sheet=source.sheet,
                row=source.row,
                column=columns.contrato,
            )
            return
        code = self._text(source, "contrato")
        if not code:
            self.report(
                _("falta el número de contrato"), sheet=source.sheet, row=source.row, column=columns.contrato
            )
            return
        if len(code) > Project._meta.get_field("code").max_length:  # type: ignore[operator]
            self.report(
                _("el código «%(code)s» tiene %(length)d caracteres y caben %(max)d")
                % {
                    "code": code[:20] + "…",
                    "length": len(code),
                    "max": Project._meta.get_field("code").max_length,
                },
                sheet=source.sheet,
                row=source.row,
                column=columns.contrato,
            )
            return
        value = self._number(source, "valor", Project._meta.get_field("contract_value"))
        values = {
            "name": self._text(source, "nombre", 400) or code,
            "description": self._text(source, "descripcion"),
            "contract_type": self._text(source, "tipo_contrato", 60),
            "status": self._text(source, "estado", 60),
            "start_date": self._date(source, "fecha_inicio"),
            "end_date": self._date(source, "fecha_fin"),
            "contract_value": None if value is None else int(value),
        }
        geometry = self._geometry(source)
        quantity = self._number(source, "cantidad", Work._meta.get_field("quantity"))
        year = self._number(source, "vigencia", Work._meta.get_field("year"))
        if len(self.problems) > before:
            return
        contract = contracts.get(code)
        if contract is None:
            contract = contracts[code] = Contract(
                code,
                source.row,
                values,
                self._assigned("subsistema", source.values, self._subsystems),
                self._assigned("dependencia", source.values, self._agencies),
            )
        else:
            differ = [k for k, v in values.items() if v != contract.values[k] and k != "description"]
            if differ:
                self.warn(
                    _(
                        "el contrato %(code)s dice otra cosa que en la fila %(first)d (%(fields)s); "
                        "vale la fila %(first)d"
                    )
                    % {"code": code, "first": contract.row, "fields": ", ".join(differ)},
                    sheet=source.sheet,
                    row=source.row,
                )
        if geometry is None:
            self.warn(
                _("la fila no tiene geometría; el contrato se importa sin esta obra"),
                sheet=source.sheet,
                row=source.row,
            )
            return
        declared_text = self._text(source, "comuna", 120)
        declared = self._declared_unit(declared_text) if declared_text else None
        located = self._unit_at(geometry)
        if declared_text and declared is None:
            self.warn(
                _("la comuna «%(text)s» no es una unidad territorial del plan; se usa la del punto")
                % {"text": declared_text},
                sheet=source.sheet,
                row=source.row,
                column=columns.comuna,
            )
        elif declared is not None and located is not None and declared.pk != located.pk:
            self.warn(
                _(
                    "la fila dice comuna %(declared)s, pero el punto cae en %(located)s; "
                    "se conserva la declarada"
                )
                % {"declared": str(declared), "located": str(located)},
                sheet=source.sheet,
                row=source.row,
                column=columns.comuna,
            )
        elif declared is not None and located is None:
            self.warn(
                _(
                    "el punto cae fuera de las unidades territoriales del plan; "
                    "se conserva la comuna declarada %(declared)s"
                )
                % {"declared": str(declared)},
                sheet=source.sheet,
                row=source.row,
                column=GEOMETRY,
            )
        unit = declared or located
        activity = self._text(source, "actividad", 300)
        location = self._text(source, "ubicacion", 400)
        shown = mapping(geometry)
        key = self._text(source, "id", 80)
        if not key:
            digest = hashlib.sha1(
                json.dumps([activity, location, shown], sort_keys=True).encode()
            ).hexdigest()
            key = digest[:16]
            taken = {w.key for w in contract.works}
            n = 2
            while key in taken:
                key, n = f"{digest[:16]}-{n}", n + 1
        contract.works.append(
            WorkRow(
                source.row,
                key,
                activity,
                self._text(source, "unidad", 30),
                quantity,
                location,
                {"type": shown["type"], "coordinates": json.loads(json.dumps(shown["coordinates"]))},
                unit.pk if unit else None,
                declared_text,
                int(year) if year is not None else None,
            )
        )

    # Writing -------------------------------------------------------------------------------------------

    def write(self, rows: list[Contract], progress: Progress | None = None) -> ImportResult:
        assert self.plan is not None
        plan = self.plan
        source = self.mapping.fuente or self.path.name
        existing = {p.code: p for p in Project.objects.filter(plan=plan, code__in=[c.code for c in rows])}
        result = ImportResult()
        works_created = works_updated = works_removed = 0
        for done, contract in enumerate(rows, start=1):
            project = existing.get(contract.code)
            values = {**contract.values, "source": source}
            if project is None:
                project = Project.objects.create(
                    plan=plan,
                    code=contract.code,
                    subsystem_id=contract.subsystem_id,
                    agency_id=contract.agency_id,
                    **values,
                )
                result.created += 1
            else:
                changed = [k for k, v in values.items() if getattr(project, k) != v]
                for name, assigned in (
                    ("subsystem_id", contract.subsystem_id),
                    ("agency_id", contract.agency_id),
                ):
                    # NB: a rule fills an empty assignment; an analyst's assignment is never overwritten
                    if assigned is not None and getattr(project, name) is None:
                        changed.append(name)
                        values[name] = assigned
                for name in changed:
                    setattr(project, name, values[name])
                if changed:
                    project.save(update_fields=[n.removesuffix("_id") for n in changed])
                    result.updated += 1
                else:
                    result.unchanged += 1
            c, u, r = self._write_works(project, contract.works)
            works_created, works_updated, works_removed = (
                works_created + c,
                works_updated + u,
                works_removed + r,
            )
            units = {w.unit_id for w in contract.works if w.unit_id is not None}
            if units:
                project.territorial_units.add(*units)
            if progress is not None:
                progress(done, len(rows))
        result.details = {
            "contratos": len(rows),
            "obras nuevas": works_created,
            "obras actualizadas": works_updated,
            "obras retiradas": works_removed,
            "sin asignar": sum(1 for c in rows if c.subsystem_id is None or c.agency_id is None),
        }
        return result

    def _write_works(self, project: Project, works: list[WorkRow]) -> tuple[int, int, int]:
        current = {w.key: w for w in Work.objects.filter(plan=project.plan_id, project=project)}
        created = updated = 0
        new: list[Work] = []
        for row in works:
            values = {
                "activity": row.activity,
                "unit": row.unit,
                "quantity": row.quantity,
                "location": row.location,
                "geometry": row.geometry,
                "territorial_unit_id": row.unit_id,
                "declared_unit": row.declared,
                "year": row.year,
            }
            work = current.pop(row.key, None)
            if work is None:
                new.append(Work(plan_id=project.plan_id, project=project, key=row.key, **values))
                created += 1
                continue
            changed = [k for k, v in values.items() if getattr(work, k) != v]
            if changed:
                for name in changed:
                    setattr(work, name, values[name])
                work.save(update_fields=[n.removesuffix("_id") for n in changed])
                updated += 1
        Work.objects.bulk_create(new, batch_size=500)
        removed = len(current)
        if current:
            Work.objects.filter(pk__in=[w.pk for w in current.values()]).delete()
        return created, updated, removed


def _esri_polygon(rings: list[list[tuple[float, float]]]) -> BaseGeometry:
    """ESRI rings as a (multi)polygon: clockwise rings are exteriors, the others holes of the exterior
    that holds them (ESRI's convention, the reverse of GeoJSON's)."""
    exteriors: list[list[tuple[float, float]]] = []
    holes: list[list[tuple[float, float]]] = []
    for ring in rings:
        (exteriors if not LinearRing(ring).is_ccw else holes).append(ring)
    if not exteriors:  # NB: some writers ignore the convention; read every ring as an exterior then
        exteriors, holes = holes, []
    polygons = []
    for exterior in exteriors:
        outer = Polygon(exterior)
        inner = [h for h in holes if outer.contains(Polygon(h).representative_point())]
        polygons.append(Polygon(exterior, inner))
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)
