"""Open data, the Atom feed and vCards as pure functions of the model.

Every export carries the data's own text: nothing here is HTML-escaped, and
structured formats are written by serializers (json, csv, ElementTree), so
escaping is a property of the format, never of string pasting. The one
deliberate change of text is the CSV's spreadsheet guard (see `spreadsheet_text`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from .content import (
    CONTACT_URI,
    FIELDS_DIR,
    INITIATIVES_DIR,
    GeneratedPage,
    Renderer,
    UrlScheme,
    initiative_uri,
    page_src_uri,
    partner_uri,
    tel_href,
)
from .model import Contact, Initiative, Partner, Site

DATA_DIR = "daten"
DATA_PAGE_URI = page_src_uri(DATA_DIR)
INITIATIVES_JSON = f"{DATA_DIR}/initiativen.json"
INITIATIVES_CSV = f"{DATA_DIR}/initiativen.csv"
INITIATIVES_GEOJSON = f"{DATA_DIR}/initiativen.geojson"
PARTNERS_JSON = f"{DATA_DIR}/partner.json"
CATALOG_JSONLD = f"{DATA_DIR}/katalog.jsonld"
FEED_XML = "feed.xml"
VCARD_DIR = "kontakt"

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Separator of list values inside one CSV cell.
CSV_LIST_SEPARATOR = "; "
# A spreadsheet treats a cell starting with one of these as a formula (OWASP's
# list); the apostrophe is added so that the guard is reversible (see below).
SPREADSHEET_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")

# DCAT-AP.de wants licences from its own vocabulary; the configured URL is the
# licence text people read. Known texts map to their vocabulary entry.
DCATDE_LICENCES = {
    "https://www.govdata.de/dl-de/zero-2-0": "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
    "https://www.govdata.de/dl-de/by-2-0": "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
    "https://creativecommons.org/licenses/by/4.0/": "http://dcat-ap.de/def/licenses/cc-by/4.0",
    "https://creativecommons.org/publicdomain/zero/1.0/": "http://dcat-ap.de/def/licenses/cc-zero",
}
# Licences without an attribution clause: no dcatde:licenseAttributionByText.
LICENCES_WITHOUT_ATTRIBUTION = {
    "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
    "http://dcat-ap.de/def/licenses/cc-zero",
}
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA_MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
EU_DATA_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
# Amtlicher Gemeindeschlüssel of Essen (kreisfreie Stadt, Regierungsbezirk Düsseldorf).
ESSEN_MUNICIPALITY_KEY = "05113000"
# DCAT-AP.de convention 12/13: every data set names exactly one data provider from GovData's list
# (http://dcat-ap.de/def/contributors/). GovData assigns these; the city's open data reaches
# GovData through the state portal Open.NRW, so its ID stands here until GovData assigns the
# site one of its own (then it belongs in a plugin option).
DCATDE_CONTRIBUTOR_ID = "http://dcat-ap.de/def/contributors/openNRW"

JSONLD_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


# --------------------------------------------------------------------------- descriptions


@dataclass(frozen=True)
class Column:
    """A key of the JSON records and column of the CSV, explained on /daten/."""

    name: str
    kind: str
    doc: str


INITIATIVE_COLUMNS: tuple[Column, ...] = (
    Column("id", "Text", "Kennung der Initiative; Teil ihrer Web-Adresse, ändert sich nicht"),
    Column("url", "Adresse", "Web-Adresse der Seite der Initiative"),
    Column("title", "Text", "Titel"),
    Column("summary", "Text", "Kurzbeschreibung, höchstens 300 Zeichen"),
    Column("description", "Markdown-Text oder leer", "ausführliche Beschreibung"),
    Column("status", "Kennung", "Stand: idea, planning, pilot, implementation oder completed"),
    Column("status_label", "Text", "Stand auf Deutsch, z. B. »in Umsetzung«"),
    Column("fields", "Liste von Kennungen", "Handlungsfelder der Initiative"),
    Column("field_names", "Liste von Texten", "Namen der Handlungsfelder, in derselben Reihenfolge"),
    Column("lead", "Kennung oder leer", "federführender Partner (siehe partner.json)"),
    Column("partners", "Liste von Kennungen", "beteiligte Partner (siehe partner.json)"),
    Column("contacts", "Liste von Kennungen", "Ansprechpersonen (je eine vCard unter /kontakt/)"),
    Column("districts", "Liste von Texten", "Essener Stadtteile; »Gesamtstadt« bei stadtweiten Vorhaben"),
    Column("start", "Monat oder Datum oder leer", "Beginn als JJJJ-MM oder JJJJ-MM-TT"),
    Column("end", "Monat oder Datum oder leer", "Ende als JJJJ-MM oder JJJJ-MM-TT"),
    Column("tags", "Liste von Texten", "Schlagworte"),
    Column("links", "Liste von Links", "weiterführende Links; JSON: Objekte mit title und url, CSV: »Titel <Adresse>«"),
    Column("lat", "Zahl oder leer", "geografische Breite in Dezimalgrad (WGS 84)"),
    Column("lon", "Zahl oder leer", "geografische Länge in Dezimalgrad (WGS 84)"),
    Column("featured", "true oder false", "true: auf der Startseite hervorgehoben"),
    Column("updated", "Datum oder leer", "Tag, an dem die Angaben zuletzt geprüft wurden (JJJJ-MM-TT)"),
)  # fmt: skip

PARTNER_COLUMNS: tuple[Column, ...] = (
    Column("id", "Text", "Kennung des Partners"),
    Column("name", "Text", "Name der Organisation"),
    Column("short_name", "Text oder leer", "Kurzname, z. B. EVV"),
    Column("type", "Kennung", "Art: administration, municipal-company, business, startup, research oder civil-society"),
    Column("type_label", "Text", "Art auf Deutsch, z. B. »Kommunale Unternehmen«"),
    Column("website", "Adresse oder leer", "Website der Organisation"),
    Column("description", "Markdown-Text oder leer", "Beschreibung"),
    Column("url", "Adresse", "Web-Adresse der Seite des Partners"),
    Column("initiatives", "Liste von Kennungen", "Initiativen, an denen der Partner beteiligt ist oder die er führt"),
)  # fmt: skip

GEOJSON_PROPERTIES: tuple[str, ...] = ("id", "title", "summary", "status", "url", "fields")


@dataclass(frozen=True)
class DataFile:
    """One published data file: what it is, for the /daten/ page and the catalogue."""

    path: str
    title: str
    format_name: str
    media_type: str
    eu_file_type: str
    description: str


DATA_FILES: tuple[DataFile, ...] = (
    DataFile(
        INITIATIVES_JSON,
        "Initiativen (JSON)",
        "JSON",
        "application/json",
        "JSON",
        "Alle Initiativen mit allen Angaben, eine Liste von Objekten.",
    ),
    DataFile(
        INITIATIVES_CSV,
        "Initiativen (CSV)",
        "CSV",
        "text/csv",
        "CSV",
        "Alle Initiativen als Tabelle, eine Zeile je Initiative, für Tabellenkalkulationen.",
    ),
    DataFile(
        INITIATIVES_GEOJSON,
        "Orte der Initiativen (GeoJSON)",
        "GeoJSON",
        "application/geo+json",
        "GEOJSON",
        "Die Initiativen mit Ort als Punkte für Karten (RFC 7946).",
    ),
    DataFile(
        PARTNERS_JSON,
        "Partner (JSON)",
        "JSON",
        "application/json",
        "JSON",
        "Alle Partner mit ihren Initiativen, eine Liste von Objekten.",
    ),
    DataFile(
        FEED_XML,
        "Neuigkeiten zu den Initiativen (Atom-Feed)",
        "Atom",
        "application/atom+xml",
        "ATOM",
        "Die Initiativen als Feed, die neuesten zuerst, zum Abonnieren im Feedreader.",
    ),
)
DATA_FILES_BY_PATH = {item.path: item for item in DATA_FILES}


# --------------------------------------------------------------------------- helpers


def _base(site_url: str) -> str:
    if not site_url:
        raise ValueError(
            "site_url fehlt in mkdocs.yml — die offenen Daten brauchen absolute Adressen"
        )
    return site_url if site_url.endswith("/") else site_url + "/"


def _page_url(base: str, urls: UrlScheme, src_uri: str) -> str:
    return base + urls.url(src_uri)


def _json_bytes(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def feed_date(initiative: Initiative) -> dt.date | None:
    """The date an initiative is listed by in the feed: `updated`, else the first day of `start`."""
    if initiative.updated is not None:
        return initiative.updated
    return initiative.start.first_day if initiative.start is not None else None


def newest_updated(site: Site) -> dt.date | None:
    return max((i.updated for i in site.initiatives if i.updated is not None), default=None)


def oldest_updated(site: Site) -> dt.date | None:
    return min((i.updated for i in site.initiatives if i.updated is not None), default=None)


def catalog_dates(site: Site, today: dt.date) -> tuple[dt.date, dt.date]:
    """`dct:issued` and `dct:modified` of the catalogue: the oldest and newest `updated`.

    The data carry no publication date, and the build date would change the metadata with
    every build; the oldest check is the earliest day the data are known to have existed,
    the newest check the last change. Neither may lie in the future; without any `updated`
    both are the day of the build, so the catalogue always has both dates.
    """
    issued = oldest_updated(site) or today
    modified = newest_updated(site) or today
    return min(issued, today), min(modified, today)


def dcatde_licence(licence_url: str) -> str:
    return DCATDE_LICENCES.get(licence_url, licence_url)


# --------------------------------------------------------------------------- records


def initiative_record(initiative: Initiative, base: str, urls: UrlScheme) -> dict[str, object]:
    """One initiative as plain JSON values, keys in the order of INITIATIVE_COLUMNS."""
    location = initiative.location
    record: dict[str, object] = {
        "id": initiative.id,
        "url": _page_url(base, urls, initiative_uri(initiative)),
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
        "lat": location.lat if location else None,
        "lon": location.lon if location else None,
        "featured": initiative.featured,
        "updated": initiative.updated.isoformat() if initiative.updated else None,
    }
    assert list(record) == [column.name for column in INITIATIVE_COLUMNS]
    return record


def partner_record(site: Site, partner: Partner, base: str, urls: UrlScheme) -> dict[str, object]:
    record: dict[str, object] = {
        "id": partner.id,
        "name": partner.name,
        "short_name": partner.short_name,
        "type": partner.type,
        "type_label": partner.type_label,
        "website": partner.website,
        "description": partner.description,
        "url": _page_url(base, urls, partner_uri(partner)),
        "initiatives": [i.id for i in site.initiatives_by_partner[partner.id]],
    }
    assert list(record) == [column.name for column in PARTNER_COLUMNS]
    return record


# --------------------------------------------------------------------------- CSV


def spreadsheet_text(text: str) -> str:
    """Text for a CSV cell that no spreadsheet program runs as a formula.

    Text starting with a formula trigger gets one leading apostrophe, the
    spreadsheets' own "this is text" mark. The apostrophe is also a trigger, so
    the rule is reversible without exception: every text cell that starts with
    an apostrophe has exactly one added; `original_text` removes it.
    """
    return "'" + text if text.startswith(SPREADSHEET_TRIGGERS) else text


def original_text(cell: str) -> str:
    """The data's own text of a guarded CSV cell (inverse of `spreadsheet_text`)."""
    return cell[1:] if cell.startswith("'") else cell


