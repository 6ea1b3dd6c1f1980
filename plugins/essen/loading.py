"""Load and validate the editors' data folder into a `Site`.

Every file is read and checked before anything is built; all problems of a
run are collected and raised together as one `DataError`.
"""

from __future__ import annotations

import difflib
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from .contract import KINDS, Kind, Origin, dated_name
from .datafiles import DataFiles, scan_data_dir
from .errors import DataError, Problem
from .model import Site
from .rules import Invalid, ListOf, Markdown, Record, Shape, references, shown
from .slugs import german_slug
from .yamlsource import (
    FILE_KEY,
    FileStamp,
    LineDict,
    LineList,
    file_stamp,
    read_front_matter,
    read_yaml,
)

# Page folders are named after ids; file systems refuse names past 255 bytes, and an address
# longer than this is no address anyone types or reads.
MAX_FILE_ID_LENGTH = 100
# How messages name the Markdown text below a news item's front matter.
BODY_KEY = "(Text)"


def id_from_filename(stem: str) -> str:
    """`Bürger RatHaus Süd` → `buerger-rathaus-sued` (slugs.german_slug, NFC first)."""
    return german_slug(stem)


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
                record.not_mapping_hint
                or "schreiben Sie je Zeile »schlüssel: wert«, wie im Beispiel im Leitfaden REDAKTION.md",
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

    def value(self, raw: object, rule: Shape, line: int, name: str) -> Any:
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


class ReadCache:
    """Data files as read and checked, kept across the rebuilds of one preview (`mkdocs serve`).

    Reading and checking 350 files took 0.5 s of CPU in every rebuild, also when only
    mkdocs.yml or a template had changed. An entry is used while its file's stamp is unchanged;
    the stamp is taken before reading, so a save during a read is read again next time. What
    depends on other files (references, the icon check) is always checked again. Entries of
    files a load did not come across are dropped after it: a deleted file is forgotten.
    """

    def __init__(self) -> None:
        self._entries: dict[tuple[str, ...], tuple[FileStamp, object]] = {}
        self._seen: set[tuple[str, ...]] = set()
        # Files read (not taken from the cache) by the last load, for tests and the benchmark.
        self.read: list[str] = []

    def begin(self) -> None:
        self._seen = set()
        self.read = []

    def get(self, key: tuple[str, ...], stamp: FileStamp | None) -> object | None:
        self._seen.add(key)
        entry = self._entries.get(key)
        if stamp is None or entry is None or entry[0] != stamp:
            return None
        return entry[1]

    def put(self, key: tuple[str, ...], stamp: FileStamp | None, value: object, shown: str) -> None:
        self.read.append(shown)
        if stamp is not None:
            self._entries[key] = (stamp, value)

    def end(self) -> None:
        for key in set(self._entries) - self._seen:
            del self._entries[key]

    def __len__(self) -> int:
        return len(self._entries)


def _read_once(
    cache: ReadCache | None,
    scope: tuple[str, Path],
    path: Path,
    shown: str,
    problems: list[Problem],
    broken: set[str],
    read: Callable[[list[Problem], set[str]], Any],
) -> Any:
    """`read(problems, broken)` for one file, or, from `cache`, what it gave last time for the
    unchanged file (its problems and broken ids added again, in the same order)."""
    if cache is None:
        return read(problems, broken)
    key = (scope[0], os.fspath(scope[1]), os.fspath(path), shown)
    stamp = file_stamp(path)  # None: read_yaml reports why
    cached: Any = cache.get(key, stamp)
    if cached is None:
        found: list[Problem] = []
        ids: set[str] = set()
        cached = (read(found, ids), tuple(found), frozenset(ids))
        cache.put(key, stamp, cached, shown)
    value, found_before, ids_before = cached
    problems.extend(found_before)
    broken.update(ids_before)
    return value


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
    entries: list[tuple[dict, LineDict, bool]], shown: str, problems: list[Problem], each: str
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
                    f"geben Sie {each} eine eigene Kennung",
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
    kind: Kind,
    broken: set[str],
    cache: ReadCache | None = None,
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
        if kind.dated_names:
            named = dated_name(unicodedata.normalize("NFC", path.stem))
            if named is None:
                problems.append(Problem(shown, 0, FILE_KEY, *_DATED_NAME_MISTAKE))
                continue
            record_id = id_from_filename(named[1])
        else:
            record_id = id_from_filename(path.stem)
        mistake = _file_id_mistake(record_id, seen)
        if mistake is not None:
            if len(record_id) > MAX_FILE_ID_LENGTH:
                # Still this record's id: initiatives naming it get no second message.
                broken.add(record_id)
            problems.append(Problem(shown, 0, FILE_KEY, *mistake))
            continue
        seen[record_id] = shown
        read = partial(_read_record, path, shown, data_dir, kind)
        data, clean, valid = _read_once(
            cache, (kind.name, data_dir), path, shown, problems, broken, read
        )
        if not valid:
            broken.add(record_id)
        if clean is not None:
            results.append((record_id, shown, clean, data, valid))
    return results


