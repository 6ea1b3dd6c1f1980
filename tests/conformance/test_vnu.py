"""HTML conformance: the Nu Html Checker (vnu, the engine of validator.w3.org/nu) finds no error.

Three real strict builds — the repo's sample data, the hostile data of test_build (markup and
template syntax in every text field, umlauts in file names) and the umlaut data of the
filter tests — are checked in one run of vnu (one JVM start for all files; the jar is pinned in
tools/vnu/package-lock.json and installed with `npm ci` on first use, Java is Debian's
`default-jre-headless`). A known-invalid page runs along, so a checker that reports nothing
at all cannot pass the test.

Next to vnu, the same pages are read with the suite's own HTML parser for the defects vnu
found once, so a regression names its cause; and the theme overrides copied from Material
must say which Material version they were copied from, so an update makes them be compared.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from plugins.essen.richtext import RichText

from ..conftest import (
    OTHER_DATA,
    REPO,
    Node,
    SampleSite,
    assert_built,
    build,
    chromium,
    html_files,
    make_project,
    parse_html,
    serve_with_nginx,
    umlaut_data,
    write_data,
)

VNU_DIR = REPO / "tools" / "vnu"
VNU_PACKAGE = VNU_DIR / "node_modules" / "vnu-jar"
VNU_JAR = VNU_PACKAGE / "build" / "dist" / "vnu.jar"

DATA_SETS: dict[str, Callable[[Path], object] | None] = {
    "beispieldaten": None,
    "feindliche-daten": lambda data_dir: write_data(data_dir, OTHER_DATA),
    "umlautdaten": lambda data_dir: write_data(data_dir, umlaut_data()),
}

# Must give exactly one error: a label pointing at a control that does not exist.
CANARY = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Kanarienvogel</title></head>
<body><label for="fehlt">Kein Feld</label></body></html>
"""

# Theme overrides that are copies of Material templates (the rest only extend them).
MATERIAL_COPIES = ("base.html", "partials/nav-item.html", "partials/toc.html")


# --------------------------------------------------------------------------- vnu


def pinned_version() -> str:
    package = json.loads((VNU_DIR / "package.json").read_text(encoding="utf-8"))
    return package["dependencies"]["vnu-jar"]


def installed_version() -> str | None:
    manifest = VNU_PACKAGE / "package.json"
    if not manifest.is_file() or not VNU_JAR.is_file():
        return None
    return json.loads(manifest.read_text(encoding="utf-8"))["version"]


def vnu_command() -> list[str]:
    """`java -jar vnu.jar`, installing the pinned jar from the lock file when it is missing or stale."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "Java is required for the Nu Html Checker: apt-get install default-jre-headless"
        )
    if installed_version() != pinned_version():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail(f"npm is required to install vnu-jar into {VNU_DIR}")
        # --ignore-scripts: the package's postinstall would download a Java runtime from GitHub;
        # the checker runs on Debian's Java instead.
        result = subprocess.run(
            [npm, "ci", "--prefix", str(VNU_DIR), "--ignore-scripts", "--no-audit", "--no-fund"],
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            pytest.fail(f"npm ci in {VNU_DIR} failed:\n{result.stdout}\n{result.stderr}")
        assert installed_version() == pinned_version()
    return [java, "-jar", str(VNU_JAR)]


def run_vnu(files: list[Path]) -> list[dict]:
    """All error messages of vnu for `files`, in one JVM."""
    result = subprocess.run(
        [
            *vnu_command(),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["messages"]


def file_of(message: dict) -> Path | None:
    url = message.get("url", "")
    return Path(url.removeprefix("file:")) if url.startswith("file:") else None


def describe(message: dict, site_dir: Path) -> str:
    path = file_of(message)
    where = path.relative_to(site_dir).as_posix() if path else "?"
    extract = " ".join(message.get("extract", "").split())
    return f"{where}:{message.get('lastLine', '?')}: {message['message']} — {extract}"


# --------------------------------------------------------------------------- builds


@dataclass
class Checked:
    sites: dict[str, Path]
    messages: list[dict]
    canary: Path

    def files(self, name: str) -> list[Path]:
        return html_files(self.sites[name])

    def errors(self, name: str) -> list[str]:
        site_dir = self.sites[name]
        return [
            describe(m, site_dir)
            for m in self.messages
            if (path := file_of(m)) is not None and path.is_relative_to(site_dir)
        ]

    def unattributed(self) -> list[dict]:
        """Messages about no checked file (a checker failure such as an unreadable file)."""
        known = [*self.sites.values(), self.canary]
        return [
            m
            for m in self.messages
            if (path := file_of(m)) is None or not any(path.is_relative_to(k) for k in known)
        ]


@pytest.fixture(scope="module")
def checked(sample_site: SampleSite, tmp_path_factory: pytest.TempPathFactory) -> Checked:
    sites = {}
    for name, writer in DATA_SETS.items():
        if writer is None:
            # The repo's own data: conftest's `sample_site` has built it (read only).
            sites[name] = sample_site.site_dir
            continue
        tmp = tmp_path_factory.mktemp(name)
        site_dir = tmp / "site"
        assert_built(build(make_project(tmp, writer), site_dir))
        sites[name] = site_dir
    canary = tmp_path_factory.mktemp("kanarienvogel") / "kanarienvogel.html"
    canary.write_text(CANARY, encoding="utf-8")
    files = [canary, *(path for site_dir in sites.values() for path in html_files(site_dir))]
    return Checked(sites, run_vnu(files), canary)


ParsedPage = tuple[str, str, Node]  # data set, page path, parsed page


@pytest.fixture(scope="module")
def pages(checked: Checked) -> list[ParsedPage]:
    """Every HTML file of every build, parsed by the suite's own parser."""
    return [
        (name, path.relative_to(site_dir).as_posix(), parse_html(path.read_text(encoding="utf-8")))
        for name, site_dir in checked.sites.items()
        for path in html_files(site_dir)
    ]


