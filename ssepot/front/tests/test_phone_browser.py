"""Every public page is usable on a phone (issue 18): at 360 × 640, 390 × 844 and 1366 × 768 nothing is wider
than the screen (a wide table scrolls inside its own region), every chart and map is drawn with a size, the
synthetic-data banner takes at most a fifth of a phone's first screen, and axe-core finds no WCAG 2.1 AA
violation at 360 px either."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from ssepot.front.tests.test_accessibility import YEAR, public_pages
from ssepot.front.tests.test_works_browser import import_works

pytestmark = pytest.mark.browser

SCREENS = [(360, 640), (390, 844), (1366, 768)]
PHONE = 360
NOT_FOUND = "/planes/no-existe/"

#: what a page measures of itself: how wide it is, the widest element sticking out of the screen (outside any
#: scrolling region of its own), each chart's drawn size and the banner's height
MEASURE = """() => {
  const screen = window.innerWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + Array.from(el.classList).map((c) => '.' + c).join('');
  // NB: a box that scrolls clips what it contains, but not an absolutely positioned descendant whose
  // containing block lies outside it (that one widens the page)
  const clipped = (el) => {
    let position = getComputedStyle(el).position;
    if (position === 'fixed') { return true; }
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (position === 'absolute' && style.position === 'static') { continue; }
      if (style.overflowX !== 'visible') { return true; }
      position = style.position;
    }
    return false;
  };
  // the element reaching furthest right, itself or by what overflows it (a long word); of those reaching as
  // far, the innermost, since an overflow widens every box around it
  let widest = null;
  if (document.documentElement.scrollWidth > screen) {
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      const spills = getComputedStyle(el).overflowX === 'visible' ? box.left + el.scrollWidth : 0;
      const right = Math.round(Math.max(box.right, spills));
      if (right > screen && box.height > 0 && !clipped(el) && (widest === null || right >= widest.right)) {
        widest = {name: name(el), width: Math.round(box.width), right: right};
      }
    }
  }
  const size = (el) => {
    const box = el ? el.getBoundingClientRect() : {width: 0, height: 0};
    return [Math.round(box.width), Math.round(box.height)];
  };
  const banner = document.querySelector('.ssepot-synthetic-banner');
  return {
    width: document.documentElement.scrollWidth,
    screen: screen,
    height: window.innerHeight,
    widest: widest,
    charts: Array.from(document.querySelectorAll('.chart__canvas')).map((el) => ({
      name: name(el.closest('figure') || el),
      drawn: el.classList.contains('chart__canvas--drawn'),
      box: size(el),
      picture: size(el.querySelector('svg, canvas')),
    })),
    banner: banner ? Math.round(banner.getBoundingClientRect().height) : null,
  };
}"""


@pytest.fixture
def demo(committed_demo_plan: Any) -> tuple[Any, str]:
    """The demo with the city's works, so the works maps are drawn too, and one of their contracts."""
    contracts = import_works(committed_demo_plan)
    cache.clear()
    return committed_demo_plan, contracts[0].code


def phone_pages(plan: Any, contract: str) -> list[str]:
    """The public pages of ``test_accessibility`` and the rest of the portal's public pages."""
    from ssepot.archive.models import ArchiveDocument

    document = ArchiveDocument.objects.filter(plan=plan, is_public=True).order_by("pk").first()
    assert document is not None
    base = f"/planes/{plan.slug}/{YEAR}/"
    return [
        *public_pages(plan),
        f"/planes/{plan.slug}/",
        f"{base}subsistemas/MOV/?proyecto={contract}",
        f"{base}comunas/",
        f"{base}comunas/01/",
        f"{base}equidad/",
        f"{base}equidad/?indicador=ECV-IPM",
        f"{base}marco-estrategico/",
        f"/planes/{plan.slug}/expediente/",
        f"/planes/{plan.slug}/expediente/{document.pk}/",
        f"/planes/{plan.slug}/publicaciones/",
        "/datos/",
        NOT_FOUND,
    ]


def open_page(page: Any, url: str) -> None:
    """Visits ``url`` and waits until its charts are drawn (or have failed)."""
    response = page.goto(url, timeout=60_000)
    assert response is not None and response.status == (404 if url == NOT_FOUND else 200), url
    page.wait_for_function(
        "document.querySelectorAll('[data-vega-spec]').length === "
        "document.querySelectorAll('.chart__canvas--drawn, [data-vega-error]').length",
        timeout=30_000,
    )


def problems(measured: dict[str, Any]) -> list[str]:
    """What keeps a page from being usable at its width, in words."""
    found = []
    if measured["width"] > measured["screen"]:
        widest = measured["widest"] or {"name": "?", "width": "?", "right": "?"}
        found.append(
            f"{measured['width']} px wide, widest overflowing element {widest['name']} "
            f"({widest['width']} px, right edge at {widest['right']} px)"
        )
    for chart in measured["charts"]:
        if not chart["drawn"] or 0 in chart["box"] or 0 in chart["picture"]:
            found.append(f"chart {chart['name']} not drawn (box {chart['box']}, picture {chart['picture']})")
        elif chart["picture"][0] > chart["box"][0]:
            found.append(f"chart {chart['name']} wider than its box ({chart['picture']} in {chart['box']})")
    if measured["screen"] == PHONE and measured["banner"] and measured["banner"] * 5 > measured["height"]:
        found.append(f"banner {measured['banner']} px tall, more than a fifth of {measured['height']} px")
    return found


def test_every_public_page_fits_phones_and_desktops_with_its_charts_drawn(
    page: Any, demo: tuple[Any, str], axe_violations: Any
) -> None:
    pages = phone_pages(*demo)
    found: dict[str, Any] = {}
    for width, height in SCREENS:
        page.set_viewport_size({"width": width, "height": height})
        for url in pages:
            open_page(page, url)
            if trouble := problems(page.evaluate(MEASURE)):
                found[f"{width} px {url}"] = trouble
            if width == PHONE and (violations := axe_violations(page)):
                found[f"axe at {width} px {url}"] = violations
    assert found == {}