def csv_link(link: dict[str, str]) -> str:
    return f"{link['title']} <{link['url']}>"


def csv_cell(value: object) -> str | float:
    """A JSON value as a CSV cell: lists joined, numbers as numbers, text guarded."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        # Numbers (lat, lon) stay numeric: a leading minus is a sign, not a formula.
        return value
    if isinstance(value, list):
        parts = [csv_link(item) if isinstance(item, dict) else str(item) for item in value]
        return spreadsheet_text(CSV_LIST_SEPARATOR.join(parts))
    return spreadsheet_text(str(value))


def initiatives_csv(records: Iterable[dict[str, object]]) -> bytes:
    """RFC 4180 (comma, CRLF, quotes as needed), UTF-8 with BOM for spreadsheet programs."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in INITIATIVE_COLUMNS])
    for record in records:
        writer.writerow([csv_cell(record[column.name]) for column in INITIATIVE_COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


# --------------------------------------------------------------------------- GeoJSON


def initiatives_geojson(site: Site, records: dict[str, dict[str, object]]) -> bytes:
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
    return _json_bytes({"type": "FeatureCollection", "features": features})


# --------------------------------------------------------------------------- Atom feed

# XML 1.0 cannot carry most control characters, which YAML escapes can produce.
_NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML_CHAR.sub("\ufffd", text)


def _atom_time(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def feed_order(site: Site) -> list[Initiative]:
    """Newest `updated` (else `start`) first; undated initiatives last; ties in site order."""
    position = {initiative.id: index for index, initiative in enumerate(site.initiatives)}

    def key(initiative: Initiative) -> tuple[int, int, int]:
        day = feed_date(initiative)
        if day is None:
            return (1, 0, position[initiative.id])
        return (0, -day.toordinal(), position[initiative.id])

    return sorted(site.initiatives, key=key)


def feed_xml(
    site: Site,
    *,
    base: str,
    urls: UrlScheme,
    publisher_name: str,
    licence_name: str,
    licence_url: str,
    today: dt.date,
) -> bytes:
    """Atom (RFC 4287) feed of all initiatives; built as a tree, so escaping is by construction."""
    ordered = feed_order(site)
    # A `start` in the future must not claim a future modification.
    shown = {i.id: min(day, today) for i in ordered if (day := feed_date(i)) is not None}
    # Atom requires a date on every entry; undated ones get the oldest date of the
    # feed, so a reader sorting by date puts them behind every dated entry.
    undated = min(shown.values(), default=today)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, tag, {k: _xml_text(v) for k, v in attrs.items()})
        if text is not None:
            element.text = _xml_text(text)
        return element

    # Unprefixed names plus a literal xmlns: ElementTree's default_namespace
    # option refuses unqualified attributes, and register_namespace is global.
    feed = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: "de"})
    sub(feed, "id", base + FEED_XML)
    sub(feed, "title", "CONNECTED.ESSEN – Initiativen", type="text")
    sub(
        feed,
        "subtitle",
        "Initiativen, Ideen und Maßnahmen der Smart-City-Initiative der Stadt Essen",
        type="text",
    )
    sub(feed, "updated", _atom_time(max(shown.values(), default=today)))
    sub(feed, "link", rel="self", type="application/atom+xml", href=base + FEED_XML)
    sub(
        feed,
        "link",
        rel="alternate",
        type="text/html",
        href=_page_url(base, urls, page_src_uri(INITIATIVES_DIR)),
    )
    author = sub(feed, "author")
    sub(author, "name", publisher_name)
    sub(author, "uri", base)
    sub(feed, "rights", f"{licence_name} ({licence_url})", type="text")
    scheme = _page_url(base, urls, page_src_uri(FIELDS_DIR))
    for initiative in ordered:
        url = _page_url(base, urls, initiative_uri(initiative))
        entry = sub(feed, "entry")
        sub(entry, "id", url)
        sub(entry, "title", initiative.title, type="text")
        sub(entry, "updated", _atom_time(shown.get(initiative.id, undated)))
        sub(entry, "link", rel="alternate", type="text/html", href=url)
        sub(entry, "summary", initiative.summary, type="text")
        for field in initiative.fields:
            sub(entry, "category", term=field.id, label=field.name, scheme=scheme)
    ET.indent(feed)
    buffer = io.BytesIO()
    ET.ElementTree(feed).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue() + b"\n"