# --------------------------------------------------------------------------- vnu tests


def test_vnu_reports_the_canary_error(checked: Checked) -> None:
    canary = [m for m in checked.messages if file_of(m) == checked.canary]
    assert [m["type"] for m in canary] == ["error"], canary
    assert "for" in canary[0]["message"], canary


def test_vnu_reports_nothing_about_unchecked_files(checked: Checked) -> None:
    assert checked.unattributed() == []


@pytest.mark.parametrize("name", DATA_SETS)
def test_vnu_finds_no_error(checked: Checked, name: str) -> None:
    assert len(checked.files(name)) > 10, f"{name}: too few pages built"
    errors = checked.errors(name)
    assert errors == [], f"vnu {pinned_version()}: {len(errors)} errors in {name}:\n" + "\n".join(
        errors
    )


# --------------------------------------------------------------------------- the defects vnu found


def violations(pages: list[ParsedPage], check: Callable[[Node], str | None]) -> list[str]:
    return [
        f"{name}/{rel}: {problem}"
        for name, rel, root in pages
        for node in root.iter()
        if (problem := check(node)) is not None
    ]


def test_no_aria_hidden_on_labels_of_controls(pages: list[ParsedPage]) -> None:
    def check(node: Node) -> str | None:
        hidden = node.tag == "label" and node.attrs.get("for") and "aria-hidden" in node.attrs
        return f"aria-hidden on {node}" if hidden else None

    assert violations(pages, check) == []


def test_no_autocomplete_on_checkboxes(pages: list[ParsedPage]) -> None:
    def check(node: Node) -> str | None:
        bad = node.tag == "input" and node.attrs.get("type") in {"checkbox", "radio"}
        return f"autocomplete on {node}" if bad and "autocomplete" in node.attrs else None

    assert violations(pages, check) == []


def test_no_empty_tabindex(pages: list[ParsedPage]) -> None:
    def check(node: Node) -> str | None:
        value = node.attrs.get("tabindex", "0")
        return f"tabindex {value!r} on {node}" if not re.fullmatch(r"-?\d+", value or "") else None

    assert violations(pages, check) == []


LABELABLE = {"input", "select", "textarea", "button", "meter", "output", "progress"}


def test_every_label_points_at_a_control_on_its_page(pages: list[ParsedPage]) -> None:
    problems = []
    for name, rel, root in pages:
        for label in root.find_all("label"):
            target_id = label.attrs.get("for")
            if target_id is None:
                continue
            target = root.by_id(str(target_id))
            if (
                target is None
                or target.tag not in LABELABLE
                or target.attrs.get("type") == "hidden"
            ):
                problems.append(f"{name}/{rel}: {label} points at {target}")
    assert problems == []


def test_every_link_with_rel_has_href(pages: list[ParsedPage]) -> None:
    def check(node: Node) -> str | None:
        return (
            f"{node} without href"
            if node.tag == "a" and "rel" in node.attrs and "href" not in node.attrs
            else None
        )

    assert violations(pages, check) == []


