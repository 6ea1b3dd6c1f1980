"""Accessibility in the browser: axe-core (WCAG 2.0/2.1 A and AA) on every page kind, and the
keyboard: skip link, visible focus, tab stops on screen, underlined links, `lang="de"`.

The repo's project is built once (conftest's `sample_site`) and served by deploy/run-nginx on
loopback; Debian's Chromium opens the pages. The pages to check are derived from the repo's
data: every field, per status the richest and the sparsest initiative, one partner of each type.
axe-core is the copy bundled with axe-playwright-python.

Tests that use no mouse share one browser tab: a new tab costs a renderer process (about a
second of CPU), a page load in the same tab a fraction of that. Each test loads its page anew,
with its own viewport and motion setting, and `show` makes sure nothing of the last one is left.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from plugins.essen.model import Site

from ..conftest import (
    LEGAL_PAGES,
    PAGE_KINDS,
    REPO,
    SampleSite,
    example_page,
    html_files,
    pages_of_kind,
    parse_html,
    richest_initiative,
)

DESKTOP = {"width": 1280, "height": 900}
TABLET = {"width": 1024, "height": 768}
MOBILE = {"width": 375, "height": 812}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
SKIP_TEXT = "Zum Inhalt"

# Whether a CSS transition that moves, shows or hides something (drawer, skip link, search) is
# running: tests wait for its end, not for a time. Colour fades on focus change nothing visible.
MOVING = (
    "document.getAnimations().some((a) => a.playState === 'running'"
    " && !/color|shadow/.test(a.transitionProperty || ''))"
)
ANIMATIONS_DONE = f"() => !{MOVING}"

# Whether the focused element can be seen: inside the viewport, not transparent or hidden, and
# not covered by another element at the centre of its first line box. Answers only once the
# transitions have ended (null before), for page.wait_for_function.
FOCUS_VISIBILITY_JS = """
() => {
  if (MOVING) return null;
  const el = document.activeElement;
  const box = el.getClientRects()[0] || el.getBoundingClientRect();
  const rect = el.getBoundingClientRect();
  let opacity = 1;
  for (let node = el; node instanceof Element; node = node.parentElement) {
    opacity *= Number(getComputedStyle(node).opacity);
  }
  const x = box.left + box.width / 2;
  const y = box.top + box.height / 2;
  const inViewport = rect.width > 0 && rect.height > 0 && rect.left >= 0 && rect.top >= 0
    && rect.right <= innerWidth + 0.5 && rect.bottom <= innerHeight + 0.5;
  const hit = inViewport ? document.elementFromPoint(x, y) : null;
  const describe = (node) => node ? node.outerHTML.slice(0, 160) : "nothing";
  return {
    element: describe(el),
    inArticle: el.closest("article") !== null,
    inViewport,
    opacity,
    visibility: getComputedStyle(el).visibility,
    uncovered: hit !== null && (hit === el || el.contains(hit) || hit.contains(el)),
    hit: describe(hit),
  };
}
""".replace("MOVING", MOVING)

# Focus ring of the focused element and the background it is drawn on.
FOCUS_STYLE_JS = """
() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  let background = "rgba(0, 0, 0, 0)";
  for (let node = el; node instanceof Element; node = node.parentElement) {
    const color = getComputedStyle(node).backgroundColor;
    if (!/^rgba\\(.*, 0\\)$/.test(color) && color !== "transparent") { background = color; break; }
  }
  return {
    element: el.outerHTML.slice(0, 160),
    focusVisible: el.matches(":focus-visible"),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    outlineColor: style.outlineColor,
    boxShadow: style.boxShadow,
    background: background === "rgba(0, 0, 0, 0)" ? "rgb(255, 255, 255)" : background,
  };
}
"""

# Links that sit in running text or lists of the content and the footer; buttons and the
# heading permalinks (¶) are not text links.
TEXT_LINKS_JS = """
() => [...document.querySelectorAll("article a[href], .md-footer a[href]")]
  .filter((a) => !a.matches(".md-button, .headerlink") && a.getClientRects().length > 0)
  .map((a) => ({
    html: a.outerHTML.slice(0, 160),
    decoration: getComputedStyle(a).textDecorationLine,
  }))
