"""Privacy in the browser: loading a page asks no other host for anything and stores nothing.

The repo's site (conftest's `sample_site`) is served over HTTP on loopback and every page kind
is opened in Debian's Chromium. Every request of the browser context (pages and workers) is
recorded; after the page has loaded and the network is idle, cookies and all browser storage
must be empty.

The pages are opened one after another in one tab (a new context per page would cost a
renderer process each time), each as a first visit sees it: routing every request turns the
browser's cache off, so each page requests everything it uses again, and cookies and storage
were found empty after the visit before. After a visit with findings the tab is replaced, so
that a failure cannot spill over into the next test.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Route

from ..conftest import SampleSite, serve_directory

# Page kinds that must exist; `*` stands for the richest (largest) page of that section.
PAGE_KINDS = [
    "",
    "handlungsfelder/",
    "handlungsfelder/*/",
    "initiativen/",
    "initiativen/*/",
    "stadtteile/",
    "stadtteile/*/",
    "karte/",
    "partner/",
    "partner/*/",
    "aktuelles/",
    "aktuelles/*/",
    "termine/",
    "termine/*/",
    "kontakt/",
    "impressum/",
    "datenschutz/",
    "barrierefreiheit/",
    "leichte-sprache/",
    "404.html",
]

# Resource hints and manifests open connections or fetch without a request a page reports.
BROWSER_STATE_JS = """
async () => {
  const foreignHints = [...document.querySelectorAll(
    "link[rel~=preconnect], link[rel~=dns-prefetch], link[rel~=prefetch], " +
    "link[rel~=preload], link[rel~=modulepreload], link[rel~=prerender]"
  )].filter((link) => new URL(link.href, location.href).origin !== location.origin)
    .map((link) => link.outerHTML);
  return {
    cookie: document.cookie,
    localStorage: Object.keys(localStorage),
    sessionStorage: Object.keys(sessionStorage),
    indexedDB: (await indexedDB.databases()).map((db) => db.name),
    cacheStorage: await caches.keys(),
    serviceWorkers: (await navigator.serviceWorker.getRegistrations()).length,
    manifests: document.querySelectorAll("link[rel~=manifest]").length,
    foreignHints,
  };
}
"""


def is_same_origin(url: str, base: str) -> bool:
    """True for URLs of the served site; `data:` URLs and blobs of the site's origin count too."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return True
    if parts.scheme == "blob":
        return is_same_origin(url[len("blob:") :], base)
    origin = urlsplit(base)
    return (parts.scheme, parts.netloc) == (origin.scheme, origin.netloc)


@dataclass
class Visit:
    """What loading one page did in a fresh browser context."""

    url: str
    status: int | None
    requests: list[str] = field(default_factory=list)
    state: dict = field(default_factory=dict)
    context_cookies: list = field(default_factory=list)

    def findings(self, base: str) -> list[str]:
        found = [
            f"request to another host: {url}"
            for url in self.requests
            if not is_same_origin(url, base)
        ]
        if self.status != 200:
            found.append(f"status {self.status}")
        if self.state["cookie"] or self.context_cookies:
            found.append(f"cookies: {self.state['cookie']!r} {self.context_cookies}")
        for store in ("localStorage", "sessionStorage", "indexedDB", "cacheStorage"):
            if self.state[store]:
                found.append(f"{store}: {self.state[store]}")
        if self.state["serviceWorkers"]:
            found.append(f"{self.state['serviceWorkers']} service worker(s) registered")
        if self.state["manifests"]:
            found.append("web app manifest linked")
        found.extend(
            f"resource hint to another host: {hint}" for hint in self.state["foreignHints"]
        )
        return found


