"""The JSON Schemas in schemas/: generated from the rules, valid draft-07, accepting the sample
data, and agreeing with the Python rules on every per-file mistake a schema can express."""

from __future__ import annotations

import copy
import datetime as dt
import fnmatch
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator, ValidationError, validators

from plugins.essen.errors import DataError, Problem
from plugins.essen.loading import load_site
from plugins.essen.rules import SUMMARY_MAX_LENGTH
from plugins.essen.schemas import all_schemas, schema_text

from ..conftest import REPO, dump_yaml, news_file, small_data, write_data

SCHEMA_DIR = REPO / "schemas"


# --------------------------------------------------------------------------- helpers


def _ecma_pattern(validator: Any, pattern: str, instance: object, schema: dict) -> Any:
    """`pattern` as VS Code's JavaScript matches it: `$` only at the very end of the text
    (Python's `$` also matches before a final newline, e.g. from a `|` block)."""
    if not validator.is_type(instance, "string"):
        return
    python = (
        pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith(r"\$") else pattern
    )
    if not re.search(python, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


EditorValidator = validators.extend(Draft7Validator, {"pattern": _ecma_pattern})


def as_editor_sees_it(value: object) -> object:
    """YAML data as VS Code's YAML 1.2 parser hands it to the schema: dates are text."""
    if isinstance(value, dict):
        return {str(key): as_editor_sees_it(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_editor_sees_it(item) for item in value]
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def schema_for(relative: str) -> tuple[str, dict]:
    """(name, schema) of the schema whose glob covers a data file, e.g. data/partners/evv.yml."""
    found = [
        (name, schema)
        for name, (glob, schema) in all_schemas().items()
        if fnmatch.fnmatch(relative, glob)
    ]
    assert len(found) == 1, f"{relative}: {[name for name, _ in found]}"
    return found[0]


def schema_errors(relative: str, document: object) -> list[ValidationError]:
    _, schema = schema_for(relative)
    return list(EditorValidator(schema).iter_errors(as_editor_sees_it(document)))


# --------------------------------------------------------------------------- shipped files


def test_shipped_schemas_equal_the_generated_ones() -> None:
    generated = {f"{name}.schema.json": schema_text(s) for name, (_, s) in all_schemas().items()}
    shipped = {path.name: path.read_text(encoding="utf-8") for path in SCHEMA_DIR.glob("*.json")}
    hint = "the schemas are out of date: run `essen-check --write-schemas` and commit schemas/"
    assert sorted(shipped) == sorted(generated), hint
    for name, text in generated.items():
        assert shipped[name] == text, f"{name}: {hint}"


@pytest.mark.parametrize("name", sorted(all_schemas()))
def test_schema_is_valid_draft_07(name: str) -> None:
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)
    # Every pattern must also be a valid JavaScript regex; these features differ or are missing.
    for pattern in re.findall(r'"pattern": "((?:\\.|[^"\\])*)"', json.dumps(schema)):
        assert "(?" not in pattern.replace("(?:", ""), pattern
        assert r"\A" not in pattern and r"\Z" not in pattern, pattern


def sample_files() -> list[str]:
    found = [*(REPO / "data").rglob("*.yml"), *(REPO / "data" / "news").glob("*.md")]
    return sorted(path.relative_to(REPO).as_posix() for path in found)


def front_matter(text: str) -> str:
    """The YAML between the two `---` lines that open a news item."""
    first, front, _body = text.split("---\n", 2)
    assert first == "", "a news item starts with its front matter"
    return front


def test_the_sample_data_has_files_of_every_kind() -> None:
    kinds = {schema_for(relative)[0] for relative in sample_files()}
    assert kinds == set(all_schemas())


@pytest.mark.parametrize("relative", sample_files())
def test_sample_data_file_is_valid(relative: str) -> None:
    text = (REPO / relative).read_text(encoding="utf-8")
    document = yaml.safe_load(front_matter(text) if relative.endswith(".md") else text)
    errors = schema_errors(relative, document)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


# --------------------------------------------------------------------------- equivalence


@dataclass(frozen=True)
class Document:
    """One data file's content, and the schema keyword expected to reject it (None: valid)."""

    id: str
    path: str  # relative to the project, e.g. data/initiatives/probe.yml
    content: object
    keyword: str | None


def initiative(**changes: object) -> dict:
    """A complete, valid initiative that names only ids of the small data set."""
    document: dict[str, object] = {
        "title": "Probe",
        "fields": ["smart-living", "smart-energy"],
        "status": "pilot",
        "summary": "Eine Initiative zur Probe.",
        "description": "Mit **Markdown**.",
        "partners": ["evv"],
        "lead": "stadt-essen",
        "contacts": ["adelskamp"],
        "districts": ["Rüttenscheid", "Gesamtstadt"],
        "start": "2024-05",
        "end": dt.date(2025, 3, 31),
        "tags": ["Sensorik"],
        "links": [
            {"title": "Stadt Essen", "url": "https://www.essen.de/"},
            {"title": "Schreiben", "url": "mailto:info@essen.de"},
            {"title": "Anrufen", "url": "tel:+492018888109"},
        ],
        "location": {"lat": 51.4556, "lon": 7.0116},
        "featured": False,
        "updated": dt.date(2025, 1, 15),
    }
    document.update(changes)
    return {key: value for key, value in document.items() if value is not DROP}


def partner(**changes: object) -> dict:
    document: dict[str, object] = {
        "name": "Probe GmbH",
        "short_name": "Probe",
        "type": "business",
        "website": "https://probe.example.org/",
        "description": "Ein *Partner*.",
        "logo": {"file": "probe.svg", "alt": "Logo der Probe GmbH"},
    }
    document.update(changes)
    return {key: value for key, value in document.items() if value is not DROP}


def fields(change: Callable[[list[dict]], object] | None = None) -> list[dict]:
    entries = small_data()["fields"]
    if change is not None:
        change(entries)
    return entries


def contacts(change: Callable[[list[dict]], object] | None = None) -> list[dict]:
    entries = small_data()["contacts"]
    if change is not None:
        change(entries)
    return entries


DROP = object()
IMAGE = {"file": "probe.jpg", "alt": "Ein Probebild", "credit": "Foto: Probe, CC0"}
INITIATIVE = "data/initiatives/probe.yml"
PARTNER = "data/partners/probe.yml"
FIELDS = "data/fields.yml"
CONTACTS = "data/contacts.yml"
NEWS = "data/news/2024-05-01-probe.md"
EVENT = "data/events/probe.yml"
TOO_LONG = "x" * (SUMMARY_MAX_LENGTH + 1)


def link(url: str) -> list[dict]:
    return [{"title": "Link", "url": url}]


def news(**changes: object) -> dict:
    """A complete news item's front matter (its date that of NEWS's file name)."""
    document: dict[str, object] = {
        "title": "Probe",
        "date": dt.date(2024, 5, 1),
        "summary": "Eine Meldung zur Probe.",
        "initiatives": ["ampel"],
        "fields": ["smart-living"],
        "image": IMAGE,
        "updated": "2024-05-02",
    }
    document.update(changes)
    return {key: value for key, value in document.items() if value is not DROP}


def event(**changes: object) -> dict:
    document: dict[str, object] = {
        "title": "Probe",
        "start": "2027-03-15T18:00",
        "end": "2027-03-15T20:30",
        "summary": "Ein Termin zur Probe.",
        "place": "Stadtbibliothek",
        "address": "Hollestraße 3, 45127 Essen",
        "online": True,
        "url": "https://probe.example.org/live",
        "registration": "https://probe.example.org/anmeldung",
        "initiatives": ["ampel"],
        "fields": ["smart-living"],
        "description": "Mit **Markdown**.",
        "cancelled": False,
    }
    document.update(changes)
    return {key: value for key, value in document.items() if value is not DROP}


NEWS_AND_EVENTS = [
    Document("news-complete", NEWS, news(), None),
    Document(
        "news-required-keys-only",
        NEWS,
        news(initiatives=DROP, fields=DROP, image=DROP, updated=DROP),
        None,
    ),
    Document("news-without-title", NEWS, news(title=DROP), "required"),
    Document("news-unknown-key", NEWS, news(author="Probe"), "additionalProperties"),
    Document("news-date-with-time", NEWS, news(date="2024-05-01T10:00"), "pattern"),
    Document("news-summary-too-long", NEWS, news(summary=TOO_LONG), "maxLength"),
    Document("news-initiative-not-an-id", NEWS, news(initiatives=["Ampel"]), "pattern"),
    Document(
        "news-image-without-alt",
        NEWS,
        news(image={"file": "probe.jpg", "credit": "Foto: Probe, CC0"}),
        "required",
    ),
    Document("event-complete", EVENT, event(), None),
    Document("event-all-day-over-days", EVENT, event(start="2027-03-15", end="2027-03-17"), None),
    Document(
        "event-required-keys-and-a-place",
        EVENT,
        {k: event()[k] for k in ("title", "start", "summary", "place")},
        None,
    ),
    Document(
        "event-only-an-address",
        EVENT,
        event(place=DROP, online=DROP, url=DROP),
        None,
    ),
    Document("event-only-online", EVENT, event(place=DROP, address=DROP), None),
    Document("event-without-start", EVENT, event(start=DROP), "required"),
    Document("event-start-with-space", EVENT, event(start="2027-03-15 18:00"), "pattern"),
    Document("event-start-with-seconds", EVENT, event(start="2027-03-15T18:00:00"), "pattern"),
    Document("event-start-hour-25", EVENT, event(start="2027-03-15T25:00"), "pattern"),
    Document("event-start-number", EVENT, event(start=2027), "type"),
    Document("event-online-text", EVENT, event(online="ja"), "type"),
    Document("event-online-without-url", EVENT, event(url=DROP), "required"),
    Document("event-url-without-online", EVENT, event(online=DROP), "not"),
    Document("event-url-with-online-false", EVENT, event(online=False), "not"),
    Document(
        "event-nowhere",
        EVENT,
        event(place=DROP, address=DROP, online=DROP, url=DROP),
        "anyOf",
    ),
    Document(
        "event-javascript-registration",
        EVENT,
        event(registration="javascript:alert(1)"),
        "pattern",
    ),
    Document("event-mailto-url", EVENT, event(url="mailto:info@essen.de"), "pattern"),
    Document("event-unknown-key", EVENT, event(image=IMAGE), "additionalProperties"),
    Document("event-cancelled-text", EVENT, event(cancelled="ja"), "type"),
]

DOCUMENTS = [
    *NEWS_AND_EVENTS,
    # ---- valid
    Document("initiative-complete", INITIATIVE, initiative(), None),
    Document(
        "initiative-required-keys-only",
        INITIATIVE,
        {k: initiative()[k] for k in ("title", "fields", "status", "summary")},
        None,
    ),
    Document(
        "initiative-quoted-dates",
        INITIATIVE,
        initiative(start="2024-05-01", end="2024-06", updated="2025-01-15"),
        None,
    ),
    Document("initiative-empty-partner-list", INITIATIVE, initiative(partners=[]), None),
    Document("initiative-summary-at-limit", INITIATIVE, initiative(summary="x" * 300), None),
    Document(
        "initiative-districts-bezirk-stadtteil-gesamtstadt",
        INITIATIVE,
        initiative(districts=["Ruhrhalbinsel", "Überruhr-Hinsel", "Gesamtstadt"]),
        None,
    ),
    Document(
        "initiative-url-scheme-in-capitals",
        INITIATIVE,
        initiative(links=link("HTTPS://WWW.ESSEN.DE/")),
        None,
    ),
    Document("initiative-every-status", INITIATIVE, initiative(status="completed"), None),
    Document("partner-complete", PARTNER, partner(), None),
    Document("initiative-with-image", INITIATIVE, initiative(image=IMAGE), None),
    Document(
        "initiative-decorative-image",
        INITIATIVE,
        initiative(image={"file": "x.png", "credit": "Foto: Probe", "decorative": True}),
        None,
    ),
    Document(
        "initiative-image-without-alt",
        INITIATIVE,
        initiative(image={"file": "x.jpg", "credit": "Foto: Probe"}),
        "required",
    ),
    Document(
        "initiative-decorative-image-with-alt",
        INITIATIVE,
        initiative(image={**IMAGE, "decorative": True}),
        "not",
    ),
    Document(
        "initiative-image-without-credit",
        INITIATIVE,
        initiative(image={"file": "x.jpg", "alt": "Ein Bild"}),
        "required",
    ),
    Document(
        "initiative-image-outside-the-folder",
        INITIATIVE,
        initiative(image={**IMAGE, "file": "../secret.jpg"}),
        "pattern",
    ),
    Document(
        "initiative-image-svg", INITIATIVE, initiative(image={**IMAGE, "file": "x.svg"}), "pattern"
    ),
    Document("partner-logo-as-path", PARTNER, partner(logo="assets/logos/probe.svg"), "type"),
    Document("partner-logo-without-alt", PARTNER, partner(logo={"file": "p.svg"}), "required"),
    Document("partner-required-keys-only", PARTNER, {"name": "Probe", "type": "startup"}, None),
    Document("partner-http-website", PARTNER, partner(website="http://probe.example/"), None),
    Document("fields-sample", FIELDS, fields(), None),
    Document("contacts-sample", CONTACTS, contacts(), None),
    # ---- unknown and missing keys
    Document(
        "initiative-key-typo",
        INITIATIVE,
        initiative(describtion="Tippfehler", description=DROP),
        "additionalProperties",
    ),
    Document("initiative-missing-summary", INITIATIVE, initiative(summary=DROP), "required"),
    Document("initiative-required-key-empty", INITIATIVE, initiative(title=None), "type"),
    Document("initiative-optional-key-empty", INITIATIVE, initiative(description=None), "type"),
    Document(
        "initiative-link-without-title",
        INITIATIVE,
        initiative(links=[{"url": "https://www.essen.de/"}]),
        "required",
    ),
    Document(
        "initiative-location-unknown-key",
        INITIATIVE,
        initiative(location={"lat": 51.4, "lng": 7.0}),
        "additionalProperties",
    ),
    Document("partner-missing-type", PARTNER, partner(type=DROP), "required"),
    Document(
        "partner-key-typo", PARTNER, partner(webseite="https://x.example/"), "additionalProperties"
    ),
    Document(
        "fields-entry-without-description",
        FIELDS,
        fields(lambda f: f[0].pop("description")),
        "required",
    ),
    Document(
        "contacts-entry-unknown-key",
        CONTACTS,
        contacts(lambda c: c[0].update(telefon="+49 201 1")),
        "additionalProperties",
    ),
    # ---- enums
    Document("initiative-status-outside-list", INITIATIVE, initiative(status="geplant"), "enum"),
    Document("partner-type-outside-list", PARTNER, partner(type="kommunal"), "enum"),
    Document(
        "initiative-district-typo", INITIATIVE, initiative(districts=["Rüttenschied"]), "enum"
    ),
    Document(
        "initiative-district-free-text", INITIATIVE, initiative(districts=["<b>Süd</b>"]), "enum"
    ),
    Document(
        "initiative-district-bezirk-number", INITIATIVE, initiative(districts=["Bezirk II"]), "enum"
    ),
    # ---- lengths and list sizes
    Document("initiative-summary-too-long", INITIATIVE, initiative(summary=TOO_LONG), "maxLength"),
    Document("initiative-empty-title", INITIATIVE, initiative(title=""), "minLength"),
    Document("initiative-blank-title", INITIATIVE, initiative(title="   "), "pattern"),
    Document("initiative-no-fields", INITIATIVE, initiative(fields=[]), "minItems"),
    Document(
        "fields-summary-too-long",
        FIELDS,
        fields(lambda f: f[1].update(summary=TOO_LONG)),
        "maxLength",
    ),
    Document("fields-empty-list", FIELDS, [], "minItems"),
    Document("contacts-empty-list", CONTACTS, [], "minItems"),
    # ---- ids (slug pattern)
    Document(
        "initiative-field-id-with-capitals",
        INITIATIVE,
        initiative(fields=["Smart-Living"]),
        "pattern",
    ),
    Document("initiative-lead-with-space", INITIATIVE, initiative(lead="stadt essen"), "pattern"),
    Document(
        "initiative-contact-id-with-newline",
        INITIATIVE,
        initiative(contacts=["adelskamp\n"]),
        "pattern",
    ),
    Document("fields-id-with-umlaut", FIELDS, fields(lambda f: f[0].update(id="grün")), "pattern"),
    Document(
        "fields-id-with-double-hyphen",
        FIELDS,
        fields(lambda f: f[0].update(id="smart--living")),
        "pattern",
    ),
    Document(
        "contacts-organization-not-an-id",
        CONTACTS,
        contacts(lambda c: c[0].update(organization="Stadt Essen")),
        "pattern",
    ),
    Document(
        "fields-icon-without-set", FIELDS, fields(lambda f: f[0].update(icon="home")), "pattern"
    ),
    # ---- URLs, e-mail, phone
    Document(
        "initiative-javascript-link",
        INITIATIVE,
        initiative(links=link("javascript:alert(1)")),
        "pattern",
    ),
    Document(
        "initiative-ftp-link", INITIATIVE, initiative(links=link("ftp://ftp.essen.de/")), "pattern"
    ),
    Document(
        "initiative-link-without-scheme",
        INITIATIVE,
        initiative(links=link("www.essen.de")),
        "pattern",
    ),
    Document(
        "initiative-link-with-space",
        INITIATIVE,
        initiative(links=link("https://www.essen.de/a b")),
        "pattern",
    ),
    Document(
        "initiative-link-host-without-dot",
        INITIATIVE,
        initiative(links=link("https://localhost/")),
        "pattern",
    ),
    Document(
        "initiative-link-without-slashes",
        INITIATIVE,
        initiative(links=link("https:www.essen.de")),
        "pattern",
    ),
    Document("initiative-empty-mailto", INITIATIVE, initiative(links=link("mailto:")), "pattern"),
    Document("partner-website-mailto", PARTNER, partner(website="mailto:info@essen.de"), "pattern"),
    Document("partner-website-tel", PARTNER, partner(website="tel:+49201"), "pattern"),
    Document(
        "contacts-email-with-mailto",
        CONTACTS,
        contacts(lambda c: c[0].update(email="mailto:a@essen.de")),
        "pattern",
    ),
    Document(
        "contacts-email-without-domain",
        CONTACTS,
        contacts(lambda c: c[0].update(email="a@essen")),
        "pattern",
    ),
    Document(
        "contacts-phone-with-letters",
        CONTACTS,
        contacts(lambda c: c[0].update(phone="+49 201 ZENTRALE")),
        "pattern",
    ),
    Document(
        "contacts-phone-as-tel-url",
        CONTACTS,
        contacts(lambda c: c[0].update(phone="tel:+492018888109")),
        "pattern",
    ),
    # ---- dates
    Document("initiative-start-month-13", INITIATIVE, initiative(start="2024-13"), "pattern"),
    Document(
        "initiative-start-single-digit-month", INITIATIVE, initiative(start="2024-5"), "pattern"
    ),
    Document("initiative-updated-month-only", INITIATIVE, initiative(updated="2024-05"), "pattern"),
    Document(
        "initiative-updated-impossible", INITIATIVE, initiative(updated="2024-13-45"), "pattern"
    ),
    Document(
        "initiative-updated-with-time",
        INITIATIVE,
        initiative(updated=dt.datetime(2025, 1, 15, 10, 30)),
        "pattern",
    ),
    # ---- numbers
    Document(
        "initiative-latitude-too-big",
        INITIATIVE,
        initiative(location={"lat": 91, "lon": 7.0}),
        "maximum",
    ),
    Document(
        "initiative-longitude-too-small",
        INITIATIVE,
        initiative(location={"lat": 51.4, "lon": -180.5}),
        "minimum",
    ),
    # ---- wrong types
    Document("initiative-is-a-list", INITIATIVE, [initiative()], "type"),
    Document("initiative-title-number", INITIATIVE, initiative(title=2024), "type"),
    Document("initiative-fields-text", INITIATIVE, initiative(fields="smart-living"), "type"),
    Document("initiative-featured-text", INITIATIVE, initiative(featured="ja"), "type"),
    Document(
        "initiative-latitude-text",
        INITIATIVE,
        initiative(location={"lat": "51.4", "lon": 7.0}),
        "type",
    ),
    Document(
        "initiative-latitude-flag",
        INITIATIVE,
        initiative(location={"lat": True, "lon": 7.0}),
        "type",
    ),
    Document("initiative-location-number", INITIATIVE, initiative(location=51.4), "type"),
    Document(
        "initiative-link-as-text", INITIATIVE, initiative(links=["https://www.essen.de/"]), "type"
    ),
    Document("initiative-status-number", INITIATIVE, initiative(status=1), "type"),
    Document("fields-is-a-mapping", FIELDS, {"smart-living": fields()[0]}, "type"),
    Document("fields-entry-is-text", FIELDS, [*fields(), "smart-water"], "type"),
    Document(
        "contacts-leadership-text",
        CONTACTS,
        contacts(lambda c: c[1].update(leadership="ja")),
        "type",
    ),
]


def problems_in_file(tmp_path: Path, document: Document) -> list[Problem]:
    """What the Python rules report about the document's own file, placed into the small data
    set (its ids exist, so no reference is unknown)."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    write_data(data_dir, small_data())
    if document.path.endswith(".md"):
        (data_dir / "news").mkdir()
        (tmp_path / document.path).write_text(news_file(document.content, "Text"), "utf-8")
    else:
        dump_yaml(tmp_path / document.path, document.content)
    try:
        load_site(data_dir, tmp_path)
    except DataError as error:
        return [p for p in error.problems if p.path == document.path]
    return []


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.id for d in DOCUMENTS])
def test_schema_and_python_rules_agree(tmp_path: Path, document: Document) -> None:
    errors = schema_errors(document.path, document.content)
    problems = problems_in_file(tmp_path, document)
    assert not any("gibt es nicht" in p.message for p in problems), problems
    if document.keyword is None:
        assert not errors, [e.message for e in errors]
        assert not problems, [str(p) for p in problems]
    else:
        assert document.keyword in {e.validator for e in errors}, [e.message for e in errors]
        assert problems, "the schema rejects the document, the Python rules do not"


def test_the_documents_cover_every_kind_of_mistake() -> None:
    keywords = {d.keyword for d in DOCUMENTS}
    assert keywords >= {
        None,
        "additionalProperties",
        "required",
        "enum",
        "maxLength",
        "minItems",
        "pattern",
        "minimum",
        "maximum",
        "type",
    }
    assert {d.path for d in DOCUMENTS} == {INITIATIVE, PARTNER, FIELDS, CONTACTS, NEWS, EVENT}


# --------------------------------------------------------------------------- known limits

# Per-file rules a JSON Schema cannot express: VS Code does not show these mistakes, the check
# command and the build do. If a schema learns one of them, move it up to DOCUMENTS.
BEYOND_SCHEMAS = [
    Document(
        "end-before-start",
        INITIATIVE,
        initiative(start="2024-05", end="2024-01"),
        None,
    ),
    Document("day-not-in-month", INITIATIVE, initiative(updated="2024-02-30"), None),
    Document("news-date-not-the-file-names", NEWS, news(date="2024-05-02"), None),
    Document("news-updated-before-date", NEWS, news(updated="2024-04-30"), None),
    Document("event-end-before-start", EVENT, event(end="2027-03-15T17:00"), None),
    Document("event-start-and-end-of-other-forms", EVENT, event(end="2027-03-16"), None),
    Document("event-day-not-in-month", EVENT, event(start="2027-02-30T18:00", end=DROP), None),
    # The city boundary: the schema has only the ranges of lat and lon.
    Document(
        "location-outside-essen",
        INITIATIVE,
        initiative(location={"lat": -90, "lon": 180}),
        None,
    ),
    Document(
        "location-lat-lon-swapped",
        INITIATIVE,
        initiative(location={"lat": 7.0116, "lon": 51.4556}),
        None,
    ),
    Document(
        "duplicate-field-id",
        FIELDS,
        fields(lambda f: f.append({**copy.deepcopy(f[0]), "name": "Doppelt"})),
        None,
    ),
    Document(
        "duplicate-contact-id",
        CONTACTS,
        contacts(lambda c: c.append({**copy.deepcopy(c[0]), "name": "Doppelt"})),
        None,
    ),
]


@pytest.mark.parametrize("document", BEYOND_SCHEMAS, ids=[d.id for d in BEYOND_SCHEMAS])
def test_mistakes_beyond_schemas_are_caught_by_the_rules(
    tmp_path: Path, document: Document
) -> None:
    assert not schema_errors(document.path, document.content)
    assert problems_in_file(tmp_path, document)


# --------------------------------------------------------------------------- stricter schemas

# Spellings the rules normalise silently to the one spelling of a place (rules.District) but the
# schema, which lists the spellings for VS Code's completion, marks: editors see the right
# spelling offered, the build accepts the file either way.
NORMALISED_BY_RULES = [
    Document("district-lower-case", INITIATIVE, initiative(districts=["rüttenscheid"]), "enum"),
    Document(
        "district-decomposed",
        INITIATIVE,
        initiative(districts=[unicodedata.normalize("NFD", "Überruhr-Hinsel")]),
        "enum",
    ),
    Document("district-sharp-s", INITIATIVE, initiative(districts=["Alteneßen-Süd"]), "enum"),
    Document("district-spaces", INITIATIVE, initiative(districts=["Steele / Kray\u00a0"]), "enum"),
]


@pytest.mark.parametrize("document", NORMALISED_BY_RULES, ids=[d.id for d in NORMALISED_BY_RULES])
def test_spellings_the_rules_normalise_are_marked_by_the_schema(
    tmp_path: Path, document: Document
) -> None:
    assert document.keyword in {e.validator for e in schema_errors(document.path, document.content)}
    assert problems_in_file(tmp_path, document) == []
