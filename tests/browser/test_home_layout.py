"""The home page works as a landing page, and record pages fit a phone (Chromium, bounding boxes).

At 1280×800 the h1, the key figures and a link to every field page lie within the first 1.5
screen heights of the home page; at 390 px within 3 screen heights. One built site (the repo's
sample, shared by the test process) and one browser for the whole file.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from ..conftest import SampleSite, example_page, serve_directory

# (width, height, how many screen heights the landing content may take)
VIEWPORTS = [(1280, 800, 1.5), (390, 844, 3)]

BOXES_JS = """
(selectors) => Object.fromEntries(selectors.map((selector) => {
  const element = document.querySelector(selector);
  if (!element) return [selector, null];
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  return [selector, {
    top: box.top + window.scrollY,
    bottom: box.bottom + window.scrollY,
    left: box.left,
    right: box.right,
    width: box.width,
    shown: box.width > 0 && box.height > 0 && style.visibility === "visible",
  }];
}))
"""


@pytest.fixture(scope="module")
def base_url(sample_site: SampleSite) -> Iterator[str]:
    with serve_directory(sample_site.site_dir) as url:
        yield url


@pytest.mark.parametrize(("width", "height", "screens"), VIEWPORTS)
def test_title_figures_and_every_field_are_near_the_top(
    browser: Browser,
    base_url: str,
    sample_site: SampleSite,
    width: int,
    height: int,
    screens: float,
) -> None:
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.goto(base_url)
        page.wait_for_load_state("load")
        fields = sample_site.site.fields
        assert fields
        selectors = [
            "article h1",
            "article .ce-figures",
            *(f'article .ce-tiles a[href="handlungsfelder/{field.id}/"]' for field in fields),
        ]
        boxes = page.evaluate(BOXES_JS, selectors)
        limit = screens * height
        for selector in selectors:
            box = boxes[selector]
            assert box is not None, f"{width} px: no {selector}"
            assert box["shown"], f"{width} px: {selector} is not shown"
            assert box["bottom"] <= limit, (
                f"{width} px: {selector} ends at {box['bottom']:.0f} px, below {limit:.0f} px"
            )
            assert box["left"] >= 0 and box["right"] <= width, f"{width} px: {selector} overflows"
        # The key figures are the data's: initiatives first.
        first = page.locator("article .ce-figure__n").first.text_content()
        assert first == str(len(sample_site.site.initiatives))
    finally:
        page.close()


@pytest.mark.parametrize(
    "kind",
    [
        "home",
        "initiative",
        "partner",
        "field",
        "index",
        "news-index",
        "news",
        "events-index",
        "event",
    ],
)
def test_pages_fit_a_phone_without_sideways_scrolling(
    browser: Browser, base_url: str, sample_site: SampleSite, kind: str
) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(base_url + example_page(sample_site.site, kind))
        page.wait_for_load_state("load")
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= 390, f"{kind}: the page is {overflow} px wide"
        boxes = page.evaluate(BOXES_JS, ["article .ce-facts", "article .ce-record__text"])
        for selector, box in boxes.items():
            if box is None:
                continue
            # Readable: the box uses most of the phone's width and stays inside it.
            assert box["right"] <= 390 and box["width"] >= 300, (kind, selector, box)
    finally:
        page.close()