class Visitor:
    """Opens pages of `base` one after another in one tab, see the module's docstring."""

    def __init__(self, browser: Browser, base: str) -> None:
        self.browser = browser
        self.base = base
        self.requests: list[str] = []
        self._open()

    def _open(self) -> None:
        self.context = self.browser.new_context()
        self.context.on("request", lambda request: self.requests.append(request.url))
        # Recorded above; never let a stray request leave the machine during the test. Routing
        # also turns the cache off: every page requests all it uses.
        self.context.route("**/*", self._block_foreign)
        self.page = self.context.new_page()
        self.page.on("websocket", lambda socket: self.requests.append(socket.url))

    def _block_foreign(self, route: Route) -> None:
        if is_same_origin(route.request.url, self.base):
            route.continue_()
        else:
            route.abort()

    def visit(self, path: str) -> Visit:
        """Open `base + path`, wait until the network is idle, collect traces."""
        response = self.page.goto(self.base + path, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        state = self.page.evaluate(BROWSER_STATE_JS)
        cookies = self.context.cookies()
        # Anything requested from here on counts for the next visit.
        requests, self.requests = self.requests, []
        result = Visit(
            url=self.base + path,
            status=response.status if response else None,
            requests=requests,
            state=state,
            context_cookies=cookies,
        )
        if result.findings(self.base):
            self.close()
            self._open()
        return result

    def close(self) -> None:
        self.context.close()


def richest_child(site_dir: Path, section: str) -> str:
    """The largest detail page of a section: most content, most chances for a stray resource."""
    children = [index for index in (site_dir / section).glob("*/index.html") if index.is_file()]
    assert children, f"{section}/ has no detail pages"
    largest = max(children, key=lambda index: (index.stat().st_size, index.as_posix()))
    return largest.parent.relative_to(site_dir).as_posix() + "/"


def resolve_kind(site_dir: Path, kind: str) -> str:
    if kind.endswith("/*/"):
        return richest_child(site_dir, kind[: -len("/*/")])
    target = site_dir / (kind + "index.html" if kind.endswith("/") or not kind else kind)
    assert target.is_file(), f"page kind {kind!r} was not built"
    return kind


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def site_dir(sample_site: SampleSite) -> Path:
    return sample_site.site_dir


@pytest.fixture(scope="module", params=["static", "nginx"])
def base_url(request: pytest.FixtureRequest, site_dir: Path) -> Iterator[str]:
    """A plain static server shows every reference the pages make (no CSP to block one);
    deploy/run-nginx is what visitors get."""
    if request.param == "nginx":
        yield request.getfixturevalue("sample_nginx")
    else:
        with serve_directory(site_dir) as base:
            yield base


@pytest.fixture(scope="module")
def visitor(browser: Browser, base_url: str) -> Iterator[Visitor]:
    opened = Visitor(browser, base_url)
    yield opened
    opened.close()


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_kind_loads_nothing_from_other_hosts_and_stores_nothing(
    kind: str, site_dir: Path, base_url: str, visitor: Visitor
) -> None:
    path = resolve_kind(site_dir, kind)
    result = visitor.visit(path)
    # The page really loaded its theme assets: an empty request list would prove nothing.
    assert any(url.endswith(".css") for url in result.requests), result.requests
    assert any(url.endswith(".js") for url in result.requests), result.requests
    findings = result.findings(base_url)
    assert not findings, f"{path}:\n" + "\n".join(findings)


def test_every_other_top_level_page_loads_nothing_from_other_hosts_and_stores_nothing(
    site_dir: Path, base_url: str, visitor: Visitor
) -> None:
    """Pages added later (e.g. a data catalogue) are covered without editing this file."""
    listed = {kind.split("/")[0] for kind in PAGE_KINDS}
    # /admin/ is the editors' form editor, not a page for visitors: it talks to its backend (the
    # local decap-server, in production GitLab) and keeps its drafts in the browser by design.
    # tests/browser/test_form_editor.py proves that no public page loads anything from it.
    editors_only = {"admin"}
    others = sorted(
        folder.name
        for folder in site_dir.iterdir()
        if folder.name not in listed | editors_only and (folder / "index.html").is_file()
    )
    paths = []
    for name in others:
        paths.append(f"{name}/")
        if any((site_dir / name).glob("*/index.html")):
            paths.append(richest_child(site_dir, name))
    findings = {path: visitor.visit(path).findings(base_url) for path in paths}
    assert {path: found for path, found in findings.items() if found} == {}


def test_the_checks_catch_foreign_requests_hints_and_storage(
    tmp_path: Path, browser: Browser
) -> None:
    """A deliberately bad page: every kind of finding above must be reported."""
    with serve_directory(tmp_path) as base:
        # `localhost` is another host than `127.0.0.1` for the browser, yet the same server:
        # a real cross-origin request that stays on this machine.
        foreign = base.replace("127.0.0.1", "localhost")
        (tmp_path / "index.html").write_text(
            f"""<!doctype html><html lang="de"><head><title>Canary</title>
<link rel="preconnect" href="{foreign}">
<link rel="stylesheet" href="{base}style.css">
<script src="{base}script.js"></script>
</head><body><img src="{foreign}pixel.png" alt="">
<script>
document.cookie = "tracked=1";
localStorage.setItem("seen", "1");
sessionStorage.setItem("visit", "1");
</script></body></html>""",
            encoding="utf-8",
        )
        (tmp_path / "style.css").write_text("body { color: #000; }", encoding="utf-8")
        (tmp_path / "script.js").write_text("void 0;", encoding="utf-8")
        visitor = Visitor(browser, base)
        try:
            findings = visitor.visit("").findings(base)
        finally:
            visitor.close()
    text = "\n".join(findings)
    assert f"request to another host: {foreign}pixel.png" in findings
    assert "resource hint to another host" in text
    assert "tracked=1" in text
    assert "localStorage: ['seen']" in findings
    assert "sessionStorage: ['visit']" in findings


@pytest.mark.parametrize(
    ("url", "same"),
    [
        ("http://127.0.0.1:8000/assets/x.css", True),
        ("data:image/svg+xml,%3Csvg%3E", True),
        ("blob:http://127.0.0.1:8000/5d3c", True),
        ("http://localhost:8000/x.css", False),
        ("http://127.0.0.1:8001/x.css", False),
        ("https://127.0.0.1:8000/x.css", False),
        ("https://fonts.googleapis.com/css?family=Roboto", False),
        ("blob:https://example.org/5d3c", False),
    ],
)
def test_same_origin_rule(url: str, same: bool) -> None:
    assert is_same_origin(url, "http://127.0.0.1:8000/") is same
