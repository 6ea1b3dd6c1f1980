"""The open data of real strict builds, read by checkers nobody on the project wrote.

- pyshacl with GovData's DCAT-AP.de 2.0 shapes (specification plus the "Konventionen" of the
  implementation rules) and with the DCAT-AP 2.1.1 shapes on /daten/katalog.jsonld;
- rdflib on the schema.org JSON-LD of the initiative pages;
- feedparser on /feed.xml and vobject on every vCard.

Both the sample data and a hostile data set (markup, template syntax, umlauts, commas,
semicolons, backslashes, newlines) are built. Expectations come from the YAML data as written,
not from the exporters.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import feedparser
import pyshacl
import pytest
import shapely
import vobject
import yaml
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns

from plugins.essen.exports.catalogue import DATA_FILES
from plugins.essen.places.gazetteer import gazetteer

from ..conftest import (
    SampleSite,
    assert_built,
    build,
    make_project,
    parse_html,
    read_data,
    write_data,
)

VENDOR = Path(__file__).parent / "vendor" / "dcat-ap-de"
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
SCHEMA = Namespace("https://schema.org/")

# The two profiles GovData's validator runs for DCAT-AP.de 2.0 (see the vendor README).
DE_SPEC = (
    "dcat-ap-de-imports.ttl",
    "dcat-ap-spec-german-messages.ttl",
    "dcat-ap-spec-german-additions.ttl",
    "dcat-ap-de-deprecated.ttl",
    "dcat-ap_2.1.1_shacl_shapes.ttl",
)
DE_WITH_CONVENTIONS = (*DE_SPEC, "dcat-ap-konventionen.ttl")
DCAT_AP = ("dcat-ap_2.1.1_shacl_shapes.ttl",)

# Controlled vocabularies the German shapes test membership in (`skos:inScheme`) that have no
# offline copy: the EU language list, GovData's contributor list and the political-geocoding
# lists. For these, membership is scoped down to the namespace: an IRI of the catalogue in the
# namespace counts as a term of the list. The shapes still check that the property is there, how
# often, and that its IRI comes from the right list — only whether the term exists in the list
# is not checked (GovData's own shapes test IANA media types the same way, by prefix).
SCHEMES_WITHOUT_COPY = {
    "http://publications.europa.eu/resource/authority/language/": (
        "http://publications.europa.eu/resource/authority/language"
    ),
    "http://dcat-ap.de/def/contributors/": "http://dcat-ap.de/def/contributors",
    "http://dcat-ap.de/def/politicalGeocoding/Level/": (
        "http://dcat-ap.de/def/politicalGeocoding/Level"
    ),
    "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/": (
        "http://dcat-ap.de/def/politicalGeocoding/municipalityKey"
    ),
}
# The offline EU file-type list predates GEOJSON (in the current list since 2019); only this term
# is stood in for, every other file type is checked against the copy.
TERMS_MISSING_FROM_COPY = {
    "http://publications.europa.eu/resource/authority/file-type/GEOJSON": (
        "http://publications.europa.eu/resource/authority/file-type"
    ),
}

# rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph; nothing to act on here.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


# --------------------------------------------------------------------------- data and builds

HOSTILE_PERSON = 'Müller, Hans; "Dr." \\ <script>alert(1)</script> {{ 7*7 }}'
# One-line texts carry no line breaks (the loader turns them into spaces).
HOSTILE_ROLE = "Leitung Smart City; Bereich \\Süd\\, Ost"
HOSTILE_ORG = "Grün, Blau & Co.; KG \\ Süd <b>fett</b> – Zweigstelle für Bürgerbeteiligung 🚋"


def hostile_data() -> dict:
    """Names, roles and titles that break naive escaping in every format the site exports."""
    return {
        "fields": [
            {
                "id": "klima",
                "name": "Klima & Umwelt; Wärme, Kälte",
                "summary": "Klimaschutz <b>in</b> der Stadt.",
                "description": "Weniger CO₂.",
            },
            {
                "id": "bildung",
                "name": "Bildung {{ 7*7 }}",
                "summary": "Lernen mit digitalen Mitteln.",
                "description": "Schulen *vernetzt*.",
            },
        ],
        "partners": {
            "gruen": {"name": HOSTILE_ORG, "type": "business"},
            "stadt": {"name": "Stadt Essen", "type": "administration"},
        },
        "contacts": [
            {
                "id": "mueller",
                "name": HOSTILE_PERSON,
                "role": HOSTILE_ROLE,
                "organization": "gruen",
                "phone": "+49 (0)201 123-45",
                "email": "team,sued@example.org",
            },
            {
                "id": "team",
                "name": "Projektteam Wärme, Kälte; Süd",
                "role": "Projektleitung",
                "organization": "gruen",
                "email": "waerme@example.org",
            },
            {
                "id": "buero",
                "name": "Bürgerbüro Überruhr",
                "role": "Auskunft",
                "organization": "stadt",
                "phone": "0201 8888109",
            },
            {
                "id": "stelle",
                "name": "Geschäftsstelle CONNECTED.ESSEN",
                "role": "Koordination",
                "organization": "stadt",
                "leadership": True,
            },
            {
                "id": "teamleiterin",
                "name": "Teamleiterin Jördis Ünal-Weiß",
                "role": "Leitung der Geschäftsstelle",
                "organization": "stadt",
            },
        ],
        "initiatives": {
            "Böse Initiative": {
                "title": '<script>alert("x")</script> {{ 7*7 }} & "Zitat" Ärger',
                "fields": ["klima", "bildung"],
                "status": "pilot",
                "summary": 'Kurz; "zitiert", mit \\ und <b>fett</b> {{ 7*7 }}',
                "lead": "gruen",
                "partners": ["stadt"],
                "contacts": ["mueller", "team"],
                # The vocabulary's names (rules.District); Bezirk names carry slashes.
                "districts": ["Rüttenscheid", "Altendorf", "Steele/Kray"],
                "location": {"lat": 51.4556, "lon": 7.0116},
                "start": "2024-03",
                "updated": dt.date(2025, 2, 1),
            },
            "Grüße aus Überruhr": {
                "title": "Grüße aus Überruhr",
                "fields": ["klima"],
                "status": "idea",
                "summary": "Ein Gruß, mehr nicht.",
                "contacts": ["buero", "teamleiterin"],
                "updated": dt.date(2024, 11, 5),
            },
            "nur-start": {
                "title": "Nur ein Start",
                "fields": ["bildung"],
                "status": "planning",
                "summary": "Beginnt an einem Tag.",
                "start": dt.date(2025, 1, 20),
                "contacts": ["stelle"],
            },
            # Text that looks like markup or entities must come back as written, not decoded.
            "entitaeten": {
                "title": "&amp; bleibt, &lt;b&gt; und ]]> {% raw %}",
                "fields": ["klima"],
                "status": "completed",
                "summary": "&#169; ist kein ©, <![CDATA[ auch nicht",
                "districts": ["Frohnhausen"],
                "updated": dt.date(2023, 9, 30),
            },
            "ohne-datum": {
                "title": "Ohne Datum",
                "fields": ["bildung"],
                "status": "idea",
                "summary": "Weder geprüft noch begonnen.",
            },
        },
    }


# RFC 6350 KIND of each contact, decided here by reading the names, not by the exporter's rule.
HOSTILE_KINDS = {
    "mueller": "individual",
    "team": "group",
    "buero": "org",
    "stelle": "org",
    "teamleiterin": "individual",
}


@dataclass
class Built:
    """A strict build: its folder, the data behind it, its site_url and the day it was built."""

    site_dir: Path
    data: dict
    site_url: str
    days: tuple[dt.date, dt.date]  # the build ran between these two days

    def read(self, path: str) -> bytes:
        return (self.site_dir / path).read_bytes()


def strict_build(project: Path) -> Built:
    site_dir = project.parent / "site"
    before = dt.date.today()
    result = build(project, site_dir)
    after = dt.date.today()
    assert_built(result)
    return built_from(project, site_dir, (before, after))


def built_from(project: Path, site_dir: Path, days: tuple[dt.date, dt.date]) -> Built:
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    site_url = config["site_url"] if config["site_url"].endswith("/") else config["site_url"] + "/"
    return Built(site_dir, read_data(project / "data"), site_url, days)


@pytest.fixture(scope="module")
def sample(sample_site: SampleSite) -> Built:
    """The repo's project as conftest's `sample_site` built it (read only)."""
    return built_from(sample_site.project, sample_site.site_dir, sample_site.days)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Built:
    project = make_project(
        tmp_path_factory.mktemp("hostile"), lambda data_dir: write_data(data_dir, hostile_data())
    )
    return strict_build(project)


@pytest.fixture(scope="module", params=["sample", "hostile"])
def built(request: pytest.FixtureRequest) -> Built:
    return request.getfixturevalue(request.param)


# --------------------------------------------------------------------------- SHACL


@dataclass(frozen=True)
class Result:
    severity: str  # Violation, Warning or Info
    focus: str
    path: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.focus} {self.path} {self.value}: {self.message}"


def parse_files(names: Iterable[str]) -> Graph:
    graph = Graph()
    for name in names:
        graph.parse(VENDOR / name)
    return graph


@pytest.fixture(scope="module")
def shapes() -> dict[str, Graph]:
    """Parsed once per module: parsing is most of the cost of a run."""
    return {
        "DCAT-AP.de 2.0 + Konventionen": parse_files(DE_WITH_CONVENTIONS),
        "DCAT-AP 2.1.1": parse_files(DCAT_AP),
    }


@pytest.fixture(scope="module")
def vocabularies() -> Graph:
    """The ontologies and lists GovData's validator loads into the data graph."""
    return parse_files(f"vocab/{p.name}" for p in sorted((VENDOR / "vocab").iterdir()))


