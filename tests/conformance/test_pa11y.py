"""pa11y with HTML_CodeSniffer (WCAG 2 AA): a second accessibility engine next to axe-core.

The repo's project (a copy of conftest's `sample_site`, for the probe) is served by
deploy/run-nginx (production CSP and headers); tools/pa11y/run.js checks every page of every
kind (the set the axe tests use, conftest's `pages_of_kind`) in one Chromium, Debian's, and
prints pa11y's findings as JSON. pa11y is installed from tools/pa11y/package-lock.json with
`npm ci` on first use.

A probe page with known defects rides along in the same run: if HTML_CodeSniffer did not run
(the CSP, a runner that failed to load), it would find nothing there either.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, expect

from plugins.essen.model import Site

from ..conftest import (
    CHROMIUM,
    PAGE_KINDS,
    REPO,
    Node,
    Page,
    SampleSite,
    pages_of_kind,
    serve_with_nginx,
)

PA11Y_DIR = REPO / "tools" / "pa11y"
RUNNER = PA11Y_DIR / "run.js"
PROBE = "__pa11y_probe.html"
# A form without a submit button (H32.2) and a checkbox without a name (H91): the two defects
# pa11y found on the site before they were fixed.
PROBE_HTML = """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Probe</title></head>
<body><main><h1>Probe</h1>
<form action="."><label for="probe-q">Suchbegriff</label><input id="probe-q" name="q"></form>
<input type="checkbox" id="probe-toggle">
</main></body></html>
"""


def pa11y_command() -> list[str]:
    """`node tools/pa11y/run.js`, after `npm ci` from the lock file if pa11y is not installed."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js 20 or newer with npm is required for pa11y (tools/pa11y)")
    if not (PA11Y_DIR / "node_modules" / "pa11y" / "package.json").is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail(f"npm is required to install pa11y into {PA11Y_DIR}")
        result = subprocess.run(
            [npm, "ci", "--prefix", str(PA11Y_DIR), "--no-audit", "--no-fund"],
            cwd=REPO,
            capture_output=True,
            text=True,
            # Puppeteer would download a browser of its own; the tests use Debian's Chromium.
            env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"},
        )
        if result.returncode != 0:
            pytest.fail(f"npm ci in {PA11Y_DIR} failed:\n{result.stdout}\n{result.stderr}")
    return [node, str(RUNNER)]


@dataclass
class Report:
    url: str
    site_dir: Path
    site: Site
    versions: dict[str, str]
    issues: dict[str, list[dict]]  # site-relative URL → pa11y's issues (errors)
    titles: dict[str, str]


@pytest.fixture(scope="module")
def report(sample_site: SampleSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Report]:
    tmp = tmp_path_factory.mktemp("pa11y")
    site_dir = sample_site.copy_site(tmp / "site")
    (site_dir / PROBE).write_text(PROBE_HTML, encoding="utf-8")
    site = sample_site.site
    relative = [url for kind in PAGE_KINDS for url in pages_of_kind(site, kind)] + [PROBE]
    command = pa11y_command()
    with serve_with_nginx(site_dir, tmp / "nginx") as base:
        # One run for all pages: one browser start instead of one per page.
        result = subprocess.run(
            [*command, *(base + url for url in relative)],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "CHROMIUM": CHROMIUM},
        )
        assert result.returncode == 0, result.stderr
        output = json.loads(result.stdout)
        by_url = {page["url"][len(base) :]: page for page in output["pages"]}
        yield Report(
            url=base,
            site_dir=site_dir,
            site=site,
            versions={"pa11y": output["pa11y"], "htmlcs": output["htmlcs"]},
            issues={url: page["issues"] for url, page in by_url.items()},
            titles={url: page["title"] for url, page in by_url.items()},
        )


