"""Read YAML files while keeping the line of every key and list item.

Editors need messages that point at a line, so mappings and lists carry the
lines they were read from; everything else is plain Python data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from .errors import Problem

FILE_KEY = "(Datei)"

_YAML_PROBLEMS_DE = {
    "mapping values are not allowed": "an dieser Stelle ist kein Doppelpunkt erlaubt",
    "could not find expected ':'": "es fehlt ein Doppelpunkt nach dem Schlüssel",
    "found character '\\t' that cannot start any token": "Tabulatorzeichen sind nicht erlaubt",
    "expected <block end>, but found '-'": "der Listeneintrag ist falsch eingerückt",
    "found unexpected end of stream": "die Datei endet mitten in einem Wert",
    "found undefined alias": "unbekannter Verweis (*)",
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
    duplicate_keys: list[tuple[int, str]]


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
            loader.duplicate_keys.append((line, key))
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


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _line_of_offset(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def read_yaml(path: Path, shown_path: str) -> tuple[object, list[Problem]]:
    """Parse one YAML file. Returns (data, problems); data is None when unusable."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
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
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return None, [
            Problem(
                shown_path,
                1,
                FILE_KEY,
                "die Datei ist leer",
                "tragen Sie die Daten ein oder löschen Sie die Datei",
            )
        ]
    loader = _LineLoader(text)
    loader.duplicate_keys = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark and str(error.problem or "").startswith(
            "found unexpected end of stream"
        ):
            # An unclosed quote or bracket: point at where it opened, not at the end of the file.
            mark = error.context_mark
        line = mark.line + 1 if mark else 1
        problem = str(error.problem or error.context or "unbekannter Fehler")
        german = next((de for en, de in _YAML_PROBLEMS_DE.items() if problem.startswith(en)), None)
        what = (
            f"YAML-Syntaxfehler: {german} ({problem})"
            if german
            else f"YAML-Syntaxfehler: {problem}"
        )
        return None, [
            Problem(
                shown_path,
                line,
                FILE_KEY,
                what,
                "prüfen Sie Einrückung (nur Leerzeichen), Doppelpunkte und Anführungszeichen in dieser und der Zeile davor",
            )
        ]
    except yaml.YAMLError as error:
        return None, [
            Problem(shown_path, 1, FILE_KEY, f"YAML-Fehler: {error}", "prüfen Sie die Datei")
        ]
    finally:
        loader.dispose()
    problems = [
        Problem(
            shown_path,
            line,
            key,
            "der Schlüssel steht doppelt in diesem Eintrag",
            "löschen Sie eine der beiden Zeilen",
        )
        for line, key in loader.duplicate_keys
    ]
    return data, problems


def is_date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
