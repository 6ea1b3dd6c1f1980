"""`essen-check`, the installed check command: summary, advisories, `--quiet`, the configurable
age of `updated` (honoured by check and build alike) and the pre-commit hook."""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from plugins.essen.config import EssenConfig
from plugins.essen.loading import id_from_filename

from ..conftest import REPO, build, make_project, small_data, write_data

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
BIN = Path(sys.executable).parent
MESSAGE = re.compile(
    r"^(?P<path>data/[^:]+?)(?::(?P<line>\d+))?: (?P<key>\S+): (?P<what>.+) — (?P<hint>.+)$"
)
BUILD_INFO = "INFO    -  essen: "


def console_script(name: str) -> Path:
    """A console script installed with the project, next to the Python running the tests."""
    script = BIN / name
    assert script.is_file(), f"{name} is not installed: pip install -e ."
    return script


def essen_check(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(console_script("essen-check")), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=ENV,
        timeout=120,
    )


def summary_line(data: dict) -> str:
    return (
        f"Daten in Ordnung: {len(data['fields'])} Handlungsfelder, "
        f"{len(data['initiatives'])} Initiativen, {len(data['partners'])} Partner, "
        f"{len(data['contacts'])} Kontakte."
    )


def advisory_lines(text: str) -> list[str]:
    return [
        line
        for line in text.splitlines()
        if (match := MESSAGE.match(line)) and match["what"].startswith("Hinweis:")
    ]


def located(lines: list[str]) -> set[tuple[str, int, str]]:
    found = set()
    for line in lines:
        match = MESSAGE.match(line)
        assert match is not None and match["line"] is not None, line
        found.add((match["path"], int(match["line"]), match["key"]))
    return found


def line_in(path: Path, startswith: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(startswith))


