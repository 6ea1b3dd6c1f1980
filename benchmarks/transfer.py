"""What a browser fetches, in Debian's Chromium.

- `measure_transfer` (issue 6): a cold visit of one page plus one search at desktop size, served
  by a plain Python server; every response is counted at min(raw, gzip level 6) of the served
  file, and without a browser the same is worked out from the files (an upper estimate for
  Pagefind).
- `phone_visits` (issue 13): cold visits at 412 px served by deploy/run-nginx, counted at the
  bytes Chromium actually received (bodies as nginx encoded them; headers apart).

See BENCHMARKS.md.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from playwright.sync_api import Browser, Page, Request

from plugins.essen.search_index import MANIFEST
from tests.conftest import chromium, serve_directory, serve_with_nginx

from .measure import KB, gzip_size, pagefind_bundles, search_engine

# Where a search engine shows its results; the first that appears ends the wait.
RESULT_SELECTORS = (
    ".md-search-result__item",
    ".pagefind-ui__result",
    "[data-pagefind-result]",
    "[data-search-result]",
)
SEARCH_INPUTS = (
    "input.md-search__input",
    "header input[type=search]",
    ".pagefind-ui__search-input",
    "input[type=search]",
)


def _local_file(site_dir: Path, base: str, url: str) -> Path | None:
    if not url.startswith(base):
        return None
    path = unquote(urlsplit(url).path)
    if path.endswith("/"):
        path += "index.html"
    candidate = (site_dir / path.lstrip("/")).resolve()
    if site_dir.resolve() not in candidate.parents or not candidate.is_file():
        return None
    return candidate


def _category(url: str, search_dirs: frozenset[str]) -> str:
    path = urlsplit(url).path
    if path.lstrip("/").split("/", 1)[0] in search_dirs:
        return "search"
    if path.endswith("search_index.json") or "/lunr/" in path:
        return "search"
    if "/workers/" in path:
        return "search"
    suffix = Path(path).suffix.lower()
    if path.endswith("/") or suffix == ".html":
        return "html"
    return {
        ".css": "css",
        ".js": "js",
        ".mjs": "js",
        ".woff": "fonts",
        ".woff2": "fonts",
        ".ttf": "fonts",
        ".svg": "images",
        ".png": "images",
        ".ico": "images",
        ".jpg": "images",
        ".webp": "images",
        ".avif": "images",
    }.get(suffix, "other")


@dataclass
class Transfer:
    method: str
    # The site's Pagefind bundle folders: whatever is fetched from them belongs to the search.
    search_dirs: frozenset[str] = frozenset()
    entries: dict[str, dict[str, object]] = field(default_factory=dict)
    visit_urls: set[str] = field(default_factory=set)
    note: str = ""
    results_seen: int | None = None

    def add(self, url: str, data: bytes, status: int = 200, phase: str = "visit") -> None:
        if url in self.entries:
            return
        self.entries[url] = {
            "bytes": len(data),
            "gzip": gzip_size(data),
            "status": status,
            "category": _category(url, self.search_dirs),
            "phase": phase,
        }
        if phase == "visit":
            self.visit_urls.add(url)

    def summary(self) -> dict[str, object]:
        def total(phases: set[str]) -> float:
            return round(
                sum(int(e["gzip"]) for e in self.entries.values() if e["phase"] in phases) / KB, 1
            )

        by_category: dict[str, float] = {}
        for entry in self.entries.values():
            key = str(entry["category"])
            by_category[key] = round(by_category.get(key, 0) + int(entry["gzip"]) / KB, 1)
        return {
            "method": self.method,
            "note": self.note,
            "requests": len(self.entries),
            "visit_gzip_kb": total({"visit"}),
            "visit_and_search_gzip_kb": total({"visit", "search"}),
            "by_category_gzip_kb": by_category,
            "results_seen": self.results_seen,
            "largest": sorted(
                (
                    {"url": urlsplit(u).path, "gzip_kb": round(int(e["gzip"]) / KB, 1)}
                    for u, e in self.entries.items()
                ),
                key=lambda item: -float(item["gzip_kb"]),
            )[:5],
        }


def _bundle_names(site_dir: Path) -> frozenset[str]:
    return frozenset(folder.name for folder in pagefind_bundles(site_dir))


class _Network:
    """Requests in flight, and when the last one started or ended (for "the network is idle")."""

    def __init__(self) -> None:
        self.inflight = 0
        self.last = time.monotonic()

    def started(self, _request: object) -> None:
        self.inflight += 1
        self.last = time.monotonic()

    def ended(self, _request: object) -> None:
        self.inflight -= 1
        self.last = time.monotonic()

    def quiet(self, seconds: float) -> bool:
        return self.inflight <= 0 and time.monotonic() - self.last > seconds


def _search_once(page: Page, query: str, network: _Network, transfer: Transfer) -> None:
    """Type `query` into the header search, wait for results and a quiet network."""
    box = None
    for selector in SEARCH_INPUTS:
        candidate = page.locator(selector).first
        if candidate.count() and candidate.is_visible():
            box = candidate
            break
    if box is None:
        transfer.note = "no visible search box found; visit only"
        return
    box.click()
    box.press_sequentially(query, delay=40)
    results = page.locator(", ".join(RESULT_SELECTORS))
    deadline = time.monotonic() + 180
    # Results, then a quiet network (1 s without requests), or give up at the deadline.
    while time.monotonic() < deadline:
        if network.quiet(1.0) and results.count():
            break
        page.wait_for_timeout(100)
    transfer.results_seen = results.count()
    if not transfer.results_seen:
        transfer.note = "search showed no result element (see RESULT_SELECTORS)"


def transfer_in_browser(site_dir: Path, page_path: str, query: str) -> Transfer:
    """Open one page cold in headless Chromium, search once in the header, record every response.

    Bodies are read from the served files (the server sends them unchanged), so even a search
    index of tens of MB is counted exactly; each is gzip-compressed to estimate the transfer.
    """
    transfer = Transfer("playwright", _bundle_names(site_dir))
    responses: list[tuple[str, int, str]] = []
    phase = {"name": "visit"}
    network = _Network()
    with serve_directory(site_dir) as base, chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.on("request", network.started)
        context.on("requestfinished", network.ended)
        context.on("requestfailed", network.ended)
        context.on("response", lambda r: responses.append((r.url, r.status, phase["name"])))
        page = context.new_page()
        page.goto(base + page_path, wait_until="networkidle", timeout=300_000)
        phase["name"] = "search"
        _search_once(page, query, network, transfer)
        context.close()
    for url, status, name in responses:
        local = _local_file(site_dir, base, url)
        transfer.add(url, local.read_bytes() if local else b"", status, name)
    return transfer


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.config = ""
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        rel = (a.get("rel") or "").split()
        if tag == "link" and ("stylesheet" in rel or "icon" in rel) and a.get("href"):
            self.urls.append(str(a["href"]))
        elif tag in ("script", "img") and a.get("src"):
            self.urls.append(str(a["src"]))
        self._in_config = tag == "script" and a.get("id") == "__config"

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config += data

    def handle_endtag(self, tag: str) -> None:
        self._in_config = False


def _material_search_files(base: str, page_url: str, config: str) -> list[str]:
    """What Material's search loads: its worker, the whole index, the German stemmer."""
    worker = json.loads(config).get("search")
    return [
        *([urljoin(page_url, worker)] if worker else []),
        base + "search/search_index.json",
        base + "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
        base + "assets/javascripts/lunr/min/lunr.de.min.js",
    ]


