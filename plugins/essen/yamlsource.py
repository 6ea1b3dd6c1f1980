"""Read YAML files safely while keeping the line of every key and list item.

Editors need messages that point at a line, so mappings and lists carry the
lines they were read from; everything else is plain Python data.

Editors are trusted with content, not with the build machine, so reading is bounded
and inert: only regular files inside the data folder are opened (no symbolic links, no
pipes or devices), files are capped in size, and the YAML features editors never need —
anchors, aliases, explicit tags, merge keys, collections as keys, deep nesting, huge
collections — are refused with a message before anything is constructed.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import NamedTuple

import yaml

from .errors import DataError, Problem

FILE_KEY = "(Datei)"

# The biggest data file measured is contacts.yml of the 10,000-initiative benchmark data set
# (33 KB, 200 contacts; the sample data's biggest is fields.yml with 4 KB): 1 MB leaves 30 times
# that and still parses in a fraction of a second.
MAX_FILE_BYTES = 1_000_000
# Data files nest three levels deep (initiative → links → link); 20 leaves room without letting
# the recursive construction run out of stack (libyaml itself stops only at 1,000).
MAX_DEPTH = 20
# Per list or section; 50 times the contacts of the 10,000 benchmark and still checked in well
# under a second.
MAX_ITEMS = 10_000
# More messages of one kind in one file would bury the rest; the first ones show the fix.
MAX_STRUCTURE_PROBLEMS = 10
# Each candidate for an unclosed quote costs one more parse of the file; editors' files have a
# handful of quoted values, and a hostile one must not cost thousands of parses.
MAX_QUOTE_CANDIDATES = 20

_YAML_PROBLEMS_DE = {
    "mapping values are not allowed": "an dieser Stelle ist kein Doppelpunkt erlaubt",
    "could not find expected ':'": "es fehlt ein Doppelpunkt nach dem Schlüssel",
    "found character '\\t' that cannot start any token": "Tabulatorzeichen sind nicht erlaubt",
    "expected <block end>, but found '-'": "der Listeneintrag ist falsch eingerückt",
    "found unexpected end of stream": "die Datei endet mitten in einem Wert",
    "found undefined alias": "unbekannter Verweis (*)",
    "exceeded maximum nesting depth": "zu tief verschachtelt",
    "expected a single document in the stream": "die Datei enthält mehrere Dokumente (»---«)",
    "but found another document": "die Datei enthält mehrere Dokumente (»---«)",
}


class LineDict(dict):
    """A mapping read from YAML; `line` is where it starts, `key_lines` where each key is."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A list read from YAML; `item_lines[i]` is the line of item i."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class InvalidDate(str):
    """A value that looks like a date but is none (e.g. 2024-13-45)."""


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    # (line, key, line of the first occurrence)
    duplicate_keys: list[tuple[int, str, int]]


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        line = key_node.start_mark.line + 1
        if key in mapping:
            loader.duplicate_keys.append((line, key, mapping.key_lines[key]))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = node.start_mark.line + 1
    items.item_lines = [child.start_mark.line + 1 for child in node.value]
    return items


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return InvalidDate(node.value)


