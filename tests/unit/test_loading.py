"""Loading and validating data/ without MkDocs: ids, references, order and error reports."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
import yaml

from plugins.essen.errors import DataError, Problem
from plugins.essen.loading import ReadCache, id_from_filename, load_site
from plugins.essen.model import Contact, Field, Initiative, Partner
from plugins.essen.pages import site_pages
from plugins.essen.pages.render import Renderer
from plugins.essen.places.gazetteer import gazetteer
from plugins.essen.rules import PARTNER_TYPE_LABELS, STATUS_LABELS, SUMMARY_MAX_LENGTH
from plugins.essen.yamlsource import FILE_KEY

from ..conftest import REPO, line_of, make_project, small_data, write_data


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("Bürger RatHaus Süd", "buerger-rathaus-sued"),
        ("Straße", "strasse"),
        ("ÄÖÜ", "aeoeue"),
        ("Grün & Co", "gruen-co"),
        ("smart-parking", "smart-parking"),
    ],
)
def test_id_from_filename(stem: str, expected: str) -> None:
    assert id_from_filename(stem) == expected


# --------------------------------------------------------------------------- repo sample data


def _yaml(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample_site():
    return load_site(REPO / "data", REPO)


def test_sample_data_loads_and_meets_the_requirements(sample_site) -> None:
    initiative_files = sorted((REPO / "data" / "initiatives").glob("*.yml"))
    partner_files = sorted((REPO / "data" / "partners").glob("*.yml"))
    fields = _yaml(REPO / "data" / "fields.yml")
    contacts = _yaml(REPO / "data" / "contacts.yml")

    assert len(initiative_files) >= 30
    assert {i.id for i in sample_site.initiatives} == {
        id_from_filename(p.stem) for p in initiative_files
    }
    assert {i.status for i in sample_site.initiatives} == set(STATUS_LABELS)
    assert {f.id for i in sample_site.initiatives for f in i.fields} == {f["id"] for f in fields}

    assert len(partner_files) >= 12
    assert {p.id for p in sample_site.partners} == {id_from_filename(p.stem) for p in partner_files}
    assert {p.type for p in sample_site.partners} == set(PARTNER_TYPE_LABELS)

    assert {c.id for c in sample_site.contacts} == {c["id"] for c in contacts}
    leaders = {c.name for c in sample_site.contacts if c.leadership}
    assert leaders == {"Hans-Jürgen Best", "Lars-Martin Klieve"}
    raw_leaders = {c["name"] for c in contacts if c.get("leadership") is True}
    assert raw_leaders == leaders


def test_sample_data_gives_exactly_one_page_per_record(sample_site) -> None:
    pages = list(site_pages(sample_site, Renderer(REPO / "overrides" / "essen")))
    uris = [page.src_uri for page in pages]
    assert len(uris) == len(set(uris))
    expected = {"handlungsfelder/index.md", "initiativen/index.md", "partner/index.md"}
    expected.add("kontakt/index.md")
    expected |= {f"handlungsfelder/{f.id}/index.md" for f in sample_site.fields}
    expected |= {f"initiativen/{i.id}/index.md" for i in sample_site.initiatives}
    expected |= {f"partner/{p.id}/index.md" for p in sample_site.partners}
    # News and events (issue 15): an overview each and a page per record.
    expected |= {"aktuelles/index.md", "termine/index.md"}
    expected |= {f"aktuelles/{item.slug}/index.md" for item in sample_site.news}
    expected |= {f"termine/{event.id}/index.md" for event in sample_site.events}
    # Places (issue 14): the overview, a page per Stadtbezirk, the map.
    expected |= {"stadtteile/index.md", "karte/index.md"}
    expected |= {f"stadtteile/{bezirk.slug}/index.md" for bezirk in gazetteer().bezirke}
    assert set(uris) == expected
    sources = {page.source for page in pages if page.source}
    record_files = {
        f"data/{kind}/{path.name}"
        for kind, pattern in (
            ("initiatives", "*.yml"),
            ("partners", "*.yml"),
            ("news", "*.md"),
            ("events", "*.yml"),
        )
        for path in (REPO / "data" / kind).glob(pattern)
    }
    assert record_files <= sources


# --------------------------------------------------------------------------- small data set


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory):
    data = small_data()
    project = make_project(tmp_path_factory.mktemp("loading"), lambda d: write_data(d, data))
    return data, load_site(project / "data", project)


def test_references_are_resolved(small) -> None:
    data, site = small
    partners = {p.id: p for p in site.partners}
    contacts = {c.id: c for c in site.contacts}
    by_id = {i.id: i for i in site.initiatives}
    assert set(by_id) == {id_from_filename(stem) for stem in data["initiatives"]}
    for stem, raw in data["initiatives"].items():
        initiative = by_id[id_from_filename(stem)]
        assert isinstance(initiative, Initiative)
        assert all(isinstance(f, Field) for f in initiative.fields)
        assert [f.id for f in initiative.fields] == raw["fields"]
        assert [f.name for f in initiative.fields] == [
            next(f["name"] for f in data["fields"] if f["id"] == ref) for ref in raw["fields"]
        ]
        if "lead" in raw:
            assert isinstance(initiative.lead, Partner)
            assert initiative.lead is partners[raw["lead"]]
            assert initiative.lead.name == data["partners"][raw["lead"]]["name"]
        else:
            assert initiative.lead is None
        assert all(isinstance(p, Partner) for p in initiative.partners)
        assert [p.id for p in initiative.partners] == raw.get("partners", [])
        assert all(isinstance(c, Contact) for c in initiative.contacts)
        assert [c.id for c in initiative.contacts] == raw.get("contacts", [])
        assert all(c is contacts[c.id] for c in initiative.contacts)
        assert initiative.source == f"data/initiatives/{stem}.yml"
    for raw_contact in data["contacts"]:
        contact = contacts[raw_contact["id"]]
        assert contact.organization is partners[raw_contact["organization"]]
        assert contact.leadership is raw_contact.get("leadership", False)


def test_initiatives_by_partner_includes_lead_and_partner_roles(small) -> None:
    data, site = small
    for partner_id in data["partners"]:
        expected = {
            id_from_filename(stem)
            for stem, raw in data["initiatives"].items()
            if raw.get("lead") == partner_id or partner_id in raw.get("partners", [])
        }
        listed = [i.id for i in site.initiatives_by_partner[partner_id]]
        assert len(listed) == len(set(listed)), partner_id
        assert set(listed) == expected, partner_id
    # the data set has a partner that only leads (no `partners:` entry) somewhere
    assert any(
        raw.get("lead") and raw["lead"] not in raw.get("partners", [])
        for raw in data["initiatives"].values()
    )


def test_initiatives_by_field_and_by_contact(small) -> None:
    data, site = small
    for field in data["fields"]:
        expected = {
            id_from_filename(stem)
            for stem, raw in data["initiatives"].items()
            if field["id"] in raw["fields"]
        }
        assert {i.id for i in site.initiatives_by_field[field["id"]]} == expected
    for contact in data["contacts"]:
        expected = {
            id_from_filename(stem)
            for stem, raw in data["initiatives"].items()
            if contact["id"] in raw.get("contacts", [])
        }
        assert {i.id for i in site.initiatives_by_contact[contact["id"]]} == expected


def test_lists_sort_in_german_dictionary_order(tmp_path: Path) -> None:
    data = small_data()
    template = data["initiatives"]["zentrum"]
    titles = [
        "Zentrum vernetzt",
        "über uns",
        "Ärztehaus digital",
        "Ökostrom-Monitor",
        "Apotheke",
        "Ofen-Tausch",
        "Ampelschaltung",
    ]
    data["initiatives"] = {f"i{n}": {**template, "title": t} for n, t in enumerate(titles)}
    data["partners"].update(
        {
            "zeche": {"name": "Zeche AG", "type": "business"},
            "aerzte": {"name": "Ärzteverbund Ruhr", "type": "civil-society"},
            "apfel": {"name": "Apfel GmbH", "type": "business"},
        }
    )
    project = make_project(tmp_path, lambda d: write_data(d, data))
    site = load_site(project / "data", project)
    assert [i.title for i in site.initiatives] == [
        "Ampelschaltung",
        "Apotheke",
        "Ärztehaus digital",
        "Ofen-Tausch",
        "Ökostrom-Monitor",
        "über uns",
        "Zentrum vernetzt",
    ]
    assert [p.name for p in site.partners] == [
        "Apfel GmbH",
        "Ärzteverbund Ruhr",
        "Essener Versorgungs- und Verkehrsgesellschaft mbH",
        "Lumenkraft Sensorik GmbH",
        "Stadt Essen",
        "Universität Duisburg-Essen",
        "Zeche AG",
    ]


# --------------------------------------------------------------------------- many mistakes

UNKNOWN_FIELD = """\
title: Unbekanntes Feld
fields:
  - smart-living
  - smart-mobilty
