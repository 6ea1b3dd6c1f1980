"""Shared helpers: projects in temporary folders, small data sets, builds and HTML parsing."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
import yaml
from playwright.sync_api import Browser, sync_playwright

from plugins.essen.loading import id_from_filename, load_site
from plugins.essen.model import Initiative, Site
from plugins.essen.pages.places import place_index

REPO = Path(__file__).parents[1]
SITE_ROOT = "https://site.invalid/"

# --------------------------------------------------------------------------- order of the files

# The longest files first (seconds alone, tree CPU or wall where they mostly wait; Dec 2026). With
# `-n 2 --dist loadfile` a worker takes the next file when it is done; xdist would otherwise
# hand out files by their number of tests, and a long file with few tests (the form editor,
# publish, the property tests) came last and ran alone at the end. Files not listed follow in
# collection order; the many short unit files then fill the end.
LONGEST_FIRST = [
    "tests/browser/test_accessibility.py",
    "tests/deploy/test_publish.py",
    "tests/browser/test_form_editor.py",
    "tests/browser/test_initiative_filter.py",
    "tests/conformance/test_pa11y.py",
    "tests/property/test_hostile_data.py",
    "tests/conformance/test_layout_shift.py",
    "tests/site/test_broken_cases.py",
    "tests/browser/test_privacy.py",
    "tests/browser/test_search.py",
    "tests/conformance/test_vnu.py",
    "tests/deploy/test_nginx.py",
    "tests/site/test_build.py",
    "tests/site/test_quiet_builds.py",
]


def pytest_configure(config: pytest.Config) -> None:
    # Keep the order below instead of xdist's (by number of tests per file).
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {path: number for number, path in enumerate(LONGEST_FIRST)}
    # Stable: the tests of a file stay together and in their order.
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


# --------------------------------------------------------------------------- projects


# Every build of the sample data processes the same images: one cache for all test builds
# (named by content hashes, so sharing it is safe). Tests of the cache itself set their own.
os.environ.setdefault("ESSEN_IMAGE_CACHE", str(REPO / ".cache" / "essen-images-tests"))


def make_project(tmp_dir: Path, data_writer: Callable[[Path], object] | None = None) -> Path:
    """Copy the repo's mkdocs.yml, docs/ and overrides/ into `tmp_dir/project`, then write data/.

    `data_writer(data_dir)` fills the (already created) data folder; without it the repo's own
    sample data is copied.
    """
    project = Path(tmp_dir) / "project"
    project.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copytree(REPO / "overrides", project / "overrides")
    data_dir = project / "data"
    if data_writer is None:
        shutil.copytree(REPO / "data", data_dir)
    else:
        data_dir.mkdir()
        data_writer(data_dir)
    return project


class _NoAliasDumper(yaml.SafeDumper):
    """Writes shared values out in full: data files refuse YAML anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def dump_yaml(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=1000),
        encoding="utf-8",
    )


def write_data(data_dir: Path, data: dict) -> dict:
    """Write a data set given as {"fields": [...], "contacts": [...], "partners": {stem: {...}},
    "initiatives": {stem: {...}}} and return it unchanged. Optional: "news" {file name: front
    matter dict, or the whole file as text} and "events" {stem: {...}} (folders only if given)."""
    dump_yaml(data_dir / "fields.yml", data["fields"])
    dump_yaml(data_dir / "contacts.yml", data["contacts"])
    (data_dir / "partners").mkdir(parents=True, exist_ok=True)
    (data_dir / "initiatives").mkdir(parents=True, exist_ok=True)
    for stem, partner in data["partners"].items():
        dump_yaml(data_dir / "partners" / f"{stem}.yml", partner)
    for stem, initiative in data["initiatives"].items():
        dump_yaml(data_dir / "initiatives" / f"{stem}.yml", initiative)
    if "news" in data:
        (data_dir / "news").mkdir(parents=True, exist_ok=True)
        for name, item in data["news"].items():
            text = item if isinstance(item, str) else news_file(item)
            (data_dir / "news" / name).write_text(text, encoding="utf-8")
    if "events" in data:
        (data_dir / "events").mkdir(parents=True, exist_ok=True)
        for stem, event in data["events"].items():
            dump_yaml(data_dir / "events" / f"{stem}.yml", event)
    return data


