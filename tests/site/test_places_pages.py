"""The place pages and maps in real builds: /stadtteile/, a page per Stadtbezirk with an anchor per
Stadtteil, /karte/, the links from initiative pages, the locator maps, the attribution.

Two sites: the repo's sample data (conftest's shared `sample_site`) and a small set with umlauts
in every kind of place (Überruhr-Hinsel, Margarethenhöhe, Rüttenscheid, a whole Bezirk,
Gesamtstadt, an initiative known only by its location). Expected values are derived from the
data and the gazetteer's names, not from the pages' code.
"""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from plugins.essen.loading import load_site
from plugins.essen.model import Initiative, Site
from plugins.essen.places.gazetteer import GESAMTSTADT, MAP_ATTRIBUTION, gazetteer

from ..conftest import (
    Node,
    Page,
    SampleSite,
    assert_built,
    build,
    make_project,
    serve_directory,
    small_data,
    write_data,
)

SVG = "{http://www.w3.org/2000/svg}"


@dataclass
class Built:
    site_dir: Path
    site: Site

    def page(self, path: str) -> Page:
        return Page(self.site_dir, path + "index.html")


@pytest.fixture(scope="module")
def sample(sample_site: SampleSite) -> Built:
    return Built(sample_site.site_dir, sample_site.site)


def umlaut_places(data_dir: Path) -> None:
    data = small_data()
    initiatives = data["initiatives"]
    initiatives["aerztehaus"]["districts"] = ["Rüttenscheid", "Überruhr-Hinsel"]
    initiatives["aerztehaus"]["location"] = {"lat": 51.435, "lon": 7.005}
    initiatives["ampel"]["districts"] = [
        "Margarethenhöhe",
        "Rüttenscheid/Bergerhausen/Rellinghausen/Stadtwald",
    ]
    initiatives["zentrum"]["districts"] = [GESAMTSTADT]
    initiatives["oekostrom"].pop("districts", None)
    initiatives["oekostrom"]["location"] = {"lat": 51.42, "lon": 7.09}  # Ruhrhalbinsel
    initiatives["ofen"]["districts"] = ["Stadtkern"]
    initiatives["ofen"].pop("location", None)
    # One without any place: counted nowhere, named on the overview.
    nowhere = {k: v for k, v in initiatives["ofen"].items() if k != "districts"}
    initiatives["ohne-ort"] = {**nowhere, "title": "Ohne Ort"}
    write_data(data_dir, data)


@pytest.fixture(scope="module")
def umlauts(tmp_path_factory: pytest.TempPathFactory) -> Built:
    project = make_project(tmp_path_factory.mktemp("places-umlauts"), umlaut_places)
    site_dir = project.parent / "site"
    assert_built(build(project, site_dir))
    return Built(site_dir, load_site(project / "data", project))


@pytest.fixture(params=["sample", "umlauts"])
def built(request: pytest.FixtureRequest) -> Built:
    return request.getfixturevalue(request.param)


# --------------------------------------------------------------------------- expectations


def bezirk_numbers(initiative: Initiative) -> set[int]:
    """The Bezirke of an initiative as the README defines them: those of its named places;
    with none named, the one its location lies in."""
    places = gazetteer()
    named = set()
    for name in initiative.districts:
        stadtteil = places.stadtteil(name)
        if stadtteil is not None:
            named.add(stadtteil.bezirk_number)
        elif (bezirk := places.bezirk_named(name)) is not None:
            named.add(bezirk.number)
    if not named and initiative.location is not None:
        for bezirk in places.bezirke:
            if bezirk.contains(initiative.location.lat, initiative.location.lon):
                named.add(bezirk.number)
    return named


def expected_counts(site: Site) -> Counter[int]:
    return Counter(n for i in site.initiatives for n in bezirk_numbers(i))


def count_text(n: int) -> str:
    return "keine Initiative" if n == 0 else f"{n} Initiative" + ("" if n == 1 else "n")


def svgs(page: Page, css_class: str) -> list[ET.Element]:
    """The page's inline SVGs of a class, as written, read by an independent XML parser."""
    pattern = rf'<svg [^>]*class="[^"]*\b{re.escape(css_class)}\b[^"]*"[^>]*>.*?</svg>'
    return [ET.fromstring(found) for found in re.findall(pattern, page.source, flags=re.S)]


