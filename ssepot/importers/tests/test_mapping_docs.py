"""Every key a mapping may hold is documented in docs/correspondencias.md (the only thing a new municipality's
planner reads before writing one)."""

from __future__ import annotations

import typing
from pathlib import Path

from pydantic import BaseModel

from ssepot.importers.plan_indicativo import Mapping
from ssepot.importers.presupuesto import BudgetMapping

DOC = (Path(__file__).resolve().parents[3] / "docs" / "correspondencias.md").read_text(encoding="utf-8")


def _keys(model: type[BaseModel]) -> set[str]:
    found: set[str] = set()
    for name, field in model.model_fields.items():
        found.add(name)
        kinds = [field.annotation, *typing.get_args(field.annotation)]
        for kind in kinds:
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                found |= _keys(kind)
            for inner in typing.get_args(kind):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    found |= _keys(inner)
    return found


def test_every_mapping_key_is_documented() -> None:
    keys = _keys(Mapping)
    assert {"plan_desarrollo", "niveles", "componer", "otras_hojas", "afirmativos"} <= keys
    assert sorted(k for k in keys if f"`{k}`" not in DOC and f"`codigos.{k}`" not in DOC) == []


def test_every_budget_mapping_key_is_documented() -> None:
    keys = _keys(BudgetMapping)
    assert {"vigencia", "montos", "apropiacion_definitiva", "compromisos", "bpin", "omitir_filas"} <= keys
    budget = DOC[DOC.index("# Presupuesto y ejecución financiera") :]
    assert sorted(k for k in keys if f"`{k}`" not in budget) == []
