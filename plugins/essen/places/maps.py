"""Maps of Essen as inline SVG, drawn at build time: no tiles, no script, no request anywhere.

Three maps, each a pure function of the gazetteer and plain values (no MkDocs, no templates):
the 9 Stadtbezirke shaded by their count of initiatives, each a link to its page
(`bezirke_map`); the city with one marker per located initiative, each a link to it
(`initiatives_map`); and a small locator for one initiative's page (`locator_map`).

Projection: equirectangular about Essen's latitude (x = longitude × cos 51.45°, y = latitude,
pointing down). Over the city's 20 km the scale error against a conformal projection stays below
0.2 %, and points map linearly, which keeps 4,000 markers cheap. Coordinates are written in
tenths of a viewBox unit (the map is 600 units wide), paths with relative steps: a Bezirk's
border costs about a kilobyte.

Every text from data is escaped here (markupsafe); colours come from classes only (the
Content-Security-Policy allows no inline styles): `ce-f-<field id>` carries a field's colour
(fields.css), `ce-map__l<level>` a shade (places.css).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import shapely
from markupsafe import Markup, escape
from shapely.geometry import Polygon
from shapely.ops import polylabel

from .gazetteer import Bezirk, Ring, gazetteer

REFERENCE_LATITUDE = 51.45
WIDTH = 600  # viewBox units; the map scales to its container (CSS width: 100%)
MARGIN = 8  # room for a marker or a focus outline at the city's edge
MARKER_RADIUS = 6
# The locator is shown about 16 rem wide (0.4 px per unit): its borders are simplified together
# (GEOS coverage simplification, Visvalingam–Whyatt) to about 40 points per Bezirk.
LOCATOR_TOLERANCE = 0.0015  # degrees
SHADE_LEVELS = 4  # shades for counts above zero; level 0 is "none"


@dataclass(frozen=True)
class Projection:
    """(lon, lat) → viewBox (x, y), y down; `scale` is viewBox units per degree of latitude."""

    west: float
    north: float
    scale: float
    width: float
    height: float

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.west) * self.scale * math.cos(math.radians(REFERENCE_LATITUDE))
        return x + MARGIN, (self.north - lat) * self.scale + MARGIN

    def tenths(self, lon: float, lat: float) -> tuple[int, int]:
        x, y = self.xy(lon, lat)
        return round(x * 10), round(y * 10)

    @property
    def view_box(self) -> str:
        return f"0 0 {_number(round(self.width * 10))} {_number(round(self.height * 10))}"


def projection_for(boundary: Ring, width: float = WIDTH) -> Projection:
    """The projection that fits `boundary` into `width` units, keeping its aspect."""
    lons = [lon for lon, _ in boundary]
    lats = [lat for _, lat in boundary]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    kx = math.cos(math.radians(REFERENCE_LATITUDE))
    scale = (width - 2 * MARGIN) / ((east - west) * kx)
    height = (north - south) * scale + 2 * MARGIN
    return Projection(west=west, north=north, scale=scale, width=width, height=height)


@cache
def city_projection() -> Projection:
    return projection_for(gazetteer().boundary)


def _number(tenths: int) -> str:
    """Tenths as a short SVG number: 123 → `12.3`, 120 → `12`, -5 → `-.5`."""
    whole, part = divmod(abs(tenths), 10)
    sign = "-" if tenths < 0 else ""
    if not part:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{part}"


def _pair(dx: int, dy: int) -> str:
    # A minus sign separates numbers in path data, a space is needed otherwise.
    y = _number(dy)
    return f"{_number(dx)}{'' if y.startswith('-') else ' '}{y}"


def ring_path(ring: Ring, projection: Projection) -> str:
    """A closed ring as path data: an absolute move, then relative steps (`l`), rounded to a tenth.

    The steps are differences of rounded points, so rounding errors do not add up; steps that
    round to nothing are left out.
    """
    points = [projection.tenths(lon, lat) for lon, lat in ring]
    x, y = points[0]
    path = [f"M{_pair(x, y)}l"]
    for nx, ny in points[1:]:
        if (nx, ny) == (x, y):
            continue
        step = _pair(nx - x, ny - y)
        path.append(step if step.startswith("-") or path[-1].endswith("l") else " " + step)
        x, y = nx, ny
    return "".join(path) + "z"


def polygon_path(rings: Iterable[Ring], projection: Projection) -> str:
    """Exterior and holes as one path (holes cut out by the even-odd rule, see places.css)."""
    return "".join(ring_path(ring, projection) for ring in rings)


@cache
def bezirk_paths() -> tuple[str, ...]:
    """Each Bezirk's border as path data, in number order (full detail)."""
    projection = city_projection()
    return tuple(polygon_path(b.rings, projection) for b in gazetteer().bezirke)