def _construct_int(loader: _LineLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:
        # More digits than Python converts (4,300): still a number, and as such the rules
        # refuse it where text belongs or report it out of range where a number does.
        return float("inf")


_LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _line_of_offset(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


# --------------------------------------------------------------------------- opening files

_NOT_REGULAR = (
    (stat.S_ISLNK, "ist eine symbolische Verknüpfung (Link)"),
    (stat.S_ISDIR, "ist ein Ordner, erwartet wird eine Datei"),
    (stat.S_ISFIFO, "ist eine benannte Pipe (FIFO), keine gewöhnliche Datei"),
    (stat.S_ISSOCK, "ist ein Socket, keine gewöhnliche Datei"),
    (stat.S_ISCHR, "ist eine Gerätedatei, keine gewöhnliche Datei"),
    (stat.S_ISBLK, "ist eine Gerätedatei, keine gewöhnliche Datei"),
)


def entry_problem(mode: int, shown_path: str) -> Problem:
    """The problem with an entry of `data/` that is no regular file (its lstat `mode`).

    The message names the entry only: what a link points to is never read or shown.
    """
    for test, what in _NOT_REGULAR:
        if test(mode):
            hint = (
                "ersetzen Sie die Verknüpfung durch die Datei oder den Ordner selbst; "
                "gelesen wird nur, was wirklich im Ordner data/ liegt"
                if test is stat.S_ISLNK
                else "löschen Sie den Eintrag; in data/ gehören nur .yml-Dateien und die "
                "bekannten Ordner"
            )
            return Problem(shown_path, 0, FILE_KEY, what, hint)
    return Problem(
        shown_path, 0, FILE_KEY, "ist keine gewöhnliche Datei", "löschen Sie den Eintrag"
    )


def _refuse(shown_path: str, message: str, hint: str) -> DataError:
    return DataError([Problem(shown_path, 0, FILE_KEY, message, hint)])


def _shown_ancestor(shown_path: str, levels_up: int) -> str:
    if levels_up == 0:
        return shown_path
    parents = PurePosixPath(shown_path).parents
    return parents[levels_up - 1].as_posix() if levels_up <= len(parents) else shown_path


_OPEN_FLAGS = (
    os.O_RDONLY
    # Refuse a link swapped in after the checks below, and never wait for a writer on a FIFO.
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class FileStamp(NamedTuple):
    """What `os.lstat` says of a file, taken before it is read, for the preview's caches of data
    files (loading.ReadCache) and images (images.store). Saving a file changes its size or times
    (the change time even when a program restores the modification time), replacing it (write
    beside, then move) its inode, a link in its place its type, a hard link its link count."""

    device: int
    inode: int
    mode: int
    links: int
    size: int
    modified_ns: int
    changed_ns: int


def file_stamp(path: Path) -> FileStamp | None:
    """The stamp of `path` itself (a link is not followed); None when it cannot be had."""
    try:
        found = os.lstat(path)
    except OSError:
        return None
    return FileStamp(
        found.st_dev,
        found.st_ino,
        found.st_mode,
        found.st_nlink,
        found.st_size,
        found.st_mtime_ns,
        found.st_ctime_ns,
    )


# Longer than most on purpose: the steps of a safe open in their order (lstat every step, open
# with O_NOFOLLOW|O_NONBLOCK, fstat, bounded read), each with its message; split up, a caller
# could take one step without the others.
def safe_read_bytes(
    path: Path, data_dir: Path, shown_path: str, max_bytes: int = MAX_FILE_BYTES
) -> bytes:
    """The content of `path`, a regular file inside `data_dir`, reached without any link.

    Raises `DataError` with one problem naming the offending entry (the data folder itself, a
    folder on the way, or the file) when it is a link, not a regular file, outside `data_dir`,
    unreadable or larger than `max_bytes`; `shown_path` is how the message names `path`.
    """
    # Plain strings, not Path objects: this runs for every one of up to 10,000 files.
    base = os.fspath(data_dir)
    target = os.fspath(path)
    parts = target[len(base) + 1 :].split(os.sep) if target.startswith(base + os.sep) else []
    if not parts or any(part in ("", ".", "..") for part in parts):
        raise _refuse(
            shown_path,
            "die Datei liegt außerhalb des Datenordners und wird nicht gelesen",
            "legen Sie die Datei in den Ordner data/",
        )
    current = base
    for depth in range(len(parts) + 1):
        if depth:
            current = current + os.sep + parts[depth - 1]
        try:
            mode = os.lstat(current).st_mode
        except OSError as error:
            shown = _shown_ancestor(shown_path, len(parts) - depth)
            if isinstance(error, FileNotFoundError):
                raise _refuse(shown, "die Datei fehlt", "legen Sie sie an") from None
            raise _unreadable(shown, error) from None
        is_file = depth == len(parts)
        if stat.S_ISLNK(mode) or (is_file and not stat.S_ISREG(mode)):
            raise DataError([entry_problem(mode, _shown_ancestor(shown_path, len(parts) - depth))])
        if not is_file and not stat.S_ISDIR(mode):
            raise _refuse(
                _shown_ancestor(shown_path, len(parts) - depth),
                "ist kein Ordner",
                "legen Sie die Dateien in den Ordner data/",
            )
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise DataError([entry_problem(stat.S_IFLNK, shown_path)]) from None
        raise _unreadable(shown_path, error) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise DataError([entry_problem(status.st_mode, shown_path)])
        if status.st_size > max_bytes:
            raise _too_big(shown_path, status.st_size, max_bytes)
        chunks = []
        size = 0
        # Read one byte past the cap: the size from fstat is only what the file had then.
        while size <= max_bytes:
            chunk = os.read(descriptor, max_bytes + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:
            raise _too_big(shown_path, size, max_bytes)
        return b"".join(chunks)
    except OSError as error:
        raise _unreadable(shown_path, error) from None
    finally:
        os.close(descriptor)


def _unreadable(shown_path: str, error: OSError) -> DataError:
    reason = (
        "keine Leseberechtigung"
        if error.errno in (errno.EACCES, errno.EPERM)
        else f"Systemfehler {errno.errorcode.get(error.errno or 0, error.errno)}"
    )
    return _refuse(
        shown_path,
        f"die Datei kann nicht gelesen werden ({reason})",
        "prüfen Sie die Zugriffsrechte oder legen Sie die Datei neu an",
    )


def _too_big(shown_path: str, size: int, max_bytes: int) -> DataError:
    return _refuse(
        shown_path,
        f"die Datei ist {_megabytes(size)} groß, erlaubt sind höchstens {_megabytes(max_bytes)}",
        "teilen Sie den Inhalt auf mehrere Dateien auf oder kürzen Sie ihn; "
        "eine Datendatei ist sonst nur wenige Kilobyte groß",
    )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


# --------------------------------------------------------------------------- YAML structure

_CONTINUED_ITEM = (
    "YAML-Syntaxfehler: der Listeneintrag steht auf der falschen Ebene; er wird als "
    "Fortsetzung des Werts darüber gelesen",
    "rücken Sie »-« genau so weit ein wie die anderen Einträge derselben Liste; steht ein Wert "
    "hinter dem Schlüssel (»fields: a«), schreiben Sie jeden Eintrag in eine eigene Zeile mit »- «",
)
_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_SEQUENCE, _MAPPING = yaml.SequenceStartEvent, yaml.MappingStartEvent
_COLLECTION_END = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


# Longer than most on purpose: one hot loop over libyaml's events for every event of every
# file; a helper call per event would cost more than the bounds it enforces.
def _structure_problems(text: str, shown_path: str) -> list[Problem]:
    """YAML features editors never need, found in the event stream before anything is built.

    Refusing anchors and aliases altogether bounds every document by its size (no alias
    bomb); refusing explicit tags keeps values plain text, numbers, dates, lists and sections.
    The loop runs for every event of every file, so the common case (a plain value) takes
    as few steps as possible.
    """
    problems: list[Problem] = []
    # Per open collection: is it a mapping, child nodes so far, and the most it may have
    # (a section's children are its keys and values).
    stack: list[list] = []
    # The file's lines, split once and only if a plain value spans several lines.
    lines: list[str] | None = None

    def add(event: yaml.Event, message: str, hint: str) -> None:
        problems.append(Problem(shown_path, event.start_mark.line + 1, FILE_KEY, message, hint))

    parser = _BaseLoader(text)
    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind in _COLLECTION_END:
                stack.pop()
                continue
            if kind is not _SCALAR and kind is not _SEQUENCE and kind is not _MAPPING:
                if kind is _ALIAS:
                    add(
                        event,
                        f"Verweise mit »*« (hier »*{event.anchor}«) sind nicht erlaubt",
                        "schreiben Sie den Wert an dieser Stelle aus",
                    )
                elif event is None or kind is yaml.StreamEndEvent:
                    break
                continue
            is_key = False
            if stack:
                parent = stack[-1]
                parent[1] += 1
                if parent[1] > parent[2]:
                    add(
                        event,
                        f"die Liste oder der Abschnitt hat mehr als {MAX_ITEMS:,} Einträge".replace(
                            ",", "."
                        ),
                        "teilen Sie die Daten auf; so viele Einträge braucht keine Datendatei",
                    )
                    return problems
                is_key = parent[0] and parent[1] % 2 == 1
            if (
                event.anchor is not None
                or event.tag is not None
                or (is_key and (kind is not _SCALAR or event.value == "<<"))
            ):
                _node_problems(event, is_key, add)
            if kind is _SCALAR:
                # Only a plain value over several lines can have swallowed a list item.
                if not event.style and event.end_mark.line > event.start_mark.line:
                    if lines is None:
                        lines = text.splitlines()
                    item_line = _continued_list_item(lines, event)
                    if item_line is not None:
                        problems.append(Problem(shown_path, item_line, FILE_KEY, *_CONTINUED_ITEM))
            else:
                is_mapping = kind is _MAPPING
                stack.append([is_mapping, 0, 2 * MAX_ITEMS if is_mapping else MAX_ITEMS])
                if len(stack) > MAX_DEPTH:
                    add(
                        event,
                        f"die Daten sind tiefer als {MAX_DEPTH} Ebenen verschachtelt",
                        "prüfen Sie Einrückung und Klammern; Datendateien brauchen höchstens "
                        "drei Ebenen",
                    )
                    return problems
            if len(problems) > MAX_STRUCTURE_PROBLEMS:
                last = problems[MAX_STRUCTURE_PROBLEMS]
                return [
                    *problems[:MAX_STRUCTURE_PROBLEMS],
                    Problem(
                        shown_path,
                        last.line,
                        FILE_KEY,
                        "ab hier folgen weitere solche Stellen "
                        f"(gemeldet sind die ersten {MAX_STRUCTURE_PROBLEMS})",
                        "beheben Sie die genannten und prüfen Sie dann erneut",
                    ),
                ]
    finally:
        parser.dispose()
    return problems


def _continued_list_item(lines: list[str], event: yaml.ScalarEvent) -> int | None:
    """The line of a »- item« that YAML reads as the continuation of a plain value above it.

    Indented less than the first item of its list, or under a key that already has a value, a
    list item silently becomes part of the text (»a - b«); nobody means that.
    """
    first = event.start_mark.line + 1
    continued = lines[first : event.end_mark.line + 1]
    for number, text_line in enumerate(continued, first + 1):
        stripped = text_line.strip()
        if stripped == "-" or stripped.startswith("- "):
            return number
    return None


def _node_problems(event: yaml.NodeEvent, is_key: bool, add: Callable[..., None]) -> None:
    if event.anchor is not None:
        add(
            event,
            f"Anker mit »&« (hier »&{event.anchor}«) sind nicht erlaubt",
            "löschen Sie den Anker; jeder Wert steht dort, wo er gilt",
        )
    tag = event.tag
    if tag is not None:
        add(
            event,
            f"Typangaben mit »!« (hier »{_short_tag(tag)}«) sind nicht erlaubt",
            "löschen Sie die Typangabe; Text, der wie eine Zahl oder ein Datum aussieht, "
            "setzen Sie in Anführungszeichen",
        )
    if not is_key:
        return
    if not isinstance(event, yaml.ScalarEvent):
        add(
            event,
            "als Schlüssel ist nur ein Wort erlaubt, keine Liste und kein Abschnitt",
            "schreiben Sie »schlüssel: wert« je Zeile",
        )
    elif event.value == "<<" and event.implicit[0]:
        # YAML 1.1 merges the section given under a plain `<<` into this one.
        add(
            event,
            "das Zusammenführen von Abschnitten mit »<<« ist nicht erlaubt",
            "schreiben Sie jeden Schlüssel in den Abschnitt, in dem er gilt",
        )


def _short_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


# --------------------------------------------------------------------------- reading


def read_yaml(
    path: Path, shown_path: str, data_dir: Path | None = None
) -> tuple[object, list[Problem]]:
    """Parse one YAML file inside `data_dir` (default: the file's folder).

    Returns (data, problems); data is None when the file is unusable.
    """
    text, problems = _read_text(path, shown_path, data_dir)
    if text is None:
        return None, problems
    return parse_yaml(text, shown_path)


def _read_text(
    path: Path, shown_path: str, data_dir: Path | None
) -> tuple[str | None, list[Problem]]:
    """The file's text, read safely and decoded as UTF-8, or None and why not."""
    try:
        raw = safe_read_bytes(path, data_dir if data_dir is not None else path.parent, shown_path)
    except DataError as error:
        return None, list(error.problems)
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = _line_of_offset(raw, error.start)
        return None, [
            Problem(
                shown_path,
                line,
                FILE_KEY,
                "die Datei ist nicht UTF-8-kodiert (z. B. ein Umlaut aus Windows-1252)",
                "speichern Sie die Datei im Editor mit der Kodierung UTF-8",
            )
        ]


# Longer than most on purpose: one pipeline (structure check, parse, German syntax message) in
# which every step can end the file with one located message.
def parse_yaml(text: str, shown_path: str) -> tuple[object, list[Problem]]:
    """Parse YAML `text` of a data file shown as `shown_path`: (data, problems) as `read_yaml`."""
    loader = None
    try:
        problems = _structure_problems(text, shown_path)
        if problems:
            return None, problems
        loader = _LineLoader(text)
        loader.duplicate_keys = []
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, text, shown_path)]
    except yaml.reader.ReaderError as error:
        return None, [_character_problem(error, text, shown_path)]
    except (yaml.YAMLError, RecursionError, MemoryError) as error:
        # Not expected after the checks above; still a message, never a traceback.
        return None, [
            Problem(
                shown_path,
                1,
                FILE_KEY,
                f"die Datei kann nicht gelesen werden ({type(error).__name__})",
                "prüfen Sie die Datei; vereinfachen Sie ihren Aufbau",
            )
        ]
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        return None, [
            Problem(
                shown_path,
                1,
                FILE_KEY,
                "die Datei ist leer (sie enthält keine Daten, höchstens Kommentare, »---«, »~« "
                "oder »null«)",
                "tragen Sie die Daten ein oder löschen Sie die Datei",
            )
        ]
    problems = [
        Problem(
            shown_path,
            line,
            key,
            f"der Schlüssel steht doppelt in diesem Eintrag (schon in Zeile {earlier})",
            "löschen Sie eine der beiden Zeilen oder führen Sie ihre Werte in einer zusammen; "
            "gelesen würde sonst nur die untere",
        )
        for line, key, earlier in loader.duplicate_keys
    ]
    return data, problems


FRONT_MATTER_FENCE = "---"


class FrontMatter(NamedTuple):
    """A Markdown file with YAML front matter, as read: `data` None when it is unusable."""

    data: object
    body: str  # the text after the closing fence, line breaks as \n
    body_line: int  # the line the body starts on
    problems: list[Problem]


def read_front_matter(path: Path, shown_path: str, data_dir: Path | None = None) -> FrontMatter:
    """Read a Markdown file that starts with YAML front matter between two lines `---`.

    The front matter is parsed with every rule of `read_yaml` (size, no links, no anchors or
    tags) and its keys keep the lines they have in the file, not in the front matter.
    """
    text, problems = _read_text(path, shown_path, data_dir)
    if text is None:
        return FrontMatter(None, "", 1, problems)
    # Split on line feeds only, as YAML counts lines; a carriage return before one is dropped.
    lines = text.split("\n")
    if lines[0].rstrip("\r").rstrip() != FRONT_MATTER_FENCE:
        return _refused(
            shown_path,
            "die Datei beginnt nicht mit dem Vorspann: erwartet wird in der ersten Zeile "
            f"»{FRONT_MATTER_FENCE}«",
            f"schreiben Sie in die erste Zeile »{FRONT_MATTER_FENCE}«, darunter die "
            f"Angaben (title: …, date: …, summary: …), dann wieder eine Zeile "
            f"»{FRONT_MATTER_FENCE}« und danach den Text der Meldung",
        )
    closing = next(
        (
            number
            for number, line in enumerate(lines[1:], 1)
            if line.rstrip("\r").rstrip() == FRONT_MATTER_FENCE
        ),
        None,
    )
    if closing is None:
        return _refused(
            shown_path,
            f"der Vorspann, der in Zeile 1 mit »{FRONT_MATTER_FENCE}« beginnt, wird nicht "
            f"mit einer zweiten Zeile »{FRONT_MATTER_FENCE}« abgeschlossen",
            f"schreiben Sie nach den Angaben (title: …, date: …, summary: …) eine Zeile "
            f"»{FRONT_MATTER_FENCE}«; darunter folgt der Text der Meldung",
        )
    # An empty first line in place of the opening fence: every key keeps its line in the file.
    front = "\n" + "\n".join(lines[1:closing]) + "\n"
    body = "\n".join(line.removesuffix("\r") for line in lines[closing + 1 :])
    body_line = closing + 2
    # Only blank and comment lines (none at all included): nothing for YAML to read.
    if all(not line.strip() or line.lstrip().startswith("#") for line in lines[1:closing]):
        return _refused(
            shown_path,
            "der Vorspann zwischen den Zeilen »---« enthält keine Angaben",
            "tragen Sie zwischen den beiden Zeilen »---« title: …, date: … und summary: … ein",
            body,
            body_line,
        )
    data, problems = parse_yaml(front, shown_path)
    return FrontMatter(data, body, body_line, problems)


def _refused(
    shown_path: str, message: str, hint: str, body: str = "", body_line: int = 1
) -> FrontMatter:
    """A news file whose front matter cannot be read: one problem for the file, at its line 1."""
    return FrontMatter(None, body, body_line, [Problem(shown_path, 1, FILE_KEY, message, hint)])


def syntax_problem(text: str, shown_path: str) -> Problem | None:
    """The first YAML syntax mistake in `text` (any tags allowed), or None.

    For YAML files that are not data, such as mkdocs.yml with its `!ENV` tags: only the syntax
    is checked, with the same German messages as for data files.
    """
    parser = _BaseLoader(text)
    try:
        while parser.get_event() is not None:
            pass
    except yaml.MarkedYAMLError as error:
        return _syntax_problem(error, text, shown_path)
    except yaml.reader.ReaderError as error:
        return _character_problem(error, text, shown_path)
    finally:
        parser.dispose()
    return None


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, shown_path: str) -> Problem:
    line, what, hint = _diagnose(error, text)
    return Problem(shown_path, line, FILE_KEY, f"YAML-Syntaxfehler: {what}", hint)


# --------------------------------------------------------------------------- syntax diagnosis
# libyaml reports where it gave up, which is often a line after the mistake and always in
# English. Each rule below names a mistake editors make, the line they must change and the fix;
# where the line is a guess (an unclosed quote, a missing colon), the guess is confirmed by
# applying the fix to a copy and parsing again.

_INDENT = re.compile(r"^[ \t]*")
# A value that opens with a quote: after »key: «, after »- « or both.
_OPENING_QUOTE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s"'#-][^:#]*:\s+)?(["'])(.*)$""")
_FIRST_WORD = re.compile(r"^\s*(?:-\s+)?([^\s:#]+)")
_FLOW_CONTEXTS = {
    "while parsing a flow sequence": ("[", "]", "die Liste"),
    "while parsing a flow mapping": ("{", "}", "den Abschnitt"),
}
_INDENT_HINT = (
    "rücken Sie die Zeile genau so weit ein wie die anderen Schlüssel desselben Abschnitts "
    "(nur Leerzeichen, meist zwei je Ebene)"
)
_GENERIC_HINT = (
    "prüfen Sie Einrückung (nur Leerzeichen), Doppelpunkte und Anführungszeichen in dieser "
    "und der Zeile davor"
)


def _diagnose(error: yaml.MarkedYAMLError, text: str) -> tuple[int, str, str]:
    """(line, German what, German what to do) of the mistake behind a libyaml error."""
    lines = text.splitlines()
    mark = error.problem_mark or error.context_mark
    line = min(mark.line + 1, max(len(lines), 1)) if mark else 1
    column = mark.column if mark else 0
    problem = str(error.problem or "")
    context = str(error.context or "")
    context_line = error.context_mark.line + 1 if error.context_mark else line

    tab_line = next(
        (n for n, text_line in enumerate(lines[:line], 1) if "\t" in _indent(text_line)), None
    )
    if tab_line is not None or "tab" in problem:
        return (
            tab_line or line,
            "die Zeile ist mit einem Tabulatorzeichen eingerückt; YAML erlaubt dafür nur "
            "Leerzeichen",
            "ersetzen Sie den Tabulator am Zeilenanfang durch Leerzeichen (meist zwei je Ebene); "
            "viele Editoren haben dafür die Einstellung »Leerzeichen statt Tabulatoren«",
        )
    if context.startswith("while scanning a quoted scalar"):
        quote = _char_at(lines, context_line, error.context_mark.column) or '"'
        return (context_line, *_unclosed_quote(quote))
    unclosed = _confirmed_unclosed_quote(lines, line)
    if unclosed is not None:
        quote_line, quote = unclosed
        return (quote_line, *_unclosed_quote(quote))
    if context in _FLOW_CONTEXTS:
        opening, closing, what = _FLOW_CONTEXTS[context]
        return (
            context_line,
            f"die Klammer »{opening}« wird nicht geschlossen",
            f"schließen Sie {what} in derselben Zeile mit »{closing}« und trennen Sie die "
            "Einträge mit Kommas; oder schreiben Sie jeden Eintrag in eine eigene Zeile mit »- «",
        )
    if problem.startswith("could not find expected ':'"):
        return (context_line, *_missing_colon(lines, context_line))
    if problem.startswith("mapping values are not allowed"):
        return _misplaced_colon(lines, line, column)
    if problem.startswith(
        ("did not find expected key", "did not find expected '-'", "expected <block end>")
    ):
        return _misplaced_line(lines, line)
    if "expected a single document" in problem or "but found another document" in context:
        return (
            line,
            "die Datei enthält mehrere Dokumente (eine zweite Zeile »---«)",
            "löschen Sie die Zeile »---«; jede Datei enthält genau einen Eintrag",
        )
    german = next(
        (de for en, de in _YAML_PROBLEMS_DE.items() if problem.startswith(en)),
        "die Zeile ist kein gültiges YAML",
    )
    return line, german, _GENERIC_HINT


def _indent(text_line: str) -> str:
    match = _INDENT.match(text_line)
    return match.group(0) if match else ""


def _char_at(lines: list[str], line: int, column: int) -> str:
    text_line = lines[line - 1] if 0 < line <= len(lines) else ""
    return text_line[column] if 0 <= column < len(text_line) else ""


def _other_quote(quote: str) -> str:
    return "'" if quote == '"' else '"'


def _unclosed_quote(quote: str) -> tuple[str, str]:
    other = _other_quote(quote)
    return (
        f"das Anführungszeichen »{quote}« am Anfang des Werts wird nicht geschlossen",
        f"setzen Sie am Ende des Werts ein zweites »{quote}«; kommt »{quote}« im Text selbst "
        f"vor, setzen Sie den Wert außen in »{other}« oder schreiben Sie im Text „…“",
    )


def _opens_unclosed_quote(text_line: str) -> str | None:
    """The quote character if `text_line` opens a quoted value and does not close it."""
    match = _OPENING_QUOTE.match(text_line)
    if match is None:
        return None
    quote, rest = match.groups()
    # Escaped quotes do not close the value: »\"« inside "…", »''« inside '…'.
    escaped = ("\\\\", '\\"') if quote == '"' else ("''",)
    for pair in escaped:
        rest = rest.replace(pair, "")
    return quote if quote not in rest else None


def _error_line(text: str) -> int | None:
    """The line libyaml stops at in `text`, or None when it parses."""
    parser = _BaseLoader(text)
    try:
        while parser.get_event() is not None:
            pass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return mark.line + 1 if mark else 1
    except yaml.YAMLError:
        return 1
    finally:
        parser.dispose()
    return None


def _confirmed_unclosed_quote(lines: list[str], error_line: int) -> tuple[int, str] | None:
    """An opening quote up to `error_line` that, once closed, moves the error past that line.

    A quoted value may legitimately span lines, so an unbalanced line alone proves nothing;
    closing it on a copy and parsing again tells whether it is the mistake.
    """
    tried = 0
    for number, text_line in enumerate(lines[:error_line], 1):
        quote = _opens_unclosed_quote(text_line)
        if quote is None:
            continue
        tried += 1
        if tried > MAX_QUOTE_CANDIDATES:
            return None
        repaired = [*lines[: number - 1], text_line + quote, *lines[number:]]
        after = _error_line("\n".join(repaired) + "\n")
        if after is None or after > error_line:
            return number, quote
    return None


def _missing_colon(lines: list[str], line: int) -> tuple[str, str]:
    text_line = lines[line - 1] if 0 < line <= len(lines) else ""
    match = _FIRST_WORD.match(text_line)
    word = match.group(1) if match else "schlüssel"
    return (
        f"nach »{word}« fehlt der Doppelpunkt",
        f"schreiben Sie »{word}: …«, also den Doppelpunkt direkt nach dem Schlüssel, dann ein "
        "Leerzeichen und den Wert",
    )


def _content_line_before(lines: list[str], line: int) -> int | None:
    for number in range(line - 1, 0, -1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def _misplaced_colon(lines: list[str], line: int, column: int) -> tuple[int, str, str]:
    """»mapping values are not allowed«: a colon in a value, a missing colon above, or an indent."""
    text_line = lines[line - 1] if 0 < line <= len(lines) else ""
    before = text_line[:column]
    if ": " in before or before.rstrip().endswith(":"):
        return (
            line,
            "im Wert steht ein Doppelpunkt mit Leerzeichen danach; YAML liest ihn als neuen "
            "Schlüssel",
            'setzen Sie den ganzen Wert in Anführungszeichen, z. B. »title: "Essen: vernetzt"«',
        )
    previous = _content_line_before(lines, line)
    if previous is not None:
        previous_text = lines[previous - 1]
        if ":" not in previous_text and not previous_text.lstrip().startswith("-"):
            return (previous, *_missing_colon(lines, previous))
    return (line, "die Zeile ist weiter eingerückt als die Zeile davor", _INDENT_HINT)


def _misplaced_line(lines: list[str], line: int) -> tuple[int, str, str]:
    """A line that fits no open list or section: a list item or key at the wrong level."""
    text_line = lines[line - 1] if 0 < line <= len(lines) else ""
    stripped = text_line.strip()
    match = _OPENING_QUOTE.match(text_line)
    if match is not None and match.group(2).count(match.group(1)) >= 1:
        quote = match.group(1)
        return (
            line,
            f"ein »{quote}« im Text beendet den Wert zu früh",
            f"setzen Sie den Wert außen in »{_other_quote(quote)}« oder schreiben Sie "
            "im Text typografische Anführungszeichen („…“)",
        )
    if stripped == "-" or stripped.startswith("- "):
        return (
            line,
            "der Listeneintrag steht auf der falschen Ebene",
            "rücken Sie »-« genau so weit ein wie die anderen Einträge derselben Liste; über dem "
            "ersten Eintrag steht der Schlüssel der Liste mit Doppelpunkt (z. B. »fields:«)",
        )
    return (line, "die Zeile ist falsch eingerückt", _INDENT_HINT)


def _character_problem(error: yaml.reader.ReaderError, text: str, shown_path: str) -> Problem:
    # libyaml counts the position in bytes of the UTF-8 text.
    line = _line_of_offset(text.encode("utf-8", "surrogatepass"), error.position)
    code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1])
    return Problem(
        shown_path,
        line,
        FILE_KEY,
        f"die Datei enthält das unsichtbare Zeichen U+{code:04X}, das in YAML nicht erlaubt ist",
        "löschen Sie das Zeichen (es kommt meist mit kopiertem Text); Ihr Editor zeigt es oft "
        "als Kästchen oder gar nicht",
    )


def is_date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