def the_svg(page: Page, css_class: str) -> ET.Element:
    found = svgs(page, css_class)
    assert len(found) == 1, f"{page.rel_path}: {len(found)} svg.{css_class}"
    return found[0]


def first(node: Node, tag: str, css_class: str) -> Node:
    found = next((n for n in node.find_all(tag) if css_class in n.classes()), None)
    assert found is not None, f"no {tag}.{css_class}"
    return found


def legend_of(fieldset: Node) -> str:
    legend = fieldset.find("legend")
    assert legend is not None
    return legend.text()


def initiative_path(initiative: Initiative) -> str:
    return f"initiativen/{initiative.id}/"


# --------------------------------------------------------------------------- the overview


def test_overview_map_links_every_bezirk_with_its_count(built: Built) -> None:
    page = built.page("stadtteile/")
    assert page.h1 == "Stadtteile"
    svg = the_svg(page, "ce-map--bezirke")
    links = svg.findall(f"{SVG}a")
    counts = expected_counts(built.site)
    places = gazetteer()
    assert [page.resolve(a.attrib["href"]) for a in links] == [
        f"stadtteile/{b.slug}/" for b in places.bezirke
    ]
    assert [a.attrib["aria-label"] for a in links] == [
        f"{b.name}: {count_text(counts[b.number])}" for b in places.bezirke
    ]
    for bezirk in places.bezirke:
        assert (built.site_dir / "stadtteile" / bezirk.slug / "index.html").is_file()
    assert MAP_ATTRIBUTION.split(",")[0] in page.content.text()


def test_overview_lists_every_stadtteil_with_its_count_and_link(built: Built) -> None:
    page = built.page("stadtteile/")
    naming = Counter(d for i in built.site.initiatives for d in i.districts)
    targets = {}
    for item in page.content.find_all("li"):
        links = item.find_all("a")
        if len(links) == 1 and "#" in links[0].attrs.get("href", ""):
            targets[links[0].text()] = (page.resolve(links[0].attrs["href"]), item.text())
    for bezirk in gazetteer().bezirke:
        for stadtteil in bezirk.stadtteile:
            target, text = targets[stadtteil.name]
            assert target == f"stadtteile/{bezirk.slug}/#{stadtteil.slug}"
            assert text.endswith(f"({naming[stadtteil.name]})"), text


def test_overview_lists_the_citywide_initiatives(built: Built) -> None:
    page = built.page("stadtteile/")
    section = page.by_id("gesamtstadt")
    assert section is not None and section.text() == "Gesamtstadt"
    citywide = {initiative_path(i) for i in built.site.initiatives if GESAMTSTADT in i.districts}
    listed = {t for t in page.targets() if t.startswith("initiativen/") and t != "initiativen/"}
    # The overview links initiatives only in its city-wide list.
    assert listed == citywide
    unplaced = [
        i
        for i in built.site.initiatives
        if not bezirk_numbers(i) and GESAMTSTADT not in i.districts
    ]
    text = " ".join(page.content.text().split())
    if len(unplaced) > 1:
        assert (
            f"{len(unplaced)} Initiativen nennen weder einen Stadtteil noch einen Standort" in text
        )
    elif unplaced:
        assert "Eine Initiative nennt weder einen Stadtteil noch einen Standort" in text
    else:
        assert "weder einen Stadtteil" not in text


def test_stadtteile_is_in_the_navigation_after_initiativen(sample: Built) -> None:
    page = sample.page("")
    tabs = [
        (a.attrs.get("href"), a.text().strip())
        for a in page.root.find_all("a")
        if "md-tabs__link" in a.classes()
    ]
    position = tabs.index(("initiativen/", "Initiativen"))
    assert tabs[position + 1] == ("stadtteile/", "Stadtteile")


# --------------------------------------------------------------------------- Bezirk pages


def test_bezirk_pages_have_a_section_per_stadtteil_with_its_initiatives(built: Built) -> None:
    for bezirk in gazetteer().bezirke:
        page = built.page(f"stadtteile/{bezirk.slug}/")
        assert page.h1 == bezirk.name
        for stadtteil in bezirk.stadtteile:
            heading = page.by_id(stadtteil.slug)
            assert heading is not None and heading.tag == "h2", (bezirk.slug, stadtteil.slug)
            assert heading.text() == stadtteil.name
            section = page.content.find_all("section")
            (own,) = [s for s in section if s.attrs.get("aria-labelledby") == stadtteil.slug]
            expected = {
                initiative_path(i) for i in built.site.initiatives if stadtteil.name in i.districts
            }
            assert {t for t in page.targets(own) if t.startswith("initiativen/")} == expected
            if not expected:
                assert "Noch keine Initiative nennt" in own.text()


