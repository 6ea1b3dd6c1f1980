"""The model's records carry where they were read, and what is said about them points there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from plugins.essen.advisories import advisories
from plugins.essen.loading import load_site
from plugins.essen.model import Partner, Site

from ..conftest import line_of, make_project, small_data, write_data

# A partner no initiative names, whose file opens with a comment: its keys are not on line 1.
LONELY = "verein"
LONELY_HEADER = "# Partner ohne Initiative, bis zur ersten Zusammenarbeit.\n\n"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Site]:
    data = small_data()
    data["partners"][LONELY] = {"type": "civil-society", "name": "Essener Verein e. V."}
    project = make_project(tmp_path_factory.mktemp("model"), lambda d: write_data(d, data))
    path = project / "data/partners" / f"{LONELY}.yml"
    path.write_text(LONELY_HEADER + path.read_text(encoding="utf-8"), encoding="utf-8")
    return project, load_site(project / "data", project)


def text_of(project: Path, source: str) -> str:
    return (project / source).read_text(encoding="utf-8")


def test_list_entries_know_their_file_and_lines(loaded: tuple[Path, Site]) -> None:
    project, site = loaded
    for records, source, key in (
        (site.fields, "data/fields.yml", "summary"),
        (site.contacts, "data/contacts.yml", "role"),
    ):
        text = text_of(project, source)
        assert records, source
        for number, record in enumerate(records, start=1):  # both keep the order of the file
            assert record.source == source
            assert record.line == line_of(text, "- id:", number)
            assert record.key_lines["id"] == record.line
            assert record.key_lines[key] == line_of(text, f"{key}:", number)


def test_records_of_their_own_file_know_their_lines(loaded: tuple[Path, Site]) -> None:
    project, site = loaded
    for record, first_key, key in (
        *(
            (partner, "type:" if partner.id == LONELY else "name:", "name")
            for partner in site.partners
        ),
        *((initiative, "title:", "status") for initiative in site.initiatives),
    ):
        text = text_of(project, record.source)
        assert record.line == line_of(text, first_key), record.source
        assert record.key_lines[key] == line_of(text, f"{key}:"), record.source
    lonely = next(partner for partner in site.partners if partner.id == LONELY)
    assert lonely.line == LONELY_HEADER.count("\n") + 1
    assert lonely.key_lines["name"] == lonely.line + 1


def test_advisory_on_an_unnamed_partner_points_at_its_name(loaded: tuple[Path, Site]) -> None:
    """It pointed at line 1 (the comment) before Partner carried its lines."""
    project, site = loaded
    source = f"data/partners/{LONELY}.yml"
    found = [p for p in advisories(site, dt.date(2025, 6, 1), 365) if p.path == source]
    assert [(p.line, p.key) for p in found] == [
        (line_of(text_of(project, source), "name:"), "name")
    ]
    assert str(found[0]).startswith(f"{source}:4: name: Hinweis: ")


def test_a_partner_made_in_code_has_no_line() -> None:
    """Tools and tests make records without a file; messages then name the file alone."""
    partner = Partner("stadt", "Stadt Essen", "administration", None, None, None, None, "x.yml")
    assert (partner.line, partner.key_lines) == (0, {})
    site = Site(fields=(), initiatives=(), partners=(partner,), contacts=())
    [advisory] = advisories(site, dt.date(2025, 6, 1), 365)
    assert str(advisory).startswith("x.yml: name: Hinweis: ")


def test_lines_do_not_make_records_unequal(loaded: tuple[Path, Site]) -> None:
    """Records are compared and hashed by content (e.g. a partner named twice is shown once);
    where a key stands in the file must not change that."""
    _, site = loaded
    partner = site.partners[0]
    moved = Partner(**{**partner.__dict__, "key_lines": {"name": 999}})
    assert moved == partner and hash(moved) == hash(partner)