# --------------------------------------------------------------------------- vCard

VCARD_LINE_OCTETS = 75


def vcard_text(value: str) -> str:
    """RFC 6350 section 3.4: backslash, comma, semicolon and newlines escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def vcard_fold(line: str) -> list[str]:
    """Split a content line into lines of at most 75 octets (continuations start with a space).

    Splits only between characters (never inside a UTF-8 sequence) and never
    inside a backslash escape, which some readers do not unfold correctly.
    """
    units = re.findall(r"\\.|.", line, flags=re.DOTALL)
    lines: list[str] = []
    current, size = "", 0
    for unit in units:
        octets = len(unit.encode("utf-8"))
        if size + octets > VCARD_LINE_OCTETS:
            lines.append(current)
            current, size = " ", 1
        current += unit
        size += octets
    lines.append(current)
    return lines


# One conversion for the contact page and the vCards.
tel_uri = tel_href

# The data do not say whether a contact is a person (rules.py has no such key yet), so the kind
# is read from the name. German names of teams and offices start with the noun that says so,
# alone or at the end of a compound: "Projektteam Smart Parking", "Smart-City-Team",
# "Bürgerbüro Überruhr", "Geschäftsstelle CONNECTED.ESSEN". A person's name does not start
# like that; "Teamleiterin Meier" stays a person, because only the end of the first word counts.
VCARD_GROUP_NOUNS = ("team", "gruppe", "arbeitskreis", "netzwerk")
VCARD_ORG_NOUNS = (
    "büro", "stelle", "amt", "sekretariat", "redaktion", "zentrale", "hotline", "service",
    "verwaltung", "abteilung", "referat",
)  # fmt: skip


def vcard_kind(contact: Contact) -> str:
    """RFC 6350 KIND: `group` for a team, `org` for an office, else `individual`."""
    words = contact.name.split(maxsplit=1)
    first = words[0].casefold().rstrip(",;:.") if words else ""
    if first.endswith(VCARD_GROUP_NOUNS):
        return "group"
    if first.endswith(VCARD_ORG_NOUNS):
        return "org"
    return "individual"


def vcard(contact: Contact, base: str, urls: UrlScheme) -> bytes:
    """vCard 4.0 (RFC 6350), UTF-8, CRLF line ends, folded lines."""
    kind = vcard_kind(contact)
    organization = vcard_text(contact.organization.name)
    properties = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"KIND:{kind}",
        f"FN:{vcard_text(contact.name)}",
        # ORG is organisation name, then units: a team or office is a unit of its organisation.
        f"ORG:{organization}"
        if kind == "individual"
        else f"ORG:{organization};{vcard_text(contact.name)}",
        f"TITLE:{vcard_text(contact.role)}",
    ]
    if contact.phone:
        properties.append(f"TEL;VALUE=uri;TYPE=work,voice:{tel_uri(contact.phone)}")
    if contact.email:
        properties.append(f"EMAIL;TYPE=work:{vcard_text(contact.email)}")
    properties.append(f"URL:{_page_url(base, urls, CONTACT_URI)}#{contact.id}")
    properties.append("END:VCARD")
    lines = [folded for prop in properties for folded in vcard_fold(prop)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def vcard_path(contact: Contact) -> str:
    return f"{VCARD_DIR}/{contact.id}.vcf"


# --------------------------------------------------------------------------- DCAT-AP.de


def catalog_jsonld(
    site: Site,
    *,
    base: str,
    urls: UrlScheme,
    sizes: dict[str, int],
    publisher_name: str,
    licence_url: str,
    today: dt.date,
    contributor_id: str = DCATDE_CONTRIBUTOR_ID,
) -> bytes:
    """DCAT-AP.de catalogue with one data set and a distribution per data file (JSON-LD)."""
    catalog_url = base + CATALOG_JSONLD
    landing_page = _page_url(base, urls, DATA_PAGE_URI)
    licence = {"@id": dcatde_licence(licence_url)}
    issued, modified = catalog_dates(site, today)
    publisher = {"@type": "foaf:Organization", "foaf:name": publisher_name}

    def german(text: str) -> dict[str, str]:
        return {"@value": text, "@language": "de"}

    dates = {
        "dct:issued": {"@value": issued.isoformat(), "@type": "xsd:date"},
        "dct:modified": {"@value": modified.isoformat(), "@type": "xsd:date"},
    }

    distributions = []
    for item in DATA_FILES:
        download = base + item.path
        distribution: dict[str, object] = {
            "@id": f"{catalog_url}#{posixpath.basename(item.path)}",
            "@type": "dcat:Distribution",
            "dct:title": german(item.title),
            "dct:description": german(item.description),
            "dcat:accessURL": {"@id": download},
            "dcat:downloadURL": {"@id": download},
            "dct:format": {"@id": EU_FILE_TYPE + item.eu_file_type},
            "dcat:mediaType": {"@id": IANA_MEDIA_TYPE + item.media_type},
            "dct:license": licence,
            # DCAT-AP (2.1.1 and .de 2.0) types the size as xsd:decimal, not as an integer type.
            "dcat:byteSize": {"@value": str(sizes[item.path]), "@type": "xsd:decimal"},
            **dates,
        }
        distributions.append(distribution)

    keywords = ["Smart City", "Essen", "CONNECTED.ESSEN", "Digitalisierung"]
    keywords += [f.name for f in site.fields if f.name not in keywords]
    dataset: dict[str, object] = {
        "@id": f"{catalog_url}#initiativen",
        "@type": "dcat:Dataset",
        "dct:title": german("Initiativen und Partner von CONNECTED.ESSEN"),
        "dct:description": german(
            "Initiativen, Ideen und Maßnahmen der Smart-City-Initiative CONNECTED.ESSEN "
            "der Stadt Essen und der EVV: Handlungsfelder, Stand, Partner, Stadtteile, "
            "Zeitraum und Ort, dazu die beteiligten Partner."
        ),
        "dct:identifier": f"{catalog_url}#initiativen",
        "dcat:keyword": [german(word) for word in keywords],
        "dcat:theme": [{"@id": EU_DATA_THEME + theme} for theme in ("GOVE", "REGI", "TECH")],
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/DEU"},
        "dct:publisher": publisher,
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": publisher_name,
            "vcard:hasURL": {"@id": _page_url(base, urls, CONTACT_URI)},
        },
        "dcat:landingPage": {"@id": landing_page},
        "dct:accrualPeriodicity": {
            "@id": "http://publications.europa.eu/resource/authority/frequency/IRREG"
        },
        "dcatde:politicalGeocodingLevelURI": {
            "@id": "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
        },
        "dcatde:politicalGeocodingURI": {
            "@id": f"http://dcat-ap.de/def/politicalGeocoding/municipalityKey/{ESSEN_MUNICIPALITY_KEY}"
        },
        "dct:license": licence,
        "dcatde:contributorID": {"@id": contributor_id},
        **dates,
        "dcat:distribution": distributions,
    }
    if licence["@id"] not in LICENCES_WITHOUT_ATTRIBUTION:
        dataset["dcatde:licenseAttributionByText"] = german(attribution(publisher_name))

    catalog = {
        "@context": JSONLD_CONTEXT,
        "@id": catalog_url,
        "@type": "dcat:Catalog",
        "dct:title": german("Offene Daten von CONNECTED.ESSEN"),
        "dct:description": german(
            "Die Daten der Website von CONNECTED.ESSEN, der Smart-City-Initiative der Stadt Essen."
        ),
        "dct:publisher": publisher,
        "foaf:homepage": {"@id": base},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/DEU"},
        "dct:license": licence,
        **dates,
        "dcat:dataset": [dataset],
    }
    return _json_bytes(catalog)


def attribution(publisher_name: str) -> str:
    return f"{publisher_name}, CONNECTED.ESSEN – Offene Daten"


# --------------------------------------------------------------------------- all files


def export_files(
    site: Site,
    *,
    site_url: str,
    licence_name: str,
    licence_url: str,
    publisher_name: str,
    today: dt.date,
    urls: UrlScheme | None = None,
) -> list[tuple[str, bytes]]:
    """Every open-data file, the feed and the vCards as (site-relative path, content)."""
    base = _base(site_url)
    urls = urls or UrlScheme()
    records = {i.id: initiative_record(i, base, urls) for i in site.initiatives}
    files: list[tuple[str, bytes]] = [
        (INITIATIVES_JSON, _json_bytes(list(records.values()))),
        (INITIATIVES_CSV, initiatives_csv(records.values())),
        (INITIATIVES_GEOJSON, initiatives_geojson(site, records)),
        (PARTNERS_JSON, _json_bytes([partner_record(site, p, base, urls) for p in site.partners])),
        (
            FEED_XML,
            feed_xml(
                site,
                base=base,
                urls=urls,
                publisher_name=publisher_name,
                licence_name=licence_name,
                licence_url=licence_url,
                today=today,
            ),
        ),
    ]
    sizes = {path: len(content) for path, content in files}
    files.append(
        (
            CATALOG_JSONLD,
            catalog_jsonld(
                site,
                base=base,
                urls=urls,
                sizes=sizes,
                publisher_name=publisher_name,
                licence_url=licence_url,
                today=today,
            ),
        )
    )
    files.extend((vcard_path(c), vcard(c, base, urls)) for c in site.contacts)
    return files


# --------------------------------------------------------------------------- the /daten/ page


def file_size(octets: int) -> str:
    """German size: `845 Byte`, `12,3 kB`, `1,2 MB` (decimal prefixes)."""
    if octets < 1000:
        return f"{octets} Byte"
    for unit, factor in (("kB", 1000), ("MB", 1000**2)):
        value = octets / factor
        if value < 1000 or unit == "MB":
            return f"{value:.1f}".replace(".", ",") + f" {unit}"
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class ListedFile:
    """A file as listed on /daten/: link relative to the page, size, description."""

    info: DataFile
    href: str
    size: str

    @property
    def name(self) -> str:
        return posixpath.basename(self.info.path)


def relative_href(path: str) -> str:
    """Link from the /daten/ page to a site file; the page's folder is `daten/` in both URL styles."""
    return posixpath.relpath(path, DATA_DIR)


