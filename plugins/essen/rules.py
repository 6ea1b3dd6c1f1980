"""The data contract: every key of every data file, its type and its German explanation.

This is the one definition of the rules. Validation (`check`) and the JSON
Schemas for editors' tools (`json_schema`) are both derived from it. Which file holds
which record, and what a record becomes, is `contract.py`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import functools
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, TypeAlias, runtime_checkable

from markdown_it import MarkdownIt

from .richtext import MAX_CONTAINER_DEPTH, container_depth, markdown_parser
from .yamlsource import InvalidDate, is_date

STATUS_LABELS: dict[str, str] = {
    "idea": "Idee",
    "planning": "in Planung",
    "pilot": "Pilotphase",
    "implementation": "in Umsetzung",
    "completed": "abgeschlossen",
}

# The type of one partner ("Art: Kommunales Unternehmen"): record pages, open data, form editor.
PARTNER_TYPE_LABELS: dict[str, str] = {
    "administration": "Verwaltung",
    "municipal-company": "Kommunales Unternehmen",
    "business": "Wirtschaft",
    "startup": "Start-up",
    "research": "Hochschule oder Forschungseinrichtung",
    "civil-society": "Zivilgesellschaft",
}
# The same types as headings over several partners (the partner overview).
PARTNER_TYPE_GROUP_LABELS: dict[str, str] = {
    "administration": "Verwaltung",
    "municipal-company": "Kommunale Unternehmen",
    "business": "Wirtschaft",
    "startup": "Start-ups",
    "research": "Hochschulen und Forschung",
    "civil-society": "Zivilgesellschaft",
}

URL_SCHEMES = ("https", "http", "mailto", "tel")
WEB_SCHEMES = ("https", "http")

# Length caps, in characters (after NFC and trimming). The sample data's longest values are far
# below (title 56, name 49, description 611); the caps stop a pasted document or a generated
# flood, and DESCRIPTION_MAX_LENGTH bounds the Markdown rendering time (tests/unit/test_richtext.py).
SUMMARY_MAX_LENGTH = 300
TITLE_MAX_LENGTH = 200
NAME_MAX_LENGTH = 200
SHORT_NAME_MAX_LENGTH = 50
ROLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 20_000
LINK_TITLE_MAX_LENGTH = 200
URL_MAX_LENGTH = 2_000
EMAIL_MAX_LENGTH = 254  # the longest address SMTP allows
PHONE_MAX_LENGTH = 40
TERM_MAX_LENGTH = 60  # one district or tag
PATH_MAX_LENGTH = 300
ADDRESS_MAX_LENGTH = 200
SLUG_MAX_LENGTH = 100  # as for ids from file names: ids become file names and addresses
# List caps: Essen has 50 districts; nobody reads more tags or links than these.
MAX_FIELDS = 20
MAX_PARTNERS = 100
MAX_CONTACTS = 50
MAX_DISTRICTS = 100
MAX_TAGS = 50
MAX_LINKS = 50
MAX_INITIATIVES = 50  # named by one news item or event

# Contact ids are the anchors of /kontakt/ (#<id>). Every other element id on that page starts
# with "__" (Material's, which no slug can) or with this prefix (the site's own, e.g.
# ce-search-input), so forbidding it in contact ids makes a clash impossible.
RESERVED_ID_PREFIX = "ce-"


# Characters no text in the data may contain, with the reason shown to editors:
# - C0 controls other than tab and line feed, DEL and the C1 controls: invisible, they end YAML
#   front matter and XML (feed, vCard), and move the cursor or change colours in a terminal;
# - lone surrogates and noncharacters (U+FDD0–U+FDEF, U+FFFE, U+FFFF and the last two of every
#   plane): no character at all, refused by YAML readers, so a page's front matter could be lost;
# - U+2028/U+2029: line breaks for YAML and JavaScript but not for Markdown, so what is one line
#   here is two lines there;
# - bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder the
#   text shown around them (a reversed address, "Trojan Source") and are never needed for
#   German; right-to-left names display correctly without them.
# Zero-width characters and soft hyphens are allowed in text (they have uses there) and only
# removed from districts and tags, where they would make lookalike filter options.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069"
    + _NONCHARACTERS
    + "]"
)
_LINE_BREAKS = re.compile("[\t\n]")
# For the JSON Schemas: the same set as a JavaScript regex (yaml-language-server compiles it
# with the `u` flag, Python's jsonschema with `re`). Astral noncharacters are left to the check:
# `\u{1FFFE}` is JavaScript-only syntax. Tab and line feed are allowed, as in the check, which
# joins the lines of one-line texts.
SCHEMA_TEXT = (
    "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\ud800-\\udfff"
    "\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\ufdd0-\\ufdef\\ufffe\\uffff]*$"
)


def character_class(char: str) -> str:
    """German name of the kind of a forbidden character."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return "Steuerzeichen"
    if 0xD800 <= code <= 0xDFFF:
        return "halbes Zeichen (Ersatzzeichen ohne Partner)"
    if code in (0x2028, 0x2029):
        return "Zeilen- oder Absatztrenner"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return "Steuerzeichen für die Schreibrichtung"
    return "Nichtzeichen"


def code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