def test_bezirk_pages_list_the_whole_bezirk_and_the_located_ones(built: Built) -> None:
    counts = expected_counts(built.site)
    for bezirk in gazetteer().bezirke:
        page = built.page(f"stadtteile/{bezirk.slug}/")
        assert (
            first(page.content, "p", "ce-lead").text().startswith(count_text(counts[bezirk.number]))
        )
        sections = {s.attrs.get("aria-labelledby"): s for s in page.content.find_all("section")}
        whole = {initiative_path(i) for i in built.site.initiatives if bezirk.name in i.districts}
        assert {t for t in page.targets(sections["ganzer-bezirk"]) if "initiativen/" in t} == whole
        located = {
            initiative_path(i)
            for i in built.site.initiatives
            if bezirk.number in bezirk_numbers(i)
            and not any(gazetteer().bezirk_of_name(d) == bezirk for d in i.districts)
        }
        if located:
            got = {t for t in page.targets(sections["mit-standort"]) if "initiativen/" in t}
            assert got == located
        else:
            assert "mit-standort" not in sections
        # Every initiative counted for the Bezirk is listed on its page.
        listed = {t for t in page.targets() if t.startswith("initiativen/") and t != "initiativen/"}
        assert len(listed) == counts[bezirk.number]


def test_bezirk_pages_show_where_the_bezirk_lies(sample: Built) -> None:
    for bezirk in gazetteer().bezirke:
        page = sample.page(f"stadtteile/{bezirk.slug}/")
        svg = the_svg(page, "ce-locator")
        assert svg.attrib["role"] == "img"
        assert svg.attrib["aria-label"] == (
            f"Lage des Stadtbezirks {bezirk.roman} ({bezirk.name}) in Essen"
        )
        assert len(svg.findall(f"{SVG}path[@class='ce-locator__bezirk']")) == 1
        assert svg.find(f"{SVG}circle") is None
        assert MAP_ATTRIBUTION.split(",")[0] in page.content.text()


def test_umlaut_places_have_transliterated_anchors(umlauts: Built) -> None:
    for path, anchor, name in [
        ("stadtteile/ruhrhalbinsel/", "ueberruhr-hinsel", "Überruhr-Hinsel"),
        ("stadtteile/essen-west/", "margarethenhoehe", "Margarethenhöhe"),
        (
            "stadtteile/ruettenscheid-bergerhausen-rellinghausen-stadtwald/",
            "ruettenscheid",
            "Rüttenscheid",
        ),
        ("stadtteile/stadtmitte-frillendorf-huttrop/", "stadtkern", "Stadtkern"),
    ]:
        heading = umlauts.page(path).by_id(anchor)
        assert heading is not None and heading.text() == name
    # The located-only initiative counts for and is listed in its Bezirk.
    page = umlauts.page("stadtteile/ruhrhalbinsel/")
    assert "initiativen/oekostrom/" in page.targets()
    assert first(page.content, "p", "ce-lead").text().startswith("2 Initiativen")


# --------------------------------------------------------------------------- initiative pages


def test_initiative_pages_link_each_district_to_an_existing_anchor(built: Built) -> None:
    checked = 0
    for initiative in built.site.initiatives:
        page = built.page(initiative_path(initiative))
        links = {a.text(): page.resolve(a.attrs["href"]) for a in page.content.find_all("a")}
        for name in initiative.districts:
            target = links[name]
            path, _, anchor = target.partition("#")
            assert path.startswith("stadtteile/"), target
            stadtteil, bezirk = gazetteer().stadtteil(name), gazetteer().bezirk_named(name)
            if stadtteil is not None:
                assert anchor == stadtteil.slug
            elif bezirk is not None:
                assert (path, anchor) == (f"stadtteile/{bezirk.slug}/", "")
            else:
                assert (name, path, anchor) == (GESAMTSTADT, "stadtteile/", "gesamtstadt")
            if anchor:
                assert built.page(path).by_id(anchor) is not None, target
            checked += 1
    assert checked


