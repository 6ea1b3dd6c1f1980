"""The kinds of data: one entry per kind, in the order they are loaded.

An entry says where the kind lives under `data/` (one list file with an `id` key per entry, or a
folder with one file per record, named after its id), its rules (a `Record` from `rules.py`),
how the editors' tools name it (the JSON Schema), and how a checked record becomes a model
object. `loading.py` is one loop over `KINDS`; `schemas.py` derives its documents from it.
Adding a kind of content means one entry here (with its model class and `Site` field) and
one page module; the loader and the schemas follow the table.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import Problem
from .model import (
    Contact,
    Event,
    Field,
    Image,
    Initiative,
    Link,
    Location,
    Logo,
    NewsItem,
    Partner,
    sort_key,
)
from .places.gazetteer import gazetteer
from .rules import (
    CONTACT,
    EVENT,
    FIELD,
    INITIATIVE,
    MIN_CONTRAST,
    NEWS,
    NEWS_BODY,
    PARTNER,
    Markdown,
    Record,
    contrast_ratio,
    references,
)
from .yamlsource import LineDict


@dataclass(frozen=True)
class Origin:
    """Where a record was read: shown path, line of the record, line of each key."""

    source: str
    line: int
    key_lines: dict[str, int]
    # The record as read, for the lines of nested keys (image.file); None for records made in code.
    raw: LineDict | None = None

    def nested_line(self, key: str, inner: str) -> int:
        block = self.raw.get(key) if self.raw is not None else None
        if isinstance(block, LineDict):
            return block.line_of(inner)
        return self.key_lines.get(key, self.line)


# A record's own checks beyond single values (e.g. end not before start); they run on the
# valid values of every record, also one with other problems, so one run reports everything.
RecordCheck = Callable[[dict[str, Any], LineDict, str, Path | None], list[Problem]]
# The record's id, its values (references already replaced by the records they name) and
# where it was read → the model object.
Make = Callable[[str, dict[str, Any], Origin], Any]


@dataclass(frozen=True)
class Kind:
    name: str  # the `Site` attribute holding the records, e.g. "fields"
    target: str  # what `Reference(target=...)` calls this kind, e.g. "field"
    entry: str  # the name under data/: a list file ("fields.yml") or a folder ("partners")
    folder: bool  # True: one file per record, id from the file name; False: `id` key per entry
    record: Record
    make: Make
    # German, for messages and schema titles.
    plural: str  # "Handlungsfelder"
    reference_label: str  # "das Handlungsfeld": "das Handlungsfeld »x« gibt es nicht"
    each_label: str = ""  # "jedem Handlungsfeld": only list files can repeat an id
    schema: str = ""  # file name of the JSON Schema, without .schema.json
    check: RecordCheck | None = None
    # In display order; None keeps the order of the files.
    sort: Callable[[Any], Any] | None = None
    # (message, hint) when the folder holds no record at all; None: an empty folder is fine.
    empty_folder: tuple[str, str] | None = None
    # Markdown files with YAML front matter (news): `record` holds the keys of the front matter,
    # `body` is the rule for the text below it, which `make` gets as values["body"].
    body: Markdown | None = None
    # File names `YYYY-MM-DD-<name>`: the id comes from the name after the date; that the date
    # equals the record's `date` is its `check`.
    dated_names: bool = False

    @property
    def suffix(self) -> str:
        """The ending of the files of a folder kind."""
        return ".md" if self.body is not None else ".yml"

    @property
    def glob(self) -> str:
        """The data files of this kind, as the schemas and VS Code's settings name them."""
        return f"data/{self.entry}/*{self.suffix}" if self.folder else f"data/{self.entry}"

    @property
    def targets(self) -> frozenset[str]:
        """The kinds this kind's records refer to."""
        return frozenset(rule.target for _key, rule in references(self.record))


def _image(values: dict[str, Any], origin: Origin) -> Image | None:
    image = values.get("image")
    if image is None:
        return None
    decorative = image.get("decorative", False)
    return Image(
        file=image["file"],
        alt="" if decorative else image["alt"],
        credit=image["credit"],
        decorative=decorative,
        source=origin.source,
        line=origin.nested_line("image", "file"),
    )


def _logo(values: dict[str, Any], origin: Origin) -> Logo | None:
    logo = values.get("logo")
    if logo is None:
        return None
    return Logo(
        file=logo["file"],
        alt=logo["alt"],
        source=origin.source,
        line=origin.nested_line("logo", "file"),
    )


def _field(record_id: str, values: dict[str, Any], origin: Origin) -> Field:
    return Field(
        id=record_id,
        name=values["name"],
        summary=values["summary"],
        description=values["description"],
        icon=values.get("icon"),
        source=origin.source,
        line=origin.line,
        key_lines=origin.key_lines,
        color=values.get("color"),
        image=_image(values, origin),
    )


