"""The preview benchmark waits for the right pages: exactly those of a real build that show the
edited initiative's title, and, for its site-wide changes, pages that every page resembles."""

from __future__ import annotations

import html
import posixpath
from pathlib import Path

import pytest

from benchmarks.generate import generate_data, write_project
from benchmarks.preview import (
    FOOTER_OVERRIDE,
    PREVIEW_EDITS,
    dependent_pages,
    edit_copyright,
    edit_footer,
    edited_initiative,
    site_wide_pages,
)
from benchmarks.report import check_targets, format_preview
from plugins.essen.loading import id_from_filename

from ..conftest import assert_built, build, html_files, parse_html

N = 24


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path, dict[str, str]]:
    """The benchmark's project at N = 24 with both site-wide changes saved, built once."""
    data = generate_data(N, 1)
    project = write_project(tmp_path_factory.mktemp("bench"), data)
    shown = {}
    for relative, edit in (("mkdocs.yml", edit_copyright), (FOOTER_OVERRIDE, edit_footer)):
        path = project / relative
        text, shown[relative] = edit(path.read_text(encoding="utf-8"), 1)
        path.write_text(text, encoding="utf-8")
    site = tmp_path_factory.mktemp("site")
    assert_built(build(project, site))
    return data, site, shown


def _page_path(site: Path, path: Path) -> str:
    relative = path.relative_to(site).parent.as_posix()
    return "" if relative == "." else relative + "/"


def test_dependent_pages_are_the_pages_showing_the_title(built) -> None:
    data, site, _ = built
    stem = edited_initiative(data)
    record = data["initiatives"][stem]
    assert record.get("featured"), "the edit should reach the home page"
    page_path = f"initiativen/{id_from_filename(stem)}/"

    title = record["title"]
    showing = set()
    for path in html_files(site):
        article = parse_html(path.read_text(encoding="utf-8")).find("article")
        if article is not None and title in article.text():
            showing.add(_page_path(site, path))
    assert showing, f"no page shows {title!r}"
    assert set(dependent_pages(data, stem, page_path)) == showing
    assert html.escape(title, quote=False) in (site / page_path / "index.html").read_text("utf-8")


def test_site_wide_changes_show_on_every_page_and_the_awaited_ones_exist(built) -> None:
    data, site, shown = built
    pages = {_page_path(site, path): path for path in html_files(site)}
    awaited = site_wide_pages(data)
    assert len(set(awaited)) == 4 and set(awaited) <= set(pages)
    # The first and last initiative awaited are the ones the list shows first and last.
    ids = {id_from_filename(stem) for stem in data["initiatives"]}
    article = parse_html(pages["initiativen/"].read_text("utf-8")).find("article")
    assert article is not None
    listed: list[str] = []
    for href in article.hrefs():
        folder, _, name = posixpath.normpath(posixpath.join("initiativen", href)).partition("/")
        if folder == "initiativen" and name in ids and f"{folder}/{name}/" not in listed:
            listed.append(f"{folder}/{name}/")
    assert len(listed) == N
    assert awaited[2:] == [listed[0], listed[-1]]
    # Each change waits for a text of its own: the other change's last text stays on the pages.
    config_texts = {edit_copyright("", n)[1] for n in range(1, PREVIEW_EDITS + 1)}
    theme_texts = {edit_footer("</footer>", n)[1] for n in range(1, PREVIEW_EDITS + 1)}
    assert not any(a in b or b in a for a in config_texts for b in theme_texts)
    for relative, text in shown.items():
        for page, path in pages.items():
            footer = parse_html(path.read_text("utf-8")).find("footer")
            assert footer is not None and text in footer.text(), f"/{page}: {relative}"


def test_report_names_the_dependent_pages_and_the_site_wide_changes() -> None:
    run = {"startup_s": 1.0, "edits_s": [1.2, 1.1], "median_s": 1.15, "pages": ["a/", "b/", ""]}
    result = {"n": 350, "page": "a/", "site_wide_pages": ["", "b/"]} | {
        key: run
        for key in ("plugin_default", "plugin_dirty", "calibration_default", "calibration_dirty")
    }
    result["plugin_dirty_config"] = run | {
        "file": "mkdocs.yml",
        "median_s": 2.5,
        "cpu_s": [0.9, 1.0],
        "median_cpu_s": 0.95,
    }
    result["plugin_dirty_theme"] = run | {"file": "overrides/partials/footer.html"}
    result["calibration_default_config"] = run | {"file": "mkdocs.yml"}
    text = format_preview(result)
    assert "edit → every dependent page updated (3 pages): [1.2, 1.1] s (median 1.15)" in text
    assert "awaited on /, /b/" in text
    assert (
        "plugin_dirty_config         mkdocs.yml: [1.2, 1.1] s (median 2.5); "
        "server CPU [0.9, 1.0] s (median 0.95)"
    ) in text
    assert "calibration_default_config  mkdocs.yml:" in text
    targets = check_targets([], result)
    assert "preview (dirty, mkdocs.yml) at 350: 2.5 s (≤ 2.0): MISSED" in targets
    assert "preview (dirty, theme override) at 350: 1.15 s (≤ 2.0): met" in targets
