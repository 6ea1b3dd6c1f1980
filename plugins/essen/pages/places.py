"""Places: the overview of the Stadtbezirke (with their map), one page per Stadtbezirk, the map.

Which initiatives belong where: a Stadtteil lists the initiatives that name it in `districts`;
a Bezirk page adds those that name the whole Bezirk and those that name no place in it but lie
in it (their `location`). A Bezirk's count is the number of initiatives whose Bezirke
(`Gazetteer.bezirke_of`, the one definition the exports use too) include it. `Gesamtstadt`
initiatives are listed on the overview.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from markupsafe import Markup

from ..model import Field, Initiative, Site
from ..places import initiative_bezirke
from ..places.gazetteer import (
    GESAMTSTADT,
    MAP_ATTRIBUTION,
    MAP_LICENCE_URL,
    Bezirk,
    Stadtteil,
    gazetteer,
)
from ..places.maps import (
    BezirkEntry,
    Marker,
    Shading,
    bezirke_map,
    initiatives_map,
    locator_map,
    locator_text,
)
from .render import GeneratedPage, Renderer
from .urls import (
    CITYWIDE_ANCHOR,
    MAP_DIR,
    PLACES_DIR,
    bezirk_uri,
    page_src_uri,
)

PLACES_URI = page_src_uri(PLACES_DIR)
MAP_URI = page_src_uri(MAP_DIR)


@dataclass(frozen=True)
class StadtteilGroup:
    stadtteil: Stadtteil
    initiatives: tuple[Initiative, ...]  # those naming it, in the site's order


@dataclass(frozen=True)
class BezirkGroup:
    bezirk: Bezirk
    count: int  # initiatives whose Bezirke include this one
    stadtteile: tuple[StadtteilGroup, ...]  # every Stadtteil, in the city's order
    whole: tuple[Initiative, ...]  # naming the Bezirk itself
    located: tuple[Initiative, ...]  # naming no place in it, but located in it


@dataclass(frozen=True)
class PlaceIndex:
    bezirke: tuple[BezirkGroup, ...]
    citywide: tuple[Initiative, ...]
    # Initiatives in no Bezirk and not city-wide (no known place, no location in the city).
    unplaced: int


def place_index(site: Site) -> PlaceIndex:
    """Every initiative sorted into its places, in one pass."""
    places = gazetteer()
    by_stadtteil: dict[str, list[Initiative]] = {s.name: [] for s in places.stadtteile}
    whole: dict[int, list[Initiative]] = {b.number: [] for b in places.bezirke}
    located: dict[int, list[Initiative]] = {b.number: [] for b in places.bezirke}
    counts = dict.fromkeys(whole, 0)
    citywide: list[Initiative] = []
    unplaced = 0
    for initiative in site.initiatives:
        named: set[int] = set()
        for name in dict.fromkeys(initiative.districts):
            if name == GESAMTSTADT:
                citywide.append(initiative)
            elif name in by_stadtteil:
                by_stadtteil[name].append(initiative)
            elif (bezirk := places.bezirk_named(name)) is not None:
                whole[bezirk.number].append(initiative)
            if (bezirk := places.bezirk_of_name(name)) is not None:
                named.add(bezirk.number)
        bezirke = initiative_bezirke(initiative)
        for bezirk in bezirke:
            counts[bezirk.number] += 1
            if bezirk.number not in named:
                located[bezirk.number].append(initiative)
        if not bezirke and GESAMTSTADT not in initiative.districts:
            unplaced += 1
    groups = tuple(
        BezirkGroup(
            bezirk=bezirk,
            count=counts[bezirk.number],
            stadtteile=tuple(
                StadtteilGroup(s, tuple(by_stadtteil[s.name])) for s in bezirk.stadtteile
            ),
            whole=tuple(whole[bezirk.number]),
            located=tuple(located[bezirk.number]),
        )
        for bezirk in places.bezirke
    )
    return PlaceIndex(groups, tuple(citywide), unplaced)


def bezirk_title(bezirk: Bezirk) -> str:
    return f"Stadtbezirk {bezirk.roman}: {bezirk.name}"


def pages(site: Site, renderer: Renderer) -> Iterator[GeneratedPage]:
    index = place_index(site)
    link = renderer.link_function(PLACES_URI)
    entries = [BezirkEntry(g.bezirk, g.count, link(g.bezirk)) for g in index.bezirke]
    yield renderer.page(
        "places.html",
        PLACES_URI,
        "Stadtteile",
        "Die Initiativen von CONNECTED.ESSEN in den neun Essener Stadtbezirken und 50 Stadtteilen.",
        places=index,
        bezirke_svg=bezirke_map(entries, "Karte der neun Essener Stadtbezirke"),
        legend=Shading(max((g.count for g in index.bezirke), default=0)).legend,
        attribution=MAP_ATTRIBUTION,
        licence_url=MAP_LICENCE_URL,
        citywide_anchor=CITYWIDE_ANCHOR,
    )
    for group in index.bezirke:
        yield renderer.page(
            "bezirk.html",
            bezirk_uri(group.bezirk),
            bezirk_title(group.bezirk),
            f"Initiativen von CONNECTED.ESSEN im Stadtbezirk {group.bezirk.roman} "
            f"({group.bezirk.name}) und seinen Stadtteilen.",
            is_overview=False,
            group=group,
            locator=Locator(
                locator_map(
                    group.bezirk,
                    None,
                    None,
                    f"Lage des Stadtbezirks {group.bezirk.roman} ({group.bezirk.name}) in Essen",
                )
            ),
        )
    yield map_page(site, renderer)


def map_page(site: Site, renderer: Renderer) -> GeneratedPage:
    """/karte/: every located initiative as a marker, coloured by its first field, and as a list."""
    places = gazetteer()
    link = renderer.link_function(MAP_URI)
    # (initiative, its Bezirk): one point-in-polygon lookup each. A location outside the city
    # (in no Bezirk) is an error of the checks; it would lie off the map.
    rows = tuple(
        (i, bezirk)
        for i in site.initiatives
        if i.location is not None
        and (bezirk := places.bezirk_at(i.location.lat, i.location.lon)) is not None
    )
    first_fields = {i.fields[0].id for i, _ in rows}
    legend: tuple[Field, ...] = tuple(f for f in site.fields if f.id in first_fields)
    # The list beneath the map, by Bezirk (in number order), each in the site's order.
    by_bezirk: dict[int, list[Initiative]] = {}
    for initiative, bezirk in rows:
        by_bezirk.setdefault(bezirk.number, []).append(initiative)
    groups = tuple(
        (places.bezirk(number), tuple(by_bezirk[number])) for number in sorted(by_bezirk)
    )
    # Markers in the list's order: Tab goes through the map Bezirk by Bezirk.
    markers = [
        Marker(i.location.lat, i.location.lon, link(i), i.title, f"ce-f-{i.fields[0].id}")
        for _, initiatives in groups
        for i in initiatives
        if i.location is not None
    ]
    return renderer.page(
        "map.html",
        MAP_URI,
        "Karte der Initiativen",
        "Alle Initiativen von CONNECTED.ESSEN mit Standort auf einer Karte von Essen.",
        is_overview=False,
        points_svg=initiatives_map(markers, "Karte von Essen mit den Standorten der Initiativen"),
        legend=legend,
        located=len(rows),
        groups=groups,
        total=len(site.initiatives),
        attribution=MAP_ATTRIBUTION,
        licence_url=MAP_LICENCE_URL,
    )


# ----------------------------------------------------------------------------- initiative pages


@dataclass(frozen=True)
class PlaceLink:
    """A `districts` value on an initiative's page and where it links (None: plain text)."""

    name: str
    target: object | None  # a Bezirk or Stadtteil (its page), or the overview's folder
    anchor: str | None