def set_plugin_options(project: Path, options: dict) -> None:
    """Give the `essen` plugin options in the project's copy of mkdocs.yml."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("\n  - essen\n") == 1
    block = "".join(f"      {key}: {value}\n" for key, value in options.items())
    config.write_text(text.replace("\n  - essen\n", f"\n  - essen:\n{block}"), encoding="utf-8")


# --------------------------------------------------------------------------- valid data


@pytest.fixture(scope="module")
def valid_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    data = small_data()
    return make_project(tmp_path_factory.mktemp("valid"), lambda d: write_data(d, data)), data


def test_valid_data_exits_0_with_a_summary_line(valid_project: tuple[Path, dict]) -> None:
    project, data = valid_project
    result = essen_check(cwd=project)  # no argument: the current folder is the project
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1] == summary_line(data)


def test_project_folder_can_be_given_as_argument(
    valid_project: tuple[Path, dict], tmp_path: Path
) -> None:
    project, data = valid_project
    result = essen_check("--quiet", str(project), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [summary_line(data)]


def test_file_names_from_pre_commit_are_accepted(valid_project: tuple[Path, dict]) -> None:
    project, data = valid_project
    result = essen_check("--quiet", "data/fields.yml", "data/contacts.yml", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [summary_line(data)]


def test_errors_go_to_stderr_and_exit_1(tmp_path: Path) -> None:
    project = make_project(tmp_path, lambda d: write_data(d, small_data()))
    ampel = project / "data" / "initiatives" / "ampel.yml"
    text = ampel.read_text(encoding="utf-8")
    ampel.write_text(text.replace("status: planning", "status: x"), encoding="utf-8")
    result = essen_check(cwd=project)
    assert result.returncode == 1
    assert result.stdout == ""
    problems = [line for line in result.stderr.splitlines() if MESSAGE.match(line)]
    assert located(problems) == {
        ("data/initiatives/ampel.yml", line_in(ampel, "status:"), "status")
    }


# The command's speed is a benchmark figure (python -m benchmarks.check_command), not a timed test.


# --------------------------------------------------------------------------- advisories

STALE_AFTER_DAYS = 30
# The option's default, declared once in config.py; the build and essen-check both read it there.
DEFAULT_STALE_AFTER_DAYS = EssenConfig.stale_after_days.default


def advisory_data(today: dt.date) -> dict:
    """Small data with one of each advisory, and the cases that must not give one."""
    data = small_data()
    initiatives = data["initiatives"]
    initiatives["ofen"]["updated"] = today - dt.timedelta(days=STALE_AFTER_DAYS + 15)
    initiatives["aerztehaus"]["updated"] = today - dt.timedelta(days=STALE_AFTER_DAYS - 10)
    # Exactly the limit is not yet stale.
    initiatives["zentrum"]["updated"] = today - dt.timedelta(days=STALE_AFTER_DAYS)
    data["partners"]["verein"] = {"name": "Verein ohne Initiative", "type": "civil-society"}
    data["contacts"].append(
        {"id": "unbenutzt", "name": "Herr Niemand", "role": "Referent", "organization": "evv"}
    )
    # The leader is named by no initiative: leaders are never reported.
    initiatives["ofen"]["contacts"].remove("leiterin")
    leaders = [c["id"] for c in data["contacts"] if c.get("leadership")]
    assert leaders and not any(
        leader in raw.get("contacts", []) for raw in initiatives.values() for leader in leaders
    )
    return data


def expected_advisories(
    project: Path, data: dict, today: dt.date, stale_after_days: int
) -> set[tuple[str, int, str]]:
    """(path, line, key) of every advisory the data must give, derived from the data."""
    data_dir = project / "data"
    expected = set()
    for stem, raw in data["initiatives"].items():
        path = data_dir / "initiatives" / f"{stem}.yml"
        shown = f"data/initiatives/{stem}.yml"
        if "updated" not in raw:
            expected.add((shown, line_in(path, "title:"), "updated"))
        elif (today - raw["updated"]).days > stale_after_days:
            expected.add((shown, line_in(path, "updated:"), "updated"))
    referenced = {
        ref
        for raw in data["initiatives"].values()
        for ref in [*raw.get("partners", []), raw.get("lead")]
    }
    for stem in data["partners"]:
        if id_from_filename(stem) not in referenced:
            expected.add((f"data/partners/{stem}.yml", 1, "name"))
    named = {ref for raw in data["initiatives"].values() for ref in raw.get("contacts", [])}
    for contact in data["contacts"]:
        if not contact.get("leadership") and contact["id"] not in named:
            line = line_in(data_dir / "contacts.yml", f"- id: {contact['id']}")
            expected.add(("data/contacts.yml", line, contact["id"]))
    return expected


@pytest.fixture(scope="module")
def advisory_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dt.date]:
    today = dt.date.today()
    data = advisory_data(today)
    project = make_project(tmp_path_factory.mktemp("advisories"), lambda d: write_data(d, data))
    set_plugin_options(project, {"stale_after_days": STALE_AFTER_DAYS})
    return project, data, today


def test_check_prints_every_advisory_and_exits_0(
    advisory_project: tuple[Path, dict, dt.date],
) -> None:
    project, data, today = advisory_project
    result = essen_check("--hinweise", cwd=project)
    assert result.returncode == 0, result.stderr
    advisories = advisory_lines(result.stdout)
    expected = expected_advisories(project, data, today, STALE_AFTER_DAYS)
    # one of each kind: missing, stale, unreferenced partner, unreferenced contact
    assert {key for _, _, key in expected} >= {"updated", "name", "unbenutzt"}
    assert len(expected) == len(advisories)
    assert located(advisories) == expected
    assert result.stdout.splitlines()[-1] == summary_line(data)
    assert not any("leiterin" in line for line in advisories)
    stale = [line for line in advisories if "nicht geprüft" in line]
    assert len(stale) == 1
    assert f"seit {STALE_AFTER_DAYS + 15} Tagen" in stale[0]
    assert f"Grenze: {STALE_AFTER_DAYS} Tage" in stale[0]
    assert f"updated: {today.isoformat()}" in stale[0]


def test_quiet_hides_advisories(advisory_project: tuple[Path, dict, dt.date]) -> None:
    project, data, _ = advisory_project
    result = essen_check("--quiet", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [summary_line(data)]


def test_default_age_applies_without_the_option(
    advisory_project: tuple[Path, dict, dt.date], tmp_path: Path
) -> None:
    _, data, today = advisory_project
    project = make_project(tmp_path, lambda d: write_data(d, data))
    assert "stale_after_days" not in (project / "mkdocs.yml").read_text(encoding="utf-8")
    result = essen_check("--hinweise", cwd=project)
    assert result.returncode == 0, result.stderr
    expected = expected_advisories(project, data, today, DEFAULT_STALE_AFTER_DAYS)
    assert located(advisory_lines(result.stdout)) == expected
    assert not any("nicht geprüft" in line for line in advisory_lines(result.stdout))


def test_check_and_build_have_the_same_default_age() -> None:
    config = EssenConfig()
    config.load_dict({})
    failed, warnings = config.validate()
    assert not failed and not warnings
    assert config.stale_after_days == DEFAULT_STALE_AFTER_DAYS
    assert STALE_AFTER_DAYS + 15 < DEFAULT_STALE_AFTER_DAYS  # the stale case depends on the option


def test_advisories_are_info_lines_of_a_strict_build_that_succeeds(
    advisory_project: tuple[Path, dict, dt.date], tmp_path: Path
) -> None:
    project, data, _ = advisory_project
    # Listed one by one on request only (the default is one summary line: test_quiet_builds.py).
    project = make_project(tmp_path / "listed", lambda d: write_data(d, data))
    set_plugin_options(project, {"stale_after_days": STALE_AFTER_DAYS, "advisories": "list"})
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    logged = [
        line[len(BUILD_INFO) :]
        for line in result.stderr.splitlines()
        if line.startswith(BUILD_INFO) and "Hinweis:" in line
    ]
    checked = advisory_lines(essen_check("--hinweise", cwd=project).stdout)
    # The build honours stale_after_days just like the check: the same lines, word for word.
    assert logged == checked
    assert any(f"Grenze: {STALE_AFTER_DAYS} Tage" in line for line in logged)


# --------------------------------------------------------------------------- pre-commit


@pytest.fixture(scope="module")
def hook() -> dict:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    (definition,) = hooks
    for key in ("id", "name", "entry", "language"):
        assert isinstance(definition.get(key), str) and definition[key], key
    return definition


def test_pre_commit_hook_runs_the_installed_check_on_data_changes(hook: dict) -> None:
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "scripts"
    ]
    command, *_ = shlex.split(hook["entry"])
    assert scripts[command] == "plugins.essen.check:main"
    # pre-commit installs the repo with pip for `language: python`, which provides the script.
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path in ("data/fields.yml", "data/initiatives/Grün & Co.yml", "data/partners/evv.yml"):
        assert files.search(path), path
    assert files.search("mkdocs.yml")
    for path in ("docs/index.md", "plugins/essen/rules.py", "overrides/essen/initiative.html"):
        assert not files.search(path), path


def test_local_pre_commit_config_uses_the_same_hook(hook: dict) -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local = [h for repo in config["repos"] for h in repo["hooks"] if h["id"] == hook["id"]]
    assert len(local) == 1
    for key in ("files", "pass_filenames"):
        assert local[0][key] == hook[key], key
    # Here the hook runs ./pruefen (the project's venv by full path, since pre-commit's PATH
    # lacks it); elsewhere pre-commit installs essen-check itself. Same check, same options.
    local_program, *local_args = shlex.split(local[0]["entry"])
    program, *args = shlex.split(hook["entry"])
    assert local_args == args
    assert local_program == "./pruefen" and program == "essen-check"
    assert 'exec "$bin/essen-check" "$@"' in (REPO / "pruefen").read_text(encoding="utf-8")


def run_hook_entry(hook: dict, cwd: Path) -> subprocess.CompletedProcess:
    command, *args = shlex.split(hook["entry"])
    return subprocess.run(
        [str(console_script(command)), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=ENV,
        timeout=120,
    )


def test_pre_commit_entry_passes_on_the_repo(hook: dict) -> None:
    result = run_hook_entry(hook, REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    assert not advisory_lines(result.stdout)  # --quiet: a commit shows errors only
    assert result.stdout.startswith("Daten in Ordnung:")


def test_pre_commit_entry_blocks_broken_data(hook: dict, tmp_path: Path) -> None:
    project = make_project(tmp_path, lambda d: write_data(d, small_data()))
    (project / "data" / "initiatives" / "neu.yml").write_text("title: Neu\n", encoding="utf-8")
    result = run_hook_entry(hook, project)
    assert result.returncode == 1
    assert located([line for line in result.stderr.splitlines() if MESSAGE.match(line)]) == {
        ("data/initiatives/neu.yml", 1, key) for key in ("fields", "status", "summary")
    }