def news_file(front: dict, body: str | None = None) -> str:
    """A news item's file: `front` as YAML front matter, then `body` (default: front's "body"
    key, which is taken out of the front matter)."""
    front = dict(front)
    text = front.pop("body", "") if body is None else body
    dumped = yaml.dump(
        front, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=1000
    )
    return f"---\n{dumped}---\n{text}"


def small_data() -> dict:
    """A small valid data set: 3 fields, 4 partners of different types, 3 contacts, 5 initiatives.

    Partner and initiative file stems equal their ids except where noted, so tests can map them
    with `id_from_filename`.
    """
    return copy.deepcopy(_SMALL_DATA)


_SMALL_DATA: dict = {
    "fields": [
        {
            "id": "smart-living",
            "name": "Smart Living",
            "summary": "Gut wohnen in den Quartieren.",
            "description": "Wohnen **und** Quartiere.",
            "icon": "material/home-city",
        },
        {
            "id": "smart-mobility",
            "name": "Smart Mobility",
            "summary": "Bus, Bahn und Rad vernetzt.",
            "description": "Mobilität für alle.",
            "icon": "material/bus",
        },
        {
            "id": "smart-energy",
            "name": "Smart Energy",
            "summary": "Energie klug nutzen.",
            "description": "Strom und *Wärme*.",
        },
    ],
    "partners": {
        "stadt-essen": {
            "name": "Stadt Essen",
            "type": "administration",
            "website": "https://www.essen.de/",
            "description": "Die Stadtverwaltung.",
        },
        "evv": {
            "name": "Essener Versorgungs- und Verkehrsgesellschaft mbH",
            "short_name": "EVV",
            "type": "municipal-company",
        },
        "lumenkraft": {"name": "Lumenkraft Sensorik GmbH", "type": "startup"},
        "uni": {"name": "Universität Duisburg-Essen", "type": "research"},
    },
    # A non-leader comes first in the file: the contact page must still list leaders first.
    "contacts": [
        {
            "id": "adelskamp",
            "name": "Herr Adelskamp",
            "role": "Chief Digital Officer",
            "organization": "stadt-essen",
            "phone": "+49 201 8888109",
        },
        {
            "id": "leiterin",
            "name": "Frau Leiterin",
            "role": "Stadtdirektorin",
            "organization": "stadt-essen",
            "leadership": True,
        },
        {
            "id": "projektteam",
            "name": "Projektteam Sensorik",
            "role": "Projektleitung",
            "organization": "lumenkraft",
            "phone": "+49 (201) 555-0101",
            "email": "sensorik@example.org",
        },
    ],
    "initiatives": {
        "aerztehaus": {
            "title": "Ärztehaus digital",
            "fields": ["smart-living"],
            "status": "pilot",
            "summary": "Ein Ärztehaus mit digitaler Terminvergabe.",
            "description": "Termine **online** buchen.",
            "lead": "stadt-essen",
            "partners": ["evv", "uni"],
            "contacts": ["adelskamp", "projektteam"],
            "featured": True,
        },
        "ampel": {
            "title": "Ampelschaltung",
            "fields": ["smart-mobility", "smart-energy"],
            "status": "planning",
            "summary": "Ampeln schalten nach dem Verkehr.",
            "lead": "evv",
            "partners": ["lumenkraft"],
        },
        "zentrum": {
            "title": "Zentrum vernetzt",
            "fields": ["smart-living"],
            "status": "idea",
            "summary": "Die Innenstadt wird vernetzt.",
            "partners": ["stadt-essen"],
        },
        "oekostrom": {
            "title": "Ökostrom-Monitor",
            "fields": ["smart-energy"],
            "status": "completed",
            "summary": "Zeigt, wie viel Ökostrom erzeugt wird.",
            "lead": "lumenkraft",
            "start": "2022-01",
            "end": "2023-06",
            "featured": True,
        },
        "ofen": {
            "title": "Ofen-Tausch",
            "fields": ["smart-energy", "smart-living"],
            "status": "implementation",
            "summary": "Alte Öfen werden ersetzt.",
            "lead": "uni",
            "contacts": ["leiterin"],
            "links": [{"title": "Stadt Essen", "url": "https://www.essen.de/"}],
            "updated": dt.date(2025, 1, 15),
        },
    },
}


def write_small_data(data_dir: Path) -> dict:
    return write_data(data_dir, small_data())


# --------------------------------------------------------------------------- builds