def _add_pagefind_files(site_dir: Path, base: str, transfer: Transfer) -> None:
    bundles = pagefind_bundles(site_dir)
    first = bundles[0]
    wasm = sorted(first.glob("wasm.de.pagefind")) or sorted(first.glob("wasm.*.pagefind"))
    for name in [MANIFEST, "pagefind.js", *(p.name for p in wasm[:1])]:
        if (first / name).is_file():
            transfer.add(base + f"{first.name}/{name}", (first / name).read_bytes(), phase="search")
    for bundle in bundles:
        # Each bundle: its entry and metadata, and (which chunk holds the word needs
        # Pagefind's own lookup) its largest index chunk as an upper bound.
        for path in [
            bundle / "pagefind-entry.json",
            *sorted(bundle.glob("pagefind.*.pf_meta"))[:1],
        ]:
            if path.is_file():
                transfer.add(base + f"{bundle.name}/{path.name}", path.read_bytes(), phase="search")
        chunks = sorted((bundle / "index").glob("*.pf_index"), key=lambda p: p.stat().st_size)
        if chunks:
            url = base + f"{bundle.name}/index/{chunks[-1].name}"
            transfer.add(url, chunks[-1].read_bytes(), phase="search")
    for path in sorted((first / "fragment").glob("*.pf_fragment"))[:10]:
        transfer.add(base + f"{first.name}/fragment/{path.name}", path.read_bytes(), phase="search")
    transfer.note += (
        " (Pagefind: the largest index chunk of each bundle and 10 fragments, an upper estimate)"
    )


def transfer_static(site_dir: Path, page_path: str, reason: str) -> Transfer:
    """What a browser would fetch, worked out from the files (no browser available)."""
    transfer = Transfer("static", _bundle_names(site_dir), note=reason)
    base = "http://site.invalid/"
    page_url = base + page_path
    html_path = _local_file(site_dir, base, page_url)
    assert html_path is not None, page_path
    source = html_path.read_bytes()
    transfer.add(page_url, source)
    parser = _Assets()
    parser.feed(source.decode("utf-8"))
    urls = [urljoin(page_url, u) for u in parser.urls]
    for url in list(urls):
        local = _local_file(site_dir, base, url)
        if local and local.suffix == ".css":
            for ref in re.findall(rb"url\(([^)]+\.woff2)\)", local.read_bytes()):
                urls.append(urljoin(url, ref.decode().strip("'\"")))
    for url in urls:
        local = _local_file(site_dir, base, url)
        if local:
            transfer.add(url, local.read_bytes())
    engine = search_engine(site_dir)
    if engine == "material" and parser.config:
        for url in _material_search_files(base, page_url, parser.config):
            local = _local_file(site_dir, base, url)
            if local:
                transfer.add(url, local.read_bytes(), phase="search")
    elif engine == "pagefind":
        _add_pagefind_files(site_dir, base, transfer)
    return transfer