def test_located_initiatives_show_a_locator_naming_their_bezirk(built: Built) -> None:
    places = gazetteer()
    for initiative in built.site.initiatives:
        page = built.page(initiative_path(initiative))
        found = svgs(page, "ce-locator")
        if initiative.location is None:
            assert not found
            continue
        (svg,) = found
        (number,) = {
            b.number
            for b in places.bezirke
            if b.contains(initiative.location.lat, initiative.location.lon)
        }
        bezirk = places.bezirk(number)
        assert svg.attrib["role"] == "img"
        assert f"Stadtbezirk {bezirk.roman} ({bezirk.name})" in svg.attrib["aria-label"]
        for stadtteil in bezirk.stadtteile:
            if stadtteil.name in initiative.districts:
                assert stadtteil.name in svg.attrib["aria-label"]
        assert svg.find(f"{SVG}path[@class='ce-locator__bezirk']") is not None
        assert MAP_ATTRIBUTION.split(",")[0] in page.content.text()


# --------------------------------------------------------------------------- /karte/


def test_map_page_has_a_named_marker_link_per_located_initiative(built: Built) -> None:
    page = built.page("karte/")
    svg = the_svg(page, "ce-map--points")
    # By the Bezirk the location lies in, then in the site's order.
    located = sorted(
        (i for i in built.site.initiatives if i.location is not None),
        key=lambda i: min(bezirk_numbers(dataclasses.replace(i, districts=()))),
    )
    markers = svg.findall(f"{SVG}a")
    assert [(page.resolve(a.attrib["href"]), a.attrib["aria-label"]) for a in markers] == [
        (initiative_path(i), i.title) for i in located
    ]
    width, height = map(float, svg.attrib["viewBox"].split()[2:])
    for marker, initiative in zip(markers, located, strict=True):
        circle = marker.find(f"{SVG}circle")
        assert circle is not None
        assert f"ce-f-{initiative.fields[0].id}" in circle.attrib["class"].split()
        assert 0 < float(circle.attrib["cx"]) < width and 0 < float(circle.attrib["cy"]) < height
    # The same initiatives as a list (the map's text alternative), under a heading per Bezirk.
    listed = [
        page.resolve(a.attrs["href"])
        for ul in page.content.find_all("ul")
        if "ce-map-list" in ul.classes()
        for a in ul.find_all("a")
    ]
    assert listed == [initiative_path(i) for i in located]
    # Each item names the field whose colour its marker has (colour is not the only carrier).
    items = [
        li.text()
        for ul in page.content.find_all("ul")
        if "ce-map-list" in ul.classes()
        for li in ul.find_all("li")
    ]
    assert items == [f"{i.title} ({i.fields[0].name})" for i in located]
    headings = [h.text() for h in page.content.find_all("h3")]
    numbers = sorted({min(bezirk_numbers(dataclasses.replace(i, districts=()))) for i in located})
    places = gazetteer()
    assert headings == [
        f"Stadtbezirk {places.bezirk(n).roman}: {places.bezirk(n).name}" for n in numbers
    ]
    assert MAP_ATTRIBUTION.split(",")[0] in page.content.text()


def test_index_links_to_the_map_and_groups_its_district_filter(built: Built) -> None:
    page = built.page("initiativen/")
    assert {"karte/", "stadtteile/"} <= page.targets()
    fieldset = next(f for f in page.content.find_all("fieldset") if f.attrs.get("data-k") == "d")
    groups = fieldset.find_all("fieldset")[1:]  # find_all includes the fieldset itself
    legends = [legend_of(g) for g in groups]
    used = {d for i in built.site.initiatives for d in i.districts}
    expected = (["Ganz Essen"] if GESAMTSTADT in used else []) + [
        f"{b.roman}. {b.name}"
        for b in gazetteer().bezirke
        if b.name in used or any(s.name in used for s in b.stadtteile)
    ]
    assert legends == expected
    # The filter's column is narrow: a Bezirk's name may break after each of its slashes.
    for group in groups:
        legend = group.find("legend")
        assert legend is not None
        assert len(legend.find_all("wbr")) == legend.text().count("/"), legend.text()
    for group in groups:
        for box in group.find_all("input"):
            name = box.attrs["value"]
            legend = legend_of(group)
            bezirk = gazetteer().bezirk_of_name(name)
            assert legend == ("Ganz Essen" if bezirk is None else f"{bezirk.roman}. {bezirk.name}")


