"""YAML reading with line numbers: every problem points at a line, nothing crashes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from plugins.essen.errors import DataError
from plugins.essen.loading import load_site
from plugins.essen.rules import Day, Invalid, MonthOrDate
from plugins.essen.yamlsource import FILE_KEY, InvalidDate, LineDict, LineList, read_yaml

from .conftest import line_of, make_project, write_small_data

SHOWN = "data/initiatives/probe.yml"


def read_text(tmp_path: Path, text: str) -> tuple[object, list]:
    path = tmp_path / "probe.yml"
    path.write_text(text, encoding="utf-8")
    return read_yaml(path, SHOWN)


def read_bytes(tmp_path: Path, raw: bytes) -> tuple[object, list]:
    path = tmp_path / "probe.yml"
    path.write_bytes(raw)
    return read_yaml(path, SHOWN)


NESTED = """\
# a comment on line 1
title: Probe

fields:
  - smart-living
  # a comment inside the list
  - smart-energy
links:
  - title: Stadt
    url: https://www.essen.de/
  - title: EVV
    url: https://www.evv.de/
location:
  lat: 51.45
  lon: 7.01
"""


def test_lines_of_keys_and_list_items(tmp_path: Path) -> None:
    data, problems = read_text(tmp_path, NESTED)
    assert problems == []
    assert isinstance(data, LineDict)
    assert data == yaml.safe_load(NESTED)
    for key in ("title", "fields", "links", "location"):
        assert data.line_of(key) == line_of(NESTED, f"{key}:"), key
    fields = data["fields"]
    assert isinstance(fields, LineList)
    assert fields.line_of(0) == line_of(NESTED, "- smart-living")
    assert fields.line_of(1) == line_of(NESTED, "- smart-energy")
    links = data["links"]
    assert isinstance(links, LineList)
    assert [links.line_of(i) for i in range(len(links))] == [
        line_of(NESTED, "- title: Stadt"),
        line_of(NESTED, "- title: EVV"),
    ]
    second = links[1]
    assert isinstance(second, LineDict)
    assert second.line_of("url") == line_of(NESTED, "url:", occurrence=2)
    assert data["location"].line_of("lon") == line_of(NESTED, "lon:")


def test_line_of_a_missing_key_is_the_line_of_its_mapping(tmp_path: Path) -> None:
    data, _ = read_text(tmp_path, NESTED)
    assert isinstance(data, LineDict)
    assert data["links"][1].line_of("missing") == line_of(NESTED, "- title: EVV")


def test_duplicate_key_is_reported_with_the_line_of_the_repetition(tmp_path: Path) -> None:
    text = "title: Eins\nstatus: idea\nsummary: Kurz\ntitle: Zwei\n"
    data, problems = read_text(tmp_path, text)
    assert data is not None
    assert len(problems) == 1
    problem = problems[0]
    assert problem.path == SHOWN
    assert problem.key == "title"
    assert problem.line == line_of(text, "title: Zwei")
    assert "doppelt" in problem.message


def test_duplicate_key_in_a_nested_list_entry(tmp_path: Path) -> None:
    text = "links:\n  - title: A\n    url: https://a.example/\n    title: B\n"
    _, problems = read_text(tmp_path, text)
    assert [(p.line, p.key) for p in problems] == [(line_of(text, "title: B"), "title")]


def test_invalid_date_is_kept_as_text_not_a_crash(tmp_path: Path) -> None:
    text = "updated: 2024-13-45\nstart: 2024-02-30\nok: 2024-02-29\n"
    data, problems = read_text(tmp_path, text)
    assert problems == []
    assert isinstance(data, LineDict)
    assert isinstance(data["updated"], InvalidDate)
    assert data["updated"] == "2024-13-45"
    assert isinstance(data["start"], InvalidDate)
    assert data["ok"] == dt.date(2024, 2, 29)
    with pytest.raises(Invalid):
        Day().check(data["updated"])
    with pytest.raises(Invalid):
        MonthOrDate().check(data["start"])


def test_invalid_date_becomes_a_problem_when_loading(tmp_path: Path) -> None:
    project = make_project(tmp_path, write_small_data)
    path = project / "data" / "initiatives" / "ampel.yml"
    text = path.read_text(encoding="utf-8") + "updated: 2024-13-45\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_site(project / "data", project)
    assert [(p.path, p.line, p.key) for p in caught.value.problems] == [
        ("data/initiatives/ampel.yml", line_of(text, "updated:"), "updated")
    ]
    assert "2024-13-45" in caught.value.problems[0].message


def test_non_utf8_file_is_a_problem_naming_the_line(tmp_path: Path) -> None:
    raw = "title: Probe\nstatus: idea\nsummary: Gr\u00fc\u00dfe aus M\u00fcnchen\n".encode(
        "latin-1"
    )
    data, problems = read_bytes(tmp_path, raw)
    assert data is None
    assert len(problems) == 1
    assert problems[0].line == 3
    assert problems[0].key == FILE_KEY
    assert "UTF-8" in problems[0].message


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    text = "title: Grüße\nstatus: idea\n"
    data, problems = read_bytes(tmp_path, b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert problems == []
    assert data == {"title": "Grüße", "status": "idea"}
    assert isinstance(data, LineDict)
    assert data.line_of("title") == 1
    assert data.line_of("status") == 2


@pytest.mark.parametrize(
    "text",
    ["", "\n\n   \n", "# nur ein Kommentar\n", "# Kommentar\n\n  # noch einer\n"],
    ids=["empty", "blank-lines", "comment", "comments-and-blank-lines"],
)
def test_empty_or_comment_only_file_is_a_problem(tmp_path: Path, text: str) -> None:
    data, problems = read_text(tmp_path, text)
    assert data is None
    assert [(p.path, p.line, p.key) for p in problems] == [(SHOWN, 1, FILE_KEY)]
    assert "leer" in problems[0].message


def first_line_containing(text: str, marker: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if marker in line)


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("title: Probe\nsummary: eins: zwei\nstatus: idea\n", "eins: zwei"),
        ("title: Probe\nfields:\n  - a\n - b\nstatus: idea\n", " - b"),
        ("title: Probe\nstatus: idea\n\tsummary: Tab\n", "\t"),
        ("title: [a, b\nstatus: idea\n", "status"),
    ],
    ids=["colon-in-value", "bad-indent", "tab", "unclosed-bracket"],
)
def test_yaml_syntax_error_is_a_problem_with_the_right_line(
    tmp_path: Path, text: str, marker: str
) -> None:
    data, problems = read_text(tmp_path, text)
    assert data is None
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.path, problem.key) == (SHOWN, FILE_KEY)
    assert problem.message.startswith("YAML-Syntaxfehler")
    assert problem.line == first_line_containing(text, marker)
    assert str(problem).startswith(f"{SHOWN}:{problem.line}: {FILE_KEY}: YAML-Syntaxfehler")


def test_unclosed_quote_points_at_the_line_where_the_quote_opens(tmp_path: Path) -> None:
    # PyYAML only notices at the end of the file; the editor must be sent to the opening quote,
    # not to a line after the end of the file.
    text = 'title: Probe\nsummary: "offen\nstatus: idea\nfields:\n  - smart-living\n'
    data, problems = read_text(tmp_path, text)
    assert data is None
    assert len(problems) == 1
    assert problems[0].line == first_line_containing(text, '"offen')