def sigint_as_in_a_terminal() -> None:
    """`preexec_fn` for a process a test stops with Ctrl+C: a suite started in the background by a
    shell without job control inherits SIGINT ignored, and the process would never stop."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop_process(process: subprocess.Popen, timeout: float = 20) -> None:
    """Terminate a server started by a test; kill it if it does not end in time."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def build_command(project: Path, site_dir: Path) -> list[str]:
    """`mkdocs build --strict` of a project into `site_dir`, as maintainers run it."""
    return [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        str(project / "mkdocs.yml"),
        "-d",
        str(site_dir),
    ]


def build(project: Path, site_dir: Path | None = None) -> subprocess.CompletedProcess:
    site_dir = site_dir if site_dir is not None else project / "site"
    return subprocess.run(
        build_command(project, site_dir),
        capture_output=True,
        text=True,
        cwd=project,
        # Material 9.8 prints an end-of-life banner that contains the word WARNING; its own
        # switch turns it off so that real warnings stand out.
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def assert_built(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr


def html_files(site_dir: Path) -> list[Path]:
    """The site's pages. Not /admin/: the form editor is an app for editors (no theme, footer
    or sitemap entry), checked in tests/browser/test_form_editor.py."""
    return sorted(
        path for path in site_dir.rglob("*.html") if path.relative_to(site_dir).parts[0] != "admin"
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# --------------------------------------------------------------------------- the repo's site, built once


@dataclass
class SampleSite:
    """The repo's own project (mkdocs.yml, docs/, overrides/, data/), built once per test
    process (each xdist worker has its own) for every test file that needs exactly that site.

    Shared: never change `project` or `site_dir`; `copy_site` gives a copy to add files to.
    """

    project: Path
    site_dir: Path
    days: tuple[dt.date, dt.date]  # the build ran between these two days

    @functools.cached_property
    def site(self) -> Site:
        return load_site(self.project / "data", self.project)

    def copy_site(self, destination: Path) -> Path:
        shutil.copytree(self.site_dir, destination)
        return destination


def fingerprint(folder: Path) -> dict[str, str]:
    """A digest per file: shows afterwards whether anything in `folder` was changed."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SampleSite]:
    tmp = tmp_path_factory.mktemp("sample-site")
    project = make_project(tmp)
    site_dir = tmp / "site"
    before = dt.date.today()
    assert_built(build(project, site_dir))
    after = dt.date.today()
    prints = (fingerprint(project), fingerprint(site_dir))
    yield SampleSite(project, site_dir, (before, after))
    # Other test files read the same site: one that changed it would change what they test.
    changed = []
    for root, old in zip((project, site_dir), prints, strict=True):
        now = fingerprint(root)
        changed += [f"{root.name}/{n}" for n in sorted(old | now) if old.get(n) != now.get(n)]
    assert not changed, f"a test changed the shared sample site (use copy_site): {changed}"


@pytest.fixture(scope="session")
def sample_nginx(
    sample_site: SampleSite, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The sample site served by deploy/run-nginx (production CSP and headers); its base URL."""
    with serve_with_nginx(sample_site.site_dir, tmp_path_factory.mktemp("sample-nginx")) as url:
        yield url


# --------------------------------------------------------------------------- HTML

VOID_TAGS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
}  # fmt: skip


class Node:
    """An element of a parsed HTML document: tag, attributes and children (nodes or text)."""

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Node | str] = []

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str) -> list[Node]:
        return [node for node in self.iter() if node.tag == tag]

    def find(self, tag: str) -> Node | None:
        return next((node for node in self.iter() if node.tag == tag), None)

    def by_id(self, element_id: str) -> Node | None:
        return next((node for node in self.iter() if node.attrs.get("id") == element_id), None)

    def ids(self) -> list[str]:
        return [str(node.attrs["id"]) for node in self.iter() if node.attrs.get("id")]

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def hrefs(self) -> list[str]:
        return [str(a.attrs["href"]) for a in self.find_all("a") if a.attrs.get("href")]

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID_TAGS:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