def _partner(record_id: str, values: dict[str, Any], origin: Origin) -> Partner:
    return Partner(
        id=record_id,
        name=values["name"],
        type=values["type"],
        short_name=values.get("short_name"),
        website=values.get("website"),
        description=values.get("description"),
        logo=_logo(values, origin),
        source=origin.source,
        line=origin.line,
        key_lines=origin.key_lines,
    )


def _contact(record_id: str, values: dict[str, Any], origin: Origin) -> Contact:
    return Contact(
        id=record_id,
        name=values["name"],
        role=values["role"],
        organization=values["organization"],
        phone=values.get("phone"),
        email=values.get("email"),
        leadership=values.get("leadership", False),
        source=origin.source,
        line=origin.line,
        key_lines=origin.key_lines,
    )


def _initiative(record_id: str, values: dict[str, Any], origin: Origin) -> Initiative:
    return Initiative(
        id=record_id,
        title=values["title"],
        fields=values["fields"],
        status=values["status"],
        summary=values["summary"],
        description=values.get("description"),
        partners=values.get("partners", ()),
        lead=values.get("lead"),
        contacts=values.get("contacts", ()),
        districts=tuple(dict.fromkeys(values.get("districts", []))),
        start=values.get("start"),
        end=values.get("end"),
        tags=tuple(dict.fromkeys(values.get("tags", []))),
        links=tuple(Link(**link) for link in values.get("links", [])),
        location=Location(**values["location"]) if "location" in values else None,
        featured=values.get("featured", False),
        updated=values.get("updated"),
        source=origin.source,
        line=origin.line,
        key_lines=origin.key_lines,
        image=_image(values, origin),
    )


def _news_item(record_id: str, values: dict[str, Any], origin: Origin) -> NewsItem:
    return NewsItem(
        slug=record_id,
        title=values["title"],
        date=values["date"],
        summary=values["summary"],
        body=values.get("body", ""),
        initiatives=values.get("initiatives", ()),
        fields=values.get("fields", ()),
        image=_image(values, origin),
        updated=values.get("updated"),
        source=origin.source,
        line=origin.line,
        key_lines=origin.key_lines,
    )


def _event(record_id: str, values: dict[str, Any], origin: Origin) -> Event:
    return Event(
        id=record_id,
        title=values["title"],
        start=values["start"],
        end=values.get("end"),
        summary=values["summary"],
        place=values.get("place"),
        address=values.get("address"),
        online=values.get("online", False),
        url=values.get("url"),
        registration=values.get("registration"),
        initiatives=values.get("initiatives", ()),
        fields=values.get("fields", ()),
        description=values.get("description"),
        cancelled=values.get("cancelled", False),
        source=origin.source,
        line=origin.line,
        key_lines=origin.key_lines,
    )


DATED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")


def dated_name(stem: str) -> tuple[dt.date, str] | None:
    """(date, rest) of a file name `YYYY-MM-DD-<rest>` (without suffix), None for any other."""
    match = DATED_NAME.fullmatch(stem)
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match.group(1)), match.group(2)
    except ValueError:  # 2026-02-30
        return None


def _news_checks(
    clean: dict[str, Any], raw: LineDict, path: str, icons_dir: Path | None
) -> list[Problem]:
    problems = _image_alt(clean, raw, path, icons_dir)
    named = dated_name(PurePosixPath(path).stem)
    date = clean.get("date")
    if named is not None and date is not None and named[0] != date:
        problems.append(
            Problem(
                path,
                raw.line_of("date"),
                "date",
                f"das Datum {date.isoformat()} stimmt nicht mit dem Datum im Dateinamen "
                f"({named[0].isoformat()}) überein",
                "gleichen Sie date und den Anfang des Dateinamens an; die Meldung erscheint "
                "unter diesem Datum",
            )
        )
    updated = clean.get("updated")
    if date is not None and updated is not None and updated < date:
        problems.append(
            Problem(
                path,
                raw.line_of("updated"),
                "updated",
                f"die Änderung {updated.isoformat()} liegt vor dem Datum der Meldung "
                f"{date.isoformat()}",
                "prüfen Sie date und updated",
            )
        )
    return problems