"""

# --------------------------------------------------------------------------- contrast


def _channel(value: float) -> float:
    value /= 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def _rgb(css: str) -> tuple[float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)[:3]]
    assert len(numbers) == 3, css
    return numbers[0], numbers[1], numbers[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two opaque CSS colours (`rgb(…)`)."""
    lum = []
    for css in (first, second):
        r, g, b = (_channel(c) for c in _rgb(css))
        lum.append(0.2126 * r + 0.7152 * g + 0.0722 * b)
    light, dark = max(lum), min(lum)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_matches_wcag_examples() -> None:
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    assert contrast("rgb(118, 118, 118)", "rgb(255, 255, 255)") == pytest.approx(4.54, abs=0.01)
    assert contrast("rgb(64, 81, 181)", "rgb(255, 255, 255)") == pytest.approx(6.86, abs=0.01)


# --------------------------------------------------------------------------- fixtures


@dataclass
class Served:
    url: str
    site_dir: Path
    site: Site


@pytest.fixture(scope="module")
def served(sample_site: SampleSite, sample_nginx: str) -> Served:
    # The production server rules (CSP and all headers): what visitors get.
    return Served(sample_nginx, sample_site.site_dir, sample_site.site)


def open_page(browser: Browser, viewport: dict[str, int], reduced_motion: bool = False) -> Page:
    """A tab of its own, for the tests that use the mouse (its position outlives a page load)."""
    page = browser.new_context(
        viewport=viewport, reduced_motion="reduce" if reduced_motion else "no-preference"
    ).new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture(scope="module")
def tab(browser: Browser) -> Iterator[Page]:
    """The tab the keyboard and axe tests share; `show` loads each test's page in it."""
    page = browser.new_context().new_page()
    page.set_default_timeout(10_000)
    yield page
    page.context.close()


def show(
    tab: Page, served: Served, url: str, viewport: dict[str, int], reduced_motion: bool = False
) -> Page:
    """Load `url` in the shared tab as a fresh visit: viewport and motion preference set first,
    a new document (not a jump within the last one), at the top, with nothing focused."""
    tab.set_viewport_size(viewport)
    tab.emulate_media(reduced_motion="reduce" if reduced_motion else "no-preference")
    # goto returns after the load event: the page's scripts have run (the index has revealed
    # its filter form) before a test looks.
    response = tab.goto(served.url + url)
    assert response is not None and response.ok, url
    fresh = tab.evaluate("() => scrollY === 0 && document.activeElement === document.body")
    assert fresh, f"{url}: the previous test's state is still there"
    return tab


# --------------------------------------------------------------------------- axe


def axe_report(url: str, violations: list[dict]) -> str:
    lines = [f"{url}:"]
    for violation in violations:
        lines.append(
            f"  {violation['id']} ({violation['impact']}): {violation['help']} — "
            f"{violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def axe_violations(page: Page, url: str) -> str | None:
    results = Axe().run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    return axe_report(url, violations) if violations else None


def check_pages(tab: Page, served: Served, urls: list[str], viewport: dict) -> list[str]:
    reports = []
    for url in urls:
        report = axe_violations(show(tab, served, url, viewport), url)
        if report:
            reports.append(report)
    return reports


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_kind_has_no_axe_violations(kind: str, served: Served, tab: Page) -> None:
    urls = pages_of_kind(served.site, kind)
    assert urls, kind
    reports = check_pages(tab, served, urls, DESKTOP)
    assert not reports, "\n".join(reports)


def test_checked_initiatives_cover_every_status_in_use(served: Served) -> None:
    checked = set(pages_of_kind(served.site, "initiative"))
    for status in {i.status for i in served.site.initiatives}:
        assert any(
            f"initiativen/{i.id}/" in checked for i in served.site.initiatives if i.status == status
        ), status


# The place pages and the map have a layout of their own on phones (one column, larger labels).
@pytest.mark.parametrize("kind", ["home", "index", "initiative", "places", "map"])
def test_page_kind_has_no_axe_violations_on_a_phone(kind: str, served: Served, tab: Page) -> None:
    urls = (
        [f"initiativen/{richest_initiative(served.site).id}/"]
        if kind == "initiative"
        else pages_of_kind(served.site, kind)
    )
    reports = check_pages(tab, served, urls, MOBILE)
    assert not reports, "\n".join(reports)


def test_open_navigation_drawer_has_no_axe_violations(served: Served, browser: Browser) -> None:
    page = open_page(browser, MOBILE)
    try:
        url = f"initiativen/{richest_initiative(served.site).id}/"
        page.goto(served.url + url)
        page.locator(".md-header label[for='__drawer']").click()
        drawer = page.locator(".md-sidebar--primary")
        page.wait_for_function(ANIMATIONS_DONE)
        box = drawer.bounding_box()
        assert box is not None and box["x"] >= 0, "the drawer did not open"
        report = axe_violations(page, url + " (Navigation geöffnet)")
        assert report is None, report
    finally:
        page.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "phone"])