class Page:
    """A built HTML page with the helpers the tests need."""

    def __init__(self, site_dir: Path, rel_path: str) -> None:
        self.rel_path = rel_path
        self.path = site_dir / rel_path
        self.source = self.path.read_text(encoding="utf-8")
        self.root = parse_html(self.source)

    @property
    def content(self) -> Node:
        """The page's article (the generated or written content), without theme chrome."""
        article = self.root.find("article")
        assert article is not None, f"{self.rel_path} has no <article>"
        return article

    @property
    def title(self) -> str:
        node = self.root.find("title")
        assert node is not None
        return node.text()

    @property
    def h1(self) -> str:
        headings = self.content.find_all("h1")
        assert len(headings) == 1, f"{self.rel_path}: {len(headings)} h1 elements"
        return headings[0].text()

    @property
    def meta_description(self) -> str | None:
        for meta in self.root.find_all("meta"):
            if meta.attrs.get("name") == "description":
                return meta.attrs.get("content")
        return None

    def by_id(self, element_id: str) -> Node | None:
        return self.root.by_id(element_id)

    def resolve(self, href: str) -> str:
        """Site-relative target of a link on this page (fragment kept), e.g. `partner/evv/`."""
        absolute = urljoin(SITE_ROOT + self.rel_path, href)
        if not absolute.startswith(SITE_ROOT):
            return absolute
        return absolute[len(SITE_ROOT) :]

    def targets(self, node: Node | None = None) -> set[str]:
        """Resolved targets of all links in `node` (default: the article)."""
        node = node if node is not None else self.content
        return {self.resolve(href) for href in node.hrefs()}


JSON_SCRIPT_TYPES = {"application/ld+json", "application/json"}


def unsafe_markup(tree: Node) -> list[str]:
    """Active content in a parsed document: event attributes, `javascript:` URLs, scripts.

    Scripts are allowed only as JSON data blocks whose content parses as JSON (data in them
    could otherwise close the element) or as theme scripts that call no `alert(`.
    """
    found = []
    for node in tree.iter():
        for name, value in node.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"event attribute {name} on {node}")
            if name.lower() in {"href", "src", "action", "formaction", "xlink:href"} and (
                (value or "").strip().lower().startswith("javascript:")
            ):
                found.append(f"javascript: URL on {node}")
        if node.tag == "script":
            if node.attrs.get("type") in JSON_SCRIPT_TYPES:
                try:
                    json.loads(node.text())
                except ValueError:
                    found.append(f"JSON script that is no JSON: {node.text()[:200]!r}")
            elif "alert(" in node.text():
                found.append(f"script with data: {node.text()[:200]!r}")
    return found


def page_path(url: str) -> str:
    """`initiativen/x/` → `initiativen/x/index.html`; `` → `index.html`."""
    url = urldefrag(url).url
    return url + "index.html" if url.endswith("/") or not url else url