_DATED_NAME_MISTAKE = (
    "der Dateiname hat nicht die Form JJJJ-MM-TT-name.md",
    "benennen Sie die Datei nach dem Datum der Meldung und einem kurzen Namen, z. B. "
    "2026-03-15-neues-buergerbuero.md; der Name wird Teil der Adresse /aktuelles/<name>/",
)


def _read_record(
    path: Path, shown: str, data_dir: Path, kind: Kind, problems: list[Problem], _: set[str]
) -> tuple[object, dict | None, bool]:
    """One record file read and checked: (data, valid values, whether all are valid)."""
    if kind.body is None:
        data, file_problems = read_yaml(path, shown, data_dir)
    else:
        front = read_front_matter(path, shown, data_dir)
        data, file_problems = front.data, front.problems
    problems.extend(file_problems)
    if data is None:
        return None, None, False
    checker = _FileChecker(shown, problems)
    clean, valid = checker.checked(data, kind.record, getattr(data, "line", 1))
    if kind.body is not None and clean is not None:
        body_valid = _check_body(front.body, front.body_line, kind.body, checker, clean)
        valid = valid and body_valid
        assert isinstance(data, LineDict)  # a front matter that is no mapping has no `clean`
        data.key_lines["body"] = front.body_line
    return data, clean, valid


def _check_body(
    body: str, line: int, rule: Markdown, checker: _FileChecker, clean: dict[str, Any]
) -> bool:
    """The text below the front matter into `clean["body"]`; it may be empty (the summary
    then says it all). Its problems are reported at its first line that is not blank."""
    if not body.strip():
        clean["body"] = ""
        return True
    first = line + body[: len(body) - len(body.lstrip())].count("\n")
    try:
        clean["body"] = rule.check(body)
    except Invalid as error:
        checker.problem(first, BODY_KEY, error.message, error.hint)
        return False
    return True


def _file_id_mistake(record_id: str, seen: dict[str, str]) -> tuple[str, str] | None:
    """(message, hint) when the id made from a file name is unusable; `seen`: id → file."""
    if not record_id:
        return (
            "aus dem Dateinamen lässt sich keine Kennung bilden",
            "verwenden Sie Buchstaben oder Ziffern im Dateinamen",
        )
    if len(record_id) > MAX_FILE_ID_LENGTH:
        return (
            f"der Dateiname ist zu lang: die Kennung hätte {len(record_id)} Zeichen, "
            f"erlaubt sind höchstens {MAX_FILE_ID_LENGTH}",
            "kürzen Sie den Dateinamen; er wird Teil der Internetadresse",
        )
    if record_id in seen:
        return (
            f"der Dateiname ergibt dieselbe Kennung »{record_id}« wie {seen[record_id]}",
            "benennen Sie eine der beiden Dateien um",
        )
    return None


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass(frozen=True)
class _Read:
    """One record as read and checked: its id (if it has one), its valid values, its lines."""

    record_id: str | None
    source: str
    clean: dict[str, Any]
    raw: LineDict
    valid: bool


def _read_kind(
    kind: Kind,
    found: DataFiles,
    data_dir: Path,
    root: Path,
    problems: list[Problem],
    broken: set[str],
    cache: ReadCache | None = None,
) -> tuple[list[_Read], bool]:
    """The records of one kind, and whether its file or folder could be used at all."""
    if kind.folder:
        if kind.entry not in found.folders:
            return [], False
        files = _record_files(
            found.folders[kind.entry], data_dir, root, problems, kind, broken, cache
        )
        return [_Read(*entry) for entry in files], True
    path = found.files.get(kind.entry)
    if path is None:
        return [], False
    shown = _shown(path, root)

    def read(found: list[Problem], ids: set[str]) -> list[tuple[dict, LineDict, bool]] | None:
        return _list_file(path, data_dir, shown, found, kind.record, ids)

    entries = _read_once(cache, (kind.name, data_dir), path, shown, problems, broken, read)
    unique = _unique_ids(entries or [], shown, problems, kind.each_label)
    reads = [_Read(clean.get("id"), shown, clean, raw, valid) for clean, raw, valid in unique]
    return reads, entries is not None


