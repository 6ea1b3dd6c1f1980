"""Cumulative layout shift (CLS) in Chromium, at phone and desktop width, on every page kind.

The repo's project (conftest's `sample_site`, copied to add the probe) is served by
deploy/run-nginx (production CSP and headers); per width one browser tab loads every page in
turn (a new tab would cost a renderer process each time). A PerformanceObserver registered before any page script collects the `layout-shift` entries
(buffered, so none is missed) and the score adds up those without recent input, as the Core Web
Vitals do; "good" is at most 0.1. Measuring waits for page events only: the load event, the
initiative filter's ready marker where the page has one, and a round trip of two animation frames
so that whatever the scripts changed has been laid out and reported.

A probe page whose script pushes the text down after the first frame shows that the
measurement sees a shift when there is one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page as BrowserPage

from plugins.essen.model import Site

from ..conftest import (
    PAGE_KINDS,
    SampleSite,
    pages_of_kind,
    serve_with_nginx,
)

WIDTHS = {"phone": 412, "desktop": 1350}
HEIGHT = 900
GOOD_CLS = 0.1

OBSERVER_JS = """
window.__ceShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.__ceShifts.push({
      value: entry.value,
      hadRecentInput: entry.hadRecentInput,
      sources: entry.sources.map((source) => {
        const node = source.node;
        const name = node && node.nodeType === 1
          ? node.tagName.toLowerCase() + (node.id ? "#" + node.id : "") : String(node && node.nodeName);
        return `${name}: ${source.previousRect.y}px → ${source.currentRect.y}px`;
      }),
    });
  }
}).observe({ type: "layout-shift", buffered: true });
"""

# Resolves once two frames have been produced after the call: the layout caused by everything
# that ran before has been rendered, and its layout-shift entries delivered.
FRAMES_JS = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"

PROBE = "__shift_probe.html"
PROBE_HTML = """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Probe</title></head>
<body><main><h1>Probe</h1>
<p>Erster Absatz mit etwas Text.</p><p>Zweiter Absatz mit etwas mehr Text.</p>
</main><script src="__shift_probe.js"></script></body></html>
"""
# After the first frame with the text on screen, a tall block appears above it.
PROBE_JS = """
requestAnimationFrame(() => requestAnimationFrame(() => {
  const block = document.createElement("div");
  block.style.height = "400px";
  document.querySelector("main").prepend(block);
  document.documentElement.setAttribute("data-ce-ready", "");
}));
"""


@dataclass
class Served:
    url: str
    site: Site


@pytest.fixture(scope="module")
def served(sample_site: SampleSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("cls")
    site_dir = sample_site.copy_site(tmp / "site")
    Path(site_dir / PROBE).write_text(PROBE_HTML, encoding="utf-8")
    Path(site_dir / "__shift_probe.js").write_text(PROBE_JS, encoding="utf-8")
    with serve_with_nginx(site_dir, tmp / "nginx") as url:
        yield Served(url, sample_site.site)


@pytest.fixture(scope="module", params=list(WIDTHS), ids=list(WIDTHS))
def tab(request: pytest.FixtureRequest, browser: Browser) -> Iterator[BrowserPage]:
    """One tab per width; every measurement loads its page anew in it."""
    context = browser.new_context(viewport={"width": WIDTHS[request.param], "height": HEIGHT})
    context.add_init_script(OBSERVER_JS)
    yield context.new_page()
    context.close()


@dataclass
class Shift:
    score: float
    entries: list[dict]


def measure(page: BrowserPage, url: str, ready: str | None = None) -> Shift:
    """CLS of one page view: load, the script's ready marker if given, two frames."""
    response = page.goto(url)
    # A response: a new document with entries of its own, not a jump within the last one.
    assert response is not None and response.ok, url
    if ready is not None:
        page.wait_for_selector(ready, state="attached")
    page.evaluate(FRAMES_JS)
    entries = page.evaluate("window.__ceShifts")
    counted = [entry for entry in entries if not entry["hadRecentInput"]]
    return Shift(sum(entry["value"] for entry in counted), counted)


def ready_marker(url: str) -> str | None:
    # The initiative index's filter sets it when it is set up (assets/javascripts/initiatives.js).
    return "#ce-filter[data-ce-ready]" if url == "initiativen/" else None


def test_measurement_sees_a_shift(served: Served, tab: BrowserPage) -> None:
    shift = measure(tab, served.url + PROBE, ready="html[data-ce-ready]")
    assert shift.score > GOOD_CLS, shift


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_kind_has_good_cumulative_layout_shift(
    kind: str, served: Served, tab: BrowserPage
) -> None:
    failing = []
    for url in pages_of_kind(served.site, kind):
        shift = measure(tab, served.url + url, ready_marker(url))
        if shift.score > GOOD_CLS:
            failing.append(f"{url or '/'}: CLS {shift.score:.3f} {shift.entries}")
    assert not failing, "\n".join(failing)


def test_filter_appears_in_the_room_kept_for_it(served: Served, tab: BrowserPage) -> None:
    """The list stands where it stood before the script ran: the form's room was kept."""
    page = tab
    try:
        page.route("**/initiatives.js", lambda route: route.fulfill(status=404, body=""))
        page.goto(served.url + "initiativen/")
        page.evaluate(FRAMES_JS)
        without = page.locator("#ce-ix").bounding_box()
        assert not page.locator("#ce-filter").is_visible()
    finally:
        # The tab is shared: later tests get the real script.
        page.unroute("**/initiatives.js")
    page.goto(served.url + "initiativen/")
    page.wait_for_selector("#ce-filter[data-ce-ready]", state="attached")
    page.evaluate(FRAMES_JS)
    assert page.locator("#ce-filter").is_visible()
    assert page.locator("#ce-ix").bounding_box() == without


def test_without_javascript_the_list_follows_the_introduction(
    served: Served, browser: Browser
) -> None:
    """No empty room for the filter when no script can run: the list comes right after the lead."""
    context = browser.new_context(
        viewport={"width": WIDTHS["phone"], "height": HEIGHT}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(served.url + "initiativen/")
        gap = page.evaluate(
            """() => document.getElementById("ce-ix").getBoundingClientRect().top
                - document.querySelector(".ce-lead").getBoundingClientRect().bottom"""
        )
        assert 0 <= gap < 60, gap
        assert page.locator("#ce-ix > li").count() == len(served.site.initiatives)
    finally:
        context.close()
