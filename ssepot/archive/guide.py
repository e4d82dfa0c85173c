"""The expediente's required products (``guide.yaml``) as a checklist: present, missing or outdated.

The rules, once:
- A product is **missing** when no public document of the plan names it (``ArchiveDocument.product``).
- It is **outdated** when every public document that names it has a newer version (``supersedes``) that
  the public expediente does not show as that product, or when its newest current document is older than
  the product's declared age (``vigencia_meses``: an annual monitoring report is due every year).
- Otherwise it is **present**, and the checklist links its newest current document.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

GUIDE = Path(__file__).with_name("guide.yaml")


@dataclass(frozen=True)
class Product:
    code: str
    name: str
    norm: str
    max_age_months: int | None


@dataclass(frozen=True)
class Section:
    name: str
    products: tuple[Product, ...]


@dataclass(frozen=True)
class Component:
    code: str
    name: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Guide:
    title: str
    components: tuple[Component, ...]

    @property
    def products(self) -> dict[str, Product]:
        return {p.code: p for c in self.components for s in c.sections for p in s.products}


def _product(raw: dict[str, Any]) -> Product:
    age = raw.get("vigencia_meses")
    return Product(
        str(raw["codigo"]), str(raw["nombre"]), str(raw.get("norma", "")), int(age) if age else None
    )


@functools.cache
def load_guide(path: Path = GUIDE) -> Guide:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Guide(
        title=str(raw["guia"]),
        components=tuple(
            Component(
                code=str(c["codigo"]),
                name=str(c["nombre"]),
                sections=tuple(
                    Section(str(s["nombre"]), tuple(_product(p) for p in s["productos"]))
                    for s in c["secciones"]
                ),
            )
            for c in raw["componentes"]
        ),
    )


class Status(StrEnum):
    PRESENT = "presente"
    MISSING = "falta"
    OUTDATED = "desactualizado"


@dataclass(frozen=True)
class Filed:
    """What the checklist needs of one public document."""

    pk: int
    product: str
    date: dt.date
    superseded: bool


@dataclass(frozen=True)
class Check:
    product: Product
    status: Status
    document: int | None  # the newest current document, or the newest superseded one when none is current
    why: str  # "superseded" or "age" for an outdated product, else ""


def _months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def check_product(product: Product, filed: Iterable[Filed], today: dt.date) -> Check:
    mine = sorted((f for f in filed if f.product == product.code), key=lambda f: (f.date, f.pk), reverse=True)
    if not mine:
        return Check(product, Status.MISSING, None, "")
    current = [f for f in mine if not f.superseded]
    if not current:
        return Check(product, Status.OUTDATED, mine[0].pk, "superseded")
    newest = current[0]
    if product.max_age_months is not None and _months_between(newest.date, today) > product.max_age_months:
        return Check(product, Status.OUTDATED, newest.pk, "age")
    return Check(product, Status.PRESENT, newest.pk, "")


def checklist(
    filed: Iterable[Filed], today: dt.date, guide: Guide | None = None
) -> list[tuple[Component, list[tuple[Section, list[Check]]]]]:
    guide = guide or load_guide()
    filed = list(filed)
    return [
        (c, [(s, [check_product(p, filed, today) for p in s.products]) for s in c.sections])
        for c in guide.components
    ]