@cache
def locator_paths() -> tuple[str, ...]:
    """The Bezirke simplified together for the small locator (neighbours keep one border)."""
    projection = city_projection()
    simplified = shapely.coverage_simplify(
        [b.polygon for b in gazetteer().bezirke], LOCATOR_TOLERANCE
    )
    paths = []
    for polygon in simplified:
        assert isinstance(polygon, Polygon)
        rings = [tuple(polygon.exterior.coords)] + [tuple(r.coords) for r in polygon.interiors]
        paths.append(polygon_path(rings, projection))
    return tuple(paths)


@cache
def city_path() -> str:
    return ring_path(gazetteer().boundary, city_projection())


@cache
def label_points() -> tuple[tuple[float, float], ...]:
    """Where each Bezirk's label goes: its pole of inaccessibility (inside, away from borders)."""
    projection = city_projection()
    points = []
    for bezirk in gazetteer().bezirke:
        pole = polylabel(bezirk.polygon, tolerance=0.0005)
        points.append(projection.xy(pole.x, pole.y))
    return tuple(points)


def _svg_open(projection: Projection, css_class: str, extra: str = "") -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{projection.view_box}" '
        f'class="{css_class}"{extra}>'
    )


def _group(title: str) -> str:
    # A map of links is a named group; explicit roles on the root and on each link because
    # screen readers' support for SVG's implicit roles (graphics-document, SVG `a`) is uneven.
    return f' role="group" aria-label="{escape(title)}"'


# ----------------------------------------------------------------------------- shading


@dataclass(frozen=True)
class Shading:
    """Counts in at most SHADE_LEVELS equal bins above zero; level 0 for none."""

    top: int  # the largest count

    @property
    def bin_size(self) -> int:
        return max(1, math.ceil(self.top / SHADE_LEVELS))

    def level(self, count: int) -> int:
        return 0 if count <= 0 else (count - 1) // self.bin_size + 1

    @property
    def legend(self) -> tuple[tuple[int, str], ...]:
        """(level, German label) for every level that a count up to `top` can have."""
        entries = [(0, count_label(0))]
        size = self.bin_size
        for level in range(1, self.level(self.top) + 1):
            low, high = (level - 1) * size + 1, min(self.top, level * size)
            entries.append(
                (level, count_label(low) if low == high else f"{low}–{high} Initiativen")
            )
        return tuple(entries)


def count_label(count: int) -> str:
    if count == 0:
        return "keine Initiative"
    return f"{count} {'Initiative' if count == 1 else 'Initiativen'}"


# ----------------------------------------------------------------------------- the three maps


@dataclass(frozen=True)
class BezirkEntry:
    bezirk: Bezirk
    count: int
    href: str  # relative URL of its page


