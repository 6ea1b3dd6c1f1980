"""The editors' commands from REDAKTION.md, run as the guide names them, without the venv on PATH.

The guide's code blocks are read with markdown-it-py; each Linux command runs in a copy of the
project whose `.venv` is the repository's (a link), with a PATH that lacks it. PowerShell is not
installable here (no Debian package), so the `.ps1` scripts are read and compared with the shell
scripts: same program of the venv, same fixed arguments.
"""

from __future__ import annotations

import re
import shlex
import shutil
import signal
import subprocess
import urllib.request
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from ..conftest import (
    REPO,
    free_port,
    make_project,
    sigint_as_in_a_terminal,
    wait_until_listening,
)

GUIDE = REPO / "REDAKTION.md"
README = REPO / "README.md"
WRAPPERS = ("vorschau", "pruefen", "formular-editor")
CLEAN_PATH = "/usr/bin:/bin"
# Programs the guide may call that the system provides, not this project.
SYSTEM_COMMANDS = {"git", "python3", "sudo", "cd"}
WINDOWS_SYSTEM_COMMANDS = {"git", "py", "cd", "winget", "Set-ExecutionPolicy"}
TIMEOUT = 180


def code_blocks(language: str) -> list[tuple[str, str]]:
    """(`section › subsection` above it, content) of every fenced block of `language`."""
    tokens = MarkdownIt().parse(GUIDE.read_text(encoding="utf-8"))
    titles: dict[str, str] = {}
    heading, found = "", []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            titles[token.tag] = tokens[index + 1].content
            if token.tag == "h2":
                titles.pop("h3", None)
            heading = " › ".join(titles[tag] for tag in ("h2", "h3") if tag in titles)
        elif token.type == "fence" and token.info.strip() == language:
            found.append((heading, token.content))
    return found


