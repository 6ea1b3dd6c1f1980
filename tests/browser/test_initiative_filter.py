"""The filterable initiative index (/initiativen/) in headless Chromium.

Each test runs against two real builds: the repo's sample data and a small data set with umlaut
districts, a partner without short name, an initiative without partners or districts and markup in
its title. Expectations are computed from the loaded data with the rules the script documents:
every search word must occur (umlaut-tolerant) in title, summary, tags, partner labels or
districts; facets combine with AND, options of one facet with OR.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Dialog,
    Locator,
    Page,
    expect,
)

from plugins.essen.loading import load_site
from plugins.essen.model import Initiative, Partner, Site
from plugins.essen.places.gazetteer import GESAMTSTADT, gazetteer
from plugins.essen.rules import STATUS_LABELS

from ..conftest import (
    SampleSite,
    assert_built,
    build,
    make_project,
    serve_with_nginx,
    umlaut_data,
    write_data,
)

INDEX = "initiativen/"
TEXT_PARAM = "suche"

# --------------------------------------------------------------------------- the filter's rules


def fold(text: str) -> str:
    """Same folding as initiatives.js: ß → ss, ä → ae, ö → oe, ü → ue, other accents dropped."""
    text = unicodedata.normalize("NFC", text).lower()
    for umlaut, spelled in (("ß", "ss"), ("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        text = text.replace(umlaut, spelled)
    return "".join(c for c in unicodedata.normalize("NFD", text) if not "\u0300" <= c <= "\u036f")


def partner_label(partner: Partner) -> str:
    return f"{partner.name} ({partner.short_name})" if partner.short_name else partner.name


def searchable(initiative: Initiative) -> str:
    parts = [initiative.title, initiative.summary, *initiative.tags]
    parts += [partner_label(p) for p in initiative.organizations]
    parts += initiative.districts
    return fold(" ".join(parts))


FACETS: dict[str, Callable[[Initiative], set[str]]] = {
    "feld": lambda i: {f.id for f in i.fields},
    "status": lambda i: {i.status},
    "partner": lambda i: {p.id for p in i.organizations},
    "stadtteil": lambda i: set(i.districts),
}


def facet_options(site: Site) -> dict[str, list[tuple[str, str]]]:
    """(value, label) of every option the index must offer, in display order."""
    districts = {d for i in site.initiatives for d in i.districts}
    return {
        "feld": [(f.id, f.name) for f in site.fields if site.initiatives_by_field[f.id]],
        "status": [
            (s, label)
            for s, label in STATUS_LABELS.items()
            if any(i.status == s for i in site.initiatives)
        ],
        "partner": [
            (p.id, partner_label(p)) for p in site.partners if site.initiatives_by_partner[p.id]
        ],
        "stadtteil": [(d, d) for d in sorted(districts, key=district_order)],
    }


def district_order(name: str) -> tuple:
    """Grouped by Stadtbezirk: Gesamtstadt, then each Bezirk (its own name before its Stadtteile
    in the city's order), then names the gazetteer does not know."""
    if name == GESAMTSTADT:
        return (0,)
    bezirk = gazetteer().bezirk_of_name(name)
    if bezirk is None:
        return (2, fold(name))
    names = [bezirk.name] + [s.name for s in bezirk.stadtteile]
    return (1, bezirk.number, names.index(name))


def matches(
    initiative: Initiative, text: str, selected: dict[str, list[str]], skip: str | None = None
) -> bool:
    haystack = searchable(initiative)
    if not all(word in haystack for word in fold(text).split()):
        return False
    return all(
        not values or bool(FACETS[facet](initiative) & set(values))
        for facet, values in selected.items()
        if facet != skip
    )


def expected_ids(site: Site, text: str = "", **selected: list[str]) -> list[str]:
    return [i.id for i in site.initiatives if matches(i, text, selected)]


def expected_counts(site: Site, text: str = "", **selected: list[str]) -> dict[str, dict[str, int]]:
    """Per option: the matches if it were chosen too, given the text and the other facets."""
    counts = {
        facet: {value: 0 for value, _ in options} for facet, options in facet_options(site).items()
    }
    for initiative in site.initiatives:
        for facet, values_of in FACETS.items():
            if matches(initiative, text, selected, skip=facet):
                for value in values_of(initiative):
                    counts[facet][value] += 1
    return counts


# --------------------------------------------------------------------------- data sets


@dataclass
class Served:
    name: str
    url: str
    site: Site

    @property
    def index(self) -> str:
        return self.url + INDEX

    @property
    def total(self) -> int:
        return len(self.site.initiatives)


@pytest.fixture(scope="module", params=["beispieldaten", "umlautdaten"])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    # The production server rules (CSP and all headers): the filter must work under them.
    if request.param == "beispieldaten":
        # The shared build of the repo's project and its nginx (conftest), read only.
        sample: SampleSite = request.getfixturevalue("sample_site")
        url = request.getfixturevalue("sample_nginx")
        yield Served(request.param, url, load_site(sample.project / "data", sample.project))
        return
    tmp = tmp_path_factory.mktemp(request.param)
    project = make_project(tmp, lambda d: write_data(d, umlaut_data()))
    site_dir = tmp / "site"
    assert_built(build(project, site_dir))
    site = load_site(project / "data", project)
    with serve_with_nginx(site_dir, tmp / "nginx") as url:
        yield Served(request.param, url, site)


class Watched:
    """Console errors, uncaught exceptions, dialogs and requests to other hosts of a page."""

    def __init__(self, page: Page, origin: str) -> None:
        self.problems: list[str] = []
        page.on("console", lambda m: self.problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: self.problems.append(f"pageerror: {error}"))
        page.on("dialog", self._dialog)
        page.on("request", lambda r: self._request(r.url, origin))

    def _dialog(self, dialog: Dialog) -> None:
        self.problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def _request(self, url: str, origin: str) -> None:
        if not url.startswith(origin):
            self.problems.append(f"request to another host: {url}")


@pytest.fixture(scope="module")
def context(browser: Browser, served: Served) -> Iterator[BrowserContext]:
    # One context per data set: the script stores nothing (tested), so pages cannot leak state.
    opened = browser.new_context(viewport={"width": 1280, "height": 900})
    yield opened
    opened.close()


@pytest.fixture
def page(context: BrowserContext, served: Served) -> Iterator[Page]:
    """A fresh page on the index; every test also fails on console errors (checked at teardown)."""
    opened = context.new_page()
    watched = Watched(opened, served.url)
    opened.goto(served.index)
    expect(opened.locator("#ce-count")).to_have_text(
        f"{served.total} von {served.total} Initiativen"
    )
    yield opened
    opened.close()
    assert watched.problems == []


# --------------------------------------------------------------------------- page helpers


def css_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def checkbox(page: Page, param: str, value: str) -> Locator:
    return page.locator(f"#ce-filter input[name={css_string(param)}][value={css_string(value)}]")


def visible_ids(page: Page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "#ce-ix > li",
        "rows => rows.filter(r => r.checkVisibility()).map(r => r.querySelector('a').getAttribute('href'))",
    )
    return [href.rstrip("/") for href in hrefs]


def assert_shows(page: Page, served: Served, ids: list[str]) -> None:
    # The count is awaited first: it is written after the rows, in the same task.
    expect(page.locator("#ce-count")).to_have_text(f"{len(ids)} von {served.total} Initiativen")
    assert visible_ids(page) == ids


def form_state(page: Page) -> tuple[str, dict[str, list[str]]]:
    boxes = page.eval_on_selector_all(
        "#ce-filter input[type=checkbox]",
        "bs => bs.filter(b => b.checked).map(b => [b.name, b.value])",
    )
    selected: dict[str, list[str]] = {}
    for name, value in boxes:
        selected.setdefault(name, []).append(value)
    return page.locator("#ce-q").input_value(), selected


def option_counts(page: Page) -> dict[str, dict[str, int]]:
    rows = page.eval_on_selector_all(
        "#ce-filter input[type=checkbox]",
        "bs => bs.map(b => [b.name, b.value, b.parentNode.textContent])",
    )
    counts: dict[str, dict[str, int]] = {}
    for name, value, label in rows:
        found = re.search(r"\((\d+)\)$", label)
        assert found, label
        counts.setdefault(name, {})[value] = int(found.group(1))
    return counts


def select(page: Page, text: str = "", **selected: list[str]) -> None:
    if text:
        page.locator("#ce-q").fill(text)
    for param, values in selected.items():
        for value in values:
            checkbox(page, param, value).check()


def queries(site: Site) -> list[str]:
    """Search texts derived from the data: a title word, a tag, a partner, districts spelled
    with and without umlauts, two words at once, and upper case."""
    first, last = site.initiatives[0], site.initiatives[-1]
    result = [max(first.title.split(), key=len), last.summary.split()[-1].strip(".")]
    tags = [t for i in site.initiatives for t in i.tags]
    if tags:
        result.append(tags[-1].upper())
    partners = [p for i in site.initiatives for p in i.organizations]
    if partners:
        result.append(partners[-1].short_name or partners[-1].name.split()[0])
    districts = sorted({d for i in site.initiatives for d in i.districts})
    for district in districts:
        if fold(district) != district.lower():
            result.append(district)
            result.append(fold(district))
            break
    spelled = [w for i in site.initiatives for w in i.title.split() if "ß" in w or "ä" in w]
    if spelled:
        result.append(fold(spelled[0]).strip(".,"))
    result.append(f"{first.title.split()[0]} {first.summary.split()[1]}")
    return result


# --------------------------------------------------------------------------- without JavaScript


def test_without_javascript_every_initiative_is_listed(browser: Browser, served: Served) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    watched = Watched(page, served.url)
    page.goto(served.index)
    assert not page.locator("#ce-filter").is_visible()
    rows = page.locator("#ce-ix > li")
    expect(rows).to_have_count(served.total)
    links = page.eval_on_selector_all(
        "#ce-ix > li.ce-card .ce-card__link", "as => as.map(a => a.getAttribute('href'))"
    )
    assert links == [f"{i.id}/" for i in served.site.initiatives]
    for position, initiative in enumerate(served.site.initiatives):
        row = rows.nth(position)
        expect(row).to_be_visible()
        expect(row.locator("a").first).to_have_text(initiative.title)
        text = row.text_content() or ""
        assert initiative.summary in text
        assert initiative.status_label in text
        for item in initiative.fields:
            assert item.name in text
    context.close()
    assert watched.problems == []


# --------------------------------------------------------------------------- with JavaScript


def test_script_reveals_labelled_controls(page: Page, served: Served) -> None:
    expect(page.locator("#ce-filter")).to_be_visible()
    expect(page.get_by_role("searchbox", name=re.compile("^Suche in Titel"))).to_be_visible()
    count = page.locator("#ce-count")
    expect(count).to_have_attribute("aria-live", "polite")
    legends = {
        "feld": "Handlungsfeld",
        "status": "Stand",
        "partner": "Partner",
        "stadtteil": "Stadtteil",
    }
    for param, options in facet_options(served.site).items():
        group = page.get_by_role("group", name=legends[param], exact=True)
        boxes = group.get_by_role("checkbox")
        expect(boxes).to_have_count(len(options))
        for position, (value, label) in enumerate(options):
            # Playwright writes the pattern as /…/: a slash (Stadtbezirk names) must be escaped.
            pattern = re.escape(label).replace("/", "\\/")
            named = group.get_by_role("checkbox", name=re.compile(rf"^{pattern} \(\d+\)$"))
            expect(named).to_have_count(1)
            expect(boxes.nth(position)).to_have_attribute("value", value)
    assert visible_ids(page) == [i.id for i in served.site.initiatives]


def test_text_filter_shows_exactly_the_matching_initiatives(page: Page, served: Served) -> None:
    search = page.locator("#ce-q")
    for text in queries(served.site):
        search.fill(text)
        expected = expected_ids(served.site, text)
        assert expected, f"query {text!r} should match something in the data"
        assert_shows(page, served, expected)
    search.fill("zzqx-nichts")
    assert_shows(page, served, [])


def test_umlaut_spellings_find_the_same_initiatives(page: Page, served: Served) -> None:
    search = page.locator("#ce-q")
    for text in ("strasse", "Straße", "STRASSE"):
        search.fill(text)
        expected = expected_ids(served.site, text)
        assert expected
        assert_shows(page, served, expected)
    if served.name == "umlautdaten":
        for spelled, written in (("ruettenscheid", "Rüttenscheid"), ("groesse", "Größe")):
            search.fill(spelled)
            assert_shows(page, served, expected_ids(served.site, written))
        search.fill("cafe")
        assert_shows(page, served, ["ofen"])
        # Markup in a title is text: searchable, and never an element.
        search.fill("<img")
        assert_shows(page, served, ["markup"])
        assert page.locator("#ce-ix .ce-card__body img").count() == 0


def test_each_facet_alone_shows_exactly_the_matching_initiatives(
    page: Page, served: Served
) -> None:
    for param, options in facet_options(served.site).items():
        for value, _ in options:
            box = checkbox(page, param, value)
            box.check()
            expected = expected_ids(served.site, **{param: [value]})
            assert expected
            assert_shows(page, served, expected)
            box.uncheck()
    assert_shows(page, served, [i.id for i in served.site.initiatives])


def pick_combination(site: Site) -> tuple[str, str, str, str]:
    """Two fields whose union is larger than each, a status that narrows that union, and a
    district that some of the narrowed initiatives have."""
    fields = sorted(
        (f.id for f in site.fields if site.initiatives_by_field[f.id]),
        key=lambda f: -len(site.initiatives_by_field[f]),
    )
    by_id = {i.id: i for i in site.initiatives}
    for a in fields:
        for b in fields:
            union = expected_ids(site, feld=[a, b])
            if a == b or len(union) <= max(len(expected_ids(site, feld=[x])) for x in (a, b)):
                continue
            for status in STATUS_LABELS:
                narrowed = expected_ids(site, feld=[a, b], status=[status])
                districts = [d for i in narrowed for d in by_id[i].districts]
                if 0 < len(narrowed) < len(union) and districts:
                    return a, b, status, districts[-1]
    raise AssertionError("data set offers no combination to test")


def test_facets_combine_with_and_and_options_with_or(page: Page, served: Served) -> None:
    site = served.site
    a, b, status, district = pick_combination(site)
    select(page, feld=[a])
    assert_shows(page, served, expected_ids(site, feld=[a]))
    select(page, feld=[b])
    union = expected_ids(site, feld=[a, b])
    assert set(union) == set(expected_ids(site, feld=[a])) | set(expected_ids(site, feld=[b]))
    assert_shows(page, served, union)
    select(page, status=[status])
    both = expected_ids(site, feld=[a, b], status=[status])
    assert set(both) == set(union) & set(expected_ids(site, status=[status]))
    assert_shows(page, served, both)
    select(page, stadtteil=[district])
    assert_shows(
        page, served, expected_ids(site, feld=[a, b], status=[status], stadtteil=[district])
    )


def test_option_counts_follow_the_other_filters(page: Page, served: Served) -> None:
    site = served.site
    assert option_counts(page) == expected_counts(site)
    a, _, status, _ = pick_combination(site)
    select(page, feld=[a], status=[status])
    assert_shows(page, served, expected_ids(site, feld=[a], status=[status]))
    assert option_counts(page) == expected_counts(site, feld=[a], status=[status])
    text = queries(site)[0]
    select(page, text)
    assert_shows(page, served, expected_ids(site, text, feld=[a], status=[status]))
    assert option_counts(page) == expected_counts(site, text, feld=[a], status=[status])


def test_url_carries_the_state_and_restores_it_in_a_new_page(
    browser: Browser, page: Page, served: Served
) -> None:
    site = served.site
    a, b, status, district = pick_combination(site)
    by_id = {i.id: i for i in site.initiatives}
    first = by_id[expected_ids(site, feld=[a, b], status=[status], stadtteil=[district])[0]]
    text = max(first.title.split(), key=len)[:5]
    select(page, text, feld=[a, b], status=[status], stadtteil=[district])
    expected = expected_ids(site, text, feld=[a, b], status=[status], stadtteil=[district])
    assert expected
    assert_shows(page, served, expected)
    params = parse_qs(urlsplit(page.url).query)
    assert params == {
        TEXT_PARAM: [text],
        "feld": sorted([a, b], key=[f.id for f in site.fields].index),
        "status": [status],
        "stadtteil": [district],
    }

    context = browser.new_context()
    other = context.new_page()
    watched = Watched(other, served.url)
    other.goto(page.url)
    assert_shows(other, served, expected)
    assert form_state(other) == form_state(page)
    assert form_state(other)[0] == text
    # Only the reset button clears it all, and the URL with it.
    other.get_by_role("button", name="Alle Filter zurücksetzen").click()
    assert_shows(other, served, [i.id for i in site.initiatives])
    assert form_state(other) == ("", {})
    assert urlsplit(other.url).query == ""
    context.close()
    assert watched.problems == []


def test_a_hand_written_link_selects_options(browser: Browser, served: Served) -> None:
    site = served.site
    options = facet_options(site)
    district = options["stadtteil"][-1][0]
    partner = options["partner"][0][0]
    context = browser.new_context()
    page = context.new_page()
    watched = Watched(page, served.url)
    # Unknown values are ignored; umlauts and quotes in values arrive percent-encoded.
    page.goto(
        served.index
        + "?"
        + "&".join(
            [
                f"partner={partner}",
                "partner=gibt-es-nicht",
                "stadtteil=" + quote(district, safe=""),
            ]
        )
    )
    assert_shows(page, served, expected_ids(site, partner=[partner], stadtteil=[district]))
    assert form_state(page) == ("", {"partner": [partner], "stadtteil": [district]})
    context.close()
    assert watched.problems == []


def test_back_button_restores_the_previous_selection(page: Page, served: Served) -> None:
    site = served.site
    a, _, status, _ = pick_combination(site)
    everything = [i.id for i in site.initiatives]
    select(page, feld=[a])
    assert_shows(page, served, expected_ids(site, feld=[a]))
    select(page, status=[status])
    assert_shows(page, served, expected_ids(site, feld=[a], status=[status]))
    # Typing a word is one step back, not one per key.
    word = queries(site)[0]
    page.locator("#ce-q").press_sequentially(word)
    assert_shows(page, served, expected_ids(site, word, feld=[a], status=[status]))

    page.go_back()
    assert_shows(page, served, expected_ids(site, feld=[a], status=[status]))
    assert form_state(page) == ("", {"feld": [a], "status": [status]})
    page.go_back()
    assert_shows(page, served, expected_ids(site, feld=[a]))
    assert form_state(page) == ("", {"feld": [a]})
    page.go_back()
    assert_shows(page, served, everything)
    assert form_state(page) == ("", {})
    page.go_forward()
    assert_shows(page, served, expected_ids(site, feld=[a]))
    assert form_state(page) == ("", {"feld": [a]})


def test_keyboard_reaches_search_and_options_and_space_toggles(page: Page, served: Served) -> None:
    def tab_until(condition: str, limit: int) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(condition):
                return
        raise AssertionError(f"Tab never reached {condition}")

    # Start after the header (a click sets Chromium's sequential focus starting point), so the
    # test is about this page's controls, not the header search.
    # (Its first word: the lead ends with links by place, which a click in its middle could hit.)
    page.locator(".ce-lead").click(position={"x": 2, "y": 2})
    tab_until("document.activeElement.id === 'ce-q'", limit=3)
    word = queries(served.site)[0]
    page.keyboard.type(word)
    assert_shows(page, served, expected_ids(served.site, word))
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    assert_shows(page, served, [i.id for i in served.site.initiatives])

    tab_until("document.activeElement.type === 'checkbox'", limit=3)
    focused = page.evaluate("[document.activeElement.name, document.activeElement.value]")
    # Focus must be visible: an outline drawn by the stylesheet.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in {"none", ""}
    page.keyboard.press("Space")
    param, value = focused
    assert checkbox(page, param, value).is_checked()
    assert_shows(page, served, expected_ids(served.site, **{param: [value]}))
    page.keyboard.press("Space")
    assert not checkbox(page, param, value).is_checked()
    assert_shows(page, served, [i.id for i in served.site.initiatives])


def test_filter_and_list_pass_axe_wcag_aa(page: Page, served: Served) -> None:
    a, _, status, _ = pick_combination(served.site)
    select(page, feld=[a], status=[status])
    results = Axe().run(
        page,
        context={"include": [["#ce-filter"], ["#ce-count"], ["#ce-ix"]]},
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            "resultTypes": ["violations"],
        },
    )
    assert results.violations_count == 0, results.generate_report()


def test_nothing_is_stored_in_the_browser(page: Page, served: Served) -> None:
    a, _, _, _ = pick_combination(served.site)
    select(page, queries(served.site)[0], feld=[a])
    stored = page.evaluate("[document.cookie, localStorage.length, sessionStorage.length]")
    assert stored == ["", 0, 0]


def test_script_is_quiet_on_other_pages(context: BrowserContext, served: Served) -> None:
    other = context.new_page()
    watched = Watched(other, served.url)
    for url in ("", "handlungsfelder/", f"initiativen/{served.site.initiatives[0].id}/"):
        other.goto(served.url + url)
        expect(other.locator("h1").first).to_be_visible()
        assert other.locator("#ce-count").count() == 0
    other.close()
    assert watched.problems == []
