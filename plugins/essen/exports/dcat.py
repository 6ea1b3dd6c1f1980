"""The catalogue of the open data after DCAT-AP.de, as JSON-LD."""

from __future__ import annotations

import datetime as dt
import posixpath

from ..model import Site
from ..pages.urls import CONTACT_URI
from .catalogue import CATALOG_JSONLD, DATA_DIR, DATA_FILES, DATA_PAGE_URI, DataFile
from .publication import Publication
from .records import json_bytes

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
EU_LANGUAGE_GERMAN = "http://publications.europa.eu/resource/authority/language/DEU"
# Amtlicher Gemeindeschlüssel of Essen (kreisfreie Stadt, Regierungsbezirk Düsseldorf).
ESSEN_MUNICIPALITY_KEY = "05113000"

JSONLD_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

JsonLd = dict[str, object]


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


def needs_attribution(licence_url: str) -> bool:
    return dcatde_licence(licence_url) not in LICENCES_WITHOUT_ATTRIBUTION


def attribution(publisher_name: str) -> str:
    return f"{publisher_name}, CONNECTED.ESSEN – Offene Daten"


def _german(text: str) -> dict[str, str]:
    return {"@value": text, "@language": "de"}


def distribution_fragment(item: DataFile) -> str:
    """The distribution's anchor in the catalogue: the file's path from daten/ (or from the
    site's root) with / as -, so that feed.xml and aktuelles/feed.xml stay two nodes and the
    files in daten/ keep the anchors they always had (#initiativen.json)."""
    path = item.path
    if path.startswith(f"{DATA_DIR}/"):
        path = posixpath.relpath(path, DATA_DIR)
    return path.replace("/", "-")


def _distribution(item: DataFile, size: int, publication: Publication, common: JsonLd) -> JsonLd:
    download = publication.url(item.path)
    distribution: JsonLd = {
        "@id": f"{publication.url(CATALOG_JSONLD)}#{distribution_fragment(item)}",
        "@type": "dcat:Distribution",
        "dct:title": _german(item.title),
        "dct:description": _german(item.description),
        "dcat:accessURL": {"@id": download},
        "dcat:downloadURL": {"@id": download},
        "dct:format": {"@id": EU_FILE_TYPE + item.eu_file_type},
        "dcat:mediaType": {"@id": IANA_MEDIA_TYPE + item.media_type},
        "dct:license": common["dct:license"],
        # DCAT-AP (2.1.1 and .de 2.0) types the size as xsd:decimal, not as an integer type.
        "dcat:byteSize": {"@value": str(size), "@type": "xsd:decimal"},
        "dct:issued": common["dct:issued"],
        "dct:modified": common["dct:modified"],
    }
    if item.licence_url:
        # A file under a licence of its own (the Bezirke's geometry from the city).
        distribution["dct:license"] = {"@id": dcatde_licence(item.licence_url)}
        if needs_attribution(item.licence_url):
            distribution["dcatde:licenseAttributionByText"] = _german(item.attribution)
    return distribution


def _dataset(
    site: Site, publication: Publication, common: JsonLd, distributions: list[JsonLd]
) -> JsonLd:
    identifier = f"{publication.url(CATALOG_JSONLD)}#initiativen"
    keywords = ["Smart City", "Essen", "CONNECTED.ESSEN", "Digitalisierung"]
    keywords += [f.name for f in site.fields if f.name not in keywords]
    publisher_name = publication.publisher_name
    dataset: JsonLd = {
        "@id": identifier,
        "@type": "dcat:Dataset",
        "dct:title": _german("Initiativen und Partner von CONNECTED.ESSEN"),
        "dct:description": _german(
            "Initiativen, Ideen und Maßnahmen der Smart-City-Initiative CONNECTED.ESSEN "
            "der Stadt Essen und der EVV: Handlungsfelder, Stand, Partner, Stadtteile und "
            "Stadtbezirke, Zeitraum und Ort, dazu die beteiligten Partner und die "
            "Stadtbezirke mit der Zahl ihrer Initiativen; die Meldungen (Aktuelles) und die "
            "Termine."
        ),
        "dct:identifier": identifier,
        "dcat:keyword": [_german(word) for word in keywords],
        "dcat:theme": [{"@id": EU_DATA_THEME + theme} for theme in ("GOVE", "REGI", "TECH")],
        "dct:language": {"@id": EU_LANGUAGE_GERMAN},
        "dct:publisher": common["dct:publisher"],
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": publisher_name,
            "vcard:hasURL": {"@id": publication.page_url(CONTACT_URI)},
        },
        "dcat:landingPage": {"@id": publication.page_url(DATA_PAGE_URI)},
        "dct:accrualPeriodicity": {
            "@id": "http://publications.europa.eu/resource/authority/frequency/IRREG"
        },
        "dcatde:politicalGeocodingLevelURI": {
            "@id": "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
        },
        "dcatde:politicalGeocodingURI": {
            "@id": f"http://dcat-ap.de/def/politicalGeocoding/municipalityKey/{ESSEN_MUNICIPALITY_KEY}"
        },
        "dct:license": common["dct:license"],
        # DCAT-AP.de convention 12/13: every data set names exactly one data provider from
        # GovData's list (http://dcat-ap.de/def/contributors/), configured in mkdocs.yml.
        "dcatde:contributorID": {"@id": publication.contributor_id},
        "dct:issued": common["dct:issued"],
        "dct:modified": common["dct:modified"],
        "dcat:distribution": distributions,
    }
    if needs_attribution(publication.licence_url):
        dataset["dcatde:licenseAttributionByText"] = _german(attribution(publisher_name))
    return dataset


def catalog_jsonld(site: Site, publication: Publication, sizes: dict[str, int]) -> bytes:
    """DCAT-AP.de catalogue with one data set and a distribution per data file (JSON-LD)."""
    issued, modified = catalog_dates(site, publication.today)
    # Shared by catalogue, data set and distributions: one licence, one publisher, one pair of dates.
    common: JsonLd = {
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": publication.publisher_name},
        "dct:license": {"@id": dcatde_licence(publication.licence_url)},
        "dct:issued": {"@value": issued.isoformat(), "@type": "xsd:date"},
        "dct:modified": {"@value": modified.isoformat(), "@type": "xsd:date"},
    }
    distributions = [
        _distribution(item, sizes[item.path], publication, common) for item in DATA_FILES
    ]
    catalog = {
        "@context": JSONLD_CONTEXT,
        "@id": publication.url(CATALOG_JSONLD),
        "@type": "dcat:Catalog",
        "dct:title": _german("Offene Daten von CONNECTED.ESSEN"),
        "dct:description": _german(
            "Die Daten der Website von CONNECTED.ESSEN, der Smart-City-Initiative der Stadt Essen."
        ),
        "dct:publisher": common["dct:publisher"],
        "foaf:homepage": {"@id": publication.base_url},
        "dct:language": {"@id": EU_LANGUAGE_GERMAN},
        "dct:license": common["dct:license"],
        "dct:issued": common["dct:issued"],
        "dct:modified": common["dct:modified"],
        "dcat:dataset": [_dataset(site, publication, common, distributions)],
    }
    return json_bytes(catalog)
