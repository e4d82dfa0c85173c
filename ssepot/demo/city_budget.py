"""The real financial execution of Medellín's development plan 2020-2023, loaded into the demo.

The Departamento Administrativo de Planeación's sheet ``ejecucion_financiera_estructura_plan.xlsx`` (in
``../shared/data/medellin-pdd-2020-2023/``) is imported with the mapping shipped in the project, exactly as
``ssepot import presupuesto`` does for any municipality, by the analyst. The load is historical: its catalogue
history is dated with the tracking workbook's releases, so the published 2020-2023 figures show the money as
the city published it, and a later edit of a budget line moves the working figures, not those releases.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import User

from ssepot.catalogue.models import Plan
from ssepot.demo.city_tracking import PUBLISHED_AT
from ssepot.importers.base import ImportResult
from ssepot.importers.presupuesto import MAPPINGS, BudgetImporter

WORKBOOK = Path("medellin-pdd-2020-2023") / "ejecucion_financiera_estructura_plan.xlsx"
MAPPING = MAPPINGS / "medellin-presupuesto-2020-2023.yml"


def load_city_budget(plan: Plan, shared_data: Path, analyst: User) -> ImportResult:
    """Import the sheet's budget lines into ``plan``'s development plan 2020-2023."""
    return BudgetImporter(
        shared_data / WORKBOOK, plan=plan, mapping=str(MAPPING), actor=analyst, history_date=PUBLISHED_AT
    ).run()