def data_page(
    site: Site,
    renderer: Renderer,
    *,
    files: list[tuple[str, bytes]],
    licence_name: str,
    licence_url: str,
    publisher_name: str = "Stadt Essen",
    site_url: str | None = None,
) -> GeneratedPage:
    """The /daten/ page: every file, every column, licence, metadata, feed and how to cite."""
    sizes = {path: len(content) for path, content in files}
    listed = [
        ListedFile(item, relative_href(item.path), file_size(sizes[item.path]))
        for item in DATA_FILES
        if item.path in sizes
    ]
    catalog = (
        ListedFile(
            DataFile(
                CATALOG_JSONLD,
                "Metadaten (DCAT-AP.de)",
                "JSON-LD",
                "application/ld+json",
                "JSON_LD",
                "",
            ),
            relative_href(CATALOG_JSONLD),
            file_size(sizes[CATALOG_JSONLD]),
        )
        if CATALOG_JSONLD in sizes
        else None
    )
    vcards = sorted(path for path in sizes if path.startswith(f"{VCARD_DIR}/"))
    modified = newest_updated(site)
    return renderer.page(
        "data.html",
        DATA_PAGE_URI,
        "Offene Daten",
        "Die Initiativen und Partner von CONNECTED.ESSEN als offene Daten: JSON, CSV, "
        "GeoJSON, Atom-Feed und Metadaten nach DCAT-AP.de.",
        site=site,
        files=listed,
        catalog=catalog,
        files_by_name={f.name: f for f in [*listed, *([catalog] if catalog else [])]},
        vcard_count=len(vcards),
        initiative_columns=INITIATIVE_COLUMNS,
        partner_columns=PARTNER_COLUMNS,
        geojson_properties=GEOJSON_PROPERTIES,
        csv_list_separator=CSV_LIST_SEPARATOR,
        licence_name=licence_name,
        licence_url=licence_url,
        licence_needs_attribution=dcatde_licence(licence_url) not in LICENCES_WITHOUT_ATTRIBUTION,
        attribution=attribution(publisher_name),
        publisher_name=publisher_name,
        modified=modified,
        issued=oldest_updated(site),
        contributor_id=DCATDE_CONTRIBUTOR_ID,
        page_url=_page_url(_base(site_url), renderer.urls, DATA_PAGE_URI) if site_url else None,
        located_count=sum(1 for i in site.initiatives if i.location is not None),
    )
