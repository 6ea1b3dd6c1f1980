"""The header search (Pagefind) in headless Chromium, under a strict Content-Security-Policy.

One real build of a small data set in which some words occur in exactly one place: a word only in
one initiative's description, one only in a partner's name, one only in a tag, the singular
"Parkplatz" only in one initiative, and markup-like text in a title and a summary. The site is
indexed with `build_search_index`, served over HTTP with a CSP that allows scripts only from the
site itself, the hashes of the theme's inline scripts and 'wasm-unsafe-eval' (Pagefind's
WebAssembly), and searched through the header box with the keyboard.

The visits of a served site share one browser tab (a new context per test would cost a renderer
process each time); each test loads its page anew there. Routing every request turns the
browser's cache off, so every visit requests all it uses, as a first visit does.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, expect

from plugins.essen.loading import load_site
from plugins.essen.model import Site
from plugins.essen.search_index import (
    BUNDLE_DIR,
    MANIFEST,
    PAGES_PER_BUNDLE,
    SearchIndexError,
    build_search_index,
    bundle_name,
    content_pages,
    split,
)

from ..conftest import (
    assert_built,
    build,
    html_files,
    make_project,
    serve_directory,
    small_data,
    write_data,
)

# Words that occur in exactly one place of the data set below (checked by `test_data_set`).
DESCRIPTION_WORD = "Zauberwürfelsensor"
PARTNER_WORD = "Kristallfunkwerk"
TAG_WORD = "Glühwürmchenzählung"
SINGULAR = "Parkplatz"
PLURAL = "Parkplätze"
TITLE_WITH_MARKUP = "Daten & <b>Dienste</b> <img src=x onerror=alert(1)>"
SUMMARY_WITH_MARKUP = 'Der Nebelkompass zeigt <script>alert("x")</script> & mehr.'
NO_MATCH = "Quxbarfoozel"
SMALL_BUNDLE = 8

INPUT = "#ce-search-input"
RESULTS = "#ce-search-results"
STATUS = "#ce-search-status"


def search_data() -> dict:
    data = small_data()
    data["partners"]["kristall"] = {
        "name": f"{PARTNER_WORD} Essen GmbH",
        "type": "business",
    }
    initiatives = data["initiatives"]
    initiatives["aerztehaus"]["description"] = (
        f"Termine **online** buchen. Im Wartezimmer misst ein {DESCRIPTION_WORD} die Luft."
    )
    initiatives["ampel"]["partners"] = ["lumenkraft", "kristall"]
    initiatives["ampel"]["tags"] = ["Verkehr", TAG_WORD]
    initiatives["zentrum"]["description"] = f"Ein {SINGULAR} pro Straße wird digital erfasst."
    initiatives["markup"] = {
        "title": TITLE_WITH_MARKUP,
        "fields": ["smart-energy"],
        "status": "idea",
        "summary": SUMMARY_WITH_MARKUP,
    }
    return data


@dataclass
class Served:
    site_dir: Path
    site: Site
    base: str
    csp: str


@dataclass
class Visit:
    """A page with everything it did recorded: requests, console messages, errors, dialogs."""

    page: Page
    base: str
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return self.console + self.errors

    def foreign_requests(self) -> list[str]:
        host = urlsplit(self.base).netloc
        return [url for url in self.requests if urlsplit(url).netloc != host]

    def goto(self, url: str, wait_until: Literal["load", "networkidle"] = "load") -> None:
        response = self.page.goto(url, wait_until=wait_until)
        # A new document, not a jump within the last test's page.
        assert response is not None and response.ok, url

    def site_path(self, href: str) -> str:
        """Site-relative path of a link on the page, e.g. `initiativen/ampel/`."""
        absolute = urljoin(self.page.url, href)
        assert absolute.startswith(self.base), absolute
        return absolute[len(self.base) :]


def inline_script_hashes(site_dir: Path) -> set[str]:
    """CSP hashes of every executable inline script on the built site (the theme's)."""
    hashes = set()
    pattern = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
    for path in html_files(site_dir):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            attrs = match["attrs"]
            if "src=" in attrs or re.search(r'type="application/(ld\+)?json"', attrs):
                continue
            digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
            hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return hashes


def content_security_policy(site_dir: Path) -> str:
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(inline_script_hashes(site_dir))])
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {scripts}",
            "worker-src 'self'",
            "connect-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "manifest-src 'self'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Site]:
    tmp = tmp_path_factory.mktemp("search")
    project = make_project(tmp, lambda data_dir: write_data(data_dir, search_data()))
    site_dir = tmp / "site"
    assert_built(build(project, site_dir))
    return site_dir, load_site(project / "data", project)