def test_open_search_has_no_axe_violations(
    viewport: dict, served: Served, browser: Browser
) -> None:
    page = open_page(browser, viewport)
    try:
        page.goto(served.url + "initiativen/")
        # Wide screens show the search box in the header, narrow ones a button that opens it.
        page.locator(".md-header .md-search__input, .md-header label[for='__search']").locator(
            "visible=true"
        ).first.click()
        expect(page.locator("#__search")).to_be_checked()
        page.wait_for_function(ANIMATIONS_DONE)
        report = axe_violations(page, "initiativen/ (Suche geöffnet)")
        assert report is None, report

        # With results: a word of an initiative's title finds at least that initiative.
        word = max(re.findall(r"\w+", richest_initiative(served.site).title), key=len)
        page.locator(".md-search__input").locator("visible=true").fill(word)
        expect(page.locator(".md-search-result__list a").first).to_be_visible()
        page.wait_for_function(ANIMATIONS_DONE)
        report = axe_violations(page, f"initiativen/ (Suche nach {word!r})")
        assert report is None, report
    finally:
        page.context.close()


# --------------------------------------------------------------------------- keyboard


def test_every_page_is_german(served: Served) -> None:
    pages = html_files(served.site_dir)
    assert pages
    for path in pages:
        html = parse_html(path.read_text(encoding="utf-8")).find("html")
        assert html is not None and html.attrs.get("lang") == "de", path


SKIP_KINDS = {
    # generated page (HTML headings, no table of contents)
    "initiative": lambda site: f"initiativen/{richest_initiative(site).id}/",
    "index": lambda site: "initiativen/",
    # Markdown pages with a table of contents: Material's own skip link
    "home": lambda site: "",
    "legal": lambda site: LEGAL_PAGES[0],
    "404": lambda site: "404.html",
}


@pytest.mark.parametrize(
    ("kind", "viewport"),
    [(kind, DESKTOP) for kind in SKIP_KINDS] + [("initiative", MOBILE), ("home", MOBILE)],
    ids=[f"{kind}-desktop" for kind in SKIP_KINDS] + ["initiative-phone", "home-phone"],
)
def test_first_tab_shows_a_skip_link_to_the_content(
    kind: str, viewport: dict, served: Served, tab: Page
) -> None:
    page = show(tab, served, SKIP_KINDS[kind](served.site), viewport)
    assert page.locator("a.md-skip").count() == 1, "exactly one skip link"
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text(SKIP_TEXT)
    expect(focused).to_have_class(re.compile(r"\bmd-skip\b"))
    expect(focused).to_have_css("opacity", "1")
    seen = page.wait_for_function(FOCUS_VISIBILITY_JS).json_value()
    assert seen["inViewport"] and seen["uncovered"], seen

    target = focused.get_attribute("href") or ""
    assert target.startswith("#") and len(target) > 1, target
    # The target is the content column or lies in it, and holds or is the page heading.
    where = page.evaluate(
        """(id) => {
          const target = document.getElementById(id);
          if (!target) return null;
          const content = target.closest(".md-content");
          const h1 = document.querySelector(".md-content h1");
          return {
            inContent: content !== null,
            inChrome: target.closest("header, nav, .md-sidebar, footer") !== null,
            reachesHeading: h1 !== null && (target === h1 || target.contains(h1)),
          };
        }""",
        target[1:],
    )
    assert where == {"inContent": True, "inChrome": False, "reachesHeading": True}, where

    page.keyboard.press("Enter")
    page.wait_for_function("(hash) => location.hash === hash", arg=target)
    # The next Tab continues from the target: header, tabs and navigation are skipped.
    page.keyboard.press("Tab")
    after = page.evaluate(
        """(id) => {
          const target = document.getElementById(id);
          const el = document.activeElement;
          return {
            element: el.outerHTML.slice(0, 200),
            follows: target.contains(el)
              || Boolean(target.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING),
            inChrome: el.closest(".md-header, .md-tabs, .md-sidebar") !== null,
          };
        }""",
        target[1:],
    )
    assert after["follows"] and not after["inChrome"], after