def catalog_graph(raw: bytes) -> Graph:
    graph = Graph()
    # The catalogue's context is inline, so parsing needs no network.
    graph.parse(data=raw.decode("utf-8"), format="json-ld")
    assert len(graph) > 50, "the catalogue parsed to almost nothing"
    return graph


def stand_ins(catalog: Graph) -> Graph:
    """Scheme memberships for the catalogue's terms of lists without an offline copy."""
    extra = Graph()
    for term in set(catalog.objects()):
        if not isinstance(term, URIRef):
            continue
        iri = str(term)
        if iri in TERMS_MISSING_FROM_COPY:
            extra.add((term, ns.SKOS.inScheme, URIRef(TERMS_MISSING_FROM_COPY[iri])))
        for namespace, scheme in SCHEMES_WITHOUT_COPY.items():
            if iri.startswith(namespace) and "/" not in iri[len(namespace) :]:
                extra.add((term, ns.SKOS.inScheme, URIRef(scheme)))
    return extra


def validate(data: Graph, shacl: Graph) -> list[Result]:
    _, report, _ = pyshacl.validate(data, shacl_graph=shacl, advanced=True, allow_warnings=True)
    assert isinstance(report, Graph)
    results = []
    for node in report.subjects(ns.RDF.type, ns.SH.ValidationResult):
        severity = report.value(node, ns.SH.resultSeverity)
        results.append(
            Result(
                str(severity).rsplit("#", 1)[-1],
                str(report.value(node, ns.SH.focusNode)),
                str(report.value(node, ns.SH.resultPath)),
                str(report.value(node, ns.SH.value)),
                str(report.value(node, ns.SH.resultMessage)),
            )
        )
    return sorted(results, key=str)