def commands(language: str) -> list[tuple[str, str]]:
    """(heading, command line) of every command in the guide's blocks of `language`."""
    return [
        (heading, line.strip())
        for heading, content in code_blocks(language)
        for line in content.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def command_under(command: str, language: str = "bash") -> list[str]:
    """The one command of `language` the guide gives for one of the three everyday tasks."""
    heading = f"Die drei Befehle › {command}"
    found = [line for title, line in commands(language) if title == heading]
    assert len(found) == 1, f"REDAKTION.md: one {language} command under »{heading}«: {found}"
    # PowerShell paths use backslashes, which POSIX quoting rules would eat.
    return found[0].split() if language == "powershell" else shlex.split(found[0])


def clean_env(home: Path) -> dict[str, str]:
    """What a fresh terminal has: no venv on PATH, no VIRTUAL_ENV."""
    home.mkdir(parents=True, exist_ok=True)
    env = {"PATH": CLEAN_PATH, "HOME": str(home), "LANG": "C.UTF-8"}
    assert shutil.which("essen-check", path=CLEAN_PATH) is None, "the venv is on the clean PATH"
    assert shutil.which("mkdocs", path=CLEAN_PATH) is None
    return env


def editor_copy(tmp_dir: Path, with_venv: bool = True) -> Path:
    """The project as an editor's clone has it: data, config, wrappers, the set-up's .venv."""
    project = make_project(tmp_dir)
    for name in WRAPPERS:
        for file in (name, f"{name}.ps1"):
            shutil.copy2(REPO / file, project / file)
    shutil.copy2(REPO / ".pre-commit-config.yaml", project / ".pre-commit-config.yaml")
    if with_venv:
        (project / ".venv").symlink_to(REPO / ".venv")
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return editor_copy(tmp_path_factory.mktemp("editor"))


def run(argv: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT)


# --------------------------------------------------------------------------- the guide itself


def test_every_command_in_the_guide_exists() -> None:
    console_scripts = {"python", "pip", "mkdocs", "essen-check", "pre-commit"}
    linux = commands("bash")
    assert len(linux) >= 8, linux
    for heading, line in linux:
        program = shlex.split(line)[0]
        if program.startswith("./"):
            file = REPO / program[2:]
            assert file.is_file() and file.stat().st_mode & 0o111, (heading, line)
            assert file.read_text(encoding="utf-8").startswith("#!/bin/sh\n"), line
        elif program.startswith(".venv/bin/"):
            assert program.removeprefix(".venv/bin/") in console_scripts, (heading, line)
        else:
            assert program in SYSTEM_COMMANDS, (heading, line)
    windows = commands("powershell")
    assert len(windows) >= 6, windows
    for heading, line in windows:
        program = line.split()[0]
        if program.startswith(".\\"):
            assert (REPO / program[2:]).is_file() and program.endswith(".ps1"), (heading, line)
        elif program.startswith(".venv\\Scripts\\"):
            assert program.removeprefix(".venv\\Scripts\\") in console_scripts, (heading, line)
        else:
            assert program in WINDOWS_SYSTEM_COMMANDS, (heading, line)


def test_the_guide_installs_as_the_readme_does() -> None:
    """The editors' set-up is the README's (venv, pinned install), in both shells."""
    readme = README.read_text(encoding="utf-8")
    linux = [
        line for title, line in commands("bash") if title == "Einmal einrichten › Linux und macOS"
    ]
    windows = [
        line
        for title, line in commands("powershell")
        if title == "Einmal einrichten › Windows (PowerShell)"
    ]
    venv, install = "python3 -m venv .venv", ".venv/bin/pip install -e . -c constraints.txt"
    assert f"{venv} && {install}" in readme
    assert linux[-2:] == [venv, install], linux
    assert "py -m venv .venv" in windows
    assert ".venv\\Scripts\\pip install -e . -c constraints.txt" in windows
    for title in ("Vorschau starten", "Daten prüfen", "Formular-Editor starten"):
        assert command_under(title)[0].startswith("./"), title
        assert command_under(title, "powershell")[0] == (
            f".\\{command_under(title)[0][2:]}.ps1"
        ), title


# --------------------------------------------------------------------------- running them


def test_pruefen_checks_the_data_without_the_venv_on_path(project: Path, tmp_path: Path) -> None:
    argv = command_under("Daten prüfen")
    env = clean_env(tmp_path / "home")
    result = run(argv, project, env)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^Daten in Ordnung: \d+ Handlungsfelder", result.stdout, re.MULTILINE)
    # From another folder it still checks its own project (the wrapper knows where it lives).
    elsewhere = run([str(project / argv[0])], tmp_path, env)
    assert elsewhere.returncode == 0, elsewhere.stderr
    assert "Daten in Ordnung" in elsewhere.stdout


def test_pruefen_reports_a_data_mistake_in_german(tmp_path: Path) -> None:
    project = editor_copy(tmp_path)
    victim = sorted((project / "data" / "initiatives").glob("*.yml"))[0]
    text = victim.read_text(encoding="utf-8")
    victim.write_text(re.sub(r"^status: .*$", "status: begonnen", text, flags=re.M), "utf-8")
    result = run(command_under("Daten prüfen"), project, clean_env(tmp_path / "home"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("status:"))
    assert f"data/initiatives/{victim.name}:{line}: status: »begonnen« ist kein erlaubter Wert" in (
        result.stderr
    )


def test_vorschau_serves_the_site_until_stopped(project: Path, tmp_path: Path) -> None:
    port = free_port()
    argv = [*command_under("Vorschau starten"), "-a", f"127.0.0.1:{port}"]
    log = tmp_path / "vorschau.log"
    with log.open("wb") as handle:
        process = subprocess.Popen(
            argv, cwd=project, env=clean_env(tmp_path / "home"), stdout=handle,
            stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=sigint_as_in_a_terminal,
        )  # fmt: skip
    try:
        wait_until_listening(process, port, log, deadline_seconds=TIMEOUT)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            assert response.status == 200
            assert "CONNECTED.ESSEN" in response.read().decode("utf-8")
        # Ctrl+C, as the guide says.
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0, log.read_text(errors="replace")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "WARNING" not in log.read_text(errors="replace")


def test_formular_editor_reaches_the_form_editor(project: Path, tmp_path: Path) -> None:
    """Its help only: starting it for real (decap-server and the preview) is the CMS's test."""
    result = run([*command_under("Formular-Editor starten"), "--help"], project,
                 clean_env(tmp_path / "home"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "plugins.essen.cms serve" in result.stdout


@pytest.mark.parametrize("name", WRAPPERS)
def test_without_the_set_up_each_command_says_what_to_do(tmp_path: Path, name: str) -> None:
    project = editor_copy(tmp_path, with_venv=False)
    result = run([f"./{name}"], project, clean_env(tmp_path / "home"))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"{name}: In {project} fehlt die Programmumgebung .venv – richten Sie sie einmal ein "
        "(REDAKTION.md, Abschnitt »Einmal einrichten«)."
    )
    assert "## Einmal einrichten" in GUIDE.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- PowerShell


SH_CALL = re.compile(r'^exec "\$bin/(?P<program>[\w.-]+)"(?P<args>[^\n]*?) "\$@"$', re.M)
PS_CALL = re.compile(r'^\s*& "\$venv\\(?P<program>[\w.-]+)\.exe"(?P<args>[^\n]*?) @args$', re.M)


@pytest.mark.parametrize("name", WRAPPERS)
def test_powershell_scripts_call_what_the_shell_scripts_call(name: str) -> None:
    shell = (REPO / name).read_text(encoding="utf-8")
    raw = (REPO / f"{name}.ps1").read_bytes()
    # Windows PowerShell 5.1 reads a script without byte order mark as ANSI: ASCII only.
    assert raw.isascii(), f"{name}.ps1 has non-ASCII bytes"
    powershell = raw.decode("ascii")
    shell_calls, ps_calls = SH_CALL.findall(shell), PS_CALL.findall(powershell)
    assert len(shell_calls) == 1 and len(ps_calls) == 1, (shell_calls, ps_calls)
    assert shell_calls[0][0] == ps_calls[0][0], (shell_calls, ps_calls)
    assert shlex.split(shell_calls[0][1]) == shlex.split(ps_calls[0][1])
    assert "$venv = Join-Path $PSScriptRoot '.venv\\Scripts'" in powershell
    assert "Push-Location -LiteralPath $PSScriptRoot" in powershell
    assert "exit $LASTEXITCODE" in powershell
    # The same environment: both silence Material's banner, or neither does.
    assert ("export NO_MKDOCS_2_WARNING=1" in shell) == (
        "$env:NO_MKDOCS_2_WARNING = '1'" in powershell
    )


# --------------------------------------------------------------------------- pre-commit


def test_pre_commit_hook_runs_without_the_venv_on_path(tmp_path: Path) -> None:
    """`pre-commit run` as a commit starts it, from a shell that never activated the venv."""
    project = editor_copy(tmp_path)
    env = {**clean_env(tmp_path / "home"), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit")}
    (project / ".gitignore").write_text(".venv\nsite/\n", encoding="utf-8")
    for argv in (["git", "init", "-q"], ["git", "add", "-A"]):
        subprocess.run(argv, cwd=project, env=env, check=True, capture_output=True)
    pre_commit = [str(REPO / ".venv" / "bin" / "pre-commit"), "run", "--all-files"]
    result = run(pre_commit, project, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^CONNECTED\.ESSEN-Daten prüfen\.+Passed$", result.stdout, re.M), (
        result.stdout
    )
    # The hook really checks: a mistake stops it, with the German message.
    fields = project / "data" / "fields.yml"
    fields.write_text(fields.read_text(encoding="utf-8") + "- id: Kaputt\n", encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=project, env=env, check=True)
    result = run(pre_commit, project, env)
    assert result.returncode == 1
    assert re.search(r"^CONNECTED\.ESSEN-Daten prüfen\.+Failed$", result.stdout, re.M)
    assert "data/fields.yml:" in result.stdout
    assert "Traceback" not in result.stdout
