"""The kinds of data: one entry per kind, in the order they are loaded.

An entry says where the kind lives under `data/` (one list file with an `id` key per entry, or a
folder with one file per record, named after its id), its rules (a `Record` from `rules.py`),
how the editors' tools name it (the JSON Schema), and how a checked record becomes a model
object. `loading.py` is one loop over `KINDS`; `schemas.py` derives its documents from it.
Adding a kind of content means one entry here (with its model class and `Site` field) and
one page module; the loader and the schemas follow the table.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Problem
from .model import Contact, Field, Image, Initiative, Link, Location, Logo, Partner, sort_key
from .rules import (
    CONTACT,
    FIELD,
    INITIATIVE,
    MIN_CONTRAST,
    PARTNER,
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

    @property
    def glob(self) -> str:
        """The data files of this kind, as the schemas and VS Code's settings name them."""
        return f"data/{self.entry}/*.yml" if self.folder else f"data/{self.entry}"

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


def _initiative_checks(
    clean: dict[str, Any], raw: LineDict, path: str, icons_dir: Path | None
) -> list[Problem]:
    return _end_not_before_start(clean, raw, path, icons_dir) + _image_alt(
        clean, raw, path, icons_dir
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
)

KINDS_BY_TARGET: dict[str, Kind] = {kind.target: kind for kind in KINDS}