def accessible_name(root: Node, control: Node) -> str:
    """The name a screen reader gives a form control: ARIA, then labels, then title."""
    if control.attrs.get("aria-label"):
        return str(control.attrs["aria-label"]).strip()
    if control.attrs.get("aria-labelledby"):
        parts = [root.by_id(i) for i in str(control.attrs["aria-labelledby"]).split()]
        return " ".join(p.text() for p in parts if p is not None).strip()
    texts = [
        label.text()
        for label in root.find_all("label")
        if control.attrs.get("id") and label.attrs.get("for") == control.attrs["id"]
    ]
    parent = control.parent
    while parent is not None:
        if parent.tag == "label":
            texts.append(parent.text())
        parent = parent.parent
    texts.extend(
        str(label.attrs.get("title") or "")
        for label in root.find_all("label")
        if control.attrs.get("id") and label.attrs.get("for") == control.attrs["id"]
    )
    name = " ".join(" ".join(texts).split())
    return name or str(control.attrs.get("title") or "").strip()


def test_every_form_control_has_an_accessible_name(pages: list[ParsedPage]) -> None:
    """pa11y's HTML_CodeSniffer (H91) flags a control without a name even when it is hidden by
    CSS, as Material's `__toc` checkbox was on pages without sub-headings."""
    problems = []
    for name, rel, root in pages:
        for control in root.iter():
            if control.tag not in {"input", "select", "textarea"}:
                continue
            if control.attrs.get("type") in {"hidden", "submit", "reset", "button"}:
                continue
            if not accessible_name(root, control):
                problems.append(f"{name}/{rel}: {control} has no accessible name")
    assert problems == []


# --------------------------------------------------------------------------- sources of the fixes


@pytest.mark.parametrize(
    "markdown",
    [
        "[klick](javascript:alert(4))",
        '<a href="JAVASCRIPT:alert(5)" title="Titel" onclick="alert(6)">klick</a>',
        "<a>klick</a>",
        '<a title="Ein &quot;Titel&quot; > mit Zeichen" href="vbscript:x">klick</a>',
    ],
)
def test_link_whose_target_is_removed_becomes_text(markdown: str) -> None:
    html = str(RichText()(f"Vorher {markdown} nachher."))
    root = parse_html(html)
    assert root.find("a") is None, html
    assert " ".join(root.text().split()) == "Vorher klick nachher.", html


def test_allowed_links_keep_href_and_rel() -> None:
    html = str(
        RichText()(
            '[Stadt](https://www.essen.de/ "Essen") und <a href="mailto:a@example.org">Post</a>'
        )
    )
    links = parse_html(html).find_all("a")
    assert [(a.attrs.get("href"), a.attrs.get("rel"), a.text()) for a in links] == [
        ("https://www.essen.de/", "noopener noreferrer", "Stadt"),
        ("mailto:a@example.org", "noopener noreferrer", "Post"),
    ]
    assert links[0].attrs.get("title") == "Essen"


def test_drawer_is_closed_after_going_back(checked: Checked, tmp_path: Path) -> None:
    """Without Material's (invalid) autocomplete="off" on the drawer checkbox, Chromium restores
    it checked when a visitor comes back; assets/javascripts/toggles.js closes it again."""
    with serve_with_nginx(checked.sites["beispieldaten"], tmp_path) as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 375, "height": 812})
        page.goto(url + "kontakt/")
        drawer = page.locator("#__drawer")
        page.locator("label.md-header__button[for=__drawer]").click()
        expect(drawer).to_be_checked()
        page.locator(".md-nav--primary a.md-nav__link", has_text="Partner").click()
        page.wait_for_url("**/partner/")
        page.go_back()
        page.wait_for_url("**/kontakt/")
        expect(drawer).not_to_be_checked()
        expect(page.locator(".md-sidebar--primary")).not_to_be_in_viewport()


@pytest.mark.parametrize("template", MATERIAL_COPIES)
def test_material_copies_name_the_installed_material_version(template: str) -> None:
    """Copies of Material templates must be compared with Material's when it is updated."""
    head = (REPO / "overrides" / template).read_text(encoding="utf-8")[:1500]
    copied = re.search(r"Material for MkDocs (\d+\.\d+\.\d+)", head)
    assert copied is not None, f"overrides/{template} does not say which Material it copies"
    assert "vnu" in head, f"overrides/{template} does not say which vnu error it fixes"
    installed = importlib.metadata.version("mkdocs-material")
    assert copied[1] == installed, (
        f"overrides/{template} is a copy of Material {copied[1]}, installed is {installed}: "
        "compare it with Material's template and copy the fix over"
    )
