"""Open data, the Atom feeds, calendar files and vCards as pure functions of the model, one module
per format.

Every export carries the data's own text: nothing here is HTML-escaped, and
structured formats are written by serializers (json, csv, ElementTree) or, for
vCards, by `contentline`, so escaping is a property of the format, never of
string pasting. The one deliberate change of text is the CSV's spreadsheet guard
(see `csvfile.spreadsheet_text`).
"""

from __future__ import annotations

from ..model import Site
from ..pages.urls import EVENTS_CALENDAR, NEWS_FEED, event_ics_path
from .atom import feed_xml, news_feed_xml
from .catalogue import (
    BEZIRKE_GEOJSON,
    CATALOG_JSONLD,
    EVENTS_JSON,
    FEED_XML,
    INITIATIVES_CSV,
    INITIATIVES_GEOJSON,
    INITIATIVES_JSON,
    NEWS_JSON,
    PARTNERS_JSON,
)
from .csvfile import initiatives_csv
from .dcat import catalog_jsonld
from .geojson import bezirke_geojson, initiatives_geojson
from .ical import calendar_bytes
from .publication import Publication
from .records import event_record, initiative_record, json_bytes, news_record, partner_record
from .vcard import vcard, vcard_path

__all__ = ["Publication", "export_files"]


def export_files(site: Site, publication: Publication) -> list[tuple[str, bytes]]:
    """Every open-data file, the feed and the vCards as (site-relative path, content)."""
    records = {i.id: initiative_record(i, publication) for i in site.initiatives}
    partners = [partner_record(site, p, publication) for p in site.partners]
    files: list[tuple[str, bytes]] = [
        (INITIATIVES_JSON, json_bytes(list(records.values()))),
        (INITIATIVES_CSV, initiatives_csv(records.values())),
        (INITIATIVES_GEOJSON, initiatives_geojson(site, records)),
        (BEZIRKE_GEOJSON, bezirke_geojson(site, publication)),
        (PARTNERS_JSON, json_bytes(partners)),
        (FEED_XML, feed_xml(site, publication)),
        (NEWS_JSON, json_bytes([news_record(item, publication) for item in site.news])),
        (NEWS_FEED, news_feed_xml(site, publication)),
        (EVENTS_JSON, json_bytes([event_record(event, publication) for event in site.events])),
    ]
    # The catalogue states every other file's size, so it is written last.
    sizes = {path: len(content) for path, content in files}
    files.append((CATALOG_JSONLD, catalog_jsonld(site, publication, sizes)))
    files.extend((vcard_path(c), vcard(c, publication)) for c in site.contacts)
    # The calendar of all events (subscribable) and one file per event, next to its page.
    files.append((EVENTS_CALENDAR, calendar_bytes(site.events, publication)))
    files.extend((event_ics_path(e), calendar_bytes((e,), publication)) for e in site.events)
    return files
