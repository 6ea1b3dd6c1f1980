"""The data contract: every key of every data file, its type and its German explanation.

This is the one definition of the rules. Validation (`check`) and the JSON
Schemas for editors' tools (`json_schema`) are both derived from it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .yamlsource import InvalidDate, is_date

STATUS_LABELS: dict[str, str] = {
    "idea": "Idee",
    "planning": "in Planung",
    "pilot": "Pilotphase",
    "implementation": "in Umsetzung",
    "completed": "abgeschlossen",
}

PARTNER_TYPE_LABELS: dict[str, str] = {
    "administration": "Verwaltung",
    "municipal-company": "Kommunale Unternehmen",
    "business": "Wirtschaft",
    "startup": "Start-ups",
    "research": "Hochschulen und Forschung",
    "civil-society": "Zivilgesellschaft",
}

URL_SCHEMES = ("https", "http", "mailto", "tel")
WEB_SCHEMES = ("https", "http")
SUMMARY_MAX_LENGTH = 300


class Invalid(ValueError):
    """A value breaks a rule: `message` says what is wrong, `hint` what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "Wahrheitswert"
    if isinstance(value, int | float):
        return "Zahl"
    if isinstance(value, str):
        return "Text"
    if isinstance(value, list):
        return "Liste"
    if isinstance(value, dict):
        return "Abschnitt mit Schlüsseln"
    if isinstance(value, dt.date):
        return "Datum"
    if value is None:
        return "leerer Wert"
    return type(value).__name__


@dataclass(frozen=True)
class Text:
    """Plain text on one line, shown as it is (never as HTML or Markdown)."""

    max_length: int | None = None
    kind: ClassVar[str] = "Text"

    def check(self, value: object) -> str:
        if isinstance(value, str):
            # One spelling per text: a composed and a decomposed "ü" must compare equal.
            value = unicodedata.normalize("NFC", value)
        if not isinstance(value, str):
            raise Invalid(
                f"erwartet wird {self.kind}, gefunden: {_type_name(value)}",
                "schreiben Sie den Wert als Text, bei Bedarf in Anführungszeichen",
            )
        text = value.strip()
        if not text:
            raise Invalid(
                "der Wert ist leer", "tragen Sie einen Text ein oder löschen Sie die Zeile"
            )
        if self.max_length and len(text) > self.max_length:
            raise Invalid(
                f"der Text ist {len(text)} Zeichen lang, erlaubt sind höchstens {self.max_length}",
                "kürzen Sie den Text; Details gehören in `description`",
            )
        return text

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": r"\S"}
        if self.max_length:
            schema["maxLength"] = self.max_length
        return schema


@dataclass(frozen=True)
class Markdown(Text):
    """Markdown text; raw HTML in it is removed when it is shown."""

    kind: ClassVar[str] = "Markdown-Text"


SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Slug:
    """An id: lowercase letters, digits and single hyphens."""

    def check(self, value: object) -> str:
        if not isinstance(value, str) or not SLUG_PATTERN.fullmatch(value):
            raise Invalid(
                f"»{value}« ist keine gültige Kennung",
                "verwenden Sie nur Kleinbuchstaben a–z, Ziffern und Bindestriche, z. B. smart-living",
            )
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": SLUG_PATTERN.pattern}


@dataclass(frozen=True)
class Reference(Slug):
    """The id of a record in another file; resolved after all files are read."""

    target: str = ""

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": SLUG_PATTERN.pattern}


@dataclass(frozen=True)
class Choice:
    labels: dict[str, str]

    def check(self, value: object) -> str:
        if value not in self.labels:
            allowed = ", ".join(f"{key} ({label})" for key, label in self.labels.items())
            raise Invalid(f"»{value}« ist kein erlaubter Wert", f"erlaubt sind: {allowed}")
        return str(value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.labels)}


@dataclass(frozen=True)
class Flag:
    def check(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise Invalid(
                f"erwartet wird true oder false, gefunden: »{value}«",
                "schreiben Sie true oder false (ohne Anführungszeichen)",
            )
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
DAY_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _day(value: object) -> dt.date | None:
    """A date read by YAML, or one written in quotes ("2024-05-31"), which YAML keeps as text."""
    if is_date(value):
        assert isinstance(value, dt.date)
        return value
    if isinstance(value, str) and DAY_PATTERN.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:  # 2024-13-45, 2024-02-30
            return None
    return None


@dataclass(frozen=True, order=True)
class PartialDate:
    """A month (day is None) or a day."""

    year: int
    month: int
    day: int | None = None

    def __str__(self) -> str:
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """The last day the value covers: the day itself, or the month's last day."""
        if self.day is not None:
            return self.first_day
        next_month = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return next_month - dt.timedelta(days=1)

    def german(self) -> str:
        if self.day is None:
            return f"{self.month:02d}/{self.year:04d}"
        return f"{self.day:02d}.{self.month:02d}.{self.year:04d}"


@dataclass(frozen=True)
class MonthOrDate:
    """YYYY-MM or YYYY-MM-DD."""

    def check(self, value: object) -> PartialDate:
        day = _day(value)
        if day is not None:
            return PartialDate(day.year, day.month, day.day)
        if isinstance(value, str) and not isinstance(value, InvalidDate):
            match = MONTH_PATTERN.match(value.strip())
            if match and 1 <= int(match.group(2)) <= 12:
                return PartialDate(int(match.group(1)), int(match.group(2)))
        raise Invalid(
            f"»{value}« ist kein gültiger Monat und kein gültiges Datum",
            'schreiben Sie "JJJJ-MM" in Anführungszeichen (z. B. "2024-05") oder JJJJ-MM-TT (z. B. 2024-05-31)',
        )

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "string",
            "pattern": r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$",
        }