def german_profile(raw: bytes, shapes: dict[str, Graph], vocabularies: Graph) -> list[Result]:
    catalog = catalog_graph(raw)
    data = catalog + vocabularies + stand_ins(catalog)
    return validate(data, shapes["DCAT-AP.de 2.0 + Konventionen"])


def dcat_ap_profile(raw: bytes, shapes: dict[str, Graph]) -> list[Result]:
    # The catalogue alone: DCAT-AP 2.1.1 tests no list membership, and with the lists loaded its
    # concept-scheme shape would judge the old list copies (no dct:title), not this catalogue —
    # GovData's profile switches that shape off for the same reason.
    return validate(catalog_graph(raw), shapes["DCAT-AP 2.1.1"])


def serious(results: list[Result]) -> list[str]:
    return [str(r) for r in results if r.severity in {"Violation", "Warning"}]


def test_catalog_conforms_to_dcat_ap_de_with_conventions(
    built: Built, shapes: dict[str, Graph], vocabularies: Graph
) -> None:
    results = german_profile(built.read("daten/katalog.jsonld"), shapes, vocabularies)
    assert serious(results) == []


def test_catalog_conforms_to_dcat_ap_2_1_1(built: Built, shapes: dict[str, Graph]) -> None:
    results = dcat_ap_profile(built.read("daten/katalog.jsonld"), shapes)
    assert serious(results) == []


