"""The preview benchmark waits for the right pages: exactly those of a real build that show the
edited initiative's title."""

from __future__ import annotations

import html
from pathlib import Path

from benchmarks.generate import generate_data, write_project
from benchmarks.preview import dependent_pages, edited_initiative
from benchmarks.report import format_preview
from plugins.essen.loading import id_from_filename

from ..conftest import assert_built, build, html_files, parse_html


def test_dependent_pages_are_the_pages_showing_the_title(tmp_path: Path) -> None:
    data = generate_data(24, 1)
    stem = edited_initiative(data)
    record = data["initiatives"][stem]
    assert record.get("featured"), "the edit should reach the home page"
    page_path = f"initiativen/{id_from_filename(stem)}/"
    project = write_project(tmp_path / "bench", data)
    site = tmp_path / "site"
    assert_built(build(project, site))

    title = record["title"]
    showing = set()
    for path in html_files(site):
        article = parse_html(path.read_text(encoding="utf-8")).find("article")
        if article is not None and title in article.text():
            relative = path.relative_to(site).parent.as_posix()
            showing.add("" if relative == "." else relative + "/")
    assert showing, f"no page shows {title!r}"
    assert set(dependent_pages(record, page_path)) == showing
    assert html.escape(title, quote=False) in (site / page_path / "index.html").read_text("utf-8")


def test_report_line_names_the_dependent_pages() -> None:
    run = {"startup_s": 1.0, "edits_s": [1.2, 1.1], "median_s": 1.15, "pages": ["a/", "b/", ""]}
    result = {"n": 350, "page": "a/"} | {
        key: run
        for key in ("plugin_default", "plugin_dirty", "calibration_default", "calibration_dirty")
    }
    text = format_preview(result)
    assert "edit → every dependent page updated (3 pages): [1.2, 1.1] s (median 1.15)" in text
