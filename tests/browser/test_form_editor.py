"""The form editor at /admin/ in Chromium, as an editor starts it: `python -m plugins.essen.cms
serve` (decap-server on a copy of the project and `mkdocs serve`); a record created and one
edited through the form, then the files, `essen-check` and the preview are checked; at the end
Ctrl-C stops that same editor. One Chromium serves the whole module (a new context per test, so
that each test logs in afresh); the built site is conftest's `sample_site`."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from plugins.essen import cms

from ..conftest import (
    ENV,
    REPO,
    SampleSite,
    free_port,
    html_files,
    make_project,
    parse_html,
    sigint_as_in_a_terminal,
    wait_until_listening,
)

DEADLINE = 60.0


def poll(condition: Callable[[], object], what: str, deadline: float = DEADLINE) -> object:
    """Ask again until `condition` returns something true or the deadline passes."""
    end = time.monotonic() + deadline
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        # The files and pages come from other processes; there is no event to wait on.
        time.sleep(0.2)


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError):
        return None


@dataclass
class Editor:
    project: Path
    base: str  # the preview's root URL; the form editor is at base + "admin/"
    process: subprocess.Popen
    ports: tuple[int, int]  # the preview's and decap-server's


def start_form_editor(project: Path, port: int, decap_port: int, out: IO[str]) -> subprocess.Popen:
    """`python -m plugins.essen.cms serve` for `project`, as the formular-editor command runs it."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "plugins.essen.cms",
            "serve",
            "--project",
            str(project),
            "--port",
            str(port),
            "--decap-port",
            str(decap_port),
        ],
        cwd=REPO,
        env=ENV,
        stdout=out,
        stderr=subprocess.STDOUT,
        preexec_fn=sigint_as_in_a_terminal,
    )


def _with_local_backend(project: Path, port: int) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  - essen\n" in text
    config.write_text(
        text.replace(
            "\n  - essen\n",
            f"\n  - essen:\n      cms_local_backend_url: http://localhost:{port}/api/v1\n",
        ),
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editor]:
    # decap-server is installed from tools/decap/package-lock.json on first use.
    cms.ensure_installed()
    project = make_project(tmp_path_factory.mktemp("form-editor"))
    port, decap_port = free_port(), free_port()
    _with_local_backend(project, decap_port)
    log = project.parent / "serve.log"
    with log.open("w") as out:
        process = start_form_editor(project, port, decap_port, out)
    try:
        wait_until_listening(process, decap_port, log, 60)
        wait_until_listening(process, port, log, 120)
        base = f"http://127.0.0.1:{port}/"
        poll(lambda: fetch(base + "admin/config.yml"), "the preview's first build", 120)
        yield Editor(project, base, process, (port, decap_port))
    finally:
        # Normally the last test has stopped it already, with Ctrl-C.
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)


def _log_in(page: Page, editor: Editor) -> None:
    page.goto(editor.base + "admin/")
    # The local backend asks for no password; the button only opens the session.
    page.get_by_role("button", name="Login").click()
    expect(page.get_by_role("link", name="Initiativen").first).to_be_visible(timeout=30_000)


def _pick(page: Page, label: re.Pattern[str], typed: str, option: str) -> None:
    """Choose an option in a relation or select widget (a searchable drop-down)."""
    page.get_by_label(label).click()
    if typed:
        page.keyboard.type(typed)
    page.get_by_text(option, exact=True).click()


def _publish(page: Page) -> None:
    page.get_by_role("button", name="Veröffentlichen").click()
    page.get_by_role("menuitem", name="Jetzt veröffentlichen").click()


