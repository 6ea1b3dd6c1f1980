"""A broken mkdocs.yml (issue 12): German messages with the line, never a traceback, in
`essen-check` and, for the plugin's own options, in the build; the wrong folder is named."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from plugins.essen import check

from ..conftest import ENV, TIMEOUT, build, make_project, write_small_data

MESSAGE = re.compile(r"^mkdocs\.yml(?::(?P<line>\d+))?: (?P<key>\S+): (?P<what>.+) — (?P<hint>.+)$")
# MkDocs' and libyaml's English, which must not be the message.
ENGLISH = re.compile(
    r"Config value|Unrecognised|Expected|does not exist|isn't|not installed|while parsing|"
    r"found character|could not|Traceback"
)


@dataclass(frozen=True)
class Case:
    name: str
    old: str  # replaced once in the project's mkdocs.yml …
    new: str  # … by this
    marker: str  # the expected line is the first line of the result containing this
    key: str
    phrase: str


CASES = [
    Case(
        "unclosed-quote",
        "site_name: CONNECTED.ESSEN\n",
        'site_name: "CONNECTED.ESSEN\n',
        'site_name: "',
        "(Datei)",
        "wird nicht geschlossen",
    ),
    Case(
        "tab",
        "  custom_dir: overrides",
        "\tcustom_dir: overrides",
        "\tcustom_dir",
        "(Datei)",
        "Tabulatorzeichen",
    ),
    Case(
        "unknown-plugin-option",
        "\n  - essen\n",
        "\n  - essen:\n      stale_afterdays: 30\n",
        "stale_afterdays",
        "plugins.essen.stale_afterdays",
        "kennt keine Einstellung »stale_afterdays«",
    ),
    Case(
        "option-of-wrong-type",
        "\n  - essen\n",
        "\n  - essen:\n      stale_after_days: ein Jahr\n",
        "stale_after_days",
        "plugins.essen.stale_after_days",
        "erwartet eine ganze Zahl",
    ),
    Case(
        "option-not-a-choice",
        "\n  - essen\n",
        "\n  - essen:\n      advisories: alle\n",
        "advisories: alle",
        "plugins.essen.advisories",
        "»alle« ist für »advisories« nicht erlaubt",
    ),
    Case(
        "missing-theme-folder",
        "  custom_dir: overrides",
        "  custom_dir: overides",
        "custom_dir",
        "theme.custom_dir",
        "der Ordner »overides« fehlt",
    ),
    Case(
        "missing-inherited-file",
        "site_name: CONNECTED.ESSEN\n",
        "INHERIT: basis.yml\nsite_name: CONNECTED.ESSEN\n",
        "INHERIT",
        "INHERIT",
        "die Datei »basis.yml« fehlt",
    ),
    Case(
        "plugin-not-installed",
        "\n  - essen\n",
        "\n  - essen\n  - essenn\n",
        "- essenn",
        "plugins",
        "das Plugin »essenn« ist nicht installiert",
    ),
    Case(
        "unknown-setting",
        "site_name: CONNECTED.ESSEN\n",
        "site_name: CONNECTED.ESSEN\nsite_titel: Essen\n",
        "site_titel",
        "site_titel",
        "unbekannte Einstellung »site_titel«",
    ),
    Case(
        "site-url-without-scheme",
        "site_url: https://",
        "site_url: ",
        "site_url:",
        "site_url",
        "keine gültige Web-Adresse",
    ),
]


def broken(tmp_path: Path, case: Case) -> tuple[Path, int]:
    project = make_project(tmp_path, write_small_data)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count(case.old) == 1, case.old
    text = text.replace(case.old, case.new)
    config.write_text(text, encoding="utf-8")
    line = text[: text.index(case.marker)].count("\n") + 1
    return project, line


def essen_check(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "plugins.essen.check", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=ENV,
        timeout=TIMEOUT,
    )


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_essen_check_names_the_line_of_mkdocs_yml_in_german(tmp_path: Path, case: Case) -> None:
    project, line = broken(tmp_path, case)
    result = essen_check(project)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr, result.stderr
    messages = [m for text in result.stderr.splitlines() if (m := MESSAGE.match(text))]
    assert len(messages) == 1, result.stderr
    (message,) = messages
    assert (message["line"], message["key"]) == (str(line), case.key), result.stderr
    assert case.phrase in message["what"], result.stderr
    assert not ENGLISH.search(message["what"] + message["hint"]), result.stderr


@pytest.mark.parametrize("name", ["unknown-plugin-option", "option-of-wrong-type"])
def test_the_build_names_the_line_of_a_plugin_option_in_german(tmp_path: Path, name: str) -> None:
    case = next(case for case in CASES if case.name == name)
    project, line = broken(tmp_path, case)
    result = build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"mkdocs.yml:{line}: {case.key}: " in result.stderr, result.stderr
    assert case.phrase in result.stderr


def test_the_unknown_option_message_suggests_the_right_name(tmp_path: Path) -> None:
    project, _ = broken(tmp_path, CASES[2])
    assert "meinten Sie »stale_after_days«?" in essen_check(project).stderr


def test_wrong_folder_is_named(tmp_path: Path) -> None:
    elsewhere = tmp_path / "Dokumente"
    elsewhere.mkdir()
    result = essen_check(elsewhere)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    (message,) = [m for text in result.stderr.splitlines() if (m := MESSAGE.match(text))]
    assert f"im Ordner {elsewhere} gibt es keine mkdocs.yml" in message["what"]
    assert "Projektordner" in message["hint"]


def test_an_unexpected_failure_is_a_sentence_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fail(mkdocs_yml: Path) -> None:
        raise RuntimeError("kaputt")

    monkeypatch.setattr(check, "_validate", fail)
    assert check.main([str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert "Traceback" not in error
    assert "unerwarteten Fehler gestoßen (RuntimeError)" in error