def tab_into_content(page: Page, text_link: bool) -> None:
    """Skip link, then Tab until a link in the article has focus (one in running text if asked)."""
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_class(re.compile(r"\bmd-skip\b"))
    page.keyboard.press("Enter")
    selector = (
        "article :is(p, li, dd, td, th, blockquote) a[href]:not(.md-button, .headerlink)"
        if text_link
        else "article a[href]"
    )
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"no {selector} reached with the keyboard")


@pytest.mark.parametrize("kind", ["initiative", "data", "home", "legal"])
def test_focused_link_in_the_content_has_a_visible_ring(
    kind: str, served: Served, tab: Page
) -> None:
    page = show(tab, served, example_page(served.site, kind), DESKTOP)
    tab_into_content(page, text_link=True)
    style = page.evaluate(FOCUS_STYLE_JS)
    assert style["focusVisible"], style
    ring = style["outlineStyle"] != "none" and style["outlineWidth"] >= 1
    assert ring or style["boxShadow"] != "none", style
    if ring:
        # 1.4.11: the ring needs 3:1 against the background it is drawn on.
        assert contrast(style["outlineColor"], style["background"]) >= 3, style


@pytest.mark.parametrize(
    ("kind", "viewport"),
    [
        ("initiative", DESKTOP),
        ("initiative", MOBILE),
        ("field", DESKTOP),
        # Between Material's breakpoints the tabs show and the navigation is still a drawer.
        ("field", TABLET),
        ("field", MOBILE),
    ],
    ids=["initiative-desktop", "initiative-phone", "field-desktop", "field-tablet", "field-phone"],
)
def test_every_tab_stop_before_the_content_is_visible(
    kind: str, viewport: dict, served: Served, tab: Page
) -> None:
    """Header, search, tabs and the navigation (on a phone: the drawer) show what has focus.

    With reduced motion (Material then turns transitions off) each Tab shows its end state at
    once; the skip link and drawer tests cover the animated way there.
    """
    page = show(tab, served, example_page(served.site, kind), viewport, reduced_motion=True)
    hidden = []
    stops = 0
    for _ in range(80):
        page.keyboard.press("Tab")
        seen = page.wait_for_function(FOCUS_VISIBILITY_JS).json_value()
        if seen["inArticle"]:
            break
        stops += 1
        if not (
            seen["inViewport"]
            and seen["uncovered"]
            and seen["opacity"] > 0.5
            and seen["visibility"] == "visible"
        ):
            hidden.append(seen)
    else:
        raise AssertionError("the content was not reached with the keyboard")
    # Logo, search and a link per section (tabs, or the drawer on a phone) came first.
    sections = len(yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["nav"])
    assert page.locator(".md-tabs__item").count() == sections
    assert stops >= 2 + sections, (stops, sections)
    assert not hidden, "\n".join(map(str, hidden))


@pytest.mark.parametrize("kind", ["initiative", "data", "legal", "contact", "partner"])
def test_links_in_text_and_footer_are_underlined(kind: str, served: Served, tab: Page) -> None:
    page = show(tab, served, example_page(served.site, kind), DESKTOP)
    links = page.evaluate(TEXT_LINKS_JS)
    assert len(links) >= 2, links
    plain = [link for link in links if "underline" not in link["decoration"]]
    assert not plain, plain


def test_current_tab_is_marked_without_colour(served: Served, tab: Page) -> None:
    page = show(tab, served, "initiativen/", DESKTOP)
    tabs = page.evaluate(
        """() => [...document.querySelectorAll(".md-tabs__link")].map((a) => ({
            text: a.textContent.trim(),
            current: a.closest(".md-tabs__item--active") !== null,
            decoration: getComputedStyle(a).textDecorationLine,
        }))"""
    )
    current = [item for item in tabs if item["current"]]
    others = [item for item in tabs if not item["current"]]
    assert [item["text"] for item in current] == ["Initiativen"], tabs
    assert others, tabs
    assert "underline" in current[0]["decoration"], tabs
    assert all("underline" not in item["decoration"] for item in others), tabs