@dataclass(frozen=True)
class Day:
    """YYYY-MM-DD."""

    def check(self, value: object) -> dt.date:
        day = _day(value)
        if day is not None:
            return day
        raise Invalid(
            f"»{value}« ist kein gültiges Datum",
            "schreiben Sie das Datum als JJJJ-MM-TT, z. B. 2026-03-15",
        )

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"}


# After "https:": a host name with a dot (https://www.essen.de), not just https:// or localhost.
WEB_ADDRESS = r"//[^/\s]+\.[^/\s]+"


@dataclass(frozen=True)
class Url:
    schemes: tuple[str, ...] = URL_SCHEMES

    def check(self, value: object) -> str:
        text = Text().check(value)
        scheme, _, rest = text.partition(":")
        if scheme.lower() not in self.schemes or not rest or any(c.isspace() for c in text):
            allowed = ", ".join(f"{s}:" for s in self.schemes)
            raise Invalid(
                f"»{text}« ist keine erlaubte Adresse",
                f"erlaubt sind Adressen, die mit {allowed} beginnen, ohne Leerzeichen",
            )
        if scheme.lower() in WEB_SCHEMES and not re.match(WEB_ADDRESS, rest):
            raise Invalid(
                f"»{text}« ist keine vollständige Web-Adresse", "z. B. https://www.essen.de/"
            )
        return text

    def json_schema(self) -> dict[str, Any]:
        def spelled(schemes: list[str]) -> str:
            # JavaScript regexes (VS Code) have no inline flags: spell each letter in both cases.
            return "|".join("".join(f"[{c.lower()}{c.upper()}]" for c in s) for s in schemes)

        web = [s for s in self.schemes if s in WEB_SCHEMES]
        other = [s for s in self.schemes if s not in WEB_SCHEMES]
        alternatives = []
        if web:
            alternatives.append(f"({spelled(web)}):{WEB_ADDRESS}\\S*")
        if other:
            alternatives.append(f"({spelled(other)}):\\S+")
        return {"type": "string", "pattern": "^(" + "|".join(alternatives) + ")$"}


EMAIL_PATTERN = re.compile(r"^[^@\s:/]+@[^@\s:/]+\.[A-Za-z]{2,}$")


@dataclass(frozen=True)
class Email:
    def check(self, value: object) -> str:
        text = Text().check(value)
        if not EMAIL_PATTERN.fullmatch(text):
            raise Invalid(
                f"»{text}« ist keine gültige E-Mail-Adresse", "z. B. name@essen.de (ohne mailto:)"
            )
        return text

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": EMAIL_PATTERN.pattern}


PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 /()-]{4,}[0-9]$")


@dataclass(frozen=True)
class Phone:
    def check(self, value: object) -> str:
        text = Text().check(value)
        if not PHONE_PATTERN.fullmatch(text):
            raise Invalid(
                f"»{text}« ist keine gültige Telefonnummer",
                "schreiben Sie die Nummer international, z. B. +49 201 8888109",
            )
        return text

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": PHONE_PATTERN.pattern}


ICON_PATTERN = re.compile(
    r"^(material|fontawesome/(brands|regular|solid)|octicons|simple)/[a-z0-9-]+$"
)


@dataclass(frozen=True)
class Icon:
    def check(self, value: object) -> str:
        if not isinstance(value, str) or not ICON_PATTERN.fullmatch(value):
            raise Invalid(
                f"»{value}« ist kein Symbolname",
                "schreiben Sie material/<name>, z. B. material/home-city",
            )
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": ICON_PATTERN.pattern}


