"""A deterministic synthetic generator of whole plans, for benchmarks and query-plan tests.

Scale factor N builds plans ``<prefix>-0001`` ... ``<prefix>-NNNN``: 1 is a Medellín-sized plan, 125 a
department, 1,102 the country. Each plan belongs to a real municipality of DANE's DIVIPOLA list (loaded
with ``MunicipalitiesImporter`` when missing) and holds what a real plan holds:

- 3 horizons, 3 administrative periods, 15 agencies, 21 territorial units (16 comunas, 5 corregimientos),
  2 systems with 20 subsystems;
- 500 POT indicators with yearly targets 2015-2027 and current values 2015-2025 (25 of them disaggregated
  by the 21 units, about 3% of values corrected once, some values unknown: 'S/D');
- 101 commitments with their yearly status 2017-2025 (some corrected);
- 170 projects with budget, execution and physical progress 2016-2025;
- a development plan 2024-2027 with 5 lines, 15 components, 54 programs, 149 program and 38 component
  indicators (targets, values, links to projects), program investment and the multi-year investment plan.

Every plan is drawn from its own ``random.Random`` seeded with the seed and the plan's number, so plan 7 is
the same whether it was built at scale 10 or 1,102, and building again skips the plans already there
(idempotent per slug). Rows go in through ``COPY`` on PostgreSQL (``ssepot.db.bulk``) with primary keys
reserved up front, a chunk of plans per transaction: the country builds in minutes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from ssepot.catalogue.models import (
    AdministrativePeriod,
    Agency,
    Horizon,
    Municipality,
    Plan,
    Subsystem,
    System,
    TerritorialUnit,
)
from ssepot.commitments.models import Commitment, CommitmentStatus
from ssepot.db.bulk import insert_rows
from ssepot.demo.content import SUBSYSTEMS, SYSTEMS
from ssepot.development.models import DevelopmentPlan, InvestmentPlanYear, PddNode, ProgramInvestment
from ssepot.indicators.models import Indicator, IndicatorTarget, IndicatorValue
from ssepot.projects.models import Project, ProjectYear

PREFIX = "bench"
SEED = 20251231
SCALES = {"municipio": 1, "departamento": 125, "pais": 1102}
CHUNK = 25  # plans per transaction

POT_INDICATORS = 500
DISAGGREGATED = 25
TARGET_YEARS = range(2015, 2028)
VALUE_YEARS = range(2015, 2026)
UNITS = [f"{n:02d}" for n in range(1, 17)] + ["50", "60", "70", "80", "90"]
COMMITMENTS_SHORT, COMMITMENTS_PLAN, COMMITMENTS_OTHER = 23, 78, 0
STATUS_YEARS = range(2017, 2026)
PROJECTS = 170
PROJECT_YEARS = range(2016, 2026)
PDD_LINES, PDD_COMPONENTS, PDD_PROGRAMS = 5, 15, 54
PDD_PROGRAM_INDICATORS, PDD_COMPONENT_INDICATORS = 149, 38
PDD_YEARS = range(2024, 2028)
TYPOLOGIES = ["normativo", "estudio", "proyecto", "instrumento", "gestión"]
CORRECTION = "corrección sintética"
NOTE = "Plan sintético generado para pruebas de escala (ssepot.scale.generator); sus datos no son oficiales."


@dataclass
class Summary:
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def slug_for(number: int, prefix: str = PREFIX) -> str:
    return f"{prefix}-{number:04d}"


def generate(
    scale: int,
    *,
    prefix: str = PREFIX,
    seed: int = SEED,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Build plans 1..``scale`` under ``prefix`` that do not exist yet; return what was done."""
    municipalities = _municipalities()
    existing = set(Plan.objects.filter(slug__startswith=f"{prefix}-").values_list("slug", flat=True))
    summary = Summary()
    todo: list[int] = []
    for number in range(1, scale + 1):
        slug = slug_for(number, prefix)
        if slug in existing:
            summary.skipped.append(slug)
        else:
            todo.append(number)
    summary.created = [slug_for(n, prefix) for n in todo]
    now = timezone.now()
    for start in range(0, len(todo), CHUNK):
        chunk = todo[start : start + CHUNK]
        with transaction.atomic():
            tables = _Tables()
            for number in chunk:
                municipality = municipalities[(number - 1) % len(municipalities)]
                builder = _PlanBuilder(tables, number, slug_for(number, prefix), municipality, seed, now)
                builder.build()
                tables.builders.append(builder)
            for model, count in tables.flush():
                summary.rows[model.__name__] += count
            for model, count in publish([t.plan_id for t in tables.builders], now):
                summary.rows[model.__name__] += count
        if progress is not None:
            progress(start + len(chunk), len(todo))
    unpublished = _unpublished(prefix)  # built by an earlier version of the generator, which did not publish
    for start in range(0, len(unpublished), CHUNK):
        with transaction.atomic():
            for model, count in publish(unpublished[start : start + CHUNK], now):
                summary.rows[model.__name__] += count
    if (todo or unpublished) and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # NB: VACUUM also marks the new pages all-visible, so the index-only scans the figures rely on
            # (``approval_plan_value``) need not visit the table; it cannot run inside a transaction
            # (the tests' case), where the statistics are all that is refreshed
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    return summary