def describe(url: str, issues: list[dict]) -> str:
    lines = [f"{url or '/'}: {len(issues)} Fehler"]
    for issue in issues:
        lines.append(f"  {issue['code']} at {issue['selector']}: {issue['message']}")
        lines.append(f"    {' '.join(issue['context'].split())[:200]}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- the checker itself


def test_runs_the_pinned_pa11y_with_html_codesniffer(report: Report) -> None:
    lock = json.loads((PA11Y_DIR / "package-lock.json").read_text(encoding="utf-8"))
    packages = lock["packages"]
    assert report.versions["pa11y"] == packages["node_modules/pa11y"]["version"]
    assert (
        report.versions["htmlcs"] == (packages["node_modules/@pa11y/html_codesniffer"]["version"])
    )


def test_finds_the_known_defects_on_the_probe_page(report: Report) -> None:
    codes = {issue["code"] for issue in report.issues[PROBE]}
    assert "WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2" in codes, codes
    assert "WCAG2AA.Principle4.Guideline4_1.4_1_2.H91.InputCheckbox.Name" in codes, codes


def test_every_page_of_every_kind_was_checked(report: Report) -> None:
    for kind in PAGE_KINDS:
        urls = pages_of_kind(report.site, kind)
        assert urls, kind
        for url in urls:
            # The title pa11y saw is the built page's: the page itself was checked, not an
            # error page in its place.
            assert report.titles.get(url) == Page(report.site_dir, _file(url)).title, url


def _file(url: str) -> str:
    return url if url.endswith(".html") else url + "index.html"


# --------------------------------------------------------------------------- the site


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_kind_has_no_pa11y_errors(kind: str, report: Report) -> None:
    failing = {
        url: report.issues[url] for url in pages_of_kind(report.site, kind) if report.issues[url]
    }
    assert not failing, "\n".join(describe(url, issues) for url, issues in failing.items())


# --------------------------------------------------------------------------- the submit buttons


def _search_form(page: Page) -> Node:
    forms = [f for f in page.root.find_all("form") if "md-search__form" in f.classes()]
    assert len(forms) == 1, page.rel_path
    return forms[0]


@pytest.mark.parametrize("url", ["", "initiativen/", "handlungsfelder/smart-living/", "404.html"])
def test_header_search_form_submits_to_the_initiative_index(url: str, report: Report) -> None:
    page = Page(report.site_dir, _file(url))
    form = _search_form(page)
    submits = [b for b in form.find_all("button") if b.attrs.get("type") == "submit"]
    assert len(submits) == 1, submits
    assert submits[0].attrs.get("aria-label") == "Suchen"
    # The 404 page is served at any depth, so its links are absolute; the others are relative.
    action = urljoin(f"https://site.invalid/{url}", str(form.attrs.get("action")))
    assert urlsplit(action).path.endswith("/initiativen/"), action
    inputs = [i for i in form.find_all("input") if i.attrs.get("type") == "text"]
    assert [i.attrs.get("name") for i in inputs] == ["query"]


def test_header_search_without_its_script_filters_the_initiative_index(
    report: Report, browser: Browser
) -> None:
    """Where search.js does not run, submitting the header search opens the initiative index
    with the word in the filter's text field and only the matching initiatives listed."""
    initiative = report.site.initiatives[0]
    word = max(re.findall(r"\w+", initiative.title), key=len)
    context = browser.new_context()
    # Stand-in for a failed search.js: the form is submitted as the browser would do it alone.
    context.route("**/search.js", lambda route: route.fulfill(status=404, body=""))
    page = context.new_page()
    try:
        page.goto(report.url + "impressum/")
        field = page.locator(".md-search__input")
        field.fill(word)
        # Enter submits through the form's submit button (implicit submission).
        with page.expect_navigation():
            field.press("Enter")
        split = urlsplit(page.url)
        assert split.path == "/initiativen/", page.url
        assert parse_qs(split.query) == {"query": [word]}
        expect(page.locator("#ce-q")).to_have_value(word)
        total = len(report.site.initiatives)
        count = page.locator("#ce-count")
        expect(count).to_have_text(re.compile(rf"^\d+ von {total} Initiativen$"))
        shown = int((count.text_content() or "").split()[0])
        assert 1 <= shown < total, (word, shown)
        expect(page.locator("#ce-ix > li", has_text=initiative.title).first).to_be_visible()
    finally:
        context.close()


def test_filter_submit_button_leads_to_the_result_count(report: Report, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(report.url + "initiativen/")
        expect(page.locator("#ce-filter")).to_have_attribute("data-ce-ready", "")
        submit = page.locator("#ce-filter").get_by_role("button", name="Treffer anzeigen")
        expect(submit).to_have_attribute("type", "submit")
        page.locator("#ce-q").fill("a")
        page.locator("#ce-q").press("Enter")
        expect(page.locator("#ce-count")).to_be_focused()
        page.locator("#ce-q").focus()
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")  # the options' toggle, then the first option
        expect(page.locator("#ce-facets input").first).to_be_focused()
        submit.focus()
        page.keyboard.press("Enter")
        expect(page.locator("#ce-count")).to_be_focused()
        # The page stayed where it was: submitting filters, it does not load anything.
        assert urlsplit(page.url).path == "/initiativen/"
        assert parse_qs(urlsplit(page.url).query) == {"suche": ["a"]}
    finally:
        context.close()
