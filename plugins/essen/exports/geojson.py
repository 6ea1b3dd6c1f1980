"""The located initiatives as a GeoJSON feature collection (RFC 7946)."""

from __future__ import annotations

from ..model import Site
from .catalogue import GEOJSON_PROPERTIES
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
