"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Nothing is downloaded: Chromium comes from ``apt-get install chromium`` and axe-core from ``npm install``
(``node_modules/axe-core``). When either is missing the browser tests fail and say how to install it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[3]
CHROMIUM = Path(os.environ.get("SSEPOT_CHROMIUM", "/usr/bin/chromium"))
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: install it with `apt-get install -y chromium` "
            "(or point SSEPOT_CHROMIUM at a Chromium binary).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # NB: Playwright's sync API keeps an event loop running in this thread, which makes Django refuse ORM
    # calls from the test body; the test itself is synchronous, so that guard does not apply here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield launched
            launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Any, live_server: Any, transactional_db: None) -> Iterator[Any]:
    """A fresh page whose relative URLs go to the live server; Spanish (Colombia) like a local visitor."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-US"
    )  # NB: an English browser must still get Spanish
    context.set_default_timeout(10_000)
    new_page = context.new_page()
    yield new_page
    context.close()


@pytest.fixture
def axe_violations() -> Any:
    """Runs axe-core (from node_modules, no network) on a page and returns its WCAG 2.1 AA violations."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `npm install` at the repository root.", pytrace=False)

    def run(page: Any) -> list[dict[str, Any]]:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA_TAGS
        )
        assert result["passes"], "axe-core ran no checks: is the page empty?"
        return [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"]
        ]

    return run
