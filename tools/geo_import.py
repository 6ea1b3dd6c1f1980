"""Copy Essen's administrative boundaries into the product, simplified for drawing in a page.

    .venv/bin/python tools/geo_import.py [--shared ../shared/geo] [--check]

Reads the 9 Stadtbezirke, the city boundary and the list of the 50 Stadtteile from the shared
material (Open Data Essen, dl-de/by-2-0) and writes `plugins/essen/places/geodata/`. The Bezirke
are simplified together as one coverage, so that neighbours keep their common border (simplifying
each polygon on its own would open slivers between them); the city boundary is their union, so a
point is inside the city exactly when it is inside one Bezirk. `--check` fails if the committed
files differ from what this script writes.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import shapely
from shapely.geometry import Polygon, mapping

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "plugins" / "essen" / "places" / "geodata"
# Degrees; about 20 m in Essen: some 200 points per Bezirk, borders still recognisable at
# the size of a page, and a point in a street still falls into the right Bezirk.
TOLERANCE = 0.0003
# About a metre: more digits would only make the files longer.
DIGITS = 5


def _polygon(geometry: dict) -> Polygon:
    if geometry["type"] != "Polygon":
        raise SystemExit(f"expected a Polygon, found {geometry['type']}")
    # The source carries four ordinates per point (x, y and two zeros).
    rings = [[(point[0], point[1]) for point in ring] for ring in geometry["coordinates"]]
    return Polygon(rings[0], rings[1:])


def _rounded(geometry: dict) -> dict:
    def ring(points: list) -> list:
        return [[round(x, DIGITS), round(y, DIGITS)] for x, y in points]

    return {"type": geometry["type"], "coordinates": [ring(r) for r in geometry["coordinates"]]}


def outputs(shared: Path) -> dict[str, str]:
    """File name → content of everything written to geodata/."""
    names: dict[int, str] = {}
    stadtteile: list[dict[str, str]] = []
    with (shared / "stadtteile.csv").open(encoding="utf-8", newline="") as source:
        for row in csv.DictReader(source):
            stadtteile.append(row)
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    for row in stadtteile:
        names[roman.index(row["stadtbezirk"]) + 1] = row["stadtbezirk_name"]

    features = json.loads((shared / "stadtbezirke.geojson").read_text(encoding="utf-8"))["features"]
    features.sort(key=lambda feature: feature["properties"]["STADTBEZ"])
    originals = [_polygon(feature["geometry"]) for feature in features]
    simplified = shapely.coverage_simplify(originals, TOLERANCE)
    bezirke = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "number": feature["properties"]["STADTBEZ"],
                    "roman": feature["properties"]["STADTBEZR"],
                    "name": names[feature["properties"]["STADTBEZ"]],
                },
                "geometry": _rounded(mapping(polygon)),
            }
            for feature, polygon in zip(features, simplified, strict=True)
        ],
    }
    boundary = shapely.union_all(
        [shapely.geometry.shape(f["geometry"]) for f in bezirke["features"]]
    )
    boundary = Polygon(boundary.exterior)  # slivers of rounding inside would be holes
    city = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Essen"},
                "geometry": _rounded(mapping(boundary)),
            }
        ],
    }

    def dump(collection: dict) -> str:
        return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"

    table = ["stadtbezirk,stadtbezirk_name,stadtteil"]
    table += [f"{r['stadtbezirk']},{r['stadtbezirk_name']},{r['stadtteil']}" for r in stadtteile]
    return {
        "stadtbezirke.geojson": dump(bezirke),
        "stadtgrenze.geojson": dump(city),
        "stadtteile.csv": "\n".join(table) + "\n",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "geo")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    arguments = parser.parse_args(argv)
    written = outputs(arguments.shared)
    if arguments.check:
        stale = [
            name
            for name, content in written.items()
            if not (TARGET / name).is_file()
            or (TARGET / name).read_text(encoding="utf-8") != content
        ]
        for name in stale:
            print(
                f"{TARGET / name}: weicht von {arguments.shared} ab — tools/geo_import.py ausführen"
            )
        return 1 if stale else 0
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, content in written.items():
        (TARGET / name).write_text(content, encoding="utf-8")
        print(f"{TARGET / name}: {len(content.encode()):,} Bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
