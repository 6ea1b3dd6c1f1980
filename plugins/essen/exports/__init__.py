"""Open data, the Atom feed and vCards as pure functions of the model, one module per format.

Every export carries the data's own text: nothing here is HTML-escaped, and
structured formats are written by serializers (json, csv, ElementTree) or, for
vCards, by `contentline`, so escaping is a property of the format, never of
string pasting. The one deliberate change of text is the CSV's spreadsheet guard
(see `csvfile.spreadsheet_text`).
"""

from __future__ import annotations

from ..model import Site
from .atom import feed_xml
from .catalogue import (
    CATALOG_JSONLD,
    FEED_XML,
    INITIATIVES_CSV,
    INITIATIVES_GEOJSON,
    INITIATIVES_JSON,
    PARTNERS_JSON,
)
from .csvfile import initiatives_csv
from .dcat import catalog_jsonld
from .geojson import initiatives_geojson
from .publication import Publication
from .records import initiative_record, json_bytes, partner_record
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
        (PARTNERS_JSON, json_bytes(partners)),
        (FEED_XML, feed_xml(site, publication)),
    ]
    # The catalogue states every other file's size, so it is written last.
    sizes = {path: len(content) for path, content in files}
    files.append((CATALOG_JSONLD, catalog_jsonld(site, publication, sizes)))
    files.extend((vcard_path(c), vcard(c, publication)) for c in site.contacts)
    return files