def _check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "plugins.essen.check", str(project)],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A new context: no session or draft of an earlier test in the browser's storage."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_create_an_initiative_through_the_form(editor: Editor, page: Page) -> None:
    target = editor.project / "data" / "initiatives" / "testinitiative-formular-uberruhr.yml"
    assert not target.exists()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    _log_in(page, editor)
    page.goto(editor.base + "admin/#/collections/initiatives/new")
    page.get_by_label(re.compile("^Titel")).fill("Testinitiative Formular Überruhr")
    _pick(page, re.compile("^Handlungsfelder"), "Smart Mobility", "Smart Mobility")
    _pick(page, re.compile("^Stand"), "", "Pilotphase")
    page.get_by_label(re.compile("^Kurzbeschreibung")).fill(
        "Eine Initiative, angelegt im Formular-Editor."
    )
    _pick(page, re.compile("^Partner"), "Ruhrbahn", "Ruhrbahn")
    # The districts' select offers the vocabulary, labelled with the Stadtbezirk.
    _pick(page, re.compile("^Stadtteile"), "Überruhr-Hi", "Überruhr-Hinsel (Stadtbezirk VIII)")
    _publish(page)
    poll(target.exists, f"{target.name} written by decap-server")
    browser_requests = list(requests)

    assert yaml.safe_load(target.read_text(encoding="utf-8")) == {
        "title": "Testinitiative Formular Überruhr",
        "fields": ["smart-mobility"],
        "status": "pilot",
        "summary": "Eine Initiative, angelegt im Formular-Editor.",
        "partners": ["ruhrbahn"],
        "districts": ["Überruhr-Hinsel"],
    }
    result = _check(editor.project)
    assert result.returncode == 0, result.stdout + result.stderr

    page_url = editor.base + "initiativen/testinitiative-formular-uberruhr/"
    html = poll(
        lambda: (text := fetch(page_url)) and "Testinitiative Formular Überruhr" in text and text,
        "the new page in the preview",
        120,
    )
    assert isinstance(html, str)
    assert parse_html(html).find("h1").text().strip() == "Testinitiative Formular Überruhr"
    # Everything the editor loaded came from the site's own host or the local backend.
    hosts = {re.match(r"^[a-z]+://([^/:]+)", url).group(1) for url in browser_requests}
    assert hosts <= {"127.0.0.1", "localhost"}, hosts


def test_create_a_news_item_through_the_form(editor: Editor, page: Page) -> None:
    """Decap writes a news item as the build reads it: a dated file name, front matter in the
    contract's order with today's date, the body below it."""
    _log_in(page, editor)
    page.goto(editor.base + "admin/#/collections/news/new")
    page.get_by_label(re.compile("^Titel")).fill("Testmeldung Formular")
    page.get_by_label(re.compile("^Kurzbeschreibung")).fill("Eine Meldung aus dem Formular.")
    _pick(
        page,
        re.compile("^Initiativen"),
        "Smart Parking",
        "Smart Parking in Altenessen und Rüttenscheid",
    )
    body = page.locator("[data-slate-editor]").first
    body.click()
    page.keyboard.type("Der Text der Meldung.")
    started = dt.date.today()
    _publish(page)
    folder = editor.project / "data" / "news"
    poll(
        lambda: any(folder.glob("*-testmeldung-formular.md")),
        "the news item written by decap-server",
    )
    (target,) = folder.glob("*-testmeldung-formular.md")
    day = dt.date.fromisoformat(target.name[:10])
    assert started <= day <= dt.date.today()
    text = target.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    _, front, written_body = text.split("---\n", 2)
    assert yaml.safe_load(front) in (
        {
            "title": "Testmeldung Formular",
            "date": value,
            "summary": "Eine Meldung aus dem Formular.",
            "initiatives": ["smart-parking"],
        }
        for value in (day, day.isoformat())
    )
    assert written_body.strip() == "Der Text der Meldung."
    result = _check(editor.project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ", 11 Meldungen," in result.stdout


def test_edit_changes_only_that_key(editor: Editor, page: Page) -> None:
    source = editor.project / "data" / "initiatives" / "digitaler-zwilling.yml"
    before = source.read_text(encoding="utf-8")
    new_summary = "Ein 3D-Stadtmodell führt Geodaten, Gebäude und Sensordaten zusammen."
    _log_in(page, editor)
    page.goto(editor.base + "admin/#/collections/initiatives/entries/digitaler-zwilling")
    summary = page.get_by_label(re.compile("^Kurzbeschreibung"))
    expect(summary).not_to_have_value("", timeout=30_000)
    summary.fill(new_summary)
    _publish(page)
    poll(lambda: source.read_text(encoding="utf-8") != before, "the saved file")
    changed = _changed_lines(before, source.read_text(encoding="utf-8"))
    old_line = next(line for line in before.splitlines() if line.startswith("summary:"))
    assert changed == [f"-{old_line}", f"+summary: {new_summary}"]
    result = _check(editor.project)
    assert result.returncode == 0, result.stdout + result.stderr


def test_edit_in_a_list_file_changes_only_that_line(editor: Editor, page: Page) -> None:
    source = editor.project / "data" / "contacts.yml"
    before = source.read_text(encoding="utf-8")
    _log_in(page, editor)
    page.goto(editor.base + "admin/#/collections/contacts/entries/contacts")
    # Entries are folded to their name; the first button of the bar above it unfolds one.
    entry = page.get_by_text("Herr Sander", exact=True)
    entry.locator("xpath=preceding-sibling::div[1]").get_by_role("button").first.click()
    role = page.get_by_label(re.compile("^Funktion")).filter(visible=True)
    expect(role).to_have_value("Geschäftsleitung", timeout=30_000)
    role.fill("Geschäftsführung")
    _publish(page)
    poll(lambda: source.read_text(encoding="utf-8") != before, "the saved list file")
    after = source.read_text(encoding="utf-8")
    assert _changed_lines(before, after) == [
        "-  role: Geschäftsleitung",
        "+  role: Geschäftsführung",
    ]
    result = _check(editor.project)
    assert result.returncode == 0, result.stdout + result.stderr


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]


