"""The expediente in Chromium, as an anonymous visitor: typing filters the results in place (htmx) and
keeps the search in the address, a facet narrows them, the same works without JavaScript, and the page
has no WCAG 2.1 AA violation (axe-core)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ssepot.archive.actions import save_document
from ssepot.archive.models import ArchiveDocument
from ssepot.archive.tests import files

pytestmark = pytest.mark.browser


@pytest.fixture
def documents(plan: Any, settings: Any, tmp_path: Any) -> list[ArchiveDocument]:
    settings.MEDIA_ROOT = tmp_path / "media"
    made = []
    for title, kind, text in (
        ("Lineamientos zonales", "estudio", "Guía de planeación zonal"),
        ("Informe de seguimiento 2024", "informe", "Avance de los compromisos"),
    ):
        doc = ArchiveDocument(plan=plan, title=title, doc_type=kind, date=dt.date(2024, 3, 1), is_public=True)
        doc.file = SimpleUploadedFile(f"{kind}.pdf", files.pdf(text))
        made.append(save_document(doc, actor=None))
    return made


def test_a_visitor_searches_as_he_types_and_filters_by_type(
    page: Any, plan: Any, documents: list[ArchiveDocument], axe_violations: Any
) -> None:
    study, report = documents
    page.goto(f"/planes/{plan.slug}/expediente/")
    assert axe_violations(page) == []
    page.fill("#expediente-q", "planeacion")
    page.locator("#resultados", has_text="1 documento contiene").wait_for()
    assert "q=planeacion" in page.url
    assert page.locator(".hit").count() == 1 and page.locator(".hit mark").count() >= 1
    assert study.title in page.locator("#resultados").inner_text()
    page.fill("#expediente-q", "")
    page.locator("#resultados", has_text="2 documentos").wait_for()
    page.get_by_role("link", name="Informe de seguimiento (1)").click()
    page.locator("#resultados", has_text="1 documento.").wait_for()
    assert "tipo=informe" in page.url and report.title in page.locator("#resultados").inner_text()
    assert axe_violations(page) == []


def test_the_search_works_without_javascript(
    browser: Any, live_server: Any, plan: Any, documents: list[ArchiveDocument]
) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"/planes/{plan.slug}/expediente/")
        page.fill("#expediente-q", "compromisos")
        page.click("#expediente-form button[type=submit]")
        page.wait_for_url("**q=compromisos**")
        assert page.locator(".hit").count() == 1
        assert documents[1].title in page.locator("#resultados").inner_text()
    finally:
        context.close()