def test_validation_finds_the_defects_it_is_here_for(
    sample: Built, shapes: dict[str, Graph], vocabularies: Graph
) -> None:
    """The checker is live: the catalogue as it was before issue 10 fails in the known ways."""
    catalog = json.loads(sample.read("daten/katalog.jsonld"))
    old = copy.deepcopy(catalog)
    [dataset] = old["dcat:dataset"]
    del dataset["dcatde:contributorID"], dataset["dct:issued"]
    for distribution in dataset["dcat:distribution"]:
        distribution["dcat:byteSize"]["@type"] = "xsd:nonNegativeInteger"
    raw = json.dumps(old).encode("utf-8")

    german = german_profile(raw, shapes, vocabularies)
    byte_sizes = [r for r in german if r.path == str(ns.DCAT.byteSize)]
    assert len(byte_sizes) == len(dataset["dcat:distribution"]) == len(DATA_FILES)
    assert {r.severity for r in byte_sizes} == {"Violation"}
    assert [r.severity for r in german if r.path == str(DCATDE.contributorID)] == ["Violation"]
    assert [r.severity for r in german if r.path == str(ns.DCTERMS.issued)] == ["Warning"]
    assert len(serious(german)) == len(DATA_FILES) + 2, serious(german)

    plain = dcat_ap_profile(raw, shapes)
    assert [r.path for r in plain if r.severity == "Violation"] == [str(ns.DCAT.byteSize)] * len(
        DATA_FILES
    )

    # A licence outside GovData's list is checked against the real list copy, not stood in for.
    foreign = copy.deepcopy(catalog)
    foreign["dcat:dataset"][0]["dcat:distribution"][0]["dct:license"] = {
        "@id": "https://example.org/lizenz"
    }
    results = german_profile(json.dumps(foreign).encode("utf-8"), shapes, vocabularies)
    assert any(r.severity == "Violation" and r.path == str(ns.DCTERMS.license) for r in results)


def dated(built: Built) -> list[dt.date]:
    return [i["updated"] for i in built.data["initiatives"].values() if i.get("updated")]


def test_catalog_dates_contributor_and_sizes(built: Built) -> None:
    """Read with rdflib: both dates typed xsd:date from the data, one contributor, true sizes."""
    graph = catalog_graph(built.read("daten/katalog.jsonld"))
    [catalog] = graph.subjects(ns.RDF.type, ns.DCAT.Catalog)
    [dataset] = graph.subjects(ns.RDF.type, ns.DCAT.Dataset)
    days = dated(built)
    assert days, "the data set needs checked initiatives"
    for subject in (catalog, dataset, *graph.subjects(ns.RDF.type, ns.DCAT.Distribution)):
        assert list(graph.objects(subject, ns.DCTERMS.issued)) == [
            Literal(min(days).isoformat(), datatype=ns.XSD.date)
        ]
        assert list(graph.objects(subject, ns.DCTERMS.modified)) == [
            Literal(max(days).isoformat(), datatype=ns.XSD.date)
        ]
    [contributor] = graph.objects(dataset, DCATDE.contributorID)
    assert isinstance(contributor, URIRef)
    assert re.fullmatch(r"http://dcat-ap\.de/def/contributors/[A-Za-z]+", str(contributor))
    distributions = list(graph.objects(dataset, ns.DCAT.distribution))
    assert len(distributions) == len(DATA_FILES)
    for distribution in distributions:
        [url] = graph.objects(distribution, ns.DCAT.downloadURL)
        [size] = graph.objects(distribution, ns.DCAT.byteSize)
        assert isinstance(size, Literal) and size.datatype == ns.XSD.decimal
        assert int(size.toPython()) == len(built.read(str(url)[len(built.site_url) :]))


MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember")  # fmt: skip


def test_data_page_explains_the_catalogue_dates(built: Built) -> None:
    page = parse_html((built.site_dir / "daten" / "index.html").read_text("utf-8"))
    [section] = [p.text() for p in page.find_all("p") if "dct:issued" in p.text()]
    assert "dct:modified" in section and "dcatde:contributorID" in section
    days = dated(built)
    for day in (min(days), max(days)):
        assert f"{day.day}. {MONTHS[day.month - 1]} {day.year}" in section


# --------------------------------------------------------------------------- schema.org