def shown(value: object, limit: int = 60) -> str:
    """A value as messages show it: forbidden characters as U+XXXX, long values cut."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and abs(value) >= 10**limit:
        # str() of huge integers is slow and Python refuses it past 4,300 digits.
        return f"eine Zahl mit mehr als {limit} Stellen"
    if isinstance(value, dict | list | tuple | set | frozenset | bytes):
        return _type_name(value)
    text = str(value)
    cut = len(text) > limit
    text = _FORBIDDEN.sub(lambda match: f"<{code_point(match.group())}>", text[:limit])
    return text + ("…" if cut else "")


def check_characters(text: str) -> None:
    """Raise Invalid for the first forbidden character, naming it and its position."""
    match = _FORBIDDEN.search(text)
    if match:
        char = match.group()
        raise Invalid(
            f"das Zeichen {code_point(char)} ({character_class(char)}) an Stelle "
            f"{match.start() + 1} ist nicht erlaubt",
            "löschen Sie es (es ist meist unsichtbar und stammt aus kopiertem Text) "
            "oder tippen Sie die Stelle neu",
        )


@runtime_checkable
class Rule(Protocol):
    """A value type: `check` and `json_schema` must accept the same values, so that an editor's
    tool (VS Code) and the build never disagree on a file. One deliberate exception: `District`'s
    schema lists the one spelling of each place, while `check` also takes the variants it
    normalises silently (tests/unit/test_schemas.py, NORMALISED_BY_RULES)."""

    def check(self, value: object) -> object:
        """The clean value (trimmed, NFC, converted); raises `Invalid` with a German message."""
        ...

    def json_schema(self) -> dict[str, Any]: ...


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
    if isinstance(value, dt.datetime):
        return "Datum mit Uhrzeit"
    if isinstance(value, dt.date):
        return "Datum"
    if value is None:
        return "leerer Wert"
    if isinstance(value, set | frozenset):
        return "Menge"
    if isinstance(value, tuple):
        return "Liste"
    if isinstance(value, bytes):
        return "Binärdaten"
    return "unbekannter Wert"


def _text_value(value: object, kind: str) -> str:
    """The NFC text of a value that must be text, with its characters checked."""
    if not isinstance(value, str):
        raise Invalid(
            f"erwartet wird {kind}, gefunden: {_type_name(value)}",
            "schreiben Sie den Wert als Text, bei Bedarf in Anführungszeichen "
            '(z. B. title: "2024" oder phone: "+49 201 123456")',
        )
    check_characters(value)
    # One spelling per text: a composed and a decomposed "ü" must compare equal.
    return unicodedata.normalize("NFC", value)


def _german_count(number: int) -> str:
    """`20000` → `20.000` (German thousands separator)."""
    return f"{number:,}".replace(",", ".")


def _too_long(text: str, max_length: int, hint: str) -> Invalid:
    # The separators are replaced in the numbers only: the sentence's own comma stays.
    return Invalid(
        f"der Text ist {_german_count(len(text))} Zeichen lang, "
        f"erlaubt sind höchstens {_german_count(max_length)}",
        hint,
    )


@dataclass(frozen=True)
class Text:
    """Plain text on one line, shown as it is (never as HTML or Markdown).

    Line breaks and tabs (from YAML block scalars `|` and `>`) become one space: the text is
    shown on one line anyway, and titles and names go into front matter, CSV rows and vCards.
    """

    max_length: int | None = None
    kind: ClassVar[str] = "Text"
    multi_line: ClassVar[bool] = False
    too_long_hint: ClassVar[str] = "kürzen Sie den Text; Details gehören in `description`"

    def check(self, value: object) -> str:
        text = _text_value(value, self.kind)
        if not self.multi_line:
            text = _LINE_BREAKS.sub(" ", text)
        text = text.strip()
        if not text:
            raise Invalid(
                "der Wert ist leer", "tragen Sie einen Text ein oder löschen Sie die Zeile"
            )
        if self.max_length and len(text) > self.max_length:
            raise _too_long(text, self.max_length, self.too_long_hint)
        return text

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "string",
            "minLength": 1,
            # Not only white space, and none of the forbidden characters.
            "allOf": [{"pattern": r"\S"}, {"pattern": SCHEMA_TEXT}],
        }
        if self.max_length:
            schema["maxLength"] = self.max_length
        return schema


_CONTAINER_PREFIX = re.compile(r"^[ \t>*+\-0-9.)]+", re.MULTILINE)


def _max_prefix_width(text: str) -> int:
    """The widest run of quote markers, list markers and indentation at the start of a line."""
    return max(
        (len(match.group().expandtabs(4)) for match in _CONTAINER_PREFIX.finditer(text)),
        default=0,
    )


@functools.cache
def _parser() -> MarkdownIt:
    return markdown_parser()


@dataclass(frozen=True)
class Markdown(Text):
    """Markdown text; raw HTML in it is removed when it is shown."""

    kind: ClassVar[str] = "Markdown-Text"
    multi_line: ClassVar[bool] = True
    too_long_hint: ClassVar[str] = (
        "kürzen Sie den Text oder verlinken Sie ein Dokument mit den Einzelheiten"
    )

    def check(self, value: object) -> str:
        text = super().check(value)
        if _max_prefix_width(text) <= MAX_CONTAINER_DEPTH:
            # Cheap and sufficient: a line that opens the n-th nested list or quote starts with
            # at least n columns of `>`, list markers and indentation.
            return text
        # Checked on the parsed text, with the parser that renders it: beyond this depth the
        # parser would drop the rest of the text without a word.
        depth = container_depth(_parser().parse(text))
        if depth > MAX_CONTAINER_DEPTH:
            raise Invalid(
                f"Listen und Zitate sind {depth} Ebenen tief ineinander verschachtelt, "
                f"erlaubt sind höchstens {MAX_CONTAINER_DEPTH}",
                "rücken Sie Aufzählungen weniger tief ein und verwenden Sie weniger »>« hintereinander",
            )
        return text


@dataclass(frozen=True)
class Term(Text):
    """A district or tag: one filter option per meaning, so lookalike spellings are merged.

    Besides NFC: zero-width and other invisible format characters (U+200B, U+200C, U+200D,
    U+2060, U+FEFF, soft hyphens …) are removed and every run of white space, no-break spaces
    included, becomes one space. Otherwise "Rüttenscheid" and "Rüttenscheid" with a hidden
    zero-width space would be two options that look the same.
    """

    def check(self, value: object) -> str:
        text = _text_value(value, self.kind)
        text = "".join(char for char in text if unicodedata.category(char) != "Cf")
        text = " ".join(text.split())
        return super().check(text)


# `districts` (issue 14): the places of places/gazetteer.py, the one list of Essen's names.
_GERMAN_TO_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
# Values editors write for "the whole city" (compared after `_place_key`).
_CITYWIDE_WORDS = frozenset(
    ("essen", "ganz essen", "stadt essen", "stadtweit", "gesamte stadt", "ganze stadt", "alle",
     "alle stadtteile", "stadtgebiet", "gesamtes stadtgebiet", "citywide")
)  # fmt: skip
_BEZIRK_NUMBER = re.compile(r"^(?:stadt)?(?:bezirk|bz\.?)?[\s-]*(?:nr\.?\s*)?([ivx]+|\d+)\.?$")
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")


def _place_key(text: str) -> str:
    """What two spellings of one place share: letter case and ß/ss (casefold turns ß into ss),
    every dash as a hyphen, no space around a hyphen or slash."""
    folded = unicodedata.normalize("NFC", text.casefold())
    folded = "".join("-" if unicodedata.category(char) == "Pd" else char for char in folded)
    return re.sub(r"\s*([-/])\s*", r"\1", folded)


def _spelled_key(key: str) -> str:
    """`_place_key` with umlauts as ae, oe, ue: Ruettenscheid and Rüttenscheid agree."""
    return key.translate(_GERMAN_TO_ASCII)


def _plain_key(key: str) -> str:
    """`_place_key` without diacritics: Ruttenscheid and Rüttenscheid agree."""
    decomposed = unicodedata.normalize("NFD", key)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.cache
def _places() -> tuple[tuple[str, ...], dict[str, str], dict[int, str]]:
    """(every valid name, canonical name by `_place_key`, Bezirk name by number)."""
    # Imported here: the gazetteer reads its files on first use, not when the rules are imported.
    from .places.gazetteer import gazetteer

    places = gazetteer()
    names = places.names
    bezirke = {bezirk.number: bezirk.name for bezirk in places.bezirke}
    return names, {_place_key(name): name for name in names}, bezirke


def district_label(name: str) -> str:
    """A valid `districts` value as the form editor offers it: Stadtteile with their Bezirk."""
    from .places.gazetteer import GESAMTSTADT, gazetteer

    places = gazetteer()
    stadtteil = places.stadtteil(name)
    if stadtteil is not None:
        return f"{name} (Stadtbezirk {places.bezirk(stadtteil.bezirk_number).roman})"
    bezirk = places.bezirk_named(name)
    if bezirk is not None:
        return f"{name} (ganzer Stadtbezirk {bezirk.roman})"
    assert name == GESAMTSTADT, name
    return f"{name} (ganz Essen)"


def _quoted_places(names: list[str]) -> str:
    """»A«, »B« oder »C«, each Bezirk said as such."""
    _names, _by_key, bezirke = _places()
    number_of = {name: number for number, name in bezirke.items()}
    shown_names = [
        f"»{name}« (der ganze Stadtbezirk {_ROMAN[number_of[name] - 1].upper()})"
        if name in number_of
        else f"»{name}«"
        for name in names
    ]
    if len(shown_names) == 1:
        return shown_names[0]
    return ", ".join(shown_names[:-1]) + " oder " + shown_names[-1]


def _bezirk_number(text: str) -> int | None:
    """1 for "Bezirk I", "Stadtbezirk 1", "I" …; None if the text is no Bezirk number."""
    match = _BEZIRK_NUMBER.fullmatch(_place_key(text))
    if match is None:
        return None
    written = match.group(1)
    if written.isdigit():
        return int(written)
    return _ROMAN.index(written) + 1 if written in _ROMAN else None


def district_suggestions(text: str) -> list[str]:
    """The valid names a mistaken `districts` value most likely means, best first."""
    names, by_key, bezirke = _places()
    key = _place_key(text)
    if key in _CITYWIDE_WORDS:
        return ["Gesamtstadt"]
    # Transliterated (Ueberruhr-Hinsel) or without the dots (Ruttenscheid): one exact match.
    for variant in (_spelled_key, _plain_key):
        found = [name for name in names if variant(_place_key(name)) == variant(key)]
        if found:
            return found
    # A part of a Bezirk's name (Stadtmitte, Altenessen) or the first part of Stadtteile
    # (Überruhr): the Stadtteile it starts and the Bezirk named after it.
    spelled = _spelled_key(key)
    starting = [
        name for name in names if _spelled_key(_place_key(name)).startswith(spelled + "-")
    ]
    in_bezirk = [
        name for name in bezirke.values() if spelled in _spelled_key(_place_key(name)).split("/")
    ]
    if starting or in_bezirk:
        return starting + in_bezirk
    # "Essen-Werden", "Essen Steele": the place without the city's name.
    for prefix in ("essen-", "essen "):
        if key.startswith(prefix) and key[len(prefix) :] in by_key:
            return [by_key[key[len(prefix) :]]]
    spelled_names = {_spelled_key(_place_key(name)): name for name in names}
    close = difflib.get_close_matches(spelled, list(spelled_names), n=3, cutoff=0.75)
    if close:
        return [spelled_names[match] for match in close]
    # A word of several names ("Süd", "Mitte"): those names, if they are few.
    containing = [name for spelled_name, name in spelled_names.items() if spelled in spelled_name]
    return containing if len(spelled) >= 4 and len(containing) <= 4 else []


@dataclass(frozen=True)
class District(Term):
    """One of Essen's places: a Stadtteil, a Stadtbezirk (meaning the whole Bezirk), or
    Gesamtstadt. Each has one spelling on the site, so one filter option and one page anchor.

    Besides what Term removes, letter case, ß/ss and the dash are normalised silently to that
    spelling; the JSON Schema lists the spellings (VS Code offers them and marks any other),
    so it is stricter than `check` on exactly these variants (tests/unit/test_schemas.py).
    Anything else is refused with the most likely names.
    """

    def check(self, value: object) -> str:
        text = super().check(value)
        names, by_key, bezirke = _places()
        canonical = by_key.get(_place_key(text))
        if canonical is not None:
            return canonical
        number = _bezirk_number(text)
        if number in bezirke:
            # "Bezirk II", "Stadtbezirk 2": clear enough to name the one value meant.
            raise Invalid(
                f"»{shown(text)}«: Stadtbezirke stehen mit ihrem Namen in der Liste, "
                "nicht mit ihrer Nummer",
                f"schreiben Sie »{bezirke[number]}« für den ganzen Stadtbezirk "
                f"{_ROMAN[number - 1].upper()}",
            )
        suggestions = district_suggestions(text)
        stadtteile = len(names) - len(bezirke) - 1  # the names: Stadtteile, Bezirke, Gesamtstadt
        hint = (
            f"meinten Sie {_quoted_places(suggestions)}?"
            if suggestions
            else f"erlaubt sind die {stadtteile} Stadtteile, die {len(bezirke)} Stadtbezirke und "
            "»Gesamtstadt«; die Liste steht in REDAKTION.md unter »Stadtteile und Stadtbezirke«"
        )
        raise Invalid(f"»{shown(text)}« gibt es als Stadtteil nicht", hint)

    def json_schema(self) -> dict[str, Any]:
        names, _by_key, _bezirke = _places()
        return {"type": "string", "enum": list(names)}


SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


_SLUG_HINT = "verwenden Sie nur Kleinbuchstaben a–z, Ziffern und Bindestriche, z. B. smart-living"


@dataclass(frozen=True)
class Slug:
    """An id: lowercase letters, digits and single hyphens."""

    # Ids the site itself uses for elements of the page where this id is an anchor.
    reserved_prefix: str = ""

    def check(self, value: object) -> str:
        text = _text_value(value, "eine Kennung (Text)")
        if len(text) > SLUG_MAX_LENGTH:
            raise Invalid(
                f"die Kennung ist {len(text)} Zeichen lang, erlaubt sind höchstens {SLUG_MAX_LENGTH}",
                "kürzen Sie die Kennung; sie wird Teil der Internetadresse",
            )
        if not SLUG_PATTERN.fullmatch(text):
            raise Invalid(f"»{shown(text)}« ist keine gültige Kennung", _SLUG_HINT)
        if self.reserved_prefix and text.startswith(self.reserved_prefix):
            raise Invalid(
                f"Kennungen, die mit »{self.reserved_prefix}« beginnen, verwendet die Website "
                "selbst für Elemente der Seite",
                f"wählen Sie eine Kennung ohne »{self.reserved_prefix}« am Anfang",
            )
        return text

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "string",
            "pattern": SLUG_PATTERN.pattern,
            "maxLength": SLUG_MAX_LENGTH,
        }
        if self.reserved_prefix:
            schema["not"] = {"pattern": "^" + re.escape(self.reserved_prefix)}
        return schema


@dataclass(frozen=True)
class Reference(Slug):
    """The id of a record in another file; resolved after all files are read."""

    target: str = ""


@dataclass(frozen=True)
class Choice:
    labels: dict[str, str]

    def check(self, value: object) -> str:
        allowed = ", ".join(f"{key} ({label})" for key, label in self.labels.items())
        if not isinstance(value, str):
            raise Invalid(
                f"erwartet wird einer der erlaubten Werte, gefunden: {_type_name(value)}",
                f"erlaubt sind: {allowed}",
            )
        check_characters(value)
        if value not in self.labels:
            raise Invalid(f"»{shown(value)}« ist kein erlaubter Wert", f"erlaubt sind: {allowed}")
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.labels)}


@dataclass(frozen=True)
class Flag:
    def check(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise Invalid(
                f"erwartet wird true oder false, gefunden: »{shown(value)}«",
                "schreiben Sie true oder false (ohne Anführungszeichen)",
            )
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


# Years 0001 to 9999, without a lookahead (the schema tests allow no `(?` constructs).
SCHEMA_YEAR = r"(000[1-9]|00[1-9]\d|0[1-9]\d{2}|[1-9]\d{3})"
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
        except ValueError:  # 2024-13-45, 2024-02-30, 0000-05-01
            return None
    return None


def _date_text(value: object) -> None:
    """Dates come as YAML dates or as text; anything else is a type mistake, said as such."""
    if not (is_date(value) or isinstance(value, str)):
        raise Invalid(
            f"erwartet wird ein Datum, gefunden: {_type_name(value)}",
            "schreiben Sie das Datum als JJJJ-MM-TT, z. B. 2026-03-15 (ohne Uhrzeit)",
        )
    if isinstance(value, str):
        check_characters(value)


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
        # From the calendar, not "first of next month minus a day": December 9999 has no next.
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def german(self) -> str:
        if self.day is None:
            return f"{self.month:02d}/{self.year:04d}"
        return f"{self.day:02d}.{self.month:02d}.{self.year:04d}"


@dataclass(frozen=True)
class MonthOrDate:
    """YYYY-MM or YYYY-MM-DD."""

    def check(self, value: object) -> PartialDate:
        _date_text(value)
        day = _day(value)
        if day is not None:
            return PartialDate(day.year, day.month, day.day)
        if isinstance(value, str) and not isinstance(value, InvalidDate):
            match = MONTH_PATTERN.match(value.strip())
            # Year 0 does not exist (the calendar starts at 1; Python's dates too).
            if match and 1 <= int(match.group(2)) <= 12 and int(match.group(1)) >= 1:
                return PartialDate(int(match.group(1)), int(match.group(2)))
        raise Invalid(
            f"»{shown(value)}« ist kein gültiger Monat und kein gültiges Datum",
            'schreiben Sie "JJJJ-MM" in Anführungszeichen (z. B. "2024-05") oder JJJJ-MM-TT (z. B. 2024-05-31)',
        )

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "string",
            "pattern": "^" + SCHEMA_YEAR + r"-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$",
        }


@dataclass(frozen=True)
class Day:
    """YYYY-MM-DD."""

    def check(self, value: object) -> dt.date:
        _date_text(value)
        day = _day(value)
        if day is not None:
            return day
        raise Invalid(
            f"»{shown(value)}« ist kein gültiges Datum",
            "schreiben Sie das Datum als JJJJ-MM-TT, z. B. 2026-03-15",
        )

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "string",
            "pattern": "^" + SCHEMA_YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$",
        }


TIME_PATTERN = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$")
_DAY_OR_TIME_HINT = (
    "schreiben Sie JJJJ-MM-TT für einen ganztägigen Termin (z. B. 2027-03-15) oder "
    "JJJJ-MM-TTTHH:MM mit Uhrzeit in Essener Ortszeit (z. B. 2027-03-15T18:30, ohne Sekunden)"
)


@dataclass(frozen=True)
class DayOrTime:
    """YYYY-MM-DD (all day) or YYYY-MM-DDTHH:MM (local time in Essen, naive).

    Only these two forms: a time zone or seconds would say more than an event page can show,
    and a date with a space before the time is the form YAML reads as a point in UTC.
    """

    def check(self, value: object) -> dt.date | dt.datetime:
        if isinstance(value, dt.datetime):
            # YAML made it from 2027-03-15T18:30:00 or 2027-03-15 18:30:00 (seconds written).
            raise Invalid(
                f"»{shown(value.isoformat(sep=' '))}« hat Sekunden oder eine Zeitzone",
                _DAY_OR_TIME_HINT,
            )
        if not (is_date(value) or isinstance(value, str)):
            raise Invalid(
                f"erwartet wird ein Datum oder ein Datum mit Uhrzeit, gefunden: {_type_name(value)}",
                _DAY_OR_TIME_HINT,
            )
        if isinstance(value, str):
            check_characters(value)
            match = TIME_PATTERN.fullmatch(value.strip())
            if match is not None:
                day = _day(match.group(1))
                hour, minute = int(match.group(2)), int(match.group(3))
                if day is not None and hour < 24 and minute < 60:
                    return dt.datetime.combine(day, dt.time(hour, minute))
        day = _day(value)
        if day is not None:
            return day
        raise Invalid(
            f"»{shown(value)}« ist kein gültiges Datum und kein Datum mit Uhrzeit",
            _DAY_OR_TIME_HINT,
        )

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "string",
            "pattern": "^"
            + SCHEMA_YEAR
            + r"-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d)?$",
        }


# After "https:": a host name with a dot (https://www.essen.de), not just https:// or localhost.
WEB_ADDRESS = r"//[^/\s]+\.[^/\s]+"


@dataclass(frozen=True)
class Url:
    schemes: tuple[str, ...] = URL_SCHEMES

    def check(self, value: object) -> str:
        text = _text_value(value, "eine Adresse (Text)").strip()
        if len(text) > URL_MAX_LENGTH:
            raise _too_long(text, URL_MAX_LENGTH, "verwenden Sie eine kürzere Adresse")
        scheme, _, rest = text.partition(":")
        if scheme.lower() not in self.schemes or not rest or any(c.isspace() for c in text):
            allowed = ", ".join(f"{s}:" for s in self.schemes)
            raise Invalid(
                f"»{shown(text)}« ist keine erlaubte Adresse",
                f"erlaubt sind Adressen, die mit {allowed} beginnen, ohne Leerzeichen",
            )
        if scheme.lower() in WEB_SCHEMES and not re.match(WEB_ADDRESS, rest):
            raise Invalid(
                f"»{shown(text)}« ist keine vollständige Web-Adresse",
                "z. B. https://www.essen.de/",
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
        return {
            "type": "string",
            "maxLength": URL_MAX_LENGTH,
            "allOf": [
                {"pattern": "^(" + "|".join(alternatives) + ")$"},
                {"pattern": SCHEMA_TEXT},
            ],
        }


EMAIL_PATTERN = re.compile(r"^[^@\s:/]+@[^@\s:/]+\.[A-Za-z]{2,}$")


@dataclass(frozen=True)
class Email:
    def check(self, value: object) -> str:
        text = _text_value(value, "eine E-Mail-Adresse (Text)").strip()
        if len(text) > EMAIL_MAX_LENGTH:
            raise _too_long(text, EMAIL_MAX_LENGTH, "prüfen Sie die Adresse")
        if not EMAIL_PATTERN.fullmatch(text):
            raise Invalid(
                f"»{shown(text)}« ist keine gültige E-Mail-Adresse",
                "z. B. name@essen.de (ohne mailto:)",
            )
        return text

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "string",
            "maxLength": EMAIL_MAX_LENGTH,
            "allOf": [{"pattern": EMAIL_PATTERN.pattern}, {"pattern": SCHEMA_TEXT}],
        }


PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 /()-]{4,}[0-9]$")


@dataclass(frozen=True)
class Phone:
    def check(self, value: object) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            # YAML reads 0201 123 as text but 0201123 as the number 66131 (octal): never guess.
            raise Invalid(
                "erwartet wird eine Telefonnummer als Text, gefunden: Zahl",
                'setzen Sie die Nummer in Anführungszeichen, z. B. phone: "+49 201 8888109"',
            )
        text = _text_value(value, "eine Telefonnummer (Text)").strip()
        if len(text) > PHONE_MAX_LENGTH or not PHONE_PATTERN.fullmatch(text):
            raise Invalid(
                f"»{shown(text)}« ist keine gültige Telefonnummer",
                "schreiben Sie die Nummer international, z. B. +49 201 8888109",
            )
        return text

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": PHONE_PATTERN.pattern, "maxLength": PHONE_MAX_LENGTH}


ICON_PATTERN = re.compile(
    r"^(material|fontawesome/(brands|regular|solid)|octicons|simple)/[a-z0-9-]+$"
)


@dataclass(frozen=True)
class Icon:
    def check(self, value: object) -> str:
        text = _text_value(value, "ein Symbolname (Text)")
        if len(text) > PATH_MAX_LENGTH or not ICON_PATTERN.fullmatch(text):
            raise Invalid(
                f"»{shown(text)}« ist kein Symbolname",
                "schreiben Sie material/<name>, z. B. material/home-city",
            )
        return text

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": ICON_PATTERN.pattern, "maxLength": PATH_MAX_LENGTH}


COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
# Field colours are backgrounds of white text (tiles, badges): WCAG AA for normal text.
MIN_CONTRAST = 4.5


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance of `#rrggbb`."""

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(color[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two `#rrggbb` colours, 1 to 21."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@dataclass(frozen=True)
class Color:
    """A colour `#rrggbb`, returned in lower case; only such a value ever reaches a stylesheet.

    Its contrast with white text is a check of the record (contract.py), not of the value: JSON
    Schema can express the form but not the ratio, and `check` must accept what the schema does.
    """

    def check(self, value: object) -> str:
        text = _text_value(value, "eine Farbe (Text)").strip()
        if not COLOR_PATTERN.fullmatch(text):
            raise Invalid(
                f"»{shown(text)}« ist keine Farbe der Form #rrggbb",
                'schreiben Sie # und sechs Hexadezimalziffern in Anführungszeichen, z. B. "#1f5e2a"',
            )
        return text.lower()

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": COLOR_PATTERN.pattern}


@dataclass(frozen=True)
class Number:
    minimum: float
    maximum: float

    def check(self, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            found = _type_name(value)
            if isinstance(value, str):
                found += f" »{shown(value)}«"
            raise Invalid(
                f"erwartet wird eine Zahl, gefunden: {found}",
                "schreiben Sie z. B. 51.45 (Punkt statt Komma, ohne Anführungszeichen)",
            )
        if isinstance(value, float) and not math.isfinite(value):
            raise Invalid(
                f"»{value}« ist keine Zahl, mit der sich rechnen lässt",
                "schreiben Sie die Koordinate als Dezimalzahl, z. B. 51.45",
            )
        if not self.minimum <= value <= self.maximum:
            raise Invalid(
                f"{shown(value)} liegt außerhalb von {self.minimum} bis {self.maximum}",
                "prüfen Sie die Koordinate (Breite lat um 51.4, Länge lon um 7.0 für Essen)",
            )
        return float(value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "number", "minimum": self.minimum, "maximum": self.maximum}


@dataclass(frozen=True)
class ListOf:
    # Lists and nested blocks are checked by the loader, not by a `check` of their own: it
    # reports each item at its own line, which a value without line information could not.
    item: Shape
    min_items: int = 0
    max_items: int | None = None

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.max_items:
            schema["maxItems"] = self.max_items
        return schema


@dataclass(frozen=True)
class Key:
    name: str
    type: Shape
    required: bool = False
    doc: str = ""


@dataclass(frozen=True)
class Record:
    """A mapping with known keys (a file, a list entry or a nested block)."""

    keys: tuple[Key, ...]
    title: str = ""
    # What to write when the value is no block of keys (e.g. a logo written as a plain path).
    not_mapping_hint: str = ""
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


# What a key's value may be: a plain value type, a list, or a nested block of keys.
Shape: TypeAlias = Rule | ListOf | Record


def references(record: Record) -> tuple[tuple[Key, Reference], ...]:
    """The keys of `record` that name records of another kind, with the reference rule."""
    found = []
    for key in record.keys:
        rule = key.type.item if isinstance(key.type, ListOf) else key.type
        if isinstance(rule, Reference):
            found.append((key, rule))
    return tuple(found)


# Images (issue 13): files in data/images/, named by their file name alone.
IMAGES_DIR = "images"  # under data/
ALT_MAX_LENGTH = 300
CREDIT_MAX_LENGTH = 200
IMAGE_FILE_MAX_LENGTH = 100
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
LOGO_SUFFIXES = (*IMAGE_SUFFIXES, ".svg")
# A plain file name: no folder, no leading dot, ASCII, so it is the same on every system and in
# every URL; the suffix says which decoder may read it (checked again on the content).
_IMAGE_STEM = r"[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*"


def _spelled_suffixes(suffixes: tuple[str, ...]) -> str:
    # JavaScript regexes (VS Code) have no inline flags: each letter in both cases.
    return "|".join(
        "".join(f"[{c.lower()}{c.upper()}]" for c in suffix[1:]) for suffix in suffixes
    )


@dataclass(frozen=True)
class ImageFile:
    """The name of a file in data/images/, e.g. `aerztehaus.jpg`."""

    suffixes: tuple[str, ...] = IMAGE_SUFFIXES

    @property
    def pattern(self) -> str:
        return f"^{_IMAGE_STEM}\\.({_spelled_suffixes(self.suffixes)})$"

    def check(self, value: object) -> str:
        text = _text_value(value, "ein Dateiname (Text)").strip()
        allowed = ", ".join(self.suffixes)
        example = "z. B. file: aerztehaus.jpg"
        if len(text) > IMAGE_FILE_MAX_LENGTH:
            raise _too_long(text, IMAGE_FILE_MAX_LENGTH, "kürzen Sie den Dateinamen")
        if "/" in text or "\\" in text or text.startswith("."):
            raise Invalid(
                f"»{shown(text)}« ist kein bloßer Dateiname",
                f"Bilder liegen direkt im Ordner data/{IMAGES_DIR}/; schreiben Sie nur den "
                f"Dateinamen ohne Ordner, {example}",
            )
        if not text.lower().endswith(self.suffixes):
            raise Invalid(
                f"»{shown(text)}« hat keine erlaubte Endung",
                f"erlaubt sind {allowed}; speichern Sie das Bild in einem dieser Formate",
            )
        if not re.fullmatch(self.pattern, text):
            raise Invalid(
                f"»{shown(text)}« ist kein erlaubter Dateiname",
                "verwenden Sie nur Buchstaben a–z, Ziffern, Bindestriche und Unterstriche "
                f"(keine Umlaute, keine Leerzeichen), {example}",
            )
        return text

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "maxLength": IMAGE_FILE_MAX_LENGTH, "pattern": self.pattern}


@dataclass(frozen=True)
class ImageRecord(Record):
    """`image:` — `alt` is required unless `decorative: true`, and then it must be absent."""

    def json_schema(self) -> dict[str, Any]:
        schema = super().json_schema()
        decorative = {"properties": {"decorative": {"const": True}}, "required": ["decorative"]}
        schema["if"] = decorative
        schema["then"] = {"not": {"required": ["alt"]}}
        schema["else"] = {"required": ["alt"]}
        return schema


IMAGE = ImageRecord(
    (
        Key(
            "file",
            ImageFile(IMAGE_SUFFIXES),
            True,
            f"Dateiname im Ordner data/{IMAGES_DIR}/, z. B. aerztehaus.jpg (JPEG, PNG oder WebP)",
        ),
        Key(
            "alt",
            Text(ALT_MAX_LENGTH),
            False,
            "Alternativtext: was auf dem Bild zu sehen ist (Pflicht, außer bei decorative: true)",
        ),
        Key(
            "credit",
            Text(CREDIT_MAX_LENGTH),
            True,
            "Urheber und Lizenz, z. B. Foto: Stadt Essen, CC BY 4.0",
        ),
        Key("decorative", Flag(), False, "true: reiner Schmuck ohne Inhalt (dann ohne alt)"),
    ),
    title="Bild",
    not_mapping_hint=(
        "schreiben Sie das Bild als Abschnitt mit eingerückten Zeilen file: …, alt: … und "
        "credit: … (siehe REDAKTION.md, »Bilder«)"
    ),
)

LOGO = Record(
    (
        Key(
            "file",
            ImageFile(LOGO_SUFFIXES),
            True,
            f"Dateiname im Ordner data/{IMAGES_DIR}/, z. B. evv.svg (SVG, PNG, JPEG oder WebP)",
        ),
        Key("alt", Text(ALT_MAX_LENGTH), True, "Alternativtext, z. B. Logo der EVV"),
    ),
    title="Logo",
    not_mapping_hint=(
        "das Logo ist jetzt ein Abschnitt: schreiben Sie »logo:« und darunter eingerückt "
        f"»file: evv.svg« (die Datei im Ordner data/{IMAGES_DIR}/) und »alt: Logo der EVV«"
    ),
)

LINK = Record(
    (
        Key("title", Text(LINK_TITLE_MAX_LENGTH), True, "Text des Links"),
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
        Key("name", Text(NAME_MAX_LENGTH), True, "Name des Handlungsfelds"),
        Key(
            "summary",
            Text(SUMMARY_MAX_LENGTH),
            True,
            "Kurzbeschreibung in einem Satz (reiner Text)",
        ),
        Key("description", Markdown(DESCRIPTION_MAX_LENGTH), True, "Beschreibung (Markdown)"),
        Key("icon", Icon(), False, "Symbol, z. B. material/home-city"),
        Key(
            "color",
            Color(),
            False,
            'Farbe für Kacheln und Kennzeichen, z. B. "#1f5e2a"; weiße Schrift darauf '
            "muss ein Kontrastverhältnis von mindestens 4,5:1 haben",
        ),
        Key("image", IMAGE, False, "Bild mit file, alt und credit (siehe REDAKTION.md, »Bilder«)"),
    ),
    title="Handlungsfeld",
)

INITIATIVE = Record(
    (
        Key("title", Text(TITLE_MAX_LENGTH), True, "Titel der Initiative"),
        Key(
            "fields",
            ListOf(Reference(target="field"), 1, MAX_FIELDS),
            True,
            "Kennungen der Handlungsfelder",
        ),
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
        Key(
            "description",
            Markdown(DESCRIPTION_MAX_LENGTH),
            False,
            "ausführliche Beschreibung (Markdown), höchstens 20.000 Zeichen",
        ),
        Key(
            "partners",
            ListOf(Reference(target="partner"), 0, MAX_PARTNERS),
            False,
            "Kennungen der beteiligten Partner",
        ),
        Key("lead", Reference(target="partner"), False, "Kennung des federführenden Partners"),
        Key(
            "contacts",
            ListOf(Reference(target="contact"), 0, MAX_CONTACTS),
            False,
            "Kennungen der Ansprechpersonen",
        ),
        Key(
            "districts",
            ListOf(District(TERM_MAX_LENGTH), 0, MAX_DISTRICTS),
            False,
            "Essener Stadtteile oder ganze Stadtbezirke, Gesamtstadt für stadtweite Vorhaben "
            "(die Namen stehen in REDAKTION.md)",
        ),
        Key("start", MonthOrDate(), False, 'Beginn: "JJJJ-MM" oder JJJJ-MM-TT'),
        Key("end", MonthOrDate(), False, 'Ende: "JJJJ-MM" oder JJJJ-MM-TT, nicht vor dem Beginn'),
        Key("tags", ListOf(Term(TERM_MAX_LENGTH), 0, MAX_TAGS), False, "Schlagworte"),
        Key(
            "links",
            ListOf(LINK, 0, MAX_LINKS),
            False,
            "weiterführende Links mit title und url",
        ),
        Key("location", LOCATION, False, "Ort mit lat und lon"),
        Key("featured", Flag(), False, "true: auf der Startseite hervorheben"),
        Key("updated", Day(), False, "Datum der letzten Prüfung, JJJJ-MM-TT"),
        Key("image", IMAGE, False, "Bild mit file, alt und credit (siehe REDAKTION.md, »Bilder«)"),
    ),
    title="Initiative",
)

PARTNER = Record(
    (
        Key("name", Text(NAME_MAX_LENGTH), True, "Name der Organisation"),
        Key("type", Choice(PARTNER_TYPE_LABELS), True, "Art des Partners"),
        Key("short_name", Text(SHORT_NAME_MAX_LENGTH), False, "Kurzname, z. B. EVV"),
        Key("website", Url(WEB_SCHEMES), False, "Website (https: oder http:)"),
        Key("description", Markdown(DESCRIPTION_MAX_LENGTH), False, "Beschreibung (Markdown)"),
        Key(
            "logo",
            LOGO,
            False,
            f"Logo mit file (Datei in data/{IMAGES_DIR}/) und alt, z. B. file: evv.svg",
        ),
    ),
    title="Partner",
)

CONTACT = Record(
    (
        Key(
            "id",
            Slug(reserved_prefix=RESERVED_ID_PREFIX),
            True,
            "Kennung, zugleich Sprungmarke auf der Kontaktseite (nicht mit ce- beginnend)",
        ),
        Key("name", Text(NAME_MAX_LENGTH), True, "Name, z. B. Herr Adelskamp"),
        Key("role", Text(ROLE_MAX_LENGTH), True, "Funktion"),
        Key(
            "organization", Reference(target="partner"), True, "Kennung der Organisation (Partner)"
        ),
        Key("phone", Phone(), False, "Telefon, international: +49 201 …"),
        Key("email", Email(), False, "E-Mail-Adresse"),
        Key("leadership", Flag(), False, "true: gehört zur Leitung der Initiative"),
    ),
    title="Kontakt",
)


# News and events (issue 15). A news item is a Markdown file: these are the keys of its front
# matter; the text below it is NEWS_BODY.

# What a news item or an event is about: both link the same way.
ABOUT_KEYS = (
    Key(
        "initiatives",
        ListOf(Reference(target="initiative"), 0, MAX_INITIATIVES),
        False,
        "Kennungen der Initiativen, um die es geht",
    ),
    Key(
        "fields",
        ListOf(Reference(target="field"), 0, MAX_FIELDS),
        False,
        "Kennungen der Handlungsfelder, um die es geht",
    ),
)

NEWS = Record(
    (
        Key("title", Text(TITLE_MAX_LENGTH), True, "Überschrift der Meldung"),
        Key(
            "date",
            Day(),
            True,
            "Datum der Meldung, JJJJ-MM-TT; gleich dem Datum am Anfang des Dateinamens",
        ),
        Key(
            "summary",
            Text(SUMMARY_MAX_LENGTH),
            True,
            "Kurzfassung, höchstens 300 Zeichen (reiner Text), für Übersicht, Startseite und Feed",
        ),
        *ABOUT_KEYS,
        Key("image", IMAGE, False, "Bild mit file, alt und credit (siehe REDAKTION.md, »Bilder«)"),
        Key("updated", Day(), False, "Datum der letzten Änderung, JJJJ-MM-TT, nicht vor date"),
    ),
    title="Meldung",
)
NEWS_BODY = Markdown(DESCRIPTION_MAX_LENGTH)


@dataclass(frozen=True)
class EventRecord(Record):
    """An event: where it happens (`place`, `address` or `online: true`), and `url` exactly when
    it is online. The loader checks the same (contract.py) with German messages."""

    def json_schema(self) -> dict[str, Any]:
        schema = super().json_schema()
        online = {"properties": {"online": {"const": True}}, "required": ["online"]}
        schema["anyOf"] = [{"required": ["place"]}, {"required": ["address"]}, online]
        schema["if"] = online
        schema["then"] = {"required": ["url"]}
        schema["else"] = {"not": {"required": ["url"]}}
        return schema


EVENT = EventRecord(
    (
        Key("title", Text(TITLE_MAX_LENGTH), True, "Titel des Termins"),
        Key(
            "start",
            DayOrTime(),
            True,
            "Beginn: JJJJ-MM-TT (ganztägig) oder JJJJ-MM-TTTHH:MM (Uhrzeit in Essen)",
        ),
        Key(
            "end",
            DayOrTime(),
            False,
            "Ende in derselben Form wie start, nicht vor dem Beginn",
        ),
        Key(
            "summary",
            Text(SUMMARY_MAX_LENGTH),
            True,
            "Kurzbeschreibung, höchstens 300 Zeichen (reiner Text)",
        ),
        Key("place", Text(NAME_MAX_LENGTH), False, "Ort, z. B. Zeche Zollverein, Halle 12"),
        Key(
            "address",
            Text(ADDRESS_MAX_LENGTH),
            False,
            "Anschrift, z. B. Gelsenkirchener Str. 181, 45309 Essen",
        ),
        Key("online", Flag(), False, "true: online (dann mit url)"),
        Key(
            "url",
            Url(WEB_SCHEMES),
            False,
            "Adresse der Online-Teilnahme (https: oder http:), nur mit online: true",
        ),
        Key("registration", Url(WEB_SCHEMES), False, "Adresse der Anmeldung (https: oder http:)"),
        *ABOUT_KEYS,
        Key(
            "description",
            Markdown(DESCRIPTION_MAX_LENGTH),
            False,
            "ausführliche Beschreibung (Markdown), höchstens 20.000 Zeichen",
        ),
        Key(
            "cancelled",
            Flag(),
            False,
            "true: der Termin fällt aus (er bleibt sichtbar, als abgesagt)",
        ),
    ),
    title="Termin",
)