def _unpublished(prefix: str) -> list[int]:
    from ssepot.reporting.models import Release

    return list(
        Plan.objects.filter(slug__startswith=f"{prefix}-")
        .exclude(pk__in=Release.objects.values("plan_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def publish(plan_ids: list[int], now: dt.datetime) -> Iterator[tuple[type[models.Model], int]]:
    """Publish every reported row of the plans, as the public sees a plan that has reported for years.

    Each year with data gets release 1 (the first versions) and release 2 (the corrections), and each
    version its ``Approval`` in the release of its version number, so ``published()`` shows the
    corrected value and ``published(release_number=1)`` the first one. Plain ``INSERT ... SELECT``:
    the rows never leave the database.
    """
    from ssepot.reporting.models import Approval, Release

    reported = (
        (IndicatorValue, "indicator_value_id"),
        (CommitmentStatus, "commitment_status_id"),
        (ProjectYear, "project_year_id"),
    )
    years = " UNION ".join(f"SELECT plan_id, year FROM {m._meta.db_table} WHERE plan_id = ANY(%(plans)s)"
                           for m, _ in reported)  # fmt: skip
    release, approval = Release._meta.db_table, Approval._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {release} (plan_id, year, number, published_at, note) "
            f"SELECT y.plan_id, y.year, n.number, %(now)s, %(note)s FROM ({years}) y "
            "CROSS JOIN (VALUES (1), (2)) n(number)",
            {"plans": plan_ids, "now": now, "note": NOTE},
        )
        yield Release, cursor.rowcount
        for model, column in reported:
            cursor.execute(
                f"INSERT INTO {approval} (plan_id, approved_at, release_id, {column}) "
                f"SELECT r.plan_id, %(now)s, rel.id, r.id FROM {model._meta.db_table} r "
                f"JOIN {release} rel ON rel.plan_id = r.plan_id AND rel.year = r.year "
                "AND rel.number = LEAST(r.version, 2) WHERE r.plan_id = ANY(%(plans)s)",
                {"plans": plan_ids, "now": now},
            )
            yield Approval, cursor.rowcount


def remove(prefix: str = PREFIX) -> int:
    """Delete every plan under ``prefix`` with all its rows (reported data included); return how many.

    NB: reported data is append-only for users; a benchmark's synthetic plans are the one exception, so
    this bypasses ``Versioned.delete`` with plain SQL, child tables first.
    """
    ids = list(Plan.objects.filter(slug__startswith=f"{prefix}-").values_list("pk", flat=True))
    if not ids:
        return 0
    through = [m.remote_field.through for m in _m2m_of_plan_models()]
    children: list[type[models.Model]] = [
        IndicatorValue, IndicatorTarget, CommitmentStatus, ProjectYear, ProgramInvestment,
        InvestmentPlanYear, Indicator, PddNode, DevelopmentPlan, Commitment, Project, Subsystem, System,
        TerritorialUnit, Agency, AdministrativePeriod, Horizon,
    ]  # fmt: skip
    from ssepot.reporting.models import Approval, Release

    with transaction.atomic(), connection.cursor() as cursor:
        for published in (Approval, Release):  # they point at the reported rows deleted below
            cursor.execute(f"DELETE FROM {published._meta.db_table} WHERE plan_id = ANY(%s)", [ids])
        for m in through:
            left = next(f for f in m._meta.concrete_fields if f.is_relation)
            parent = cast(type[models.Model], left.related_model)
            cursor.execute(
                f"DELETE FROM {m._meta.db_table} WHERE {left.column} IN "
                f"(SELECT id FROM {parent._meta.db_table} WHERE plan_id = ANY(%s))",
                [ids],
            )
        for model in children:
            if model in (Indicator, PddNode, TerritorialUnit):
                # self- and cross-references inside the plan go first
                _null_self_references(cursor, model, ids)
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE plan_id = ANY(%s)", [ids])
        # everything else the plan owns (archive, reporting, accounts...) goes through the ORM cascade
        Plan.objects.filter(pk__in=ids).delete()
    return len(ids)


def _null_self_references(cursor: Any, model: type[models.Model], ids: list[int]) -> None:
    for f in model._meta.concrete_fields:
        if f.is_relation and f.related_model is model and f.null:
            cursor.execute(
                f"UPDATE {model._meta.db_table} SET {f.column} = NULL WHERE plan_id = ANY(%s)", [ids]
            )


def _m2m_of_plan_models() -> Iterator[Any]:
    for model in (Indicator, Project, Commitment, PddNode):
        yield from model._meta.many_to_many


def _municipalities() -> list[Municipality]:
    """The real municipalities (kind 'municipio'), loading DANE's list first if it is missing."""
    kind = Municipality.Kind.MUNICIPALITY
    if Municipality.objects.filter(kind=kind).count() < 1000:
        from ssepot.importers.municipalities import MunicipalitiesImporter

        MunicipalitiesImporter(settings.SHARED_DATA_DIR / "colombia-divipola" / "DIVIPOLA.csv").run()
    return list(Municipality.objects.filter(kind=kind).order_by("divipola_code"))


# -- tables -----------------------------------------------------------------------------------------------

_REQUIRED = object()


class _Table:
    """Rows of one model as tuples in column order, with defaults for what the generator leaves out."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.fields = [f.attname for f in model._meta.concrete_fields]
        self.index = {name: i for i, name in enumerate(self.fields)}
        self.template = [self._default(f) for f in model._meta.concrete_fields]
        self.rows: list[list[Any]] = []

    @staticmethod
    def _default(f: Any) -> Any:
        if f.primary_key:
            return None  # reserved when flushing, unless the generator chose it
        if f.has_default():
            return f.get_default()
        if f.null:
            return None
        if isinstance(f, models.CharField | models.TextField | models.FileField):
            return ""
        return _REQUIRED

    def add(self, **values: Any) -> None:
        row = list(self.template)
        for name, value in values.items():
            row[self.index[name]] = value
        self.rows.append(row)


class _Tables:
    """One ``_Table`` per model, flushed in dependency order; primary keys reserved up front."""

    ORDER: list[type[models.Model]] = [
        Plan, Horizon, AdministrativePeriod, Agency, TerritorialUnit, System, Subsystem, Commitment,
        CommitmentStatus, Project, ProjectYear, DevelopmentPlan, PddNode, ProgramInvestment,
        InvestmentPlanYear, Indicator, IndicatorTarget, IndicatorValue, Indicator.projects.through,
        PddNode.systems.through,
    ]  # fmt: skip

    def __init__(self) -> None:
        self.tables = {m: _Table(m) for m in self.ORDER}
        self.builders: list[_PlanBuilder] = []
        self.next_ids: dict[type[models.Model], Iterator[int]] = {}

    def __getitem__(self, model: type[models.Model]) -> _Table:
        return self.tables[model]

    def ids(self, model: type[models.Model], count: int) -> list[int]:
        return list(_reserve_ids(model, count))

    def flush(self) -> Iterator[tuple[type[models.Model], int]]:
        for model, table in self.tables.items():
            if not table.rows:
                continue
            missing = [table.fields[i] for i, v in enumerate(table.rows[0]) if v is _REQUIRED]
            assert not missing, f"{model.__name__}: the generator left out {missing}"
            without_id = [row for row in table.rows if row[0] is None]
            for row, pk in zip(without_id, _reserve_ids(model, len(without_id)), strict=True):
                row[0] = pk
            yield model, insert_rows(model, table.fields, table.rows)
            table.rows = []


def _reserve_ids(model: type[models.Model], count: int) -> range:
    """``count`` consecutive primary keys nobody else will get (PostgreSQL: moved past in the sequence)."""
    table = model._meta.db_table
    if count == 0:
        return range(0)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # NB: nextval then setval in one statement; a concurrent writer could slip in between, which a
            # benchmark database does not have.
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                "nextval(pg_get_serial_sequence(%s, 'id')) + %s)",
                [table, table, count - 1],
            )
            last = cursor.fetchone()[0]
        else:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            last = cursor.fetchone()[0] + count
    return range(last - count + 1, last + 1)


# -- one plan ---------------------------------------------------------------------------------------------


def _money(rng: random.Random, low: int, high: int) -> int:
    """An amount in COP rounded to the million, as budgets are written."""
    return rng.randint(low, high) * 1_000_000


class _PlanBuilder:
    def __init__(
        self, tables: _Tables, number: int, slug: str, municipality: Municipality, seed: int, now: dt.datetime
    ) -> None:
        self.t = tables
        self.number = number
        self.slug = slug
        self.municipality = municipality
        self.rng = random.Random(f"{seed}:{number}")
        self.now = now
        self.plan_id = tables.ids(Plan, 1)[0]

    def build(self) -> None:
        self.plan()
        self.structure()
        self.commitments()
        self.projects()
        self.pot_indicators()
        self.development_plan()

    def add(self, model: type[models.Model], **values: Any) -> None:
        self.t[model].add(plan_id=self.plan_id, **values)

    def plan(self) -> None:
        m = self.municipality
        self.t[Plan].add(
            id=self.plan_id,
            municipality_id=m.pk,
            slug=self.slug,
            name=f"POT sintético de {m.name.title()} ({m.department_name.title()})",
            act=f"Acuerdo sintético {self.number} de 2014",
            adoption_date=dt.date(2014, 12, 17),
            start_date=dt.date(2014, 12, 17),
            end_date=dt.date(2027, 12, 31),
            is_synthetic=True,
            synthetic_note=NOTE,
        )
        for kind, first, last in (("corto", 2016, 2019), ("mediano", 2020, 2023), ("largo", 2024, 2027)):
            self.add(Horizon, kind=kind, start_date=dt.date(first, 1, 1), end_date=dt.date(last, 12, 31))
            self.add(
                AdministrativePeriod,
                name=f"Periodo {first}-{last}",
                start_date=dt.date(first, 1, 1),
                end_date=dt.date(last, 12, 31),
            )

    def structure(self) -> None:
        self.agencies = self.t.ids(Agency, 15)
        for n, pk in enumerate(self.agencies, start=1):
            self.add(Agency, id=pk, code=f"DEP{n:02d}", name=f"Dependencia sintética {n}", acronym=f"DS{n}")
        self.units = self.t.ids(TerritorialUnit, len(UNITS))
        for code, pk in zip(UNITS, self.units, strict=True):
            kind = "comuna" if int(code) < 50 else "corregimiento"
            self.add(TerritorialUnit, id=pk, code=code, name=f"{kind.title()} {code}", kind=kind)
        systems = dict(zip((code for code, _ in SYSTEMS), self.t.ids(System, len(SYSTEMS)), strict=True))
        self.systems = list(systems.values())
        for order, (code, name) in enumerate(SYSTEMS):
            self.add(System, id=systems[code], code=code, name=name, order=order)
        self.subsystems = self.t.ids(Subsystem, len(SUBSYSTEMS))
        for order, (spec, pk) in enumerate(zip(SUBSYSTEMS, self.subsystems, strict=True)):
            self.add(
                Subsystem,
                id=pk,
                system_id=systems[spec.system],
                code=spec.code,
                name=spec.name,
                order=order,
                is_illustrative=not spec.confirmed,
            )

    def commitments(self) -> None:
        rng = self.rng
        total = COMMITMENTS_SHORT + COMMITMENTS_PLAN
        ids = self.t.ids(Commitment, total)
        for n, pk in enumerate(ids, start=1):
            horizon = "corto" if n <= COMMITMENTS_SHORT else "plan"
            self.add(
                Commitment,
                id=pk,
                code=f"C{n:03d}",
                description=f"Compromiso sintético {n}",
                horizon=horizon,
                typology=rng.choice(TYPOLOGIES),
                subsystem_id=rng.choice(self.subsystems),
                agency_id=rng.choice(self.agencies),
            )
            progress = Decimal(0)
            for year in STATUS_YEARS:
                if rng.random() < 0.08:
                    status, value = "sin_reporte", None
                else:
                    progress = min(Decimal(100), progress + Decimal(rng.randint(0, 30)))
                    status = "cumplido" if progress == 100 else "en_proceso"
                    value = progress
                self._versioned(
                    CommitmentStatus,
                    rng.random() < 0.03,
                    {"progress": value},
                    {"progress": None if value is None else min(Decimal(100), value + 5)},
                    commitment_id=pk,
                    year=year,
                    status=status,
                )

    def _versioned(
        self,
        model: type[models.Model],
        corrected: bool,
        current: dict[str, Any],
        previous: dict[str, Any],
        **key: Any,
    ) -> None:
        """One reported record; when ``corrected``, a first version (``previous``) and the correction."""
        if not corrected:
            self.add(model, recorded_at=self.now, **key, **current)
            return
        old, new = self.t.ids(model, 2)
        self.add(model, id=old, recorded_at=self.now, **key, **previous)
        self.add(
            model, id=new, version=2, supersedes_id=old, reason=CORRECTION, recorded_at=self.now,
            **key, **current,
        )  # fmt: skip

    def projects(self) -> None:
        rng = self.rng
        self.projects_ids = self.t.ids(Project, PROJECTS)
        for n, pk in enumerate(self.projects_ids, start=1):
            self.add(
                Project,
                id=pk,
                code=f"P{n:03d}",
                name=f"Proyecto sintético {n}",
                subsystem_id=self.subsystems[(n - 1) % len(self.subsystems)],
                agency_id=rng.choice(self.agencies),
            )
            physical = Decimal(0)
            for year in PROJECT_YEARS:
                budget = _money(rng, 200, 40_000)
                executed = budget * rng.randint(50, 100) // 100
                physical = min(Decimal(100), physical + rng.randint(0, 20))
                self._versioned(
                    ProjectYear,
                    rng.random() < 0.02,
                    {"budget": budget, "executed": executed, "physical_progress": physical},
                    {"budget": budget, "executed": executed // 2, "physical_progress": physical},
                    project_id=pk,
                    year=year,
                )

    def _indicator(self, pk: int, code: str, **values: Any) -> tuple[Decimal, str]:
        rng = self.rng
        accumulation = rng.choice(["A", "NoA", "M"])
        base = Decimal(rng.randint(10, 10_000))
        self.add(
            Indicator,
            id=pk,
            code=code,
            name=f"Indicador sintético {code}",
            indicator_type=rng.choice("PRGI"),
            unit=rng.choice(["número", "porcentaje", "metros cuadrados", "kilómetros"]),
            direction=rng.choice("CCCD"),
            accumulation=accumulation,
            baseline_value=base,
            baseline_year="2014",
            plan_target=base * 2,
            weight=Decimal(rng.randint(1, 10)),
            agency_id=rng.choice(self.agencies),
            **values,
        )
        return base, accumulation

    def _series(
        self, pk: int, base: Decimal, target_years: range, value_years: range, units: list[int | None]
    ) -> None:
        rng = self.rng
        for year in target_years:
            self.add(IndicatorTarget, indicator_id=pk, year=year, value=base / 10 + rng.randint(0, 100))
        for unit in units:
            for year in value_years:
                if rng.random() < 0.02:
                    self.add(
                        IndicatorValue, indicator_id=pk, year=year, territorial_unit_id=unit,
                        value_code="S/D", recorded_at=self.now,
                    )  # fmt: skip
                    continue
                value = (base / 10 + rng.randint(-20, 120)).quantize(Decimal("0.01"))
                self._versioned(
                    IndicatorValue,
                    rng.random() < 0.03,
                    {"value": value},
                    {"value": value - 1},
                    indicator_id=pk,
                    year=year,
                    territorial_unit_id=unit,
                )

    def pot_indicators(self) -> None:
        rng = self.rng
        ids = self.t.ids(Indicator, POT_INDICATORS)
        disaggregated = set(rng.sample(range(POT_INDICATORS), DISAGGREGATED))
        through = self.t[Indicator.projects.through]
        for n, pk in enumerate(ids):
            split = n in disaggregated
            base, _ = self._indicator(
                pk, f"POT-{n + 1:03d}", subsystem_id=self.subsystems[n % len(self.subsystems)],
                is_disaggregated=split,
            )  # fmt: skip
            self._series(pk, base, TARGET_YEARS, VALUE_YEARS, [None, *(self.units if split else [])])
            if n % 5 == 0:
                through.add(indicator_id=pk, project_id=rng.choice(self.projects_ids))

    def development_plan(self) -> None:
        rng = self.rng
        (pdd,) = self.t.ids(DevelopmentPlan, 1)
        self.add(
            DevelopmentPlan, id=pdd, slug="pdd-2024-2027", name="Plan de Desarrollo sintético 2024-2027",
            start_year=2024, end_year=2027, is_synthetic=True,
        )  # fmt: skip
        for year in PDD_YEARS:
            self.add(
                InvestmentPlanYear,
                development_plan_id=pdd,
                year=year,
                amount=_money(rng, 4_000_000, 9_000_000),
            )
        lines = self.t.ids(PddNode, PDD_LINES)
        components = self.t.ids(PddNode, PDD_COMPONENTS)
        programs = self.t.ids(PddNode, PDD_PROGRAMS)
        codes: dict[int, str] = {}
        for n, pk in enumerate(lines, start=1):
            codes[pk] = str(n)
            self._node(pdd, pk, None, "linea", codes[pk])
        for n, pk in enumerate(components):
            parent = lines[n % PDD_LINES]
            codes[pk] = f"{codes[parent]}.{n // PDD_LINES + 1}"
            self._node(pdd, pk, parent, "componente", codes[pk])
            if n % 2 == 0:
                self.t[PddNode.systems.through].add(pddnode_id=pk, system_id=self.systems[n % 2])
        for n, pk in enumerate(programs):
            parent = components[n % PDD_COMPONENTS]
            codes[pk] = f"{codes[parent]}.{n // PDD_COMPONENTS + 1}"
            self._node(pdd, pk, parent, "programa", codes[pk])
            for year in PDD_YEARS:
                budget = _money(rng, 1_000, 200_000)
                executed = budget * rng.randint(40, 100) // 100 if year <= 2025 else 0
                self.add(ProgramInvestment, node_id=pk, year=year, budget=budget, executed=executed)
        through = self.t[Indicator.projects.through]
        program_indicators = self.t.ids(Indicator, PDD_PROGRAM_INDICATORS)
        for n, pk in enumerate(program_indicators):
            node = programs[n % PDD_PROGRAMS]
            base, _ = self._pdd_indicator(pdd, pk, node, codes[node], n // PDD_PROGRAMS + 1)
            self._series(pk, base, PDD_YEARS, range(2024, 2026), [None])
            for project in rng.sample(self.projects_ids, rng.randint(1, 2)):
                through.add(indicator_id=pk, project_id=project)
        for n, pk in enumerate(self.t.ids(Indicator, PDD_COMPONENT_INDICATORS)):
            node = components[n % PDD_COMPONENTS]
            base, _ = self._pdd_indicator(pdd, pk, node, codes[node], n // PDD_COMPONENTS + 1)
            self._series(pk, base, PDD_YEARS, range(2024, 2026), [None])

    def _node(self, pdd: int, pk: int, parent: int | None, level: str, code: str) -> None:
        self.add(
            PddNode, id=pk, development_plan_id=pdd, parent_id=parent, level=level, code=code,
            name=f"{level.title()} sintético {code}", weight=Decimal(self.rng.randint(1, 10)),
        )  # fmt: skip

    def _pdd_indicator(
        self, pdd: int, pk: int, node: int, node_code: str, sequence: int
    ) -> tuple[Decimal, str]:
        return self._indicator(
            pk, f"{node_code}.{sequence}", development_plan_id=pdd, pdd_node_id=node, sequence=sequence
        )