def serve_indexed(site_dir: Path, site: Site, pages_per_bundle: int) -> Iterator[Served]:
    build_search_index(site_dir, pages_per_bundle)
    csp = content_security_policy(site_dir)
    with serve_directory(site_dir, {"Content-Security-Policy": csp}) as base:
        yield Served(site_dir, site, base, csp)


@pytest.fixture(scope="module")
def served(built: tuple[Path, Site], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The site indexed as one bundle (as every site below PAGES_PER_BUNDLE pages)."""
    site_dir = tmp_path_factory.mktemp("one-bundle") / "site"
    shutil.copytree(built[0], site_dir)
    yield from serve_indexed(site_dir, built[1], PAGES_PER_BUNDLE)


@pytest.fixture(scope="module")
def served_split(
    built: tuple[Path, Site], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """The same site indexed in bundles of at most SMALL_BUNDLE pages, as large sites are."""
    site_dir = tmp_path_factory.mktemp("bundles") / "site"
    shutil.copytree(built[0], site_dir)
    yield from serve_indexed(site_dir, built[1], SMALL_BUNDLE)


class Tab:
    """One tab for the visits of a served site; each test's `Visit` records what it did."""

    def __init__(self, browser: Browser, served: Served) -> None:
        self.served = served
        self.context = browser.new_context()
        # No cache: every visit requests what it uses (and the tests see those requests).
        self.context.route("**/*", lambda route: route.continue_())
        self.page = self.context.new_page()
        self.visit = Visit(self.page, served.base)
        self.page.on("request", lambda request: self.visit.requests.append(request.url))
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.visit.errors.append(str(error)))
        self.page.on("dialog", self._on_dialog)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.visit.console.append(f"{message.type}: {message.text}")

    def _on_dialog(self, dialog: Dialog) -> None:
        # Data must never run as script; an alert() would mean it did.
        self.visit.errors.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def start(self) -> Visit:
        """A new record; what the last test's page still does goes into this one."""
        self.visit = Visit(self.page, self.served.base)
        return self.visit


@pytest.fixture(scope="module")
def tab(browser: Browser, served: Served) -> Iterator[Tab]:
    opened = Tab(browser, served)
    yield opened
    opened.context.close()


@pytest.fixture(scope="module")
def tab_split(browser: Browser, served_split: Served) -> Iterator[Tab]:
    opened = Tab(browser, served_split)
    yield opened
    opened.context.close()


@pytest.fixture
def visit(tab: Tab) -> Visit:
    return tab.start()


@pytest.fixture
def visit_split(tab_split: Tab) -> Visit:
    return tab_split.start()


def initiative_url(site: Site, stem: str) -> str:
    initiative = next(i for i in site.initiatives if Path(i.source).stem == stem)
    return f"initiativen/{initiative.id}/"


def search(visit: Visit, term: str) -> None:
    """Open the search with the keyboard shortcut and type `term`; wait for the answer."""
    page = visit.page
    page.keyboard.press("/")
    expect(page.locator(INPUT)).to_be_focused()
    page.keyboard.type(term)
    # Busy from the first keystroke until the answer to the whole term is shown.
    expect(page.locator(f"{RESULTS}[aria-busy=false]")).to_be_attached()
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^(Keine Treffer|\d+ Treffer)"))


def result_paths(visit: Visit) -> list[str]:
    """Every result's site-relative path, in rank order (shows all results first)."""
    page = visit.page
    more = page.locator("[data-ce-search-more]")
    while more.is_visible():
        count = page.locator(f"{RESULTS} > li").count()
        more.click()
        expect(page.locator(f"{RESULTS} > li")).not_to_have_count(count)
    hrefs = page.locator(f"{RESULTS} a").evaluate_all("links => links.map(a => a.href)")
    return [visit.site_path(href) for href in hrefs]


def assert_clean(visit: Visit) -> None:
    assert visit.problems() == []
    assert visit.foreign_requests() == []


# --------------------------------------------------------------------------- the data set


