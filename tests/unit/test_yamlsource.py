"""YAML reading with line numbers: every problem points at a line, nothing crashes."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
import yaml

from plugins.essen import yamlsource
from plugins.essen.errors import DataError
from plugins.essen.loading import load_site
from plugins.essen.rules import Day, Invalid, MonthOrDate
from plugins.essen.yamlsource import (
    FILE_KEY,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_ITEMS,
    MAX_STRUCTURE_PROBLEMS,
    InvalidDate,
    LineDict,
    LineList,
    read_yaml,
)

from ..conftest import BILLION_LAUGHS, REPO, line_of, make_project, write_small_data

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
        # The bracket must be closed where it opens, not where libyaml gives up.
        ("title: [a, b\nstatus: idea\n", "title"),
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


# --------------------------------------------------------------------------- bounded YAML (issue 9)


def test_alias_bomb_ends_in_a_message_well_under_a_second(tmp_path: Path) -> None:
    assert len(BILLION_LAUGHS) <= 600
    started = time.monotonic()
    data, problems = read_text(tmp_path, BILLION_LAUGHS)
    elapsed = time.monotonic() - started
    assert elapsed < 1.0
    assert data is None
    assert problems[0].line == 1 and "»&a«" in problems[0].message
    assert any(p.line == 2 and "»*a«" in p.message for p in problems)
    assert all(p.key == FILE_KEY and p.path == SHOWN for p in problems)
    # One message per place up to a bound, then one that says more follow.
    assert len(problems) == MAX_STRUCTURE_PROBLEMS + 1
    assert "weitere" in problems[-1].message


def test_alias_bomb_through_load_site_is_a_message_well_under_a_second(tmp_path: Path) -> None:
    project = make_project(tmp_path, write_small_data)
    (project / "data/initiatives/bombe.yml").write_text(BILLION_LAUGHS, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(DataError) as caught:
        load_site(project / "data", project)
    assert time.monotonic() - started < 1.0
    assert {p.path for p in caught.value.problems} == {"data/initiatives/bombe.yml"}


@pytest.mark.parametrize(
    ("text", "marker", "words"),
    [
        ("title: &t Probe\nstatus: idea\n", "&t", ["Anker", "»&t«"]),
        ("title: Probe\nsummary: *t\n", "*t", ["Verweise", "»*t«"]),
        ("title: Probe\nlinks:\n  - &l\n    title: A\n", "&l", ["Anker"]),
    ],
    ids=["anchor", "undefined-alias", "anchor-on-a-section"],
)
def test_anchors_and_aliases_are_refused_at_their_line(
    tmp_path: Path, text: str, marker: str, words: list[str]
) -> None:
    data, problems = read_text(tmp_path, text)
    assert data is None
    (problem,) = problems
    assert (problem.path, problem.key) == (SHOWN, FILE_KEY)
    assert problem.line == first_line_containing(text, marker)
    for word in words:
        assert word in problem.message


@pytest.mark.parametrize(
    ("value", "shown_tag"),
    [
        ("!!set {a, b}", "!!set"),
        ("!!omap [a: 1]", "!!omap"),
        ("!!python/object/apply:os.system ['touch /tmp/x']", "!!python/object/apply:os.system"),
        ("!!python/name:os.system ''", "!!python/name:os.system"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!foo bar", "!foo"),
        ("!!str 2024", "!!str"),
        ("!!int '5'", "!!int"),
        ("!!timestamp 2024-01-01", "!!timestamp"),
        ("! bar", "!"),
        ("!!seq [a]", "!!seq"),
    ],
    ids=lambda value: value.split()[0] if value.startswith("!") else None,
)
def test_explicit_tags_are_refused_at_their_line(
    tmp_path: Path, value: str, shown_tag: str
) -> None:
    text = f"title: Probe\nstatus: idea\nsummary: {value}\n"
    data, problems = read_text(tmp_path, text)
    assert data is None
    (problem,) = problems
    assert (problem.line, problem.key) == (3, FILE_KEY)
    assert "Typangaben" in problem.message
    assert f"»{shown_tag}«" in problem.message


def test_tag_shorthand_from_a_tag_directive_is_refused(tmp_path: Path) -> None:
    text = "%TAG !py! tag:yaml.org,2002:python/\n---\ntitle: !py!name:os.system x\n"
    data, problems = read_text(tmp_path, text)
    assert data is None
    (problem,) = problems
    assert problem.line == 3 and "Typangaben" in problem.message


def test_merge_key_is_refused(tmp_path: Path) -> None:
    text = "title: Probe\nlocation:\n  <<: {lat: 51.4, lon: 7.0}\n"
    data, problems = read_text(tmp_path, text)
    assert data is None
    (problem,) = problems
    assert problem.line == 3 and "»<<«" in problem.message


def test_quoted_merge_key_is_an_ordinary_key(tmp_path: Path) -> None:
    data, problems = read_text(tmp_path, 'title: Probe\n"<<": x\n')
    assert problems == []
    assert data == {"title": "Probe", "<<": "x"}


def test_a_list_as_key_is_refused(tmp_path: Path) -> None:
    text = "title: Probe\n? [a, b]\n: c\n"
    data, problems = read_text(tmp_path, text)
    assert data is None
    (problem,) = problems
    assert problem.line == 2 and "Schlüssel" in problem.message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("title: " + "[" * 10_000 + "]" * 10_000 + "\n", 1),
        ("title: " + "[" * 999 + "]" * 999 + "\n", 1),
        ("".join("  " * i + "-\n" for i in range(MAX_DEPTH + 5)), MAX_DEPTH + 1),
        ("".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 5)) + "  " * 30 + "x\n", MAX_DEPTH + 1),
    ],
    ids=["10000-brackets", "999-brackets", "block-lists", "block-sections"],
)  # fmt: skip
def test_deep_nesting_is_a_message_not_a_recursion_error(
    tmp_path: Path, text: str, line: int
) -> None:
    started = time.monotonic()
    data, problems = read_text(tmp_path, text)
    assert time.monotonic() - started < 1.0
    assert data is None
    (problem,) = problems
    assert (problem.line, problem.key) == (line, FILE_KEY)
    # libyaml stops at 1,000 levels on its own, with a syntax error, before the bound is seen.
    assert "verschachtelt" in problem.message


def test_nesting_up_to_the_bound_is_read(tmp_path: Path) -> None:
    text = "title: " + "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1) + "\n"
    data, problems = read_text(tmp_path, text)
    assert problems == []
    assert isinstance(data, LineDict)


def test_a_list_over_the_item_bound_is_a_message(tmp_path: Path) -> None:
    text = "tags:\n" + "- x\n" * (MAX_ITEMS + 1)
    started = time.monotonic()
    data, problems = read_text(tmp_path, text)
    assert time.monotonic() - started < 1.0
    assert data is None
    (problem,) = problems
    assert problem.line == MAX_ITEMS + 2
    assert "mehr als 10.000 Einträge" in problem.message


def test_a_list_of_exactly_the_item_bound_is_read(tmp_path: Path) -> None:
    data, problems = read_text(tmp_path, "tags:\n" + "- x\n" * MAX_ITEMS)
    assert problems == []
    assert isinstance(data, LineDict) and len(data["tags"]) == MAX_ITEMS


def test_a_section_over_the_item_bound_is_a_message(tmp_path: Path) -> None:
    text = "".join(f"k{i}: x\n" for i in range(MAX_ITEMS + 1))
    data, problems = read_text(tmp_path, text)
    assert data is None
    (problem,) = problems
    assert problem.line == MAX_ITEMS + 1


def test_worst_file_under_the_caps_is_checked_quickly(tmp_path: Path) -> None:
    """Just under every cap: the most unknown keys a section may hold, each reported."""
    project = make_project(tmp_path, write_small_data)
    path = project / "data/initiatives/ampel.yml"
    text = path.read_text(encoding="utf-8")
    keys = "".join(f"unbekannter-schluessel-{i}: x\n" for i in range(MAX_ITEMS - 20))
    path.write_text(text + keys, encoding="utf-8")
    assert path.stat().st_size < MAX_FILE_BYTES
    started = time.monotonic()
    with pytest.raises(DataError) as caught:
        load_site(project / "data", project)
    elapsed = time.monotonic() - started
    assert len(caught.value.problems) == MAX_ITEMS - 20
    assert elapsed < 5.0


def test_several_documents_are_a_german_message(tmp_path: Path) -> None:
    text = "title: Eins\n---\ntitle: Zwei\n"
    data, problems = read_text(tmp_path, text)
    assert data is None
    (problem,) = problems
    assert problem.line == 2
    assert "mehrere Dokumente" in problem.message


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\ufffe", "\x08"])
def test_raw_control_character_is_a_german_message_at_its_line(tmp_path: Path, char: str) -> None:
    text = f"title: Grüße\nstatus: idea\nsummary: Ein{char}Satz\n"
    data, problems = read_text(tmp_path, text)
    assert data is None
    (problem,) = problems
    assert (problem.line, problem.key) == (3, FILE_KEY)
    assert f"U+{ord(char):04X}" in problem.message
    assert char not in str(problem)


def test_an_unexpected_parser_failure_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def overflow(self: object) -> object:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(yamlsource._LineLoader, "get_single_data", overflow)
    data, problems = read_text(tmp_path, "title: Probe\n")
    assert data is None
    (problem,) = problems
    assert (problem.path, problem.key) == (SHOWN, FILE_KEY)
    assert "kann nicht gelesen werden" in problem.message


def test_the_sample_data_is_far_below_every_bound() -> None:
    """The bounds leave headroom: the biggest sample file, its longest list and deepest nesting."""
    sizes = [p.stat().st_size for p in (REPO / "data").rglob("*.yml")]
    assert max(sizes) * 100 < MAX_FILE_BYTES
    for path in (REPO / "data").rglob("*.yml"):
        _, problems = read_yaml(path, path.name)
        assert problems == [], path


def test_a_number_with_more_digits_than_python_converts_is_a_number(tmp_path: Path) -> None:
    path = tmp_path / "gross.yml"
    path.write_text("title: " + "1" * 5000 + "\n", encoding="utf-8")
    data, problems = read_yaml(path, "data/gross.yml")
    assert problems == []
    assert isinstance(data, dict) and data["title"] == float("inf")
