"""Text from data never runs as a template, by construction (issue 9).

The attack this guards against: text that MkDocs could not read back from a generated page's
front matter made MkDocs drop the front matter, so `render_macros: false` was lost and
mkdocs-macros rendered the page, title and all, as Jinja. Now macros are opt-in and the Markdown
source of a generated page holds no text from data at all; these builds prove both.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import (
    assert_built,
    build,
    make_project,
    parse_html,
    small_data,
    write_data,
)

# Creates the folder named by $ESSEN_MARKER when Jinja renders it (no quotes: the old front matter
# HTML-escaped them, and a real attacker would avoid them too).
PAYLOAD = "{{ lipsum.__globals__.os.makedirs(lipsum.__globals__.os.environ.ESSEN_MARKER) }}"
# In Markdown a code span keeps the underscores as they are.
PAYLOAD_WITH_QUOTES = "{{ lipsum.__globals__['os'].makedirs(\"marker-q\") }}"
MARKDOWN_PAYLOAD = f"`{PAYLOAD_WITH_QUOTES}`"
# For keys with short caps (short_name 50, tags 60 characters).
SHORT_PAYLOAD = "{{ 7*7 }} {% if 1 %}x{% endif %}"

# A test hook that mangles the front matter of every generated page the way unreadable text did:
# MkDocs cannot parse it and keeps the whole file, front matter included, as Markdown.
MANGLE_HOOK = """
def on_page_read_source(page, config):
    if not page.file.generated_by:
        return None
    return page.file.content_string.replace("---\\n", '---\\n"unclosed\\n', 1)
"""


def hostile_data() -> dict:
    data = small_data()
    for field in data["fields"]:
        field["name"] += " " + PAYLOAD
        field["summary"] += " " + PAYLOAD
        field["description"] += "\n\n" + MARKDOWN_PAYLOAD
    for partner in data["partners"].values():
        partner["name"] += " " + PAYLOAD
        partner["short_name"] = "K " + SHORT_PAYLOAD
        partner["description"] = MARKDOWN_PAYLOAD
    for contact in data["contacts"]:
        contact["name"] += " " + PAYLOAD
        contact["role"] += " " + PAYLOAD
    for initiative in data["initiatives"].values():
        initiative["title"] += " " + PAYLOAD
        initiative["summary"] += " " + PAYLOAD
        initiative["description"] = MARKDOWN_PAYLOAD
        initiative["tags"] = [SHORT_PAYLOAD]
        # districts hold only the vocabulary's names (rules.District), never template syntax.
        initiative["links"] = [{"title": PAYLOAD, "url": "https://www.essen.de/"}]
    return data


@pytest.fixture
def marker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "marker"
    monkeypatch.setenv("ESSEN_MARKER", str(path))
    return path


@pytest.mark.parametrize("mangled", [False, True], ids=["front-matter-intact", "front-matter-lost"])
def test_template_syntax_in_every_text_is_shown_literally(
    tmp_path: Path, marker: Path, mangled: bool
) -> None:
    data = hostile_data()
    project = make_project(tmp_path, lambda data_dir: write_data(data_dir, data))
    if mangled:
        (project / "mangle.py").write_text(MANGLE_HOOK, encoding="utf-8")
        with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
            config.write("\nhooks:\n  - mangle.py\n")
    result = build(project)
    assert_built(result)
    site = project / "site"
    assert not marker.exists(), "a template from the data ran during the build"
    assert not list(project.rglob("marker-q")), "a template from the data ran during the build"
    for stem, initiative in data["initiatives"].items():
        page = parse_html((site / "initiativen" / stem / "index.html").read_text("utf-8"))
        assert page.find("h1").text() == initiative["title"]
        assert PAYLOAD_WITH_QUOTES in page.text()
        assert page.find("title").text().startswith(initiative["title"])
    for field in data["fields"]:
        page = parse_html(
            (site / "handlungsfelder" / field["id"] / "index.html").read_text("utf-8")
        )
        assert page.find("h1").text() == field["name"]


def test_hand_written_pages_are_templates_only_when_they_say_so(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "docs" / "notiz.md").write_text(
        "---\ntitle: Notiz\n---\n\n# Notiz\n\nSieben mal sieben: {{ 7*7 }}\n", encoding="utf-8"
    )
    (project / "docs" / "rechnung.md").write_text(
        "---\ntitle: Rechnung\nrender_macros: true\n---\n\n# Rechnung\n\nErgebnis: {{ 7*7 }}\n",
        encoding="utf-8",
    )
    assert_built(build(project))
    site = project / "site"
    assert (
        "Sieben mal sieben: {{ 7*7 }}"
        in parse_html((site / "notiz" / "index.html").read_text("utf-8")).text()
    )
    assert (
        "Ergebnis: 49" in parse_html((site / "rechnung" / "index.html").read_text("utf-8")).text()
    )