def test_data_set(served: Served) -> None:
    """The words the searches rely on occur where the tests say, and nowhere else."""
    site = served.site

    def places(word: str) -> list[str]:
        found = []
        for i in site.initiatives:
            texts = {
                "title": i.title,
                "summary": i.summary,
                "description": i.description or "",
                "tags": " ".join(i.tags),
            }
            found += [f"{i.id}.{key}" for key, text in texts.items() if word in text]
        for p in site.partners:
            found += [f"{p.id}.name"] if word in p.name else []
            found += [f"{p.id}.description"] if word in (p.description or "") else []
        return found

    assert places(DESCRIPTION_WORD) == ["aerztehaus.description"]
    assert places(PARTNER_WORD) == ["kristall.name"]
    assert places(TAG_WORD) == ["ampel.tags"]
    assert places(SINGULAR) == ["zentrum.description"]
    assert places(PLURAL) == []


# --------------------------------------------------------------------------- the index


def test_index_covers_content_pages_only(served: Served) -> None:
    """Every initiative page is in the German index, the 404 page is not (it has no marker)."""
    html = (served.site_dir / "initiativen" / "ampel" / "index.html").read_text(encoding="utf-8")
    assert html.count("data-pagefind-body") == 1
    assert "data-pagefind-body" not in (served.site_dir / "404.html").read_text(encoding="utf-8")
    indexed = {p.relative_to(served.site_dir).as_posix() for p in content_pages(served.site_dir)}
    assert {
        f"{initiative_url(served.site, Path(i.source).stem)}index.html"
        for i in served.site.initiatives
    } <= indexed
    assert "404.html" not in indexed
    entry = json.loads(
        (served.site_dir / BUNDLE_DIR / "pagefind-entry.json").read_text(encoding="utf-8")
    )
    assert entry["languages"]["de"]["page_count"] == len(indexed)
    assert (served.site_dir / BUNDLE_DIR / "wasm.de.pagefind").is_file()