def line_of(text: str, startswith: str, occurrence: int = 1) -> int:
    """1-based number of the `occurrence`-th line of `text` that starts (after spaces) with it."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(startswith):
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"no line starts with {startswith!r}")


# --------------------------------------------------------------------------- page kinds
# Which pages stand for each kind of page, derived from the data: the accessibility, pa11y and
# layout-shift tests check the same set.

LEGAL_PAGES = ("impressum/", "datenschutz/", "barrierefreiheit/", "leichte-sprache/")


def richness(initiative: Initiative) -> int:
    """How much an initiative page shows: the richest one exercises most of the template."""
    return (
        len(initiative.partners)
        + len(initiative.contacts)
        + len(initiative.links)
        + len(initiative.tags)
        + len(initiative.districts)
        + bool(initiative.description)
        + bool(initiative.start or initiative.end)
        + bool(initiative.updated)
    )


def richest_initiative(site: Site) -> Initiative:
    return max(site.initiatives, key=lambda i: (richness(i), i.id))


def example_page(site: Site, kind: str) -> str:
    """One page of a kind for the keyboard checks: for initiatives the one with the most links."""
    if kind == "initiative":
        return f"initiativen/{richest_initiative(site).id}/"
    return pages_of_kind(site, kind)[0]


def pages_of_kind(site: Site, kind: str) -> list[str]:
    """Site-relative URLs of a page kind; detail kinds cover their data as described above."""
    if kind == "home":
        return [""]
    if kind == "about":
        return ["ueber/"]
    if kind == "field-overview":
        return ["handlungsfelder/"]
    if kind == "field":
        return [f"handlungsfelder/{field.id}/" for field in site.fields]
    if kind == "index":
        return ["initiativen/"]
    if kind == "initiative":
        # Bounded, however many initiatives the data holds: per status the richest page (all
        # optional parts present) and the sparsest (most of them absent).
        chosen: dict[str, None] = {}
        for status in sorted({i.status for i in site.initiatives}):
            group = sorted(
                (i for i in site.initiatives if i.status == status),
                key=lambda i: (richness(i), i.id),
            )
            chosen.update(
                {f"initiativen/{group[-1].id}/": None, f"initiativen/{group[0].id}/": None}
            )
        return list(chosen)
    if kind == "places":
        return ["stadtteile/"]
    if kind == "bezirk":
        # The Bezirk with the most initiatives and the one with the fewest (empty sections).
        groups = sorted(place_index(site).bezirke, key=lambda g: (g.count, g.bezirk.number))
        return list(dict.fromkeys(f"stadtteile/{g.bezirk.slug}/" for g in (groups[-1], groups[0])))
    if kind == "map":
        return ["karte/"]
    if kind == "partner-directory":
        return ["partner/"]
    if kind == "partner":
        by_type: dict[str, str] = {}
        for partner in site.partners:
            by_type.setdefault(partner.type, f"partner/{partner.id}/")
        return list(by_type.values())
    if kind == "news-index":
        return ["aktuelles/"]
    if kind == "news":
        # An item with an image and one without (the list and page show both forms).
        chosen = {}
        for item in site.news:
            chosen.setdefault(item.image is not None, f"aktuelles/{item.slug}/")
        return list(chosen.values())
    if kind == "events-index":
        return ["termine/"]
    if kind == "event":
        # One of each form: with a time, all-day, online, cancelled (fewer if the data has fewer).
        forms: dict[str, str] = {}
        for event in site.events:
            for form, has in (
                ("timed", not event.all_day),
                ("all-day", event.all_day),
                ("online", event.online),
                ("cancelled", event.cancelled),
            ):
                if has:
                    forms.setdefault(form, f"termine/{event.id}/")
        return list(dict.fromkeys(forms.values()))
    if kind == "contact":
        return ["kontakt/"]
    if kind == "data":
        return ["daten/"]
    if kind == "legal":
        return list(LEGAL_PAGES)
    if kind == "404":
        return ["404.html"]
    raise AssertionError(kind)


PAGE_KINDS = [
    "home",
    "about",
    "field-overview",
    "field",
    "index",
    "initiative",
    "places",
    "bezirk",
    "map",
    "partner-directory",
    "partner",
    "news-index",
    "news",
    "events-index",
    "event",
    "contact",
    "data",
    "legal",
    "404",
]

# --------------------------------------------------------------------------- browser and server

CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium as root in a closed network: no sandbox, no background connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright (no browser download)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium per test file: starting it costs about a second of CPU. Tests take their own
    contexts or tabs from it."""
    with chromium() as launched:
        yield launched