status: idea
summary: Ein Handlungsfeld ist falsch geschrieben.
"""

UNKNOWN_KEY = """\
titel: Tippfehler im Schlüssel
fields:
  - smart-living
status: idea
summary: Der Schlüssel title ist falsch geschrieben.
"""

MISSING_SUMMARY = """\
title: Ohne Kurzbeschreibung
fields:
  - smart-energy
status: pilot
"""

BAD_STATUS = """\
title: Falscher Stand
fields:
  - smart-energy
summary: Der Stand ist kein erlaubter Wert.
status: running
"""

END_BEFORE_START = """\
title: Ende vor Beginn
fields:
  - smart-energy
status: completed
summary: Das Ende liegt vor dem Beginn.
start: "2024-05"
end: "2024-01"
"""

JAVASCRIPT_LINK = """\
title: Gefährlicher Link
fields:
  - smart-living
status: idea
summary: Ein Link mit javascript.
links:
  - title: Stadt
    url: https://www.essen.de/
  - title: Klick
    url: "javascript:alert(1)"
"""

LONG_SUMMARY = f"""\
title: Zu lange Kurzbeschreibung
fields:
  - smart-living
status: idea
summary: {"x" * (SUMMARY_MAX_LENGTH + 1)}
"""

VALID = """\
title: Gültig
fields:
  - smart-living