def _event_checks(
    clean: dict[str, Any], raw: LineDict, path: str, _icons_dir: Path | None
) -> list[Problem]:
    """When and where: from the block as written, so that one run reports every mistake."""
    problems: list[Problem] = []
    start, end = clean.get("start"), clean.get("end")
    if start is not None and end is not None:
        timed = isinstance(start, dt.datetime)
        if timed != isinstance(end, dt.datetime):
            problems.append(
                Problem(
                    path,
                    raw.line_of("end"),
                    "end",
                    "start und end haben verschiedene Formen: "
                    + ("start mit Uhrzeit, end ohne" if timed else "start ohne Uhrzeit, end mit"),
                    "schreiben Sie beide als Datum (ganztägig, z. B. 2027-03-15) oder beide mit "
                    "Uhrzeit (z. B. 2027-03-15T18:30)",
                )
            )
        elif end < start:
            problems.append(
                Problem(
                    path,
                    raw.line_of("end"),
                    "end",
                    f"das Ende {_shown_time(end)} liegt vor dem Beginn {_shown_time(start)}",
                    "prüfen Sie start und end",
                )
            )
    online = raw.get("online", False)
    if not isinstance(online, bool):  # reported as no true or false; where is then unclear
        return problems
    if online and "url" not in raw:
        problems.append(
            Problem(
                path,
                raw.line_of("online"),
                "url",
                "Pflichtangabe fehlt: bei online: true die Adresse der Online-Teilnahme",
                "ergänzen Sie »url: https://…« (z. B. den Link zur Videokonferenz)",
            )
        )
    if not online and "url" in raw:
        problems.append(
            Problem(
                path,
                raw.line_of("url"),
                "url",
                "url ist die Adresse der Online-Teilnahme und gilt nur mit »online: true«",
                "ergänzen Sie »online: true«, oder löschen Sie url (eine Anmeldeseite gehört "
                "in registration)",
            )
        )
    if not online and "place" not in raw and "address" not in raw:
        problems.append(
            Problem(
                path,
                raw.line,
                "place",
                "Pflichtangabe fehlt: wo der Termin stattfindet",
                "ergänzen Sie »place: …« (und »address: …«), oder für eine Online-Veranstaltung "
                "»online: true« mit »url: …«",
            )
        )
    return problems


