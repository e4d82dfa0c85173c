"""The guide's required products as a checklist, and the search highlights' escaping: no database."""

from __future__ import annotations

import datetime as dt

from ssepot.archive.guide import Filed, Product, Status, check_product, load_guide
from ssepot.archive.search import START, STOP, marked

REPORT = Product("informe-seguimiento", "Informe anual de seguimiento", "", max_age_months=15)
TODAY = dt.date(2026, 12, 7)


def test_the_shipped_guide_has_both_components_and_unique_product_codes() -> None:
    guide = load_guide()
    codes = [p.code for c in guide.components for s in c.sections for p in s.products]
    assert [c.code for c in guide.components] == ["archivo-tecnico", "seguimiento-evaluacion"]
    assert len(codes) == len(set(codes)) == len(guide.products)


def test_a_product_without_documents_is_missing() -> None:
    assert check_product(REPORT, [Filed(1, "dts", TODAY, False)], TODAY).status is Status.MISSING


def test_a_recent_current_document_makes_the_product_present() -> None:
    check = check_product(REPORT, [Filed(1, REPORT.code, dt.date(2026, 3, 31), False)], TODAY)
    assert (check.status, check.document) == (Status.PRESENT, 1)


def test_a_product_older_than_its_declared_age_is_outdated() -> None:
    check = check_product(REPORT, [Filed(1, REPORT.code, dt.date(2025, 3, 31), False)], TODAY)
    assert (check.status, check.why) == (Status.OUTDATED, "age")
    # fifteen months to the day is still within its age
    assert (
        check_product(REPORT, [Filed(1, REPORT.code, dt.date(2025, 9, 7), False)], TODAY).status
        is Status.PRESENT
    )


def test_a_product_whose_every_document_has_a_newer_version_is_outdated() -> None:
    act = Product("acto-adopcion", "Acto", "", None)
    check = check_product(act, [Filed(1, act.code, dt.date(2014, 12, 17), True)], TODAY)
    assert (check.status, check.why, check.document) == (Status.OUTDATED, "superseded", 1)


def test_the_newest_current_document_is_the_one_linked() -> None:
    filed = [
        Filed(1, REPORT.code, dt.date(2025, 3, 31), False),
        Filed(2, REPORT.code, dt.date(2026, 3, 31), False),
        Filed(3, REPORT.code, dt.date(2026, 6, 30), True),
    ]
    assert check_product(REPORT, filed, TODAY).document == 2


def test_highlights_are_marks_in_escaped_text() -> None:
    assert marked(f"<b>{START}plan{STOP}</b> & más") == "&lt;b&gt;<mark>plan</mark>&lt;/b&gt; &amp; más"
