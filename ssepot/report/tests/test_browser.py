"""In Chromium: the analyst asks for the report and the page follows its progress (HTMX) until the files
are there; the report's HTML and the analysts' page have no WCAG 2.1 AA violations (axe-core)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(committed_demo_plan: Any) -> Any:
    return committed_demo_plan


def sign_in(page: Any, username: str) -> None:
    from ssepot.demo.content import DEMO_PASSWORD

    page.goto("/cuenta/login/")
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña").fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Ingresar").click()
    page.wait_for_url(lambda url: "/cuenta/login/" not in url)


def test_the_analyst_follows_the_report_build_until_the_files_are_ready(
    page: Any, demo: Any, axe_violations: Any
) -> None:
    from ssepot.report.models import ReportBuild

    sign_in(page, "analista")
    page.goto(f"/informes/{demo.slug}/2025/")
    page.locator("main").get_by_role("button", name="Generar el informe").click()
    build = ReportBuild.objects.get(plan=demo, year=2025)
    box = page.locator(f"#generacion-{build.pk}")
    assert box.locator("progress").count() == 1
    assert axe_violations(page) == []

    # the worker reports a step: the page shows it without a reload
    ReportBuild.objects.filter(pk=build.pk).update(
        status="en_curso", progress=60, message="Componiendo el PDF"
    )
    page.wait_for_function(
        f"() => document.querySelector('#generacion-{build.pk} progress')?.value === 60", timeout=5000
    )
    assert "Componiendo el PDF" in box.inner_text()

    ReportBuild.objects.filter(pk=build.pk).update(
        status="terminado", progress=100, files={"pdf": "x.pdf", "html": "x.html"}, release_label="2025-1"
    )
    page.get_by_role("link", name="Informe en PDF").wait_for(timeout=5000)
    assert box.locator("progress").count() == 0
    assert axe_violations(page) == []


def test_the_report_html_has_no_wcag_aa_violations(page: Any, demo: Any, axe_violations: Any) -> None:
    from ssepot.report.builder import collect
    from ssepot.report.render import render_html

    page.set_content(render_html(collect(demo, 2025)))
    assert page.locator("html").get_attribute("lang") == "es"
    assert axe_violations(page) == []
