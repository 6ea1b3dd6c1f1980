"""What the site publishes: the paths of the data files, their columns and descriptions.

The /daten/ page, the CSV header and the DCAT-AP.de catalogue all read these tables, so a
file or column is described once.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..pages.urls import CONTACT_DIR, EVENTS_CALENDAR, NEWS_FEED, page_src_uri
from ..places.gazetteer import MAP_LICENCE_URL

DATA_DIR = "daten"
DATA_PAGE_URI = page_src_uri(DATA_DIR)
INITIATIVES_JSON = f"{DATA_DIR}/initiativen.json"
INITIATIVES_CSV = f"{DATA_DIR}/initiativen.csv"
INITIATIVES_GEOJSON = f"{DATA_DIR}/initiativen.geojson"
BEZIRKE_GEOJSON = f"{DATA_DIR}/stadtbezirke.geojson"
PARTNERS_JSON = f"{DATA_DIR}/partner.json"
CATALOG_JSONLD = f"{DATA_DIR}/katalog.jsonld"
NEWS_JSON = f"{DATA_DIR}/aktuelles.json"
EVENTS_JSON = f"{DATA_DIR}/termine.json"
FEED_XML = "feed.xml"
# The news feed (exports/atom.py) carries the newest items only, each with its whole text: a
# feed reader polls it and keeps what it has seen, and at 1,000 items with their text the whole
# history would be 2 MB (183 KB gzip) on every poll. Every item is in daten/aktuelles.json.
NEWS_FEED_ENTRIES = 50
# The vCards lie next to the contact page, so a card's URL reads like the page's.
VCARD_DIR = CONTACT_DIR

# Separator of list values inside one CSV cell; the /daten/ page names it.
CSV_LIST_SEPARATOR = "; "


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
    Column("image_url", "Adresse oder leer", "Bild der Initiative (JPEG oder PNG in der größten veröffentlichten Breite, ohne Metadaten)"),
    Column("image_alt", "Text oder leer", "Alternativtext des Bildes; leer bei reinem Schmuckbild"),
    Column("image_credit", "Text oder leer", "Urheber und Lizenz des Bildes; bei der Weiterverwendung anzugeben"),
    Column("bezirke", "Liste von Texten", "Stadtbezirke der Initiative: die ihrer Stadtteile (ein Stadtbezirk unter districts zählt selbst); ohne Stadtteile der Stadtbezirk ihres Ortes; leer bei »Gesamtstadt« ohne Ort"),
    Column("bezirk_numbers", "Liste von Zahlen", "Nummern dieser Stadtbezirke, 1 bis 9, in derselben Reihenfolge (die Stadt schreibt sie römisch, I bis IX)"),
)  # fmt: skip

PARTNER_COLUMNS: tuple[Column, ...] = (
    Column("id", "Text", "Kennung des Partners"),
    Column("name", "Text", "Name der Organisation"),
    Column("short_name", "Text oder leer", "Kurzname, z. B. EVV"),
    Column("type", "Kennung", "Art: administration, municipal-company, business, startup, research oder civil-society"),
    Column("type_label", "Text", "Art auf Deutsch, z. B. »Kommunales Unternehmen«"),
    Column("website", "Adresse oder leer", "Website der Organisation"),
    Column("description", "Markdown-Text oder leer", "Beschreibung"),
    Column("url", "Adresse", "Web-Adresse der Seite des Partners"),
    Column("initiatives", "Liste von Kennungen", "Initiativen, an denen der Partner beteiligt ist oder die er führt"),
)  # fmt: skip

NEWS_COLUMNS: tuple[Column, ...] = (
    Column("slug", "Text", "Kennung der Meldung; Teil ihrer Web-Adresse"),
    Column("url", "Adresse", "Web-Adresse der Seite der Meldung"),
    Column("title", "Text", "Titel"),
    Column("date", "Datum", "Tag der Veröffentlichung (JJJJ-MM-TT)"),
    Column("updated", "Datum oder leer", "Tag der letzten Änderung (JJJJ-MM-TT)"),
    Column("summary", "Text", "Kurzfassung"),
    Column("body", "Markdown-Text", "der Text der Meldung"),
    Column("initiatives", "Liste von Kennungen", "Initiativen, um die es geht (siehe initiativen.json)"),
    Column("fields", "Liste von Kennungen", "Handlungsfelder, um die es geht"),
    Column("image_url", "Adresse oder leer", "Bild der Meldung"),
    Column("image_alt", "Text oder leer", "Alternativtext des Bildes; leer bei reinem Schmuckbild"),
    Column("image_credit", "Text oder leer", "Urheber und Lizenz des Bildes; bei der Weiterverwendung anzugeben"),
)  # fmt: skip

EVENT_COLUMNS: tuple[Column, ...] = (
    Column("id", "Text", "Kennung des Termins; Teil seiner Web-Adresse"),
    Column("url", "Adresse", "Web-Adresse der Seite des Termins"),
    Column("ics_url", "Adresse", "der Termin als Kalenderdatei (iCalendar)"),
    Column("title", "Text", "Titel"),
    Column("start", "Datum oder Datum mit Uhrzeit", "Beginn: JJJJ-MM-TT für ganztägige Termine, sonst JJJJ-MM-TTTHH:MM in Essener Ortszeit"),
    Column("end", "Datum oder Datum mit Uhrzeit oder leer", "Ende, in derselben Form wie der Beginn"),
    Column("all_day", "true oder false", "true: ganztägig (ohne Uhrzeit)"),
    Column("time_zone", "Text", "Zeitzone der Uhrzeiten, immer Europe/Berlin"),
    Column("summary", "Text", "Kurzbeschreibung"),
    Column("place", "Text oder leer", "Name des Veranstaltungsorts"),
    Column("address", "Text oder leer", "Anschrift"),
    Column("online", "true oder false", "true: findet (auch) online statt"),
    Column("online_url", "Adresse oder leer", "Adresse der Online-Teilnahme"),
    Column("registration", "Adresse oder leer", "Adresse der Anmeldung"),
    Column("cancelled", "true oder false", "true: abgesagt"),
    Column("initiatives", "Liste von Kennungen", "beteiligte Initiativen (siehe initiativen.json)"),
    Column("fields", "Liste von Kennungen", "Handlungsfelder"),
    Column("description", "Markdown-Text oder leer", "ausführliche Beschreibung"),
)  # fmt: skip

GEOJSON_PROPERTIES: tuple[str, ...] = (
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

# The properties of each Stadtbezirk in stadtbezirke.geojson, explained on /daten/.
BEZIRK_PROPERTIES: tuple[Column, ...] = (
    Column("number", "Zahl", "Nummer des Stadtbezirks, 1 bis 9 (auch die id des Features)"),
    Column("roman", "Text", "die Nummer, wie die Stadt sie schreibt: I bis IX"),
    Column("name", "Text", "Name des Stadtbezirks"),
    Column("url", "Adresse", "Seite des Stadtbezirks mit seinen Stadtteilen und Initiativen"),
    Column("stadtteile", "Liste von Texten", "seine Stadtteile"),
    Column("count", "Zahl", "Zahl der Initiativen im Stadtbezirk, gezählt wie »bezirke« in initiativen.json"),
)  # fmt: skip
# Whose geometry the Bezirke file carries, under which licence (dl-de/by-2-0 asks for the source).
GEOMETRY_ATTRIBUTION = "Stadt Essen"


@dataclass(frozen=True)
class DataFile:
    """One published data file: what it is, for the /daten/ page and the catalogue."""

    path: str
    title: str
    format_name: str
    media_type: str
    eu_file_type: str
    description: str
    # A file with a licence of its own (the Bezirke's geometry): its licence and attribution;
    # empty for the files under the site's licence.
    licence_url: str = ""
    attribution: str = ""


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
        BEZIRKE_GEOJSON,
        "Stadtbezirke mit Zahl der Initiativen (GeoJSON)",
        "GeoJSON",
        "application/geo+json",
        "GEOJSON",
        "Die 9 Stadtbezirke als Flächen (RFC 7946) mit der Zahl ihrer Initiativen. Die Grenzen "
        "sind vereinfacht nach den offenen Daten der Stadt Essen, Lizenz dl-de/by-2-0, "
        "Quellenangabe: Stadt Essen.",
        licence_url=MAP_LICENCE_URL,
        attribution=GEOMETRY_ATTRIBUTION,
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
    DataFile(
        NEWS_JSON,
        "Aktuelles (JSON)",
        "JSON",
        "application/json",
        "JSON",
        "Alle Meldungen mit Text, die neuesten zuerst, eine Liste von Objekten.",
    ),
    DataFile(
        NEWS_FEED,
        "Aktuelles (Atom-Feed)",
        "Atom",
        "application/atom+xml",
        "ATOM",
        f"Die {NEWS_FEED_ENTRIES} neuesten Meldungen mit Text als Feed, zum Abonnieren im "
        "Feedreader.",
    ),
    DataFile(
        EVENTS_JSON,
        "Termine (JSON)",
        "JSON",
        "application/json",
        "JSON",
        "Alle Termine nach ihrem Beginn, eine Liste von Objekten.",
    ),
)

# The calendar of all events (iCalendar, RFC 5545): listed on /daten/ but not in the catalogue,
# whose offline EU file-type list has no term for iCalendar.
CALENDAR_FILE = DataFile(
    EVENTS_CALENDAR,
    "Termine (iCalendar)",
    "iCalendar",
    "text/calendar",
    "",
    "Alle Termine als Kalender zum Abonnieren, z. B. in Outlook, Thunderbird oder auf dem Telefon.",
)

# The catalogue describes the files above, not itself: it is listed on /daten/ only.
CATALOG_FILE = DataFile(
    CATALOG_JSONLD,
    "Metadaten (DCAT-AP.de)",
    "JSON-LD",
    "application/ld+json",
    "JSON_LD",
    "",
)
