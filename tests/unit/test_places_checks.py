"""The location checks (issue 14): a `location` outside Essen is an error at the line of
`location`; a location in a Stadtbezirk none of the listed districts belongs to is an advisory.
Real data folders in tmp_path, loaded without MkDocs."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from plugins.essen.advisories import OTHER_BEZIRK, advisories, summary_line
from plugins.essen.errors import DataError, Problem
from plugins.essen.loading import load_site
from plugins.essen.model import Site
from plugins.essen.places.gazetteer import gazetteer

from ..conftest import small_data, write_data

RATHAUS = {"lat": 51.4556, "lon": 7.0116}  # Stadtkern, Bezirk I
RUETTENSCHEID = {"lat": 51.435, "lon": 7.005}  # Bezirk II
KUPFERDREH = {"lat": 51.39, "lon": 7.10}  # Ruhrhalbinsel, Bezirk VIII
TODAY = dt.date(2025, 6, 1)


def load(tmp_path: Path, changes: dict[str, dict]) -> tuple[Path, Site | list[Problem]]:
    data = small_data()
    for stem, values in changes.items():
        data["initiatives"][stem].update(values)
    data_dir = tmp_path / "data"
    write_data(data_dir, data)
    try:
        return data_dir, load_site(data_dir, tmp_path)
    except DataError as error:
        return data_dir, error.problems


def line_of(data_dir: Path, stem: str, start: str) -> int:
    lines = (data_dir / "initiatives" / f"{stem}.yml").read_text(encoding="utf-8").splitlines()
    (number,) = [n for n, line in enumerate(lines, 1) if line.startswith(start)]
    return number


# --------------------------------------------------------------------------- outside Essen


@pytest.mark.parametrize(
    "location",
    [
        {"lat": 52.52, "lon": 13.405},  # Berlin
        {"lat": 51.60, "lon": 7.0},  # north of Karnap
        {"lat": 51.52, "lon": 6.99},  # Bottrop, inside Essen's bounding box
        {"lat": 0, "lon": 0},
    ],
)
def test_a_location_outside_essen_is_an_error_at_its_line(
    tmp_path: Path, location: dict[str, float]
) -> None:
    data_dir, problems = load(tmp_path, {"ampel": {"location": location}})
    assert isinstance(problems, list)
    (problem,) = problems
    assert problem.path == "data/initiatives/ampel.yml"
    assert problem.line == line_of(data_dir, "ampel", "location:")
    assert problem.key == "location"
    lat, lon = float(location["lat"]), float(location["lon"])
    assert problem.message == f"der Ort lat: {lat}, lon: {lon} liegt außerhalb Essens"
    assert "lat und lon vertauscht" in problem.hint and "Karte" in problem.hint
    assert re.fullmatch(
        r"data/initiatives/ampel\.yml:\d+: location: .* liegt außerhalb Essens — .+", str(problem)
    )


def test_swapped_coordinates_are_named_as_such(tmp_path: Path) -> None:
    swapped = {"lat": RATHAUS["lon"], "lon": RATHAUS["lat"]}
    _data_dir, problems = load(tmp_path, {"ampel": {"location": swapped}})
    assert isinstance(problems, list)
    (problem,) = problems
    assert problem.message.endswith("liegt außerhalb Essens")
    assert problem.hint == "lat und lon sind vertauscht: schreiben Sie lat: 51.4556 und lon: 7.0116"


def test_every_point_of_the_boundary_and_the_sample_locations_are_inside(tmp_path: Path) -> None:
    places = gazetteer()
    assert all(places.contains(lat, lon) for lon, lat in places.boundary)
    _data_dir, site = load(tmp_path, {"ampel": {"location": RATHAUS}})
    assert isinstance(site, Site)


def test_the_location_check_runs_beside_other_mistakes(tmp_path: Path) -> None:
    _data_dir, problems = load(
        tmp_path, {"ampel": {"location": {"lat": 48.1, "lon": 11.6}, "status": "gestartet"}}
    )
    assert isinstance(problems, list)
    assert {p.key for p in problems} == {"location", "status"}


# --------------------------------------------------------------------------- another Bezirk


def other_bezirk_advisories(tmp_path: Path, changes: dict[str, dict]) -> list:
    _data_dir, site = load(tmp_path, changes)
    assert isinstance(site, Site), site
    return [a for a in advisories(site, TODAY, 365) if a.kind == OTHER_BEZIRK]


def test_a_location_in_another_bezirk_is_an_advisory_naming_both(tmp_path: Path) -> None:
    found = other_bezirk_advisories(
        tmp_path, {"ampel": {"districts": ["Frohnhausen", "Huttrop"], "location": RUETTENSCHEID}}
    )
    (advisory,) = found
    assert advisory.path == "data/initiatives/ampel.yml"
    assert advisory.line == line_of(tmp_path / "data", "ampel", "location:")
    assert advisory.key == "location"
    assert advisory.message == (
        "Hinweis: der Ort liegt im Stadtbezirk II "
        "(Rüttenscheid/Bergerhausen/Rellinghausen/Stadtwald), die Stadtteile unter districts "
        "liegen in den Stadtbezirken I (Stadtmitte/Frillendorf/Huttrop) und III (Essen-West)"
    )
    assert "districts" in advisory.hint and "lat und lon" in advisory.hint
    line = summary_line(found, 365)
    assert line is not None
    assert line.startswith("1 Hinweis zu den Daten (1 Initiative mit Ort außerhalb ihrer Stadtteile)")


def test_one_listed_bezirk_is_named_in_the_singular(tmp_path: Path) -> None:
    (advisory,) = other_bezirk_advisories(
        tmp_path, {"zentrum": {"districts": ["Kray"], "location": RATHAUS}}
    )
    assert advisory.message.endswith("liegen im Stadtbezirk VII (Steele/Kray)")


@pytest.mark.parametrize(
    "districts",
    [
        ["Stadtkern"],  # the location's own Stadtteil
        ["Kray", "Huttrop"],  # one of them in the location's Bezirk
        ["Stadtmitte/Frillendorf/Huttrop"],  # the Bezirk itself
        ["Kray", "Gesamtstadt"],  # city-wide: the location may lie anywhere
        ["Gesamtstadt"],
        None,  # no districts
    ],
)
def test_no_advisory_when_the_location_fits(tmp_path: Path, districts: list[str] | None) -> None:
    values: dict[str, object] = {"location": RATHAUS}
    if districts is not None:
        values["districts"] = districts
    assert other_bezirk_advisories(tmp_path, {"zentrum": values}) == []


def test_each_initiative_gets_its_own_advisory(tmp_path: Path) -> None:
    found = other_bezirk_advisories(
        tmp_path,
        {
            "ampel": {"districts": ["Kray"], "location": KUPFERDREH},
            "zentrum": {"districts": ["Ruhrhalbinsel"], "location": RATHAUS},
            "ofen": {"districts": ["Kupferdreh"], "location": KUPFERDREH},
        },
    )
    assert sorted(a.path for a in found) == [
        "data/initiatives/ampel.yml",
        "data/initiatives/zentrum.yml",
    ]
