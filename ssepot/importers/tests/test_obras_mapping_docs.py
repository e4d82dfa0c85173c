"""Every key of the public-works mapping is documented in docs/correspondencias.md, with an example."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from ssepot.importers.obras import Assignment, Columns, ObrasMapping, Rule

DOC = (Path(__file__).resolve().parents[3] / "docs" / "correspondencias.md").read_text(encoding="utf-8")
SECTION = DOC[DOC.index("# Obras públicas") :]


def _documented(prefix: str, model: type[BaseModel]) -> list[str]:
    return [
        name
        for name in model.model_fields
        if f"`{prefix}{name}`" not in SECTION and f"{prefix}{name}`" not in SECTION
    ]


def test_every_obras_mapping_key_is_documented() -> None:
    assert _documented("", ObrasMapping) == []
    assert _documented("columnas.", Columns) == []
    assert _documented("", Assignment) == []
    assert _documented("reglas[].", Rule) == []
