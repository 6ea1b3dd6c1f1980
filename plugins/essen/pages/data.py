"""The /daten/ page: every published file, every column, licence, metadata and how to cite."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ..exports.catalogue import (
    BEZIRK_PROPERTIES,
    CALENDAR_FILE,
    CATALOG_FILE,
    CSV_LIST_SEPARATOR,
    DATA_DIR,
    DATA_FILES,
    DATA_PAGE_URI,
    EVENT_COLUMNS,
    GEOJSON_PROPERTIES,
    GEOMETRY_ATTRIBUTION,
    INITIATIVE_COLUMNS,
    NEWS_COLUMNS,
    NEWS_FEED_ENTRIES,
    PARTNER_COLUMNS,
    VCARD_DIR,
    DataFile,
)
from ..exports.dcat import attribution, needs_attribution, newest_updated, oldest_updated
from ..exports.publication import Publication
from ..model import Site
from ..places.gazetteer import MAP_LICENCE_URL
from .render import GeneratedPage, Renderer


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
        """The file's name; with its folder for files next to their pages (two are feed.xml)."""
        folder = posixpath.dirname(self.info.path)
        return posixpath.basename(self.info.path) if folder in ("", DATA_DIR) else self.info.path


def relative_href(path: str) -> str:
    """Link from the /daten/ page to a site file; the page's folder is `daten/` in both URL styles."""
    return posixpath.relpath(path, DATA_DIR)


def _listed(item: DataFile, sizes: dict[str, int]) -> ListedFile:
    return ListedFile(item, relative_href(item.path), file_size(sizes[item.path]))


def data_page(
    site: Site,
    renderer: Renderer,
    publication: Publication,
    files: list[tuple[str, bytes]],
) -> GeneratedPage:
    """The /daten/ page: every file, every column, licence, metadata, feed and how to cite."""
    sizes = {path: len(content) for path, content in files}
    listed = [_listed(item, sizes) for item in DATA_FILES if item.path in sizes]
    catalog = _listed(CATALOG_FILE, sizes) if CATALOG_FILE.path in sizes else None
    calendar = _listed(CALENDAR_FILE, sizes) if CALENDAR_FILE.path in sizes else None
    by_name = {
        item.name: item
        for item in [*listed, *([catalog] if catalog else []), *([calendar] if calendar else [])]
    }
    vcards = [path for path in sizes if path.startswith(f"{VCARD_DIR}/")]
    return renderer.page(
        "data.html",
        DATA_PAGE_URI,
        "Offene Daten",
        "Die Initiativen, Partner, Meldungen und Termine von CONNECTED.ESSEN als offene "
        "Daten: JSON, CSV, GeoJSON, Atom-Feeds, iCalendar und Metadaten nach DCAT-AP.de.",
        site=site,
        files=listed,
        catalog=catalog,
        calendar=calendar,
        files_by_name=by_name,
        vcard_count=len(vcards),
        initiative_columns=INITIATIVE_COLUMNS,
        partner_columns=PARTNER_COLUMNS,
        news_columns=NEWS_COLUMNS,
        news_feed_entries=NEWS_FEED_ENTRIES,
        event_columns=EVENT_COLUMNS,
        geojson_properties=GEOJSON_PROPERTIES,
        bezirk_properties=BEZIRK_PROPERTIES,
        geometry_attribution=GEOMETRY_ATTRIBUTION,
        geometry_licence_url=MAP_LICENCE_URL,
        csv_list_separator=CSV_LIST_SEPARATOR,
        licence_name=publication.licence_name,
        licence_url=publication.licence_url,
        licence_needs_attribution=needs_attribution(publication.licence_url),
        attribution=attribution(publication.publisher_name),
        publisher_name=publication.publisher_name,
        modified=newest_updated(site),
        issued=oldest_updated(site),
        contributor_id=publication.contributor_id,
        page_url=publication.page_url(DATA_PAGE_URI),
        located_count=sum(1 for i in site.initiatives if i.location is not None),
    )