def structured_data(html: str) -> list[dict]:
    return [
        json.loads(node.text())
        for node in parse_html(html).find_all("script")
        if node.attrs.get("type") == "application/ld+json"
    ]


def schema_graph(document: dict) -> Graph:
    """rdflib's reading of a schema.org document.

    The schema.org context is a remote document; offline it is replaced by its core, the
    vocabulary namespace, which is all these documents use (no aliases, no coercions).
    """
    assert document["@context"] == "https://schema.org"
    graph = Graph()
    local = {**document, "@context": {"@vocab": str(SCHEMA)}}
    graph.parse(data=json.dumps(local), format="json-ld")
    return graph


def test_districts_lie_in_the_city_of_essen(built: Built) -> None:
    checked = 0
    for initiative_id, raw in built.data["initiatives"].items():
        html = (built.site_dir / "initiativen" / initiative_id / "index.html").read_text("utf-8")
        [project] = [d for d in structured_data(html) if d.get("@type") == "Project"]
        graph = schema_graph(project)
        [node] = graph.subjects(ns.RDF.type, SCHEMA.Project)
        places = list(graph.objects(node, SCHEMA.areaServed))
        districts = {str(graph.value(p, SCHEMA.name)) for p in places}
        assert districts == set(raw.get("districts", [])), initiative_id
        for place in places:
            [city] = graph.objects(place, SCHEMA.containedInPlace)
            # Range of containedInPlace is Place: a node typed City (a Place), not text.
            assert isinstance(city, BNode | URIRef), f"{initiative_id}: {city!r}"
            assert set(graph.objects(city, ns.RDF.type)) == {SCHEMA.City}
            assert graph.value(city, SCHEMA.name) == Literal("Essen")
            checked += 1
    assert checked, "no initiative names a district"


# --------------------------------------------------------------------------- Stadtbezirke


def raw_bezirke(raw: dict) -> list[int]:
    """The Bezirke of an initiative as YAML wrote it, by the gazetteer's one definition."""
    location = raw.get("location")
    point = (location["lat"], location["lon"]) if location else None
    return [b.number for b in gazetteer().bezirke_of(raw.get("districts", []), point)]


def test_bezirke_of_each_initiative_in_json_and_csv(built: Built) -> None:
    initiatives = built.data["initiatives"]
    names = {b.number: b.name for b in gazetteer().bezirke}
    records = {r["id"]: r for r in json.loads(built.read("daten/initiativen.json"))}
    text = built.read("daten/initiativen.csv").decode("utf-8-sig")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}
    # New columns come last: existing column positions stay as they were.
    assert text.split("\r\n", 1)[0].split(",")[-2:] == ["bezirke", "bezirk_numbers"]
    located = 0
    for initiative_id, raw in initiatives.items():
        numbers = raw_bezirke(raw)
        located += bool(numbers)
        assert records[initiative_id]["bezirk_numbers"] == numbers, initiative_id
        assert records[initiative_id]["bezirke"] == [names[n] for n in numbers]
        assert rows[initiative_id]["bezirk_numbers"] == "; ".join(map(str, numbers))
        assert rows[initiative_id]["bezirke"] == "; ".join(names[n] for n in numbers)
    assert located, "no initiative lies in a Stadtbezirk"


def test_bezirke_geojson_read_by_shapely(built: Built) -> None:
    collection = json.loads(built.read("daten/stadtbezirke.geojson"))
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert [f["properties"]["number"] for f in features] == list(range(1, 10))
    polygons = [shapely.geometry.shape(f["geometry"]) for f in features]
    assert all(isinstance(p, shapely.Polygon) and p.is_valid for p in polygons)
    # Neighbours share borders: no two overlap beyond the rounding of a shared edge.
    union = shapely.union_all(polygons)
    assert sum(p.area for p in polygons) == pytest.approx(union.area, rel=1e-4)
    initiatives = built.data["initiatives"].values()
    for feature, polygon in zip(features, polygons, strict=True):
        number = feature["properties"]["number"]
        assert feature["properties"]["count"] == sum(number in raw_bezirke(r) for r in initiatives)
        assert feature["properties"]["url"].startswith(built.site_url + "stadtteile/")
        # Every located initiative without districts is counted where its point lies.
        for raw in initiatives:
            if "location" in raw and not raw.get("districts"):
                point = shapely.Point(raw["location"]["lon"], raw["location"]["lat"])
                assert polygon.covers(point) == (number in raw_bezirke(raw))
    assert sum(f["properties"]["count"] for f in features) >= 1