status: idea
summary: Für sich genommen fehlerfrei.
"""

MISTAKE_FILES = {
    "unbekanntes-feld.yml": UNKNOWN_FIELD,
    "titel.yml": UNKNOWN_KEY,
    "ohne-summary.yml": MISSING_SUMMARY,
    "falscher-status.yml": BAD_STATUS,
    "ende-vor-beginn.yml": END_BEFORE_START,
    "js-link.yml": JAVASCRIPT_LINK,
    "lange-summary.yml": LONG_SUMMARY,
    "Süd.yml": VALID,
    "sued.yml": VALID,
}


@pytest.fixture(scope="module")
def data_error(tmp_path_factory: pytest.TempPathFactory) -> DataError:
    def writer(data_dir: Path) -> None:
        write_data(data_dir, small_data())
        for name, text in MISTAKE_FILES.items():
            (data_dir / "initiatives" / name).write_text(text, encoding="utf-8")

    project = make_project(tmp_path_factory.mktemp("mistakes"), writer)
    with pytest.raises(DataError) as caught:
        load_site(project / "data", project)
    return caught.value


# (path, line, key, words in the message, words in the hint)
EXPECTED_PROBLEMS = [
    (
        "data/initiatives/unbekanntes-feld.yml",
        line_of(UNKNOWN_FIELD, "- smart-mobilty"),
        "fields[2]",
        ["»smart-mobilty«"],
        ["»smart-mobility«"],
    ),
    (
        "data/initiatives/titel.yml",
        line_of(UNKNOWN_KEY, "titel:"),
        "titel",
        ["unbekannter Schlüssel"],
        ["»title«"],
    ),
    ("data/initiatives/titel.yml", 1, "title", ["fehlt"], ["title"]),
    ("data/initiatives/ohne-summary.yml", 1, "summary", ["fehlt"], ["summary"]),
    (
        "data/initiatives/falscher-status.yml",
        line_of(BAD_STATUS, "status:"),
        "status",
        ["»running«"],
        list(STATUS_LABELS),
    ),
    (
        "data/initiatives/ende-vor-beginn.yml",
        line_of(END_BEFORE_START, "end:"),
        "end",
        ["2024-01", "2024-05"],
        ["start", "end"],
    ),
    (
        "data/initiatives/js-link.yml",
        line_of(JAVASCRIPT_LINK, "url:", occurrence=2),
        "links[2].url",
        ["javascript:alert(1)"],
        ["https:"],
    ),
    (
        "data/initiatives/lange-summary.yml",
        line_of(LONG_SUMMARY, "summary:"),
        "summary",
        [str(SUMMARY_MAX_LENGTH + 1), str(SUMMARY_MAX_LENGTH)],
        [],
    ),
    ("data/initiatives/sued.yml", 0, FILE_KEY, ["»sued«", "data/initiatives/Süd.yml"], []),
]


def test_every_mistake_is_reported_at_once(data_error: DataError) -> None:
    found = sorted((p.path, p.line, p.key) for p in data_error.problems)
    expected = sorted((path, line, key) for path, line, key, _, _ in EXPECTED_PROBLEMS)
    assert found == expected


@pytest.mark.parametrize(
    ("path", "line", "key", "message_words", "hint_words"),
    EXPECTED_PROBLEMS,
    ids=[f"{e[0].rsplit('/', 1)[1]}-{e[2]}" for e in EXPECTED_PROBLEMS],
)
def test_problem_says_what_is_wrong_and_what_to_do(
    data_error: DataError,
    path: str,
    line: int,
    key: str,
    message_words: list[str],
    hint_words: list[str],
) -> None:
    matches = [p for p in data_error.problems if (p.path, p.line, p.key) == (path, line, key)]
    assert len(matches) == 1, [str(p) for p in data_error.problems]
    problem = matches[0]
    assert problem.message.strip() and problem.hint.strip()
    for word in message_words:
        assert word in problem.message, str(problem)
    for word in hint_words:
        assert word in problem.hint, str(problem)


def test_duplicate_id_message_names_both_files(data_error: DataError) -> None:
    (problem,) = [p for p in data_error.problems if p.path.endswith("sued.yml")]
    text = str(problem)
    assert "data/initiatives/sued.yml" in text
    assert "data/initiatives/Süd.yml" in text


MESSAGE_LINE = re.compile(
    r"^(?P<path>data/[^:]+?)(?::(?P<line>\d+))?: (?P<key>[^:\s]+): (?P<what>.+) — (?P<hint>.+)$"
)


def test_error_text_lists_every_problem_as_path_line_key(data_error: DataError) -> None:
    lines = str(data_error).splitlines()
    assert str(len(data_error.problems)) in lines[0]
    assert len(lines) == 1 + len(data_error.problems)
    for text, problem in zip(lines[1:], data_error.problems, strict=True):
        match = MESSAGE_LINE.match(text)
        assert match, text
        assert match["path"] == problem.path
        assert match["key"] == problem.key
        if problem.line:
            assert match["line"] == str(problem.line), text
        else:
            # only file-level problems (e.g. two files with the same id) have no line
            assert problem.key == FILE_KEY and match["line"] is None, text
        assert match["what"] == problem.message
        assert match["hint"] == problem.hint


def test_problem_str_format() -> None:
    problem = Problem("data/fields.yml", 7, "summary", "zu lang", "kürzen Sie den Text")
    assert str(problem) == "data/fields.yml:7: summary: zu lang — kürzen Sie den Text"


# --------------------------------------------------------------------------- single rules


def load_with(tmp_path: Path, change) -> object:
    data = small_data()
    change(data)
    project = make_project(tmp_path, lambda d: write_data(d, data))
    return load_site(project / "data", project)


def test_summary_of_exactly_the_maximum_length_is_accepted(tmp_path: Path) -> None:
    summary = "x" * SUMMARY_MAX_LENGTH
    site = load_with(tmp_path, lambda d: d["initiatives"]["ampel"].update(summary=summary))
    assert next(i for i in site.initiatives if i.id == "ampel").summary == summary


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2024, 5, 15), "2024-05"),  # ends in the month it starts
        ("2024-05", dt.date(2024, 5, 1)),
        ("2024-05", "2024-05"),
        (dt.date(2024, 5, 15), dt.date(2024, 5, 15)),
    ],
    ids=["day-then-same-month", "month-then-first-day", "same-month", "same-day"],
)
def test_end_in_the_period_of_start_is_not_before_start(tmp_path: Path, start, end) -> None:
    site = load_with(tmp_path, lambda d: d["initiatives"]["zentrum"].update(start=start, end=end))
    initiative = next(i for i in site.initiatives if i.id == "zentrum")
    assert initiative.start is not None and initiative.end is not None


def test_mistake_in_a_partner_file_is_reported_there_only(tmp_path: Path) -> None:
    """A partner whose file has a mistake still exists: initiatives and contacts naming it
    must not be told that the partner does not exist."""
    data = small_data()
    data["partners"]["evv"]["type"] = "kommunal"
    assert any(
        raw.get("lead") == "evv" or "evv" in raw.get("partners", [])
        for raw in data["initiatives"].values()
    )
    project = make_project(tmp_path, lambda d: write_data(d, data))
    with pytest.raises(DataError) as caught:
        load_site(project / "data", project)
    assert [(p.path, p.key) for p in caught.value.problems] == [("data/partners/evv.yml", "type")]


def test_mistake_in_a_contact_is_reported_there_only(tmp_path: Path) -> None:
    data = small_data()
    contact = next(c for c in data["contacts"] if c["id"] == "projektteam")
    contact["organization"] = "lumenkraf"
    assert any("projektteam" in raw.get("contacts", []) for raw in data["initiatives"].values())
    project = make_project(tmp_path, lambda d: write_data(d, data))
    with pytest.raises(DataError) as caught:
        load_site(project / "data", project)
    problems = caught.value.problems
    assert [(p.path, p.key) for p in problems] == [("data/contacts.yml", "organization")]
    assert "»lumenkraft«" in problems[0].hint


# --------------------------------------------------------------------------- the preview's cache


def _cached_data(tmp_path: Path) -> tuple[Path, ReadCache]:
    write_data(tmp_path / "data", small_data())
    cache = ReadCache()
    load_site(tmp_path / "data", tmp_path, cache=cache)
    return tmp_path / "data", cache


def _title(site, initiative_id: str) -> str:
    return next(i.title for i in site.initiatives if i.id == initiative_id)


def test_read_cache_reads_only_changed_files_and_gives_the_same_site(tmp_path: Path) -> None:
    data_dir, cache = _cached_data(tmp_path)
    assert len(cache.read) == 2 + 4 + 5 == len(cache)
    again = load_site(data_dir, tmp_path, cache=cache)
    assert cache.read == []
    assert again == load_site(data_dir, tmp_path)

    path = data_dir / "initiatives" / "ampel.yml"
    path.write_text(path.read_text("utf-8").replace("Ampelschaltung", "Ampel neu"), "utf-8")
    site = load_site(data_dir, tmp_path, cache=cache)
    assert cache.read == ["data/initiatives/ampel.yml"]
    assert _title(site, "ampel") == "Ampel neu"
    assert site == load_site(data_dir, tmp_path)


def test_read_cache_forgets_a_deleted_file(tmp_path: Path) -> None:
    data_dir, cache = _cached_data(tmp_path)
    (data_dir / "initiatives" / "zentrum.yml").unlink()
    site = load_site(data_dir, tmp_path, cache=cache)
    assert "zentrum" not in {i.id for i in site.initiatives}
    assert cache.read == [] and len(cache) == 10


def test_read_cache_rereads_a_file_with_the_same_mtime(tmp_path: Path) -> None:
    data_dir, cache = _cached_data(tmp_path)
    path = data_dir / "initiatives" / "ampel.yml"
    before = path.stat()
    # Longer text, the old modification time put back (as `touch -r` or a restored backup do).
    path.write_text(path.read_text("utf-8").replace("Ampelschaltung", "Ampelschaltung 2"), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_mtime_ns == before.st_mtime_ns and path.stat().st_size != before.st_size
    assert _title(load_site(data_dir, tmp_path, cache=cache), "ampel") == "Ampelschaltung 2"
    assert cache.read == ["data/initiatives/ampel.yml"]

    # Same size and modification time, other text: the change time still differs.
    path.write_text(
        path.read_text("utf-8").replace("Ampelschaltung 2", "Ampelschaltung 3"), "utf-8"
    )
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert _title(load_site(data_dir, tmp_path, cache=cache), "ampel") == "Ampelschaltung 3"


def test_read_cache_repeats_the_problems_of_an_unchanged_file(tmp_path: Path) -> None:
    data_dir, cache = _cached_data(tmp_path)
    path = data_dir / "initiatives" / "ampel.yml"
    path.write_text(path.read_text("utf-8").replace("status: planning", "status: plan"), "utf-8")
    contacts = data_dir / "contacts.yml"
    contacts.write_text(contacts.read_text("utf-8").replace("lumenkraft", "lumenkraf"), "utf-8")
    reports = []
    for _ in range(2):
        with pytest.raises(DataError) as caught:
            load_site(data_dir, tmp_path, cache=cache)
        reports.append(caught.value.problems)
    assert cache.read == []
    with pytest.raises(DataError) as uncached:
        load_site(data_dir, tmp_path)
    assert reports[0] == reports[1] == uncached.value.problems
    assert {(p.path, p.key) for p in reports[0]} == {
        ("data/initiatives/ampel.yml", "status"),
        ("data/contacts.yml", "organization"),
    }


def test_read_cache_never_follows_a_link_put_in_place_of_a_file(tmp_path: Path) -> None:
    data_dir, cache = _cached_data(tmp_path)
    path = data_dir / "initiatives" / "ampel.yml"
    copy = tmp_path / "elsewhere.yml"
    copy.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(copy)
    with pytest.raises(DataError) as caught:
        load_site(data_dir, tmp_path, cache=cache)
    assert [p.path for p in caught.value.problems] == ["data/initiatives/ampel.yml"]