def bezirke_map(entries: Sequence[BezirkEntry], title: str) -> Markup:
    """The 9 Bezirke, each a link named "Borbeck: 12 Initiativen", shaded by count.

    The roman numerals and counts are drawn on top, hidden from assistive technology (the links
    carry the same); the legend is HTML beside the map (see `Shading.legend`).
    """
    projection = city_projection()
    shading = Shading(max((e.count for e in entries), default=0))
    paths = bezirk_paths()
    labels = label_points()
    parts = [_svg_open(projection, "ce-map ce-map--bezirke", _group(title))]
    for entry in entries:
        index = entry.bezirk.number - 1
        name = f"{entry.bezirk.name}: {count_label(entry.count)}"
        parts.append(
            f'<a href="{escape(entry.href)}" role="link" aria-label="{escape(name)}">'
            f'<path class="ce-map__area ce-map__l{shading.level(entry.count)}" d="{paths[index]}"/>'
            "</a>"
        )
    # The city's edge in the muted ink: a Bezirk without initiatives (the lightest shade) would
    # hardly stand out from the page otherwise (1.4.11). Drawn over the areas, not a link.
    parts.append(f'<path class="ce-map__outline" aria-hidden="true" d="{city_path()}"/>')
    parts.append('<g class="ce-map__labels" aria-hidden="true">')
    for entry in entries:
        x, y = labels[entry.bezirk.number - 1]
        tx, ty = _number(round(x * 10)), _number(round(y * 10))
        parts.append(
            f'<text x="{tx}" y="{ty}"><tspan class="ce-map__roman">{escape(entry.bezirk.roman)}'
            f'</tspan><tspan x="{tx}" dy="1.2em">{entry.count}</tspan></text>'
        )
    parts.append("</g></svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class Marker:
    lat: float
    lon: float
    href: str
    label: str  # the initiative's title: the link's accessible name
    css_class: str  # its first field's colour class, `ce-f-<id>`


def initiatives_map(markers: Sequence[Marker], title: str) -> Markup:
    """The city and its Bezirke with one linked circle per marker, in the given order.

    One short element per marker (`<a>` around a `<circle>`), so the size grows linearly with
    the number of initiatives and gzip finds the repeated parts.
    """
    projection = city_projection()
    parts = [_svg_open(projection, "ce-map ce-map--points", _group(title))]
    parts.append('<g class="ce-map__base" aria-hidden="true">')
    parts.extend(f'<path d="{path}"/>' for path in bezirk_paths())
    parts.append("</g>")
    radius = MARKER_RADIUS
    for marker in markers:
        x, y = projection.tenths(marker.lon, marker.lat)
        parts.append(
            f'<a href="{escape(marker.href)}" role="link" aria-label="{escape(marker.label)}">'
            f'<circle class="ce-map__m {escape(marker.css_class)}" cx="{_number(x)}" '
            f'cy="{_number(y)}" r="{radius}"/></a>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


@cache
def _locator_city() -> str:
    # The same on every initiative page: made once per process.
    return f'<path class="ce-locator__city" d="{"".join(locator_paths())}"/>'


@cache
def _locator_highlight(number: int) -> str:
    return f'<path class="ce-locator__bezirk" d="{locator_paths()[number - 1]}"/>'


def locator_map(bezirk: Bezirk | None, lat: float | None, lon: float | None, text: str) -> Markup:
    """The city with one Bezirk highlighted and a point (if given): an image whose text
    alternative is `text`."""
    projection = city_projection()
    point = ""
    if lat is not None and lon is not None:
        x, y = projection.tenths(lon, lat)
        point = f'<circle class="ce-locator__point" cx="{_number(x)}" cy="{_number(y)}" r="14"/>'
    return Markup(
        _svg_open(projection, "ce-locator", f' role="img" aria-label="{escape(text)}"')
        + _locator_city()
        + (_locator_highlight(bezirk.number) if bezirk is not None else "")
        + point
        + "</svg>"
    )


def locator_text(bezirk: Bezirk, districts: Sequence[str]) -> str:
    """`Lage in Essen: Stadtteil Werden im Stadtbezirk IX (Werden/Kettwig/Bredeney)` — the
    Stadtteile named are those of the listed districts that lie in the point's Bezirk."""
    named = [s.name for s in bezirk.stadtteile if s.name in districts]
    where = f"im Stadtbezirk {bezirk.roman} ({bezirk.name})"
    if not named:
        return f"Lage in Essen: {where}"
    noun = "Stadtteil" if len(named) == 1 else "Stadtteile"
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " und " + named[-1]
    return f"Lage in Essen: {noun} {listed} {where}"