def district_places(initiative: Initiative) -> tuple[PlaceLink, ...]:
    places = gazetteer()
    links = []
    for name in initiative.districts:
        stadtteil = places.stadtteil(name)
        bezirk = places.bezirk_named(name)
        if stadtteil is not None:
            links.append(PlaceLink(name, stadtteil, stadtteil.slug))
        elif bezirk is not None:
            links.append(PlaceLink(name, bezirk, None))
        elif name == GESAMTSTADT:
            links.append(PlaceLink(name, PLACES_DIR, CITYWIDE_ANCHOR))
        else:
            links.append(PlaceLink(name, None, None))
    return tuple(links)


@dataclass(frozen=True)
class Locator:
    svg: Markup
    attribution: str = MAP_ATTRIBUTION
    licence_url: str = MAP_LICENCE_URL


def initiative_locator(initiative: Initiative) -> Locator | None:
    """The locator map of an initiative with a location in the city; None otherwise."""
    location = initiative.location
    if location is None:
        return None
    # The Bezirke cover the city: no Bezirk means outside it, an error of the checks (no map
    # with a point off the city). One lookup per page, the costly part of a locator.
    bezirk = gazetteer().bezirk_at(location.lat, location.lon)
    if bezirk is None:
        return None
    text = locator_text(bezirk, initiative.districts)
    return Locator(locator_map(bezirk, location.lat, location.lon, text))


def district_groups(districts: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The index's district filter: the names in use grouped by Bezirk, as (legend, names).

    Gesamtstadt first, then the Bezirke by number, each with its own name (the whole Bezirk)
    before its Stadtteile in the city's order; names the gazetteer does not know come last.
    The filter's positions follow this order, so the template flattens it once for both.
    """
    places = gazetteer()
    used = set(districts)
    groups: list[tuple[str, tuple[str, ...]]] = []
    if GESAMTSTADT in used:
        groups.append(("Ganz Essen", (GESAMTSTADT,)))
    for bezirk in places.bezirke:
        names = [bezirk.name] if bezirk.name in used else []
        names += [s.name for s in bezirk.stadtteile if s.name in used]
        if names:
            groups.append((f"{bezirk.roman}. {bezirk.name}", tuple(names)))
    known = set(places.names)
    others = tuple(name for name in districts if name not in known)
    if others:
        groups.append(("Weitere", others))
    return tuple(groups)
