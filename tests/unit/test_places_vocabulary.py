"""`districts` as a checked vocabulary (issue 14): the 50 Stadtteile, the 9 Stadtbezirke and
Gesamtstadt, spelled one way; lookalike spellings normalised, mistakes refused with the names
meant. The rule is called directly; one load of a real data folder shows the located message
and the merging of two spellings of one place.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.essen.errors import DataError
from plugins.essen.loading import load_site
from plugins.essen.places.gazetteer import GESAMTSTADT, gazetteer
from plugins.essen.rules import INITIATIVE, District, Invalid

from ..conftest import REPO, small_data, write_data

RULE = INITIATIVE.by_name["districts"].type.item
PLACES = gazetteer()


def refusal(value: object) -> Invalid:
    with pytest.raises(Invalid) as error:
        RULE.check(value)
    return error.value


def test_the_key_uses_the_vocabulary() -> None:
    assert isinstance(RULE, District)
    assert len(PLACES.stadtteile) == 50 and len(PLACES.bezirke) == 9
    assert len(set(PLACES.names)) == 60


def test_every_stadtteil_and_bezirk_is_valid_as_written() -> None:
    names = [s.name for s in PLACES.stadtteile] + [b.name for b in PLACES.bezirke]
    assert [RULE.check(name) for name in names] == names
    assert "Rüttenscheid" in names and "Stadtmitte/Frillendorf/Huttrop" in names


def test_gesamtstadt_is_valid() -> None:
    assert RULE.check("Gesamtstadt") == GESAMTSTADT == "Gesamtstadt"


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("rüttenscheid", "Rüttenscheid"),
        ("RÜTTENSCHEID", "Rüttenscheid"),
        ("gesamtstadt", "Gesamtstadt"),
        ("ruhrhalbinsel", "Ruhrhalbinsel"),
        ("STEELE/KRAY", "Steele/Kray"),
        ("Steele / Kray", "Steele/Kray"),
        ("werden/kettwig/bredeney", "Werden/Kettwig/Bredeney"),
        ("margarethenhÖhe", "Margarethenhöhe"),
    ],
)
def test_letter_case_is_normalised(written: str, canonical: str) -> None:
    assert RULE.check(written) == canonical


@pytest.mark.parametrize("name", ["Rüttenscheid", "Überruhr-Holthausen", "Margarethenhöhe"])
def test_decomposed_umlauts_are_the_same_place(name: str) -> None:
    decomposed = unicodedata.normalize("NFD", name)
    assert decomposed != name
    assert RULE.check(decomposed) == name
    assert RULE.check(decomposed.upper()) == name


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Alteneßen-Nord", "Altenessen-Nord"),
        ("ALTENESSEN-SÜD", "Altenessen-Süd"),
        ("ALTENEẞEN/KARNAP/VOGELHEIM", "Altenessen/Karnap/Vogelheim"),
    ],
)
def test_sharp_s_and_ss_are_the_same_letter(written: str, canonical: str) -> None:
    assert RULE.check(written) == canonical


@pytest.mark.parametrize(
    "written",
    [
        "Rütten\u200bscheid",
        "\ufeffRüttenscheid",
        "Rütten\u00adscheid",
        " Rüttenscheid\u00a0",
        "Altenessen\u2011Süd",  # non-breaking hyphen
        "Altenessen \u2013 Süd",  # en dash with spaces
    ],
)
def test_invisible_characters_spaces_and_dashes_are_normalised(written: str) -> None:
    assert RULE.check(written) in {"Rüttenscheid", "Altenessen-Süd"}


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Rüttenschied", "»Rüttenscheid«"),
        ("Ruettenscheid", "»Rüttenscheid«"),
        ("Ruttenscheid", "»Rüttenscheid«"),
        ("Ueberruhr-Hinsel", "»Überruhr-Hinsel«"),
        ("Uberruhr-Hinsel", "»Überruhr-Hinsel«"),
        ("Margarethenhoehe", "»Margarethenhöhe«"),
        ("Altenessen Süd", "»Altenessen-Süd«"),
        ("Bredeny", "»Bredeney«"),
        ("Katerberg", "»Katernberg«"),
        ("Essen-Werden", "»Werden«"),
        ("Essen", "»Gesamtstadt«"),
        ("stadtweit", "»Gesamtstadt«"),
    ],
)
def test_a_typo_is_refused_with_the_name_meant(written: str, meant: str) -> None:
    error = refusal(written)
    assert error.message == f"»{written}« gibt es als Stadtteil nicht"
    assert error.hint == f"meinten Sie {meant}?"


def test_part_of_a_name_suggests_the_stadtteile_and_the_bezirk() -> None:
    assert refusal("Altenessen").hint == (
        "meinten Sie »Altenessen-Nord«, »Altenessen-Süd« oder "
        "»Altenessen/Karnap/Vogelheim« (der ganze Stadtbezirk V)?"
    )
    assert refusal("Stadtmitte").hint == (
        "meinten Sie »Stadtmitte/Frillendorf/Huttrop« (der ganze Stadtbezirk I)?"
    )
    assert refusal("Überruhr").hint == "meinten Sie »Überruhr-Hinsel« oder »Überruhr-Holthausen«?"


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("Bezirk II", 2),
        ("Stadtbezirk VIII", 8),
        ("stadtbezirk 9", 9),
        ("Bezirk 1", 1),
        ("IV", 4),
        ("Stadtbezirk-III", 3),
        ("Bezirk Nr. 5", 5),
    ],
)
def test_a_bezirk_by_its_number_is_refused_naming_its_name(written: str, number: int) -> None:
    bezirk = PLACES.bezirk(number)
    error = refusal(written)
    assert "Stadtbezirke stehen mit ihrem Namen in der Liste, nicht mit ihrer Nummer" in error.message
    assert error.hint == f"schreiben Sie »{bezirk.name}« für den ganzen Stadtbezirk {bezirk.roman}"


@pytest.mark.parametrize("written", ["Paris", "Bezirk 12", "Kettwig vor der Brücke", "<b>Süd</b>"])
def test_unknown_without_close_match_names_where_the_list_is(written: str) -> None:
    error = refusal(written)
    assert error.message == f"»{written}« gibt es als Stadtteil nicht"
    assert error.hint == (
        "erlaubt sind die 50 Stadtteile, die 9 Stadtbezirke und »Gesamtstadt«; "
        "die Liste steht in REDAKTION.md unter »Stadtteile und Stadtbezirke«"
    )


@pytest.mark.parametrize("value", [42, None, ["Rüttenscheid"], "", "   ", "x" * 61])
def test_what_is_no_place_name_at_all_is_refused_as_text_is(value: object) -> None:
    refusal(value)


def test_the_schema_lists_exactly_the_valid_names() -> None:
    schema = RULE.json_schema()
    assert schema == {"type": "string", "enum": list(PLACES.names)}
    assert all(RULE.check(name) == name for name in schema["enum"])


# --------------------------------------------------------------------------- properties

SETTINGS = settings(max_examples=300, derandomize=True, deadline=None, database=None)
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


@st.composite
def spellings(draw: st.DrawFn) -> tuple[str, str]:
    """(a valid name, one of its spellings the rule normalises silently)."""
    name = draw(st.sampled_from(PLACES.names))
    text = "".join(draw(st.sampled_from([c.lower(), c.upper()])) for c in name)
    if draw(st.booleans()):
        text = text.replace("ss", "ß").replace("SS", "ẞ")
    if draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)
    position = draw(st.integers(0, len(text)))
    text = text[:position] + draw(st.sampled_from(INVISIBLE)) + text[position:]
    for mark in ("-", "/"):
        text = text.replace(mark, draw(st.sampled_from([mark, f" {mark} ", f"\u00a0{mark}"])))
    if "-" in text and draw(st.booleans()):
        text = text.replace("-", "\u2013")
    return name, draw(st.sampled_from(["", " ", "\u00a0"])) + text


@SETTINGS
@given(spellings())
def test_every_normalised_spelling_gives_the_one_name(pair: tuple[str, str]) -> None:
    name, written = pair
    assert RULE.check(written) == name


@SETTINGS
@given(
    st.text(alphabet=st.characters(categories=["L", "N", "P", "Zs"]), max_size=30).filter(str.strip)
)
def test_anything_else_is_refused_naming_only_valid_places(text: str) -> None:
    try:
        found = RULE.check(text)
    except Invalid as error:
        assert error.message.endswith(("gibt es als Stadtteil nicht", "nicht mit ihrer Nummer"))
        if error.hint.startswith(("meinten Sie", "schreiben Sie")):
            # Suggestions name only places the rule accepts.
            named = re.findall(r"»([^«]+)«", error.hint)
            assert named and set(named) <= set(PLACES.names), named
        else:
            assert error.hint.startswith("erlaubt sind die 50 Stadtteile"), error.hint
        return
    assert found in PLACES.names


# --------------------------------------------------------------------------- loading

MESSAGE = re.compile(r"^data/initiatives/ampel\.yml:(\d+): districts\[2\]: .+ — .+$")


def test_a_typo_is_reported_at_its_line(tmp_path: Path) -> None:
    data = small_data()
    data["initiatives"]["ampel"]["districts"] = ["Kray", "Rüttenschied"]
    data_dir = tmp_path / "data"
    write_data(data_dir, data)
    with pytest.raises(DataError) as error:
        load_site(data_dir, tmp_path)
    (problem,) = error.value.problems
    text = str(problem)
    match = MESSAGE.match(text)
    assert match, text
    lines = (data_dir / "initiatives" / "ampel.yml").read_text(encoding="utf-8").splitlines()
    assert lines[int(match.group(1)) - 1].strip() == "- Rüttenschied"
    assert text.endswith("»Rüttenschied« gibt es als Stadtteil nicht — meinten Sie »Rüttenscheid«?")


def test_spellings_of_one_place_become_one_value(tmp_path: Path) -> None:
    data = small_data()
    data["initiatives"]["ampel"]["districts"] = [
        "Rüttenscheid",
        "rüttenscheid",
        unicodedata.normalize("NFD", "RÜTTENSCHEID"),
        "Steele / Kray",
        "Steele/Kray",
    ]
    data_dir = tmp_path / "data"
    write_data(data_dir, data)
    site = load_site(data_dir, tmp_path)
    (ampel,) = [i for i in site.initiatives if i.id == "ampel"]
    assert ampel.districts == ("Rüttenscheid", "Steele/Kray")
    assert site.districts == ("Rüttenscheid", "Steele/Kray")


# --------------------------------------------------------------------------- the editors' guide


def test_the_editors_guide_lists_exactly_the_vocabulary_by_bezirk() -> None:
    guide = (REPO / "REDAKTION.md").read_text(encoding="utf-8")
    section = guide.split("### Stadtteile und Stadtbezirke\n", 1)[1].split("\n### ", 1)[0]
    rows = [line for line in section.splitlines() if re.match(r"^\| [IVX]+ \|", line)]
    listed = []
    for row in rows:
        roman, bezirk, stadtteile = (cell.strip() for cell in row.strip("|").split("|"))
        names = re.findall(r"`([^`]+)`", stadtteile)
        listed.append((roman, bezirk.strip("`"), tuple(names)))
    assert listed == [
        (b.roman, b.name, tuple(s.name for s in b.stadtteile)) for b in PLACES.bezirke
    ]
    assert "`Gesamtstadt`" in section
    # The example message of the guide is the rule's own.
    error = refusal("Rüttenschied")
    assert f"`{error.message} — {error.hint}`" in guide
