"""The located initiatives and the Stadtbezirke as GeoJSON feature collections (RFC 7946)."""

from __future__ import annotations

import json

from shapely.geometry import Polygon
from shapely.geometry.polygon import orient

from ..model import Site
from ..pages.urls import bezirk_uri
from ..places import initiative_bezirke
from ..places.gazetteer import MAP_LICENCE_URL, Bezirk, gazetteer
from .catalogue import BEZIRK_PROPERTIES, GEOJSON_PROPERTIES, GEOMETRY_ATTRIBUTION
from .publication import Publication
from .records import Record, json_bytes


def initiatives_geojson(site: Site, records: dict[str, Record]) -> bytes:
    """One point per initiative with a location; properties taken from its JSON record."""
    features = []
    for initiative in site.initiatives:
        if initiative.location is None:
            continue
        record = records[initiative.id]
        features.append(
            {
                "type": "Feature",
                "id": initiative.id,
                # RFC 7946: longitude first.
                "geometry": {
                    "type": "Point",
                    "coordinates": [initiative.location.lon, initiative.location.lat],
                },
                "properties": {key: record[key] for key in GEOJSON_PROPERTIES},
            }
        )
    return json_bytes({"type": "FeatureCollection", "features": features})


def _polygon(bezirk: Bezirk) -> list[list[list[float]]]:
    """The Bezirk's rings, exterior counterclockwise and holes clockwise (RFC 7946, 3.1.6)."""
    oriented = orient(Polygon(bezirk.rings[0], bezirk.rings[1:]), sign=1.0)
    rings = [oriented.exterior, *oriented.interiors]
    return [[[lon, lat] for lon, lat in ring.coords] for ring in rings]


def bezirke_geojson(site: Site, publication: Publication) -> bytes:
    """The 9 Stadtbezirke as polygons, each with its page and its count of initiatives."""
    counts = dict.fromkeys(range(1, 10), 0)
    for initiative in site.initiatives:
        for bezirk in initiative_bezirke(initiative):
            counts[bezirk.number] += 1
    features = []
    for bezirk in gazetteer().bezirke:
        properties: Record = {
            "number": bezirk.number,
            "roman": bezirk.roman,
            "name": bezirk.name,
            "url": publication.page_url(bezirk_uri(bezirk)),
            "stadtteile": [stadtteil.name for stadtteil in bezirk.stadtteile],
            "count": counts[bezirk.number],
        }
        assert list(properties) == [column.name for column in BEZIRK_PROPERTIES]
        features.append(
            {
                "type": "Feature",
                "id": bezirk.number,
                "geometry": {"type": "Polygon", "coordinates": _polygon(bezirk)},
                "properties": properties,
            }
        )
    members = {
        "type": "FeatureCollection",
        # Foreign members (RFC 7946, 6.1): the geometry's source travels with the file.
        "attribution": f"Grenzen: {GEOMETRY_ATTRIBUTION}, dl-de/by-2-0",
        "license": MAP_LICENCE_URL,
    }
    # One feature per line: indented like the other files, each of the 2,000 border points
    # would take four lines and the file three times the size.
    opening = json.dumps(members, ensure_ascii=False)[: -len("}")]
    lines = ",\n".join(json.dumps(feature, ensure_ascii=False) for feature in features)
    return f'{opening}, "features": [\n{lines}\n]}}\n'.encode()