# --------------------------------------------------------------------------- Atom feed


def feed_day(initiative: dict) -> dt.date | None:
    if initiative.get("updated"):
        return initiative["updated"]
    start = initiative.get("start")
    if isinstance(start, dt.date):
        return start
    if isinstance(start, str):
        return dt.date.fromisoformat(f"{start}-01")
    return None


def test_feed_read_by_feedparser(built: Built) -> None:
    feed = feedparser.parse(built.read("feed.xml"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.language == "de"
    assert feed.feed.id == built.site_url + "feed.xml"
    initiatives = built.data["initiatives"]
    expected_urls = {f"{built.site_url}initiativen/{key}/": key for key in initiatives}
    assert sorted(e.id for e in feed.entries) == sorted(expected_urls)
    first_day, last_day = built.days
    shown = []
    for entry in feed.entries:
        data = initiatives[expected_urls[entry.id]]
        assert entry.link == entry.id
        assert entry.title == data["title"]
        assert entry.title_detail.type == "text/plain"
        assert entry.summary == data["summary"]
        assert [t.term for t in entry.tags] == data["fields"]
        day = dt.date(*entry.updated_parsed[:3])
        shown.append(day)
        if (own := feed_day(data)) is not None:
            # A start in the future is shown as the build day, never later.
            assert day == own if own <= first_day else first_day <= day <= last_day
    # Newest first; entries without a date of their own come last, with the oldest date.
    assert shown == sorted(shown, reverse=True)
    undated = [e for e in feed.entries if feed_day(initiatives[expected_urls[e.id]]) is None]
    assert feed.entries[len(feed.entries) - len(undated) :] == undated
    assert dt.date(*feed.feed.updated_parsed[:3]) == max(shown)


# --------------------------------------------------------------------------- vCards


def sample_kind(contact: dict) -> str:
    # The sample data's teams all have an id and name starting "projektteam"; all others are people.
    return "group" if contact["id"].startswith("projektteam-") else "individual"


def expected_kind(contact: dict) -> str:
    return HOSTILE_KINDS.get(contact["id"]) or sample_kind(contact)


def tel_digits(phone: str) -> str:
    """The national significant number: what every correct tel: URI of the number ends with."""
    digits = re.sub(r"\D", "", phone.replace("(0)", ""))
    return digits.removeprefix("0049").removeprefix("49").lstrip("0")


def test_vcards_read_by_vobject(built: Built) -> None:
    contacts = built.data["contacts"]
    assert sorted(p.name for p in (built.site_dir / "kontakt").glob("*.vcf")) == sorted(
        f"{c['id']}.vcf" for c in contacts
    )
    for contact in contacts:
        text = built.read(f"kontakt/{contact['id']}.vcf").decode("utf-8")
        card = vobject.readOne(text)
        organization = built.data["partners"][contact["organization"]]["name"]
        kind = expected_kind(contact)
        assert card.version.value == "4.0"
        assert card.kind.value == kind, contact["id"]
        assert card.fn.value == contact["name"]
        assert card.title.value == contact["role"]
        # A team or office is a unit of its organisation (ORG: name, then units).
        assert card.org.value == (
            [organization] if kind == "individual" else [organization, contact["name"]]
        )
        emails = [e.value for e in card.contents.get("email", [])]
        assert emails == ([contact["email"]] if contact.get("email") else [])
        tels = [t.value for t in card.contents.get("tel", [])]
        if contact.get("phone"):
            [tel] = tels
            assert re.fullmatch(r"tel:\+49[0-9]+", tel), tel
            assert tel.endswith(tel_digits(contact["phone"])), (tel, contact["phone"])
        else:
            assert tels == []
        assert card.url.value == f"{built.site_url}kontakt/#{contact['id']}"


def test_hostile_vcards_survive_the_round_trip(hostile: Built) -> None:
    card = vobject.readOne(hostile.read("kontakt/mueller.vcf").decode("utf-8"))
    assert card.fn.value == HOSTILE_PERSON
    assert card.title.value == HOSTILE_ROLE
    assert card.org.value == [HOSTILE_ORG]
    raw = hostile.read("kontakt/mueller.vcf")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "lines are folded"
    assert b"\r\n " in raw, "the long ORG line must be folded"