# A phone as Lighthouse's mobile profile has it (Moto G Power): 412 × 823 CSS px at DPR 1.75.
PHONE = {"width": 412, "height": 823, "device_scale_factor": 1.75}
# The kinds a phone visit is broken down into; whatever else arrives (a manifest, a JSON file,
# Pagefind's files) is "other" or "search", so the kinds always add up to the total.
PHONE_CATEGORIES = ("html", "css", "js", "images", "fonts")


@dataclass
class Fetched:
    """One response of a visit, with the bytes Chromium received for it from nginx."""

    path: str
    status: int
    category: str
    # The body as it came over the wire: gzip-encoded where nginx compressed it (Chromium's
    # encoded data length minus the header bytes, so chunked framing is included).
    body_bytes: int
    header_bytes: int
    encoding: str  # Content-Encoding as sent ("" for none)


def _fetch_visit(
    browser: Browser, base: str, page_path: str, search_dirs: frozenset[str]
) -> list[Fetched]:
    """Open `page_path` cold (a new context has an empty cache) at phone size; every response
    until the network is quiet, with its sizes from Chromium's network events."""
    context = browser.new_context(
        viewport={"width": PHONE["width"], "height": PHONE["height"]},
        device_scale_factor=PHONE["device_scale_factor"],
        is_mobile=True,
        has_touch=True,
    )
    finished: list[Request] = []
    context.on("requestfinished", lambda request: finished.append(request))
    try:
        page = context.new_page()
        page.goto(base + page_path, wait_until="networkidle", timeout=300_000)
        fetched = []
        for request in finished:
            response = request.response()
            if response is None or not request.url.startswith(base):
                continue  # nothing external may load (the CSP forbids it); data: URLs have no bytes
            sizes = request.sizes()
            fetched.append(
                Fetched(
                    path=urlsplit(request.url).path,
                    status=response.status,
                    category=_category(request.url, search_dirs),
                    body_bytes=int(sizes["responseBodySize"]),
                    header_bytes=int(sizes["responseHeadersSize"]),
                    encoding=response.headers.get("content-encoding", ""),
                )
            )
    finally:
        context.close()
    return fetched


def visit_summary(fetched: list[Fetched], page_path: str) -> dict[str, object]:
    """Totals of one visit: body bytes as nginx sent them, per kind, and headers apart."""
    by_category = dict.fromkeys(PHONE_CATEGORIES, 0)
    for item in fetched:
        by_category[item.category] = by_category.get(item.category, 0) + item.body_bytes
    body = sum(item.body_bytes for item in fetched)
    return {
        "method": "nginx (deploy/run-nginx) + Chromium, bytes as received",
        "page": page_path,
        "requests": len(fetched),
        "body_bytes": body,
        "header_bytes": sum(item.header_bytes for item in fetched),
        "by_category_bytes": by_category,
        "body_kb": round(body / KB, 1),
        "by_category_kb": {key: round(value / KB, 1) for key, value in by_category.items()},
        "gzip_responses": sum(1 for item in fetched if item.encoding == "gzip"),
        "image_files": sorted(
            item.path.rsplit("/", 1)[-1] for item in fetched if item.category == "images"
        ),
        "responses": [vars(item) for item in fetched],
    }


def phone_visits(site_dir: Path, pages: dict[str, str]) -> dict[str, dict[str, object]]:
    """Cold visits of `pages` (name → site-relative path) on a phone, served by deploy/run-nginx
    with the production rules (gzip level 5, caching headers) on a free loopback port: every
    response until the network is quiet, images included (Chromium picks the `srcset` candidate
    for 412 px at DPR 1.75, and loads lazy images near the first screen). No scrolling, no
    search. One nginx and one browser; each page in a fresh context, so each visit is cold."""
    search_dirs = _bundle_names(site_dir)
    with (
        tempfile.TemporaryDirectory(prefix="essen-phone-nginx-") as work,
        serve_with_nginx(site_dir, Path(work)) as base,
        chromium() as browser,
    ):
        return {
            name: visit_summary(_fetch_visit(browser, base, path, search_dirs), path)
            for name, path in pages.items()
        }


def measure_transfer(site_dir: Path, page_path: str, query: str, browser: bool) -> dict:
    if browser:
        try:
            return transfer_in_browser(site_dir, page_path, query).summary()
        except Exception as error:  # the browser is optional: fall back, and say so
            return transfer_static(
                site_dir, page_path, f"browser failed: {error!r}"[:300]
            ).summary()
    return transfer_static(site_dir, page_path, "browser disabled").summary()
