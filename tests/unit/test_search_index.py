"""Which built pages go to the search index (search_index.content_pages), without Pagefind."""

from __future__ import annotations

from pathlib import Path

from plugins.essen.search_index import content_pages


def test_only_the_marker_element_makes_a_content_page_not_its_name_in_text(
    tmp_path: Path,
) -> None:
    page = "<!doctype html><html lang='de'><body>{}</body></html>"
    (tmp_path / "a.html").write_text(
        page.format("<div data-pagefind-body><p>Inhalt</p></div>"), encoding="utf-8"
    )
    # A page left out of the search (no marker) whose data mentions the attribute, escaped.
    (tmp_path / "b.html").write_text(
        page.format("<p>&lt;div data-pagefind-body&gt; und data-pagefind-body</p>"),
        encoding="utf-8",
    )
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "c.html").write_text(
        page.format("<div data-pagefind-body></div>"), encoding="utf-8"
    )
    assert content_pages(tmp_path) == [tmp_path / "a.html"]