@dataclass(frozen=True)
class Number:
    minimum: float
    maximum: float

    def check(self, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Invalid(
                f"erwartet wird eine Zahl, gefunden: »{value}«",
                "schreiben Sie z. B. 51.45 (Punkt statt Komma)",
            )
        if not self.minimum <= value <= self.maximum:
            raise Invalid(
                f"{value} liegt außerhalb von {self.minimum} bis {self.maximum}",
                "prüfen Sie die Koordinate (Breite lat um 51.4, Länge lon um 7.0 für Essen)",
            )
        return float(value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "number", "minimum": self.minimum, "maximum": self.maximum}


@dataclass(frozen=True)
class ListOf:
    item: Any
    min_items: int = 0

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        return schema


@dataclass(frozen=True)
class Key:
    name: str
    type: Any
    required: bool = False
    doc: str = ""


@dataclass(frozen=True)
class Record:
    """A mapping with known keys (a file, a list entry or a nested block)."""

    keys: tuple[Key, ...]
    title: str = ""
    by_name: dict[str, Key] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {key.name: key for key in self.keys})

    def json_schema(self) -> dict[str, Any]:
        properties = {}
        for key in self.keys:
            prop = dict(key.type.json_schema())
            if key.doc:
                prop["description"] = key.doc
            properties[key.name] = prop
        schema: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        required = [key.name for key in self.keys if key.required]
        if required:
            schema["required"] = required
        if self.title:
            schema["title"] = self.title
        return schema


LINK = Record(
    (
        Key("title", Text(), True, "Text des Links"),
        Key("url", Url(), True, "Adresse: https:, http:, mailto: oder tel:"),
    ),
    title="Link",
)

LOCATION = Record(
    (
        Key("lat", Number(-90, 90), True, "geografische Breite in Dezimalgrad, z. B. 51.4556"),
        Key("lon", Number(-180, 180), True, "geografische Länge in Dezimalgrad, z. B. 7.0116"),
    ),
    title="Ort",
)

FIELD = Record(
    (
        Key("id", Slug(), True, "Kennung und Web-Adresse des Handlungsfelds, z. B. smart-living"),
        Key("name", Text(), True, "Name des Handlungsfelds"),
        Key(
            "summary",
            Text(SUMMARY_MAX_LENGTH),
            True,
            "Kurzbeschreibung in einem Satz (reiner Text)",
        ),
        Key("description", Markdown(), True, "Beschreibung (Markdown)"),
        Key("icon", Icon(), False, "Symbol, z. B. material/home-city"),
    ),
    title="Handlungsfeld",
)

INITIATIVE = Record(
    (
        Key("title", Text(), True, "Titel der Initiative"),
        Key("fields", ListOf(Reference(target="field"), 1), True, "Kennungen der Handlungsfelder"),
        Key(
            "status",
            Choice(STATUS_LABELS),
            True,
            "Stand: idea, planning, pilot, implementation, completed",
        ),
        Key(
            "summary",
            Text(SUMMARY_MAX_LENGTH),
            True,
            "Kurzbeschreibung, höchstens 300 Zeichen (reiner Text)",
        ),
        Key("description", Markdown(), False, "ausführliche Beschreibung (Markdown)"),
        Key(
            "partners",
            ListOf(Reference(target="partner")),
            False,
            "Kennungen der beteiligten Partner",
        ),
        Key("lead", Reference(target="partner"), False, "Kennung des federführenden Partners"),
        Key(
            "contacts", ListOf(Reference(target="contact")), False, "Kennungen der Ansprechpersonen"
        ),
        Key(
            "districts",
            ListOf(Text()),
            False,
            "Essener Stadtteile, Gesamtstadt für stadtweite Vorhaben",
        ),
        Key("start", MonthOrDate(), False, 'Beginn: "JJJJ-MM" oder JJJJ-MM-TT'),
        Key("end", MonthOrDate(), False, 'Ende: "JJJJ-MM" oder JJJJ-MM-TT, nicht vor dem Beginn'),
        Key("tags", ListOf(Text()), False, "Schlagworte"),
        Key("links", ListOf(LINK), False, "weiterführende Links mit title und url"),
        Key("location", LOCATION, False, "Ort mit lat und lon"),
        Key("featured", Flag(), False, "true: auf der Startseite hervorheben"),
        Key("updated", Day(), False, "Datum der letzten Prüfung, JJJJ-MM-TT"),
    ),
    title="Initiative",
)

PARTNER = Record(
    (
        Key("name", Text(), True, "Name der Organisation"),
        Key("type", Choice(PARTNER_TYPE_LABELS), True, "Art des Partners"),
        Key("short_name", Text(), False, "Kurzname, z. B. EVV"),
        Key("website", Url(WEB_SCHEMES), False, "Website (https: oder http:)"),
        Key("description", Markdown(), False, "Beschreibung (Markdown)"),
        Key("logo", Text(), False, "Pfad einer Bilddatei in docs/, z. B. assets/logos/evv.svg"),
    ),
    title="Partner",
)

CONTACT = Record(
    (
        Key("id", Slug(), True, "Kennung, zugleich Sprungmarke auf der Kontaktseite"),
        Key("name", Text(), True, "Name, z. B. Herr Adelskamp"),
        Key("role", Text(), True, "Funktion"),
        Key(
            "organization", Reference(target="partner"), True, "Kennung der Organisation (Partner)"
        ),
        Key("phone", Phone(), False, "Telefon, international: +49 201 …"),
        Key("email", Email(), False, "E-Mail-Adresse"),
        Key("leadership", Flag(), False, "true: gehört zur Leitung der Initiative"),
    ),
    title="Kontakt",
)
