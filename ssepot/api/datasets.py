"""The plan's open datasets: one declaration per table, read by every way out of the system.

A ``Dataset`` names its columns once (name, Table Schema type, Spanish title and description, and the ORM
lookup that fills it). The CSV, XLSX and JSON downloads, the Frictionless data package, the DCAT catalogue
and the API's list endpoints all read these declarations, so a column cannot drift between them.

Reported data (indicator values, commitment statuses, project years) is read through a view of
``ssepot.figures.loaders``: ``PUBLISHED`` (the latest published version of each row) or a release number
(what release N of each year showed, frozen forever). Nothing unpublished ever leaves through here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from ssepot.catalogue.models import Plan, Subsystem, TerritorialUnit
from ssepot.commitments.models import Commitment, CommitmentStatus
from ssepot.core.inputs import as_written
from ssepot.development.models import PddNode
from ssepot.figures.loaders import (
    PUBLISHED,
    WORKING,
    View,
    catalogue_as_of,
    latest_catalogue_as_of,
    pinned_rows,
    project_assignments,
    reported,
)
from ssepot.indicators.models import Indicator, IndicatorTarget, IndicatorValue
from ssepot.projects.models import Project, ProjectYear


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    """Frictionless Table Schema type: ``string``, ``integer``, ``number``, ``boolean`` or ``datetime``."""
    title: Any
    source: str
    """The ORM lookup that fills the column (``indicator__code``)."""
    description: Any = ""
    required: bool = False


@dataclass(frozen=True)
class Dataset:
    name: str
    title: Any
    description: Any
    columns: tuple[Column, ...]
    queryset: Callable[[Plan, View], QuerySet[Any]]
    primary_key: tuple[str, ...] = ()
    reported: bool = False
    """True for reported data, which depends on the view (published or a release)."""
    pinned: tuple[str, ...] = ()
    """For a catalogue table with a year (targets): the columns a release freezes. Under a published view
    each year's rows give these columns as the catalogue was when that year's release was published
    (``catalogue_as_of``), as the figures do: a later edit moves no published download (ADR 0006)."""
    historised: bool = False
    """For a historised catalogue table without a year (the indicators' sheets, the development plans'
    tree, the projects with their subsystem and agency): under a published view each row is as of the
    view's newest publication (``latest_catalogue_as_of``, ``pinned_rows``), its own fields and those read
    through a foreign key (``subsystem__code``) alike: a later edit moves no published download until the
    next publication (ADR 0006)."""

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def rows(self, plan: Plan, view: View = PUBLISHED) -> Iterator[tuple[Any, ...]]:
        return (clean_row(r) for r in self._values(self.queryset(plan, view), view))

    def dicts(self, qs: QuerySet[Any], view: View = PUBLISHED) -> Iterator[dict[str, Any]]:
        """The rows of ``qs`` (this dataset's queryset, maybe filtered) as dicts by column name."""
        names = self.column_names
        for row in self._values(qs, view):
            yield dict(zip(names, clean_row(row), strict=True))

    def _values(self, qs: QuerySet[Any], view: View) -> Iterator[tuple[Any, ...]]:
        sources = [c.source for c in self.columns]
        if self.historised and view != WORKING:
            yield from _as_of_newest(qs, sources, view)
            return
        if not self.pinned or view == WORKING:
            yield from qs.values_list(*sources)
            return
        # NB: a dataset's rows are one plan's (``queryset``): the plan is read with them, not asked apart
        rows = list(qs.values_list("pk", "year", "plan_id", *sources))
        at = [sources.index(f) for f in self.pinned]
        frozen: dict[int, tuple[Any, ...]] = {}
        for year, plan_id in sorted({(row[1], row[2]) for row in rows}):
            as_of = catalogue_as_of(plan_id, year, view)
            if as_of is None:
                continue
            live = {pk: tuple(row[i] for i in at) for pk, y, p, *row in rows if (y, p) == (year, plan_id)}
            history = qs.model.history.filter(id__in=live)
            frozen |= pinned_rows(live, history, self.pinned, as_of)
        for pk, _year, _plan, *row in rows:
            for i, value in zip(at, frozen.get(pk, ()), strict=False):
                row[i] = value
            yield tuple(row)


def _as_of_newest(qs: QuerySet[Any], sources: list[str], view: View) -> Iterator[tuple[Any, ...]]:
    """The rows of ``qs`` (one plan's rows of a historised model) as of the view's newest publication
    (``Dataset.historised``); the live rows when nothing changed since."""
    rows = list(qs.values_list("pk", "plan_id", *sources))
    plan_id = rows[0][1] if rows else None  # NB: a dataset's rows are one plan's (``queryset``)
    as_of = None if plan_id is None else latest_catalogue_as_of(plan_id, view)
    if plan_id is None or as_of is None:
        yield from (tuple(row[2:]) for row in rows)
        return
    fields: list[str] = []
    related: dict[int, tuple[Any, str]] = {}
    for i, source in enumerate(sources):
        name, _sep, attribute = source.partition("__")
        field = qs.model._meta.get_field(name)
        fields.append(field.attname if attribute else name)
        if attribute:
            related[i] = (field.related_model, attribute)
    live = {pk: tuple(values) for pk, *values in qs.values_list("pk", *fields)}
    then = pinned_rows(live, qs.model.history.filter(id__in=live), fields, as_of)
    names = {
        i: dict(
            model._default_manager.filter(pk__in={then[pk][i] for pk in then} - {None}).values_list(
                "pk", attribute
            )
        )
        for i, (model, attribute) in related.items()
    }
    for pk, _plan, *_row in rows:
        shown = then.get(pk, live[pk])
        yield tuple(names[i].get(value) if i in names else value for i, value in enumerate(shown))


def in_subsystem(qs: QuerySet[Project], code: str, view: View = PUBLISHED) -> QuerySet[Project]:
    """The projects of ``qs`` (one plan's) that ``view`` shows in the subsystem ``code``: where the view's
    newest publication had them, as the projects' rows say (``Dataset.historised``)."""
    plan_id = qs.values_list("plan_id", flat=True).first()
    as_of = None if plan_id is None else latest_catalogue_as_of(plan_id, view)
    if plan_id is None or as_of is None:
        return qs.filter(subsystem__code=code)
    chosen = set(Subsystem.objects.filter(plan=plan_id, code=code).values_list("pk", flat=True))
    assigned = project_assignments(plan_id, as_of)
    return qs.filter(pk__in=[pk for pk, (subsystem, _agency) in assigned.items() if subsystem in chosen])


def clean_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(as_written(v) if isinstance(v, Decimal) else v for v in row)


def text(name: str, title: Any, source: str, description: Any = "", required: bool = False) -> Column:
    return Column(name, "string", title, source, description, required)


def integer(name: str, title: Any, source: str, description: Any = "", required: bool = False) -> Column:
    return Column(name, "integer", title, source, description, required)


def number(name: str, title: Any, source: str, description: Any = "") -> Column:
    return Column(name, "number", title, source, description)


PDD = text(
    "plan_desarrollo",
    _("Plan de desarrollo"),
    "development_plan__slug",
    _("Identificador del plan de desarrollo; vacío para los indicadores propios del POT."),
)
VERSION = integer(
    "version", _("Versión"), "version", _("Versión del registro (1 y siguientes correcciones).")
)
INDICATOR_PDD = replace(PDD, source="indicator__development_plan__slug")
YEAR = integer("vigencia", _("Vigencia"), "year", required=True)
PERIOD = integer(
    "periodo",
    _("Periodo"),
    "period",
    _(
        "0 = el año completo; 1 a 4 el trimestre o 1 a 12 el mes, según la frecuencia de reporte del "
        "indicador."
    ),
)


def _catalogue(model: Any, *order: str) -> Callable[[Plan, View], QuerySet[Any]]:
    return lambda plan, view: model.objects.filter(plan=plan).order_by(*order)


def _reported(model: Any, *order: Any) -> Callable[[Plan, View], QuerySet[Any]]:
    return lambda plan, view: reported(model.objects.filter(plan=plan), view).order_by(*order)


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "unidades_territoriales",
        _("Unidades territoriales"),
        _("Comunas y corregimientos del plan con su código oficial (la geometría va en el GeoJSON)."),
        (
            text("codigo", _("Código oficial"), "code", required=True),
            text("nombre", _("Nombre"), "name"),
            text("tipo", _("Tipo"), "kind", _("comuna, corregimiento, barrio o vereda")),
            text("codigo_superior", _("Código de la unidad superior"), "parent__code"),
            number("area_m2", _("Área (m²)"), "area_m2"),
            text("fuente", _("Fuente"), "source"),
        ),
        _catalogue(TerritorialUnit, "code"),
        primary_key=("codigo",),
    ),
    Dataset(
        "subsistemas",
        _("Sistemas y subsistemas"),
        _("Los sistemas del plan y sus subsistemas (ejes temáticos)."),
        (
            text("codigo", _("Código del subsistema"), "code", required=True),
            text("nombre", _("Subsistema"), "name"),
            text("codigo_sistema", _("Código del sistema"), "system__code"),
            text("nombre_sistema", _("Sistema"), "system__name"),
        ),
        _catalogue(Subsystem, "system__order", "order", "code"),
        primary_key=("codigo",),
    ),
    Dataset(
        "estructura_pdd",
        _("Estructura de los planes de desarrollo"),
        _("Líneas, componentes y programas de cada plan de desarrollo, con su peso."),
        (
            text("plan_desarrollo", _("Plan de desarrollo"), "development_plan__slug", required=True),
            text("codigo", _("Código"), "code", required=True),
            text("nivel", _("Nivel"), "level", _("linea, componente o programa")),
            text("nombre", _("Nombre"), "name"),
            text("codigo_superior", _("Código del nivel superior"), "parent__code"),
            number("peso", _("Peso"), "weight"),
        ),
        _catalogue(PddNode, "development_plan__start_year", "code"),
        primary_key=("plan_desarrollo", "codigo"),
        historised=True,
    ),
    Dataset(
        "indicadores",
        _("Fichas técnicas de indicadores"),
        _("La hoja de vida de cada indicador del POT y de los planes de desarrollo."),
        (
            PDD,
            text("codigo", _("Código"), "code", required=True),
            text("nombre", _("Nombre"), "name"),
            text("tipo", _("Tipo"), "indicator_type", _("P producto, R resultado, G gestión, I impacto")),
            text("unidad", _("Unidad de medida"), "unit"),
            text("sentido", _("Sentido"), "direction", _("C creciente, D decreciente")),
            text("acumulacion", _("Tipo de acumulación"), "accumulation", _("A, NoA o M")),
            number("linea_base", _("Línea base"), "baseline_value"),
            text("codigo_linea_base", _("Código de línea base"), "baseline_code", _("S/D, -1, -2")),
            text("vigencia_linea_base", _("Vigencia de la línea base"), "baseline_year"),
            number("meta_plan", _("Meta del plan"), "plan_target"),
            text("codigo_meta_plan", _("Código de la meta"), "plan_target_code"),
            number("peso", _("Peso"), "weight"),
            text("codigo_subsistema", _("Subsistema"), "subsystem__code"),
            text("codigo_nivel_pdd", _("Nivel del plan de desarrollo"), "pdd_node__code"),
            text("dependencia", _("Dependencia responsable"), "agency__name"),
            Column("desagregado", "boolean", _("Desagregado por unidad territorial"), "is_disaggregated"),
            text("definicion", _("Definición"), "definition"),
            text("formula", _("Fórmula"), "formula"),
            text("fuente", _("Fuente"), "source"),
            text("periodicidad", _("Periodicidad"), "periodicity"),
            text(
                "frecuencia",
                _("Frecuencia de reporte"),
                "frequency",
                _("anual, trimestral o mensual: si metas y valores vienen por año, trimestre o mes"),
            ),
        ),
        _catalogue(Indicator, "development_plan__start_year", "code"),
        historised=True,
    ),
    Dataset(
        "metas_indicadores",
        _("Metas de indicadores"),
        _("El valor programado de cada indicador por vigencia, o por trimestre o mes de la vigencia."),
        (
            INDICATOR_PDD,
            text("codigo_indicador", _("Indicador"), "indicator__code", required=True),
            YEAR,
            PERIOD,
            number("meta", _("Meta"), "value"),
        ),
        _catalogue(
            IndicatorTarget, "indicator__development_plan__start_year", "indicator__code", "year", "period"
        ),
        pinned=("value",),
    ),
    Dataset(
        "valores_indicadores",
        _("Valores medidos de indicadores"),
        _(
            "Los valores publicados de cada indicador por vigencia (o por trimestre o mes de la vigencia), "
            "para el total del municipio (unidad vacía) o por unidad territorial; un valor desconocido lleva "
            "su código (S/D, -1, -2)."
        ),
        (
            INDICATOR_PDD,
            text("codigo_indicador", _("Indicador"), "indicator__code", required=True),
            YEAR,
            PERIOD,
            text("codigo_unidad_territorial", _("Unidad territorial"), "territorial_unit__code"),
            number("valor", _("Valor"), "value"),
            text("codigo_valor", _("Código del valor"), "value_code"),
            text("observacion", _("Observación"), "observation"),
            VERSION,
        ),
        _reported(
            IndicatorValue,
            "indicator__development_plan__start_year",
            "indicator__code",
            "year",
            "period",
            F("territorial_unit__code").asc(nulls_first=True),
        ),
        reported=True,
    ),
    Dataset(
        "compromisos",
        _("Compromisos del plan"),
        _("Las obligaciones escritas en los artículos del plan, con su horizonte y responsable."),
        (
            text("codigo", _("Código"), "code", required=True),
            text("descripcion", _("Descripción"), "description"),
            text("horizonte", _("Horizonte"), "horizon", _("corto, mediano, largo o plan")),
            text("tipologia", _("Tipología"), "typology"),
            text("codigo_subsistema", _("Subsistema"), "subsystem__code"),
            text("dependencia", _("Dependencia responsable"), "agency__name"),
        ),
        _catalogue(Commitment, "code"),
        primary_key=("codigo",),
    ),
    Dataset(
        "estados_compromisos",
        _("Estado anual de los compromisos"),
        _(
            "El estado publicado de cada compromiso por vigencia "
            "(cumplido, en proceso, sin reporte, no aplica)."
        ),
        (
            text("codigo_compromiso", _("Compromiso"), "commitment__code", required=True),
            YEAR,
            text("estado", _("Estado"), "status"),
            number("avance", _("Avance (%)"), "progress"),
            text("observacion", _("Observación"), "observation"),
            VERSION,
        ),
        _reported(CommitmentStatus, "commitment__code", "year"),
        primary_key=("codigo_compromiso", "vigencia"),
        reported=True,
    ),
    Dataset(
        "proyectos",
        _("Proyectos del programa de ejecución"),
        _("Los proyectos del programa de ejecución del plan."),
        (
            text("codigo", _("Código"), "code", required=True),
            text("nombre", _("Nombre"), "name"),
            text("codigo_subsistema", _("Subsistema"), "subsystem__code"),
            text("dependencia", _("Dependencia responsable"), "agency__name"),
        ),
        _catalogue(Project, "code"),
        primary_key=("codigo",),
        historised=True,
    ),
    Dataset(
        "ejecucion_proyectos",
        _("Ejecución anual de los proyectos"),
        _("Presupuesto y ejecución (pesos colombianos, COP) y avance físico publicados por vigencia."),
        (
            text("codigo_proyecto", _("Proyecto"), "project__code", required=True),
            YEAR,
            integer("presupuesto", _("Presupuesto (COP)"), "budget"),
            integer("ejecutado", _("Ejecutado (COP)"), "executed"),
            number("avance_fisico", _("Avance físico (%)"), "physical_progress"),
            VERSION,
        ),
        _reported(ProjectYear, "project__code", "year"),
        primary_key=("codigo_proyecto", "vigencia"),
        reported=True,
    ),
)

BY_NAME = {d.name: d for d in DATASETS}
