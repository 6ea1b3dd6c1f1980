"""The rules layer (issue 9): every value is checked and inert.

Forbidden characters, length and list caps, wrong types, dates at the ends of the calendar,
normalised districts and tags, reserved contact ids, and independent checks of one record. Unit
tests call the rules directly; the rest load real data folders written into tmp_path and look at
the located German messages.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest

from plugins.essen.errors import DataError, Problem
from plugins.essen.loading import load_site
from plugins.essen.richtext import MAX_CONTAINER_DEPTH
from plugins.essen.rules import (
    CONTACT,
    DESCRIPTION_MAX_LENGTH,
    INITIATIVE,
    MAX_TAGS,
    SUMMARY_MAX_LENGTH,
    TERM_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Choice,
    Day,
    Email,
    Flag,
    Invalid,
    Markdown,
    MonthOrDate,
    Number,
    PartialDate,
    Phone,
    Slug,
    Term,
    Text,
    Url,
)

from ..conftest import small_data, write_data

# Every kind of forbidden character, with the class the message names.
FORBIDDEN = {
    "\x00": "Steuerzeichen",
    "\x07": "Steuerzeichen",
    "\x1b": "Steuerzeichen",
    "\r": "Steuerzeichen",
    "\x7f": "Steuerzeichen",
    "\x85": "Steuerzeichen",
    "\x9f": "Steuerzeichen",
    # Lone surrogates, as YAML's "\uD800" produces them (chr: ruff cannot hash the literals).
    chr(0xD800): "halbes Zeichen",
    chr(0xDFFF): "halbes Zeichen",
    "\ufdd0": "Nichtzeichen",
    "\ufdef": "Nichtzeichen",
    "\ufffe": "Nichtzeichen",
    "\uffff": "Nichtzeichen",
    "\U0001fffe": "Nichtzeichen",
    "\U0010ffff": "Nichtzeichen",
    "\u2028": "Zeilen- oder Absatztrenner",
    "\u2029": "Zeilen- oder Absatztrenner",
    "\u202e": "Schreibrichtung",
    "\u2066": "Schreibrichtung",
}
TEXT_RULES = [Text(), Text(300), Markdown(), Term()]


@pytest.mark.parametrize("char", list(FORBIDDEN), ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("rule", TEXT_RULES, ids=lambda r: type(r).__name__)
def test_forbidden_character_is_named_with_code_point_and_position(rule: Text, char: str) -> None:
    with pytest.raises(Invalid) as error:
        rule.check(f"Ab{char}cd")
    message = error.value.message
    assert f"U+{ord(char):04X}" in message
    assert FORBIDDEN[char] in message
    assert "an Stelle 3" in message
    # The message itself must be safe to print: the character is never in it.
    assert char not in message + error.value.hint


@pytest.mark.parametrize(
    "rule",
    [Slug(), Choice({"idea": "Idee"}), Url(), Email(), Phone(), MonthOrDate(), Day()],
    ids=lambda r: type(r).__name__,
)
def test_every_text_like_rule_rejects_forbidden_characters(rule: object) -> None:
    with pytest.raises(Invalid) as error:
        rule.check("a\ufffeb")  # type: ignore[attr-defined]
    assert "U+FFFE" in error.value.message
    assert "\ufffe" not in error.value.message


@pytest.mark.parametrize("char", ["\u200b", "\u200d", "\u00ad", "\u200e", "\t", "\n"])
def test_allowed_invisible_characters_and_line_breaks_in_markdown(char: str) -> None:
    assert Markdown().check(f"a{char}b") == f"a{char}b"


def test_one_line_text_joins_the_lines_of_a_block_scalar() -> None:
    assert Text().check("Erste Zeile\nzweite\tZeile\n") == "Erste Zeile zweite Zeile"
    assert Text().check("Zwei  Leerzeichen bleiben") == "Zwei  Leerzeichen bleiben"


def test_terms_lose_invisible_characters_and_odd_spaces() -> None:
    plain = "Rüttenscheid"
    variants = [
        unicodedata.normalize("NFD", plain),
        "Rütten\u200bscheid",
        "Rütten\u200cscheid",
        "Rütten\u200dscheid",
        "Rütten\u2060scheid",
        "\ufeffRüttenscheid",
        "Rütten\u00adscheid",
        " Rüttenscheid\u00a0",
    ]
    assert {Term().check(v) for v in variants} == {plain}
    assert Term().check("Altenessen\u00a0 -\u2003Süd") == "Altenessen - Süd"


# --------------------------------------------------------------------------- lengths


@pytest.mark.parametrize(
    ("rule", "limit"),
    [
        (INITIATIVE.by_name["title"].type, TITLE_MAX_LENGTH),
        (INITIATIVE.by_name["summary"].type, SUMMARY_MAX_LENGTH),
        (INITIATIVE.by_name["description"].type, DESCRIPTION_MAX_LENGTH),
        (INITIATIVE.by_name["tags"].type.item, TERM_MAX_LENGTH),
    ],
)
def test_length_cap_is_exact_and_told(rule: Text, limit: int) -> None:
    assert rule.check("a" * limit) == "a" * limit
    with pytest.raises(Invalid) as error:
        rule.check("a" * (limit + 1))
    german = f"{limit:,}".replace(",", ".")
    longer = f"{limit + 1:,}".replace(",", ".")
    # The whole sentence: the number's separators are dots, the sentence's comma stays a comma
    # (it had become »lang. erlaubt«).
    assert error.value.message == (
        f"der Text ist {longer} Zeichen lang, erlaubt sind höchstens {german}"
    )


def test_every_text_key_has_a_cap() -> None:
    """No key of the contract takes unbounded text (what the schemas show as maxLength)."""
    from plugins.essen.rules import FIELD, LINK, PARTNER, ListOf

    for record in (FIELD, INITIATIVE, PARTNER, CONTACT, LINK):
        for key in record.keys:
            rule = key.type.item if isinstance(key.type, ListOf) else key.type
            if isinstance(key.type, ListOf) and key.name != "fields":
                assert key.type.max_items, f"{record.title}.{key.name}"
            if isinstance(rule, Text):
                assert rule.max_length, f"{record.title}.{key.name}"


def test_markdown_nested_too_deep_is_rejected_not_dropped() -> None:
    deep_quotes = "".join(">" * level + " Ebene\n" for level in range(1, 30))
    with pytest.raises(Invalid) as error:
        Markdown().check(deep_quotes)
    assert "verschachtelt" in error.value.message
    nested_list = "".join("  " * level + "- Punkt\n" for level in range(5))
    assert Markdown().check(nested_list)
    # Tabs are four columns each: two list levels per character of indentation.
    for indent in ("  ", "\t", "   "):
        deep_list = "".join(indent * level + "- Punkt\n" for level in range(30))
        with pytest.raises(Invalid):
            Markdown().check(deep_list)
    # Quotes and lists inside each other on one line.
    with pytest.raises(Invalid):
        Markdown().check("> - " * 7 + "Punkt")


@pytest.mark.parametrize("depth", [12, 13])
def test_nesting_bound_is_exact(depth: int) -> None:
    text = "".join("  " * level + "- Punkt\n" for level in range(depth))
    if depth <= MAX_CONTAINER_DEPTH:
        assert Markdown().check(text)
    else:
        with pytest.raises(Invalid):
            Markdown().check(text)


# --------------------------------------------------------------------------- types


@pytest.mark.parametrize(
    ("value", "found"),
    [
        (2024, "Zahl"),
        (1.5, "Zahl"),
        (True, "Wahrheitswert"),
        (dt.date(2024, 5, 1), "Datum"),
        (dt.datetime(2024, 5, 1, 10, 0), "Datum mit Uhrzeit"),
        (["a"], "Liste"),
        ({"a": 1}, "Abschnitt mit Schlüsseln"),
        ({"a"}, "Menge"),
        (b"x", "Binärdaten"),
    ],
)
def test_wrong_type_for_text_says_what_was_found(value: object, found: str) -> None:
    with pytest.raises(Invalid) as error:
        Text().check(value)
    assert error.value.message == f"erwartet wird Text, gefunden: {found}"
    assert "Anführungszeichen" in error.value.hint


@pytest.mark.parametrize(
    "rule",
    [Slug(), Choice({"idea": "Idee"}), Url(), Email(), Phone(), MonthOrDate(), Day(), Flag()],
    ids=lambda r: type(r).__name__,
)
@pytest.mark.parametrize("value", [["a"], {"a": 1}, {"a"}, 10**4000, 1.5, None])
def test_unhashable_and_odd_values_are_messages(rule: object, value: object) -> None:
    with pytest.raises(Invalid) as error:
        rule.check(value)  # type: ignore[attr-defined]
    assert len(error.value.message) < 300


def test_phone_written_as_number_is_refused() -> None:
    with pytest.raises(Invalid) as error:
        Phone().check(492018888109)
    assert "Anführungszeichen" in error.value.hint


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), 10**400, "51.4"])
def test_coordinates_must_be_finite_numbers_in_range(value: object) -> None:
    with pytest.raises(Invalid) as error:
        Number(-90, 90).check(value)
    assert len(error.value.message) < 200


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize("value", ["0000-05", "0000-05-01", "2024-00", "2024-13", "99999-01"])
def test_months_outside_the_calendar_are_refused(value: str) -> None:
    with pytest.raises(Invalid):
        MonthOrDate().check(value)


def test_last_month_of_the_calendar_has_a_last_day() -> None:
    december = MonthOrDate().check("9999-12")
    assert december.last_day == dt.date(9999, 12, 31)
    assert MonthOrDate().check("0001-01").first_day == dt.date(1, 1, 1)
    assert PartialDate(2024, 2).last_day == dt.date(2024, 2, 29)


# --------------------------------------------------------------------------- ids


def test_contact_ids_may_not_use_the_sites_own_prefix() -> None:
    rule = CONTACT.by_name["id"].type
    with pytest.raises(Invalid) as error:
        rule.check("ce-search-input")
    assert "»ce-«" in error.value.message
    assert rule.check("cedric") == "cedric"


def test_ids_are_capped() -> None:
    with pytest.raises(Invalid) as error:
        Slug().check("a" * 101)
    assert "höchstens 100" in error.value.message


# --------------------------------------------------------------------------- loading

MESSAGE = re.compile(r"^data/[^:]+:\d+: \S+: .+ — .+$")


def problems_of(tmp_path: Path, data: dict) -> list[Problem]:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    write_data(data_dir, data)
    with pytest.raises(DataError) as error:
        load_site(data_dir, tmp_path)
    for problem in error.value.problems:
        assert MESSAGE.match(str(problem)), problem
    return error.value.problems


def test_field_with_missing_description_and_duplicate_id_reports_both(tmp_path: Path) -> None:
    data = small_data()
    first = data["fields"][0]
    del first["description"]
    data["fields"].append({**data["fields"][1], "id": first["id"]})
    found = {(p.key, p.message.split(" »")[0]) for p in problems_of(tmp_path, data)}
    assert ("description", "Pflichtangabe fehlt") in found
    assert ("id", "die Kennung") in found


def test_contact_with_bad_phone_still_gets_its_organization_checked(tmp_path: Path) -> None:
    data = small_data()
    data["contacts"][0]["phone"] = "Telefon"
    data["contacts"][0]["organization"] = "stadt-esen"
    keys = {p.key for p in problems_of(tmp_path, data)}
    assert keys == {"phone", "organization"}


def test_initiative_with_bad_status_still_gets_its_references_checked(tmp_path: Path) -> None:
    data = small_data()
    data["initiatives"]["ampel"]["status"] = "gestartet"
    data["initiatives"]["ampel"]["partners"] = ["lumenkraf"]
    data["initiatives"]["ampel"]["fields"] = ["smart-mobilty"]
    keys = {p.key for p in problems_of(tmp_path, data)}
    assert keys == {"status", "partners[1]", "fields[1]"}


def test_list_caps_are_messages(tmp_path: Path) -> None:
    data = small_data()
    data["initiatives"]["ampel"]["tags"] = [f"Schlagwort {n}" for n in range(MAX_TAGS + 1)]
    (problem,) = problems_of(tmp_path, data)
    assert problem.key == "tags"
    assert f"höchstens {MAX_TAGS}" in problem.message


def test_hostile_values_in_messages_are_shown_safely(tmp_path: Path) -> None:
    data = small_data()
    data["initiatives"]["ampel"]["status"] = "x\x1b[31m"
    data["initiatives"]["ampel"]["start"] = "2024\x07-05"
    data["initiatives"]["ampel"]["s\x1btatus2"] = "x"
    data["initiatives"]["zentrum"]["end"] = "9" * 5000
    for problem in problems_of(tmp_path, data):
        text = str(problem)
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text), text
        assert len(text) < 400, text
