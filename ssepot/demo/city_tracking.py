"""The real development plan 2020-2023 "Medellín Futuro" with the city's own yearly achievements, published.

The indicator sheets (``builder.load_pdd_2020_2023``) bring the plan's structure and its 810 indicators; the
planning department's tracking workbook (``tabla_Segto_PI.xlsx``) completes the same plan with its weights,
yearly targets, declared programmed progress and the achievements 2020-2023, through the mapping shipped with
the project - exactly as ``ssepot import plan-indicativo`` does for any municipality. The achievements enter
as a batch for review, as every import of values does, and the planning analyst approves it through the
same action as the page ``/reporte/importaciones/`` (``reporting.batches.approve_batch``).

They are then published the way historical data is: ``reporting.actions.publish_existing``, by the planning
analyst, one release per year. These years were reported in the city's workbook, not through the agencies'
assignments (``reporting.actions.open_period`` assigns a development plan's indicators only for a year it
opens, and 2020-2023 are history here), so there is no submit/validate/approve step to walk for them; the
release and its audit entry name who published what and when. The data are real: nothing here is drawn at
random.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib.auth.models import User

from ssepot.catalogue.models import Plan
from ssepot.importers.plan_indicativo import MAPPINGS, PlanIndicativoImporter
from ssepot.reporting.actions import publish_existing
from ssepot.reporting.batches import approve_batch
from ssepot.reporting.models import Release

WORKBOOK = Path("medellin-pdd-seguimiento-2020-2023") / "tabla_Segto_PI.xlsx"
MAPPING = MAPPINGS / "medellin-pdd-seguimiento-2020-2023.yml"
DEVELOPMENT_PLAN = "pdd-2020-2023"
YEARS = range(2020, 2024)
CUTOFF = dt.date(2023, 8, 31)
"""The workbook's cut-off: the city computed its published results (81,25 % avance) at this date."""

PERIOD_CUTOFFS = {CUTOFF.year: CUTOFF}
"""The reporting periods whose cut-off is not 31 December."""

PUBLISHED_AT = dt.datetime(2024, 3, 15, 12, 0, tzinfo=dt.UTC)
"""After every synthetic release of 2020-2023 (the last, 2023's, is of 28 February 2024): fixed, so two
builds are identical."""

NOTE = (
    "Seguimiento del Plan de Desarrollo Medellín Futuro 2020-2023: datos reales del Departamento "
    "Administrativo de Planeación (libro tabla_Segto_PI.xlsx, corte 31/08/2023)."
)


def load_city_tracking(plan: Plan, shared_data: Path, analyst: User) -> list[Release]:
    """Import the workbook into ``plan``'s development plan 2020-2023, approve its achievements' batch and
    publish each year's achievements."""
    # NB: a historical load: the catalogue's history of the import is dated with its releases
    importer = PlanIndicativoImporter(
        shared_data / WORKBOOK, plan=plan, mapping=str(MAPPING), history_date=PUBLISHED_AT
    )
    importer.run()
    assert importer.batch is not None, "the workbook's achievements are a batch for review"
    approve_batch(importer.batch, actor=analyst, note=NOTE)
    return [
        publish_existing(plan, year, actor=analyst, note=NOTE, published_at=PUBLISHED_AT) for year in YEARS
    ]