def test_index_fails_loudly_without_marked_content(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        "<!doctype html><html lang='de'><body><p>Ohne Markierung</p></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(SearchIndexError, match="data-pagefind-body"):
        build_search_index(tmp_path)


def test_index_fails_loudly_without_site(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match="existiert nicht"):
        build_search_index(tmp_path / "fehlt")


# --------------------------------------------------------------------------- in the browser


def test_cold_page_view_loads_no_search_files(visit: Visit, served: Served) -> None:
    visit.goto(served.base, wait_until="networkidle")
    expect(visit.page.locator(INPUT)).to_be_visible()
    assert [url for url in visit.requests if f"/{BUNDLE_DIR}/" in url] == []
    assert [url for url in visit.requests if "search_index.json" in url] == []
    assert_clean(visit)


def test_word_only_in_description_finds_the_initiative_first(visit: Visit, served: Served) -> None:
    page = visit.page
    visit.goto(served.base + "kontakt/")
    search(visit, DESCRIPTION_WORD)
    expect(page.locator(STATUS)).to_have_text("1 Treffer")
    first = page.locator(f"{RESULTS} a").first
    assert visit.site_path(first.get_attribute("href") or "") == initiative_url(
        served.site, "aerztehaus"
    )
    expect(first.locator("mark")).to_have_text(DESCRIPTION_WORD)

    # Keyboard only: down to the first result, Enter follows it.
    page.keyboard.press("ArrowDown")
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(served.base + initiative_url(served.site, "aerztehaus"))
    expect(page.locator("article h1")).to_have_text("Ärztehaus digital")
    assert_clean(visit)


@pytest.mark.parametrize("word", [PARTNER_WORD, TAG_WORD])
def test_partner_and_tag_words_rank_initiative_pages_above_lists(
    visit: Visit, served: Served, word: str
) -> None:
    visit.goto(served.base)
    search(visit, word)
    paths = result_paths(visit)
    expected = initiative_url(served.site, "ampel")
    assert expected in paths
    overviews = {"", "initiativen/", "handlungsfelder/", "partner/"}
    overviews |= {f"handlungsfelder/{f.id}/" for f in served.site.fields}
    lists = [paths.index(p) for p in paths if p in overviews]
    assert all(paths.index(expected) < position for position in lists), paths
    if word == TAG_WORD:
        assert paths[0] == expected
    assert_clean(visit)


def test_german_stemming_plural_finds_singular(visit: Visit, served: Served) -> None:
    """Pagefind's German (Snowball) stemmer reduces "Parkplätze" and "Parkplatz" to one stem."""
    page = visit.page
    visit.goto(served.base)
    search(visit, PLURAL)
    paths = result_paths(visit)
    assert paths[0] == initiative_url(served.site, "zentrum")
    expect(page.locator(f"{RESULTS} li").first.locator("mark")).to_have_text(SINGULAR)
    assert_clean(visit)


def test_markup_in_data_is_shown_as_text(visit: Visit, served: Served) -> None:
    page = visit.page
    visit.goto(served.base)
    search(visit, "Nebelkompass")
    first = page.locator(f"{RESULTS} li").first
    expect(first.locator(".ce-search-result__title")).to_have_text(TITLE_WITH_MARKUP)
    expect(first.locator(".ce-search-result__teaser")).to_contain_text("& mehr")
    assert page.locator(f"{RESULTS} img, {RESULTS} b, {RESULTS} script").count() == 0
    expect(first.locator("mark")).to_have_text("Nebelkompass")
    assert_clean(visit)


def test_no_match_message_and_escape_closes(visit: Visit, served: Served) -> None:
    page = visit.page
    visit.goto(served.base)
    search(visit, NO_MATCH)
    expect(page.locator(STATUS)).to_have_text("Keine Treffer")
    expect(page.locator(f"{RESULTS} li")).to_have_count(0)
    assert page.locator("#__search").is_checked()
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()
    expect(page.locator(INPUT)).not_to_be_focused()
    assert_clean(visit)


def test_search_stores_nothing_in_the_browser(visit: Visit, served: Served) -> None:
    page = visit.page
    visit.goto(served.base)
    search(visit, DESCRIPTION_WORD)
    expect(page.locator(f"{RESULTS} li")).to_have_count(1)
    stored = page.evaluate(
        """async () => ({
            local: localStorage.length,
            session: sessionStorage.length,
            cookie: document.cookie,
            databases: (await indexedDB.databases()).length,
            caches: (await caches.keys()).length,
        })"""
    )
    assert stored == {"local": 0, "session": 0, "cookie": "", "databases": 0, "caches": 0}
    assert page.context.cookies() == []
    # The search really ran through Pagefind's files, all from this site.
    assert any(f"/{BUNDLE_DIR}/wasm.de.pagefind" in url for url in visit.requests)
    assert any(f"/{BUNDLE_DIR}/fragment/" in url for url in visit.requests)
    assert_clean(visit)


# --------------------------------------------------------------------------- several bundles


def test_split_keeps_order_and_limit() -> None:
    pages = [Path(f"p{n}") for n in range(11)]
    groups = split(pages, 4)
    assert [len(g) for g in groups] == [4, 4, 3]
    assert [p for g in groups for p in g] == pages
    assert split(pages, 11) == [pages]
    assert [len(g) for g in split(pages, 5)] == [4, 4, 3]


def test_bundles_cover_every_content_page_once(served_split: Served) -> None:
    pages = content_pages(served_split.site_dir)
    groups = split(pages, SMALL_BUNDLE)
    assert len(groups) > 1
    manifest = json.loads(
        (served_split.site_dir / BUNDLE_DIR / MANIFEST).read_text(encoding="utf-8")
    )
    assert manifest["bundles"] == [f"../{bundle_name(n)}/" for n in range(2, len(groups) + 1)]
    for number, group in enumerate(groups, start=1):
        bundle = served_split.site_dir / bundle_name(number)
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert entry["languages"]["de"]["page_count"] == len(group)
    assert not (served_split.site_dir / bundle_name(len(groups) + 1)).exists()


@pytest.mark.parametrize(
    ("word", "stem", "marked"),
    [
        (DESCRIPTION_WORD, "aerztehaus", DESCRIPTION_WORD),
        (TAG_WORD, "ampel", TAG_WORD),
        (PLURAL, "zentrum", SINGULAR),
    ],
)
def test_search_merges_bundles(
    visit_split: Visit, served_split: Served, word: str, stem: str, marked: str
) -> None:
    page = visit_split.page
    visit_split.goto(served_split.base)
    search(visit_split, word)
    paths = result_paths(visit_split)
    assert paths[0] == initiative_url(served_split.site, stem)
    # Pagefind marks the whole token, with punctuation that follows it ("Wort." in a list).
    expect(page.locator(f"{RESULTS} li").first.locator("mark").first).to_have_text(
        re.compile(rf"^{re.escape(marked)}\W*$")
    )
    last = bundle_name(len(split(content_pages(served_split.site_dir), SMALL_BUNDLE)))
    assert any(f"/{last}/pagefind-entry.json" in url for url in visit_split.requests)
    assert_clean(visit_split)