def _resolved(
    read: _Read, kind: Kind, resolvers: dict[str, _Resolver]
) -> tuple[dict[str, Any], bool]:
    """The record's values with each reference replaced by the record it names, and whether
    every reference was found. Only the kinds loaded before this one can be named."""
    values = dict(read.clean)
    complete = True
    for key, rule in references(kind.record):
        if key.name not in read.clean:
            continue
        resolver = resolvers[rule.target]
        if isinstance(key.type, ListOf):
            named = []
            for index, ref in enumerate(read.clean[key.name]):
                where = _line_in(read.raw, key.name, index)
                record = resolver.get(ref, read.source, where, f"{key.name}[{index + 1}]")
                complete = complete and record is not None
                # A record named twice is shown once.
                if record is not None and record not in named:
                    named.append(record)
            values[key.name] = tuple(named)
        else:
            where = read.raw.line_of(key.name)
            values[key.name] = resolver.get(read.clean[key.name], read.source, where, key.name)
            complete = complete and values[key.name] is not None
    return values, complete


def _load_kind(
    kind: Kind,
    reads: list[_Read],
    resolvers: dict[str, _Resolver],
    problems: list[Problem],
    broken: set[str],
    icons_dir: Path | None,
) -> dict[str, Any]:
    """The model objects of one kind, by id.

    Every record has its references and its own checks run, also one with other problems, so
    one run reports everything; a record with any problem (or naming a broken one) is not
    built and goes into `broken`, so that references to it get no second message.
    """
    records: dict[str, Any] = {}
    for read in reads:
        before = len(problems)
        values, complete = _resolved(read, kind, resolvers)
        if kind.check is not None:
            problems.extend(kind.check(read.clean, read.raw, read.source, icons_dir))
        if read.valid and complete and len(problems) == before and read.record_id is not None:
            origin = Origin(read.source, read.raw.line, dict(read.raw.key_lines), read.raw)
            records[read.record_id] = kind.make(read.record_id, values, origin)
        elif read.record_id is not None:
            broken.add(read.record_id)
    return records


def load_site(
    data_dir: Path, root: Path, icons_dir: Path | None = None, cache: ReadCache | None = None
) -> Site:
    """Read, validate and resolve all data; raise DataError listing every problem.

    One pass per kind of `contract.KINDS`, in its order. With `icons_dir` (the theme's icon
    folder), field icons must exist there. With `cache` (the preview's), unchanged files are
    not read again.
    """
    if cache is not None:
        cache.begin()
        try:
            return _load_site(data_dir, root, icons_dir, cache)
        finally:
            cache.end()
    return _load_site(data_dir, root, icons_dir, None)


def _load_site(data_dir: Path, root: Path, icons_dir: Path | None, cache: ReadCache | None) -> Site:
    problems: list[Problem] = []
    found: DataFiles = scan_data_dir(data_dir, _shown(data_dir, root))
    problems.extend(found.problems)
    resolvers: dict[str, _Resolver] = {}
    loaded: dict[str, tuple[Any, ...]] = {}
    for kind in KINDS:
        broken: set[str] = set()
        reads, usable = _read_kind(kind, found, data_dir, root, problems, broken, cache)
        if kind.empty_folder and usable and not reads and not problems:
            message, hint = kind.empty_folder
            problems.append(
                Problem(_shown(data_dir / kind.entry, root), 0, FILE_KEY, message, hint)
            )
        records = _load_kind(kind, reads, resolvers, problems, broken, icons_dir)
        # An unusable file was reported where it is: every id in it is unknown, and one
        # message per reference would bury that one real mistake.
        resolvers[kind.target] = _Resolver(
            kind.reference_label, records, problems, broken, unavailable=not usable
        )
        values = list(records.values())
        loaded[kind.name] = tuple(sorted(values, key=kind.sort) if kind.sort else values)
    if problems:
        raise DataError(problems)
    return Site(**loaded)