# --------------------------------------------------------------------------- in the browser


def test_map_links_are_named_and_show_keyboard_focus(sample: Built, browser: Browser) -> None:
    """Chromium names the SVG links by their aria-label, and Tab reaches them with a visible
    focus: the shape gets the thick ink outline of places.css."""
    counts = expected_counts(sample.site)
    borbeck = gazetteer().bezirk_named("Borbeck")
    assert borbeck is not None
    with serve_directory(sample.site_dir) as base:
        tab = browser.new_page()
        try:
            for path, selector in (
                ("stadtteile/", "svg.ce-map--bezirke a"),
                ("karte/", "svg.ce-map--points a"),
            ):
                tab.goto(base.rstrip("/") + "/" + path)
                if path == "stadtteile/":
                    name = f"Borbeck: {count_text(counts[borbeck.number])}"
                    expect(tab.get_by_role("link", name=name, exact=True)).to_have_count(1)
                first = tab.locator(selector).first
                shape = first.locator("path, circle").first
                assert shape.evaluate("e => getComputedStyle(e).strokeWidth") != "5px"
                for _ in range(80):
                    tab.keyboard.press("Tab")
                    if first.evaluate("e => e === document.activeElement"):
                        break
                else:
                    pytest.fail(f"{path}: Tab never reached the first map link")
                assert shape.evaluate("e => getComputedStyle(e).strokeWidth") == "5px"
                assert shape.evaluate("e => getComputedStyle(e).stroke") == "rgb(31, 26, 23)"
                if path == "stadtteile/":
                    # The ink has 2.6:1 against the darkest shade: the focused Bezirk turns sun.
                    assert shape.evaluate("e => getComputedStyle(e).fill") == "rgb(255, 216, 168)"
        finally:
            tab.close()


# Rendered size of an SVG text in CSS px: its font size in viewBox units times the map's scale.
SVG_TEXT_PX = """svg => [...svg.querySelectorAll("tspan")].map(t =>
  parseFloat(getComputedStyle(t).fontSize) * svg.getBoundingClientRect().width
  / svg.viewBox.baseVal.width)"""


def test_maps_on_a_phone_and_in_forced_colours(sample: Built, browser: Browser) -> None:
    """At 390 px no label of the Bezirk map is below 12 px and a marker is at least 10 px wide;
    in forced colours (Windows contrast themes) the markers keep their field's colour and the
    Bezirke their shade, which the legends' swatches show, and the city's edge is drawn in the
    theme's text colour."""
    with serve_directory(sample.site_dir) as base:
        tab = browser.new_page(viewport={"width": 390, "height": 900})
        try:
            tab.goto(base.rstrip("/") + "/stadtteile/")
            sizes = tab.locator("svg.ce-map--bezirke").evaluate(SVG_TEXT_PX)
            assert len(sizes) == 18 and min(sizes) >= 12, sizes
            area = tab.locator("svg.ce-map--bezirke path.ce-map__area").first
            shade = area.evaluate("e => getComputedStyle(e).fill")
            tab.goto(base.rstrip("/") + "/karte/")
            marker = tab.locator("svg.ce-map--points circle").first
            box = marker.bounding_box()
            assert box is not None and box["width"] >= 10, box
            fill = marker.evaluate("e => getComputedStyle(e).fill")
            tab.emulate_media(forced_colors="active")
            assert marker.evaluate("e => getComputedStyle(e).fill") == fill
            swatch = tab.locator(".ce-map__legend .ce-map__dot").first
            assert swatch.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
            tab.goto(base.rstrip("/") + "/stadtteile/")
            outline = tab.locator("svg.ce-map--bezirke path.ce-map__outline")
            text_colour = tab.evaluate(
                "() => { const p = document.createElement('p'); p.style.color = 'CanvasText';"
                " document.body.append(p); return getComputedStyle(p).color; }"
            )
            assert outline.evaluate("e => getComputedStyle(e).stroke") == text_colour
            assert area.evaluate("e => getComputedStyle(e).fill") == shade
        finally:
            tab.close()
