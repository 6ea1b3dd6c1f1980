"""`Gazetteer.bezirke_of`, the one definition of "the Bezirke of an initiative" that the place
pages, the exports and the GeoJSON of the Bezirke share: checked here against places whose
Bezirk is known independently (the city's list of Stadtteile, well-known buildings' coordinates).
"""

from __future__ import annotations

import pytest

from plugins.essen.places.gazetteer import GESAMTSTADT, gazetteer

RATHAUS = (51.4566, 7.0122)  # Essen's town hall, Stadtkern: Stadtbezirk I
ABTEI_WERDEN = (51.3866, 7.0046)  # Werden: Stadtbezirk IX
DUESSELDORF = (51.2277, 6.7735)  # outside Essen


@pytest.mark.parametrize(
    ("districts", "location", "numbers"),
    [
        # Named places decide, in number order, each Bezirk once.
        (["Rüttenscheid", "Stadtkern"], None, [1, 2]),
        (["Ruhrhalbinsel", "Heisingen", "Kupferdreh"], None, [8]),
        (["Steele/Kray"], None, [7]),
        # A location does not add a Bezirk to the named ones (the checks advise instead).
        (["Werden"], RATHAUS, [9]),
        # With no place named (or only the whole city) the location's Bezirk counts.
        ([], ABTEI_WERDEN, [9]),
        ([GESAMTSTADT], RATHAUS, [1]),
        # Nothing known: no Bezirk.
        ([GESAMTSTADT], None, []),
        ([], DUESSELDORF, []),
        ([], None, []),
    ],
)
def test_bezirke_of_an_initiative(
    districts: list[str], location: tuple[float, float] | None, numbers: list[int]
) -> None:
    found = gazetteer().bezirke_of(districts, location)
    assert [b.number for b in found] == numbers


def test_every_stadtteil_lies_in_the_bezirk_the_city_lists() -> None:
    # The city's published assignment (REDAKTION.md's table), a few from every Bezirk.
    listed = {
        "Südviertel": 1,
        "Stadtwald": 2,
        "Margarethenhöhe": 3,
        "Bergeborbeck": 4,
        "Karnap": 5,
        "Katernberg": 6,
        "Leithe": 7,
        "Überruhr-Hinsel": 8,
        "Fischlaken": 9,
    }
    for name, number in listed.items():
        assert [b.number for b in gazetteer().bezirke_of([name])] == [number], name
