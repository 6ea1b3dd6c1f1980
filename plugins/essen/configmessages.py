"""German messages for mistakes in mkdocs.yml, each on the line to fix.

MkDocs validates mkdocs.yml and reports in English, naming a setting but no line; editors who
touch mkdocs.yml (legal facts, the plugin's options) need the line and the fix. This module
knows the wording of MkDocs' messages that editors meet and turns them into `Problem`s; a message
it does not know keeps MkDocs' text in parentheses behind a German sentence.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path

from .errors import Problem
from .yamlsource import FILE_KEY, syntax_problem

SHOWN = "mkdocs.yml"
PLUGIN = "essen"

_CHECK_HINT = "korrigieren Sie mkdocs.yml; mkdocs build --strict scheitert sonst ebenso"
_TYPES = {"int": "eine ganze Zahl", "str": "einen Text", "bool": "true oder false"}

_PLUGIN_OPTION = re.compile(
    r"^Plugin '(?P<plugin>[^']+)' option '(?P<option>[^']+)': (?P<rest>.*)$"
)
_UNKNOWN_NAME = re.compile(r"^Unrecognised configuration name: (?P<name>.+)$")
_WRONG_TYPE = re.compile(r"^Expected type: <class '(?P<expected>\w+)'> but received: <class '\w+'>")
_NOT_ONE_OF = re.compile(r"^Expected one of: \((?P<choices>.*)\) but received: (?P<value>.*)$")
_NOT_INSTALLED = re.compile(r'^The "(?P<name>[^"]+)" plugin is not installed')
_CUSTOM_DIR = re.compile(r"^The path set in custom_dir \('(?P<path>[^']*)'\) does not exist")
_NO_DIRECTORY = re.compile(r"^The path '(?P<path>[^']*)' isn't an existing directory")
_NO_FILE = re.compile(r"^The path '(?P<path>[^']*)' isn't an existing file")
_INHERIT = re.compile(r"^Inherited config file '(?P<name>[^']*)' does not exist")
_URL = re.compile(r"^The URL isn't valid")
_NOT_A_MAPPING = re.compile(r"^The configuration is invalid\. Expected a key-value mapping")
_OPTIONS_NOT_A_MAPPING = re.compile(r"^Invalid config options for the '(?P<plugin>[^']+)' plugin")
_NO_MODULE = re.compile(r"cannot find module '(?P<module>[^']+)'")
_NO_TEMPLATE = re.compile(r"^'(?P<name>[^']+)' not found in search path: '(?P<path>[^']*)'")
# Where MkDocs' YAML errors say they happened: »in "…/mkdocs.yml", line 9, column 11«.
_YAML_LINE = re.compile(r'in "[^"]*", line (?P<line>\d+)')


def missing_config(folder: Path) -> Problem:
    """essen-check started outside a project: say where it looked."""
    return Problem(
        SHOWN,
        0,
        FILE_KEY,
        f"im Ordner {folder} gibt es keine mkdocs.yml; das ist nicht der Projektordner",
        "wechseln Sie mit »cd« in den Projektordner (dort liegen mkdocs.yml und data/) "
        "oder nennen Sie ihn: essen-check <Projektordner>",
    )


def read_problems(path: Path) -> tuple[str | None, list[Problem]]:
    """The text of mkdocs.yml, or the problems that keep it from being read as YAML."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [
            Problem(
                SHOWN,
                0,
                FILE_KEY,
                f"die Datei kann nicht gelesen werden ({error.strerror or type(error).__name__})",
                "prüfen Sie die Zugriffsrechte der Datei",
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return None, [
            Problem(
                SHOWN,
                line,
                FILE_KEY,
                "die Datei ist nicht UTF-8-kodiert (z. B. ein Umlaut aus Windows-1252)",
                "speichern Sie die Datei im Editor mit der Kodierung UTF-8",
            )
        ]
    problem = syntax_problem(text, SHOWN)
    return (None, [problem]) if problem is not None else (text, [])


def validation_problems(
    text: str, reported: Iterable[tuple[str, object]], options: Iterable[str]
) -> list[Problem]:
    """MkDocs' (setting, message) pairs as German problems; `options` are the plugin's names."""
    known = list(options)
    return [_translate(text, key, str(message), known) for key, message in reported]


def plugin_option_message(text: str, option: str, message: str, options: Iterable[str]) -> str:
    """A message about one of this plugin's options, for MkDocs to print in a build."""
    problem = _option_problem(text, PLUGIN, option, message, list(options))
    return str(problem)


# Longer than most on purpose: one table of MkDocs' English configuration errors and their German
# messages, tried in order; each branch is one known error.
def _translate(text: str, key: str, message: str, options: list[str]) -> Problem:
    match = _PLUGIN_OPTION.match(message)
    if match is not None and key == "plugins":
        if match["plugin"] == PLUGIN:
            return _option_problem(text, PLUGIN, match["option"], match["rest"], options)
        return _option_problem(text, match["plugin"], match["option"], match["rest"], [])
    if (match := _NOT_INSTALLED.match(message)) is not None:
        name = match["name"]
        return Problem(
            SHOWN,
            _line(text, rf"^\s*-\s*{re.escape(name)}\s*:?\s*$"),
            key,
            f"das Plugin »{name}« ist nicht installiert",
            "prüfen Sie die Schreibweise unter plugins; ist sie richtig, installieren Sie die "
            "Abhängigkeiten neu (README, Einrichtung)",
        )
    if (match := _UNKNOWN_NAME.match(message)) is not None:
        name = match["name"]
        return Problem(
            SHOWN,
            _line(text, rf"^{re.escape(name)}\s*:"),
            name,
            f"unbekannte Einstellung »{name}«",
            "prüfen Sie die Schreibweise oder löschen Sie die Zeile",
        )
    if (match := _CUSTOM_DIR.match(message)) is not None:
        return Problem(
            SHOWN,
            _line(text, r"^\s+custom_dir\s*:"),
            "theme.custom_dir",
            f"der Ordner »{Path(match['path']).name}« fehlt",
            "prüfen Sie den Namen (im Projekt heißt er overrides) oder legen Sie den Ordner an",
        )
    if (match := _NO_DIRECTORY.match(message) or _NO_FILE.match(message)) is not None:
        what = "Ordner" if "directory" in message else "Datei"
        return Problem(
            SHOWN,
            _line(text, rf"^{re.escape(key)}\s*:"),
            key,
            f"{'der' if what == 'Ordner' else 'die'} {what} »{Path(match['path']).name}« fehlt",
            f"prüfen Sie den Namen oder legen Sie {'ihn' if what == 'Ordner' else 'sie'} an",
        )
    if (match := _INHERIT.match(message)) is not None:
        return Problem(
            SHOWN,
            _line(text, r"^INHERIT\s*:"),
            "INHERIT",
            f"die Datei »{match['name']}« fehlt",
            "prüfen Sie den Namen hinter INHERIT oder löschen Sie die Zeile",
        )
    if _URL.match(message):
        return Problem(
            SHOWN,
            _line(text, rf"^{re.escape(key)}\s*:"),
            key,
            "die Adresse ist keine gültige Web-Adresse (sie muss mit https:// beginnen)",
            "schreiben Sie die ganze Adresse, z. B. site_url: https://connected.essen.de/",
        )
    if _NOT_A_MAPPING.match(message):
        return Problem(
            SHOWN,
            1,
            FILE_KEY,
            "die Datei enthält keine Einstellungen der Form »name: wert«",
            "stellen Sie mkdocs.yml aus der Versionsverwaltung wieder her (git checkout mkdocs.yml) "
            "und ändern Sie nur einzelne Werte",
        )
    if (match := _OPTIONS_NOT_A_MAPPING.match(message)) is not None:
        plugin = match["plugin"]
        return Problem(
            SHOWN,
            _line(text, rf"^\s*-\s*{re.escape(plugin)}\s*:"),
            f"plugins.{plugin}",
            f"die Einstellungen des Plugins {plugin} stehen nicht als Abschnitt darunter",
            f"schreiben Sie »- {plugin}:« und darunter, weiter eingerückt, je Zeile »name: wert«",
        )
    if (match := _NO_MODULE.search(message)) is not None:
        found = _YAML_LINE.findall(message)
        return Problem(
            SHOWN,
            int(found[-1]) if found else 0,
            FILE_KEY,
            f"die Angabe mit »!!python/name:« nennt das Python-Modul »{match['module']}«, das es "
            "nicht gibt",
            "prüfen Sie die Schreibweise (Vorlage: die Zeile in der Dokumentation von Material "
            "for MkDocs) oder löschen Sie die Zeile",
        )
    if (match := _NO_TEMPLATE.match(message)) is not None:
        return Problem(
            SHOWN,
            _option_line(text, PLUGIN, "templates_dir"),
            f"plugins.{PLUGIN}.templates_dir",
            f"im Ordner »{Path(match['path']).name}« fehlt die Vorlage »{match['name']}«",
            "prüfen Sie templates_dir (im Projekt: overrides/essen) oder löschen Sie die Zeile",
        )
    found = _YAML_LINE.findall(message)
    return Problem(
        SHOWN,
        int(found[-1]) if found else (_line(text, rf"^{re.escape(key)}\s*:") if key else 0),
        key or FILE_KEY,
        f"die Einstellung ist ungültig (MkDocs meldet: {message})",
        _CHECK_HINT,
    )


def _option_problem(
    text: str, plugin: str, option: str, message: str, options: list[str]
) -> Problem:
    line = _option_line(text, plugin, option)
    key = f"plugins.{plugin}.{option}"
    if _UNKNOWN_NAME.match(message):
        close = difflib.get_close_matches(option, options, n=1)
        hint = (
            f"meinten Sie »{close[0]}«? Korrigieren Sie den Namen"
            if close
            else "prüfen Sie die Schreibweise oder löschen Sie die Zeile"
        )
        if options:
            hint += f"; das Plugin {plugin} kennt: {', '.join(options)}"
        return Problem(
            SHOWN, line, key, f"das Plugin {plugin} kennt keine Einstellung »{option}«", hint
        )
    if (match := _WRONG_TYPE.match(message)) is not None:
        expected = _TYPES.get(match["expected"], match["expected"])
        return Problem(
            SHOWN,
            line,
            key,
            f"die Einstellung »{option}« erwartet {expected}",
            f"schreiben Sie hinter »{option}:« {expected}",
        )
    if (match := _NOT_ONE_OF.match(message)) is not None:
        choices = ", ".join(re.findall(r"'([^']*)'", match["choices"]))
        return Problem(
            SHOWN,
            line,
            key,
            f"»{match['value'].strip(chr(39))}« ist für »{option}« nicht erlaubt",
            f"erlaubt sind: {choices}",
        )
    return Problem(
        SHOWN, line, key, f"die Einstellung ist ungültig (MkDocs meldet: {message})", _CHECK_HINT
    )


def line_of_key(text: str, key: str) -> int:
    """The line of the top-level `key` in mkdocs.yml (0 when it is not there)."""
    return _line(text, rf"^{re.escape(key)}\s*:")


def _line(text: str, pattern: str) -> int:
    found = re.search(pattern, text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else 0


def _option_line(text: str, plugin: str, option: str) -> int:
    """The line of `option` under `- plugin:` in the plugins list (0 when not found)."""
    start = re.search(rf"^\s*-\s*{re.escape(plugin)}\s*:\s*$", text, re.MULTILINE)
    if start is None:
        return 0
    found = re.compile(rf"^\s+{re.escape(option)}\s*:", re.MULTILINE).search(text, start.end())
    return text.count("\n", 0, found.start()) + 1 if found else 0