def test_serve_stops_both_servers_on_ctrl_c(editor: Editor) -> None:
    """Stops the module's editor after the tests above have used it (a second one would
    cost a build); it stands after them in this file for that reason."""
    for listening in editor.ports:
        assert _accepts(listening), f"port {listening} is not open before Ctrl-C"
    editor.process.send_signal(signal.SIGINT)
    assert editor.process.wait(timeout=30) == 0
    for listening in editor.ports:
        assert not _accepts(listening), f"port {listening} still open after Ctrl-C"


def _accepts(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


# --------------------------------------------------------------------------- the built site


@pytest.fixture(scope="module")
def built(sample_site: SampleSite) -> Path:
    return sample_site.site_dir


def test_build_ships_admin_with_generated_config(built: Path) -> None:
    assert (built / "admin" / "index.html").is_file()
    assert (built / "admin" / "decap" / "decap-cms.js").is_file()
    shipped = yaml.safe_load((built / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert shipped == cms.decap_config(cms.CmsOptions())
    page = parse_html((built / "admin" / "index.html").read_text(encoding="utf-8"))
    sources = [script.attrs.get("src") for script in page.find_all("script")]
    assert sources == ["init.js", "decap/decap-cms.js", "start.js"]


def test_public_pages_reference_nothing_under_admin(built: Path) -> None:
    public = [path for path in html_files(built) if "admin" not in path.relative_to(built).parts]
    assert len(public) > 50
    for path in public:
        tree = parse_html(path.read_text(encoding="utf-8"))
        for node in tree.iter():
            for attribute in ("src", "href", "action", "data"):
                value = node.attrs.get(attribute) or ""
                assert "admin/" not in value, f"{path.relative_to(built)}: {node.tag} {value}"


def test_vendored_bundle_is_the_locked_packages(tmp_path: Path) -> None:
    cms.ensure_installed()
    sources = cms.vendored_sources()
    vendored = {
        path.relative_to(cms.ADMIN_ASSETS).as_posix()
        for folder in cms.VENDORED
        for path in (cms.ADMIN_ASSETS / folder).rglob("*")
        if path.is_file()
    }
    assert vendored == set(sources), "run .venv/bin/python -m plugins.essen.cms vendor"
    stale = [
        name
        for name, source in sources.items()
        if (cms.ADMIN_ASSETS / name).read_bytes() != source.read_bytes()
    ]
    assert stale == [], "run .venv/bin/python -m plugins.essen.cms vendor"
    assert os.path.getsize(cms.ADMIN_ASSETS / "decap" / "decap-cms.js") > 1_000_000


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";"))
    return {words[0]: words[1:] for words in parts if words}


def _header(url: str, name: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        values = response.headers.get_all(name) or []
    assert len(values) == 1, (url, name, values)
    return values[0]


def test_nginx_gives_admin_its_own_policy_and_public_pages_theirs(
    built: Path, sample_nginx: str, browser: Browser
) -> None:
    sys.path.insert(0, str(REPO / "deploy"))
    from csp_hashes import policy_for

    public_policy = policy_for(built).header
    base = sample_nginx
    for path in ("", "initiativen/", "kontakt/"):
        assert _header(base + path, "Content-Security-Policy") == public_policy
    for path in ("admin/", "admin/decap/decap-cms.js", "admin/config.yml"):
        admin = _directives(_header(base + path, "Content-Security-Policy"))
        assert admin["script-src"] == ["'self'", "'unsafe-eval'"], path
        assert admin["frame-ancestors"] == ["'none'"]
        assert _header(base + path, "X-Frame-Options") == "DENY"
    assert "'unsafe-eval'" not in public_policy.split()
    violations: list[str] = []
    context = browser.new_context()
    try:
        page = context.new_page()
        page.on("console", lambda message: violations.append(message.text))
        page.add_init_script(
            "document.addEventListener('securitypolicyviolation', event =>"
            " console.log('CSP ' + event.violatedDirective + ' ' + event.blockedURI))"
        )
        page.goto(base + "admin/")
        # Not on localhost's port of the local backend: Decap offers the GitLab login.
        expect(page.get_by_role("button", name=re.compile("GitLab"))).to_be_visible(timeout=30_000)
    finally:
        context.close()
    blocked = [text for text in violations if text.startswith("CSP ")]
    # The only refused request is Decap's probe for a local backend on this host.
    assert all(text.startswith("CSP connect-src http://localhost:") for text in blocked), blocked
