"""Essen's places: the 9 Stadtbezirke with their borders, the 50 Stadtteile, the city boundary.

Read once from `geodata/` (copied from Open Data Essen by `tools/geo_import.py`); nothing here
depends on MkDocs or on the site's data. Coordinates are WGS84, points as (lon, lat) like GeoJSON.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import shapely
from shapely.geometry import Point, Polygon

from ..slugs import german_slug

GEODATA = Path(__file__).parent / "geodata"
# The `districts` value of an initiative for the whole city.
GESAMTSTADT = "Gesamtstadt"
# Shown on every page with a map (dl-de/by-2-0 asks for the source).
MAP_ATTRIBUTION = "Kartengrundlage: Stadt Essen, dl-de/by-2-0"
MAP_LICENCE_URL = "https://www.govdata.de/dl-de/by-2-0"

Ring = tuple[tuple[float, float], ...]


def place_slug(name: str) -> str:
    """`Stadtmitte/Frillendorf/Huttrop` → `stadtmitte-frillendorf-huttrop`, `Überruhr-Hinsel` →
    `ueberruhr-hinsel`: the German transliteration of the site's other ids."""
    return german_slug(name)


@dataclass(frozen=True)
class Stadtteil:
    name: str
    slug: str
    bezirk_number: int


@dataclass(frozen=True)
class Bezirk:
    number: int  # 1–9
    roman: str  # I–IX, as the city numbers them
    name: str
    slug: str
    stadtteile: tuple[Stadtteil, ...]  # in the city's order
    # Exterior ring first, then holes; (lon, lat), closed (last point = first).
    rings: tuple[Ring, ...] = field(repr=False)
    polygon: Polygon = field(repr=False, compare=False, hash=False)

    def contains(self, lat: float, lon: float) -> bool:
        return bool(self.polygon.covers(Point(lon, lat)))


@dataclass(frozen=True)
class Gazetteer:
    bezirke: tuple[Bezirk, ...]  # by number
    boundary: Ring = field(repr=False)  # the city's outline, the union of the Bezirke
    outline: Polygon = field(repr=False, compare=False, hash=False)

    @property
    def stadtteile(self) -> tuple[Stadtteil, ...]:
        return tuple(stadtteil for bezirk in self.bezirke for stadtteil in bezirk.stadtteile)

    @property
    def names(self) -> tuple[str, ...]:
        """Every value `districts` accepts: the Stadtteile, the Bezirke, Gesamtstadt."""
        return (
            tuple(s.name for s in self.stadtteile)
            + tuple(b.name for b in self.bezirke)
            + (GESAMTSTADT,)
        )

    def bezirk(self, number: int) -> Bezirk:
        return self.bezirke[number - 1]

    def stadtteil(self, name: str) -> Stadtteil | None:
        return next((s for s in self.stadtteile if s.name == name), None)

    def bezirk_named(self, name: str) -> Bezirk | None:
        return next((b for b in self.bezirke if b.name == name), None)

    def bezirk_of_name(self, name: str) -> Bezirk | None:
        """The Bezirk a `districts` value lies in (a Bezirk is its own); None for Gesamtstadt."""
        stadtteil = self.stadtteil(name)
        if stadtteil is not None:
            return self.bezirk(stadtteil.bezirk_number)
        return self.bezirk_named(name)

    def contains(self, lat: float, lon: float) -> bool:
        """Inside the city boundary (on it counts as inside)."""
        return bool(self.outline.covers(Point(lon, lat)))

    def bezirk_at(self, lat: float, lon: float) -> Bezirk | None:
        return next((b for b in self.bezirke if b.contains(lat, lon)), None)

    def bezirke_of(
        self, districts: Iterable[str], location: tuple[float, float] | None = None
    ) -> tuple[Bezirk, ...]:
        """The Bezirke an initiative belongs to: those of its listed districts, in number order;
        if it lists none (or only Gesamtstadt), the Bezirk of its location (lat, lon), if any."""
        named = {b.number: b for b in map(self.bezirk_of_name, districts) if b is not None}
        if not named and location is not None:
            found = self.bezirk_at(*location)
            if found is not None:
                named[found.number] = found
        return tuple(named[number] for number in sorted(named))


def _ring(points: list[list[float]]) -> Ring:
    return tuple((float(lon), float(lat)) for lon, lat in points)


@cache
def gazetteer() -> Gazetteer:
    """The places, read once per process from geodata/."""
    stadtteile: dict[int, list[Stadtteil]] = {}
    roman_of: dict[int, str] = {}
    name_of: dict[int, str] = {}
    with (GEODATA / "stadtteile.csv").open(encoding="utf-8", newline="") as table:
        for row in csv.DictReader(table):
            number = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"].index(
                row["stadtbezirk"]
            ) + 1
            roman_of[number] = row["stadtbezirk"]
            name_of[number] = row["stadtbezirk_name"]
            name = row["stadtteil"]
            stadtteile.setdefault(number, []).append(Stadtteil(name, place_slug(name), number))
    collection = json.loads((GEODATA / "stadtbezirke.geojson").read_text(encoding="utf-8"))
    bezirke = []
    for feature in sorted(collection["features"], key=lambda f: f["properties"]["number"]):
        number = feature["properties"]["number"]
        rings = tuple(_ring(ring) for ring in feature["geometry"]["coordinates"])
        polygon = Polygon(rings[0], rings[1:])
        shapely.prepare(polygon)
        bezirke.append(
            Bezirk(
                number=number,
                roman=roman_of[number],
                name=name_of[number],
                slug=place_slug(name_of[number]),
                stadtteile=tuple(stadtteile[number]),
                rings=rings,
                polygon=polygon,
            )
        )
    city = json.loads((GEODATA / "stadtgrenze.geojson").read_text(encoding="utf-8"))
    boundary = _ring(city["features"][0]["geometry"]["coordinates"][0])
    outline = Polygon(boundary)
    shapely.prepare(outline)
    return Gazetteer(bezirke=tuple(bezirke), boundary=boundary, outline=outline)
