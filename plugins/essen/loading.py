"""Load and validate the editors' data folder into a `Site`.

Every file is read and checked before anything is built; all problems of a
run are collected and raised together as one `DataError`.
"""

from __future__ import annotations

import difflib
import unicodedata
from pathlib import Path
from typing import Any

from slugify import slugify

from .datafiles import DataFiles, scan_data_dir
from .errors import DataError, Problem
from .model import Contact, Field, Initiative, Link, Location, Partner, Site, sort_key
from .rules import (
    CONTACT,
    FIELD,
    INITIATIVE,
    PARTNER,
    Invalid,
    ListOf,
    Record,
    shown,
)
from .yamlsource import FILE_KEY, LineDict, LineList, read_yaml

GERMAN_TRANSLITERATION = [
    ["Ä", "Ae"],
    ["Ö", "Oe"],
    ["Ü", "Ue"],
    ["ä", "ae"],
    ["ö", "oe"],
    ["ü", "ue"],
    ["ß", "ss"],
]


# Page folders are named after ids; file systems refuse names past 255 bytes, and an address
# longer than this is no address anyone types or reads.
MAX_FILE_ID_LENGTH = 100


def id_from_filename(stem: str) -> str:
    """`Bürger RatHaus Süd` → `buerger-rathaus-sued`.

    NFC first: macOS writes `ü` in file names as `u` plus a combining diaeresis, which the
    transliteration would not see (`sud` instead of `sued`).
    """
    return slugify(unicodedata.normalize("NFC", stem), replacements=GERMAN_TRANSLITERATION)


