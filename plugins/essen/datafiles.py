"""Which files exist under `data/`: the one table of known entries and the scan of the folder.

Everything under `data/` is either a known entry, a file in a known folder with an allowed
suffix, or reported: a stray file is usually a mistake (a `.yaml` that would silently not be
read, an initiative saved one folder too high), and a link or a pipe must never be followed.
The scan only looks at names and entry types; reading is `yamlsource.safe_read_bytes`, which
checks each file again when it opens it.
"""

from __future__ import annotations

import difflib
import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem
from .rules import IMAGES_DIR, LOGO_SUFFIXES
from .yamlsource import FILE_KEY, entry_problem


@dataclass(frozen=True)
class Entry:
    """A known entry of `data/`: a file, or a folder whose files end in one of `suffixes`."""

    name: str
    folder: bool
    # German, for messages: what belongs there and what to do when it is missing.
    what: str
    missing_hint: str
    suffixes: tuple[str, ...] = (".yml",)
    # False: the entry may be absent (a site without images has no data/images/).
    required: bool = True


KNOWN_ENTRIES: tuple[Entry, ...] = (
    Entry("fields.yml", False, "Liste der Handlungsfelder", "legen Sie die Liste der Handlungsfelder an"),
    Entry("contacts.yml", False, "Liste der Kontakte", "legen Sie die Liste der Kontakte an"),
    Entry("initiatives", True, "je Initiative eine .yml-Datei", "legen Sie den Ordner an und darin je Initiative eine .yml-Datei"),
    Entry("partners", True, "je Partner eine .yml-Datei", "legen Sie den Ordner an und darin je Partner eine .yml-Datei"),
    # Read only when a record names a file (images/reading.py); the names are checked there too.
    Entry(IMAGES_DIR, True, "die Bilder und Logos (JPEG, PNG, WebP, SVG)", "legen Sie den Ordner an", LOGO_SUFFIXES, required=False),
    # Issue 15: both optional; a site without them leaves news and events out.
    Entry("news", True, "je Meldung eine .md-Datei, benannt JJJJ-MM-TT-name.md", "legen Sie den Ordner an", (".md",), required=False),
    Entry("events", True, "je Termin eine .yml-Datei", "legen Sie den Ordner an", required=False),
)  # fmt: skip

# Written by the operating system or by git tooling on its own, invisible to the editor and
# never read: reporting them would fail every build on a Mac for a file nobody created.
# Only regular files are ignored; a link or pipe of that name is still reported.
IGNORED_NAMES = frozenset({".DS_Store", ".gitkeep", ".keep", "Thumbs.db", "desktop.ini"})

BACKUP_SUFFIXES = (".swp", ".swo", ".swx", ".bak", ".orig", ".rej", ".tmp")


