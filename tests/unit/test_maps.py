"""The inline SVG maps (plugins/essen/places/maps.py), read back with an independent XML parser."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from plugins.essen.places import maps
from plugins.essen.places.gazetteer import gazetteer
from plugins.essen.places.maps import (
    BezirkEntry,
    Marker,
    Shading,
    bezirke_map,
    city_projection,
    initiatives_map,
    locator_map,
    locator_text,
    ring_path,
)

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '"><script>alert(1)</script>&amp; <b>'


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def view_box(root: ET.Element) -> tuple[float, float, float, float]:
    x, y, w, h = map(float, root.attrib["viewBox"].split())
    return x, y, w, h


def path_points(d: str) -> list[tuple[float, float]]:
    """Absolute points of path data made of `M x y l dx dy … z` rings (what ring_path writes)."""
    points: list[tuple[float, float]] = []
    for ring in re.findall(r"M([^Mz]*)z", d):
        start, _, steps = ring.partition("l")
        numbers = [float(n) for n in re.findall(r"-?\d*\.?\d+", start)]
        x, y = numbers
        points.append((x, y))
        deltas = [float(n) for n in re.findall(r"-?\d*\.?\d+", steps)]
        for dx, dy in zip(deltas[::2], deltas[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
    return points


def test_bezirke_map_has_one_named_link_per_bezirk() -> None:
    places = gazetteer()
    entries = [BezirkEntry(b, b.number - 1, f"{b.slug}/") for b in places.bezirke]
    root = parse(bezirke_map(entries, "Karte der Stadtbezirke"))
    links = root.findall(f"{SVG}a")
    assert [a.attrib["href"] for a in links] == [f"{b.slug}/" for b in places.bezirke]
    assert root.attrib["role"] == "group" and root.attrib["aria-label"] == "Karte der Stadtbezirke"
    assert {a.attrib["role"] for a in links} == {"link"}
    names = [a.attrib["aria-label"] for a in links]
    assert names[0] == "Stadtmitte/Frillendorf/Huttrop: keine Initiative"
    assert names[1] == "Rüttenscheid/Bergerhausen/Rellinghausen/Stadtwald: 1 Initiative"
    assert names[3] == "Borbeck: 3 Initiativen"
    # Shaded by count: the emptiest light, the fullest darkest.
    shades = [a.find(f"{SVG}path").attrib["class"].split()[-1] for a in links]  # type: ignore[union-attr]
    assert shades[0] == "ce-map__l0" and shades[-1] == "ce-map__l4"
    assert shades == sorted(shades)
    # The labels are drawn for sight only.
    labels = root.find(f"{SVG}g")
    assert labels is not None and labels.attrib["aria-hidden"] == "true"
    assert [t.find(f"{SVG}tspan").text for t in labels] == [b.roman for b in places.bezirke]  # type: ignore[union-attr]


def test_bezirke_map_draws_the_city_edge_over_the_areas_not_as_a_link() -> None:
    """A Bezirk in the lightest shade would hardly stand out from the page: the city's edge is
    drawn around all of them, in no link and hidden from assistive technology."""
    places = gazetteer()
    root = parse(bezirke_map([BezirkEntry(b, 0, f"{b.slug}/") for b in places.bezirke], "K"))
    outlines = [p for p in root.iter(f"{SVG}path") if p.attrib.get("class") == "ce-map__outline"]
    assert len(outlines) == 1 and outlines[0] in list(root)
    assert outlines[0].attrib["aria-hidden"] == "true"
    edge = path_points(outlines[0].attrib["d"])
    areas = [pt for a in root.findall(f"{SVG}a") for pt in path_points(a[0].attrib["d"])]
    for axis in (0, 1):  # the same extent as the Bezirke, to a viewBox unit
        assert min(p[axis] for p in edge) == pytest.approx(min(p[axis] for p in areas), abs=1)
        assert max(p[axis] for p in edge) == pytest.approx(max(p[axis] for p in areas), abs=1)


def test_bezirk_paths_lie_inside_the_view_box() -> None:
    _, _, width, height = view_box(parse(bezirke_map([], "Karte")))
    for d in maps.bezirk_paths() + maps.locator_paths():
        points = path_points(d)
        assert len(points) > 10
        for x, y in points:
            assert 0 <= x <= width and 0 <= y <= height, (x, y)
    # The city fills the width: its westmost and eastmost points touch the margins.
    xs = [x for d in maps.bezirk_paths() for x, _ in path_points(d)]
    assert min(xs) == pytest.approx(maps.MARGIN, abs=0.2)
    assert max(xs) == pytest.approx(width - maps.MARGIN, abs=0.2)


def test_relative_steps_do_not_accumulate_rounding() -> None:
    projection = city_projection()
    ring = gazetteer().bezirke[7].rings[0]
    points = path_points(ring_path(ring, projection))
    expected = [projection.xy(lon, lat) for lon, lat in ring]
    # Each written point is its own point rounded to a tenth (repeats after rounding dropped).
    assert points[-1] == pytest.approx(expected[-1], abs=0.051)
    for x, y in points:
        assert min(abs(x - ex) + abs(y - ey) for ex, ey in expected) < 0.11


def test_projection_keeps_west_east_and_north_south_order() -> None:
    projection = city_projection()
    # Kettwig (south-west), Karnap (north), Burgaltendorf (south-east), Rathaus (centre).
    kettwig = projection.xy(6.944, 51.362)
    karnap = projection.xy(7.01, 51.525)
    burgaltendorf = projection.xy(7.12, 51.39)
    centre = projection.xy(7.0128, 51.4556)
    assert kettwig[0] < centre[0] < burgaltendorf[0]
    assert karnap[1] < centre[1] < kettwig[1]
    # Equal distances on the ground are equal on the map: 1 km east ≈ 1 km north.
    east = projection.xy(7.0128 + 1 / (111.32 * 0.6225), 51.4556)
    north = projection.xy(7.0128, 51.4556 + 1 / 111.2)
    assert east[0] - centre[0] == pytest.approx(centre[1] - north[1], rel=0.01)


def test_markers_one_named_link_each_inside_the_view_box() -> None:
    markers = [
        Marker(
            51.4556, 7.0128, "../initiativen/rathaus/", "Neues BürgerRatHaus", "ce-f-verwaltung"
        ),
        Marker(51.3625, 6.945, "../initiativen/kettwig/", HOSTILE, "ce-f-umwelt"),
    ]
    svg = initiatives_map(markers, "Karte")
    root = parse(svg)
    _, _, width, height = view_box(root)
    links = root.findall(f"{SVG}a")
    assert [a.attrib["aria-label"] for a in links] == ["Neues BürgerRatHaus", HOSTILE]
    assert {a.attrib["role"] for a in links} == {"link"} and root.attrib["role"] == "group"
    assert "<script>" not in svg
    circles = [a.find(f"{SVG}circle") for a in links]
    assert [c.attrib["class"] for c in circles] == [  # type: ignore[union-attr]
        "ce-map__m ce-f-verwaltung",
        "ce-map__m ce-f-umwelt",
    ]
    for circle in circles:
        assert circle is not None
        assert 0 < float(circle.attrib["cx"]) < width and 0 < float(circle.attrib["cy"]) < height
    # The south-western point is left of and below the Rathaus.
    assert float(circles[1].attrib["cx"]) < float(circles[0].attrib["cx"])  # type: ignore[union-attr]
    assert float(circles[1].attrib["cy"]) > float(circles[0].attrib["cy"])  # type: ignore[union-attr]
    # The Bezirke underneath are decoration.
    base = root.find(f"{SVG}g")
    assert base is not None and base.attrib["aria-hidden"] == "true" and len(base) == 9


def test_marker_size_grows_linearly() -> None:
    def size(n: int) -> int:
        markers = [
            Marker(
                51.40 + i % 100 / 1000,
                6.95 + i // 100 / 1000,
                f"../initiativen/i-{i}/",
                f"I {i}",
                "ce-f-x",
            )
            for i in range(n)
        ]
        return len(initiatives_map(markers, "Karte"))

    base = size(0)
    per_marker = (size(1000) - base) / 1000
    assert per_marker < 140
    assert (size(4000) - base) / 4000 == pytest.approx(per_marker, rel=0.05)


def test_locator_is_an_image_named_by_its_place() -> None:
    places = gazetteer()
    text = locator_text(places.bezirk(9), ("Werden", "Kupferdreh"))
    assert text == "Lage in Essen: Stadtteil Werden im Stadtbezirk IX (Werden/Kettwig/Bredeney)"
    root = parse(locator_map(places.bezirk(9), 51.388, 7.004, text))
    assert root.attrib["role"] == "img" and root.attrib["aria-label"] == text
    highlighted = root.find(f"{SVG}path[@class='ce-locator__bezirk']")
    assert highlighted is not None
    assert highlighted.attrib["d"] == maps.locator_paths()[8]
    assert root.find(f"{SVG}circle") is not None
    # Small: the whole city in a few kilobytes.
    assert len(locator_map(places.bezirk(9), 51.388, 7.004, text)) < 6000


def test_locator_text_names_several_stadtteile_or_only_the_bezirk() -> None:
    places = gazetteer()
    assert (
        locator_text(places.bezirk(2), ("Rüttenscheid", "Stadtwald", "Werden"))
        == "Lage in Essen: Stadtteile Rüttenscheid und Stadtwald im Stadtbezirk II "
        "(Rüttenscheid/Bergerhausen/Rellinghausen/Stadtwald)"
    )
    assert locator_text(places.bezirk(1), ()) == (
        "Lage in Essen: im Stadtbezirk I (Stadtmitte/Frillendorf/Huttrop)"
    )


def test_escapes_text_from_data_in_every_map() -> None:
    places = gazetteer()
    svg = locator_map(None, 51.4556, 7.0128, HOSTILE)
    assert parse(svg).attrib["aria-label"] == HOSTILE
    svg = bezirke_map([BezirkEntry(places.bezirk(1), 1, HOSTILE)], HOSTILE)
    root = parse(svg)
    assert root.attrib["aria-label"] == HOSTILE
    assert root.find(f"{SVG}a").attrib["href"] == HOSTILE  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("top", "legend"),
    [
        (0, ["keine Initiative"]),
        (1, ["keine Initiative", "1 Initiative"]),
        (3, ["keine Initiative", "1 Initiative", "2 Initiativen", "3 Initiativen"]),
        (
            10,
            [
                "keine Initiative",
                "1–3 Initiativen",
                "4–6 Initiativen",
                "7–9 Initiativen",
                "10 Initiativen",
            ],
        ),
    ],
)
def test_shading_legend_covers_every_count(top: int, legend: list[str]) -> None:
    shading = Shading(top)
    assert [label for _, label in shading.legend] == legend
    levels = {level for level, _ in shading.legend}
    assert {shading.level(count) for count in range(top + 1)} == levels