def closest(value: object, candidates: list[str] | tuple[str, ...]) -> str | None:
    matches = difflib.get_close_matches(str(value), list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


class _FileChecker:
    """Checks the records of one file against the rules, collecting problems."""

    def __init__(self, shown_path: str, problems: list[Problem]) -> None:
        self.path = shown_path
        self.problems = problems

    def problem(self, line: int, key: str, message: str, hint: str) -> None:
        self.problems.append(Problem(self.path, line, key, message, hint))

    def record(self, data: object, record: Record, line: int, prefix: str = "") -> dict | None:
        clean, valid = self.checked(data, record, line, prefix)
        return clean if valid else None

    def checked(
        self, data: object, record: Record, line: int, prefix: str = ""
    ) -> tuple[dict | None, bool]:
        """The record's valid values (None if it is no mapping) and whether all are valid."""
        if not isinstance(data, LineDict):
            self.problem(
                line,
                prefix.rstrip(".") or FILE_KEY,
                f"erwartet wird ein Abschnitt mit Schlüsseln ({record.title}), gefunden: {_describe(data)}",
                "schreiben Sie je Zeile »schlüssel: wert«, wie im Beispiel im Leitfaden REDAKTION.md",
            )
            return None, False
        clean: dict[str, Any] = {}
        valid = True
        for key in data:
            if key not in record.by_name:
                suggestion = closest(key, list(record.by_name))
                hint = (
                    f"meinten Sie »{suggestion}«?"
                    if suggestion
                    else "erlaubt sind: " + ", ".join(record.by_name)
                )
                # The key is shown like a value: it may hold any character and be of any length.
                self.problem(
                    data.line_of(key), prefix + shown(key, 40), "unbekannter Schlüssel", hint
                )
                valid = False
        for spec in record.keys:
            name = prefix + spec.name
            if spec.name not in data or data[spec.name] is None:
                where = data.line_of(spec.name)
                if spec.required:
                    self.problem(
                        where,
                        name,
                        "Pflichtangabe fehlt"
                        if spec.name not in data
                        else "Pflichtangabe ist leer",
                        f"ergänzen Sie »{spec.name}: …« ({spec.doc})",
                    )
                    valid = False
                elif spec.name in data:
                    # As with an empty text: the schemas (VS Code) reject it too.
                    self.problem(
                        where,
                        name,
                        "der Wert ist leer",
                        f"tragen Sie einen Wert ein ({spec.doc}) oder löschen Sie die Zeile",
                    )
                    valid = False
                continue
            value = self.value(data[spec.name], spec.type, data.line_of(spec.name), name)
            if value is _INVALID:
                valid = False
            else:
                clean[spec.name] = value
        return clean, valid

    def value(self, raw: object, rule: Any, line: int, name: str) -> Any:
        if isinstance(rule, Record):
            result = self.record(raw, rule, line, name + ".")
            return _INVALID if result is None else result
        if isinstance(rule, ListOf):
            if not isinstance(raw, LineList):
                self.problem(
                    line,
                    name,
                    f"erwartet wird eine Liste, gefunden: {_describe(raw)}",
                    "schreiben Sie jeden Eintrag in eine eigene Zeile mit »- « davor",
                )
                return _INVALID
            if len(raw) < rule.min_items:
                self.problem(
                    line, name, "die Liste ist leer", "tragen Sie mindestens einen Eintrag ein"
                )
                return _INVALID
            if rule.max_items is not None and len(raw) > rule.max_items:
                self.problem(
                    line,
                    name,
                    f"die Liste hat {len(raw)} Einträge, erlaubt sind höchstens {rule.max_items}",
                    "kürzen Sie die Liste auf die wichtigsten Einträge",
                )
                return _INVALID
            items = [
                self.value(item, rule.item, raw.line_of(index), f"{name}[{index + 1}]")
                for index, item in enumerate(raw)
            ]
            return _INVALID if any(item is _INVALID for item in items) else items
        try:
            return rule.check(raw)
        except Invalid as error:
            self.problem(line, name, error.message, error.hint)
            return _INVALID


_INVALID = object()


def _describe(value: object) -> str:
    if isinstance(value, (LineList, list, tuple)):
        return "eine Liste"
    if isinstance(value, dict):
        return "ein Abschnitt mit Schlüsseln"
    if value is None:
        return "nichts"
    if isinstance(value, set | frozenset | bytes):
        return shown(value)
    return f"»{shown(value)}«"


class _Resolver:
    """Looks up references by id, reporting unknown ones with the closest known id."""

    def __init__(
        self,
        kind_label: str,
        records: dict[str, Any],
        problems: list[Problem],
        broken: set[str] | None = None,
        unavailable: bool = False,
    ) -> None:
        self.kind_label = kind_label
        self.records = records
        self.problems = problems
        # Ids whose own record has a problem: already reported there, so no second message here.
        self.broken = broken or set()
        # The file that lists these records is unusable (reported there): every id is unknown,
        # and one message per reference would bury the one real mistake.
        self.unavailable = unavailable

    def get(self, ref: str, path: str, line: int, key: str) -> Any:
        if ref in self.records:
            return self.records[ref]
        if ref in self.broken or self.unavailable:
            return None
        suggestion = closest(ref, list(self.records))
        hint = f"meinten Sie »{suggestion}«?" if suggestion else "prüfen Sie die Schreibweise"
        self.problems.append(
            Problem(path, line, key, f"{self.kind_label} »{ref}« gibt es nicht", hint)
        )
        return None


def _line_in(data: object, key: str, index: int | None = None) -> int:
    if not isinstance(data, LineDict):
        return 1
    value = data.get(key)
    if index is not None and isinstance(value, LineList):
        return value.line_of(index)
    return data.line_of(key)


def _list_file(
    path: Path,
    data_dir: Path,
    shown: str,
    problems: list[Problem],
    record: Record,
    broken: set[str],
) -> list[tuple[dict, LineDict, bool]] | None:
    """Read a file holding a list of records; returns (clean, raw, valid) per entry that is a
    mapping, or None when the file as a whole is unusable.

    An entry with problems keeps its valid values, so that its id and references still get
    their own checks in the same run; its id goes into `broken`.
    """
    data, file_problems = read_yaml(path, shown, data_dir)
    problems.extend(file_problems)
    if data is None:
        return None
    checker = _FileChecker(shown, problems)
    if not isinstance(data, LineList):
        checker.problem(
            getattr(data, "line", 1),
            FILE_KEY,
            f"erwartet wird eine Liste von Einträgen, gefunden: {_describe(data)}",
            "beginnen Sie jeden Eintrag mit »- id: …«",
        )
        return None
    if not data:
        checker.problem(
            data.line, FILE_KEY, "die Liste ist leer", "tragen Sie mindestens einen Eintrag ein"
        )
        return None
    entries = []
    for index, raw in enumerate(data):
        clean, valid = checker.checked(raw, record, data.line_of(index), "")
        if not valid and isinstance(raw, LineDict) and isinstance(raw.get("id"), str):
            broken.add(raw["id"])
        if clean is not None:
            entries.append((clean, raw, valid))
    return entries


def _unique_ids(
    entries: list[tuple[dict, LineDict, bool]], shown: str, problems: list[Problem], what: str
) -> list[tuple[dict, LineDict, bool]]:
    """The entries without the repeats of an id; entries with other problems count too."""
    first_line: dict[str, int] = {}
    unique = []
    for clean, raw, valid in entries:
        line = raw.line_of("id")
        if "id" not in clean:  # reported where the id is checked
            unique.append((clean, raw, valid))
            continue
        if clean["id"] in first_line:
            problems.append(
                Problem(
                    shown,
                    line,
                    "id",
                    f"die Kennung »{clean['id']}« steht schon in Zeile {first_line[clean['id']]}",
                    f"geben Sie jedem {what} eine eigene Kennung",
                )
            )
            continue
        first_line[clean["id"]] = line
        unique.append((clean, raw, valid))
    return unique


def _record_files(
    paths: list[Path],
    data_dir: Path,
    root: Path,
    problems: list[Problem],
    record: Record,
    broken: set[str],
) -> list[tuple[str, str, dict, LineDict, bool]]:
    """Read the files of a one-record-per-file folder (as found by `scan_data_dir`); returns
    (id, shown path, clean, raw, valid).

    A record with problems keeps its valid values (so that its references can still be
    checked in the same run) and its id goes into `broken`.
    """
    results = []
    seen: dict[str, str] = {}
    for path in paths:
        shown = _shown(path, root)
        record_id = id_from_filename(path.stem)
        if not record_id:
            problems.append(
                Problem(
                    shown,
                    0,
                    FILE_KEY,
                    "aus dem Dateinamen lässt sich keine Kennung bilden",
                    "verwenden Sie Buchstaben oder Ziffern im Dateinamen",
                )
            )
            continue
        if len(record_id) > MAX_FILE_ID_LENGTH:
            broken.add(record_id)
            problems.append(
                Problem(
                    shown,
                    0,
                    FILE_KEY,
                    f"der Dateiname ist zu lang: die Kennung hätte {len(record_id)} Zeichen, "
                    f"erlaubt sind höchstens {MAX_FILE_ID_LENGTH}",
                    "kürzen Sie den Dateinamen; er wird Teil der Internetadresse",
                )
            )
            continue
        if record_id in seen:
            problems.append(
                Problem(
                    shown,
                    0,
                    FILE_KEY,
                    f"der Dateiname ergibt dieselbe Kennung »{record_id}« wie {seen[record_id]}",
                    "benennen Sie eine der beiden Dateien um",
                )
            )
            continue
        seen[record_id] = shown
        data, file_problems = read_yaml(path, shown, data_dir)
        problems.extend(file_problems)
        clean, valid = (
            (None, False)
            if data is None
            else _FileChecker(shown, problems).checked(data, record, getattr(data, "line", 1))
        )
        if not valid:
            broken.add(record_id)
        if clean is not None:
            results.append((record_id, shown, clean, data, valid))
    return results


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_site(data_dir: Path, root: Path, icons_dir: Path | None = None) -> Site:
    """Read, validate and resolve all data; raise DataError listing every problem.

    With `icons_dir` (the theme's icon folder), field icons must exist there.
    """
    problems: list[Problem] = []
    broken_fields: set[str] = set()
    broken_partners: set[str] = set()
    broken_contacts: set[str] = set()
    found: DataFiles = scan_data_dir(data_dir, _shown(data_dir, root))
    problems.extend(found.problems)

    fields_path = found.files.get("fields.yml")
    fields: dict[str, Field] = {}
    fields_unavailable = True
    if fields_path is not None:
        shown = _shown(fields_path, root)
        field_entries = _list_file(fields_path, data_dir, shown, problems, FIELD, broken_fields)
        fields_unavailable = field_entries is None
        entries = _unique_ids(field_entries or [], shown, problems, "Handlungsfeld")
        for clean, raw, valid in entries:
            icon = clean.get("icon")
            if icon and icons_dir is not None and not (icons_dir / f"{icon}.svg").is_file():
                problems.append(
                    Problem(
                        shown,
                        raw.line_of("icon"),
                        "icon",
                        f"das Symbol »{icon}« gibt es nicht",
                        "suchen Sie den Namen unter https://pictogrammers.com/library/mdi/ und schreiben Sie material/<name>",
                    )
                )
            if not valid:
                continue
            fields[clean["id"]] = Field(
                id=clean["id"],
                name=clean["name"],
                summary=clean["summary"],
                description=clean["description"],
                icon=clean.get("icon"),
                source=shown,
                line=raw.line,
            )

    partners: dict[str, Partner] = {}
    for partner_id, shown, clean, _raw, valid in _record_files(
        found.folders.get("partners", []), data_dir, root, problems, PARTNER, broken_partners
    ):
        if not valid:
            continue
        partners[partner_id] = Partner(
            id=partner_id,
            name=clean["name"],
            type=clean["type"],
            short_name=clean.get("short_name"),
            website=clean.get("website"),
            description=clean.get("description"),
            logo=clean.get("logo"),
            source=shown,
        )

    partner_refs = _Resolver(
        "den Partner",
        partners,
        problems,
        broken_partners,
        unavailable="partners" not in found.folders,
    )
    contacts: dict[str, Contact] = {}
    contacts_unavailable = True
    contacts_path = found.files.get("contacts.yml")
    if contacts_path is not None:
        shown = _shown(contacts_path, root)
        contact_entries = _list_file(
            contacts_path, data_dir, shown, problems, CONTACT, broken_contacts
        )
        contacts_unavailable = contact_entries is None
        entries = _unique_ids(contact_entries or [], shown, problems, "Kontakt")
        for clean, raw, valid in entries:
            organization = (
                partner_refs.get(
                    clean["organization"], shown, raw.line_of("organization"), "organization"
                )
                if "organization" in clean
                else None
            )
            if organization is None or not valid:
                if "id" in clean:
                    broken_contacts.add(clean["id"])
                continue
            contacts[clean["id"]] = Contact(
                id=clean["id"],
                name=clean["name"],
                role=clean["role"],
                organization=organization,
                phone=clean.get("phone"),
                email=clean.get("email"),
                leadership=clean.get("leadership", False),
                source=shown,
                line=raw.line,
            )

    field_refs = _Resolver(
        "das Handlungsfeld", fields, problems, broken_fields, unavailable=fields_unavailable
    )
    contact_refs = _Resolver(
        "den Kontakt", contacts, problems, broken_contacts, unavailable=contacts_unavailable
    )
    initiatives: list[Initiative] = []
    initiative_files = _record_files(
        found.folders.get("initiatives", []), data_dir, root, problems, INITIATIVE, set()
    )
    if not initiative_files and "initiatives" in found.folders and not problems:
        problems.append(
            Problem(
                _shown(data_dir / "initiatives", root),
                0,
                FILE_KEY,
                "der Ordner enthält keine Initiative",
                "legen Sie je Initiative eine .yml-Datei an",
            )
        )
    for initiative_id, shown, clean, raw, valid in initiative_files:
        resolved = _resolve_initiative(
            initiative_id, shown, clean, raw, valid, field_refs, partner_refs, contact_refs
        )
        if resolved is not None:
            initiatives.append(resolved)

    if problems:
        raise DataError(problems)
    return Site(
        fields=tuple(fields.values()),
        initiatives=tuple(sorted(initiatives, key=lambda i: (sort_key(i.title), i.id))),
        partners=tuple(sorted(partners.values(), key=lambda p: (sort_key(p.name), p.id))),
        contacts=tuple(contacts.values()),
    )


def _resolve_initiative(
    initiative_id: str,
    shown: str,
    clean: dict,
    raw: LineDict,
    valid: bool,
    field_refs: _Resolver,
    partner_refs: _Resolver,
    contact_refs: _Resolver,
) -> Initiative | None:
    problems_before = len(field_refs.problems)

    def refs(key: str, resolver: _Resolver) -> tuple:
        found = []
        for index, ref in enumerate(clean.get(key, [])):
            record = resolver.get(ref, shown, _line_in(raw, key, index), f"{key}[{index + 1}]")
            if record is not None and record not in found:
                found.append(record)
        return tuple(found)

    fields = refs("fields", field_refs)
    partners = refs("partners", partner_refs)
    contacts = refs("contacts", contact_refs)
    lead = (
        partner_refs.get(clean["lead"], shown, raw.line_of("lead"), "lead")
        if "lead" in clean
        else None
    )
    start, end = clean.get("start"), clean.get("end")
    if start and end and end.last_day < start.first_day:
        field_refs.problems.append(
            Problem(
                shown,
                raw.line_of("end"),
                "end",
                f"das Ende {end} liegt vor dem Beginn {start}",
                "prüfen Sie start und end",
            )
        )
    if not valid or len(field_refs.problems) > problems_before:
        return None
    return Initiative(
        id=initiative_id,
        title=clean["title"],
        fields=fields,
        status=clean["status"],
        summary=clean["summary"],
        description=clean.get("description"),
        partners=partners,
        lead=lead,
        contacts=contacts,
        districts=tuple(dict.fromkeys(clean.get("districts", []))),
        start=start,
        end=end,
        tags=tuple(dict.fromkeys(clean.get("tags", []))),
        links=tuple(Link(**link) for link in clean.get("links", [])),
        location=Location(**clean["location"]) if "location" in clean else None,
        featured=clean.get("featured", False),
        updated=clean.get("updated"),
        source=shown,
        key_lines=dict(raw.key_lines),
    )