def _shown_time(value: dt.date | dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M") if isinstance(value, dt.datetime) else value.isoformat()


def _icon_exists(
    clean: dict[str, Any], raw: LineDict, path: str, icons_dir: Path | None
) -> list[Problem]:
    """Without the theme's icon folder (checks outside a build) any well-formed name passes."""
    icon = clean.get("icon")
    if not icon or icons_dir is None or (icons_dir / f"{icon}.svg").is_file():
        return []
    return [
        Problem(
            path,
            raw.line_of("icon"),
            "icon",
            f"das Symbol »{icon}« gibt es nicht",
            "suchen Sie den Namen unter https://pictogrammers.com/library/mdi/ und schreiben Sie material/<name>",
        )
    ]


def _color_contrast(
    clean: dict[str, Any], raw: LineDict, path: str, _icons_dir: Path | None
) -> list[Problem]:
    """A field's colour is the background of white text on tiles and badges (WCAG AA)."""
    color = clean.get("color")
    if not color:
        return []
    ratio = contrast_ratio(color, "#ffffff")
    if ratio >= MIN_CONTRAST:
        return []
    shown_ratio = f"{math.floor(ratio * 100) / 100:.2f}".replace(".", ",")
    return [
        Problem(
            path,
            raw.line_of("color"),
            "color",
            f"weiße Schrift auf der Farbe {color} hat ein Kontrastverhältnis von nur "
            f"{shown_ratio}:1, nötig sind mindestens 4,5:1",
            "wählen Sie eine dunklere Farbe (z. B. #1f5e2a) oder löschen Sie die Zeile "
            "(dann gilt die Standardfarbe)",
        )
    ]


def _field_checks(
    clean: dict[str, Any], raw: LineDict, path: str, icons_dir: Path | None
) -> list[Problem]:
    return (
        _icon_exists(clean, raw, path, icons_dir)
        + _color_contrast(clean, raw, path, icons_dir)
        + _image_alt(clean, raw, path, icons_dir)
    )


def _image_alt(
    clean: dict[str, Any], raw: LineDict, path: str, _icons_dir: Path | None
) -> list[Problem]:
    """`alt` says what the image shows; only a purely decorative image goes without (and then
    must not have one, or screen readers would read what sighted visitors are told to ignore)."""
    # From the block as written: also when another of its keys is wrong (then `clean` has
    # no image), so that one run reports every mistake.
    block = raw.get("image")
    if not isinstance(block, LineDict):
        return []
    decorative = block.get("decorative") is True
    if decorative and "alt" in block:
        return [
            Problem(
                path,
                block.line_of("alt"),
                "image.alt",
                "ein Bild mit decorative: true hat keinen Alternativtext",
                "löschen Sie alt, oder löschen Sie decorative, wenn das Bild etwas zeigt, das "
                "zum Inhalt gehört",
            )
        ]
    if not decorative and "alt" not in block:
        return [
            Problem(
                path,
                block.line_of("file"),
                "image.alt",
                "Pflichtangabe fehlt: der Alternativtext des Bildes",
                "ergänzen Sie »alt: …« mit dem, was auf dem Bild zu sehen ist (für Menschen, "
                "die es nicht sehen); nur bei reinem Schmuck stattdessen »decorative: true«",
            )
        ]
    return []


def _location_in_essen(
    clean: dict[str, Any], raw: LineDict, path: str, _icons_dir: Path | None
) -> list[Problem]:
    """A point outside the city is a mistake (often lat and lon swapped): it would sit off the
    maps and in no Stadtbezirk."""
    location = clean.get("location")
    if location is None:
        return []
    lat, lon = location["lat"], location["lon"]
    places = gazetteer()
    if places.contains(lat, lon):
        return []
    if places.contains(lon, lat):
        hint = f"lat und lon sind vertauscht: schreiben Sie lat: {lon} und lon: {lat}"
    else:
        hint = (
            "prüfen Sie, ob lat und lon vertauscht sind (in Essen ist lat etwa 51,4 und lon "
            "etwa 7,0), und übernehmen Sie den Punkt aus einer Karte, z. B. lat: 51.4556, "
            "lon: 7.0116 in der Innenstadt"
        )
    return [
        Problem(
            path,
            raw.line_of("location"),
            "location",
            f"der Ort lat: {lat}, lon: {lon} liegt außerhalb Essens",
            hint,
        )
    ]


def _initiative_checks(
    clean: dict[str, Any], raw: LineDict, path: str, icons_dir: Path | None
) -> list[Problem]:
    return (
        _end_not_before_start(clean, raw, path, icons_dir)
        + _image_alt(clean, raw, path, icons_dir)
        + _location_in_essen(clean, raw, path, icons_dir)
    )


def _end_not_before_start(
    clean: dict[str, Any], raw: LineDict, path: str, _icons_dir: Path | None
) -> list[Problem]:
    start, end = clean.get("start"), clean.get("end")
    if not (start and end and end.last_day < start.first_day):
        return []
    return [
        Problem(
            path,
            raw.line_of("end"),
            "end",
            f"das Ende {end} liegt vor dem Beginn {start}",
            "prüfen Sie start und end",
        )
    ]


# In loading order: a kind may only refer to kinds above it (tests/unit/test_contract.py).
KINDS: tuple[Kind, ...] = (
    Kind(
        name="fields",
        target="field",
        entry="fields.yml",
        folder=False,
        record=FIELD,
        make=_field,
        plural="Handlungsfelder",
        reference_label="das Handlungsfeld",
        each_label="jedem Handlungsfeld",
        schema="fields",
        check=_field_checks,
    ),
    Kind(
        name="partners",
        target="partner",
        entry="partners",
        folder=True,
        record=PARTNER,
        make=_partner,
        plural="Partner",
        reference_label="den Partner",
        schema="partner",
        sort=lambda partner: (sort_key(partner.name), partner.id),
    ),
    Kind(
        name="contacts",
        target="contact",
        entry="contacts.yml",
        folder=False,
        record=CONTACT,
        make=_contact,
        plural="Kontakte",
        reference_label="den Kontakt",
        each_label="jedem Kontakt",
        schema="contacts",
    ),
    Kind(
        name="initiatives",
        target="initiative",
        entry="initiatives",
        folder=True,
        record=INITIATIVE,
        make=_initiative,
        plural="Initiativen",
        reference_label="die Initiative",
        schema="initiative",
        check=_initiative_checks,
        sort=lambda initiative: (sort_key(initiative.title), initiative.id),
        empty_folder=(
            "der Ordner enthält keine Initiative",
            "legen Sie je Initiative eine .yml-Datei an",
        ),
    ),
    Kind(
        name="news",
        target="news",
        entry="news",
        folder=True,
        record=NEWS,
        make=_news_item,
        plural="Meldungen",
        reference_label="die Meldung",
        schema="news",
        check=_news_checks,
        # Newest first; on one day by name, so the order never depends on the file system.
        sort=lambda item: (-item.date.toordinal(), item.slug),
        body=NEWS_BODY,
        dated_names=True,
    ),
    Kind(
        name="events",
        target="event",
        entry="events",
        folder=True,
        record=EVENT,
        make=_event,
        plural="Termine",
        reference_label="den Termin",
        schema="event",
        check=_event_checks,
        sort=lambda event: (event.sort_start, event.id),
    ),
)

KINDS_BY_TARGET: dict[str, Kind] = {kind.target: kind for kind in KINDS}
