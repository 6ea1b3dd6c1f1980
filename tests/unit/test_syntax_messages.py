"""German YAML syntax messages on the line the editor must fix (issue 12).

Each case is a real initiative file with one mistake as editors make it. Every case goes
through `read_yaml`; all of them together also go through `essen-check` and `mkdocs build
--strict` in one project, which must report each file on the same line with the same words.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from plugins.essen.yamlsource import FILE_KEY, read_yaml

from ..conftest import ENV, TIMEOUT, build, make_project, write_small_data

# A valid initiative of the small data set, written as an editor writes one by hand.
BASE = """\
title: Smarte Laternen in Rüttenscheid
fields:
  - smart-living
  - smart-energy
status: pilot
summary: Laternen messen Luft und Verkehr und dimmen sich nachts.
description: |
  Im Stadtteil Rüttenscheid testen wir Laternen, die:

  - die Luftqualität messen
  - nachts das Licht dimmen
lead: evv
partners:
  - uni
contacts:
  - projektteam
links:
  - title: Projektseite
    url: https://www.evv.de/
  - title: "Presse: Laternen"
    url: https://www.essen.de/
start: 2024-03
updated: 2025-01-15
"""

# libyaml's own words: none of them may reach an editor.
ENGLISH = re.compile(
    r"found|expected|while|scanning|mapping|token|could not|allowed|stream|indicator", re.I
)


@dataclass(frozen=True)
class Case:
    name: str
    old: str  # replaced once in BASE …
    new: str  # … by this
    marker: str  # the expected line is the first one of the broken text containing this
    phrase: str  # words the message must contain
    key: str = FILE_KEY
    also: tuple[str, str] | None = None  # a second replacement

    @property
    def text(self) -> str:
        text = BASE
        for old, new in [(self.old, self.new), *([self.also] if self.also else [])]:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        return text

    @property
    def line(self) -> int:
        text = self.text
        assert self.marker in text, self.marker
        return text[: text.index(self.marker)].count("\n") + 1


CASES = [
    Case("tab-in-list", "  - smart-energy", "\t- smart-energy", "\t- smart-energy", "Tabulator"),
    Case("tab-before-key", "lead: evv", "\tlead: evv", "\tlead", "Tabulator"),
    Case(
        "colon-missing-on-line-1",
        "title: Smarte",
        "title Smarte",
        "title Smarte",
        "nach »title« fehlt der Doppelpunkt",
    ),
    Case(
        "colon-missing-before-list",
        "partners:\n",
        "partners\n",
        "partners",
        "nach »partners« fehlt der Doppelpunkt",
    ),
    Case(
        "colon-missing-mid-file",
        "status: pilot",
        "status pilot",
        "status pilot",
        "nach »status« fehlt der Doppelpunkt",
    ),
    # The quote is closed only by the next »"« twelve lines below, where libyaml gives up.
    Case(
        "quote-unclosed-closed-later",
        "summary: Laternen messen Luft und Verkehr und dimmen sich nachts.",
        'summary: "Laternen messen Luft und Verkehr und dimmen sich nachts.',
        'summary: "Laternen',
        '»"« am Anfang des Werts wird nicht geschlossen',
    ),
    Case(
        "quote-unclosed-single",
        "title: Smarte Laternen in Rüttenscheid",
        "title: 'Smarte Laternen in Rüttenscheid",
        "title: '",
        "»'« am Anfang des Werts wird nicht geschlossen",
    ),
    Case(
        "quote-unclosed-in-list-item",
        '  - title: "Presse: Laternen"',
        '  - title: "Presse: Laternen',
        '"Presse',
        "wird nicht geschlossen",
    ),
    Case(
        "quote-inside-quotes",
        "title: Smarte Laternen in Rüttenscheid",
        'title: "Das "smarte" Licht"',
        "title:",
        "beendet den Wert zu früh",
    ),
    Case(
        "bracket-unclosed",
        "fields:\n  - smart-living\n  - smart-energy\n",
        "fields: [smart-living, smart-energy\n",
        "fields: [",
        "Klammer »[« wird nicht geschlossen",
    ),
    Case(
        "colon-in-value",
        "summary: Laternen messen Luft",
        "summary: Laternen messen: Luft",
        "summary:",
        "Doppelpunkt mit Leerzeichen",
    ),
    Case(
        "indented-too-far",
        "updated: 2025-01-15",
        "  updated: 2025-01-15",
        "  updated",
        "weiter eingerückt als die Zeile davor",
    ),
    Case(
        "indented-too-little-in-list-item",
        "    url: https://www.evv.de/",
        "   url: https://www.evv.de/",
        "   url: https://www.evv",
        "falsch eingerückt",
    ),
    Case(
        "list-item-left-of-its-list",
        "partners:\n  - uni\n",
        "partners:\n  - uni\n - stadt-essen\n",
        " - stadt-essen",
        "Listeneintrag steht auf der falschen Ebene",
    ),
    Case(
        "list-item-right-of-its-list",
        "fields:\n  - smart-living\n  - smart-energy\n",
        "fields:\n- smart-living\n  - smart-energy\n",
        "  - smart-energy",
        "Listeneintrag steht auf der falschen Ebene",
    ),
    Case(
        "list-item-under-a-value",
        "partners:\n  - uni\n",
        "partners: uni\n  - stadt-essen\n",
        "  - stadt-essen",
        "als Fortsetzung des Werts darüber",
    ),
    Case(
        "duplicate-key",
        "lead: evv\n",
        "lead: evv\nstatus: idea\n",
        "status: idea",
        "steht doppelt in diesem Eintrag (schon in Zeile 5)",
        key="status",
    ),
    # A quoted value over two lines is valid YAML: the mistake further down is the one reported.
    Case(
        "valid-two-line-quote-then-indent",
        "summary: Laternen messen Luft und Verkehr und dimmen sich nachts.\n",
        'summary: "Laternen messen Luft\n  und Verkehr."\n',
        "  updated",
        "weiter eingerückt als die Zeile davor",
        also=("updated: 2025-01-15", "  updated: 2025-01-15"),
    ),
]


def test_the_base_document_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "laternen.yml"
    path.write_text(BASE, encoding="utf-8")
    data, problems = read_yaml(path, "data/initiatives/laternen.yml")
    assert problems == []
    assert isinstance(data, dict) and data["description"].startswith("Im Stadtteil")


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_syntax_mistake_is_reported_in_german_on_the_line_to_fix(
    tmp_path: Path, case: Case
) -> None:
    path = tmp_path / f"{case.name}.yml"
    path.write_text(case.text, encoding="utf-8")
    shown = f"data/initiatives/{case.name}.yml"
    data, problems = read_yaml(path, shown)
    assert len(problems) == 1, [str(p) for p in problems]
    (problem,) = problems
    assert (problem.path, problem.line, problem.key) == (shown, case.line, case.key), str(problem)
    assert case.phrase in problem.message, str(problem)
    assert not ENGLISH.search(f"{problem.message} {problem.hint}"), str(problem)
    if case.key == FILE_KEY:
        assert data is None
        assert problem.message.startswith("YAML-Syntaxfehler: ")
    assert str(problem).startswith(f"{shown}:{case.line}: {case.key}: ")


# The same words through the two commands editors run.

MESSAGE = re.compile(r"(data/initiatives/[^:]+\.yml):(\d+): (\S+): (.+?) — (.+)$")


def broken_project(tmp_path: Path) -> Path:
    def write(data_dir: Path) -> None:
        write_small_data(data_dir)
        # The valid base beside the broken ones: the heuristics must not report it.
        (data_dir / "initiatives" / "laternen.yml").write_text(BASE, encoding="utf-8")
        for case in CASES:
            path = data_dir / "initiatives" / f"{case.name}.yml"
            path.write_text(case.text, encoding="utf-8")

    return make_project(tmp_path, write)


def reported(output: str) -> dict[str, tuple[int, str, str]]:
    found: dict[str, tuple[int, str, str]] = {}
    for text_line in output.splitlines():
        match = MESSAGE.search(text_line)
        if match is not None:
            assert match[1] not in found, f"{match[1]} reported twice"
            found[match[1]] = (int(match[2]), match[3], match[4])
    return found


def assert_every_case_reported(output: str) -> None:
    assert "Traceback" not in output, output
    found = reported(output)
    expected = {f"data/initiatives/{case.name}.yml": case for case in CASES}
    assert set(found) == set(expected), output
    for shown, case in expected.items():
        line, key, what = found[shown]
        assert (line, key) == (case.line, case.key), (shown, found[shown])
        assert case.phrase in what, (shown, what)
        assert not ENGLISH.search(what), what


def test_essen_check_reports_every_mistake_on_its_line(tmp_path: Path) -> None:
    project = broken_project(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "plugins.essen.check", str(project)],
        capture_output=True,
        text=True,
        cwd=project,
        env=ENV,
        timeout=TIMEOUT,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert_every_case_reported(result.stderr)


def test_strict_build_reports_every_mistake_on_its_line(tmp_path: Path) -> None:
    project = broken_project(tmp_path)
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert not (tmp_path / "site").exists()
    assert_every_case_reported(result.stderr)


# --------------------------------------------------------------------------- bounded effort


def timed_read(tmp_path: Path, text: str) -> tuple[float, list]:
    path = tmp_path / "gross.yml"
    path.write_text(text, encoding="utf-8")
    started = time.process_time()
    _, problems = read_yaml(path, "data/initiatives/gross.yml")
    return time.process_time() - started, problems


def test_many_values_over_several_lines_are_checked_in_linear_time(tmp_path: Path) -> None:
    # Each value spans two lines; the lines of the file are split once, not once per value.
    text = "".join(f"k{n}: ein Wert\n  über zwei Zeilen\n" for n in range(6_000))
    assert len(text.encode()) < 1_000_000
    elapsed, problems = timed_read(tmp_path, text)
    assert problems == []
    assert elapsed < 1.0, f"{elapsed:.2f} s CPU"


def test_many_open_quotes_before_a_mistake_cost_a_bounded_number_of_parses(
    tmp_path: Path,
) -> None:
    # Thousands of lines that each open a quoted value (valid: each closes on the next line),
    # then a mistake: trying every one as the unclosed quote would parse the file thousands of
    # times.
    text = 'summary: "a\n  b"\n' * 8_000 + "status idea\nfields: x\n"
    elapsed, problems = timed_read(tmp_path, text)
    assert len(problems) == 1
    assert elapsed < 2.0, f"{elapsed:.2f} s CPU"