@dataclass
class DataFiles:
    """The result of scanning `data/`.

    `files` maps each known file name that is present to its path (not yet checked to be a
    regular file: reading does that); `folders` maps each usable known folder to its candidate
    files, sorted by name; `problems` lists everything else found.
    """

    files: dict[str, Path] = field(default_factory=dict)
    folders: dict[str, list[Path]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def shown_name(name: str) -> str:
    """`name` as messages print it: invisible and undecodable characters as escapes."""
    if name.isprintable():
        # Checked in C; everything `_unsafe` finds is also not printable.
        return name
    return "".join(_escape(char) if _unsafe(char) else char for char in name)


def _unsafe(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co"}
        or 0xFDD0 <= code <= 0xFDEF
        or code & 0xFFFE == 0xFFFE
    )


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        # A byte that is no UTF-8, kept by Python's file-system decoding as a lone surrogate.
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _mode(path: Path) -> int | None:
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return None


def _is_backup(name: str) -> bool:
    lower = name.lower()
    return (
        name.endswith("~")
        or lower.endswith(BACKUP_SUFFIXES)
        or (name.startswith("#") and name.endswith("#"))
        or name.startswith(".#")
    )


def _problem(shown: str, message: str, hint: str) -> Problem:
    return Problem(shown, 0, FILE_KEY, message, hint)


def _list(folder: Path, shown: str, problems: list[Problem]) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        problems.append(
            _problem(
                shown,
                "der Ordner kann nicht gelesen werden",
                "prüfen Sie die Zugriffsrechte des Ordners",
            )
        )
        return []


def scan_data_dir(data_dir: Path, shown_dir: str) -> DataFiles:
    """Classify every entry of `data_dir` (shown as `shown_dir`) and of its known folders."""
    result = DataFiles()
    mode = _mode(data_dir)
    if mode is None:
        result.problems.append(
            _problem(
                shown_dir,
                "der Datenordner fehlt",
                "legen Sie ihn an, mit "
                + ", ".join(e.name + ("/" if e.folder else "") for e in KNOWN_ENTRIES),
            )
        )
        return result
    if not stat.S_ISDIR(mode):
        # A linked data folder would make the build read whatever it points to.
        result.problems.append(
            _problem(shown_dir, "der Datenordner ist kein Ordner", "legen Sie ihn als Ordner an")
            if stat.S_ISREG(mode)
            else entry_problem(mode, shown_dir)
        )
        return result
    known = {entry.name: entry for entry in KNOWN_ENTRIES}
    names = _list(data_dir, shown_dir, result.problems)
    if result.problems:  # unreadable: every entry would be reported as missing
        return result
    for entry in KNOWN_ENTRIES:
        if entry.required and entry.name not in names:
            kind = "der Ordner fehlt" if entry.folder else "die Datei fehlt"
            result.problems.append(_problem(f"{shown_dir}/{entry.name}", kind, entry.missing_hint))
    for name in names:
        path = data_dir / name
        shown = f"{shown_dir}/{shown_name(name)}"
        entry_mode = _mode(path)
        if entry_mode is None:  # removed while scanning
            continue
        if name != shown_name(name):
            result.problems.append(_bad_name(shown))
        elif name in known and not known[name].folder:
            result.files[name] = path
        elif name in known:
            if stat.S_ISDIR(entry_mode):
                result.folders[name] = _scan_folder(path, shown, known[name], result.problems)
            elif stat.S_ISREG(entry_mode):
                result.problems.append(
                    _problem(
                        shown,
                        "ist eine Datei, erwartet wird ein Ordner",
                        f"legen Sie einen Ordner {name}/ an, darin {known[name].what}",
                    )
                )
            else:
                result.problems.append(entry_problem(entry_mode, shown))
        else:
            problem = _stray(name, entry_mode, shown, names, top_level=True)
            if problem is not None:
                result.problems.append(problem)
    return result


def _scan_folder(
    folder: Path, shown_folder: str, entry: Entry, problems: list[Problem]
) -> list[Path]:
    names = _list(folder, shown_folder, problems)
    candidates = []
    for name in names:
        path = folder / name
        shown = f"{shown_folder}/{shown_name(name)}"
        mode = _mode(path)
        if mode is None:
            continue
        if name != shown_name(name):
            problems.append(_bad_name(shown))
        elif (
            name.lower().endswith(entry.suffixes)
            and not name.startswith(".")
            and not _is_backup(name)
        ):
            # Whatever its type: reading refuses a link or pipe and keeps the id as broken,
            # so references to it are not reported a second time.
            candidates.append(path)
        else:
            problem = _stray(name, mode, shown, names, top_level=False, entry=entry)
            if problem is not None:
                problems.append(problem)
    return candidates


def _bad_name(shown: str) -> Problem:
    return _problem(
        shown,
        "der Name enthält unsichtbare Steuerzeichen oder Bytes, die kein UTF-8 sind "
        "(hier als \\x… bzw. \\u… gezeigt)",
        "benennen Sie den Eintrag um, nur mit Buchstaben, Ziffern, Leerzeichen und Bindestrichen",
    )


def _stray(
    name: str,
    mode: int,
    shown: str,
    siblings: list[str],
    top_level: bool,
    entry: Entry | None = None,
) -> Problem | None:
    """The problem with an entry that is not read, None if it is ignored on purpose."""
    # Longer than most functions on purpose: it is one decision table, checked in this order
    # (special files, ignored names, backups, hidden, .yaml, inside a record folder, top level),
    # each with the message an editor reads; split up, the order would be hard to see.
    if stat.S_ISLNK(mode) or not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return entry_problem(mode, shown)
    if name in IGNORED_NAMES and stat.S_ISREG(mode):
        return None
    stem, _, suffix = name.rpartition(".")
    if _is_backup(name):
        return _problem(
            shown,
            "ist eine Sicherungs- oder Zwischendatei eines Editors und wird nicht gelesen",
            "schließen Sie die Datei im Editor oder löschen Sie die Sicherung; gelesen werden "
            "nur .yml-Dateien",
        )
    if name.startswith("."):
        return _problem(
            shown,
            "versteckte Einträge (der Name beginnt mit ».«) werden nicht gelesen",
            "benennen Sie den Eintrag ohne Punkt am Anfang oder löschen Sie ihn",
        )
    # Not in a folder of Markdown files (news/): there a .yml would not be read either.
    if (
        stat.S_ISREG(mode)
        and suffix.lower() == "yaml"
        and stem
        and (entry is None or ".yml" in entry.suffixes)
    ):
        twin = f"{stem}.yml"
        return _problem(
            shown,
            "die Datei wird nicht gelesen, weil sie auf .yaml endet",
            f"neben ihr liegt schon {twin}: übertragen Sie fehlende Angaben dorthin und löschen "
            "Sie diese Datei"
            if twin in siblings
            else f"benennen Sie sie in {twin} um",
        )
    if not top_level:
        assert entry is not None
        if stat.S_ISDIR(mode):
            return _problem(
                shown,
                "Unterordner werden nicht gelesen",
                f"legen Sie die Dateien direkt in den Ordner {entry.name}/ oder löschen Sie den "
                "Unterordner",
            )
        allowed = " oder ".join(entry.suffixes)
        return _problem(
            shown,
            f"die Datei wird nicht gelesen, weil sie nicht auf {allowed} endet",
            f"in {entry.name}/ gehört {entry.what}; benennen Sie die Datei um oder löschen Sie sie",
        )
    known = [e.name for e in KNOWN_ENTRIES if e.folder == stat.S_ISDIR(mode)]
    suggestion = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    listed = ", ".join(e.name + ("/" if e.folder else "") for e in KNOWN_ENTRIES)
    if stat.S_ISDIR(mode):
        return _problem(
            shown,
            f"unbekannter Ordner; gelesen werden nur {listed}",
            f"meinten Sie »{suggestion[0]}«?"
            if suggestion
            else "verschieben Sie den Inhalt in einen der bekannten Ordner oder löschen Sie den Ordner",
        )
    return _problem(
        shown,
        f"unbekannte Datei; gelesen werden nur {listed}",
        f"meinten Sie »{suggestion[0]}«?"
        if suggestion
        else "ist es eine Initiative oder ein Partner, verschieben Sie die Datei nach "
        "initiatives/ oder partners/; sonst löschen Sie sie",
    )