@contextmanager
def serve_directory(folder: Path, headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (free port), with extra response headers; yields the base URL."""
    extra = dict(headers or {})

    class Handler(SimpleHTTPRequestHandler):
        def end_headers(self) -> None:
            for name, value in extra.items():
                self.send_header(name, value)
            super().end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(
    process: subprocess.Popen, port: int, log: Path, deadline_seconds: float = 20.0
) -> None:
    """Try to connect until the server accepts, its process ends, or the deadline passes."""
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"server ended with {process.returncode}:\n{log.read_text(errors='replace')}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            pass
        # Not listening yet: give it a moment, returning at once should the process exit.
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=0.05)
    raise AssertionError(f"nothing listens on {port}:\n{log.read_text(errors='replace')}")


# deploy/run-nginx writes this to its log once the configuration is rendered and checked, just
# before it turns into nginx. Rendering scans every page for the CSP's inline hashes, which grows
# with the site (tens of seconds at 4,000 initiatives with news and events on a loaded machine),
# so the wait for it has no short deadline; the deadline for listening starts after it.
NGINX_ANNOUNCEMENT = b"run-nginx: http://"


def wait_until_serving(
    process: subprocess.Popen,
    port: int,
    log: Path,
    announcement: bytes = NGINX_ANNOUNCEMENT,
    deadline_seconds: float = 20.0,
    preparation_seconds: float = 1800.0,
) -> None:
    """Wait until the server's log holds `announcement` (or its process ends), then until it
    accepts connections within `deadline_seconds`."""
    deadline = time.monotonic() + preparation_seconds
    while announcement not in log.read_bytes():
        if process.poll() is not None:
            raise AssertionError(
                f"server ended with {process.returncode}:\n{log.read_text(errors='replace')}"
            )
        if time.monotonic() > deadline:
            raise AssertionError(
                f"no {announcement!r} after {preparation_seconds:.0f} s:\n"
                f"{log.read_text(errors='replace')}"
            )
        # Returns at once should the process exit.
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=0.05)
    wait_until_listening(process, port, log, deadline_seconds)


@contextmanager
def serve_with_nginx(site_dir: Path, workdir: Path) -> Iterator[str]:
    """Serve a built site with the production rules (deploy/run-nginx: CSP, headers, caching).

    Yields the base URL once nginx accepts connections; stops nginx afterwards.
    """
    port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / "run-nginx.log"
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [
                str(REPO / "deploy" / "run-nginx"),
                str(site_dir),
                str(port),
                "--workdir",
                str(workdir / "run"),
            ],
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_serving(process, port, log)
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop_process(process, 10)


# --------------------------------------------------------------------------- from test_broken_cases.py

# A problem line as the editor sees it; the path may contain spaces, the key never does.
MESSAGE = re.compile(
    r"^(?P<path>data/[^:]+?)(?::(?P<line>\d+))?: (?P<key>\S+): (?P<what>.+) — (?P<hint>.+)$"
)


ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


TIMEOUT = 180


@dataclass
class Run:
    returncode: int
    output: str  # stdout and stderr

    @property
    def problem_lines(self) -> list[str]:
        """Error lines; advisories share the format but their text starts with »Hinweis:«."""
        return [
            line
            for line in self.output.splitlines()
            if (match := MESSAGE.match(line)) and not match["what"].startswith("Hinweis:")
        ]


def check_and_build(project: Path, site_dir: Path) -> tuple[Run, Run]:
    """`essen-check <project>` and `mkdocs build --strict` side by side (they share nothing)."""
    commands = {
        "check": [sys.executable, "-m", "plugins.essen.check", str(project)],
        "build": build_command(project, site_dir),
    }
    processes = {
        name: subprocess.Popen(
            argv,
            cwd=project,
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, argv in commands.items()
    }
    runs = {}
    for name, process in processes.items():
        stdout, stderr = process.communicate(timeout=TIMEOUT)
        runs[name] = Run(process.returncode, stdout + stderr)
    return runs["check"], runs["build"]


# --------------------------------------------------------------------------- from test_browser_initiatives.py


def umlaut_data() -> dict:
    """The small data set with districts, tags and a title that looks like markup."""
    data = small_data()
    data["partners"]["uni"]["short_name"] = "UDE"
    initiatives = data["initiatives"]
    initiatives["aerztehaus"]["districts"] = ["Rüttenscheid", "Überruhr-Hinsel"]
    initiatives["aerztehaus"]["tags"] = ["Gesundheit", "Größe"]
    initiatives["ampel"]["districts"] = ["Altenessen-Süd", "Rüttenscheid"]
    initiatives["ampel"]["tags"] = ["Straßenverkehr", "Grüne Welle"]
    initiatives["zentrum"]["districts"] = ["Stadtkern"]
    initiatives["oekostrom"]["districts"] = ["Gesamtstadt"]
    # A whole Stadtbezirk (a name with slashes) next to a Stadtteil: districts are the
    # vocabulary's names (rules.District), so markup cannot be one.
    initiatives["ofen"]["districts"] = ["Steele/Kray", "Überruhr-Hinsel"]
    initiatives["ofen"]["tags"] = ["Heizung", "Café"]
    initiatives["markup"] = {
        "title": "<img src=x onerror=alert(1)> Straße frei",
        "fields": ["smart-mobility"],
        "status": "idea",
        "summary": 'Ein Titel mit spitzen Klammern, {{ 7*7 }} & "Zitat".',
    }
    return data


# --------------------------------------------------------------------------- from test_yamlsource.py

# The classic "billion laughs": 9 levels of 9 aliases, 9^9 strings once expanded, in 400 bytes.
BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{b}: &{b} [{','.join([f'*{a}'] * 9)}]\n"
        for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "title: *i\n"
)


# --------------------------------------------------------------------------- from test_nginx.py


def ensure_scope(project: Path) -> None:
    """Give the copied mkdocs.yml `extra.scope: /` unless it has a scope already.

    Without it Material writes base_url into an inline script, so pages differ and run-nginx
    refuses the site (tested below). Once the repo's mkdocs.yml sets it, this does nothing.
    """
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if re.search(r"^  scope:", text, flags=re.MULTILINE):
        return
    if re.search(r"^extra:\s*$", text, flags=re.MULTILINE):
        text = re.sub(r"^extra:\s*$", "extra:\n  scope: /", text, count=1, flags=re.MULTILINE)
    else:
        text += "\nextra:\n  scope: /\n"
    config.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- from test_build.py

HOSTILE_TITLE = "<script>alert(1)</script> {{ 7*7 }}"


HOSTILE_SUMMARY = 'Kurz "zitiert" & <b>fett</b> {{ 7*7 }}'


HOSTILE_DESCRIPTION = """\
# Überschrift aus den Daten

Beschreibung mit {{ 7*7 }} und {% raw %} darin.

<script>alert(2)</script>

<img src=x onerror=alert(3)>

[klick](javascript:alert(4))

<a href="JAVASCRIPT:alert(5)" onclick="alert(6)">mehr</a>
"""


BOLD_PARTNER = "<b>Bold</b> & Sons"


QUOTED_CONTACT = 'Dr. "Quotes" <i>Kursiv</i>'


OTHER_DATA: dict = {
    "fields": [
        {
            "id": "klima",
            "name": "Klima & Umwelt",
            "summary": "Klimaschutz in der Stadt.",
            "description": "Weniger CO₂.",
            "icon": "material/leaf",
        },
        {
            "id": "bildung",
            "name": "Bildung",
            "summary": "Lernen mit digitalen Mitteln.",
            "description": "Schulen *vernetzt*.",
        },
    ],
    "partners": {
        "Grün & Co": {
            "name": "Grün & Co. KG",
            "type": "business",
            "website": "https://gruen.example/",
        },
        "bold-sons": {"name": BOLD_PARTNER, "short_name": "B&S", "type": "civil-society"},
        "Schule am Park": {"name": "Schule am Park", "type": "administration"},
    },
    "contacts": [
        {
            "id": "normal",
            "name": "Frau Normal",
            "role": "Projektleitung",
            "organization": "schule-am-park",
            "email": "normal@example.org",
        },
        {
            "id": "quoter",
            "name": QUOTED_CONTACT,
            "role": 'Leitung <script>alert(8)</script> "Chefin"',
            "organization": "gruen-co",
            "phone": "+49 201 1234567",
            "leadership": True,
        },
    ],
    "initiatives": {
        "Bürger RatHaus Süd": {
            "title": "Bürger-Rathaus Süd",
            "fields": ["bildung", "klima"],
            "status": "pilot",
            "summary": "Ein Rathaus im Süden.",
            "lead": "gruen-co",
            "partners": ["schule-am-park"],
            "contacts": ["quoter", "normal"],
            "featured": True,
        },
        "Böse Initiative": {
            "title": HOSTILE_TITLE,
            "fields": ["klima"],
            "status": "idea",
            "summary": HOSTILE_SUMMARY,
            "description": HOSTILE_DESCRIPTION,
            "lead": "bold-sons",
            "contacts": ["quoter"],
            "tags": ["<i>tag</i>", "{{ 7*7 }}"],
            "districts": ["Südviertel", "Ruhrhalbinsel"],
            "links": [
                {"title": "<script>alert(9)</script>", "url": "https://example.org/?a=1&b=2"}
            ],
            "featured": True,
        },
        "klima-plan": {
            "title": "Klima-Plan",
            "fields": ["klima"],
            "status": "planning",
            "summary": "Ein Plan für das Klima.",
            "partners": ["bold-sons", "gruen-co"],
        },
    },
}


# --------------------------------------------------------------------------- reading data back


def read_plain_yaml(path: Path) -> object:
    """A YAML file read by PyYAML alone: an independent reader next to the loader."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def read_data(data_dir: Path) -> dict:
    """The data folder as plain YAML, records keyed by the id the file name gives."""
    return {
        "fields": read_plain_yaml(data_dir / "fields.yml"),
        "contacts": read_plain_yaml(data_dir / "contacts.yml"),
        "partners": {
            id_from_filename(p.stem): read_plain_yaml(p)
            for p in sorted((data_dir / "partners").glob("*.yml"))
        },
        "initiatives": {
            id_from_filename(p.stem): read_plain_yaml(p)
            for p in sorted((data_dir / "initiatives").glob("*.yml"))
        },
    }
