"""CI pipelines (.gitlab-ci.yml, GitHub Actions): the commands they run exist and are the README's."""

from __future__ import annotations

import importlib.metadata
import json
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from plugins.essen.errors import Problem

from ..conftest import ENV, REPO, make_project

GITLAB = REPO / ".gitlab-ci.yml"
GITHUB = REPO / ".github" / "workflows" / "pruefen.yml"
MATCHER = REPO / ".github" / "essen-check-matcher.json"
README = REPO / "README.md"
GUIDE = REPO / "REDAKTION.md"
SYSTEM_PROGRAMS = {"apt-get", "python3", "echo"}
CHECKS = [".venv/bin/essen-check", ".venv/bin/mkdocs build --strict"]
PUBLISH_PREFIX = ".venv/bin/python deploy/publish publish --project . --releases"


def gitlab() -> dict:
    return yaml.safe_load(GITLAB.read_text(encoding="utf-8"))


def github() -> dict:
    return yaml.safe_load(GITHUB.read_text(encoding="utf-8"))


def split_commands(lines: list[str]) -> list[str]:
    """Script lines → single commands (a line may chain several with &&)."""
    return [command.strip() for line in lines for command in line.split(" && ")]


def readme_site_setup() -> str:
    """The README's first `sh` block: the site's set-up command on a fresh Debian."""
    fences = [
        token.content.strip()
        for token in MarkdownIt().parse(README.read_text(encoding="utf-8"))
        if token.type == "fence" and token.info.strip() == "sh"
    ]
    return fences[0]


def github_commands() -> list[str]:
    steps = github()["jobs"]["pruefen"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    return split_commands([run for run in runs if not run.startswith("echo ")])


def venv_programs() -> set[str]:
    """What `.venv/bin/` holds after the set-up: the project's console scripts and its deps'."""
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = set(scripts["scripts"])
    names |= {entry.name for entry in importlib.metadata.entry_points(group="console_scripts")}
    return names | {"python", "pip"}


def test_merge_requests_run_essen_check_and_the_strict_build() -> None:
    config = gitlab()
    sources = " ".join(rule["if"] for rule in config["workflow"]["rules"])
    assert '$CI_PIPELINE_SOURCE == "merge_request_event"' in sources
    job = config["daten-pruefen"]
    assert "rules" not in job, "the check must run in every pipeline, merge requests included"
    commands = split_commands(job["script"])
    assert commands[-2:] == CHECKS
    # The set-up is the README's, up to the build it ends with.
    setup = " && ".join(commands[:-2])
    assert readme_site_setup() == f"{setup} && .venv/bin/mkdocs build --strict"
    assert job["image"] == "debian:12" and "Debian 12" in README.read_text(encoding="utf-8")
    readme = README.read_text(encoding="utf-8")
    for check in CHECKS:
        assert check in readme, check


def test_github_runs_the_same_checks_on_pull_requests() -> None:
    workflow = github()
    # YAML 1.1 reads the key `on` as true.
    triggers = workflow.get("on", workflow.get(True))
    assert "pull_request" in triggers
    job = workflow["jobs"]["pruefen"]
    assert job["container"] == gitlab()["daten-pruefen"]["image"]
    assert github_commands() == split_commands(gitlab()["daten-pruefen"]["script"])


def test_the_default_branch_and_the_schedule_publish_with_deploy_publish() -> None:
    job = gitlab()["veroeffentlichen"]
    conditions = " ".join(rule["if"] for rule in job["rules"])
    assert "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" in conditions
    assert '$CI_PIPELINE_SOURCE == "schedule"' in conditions
    assert "merge_request" not in conditions
    assert job["tags"] == ["connected-essen-webserver"]
    commands = split_commands(job["script"])
    publish = [command for command in commands if command.startswith(PUBLISH_PREFIX)]
    assert len(publish) == 1, commands
    assert PUBLISH_PREFIX in README.read_text(encoding="utf-8")
    # Every option the job passes is one publish knows.
    help_text = subprocess.run(
        [sys.executable, str(REPO / "deploy" / "publish"), "publish", "--help"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    options = set(re.findall(r"(--[a-z-]+)", publish[0]))
    assert options >= {"--project", "--releases", "--nginx-headers", "--allow-placeholders"}
    for option in options:
        assert option in help_text, option


def test_the_daily_schedule_is_documented_for_the_events() -> None:
    """Events of yesterday leave the upcoming ones with the next build: the schedule (a UI step in
    GitLab) runs the pipeline, and the pipeline lets a schedule through to the publish job."""
    assert '$CI_PIPELINE_SOURCE == "schedule"' in [
        rule["if"] for rule in gitlab()["workflow"]["rules"]
    ]
    guide = GUIDE.read_text(encoding="utf-8")
    (line,) = [
        line for line in guide.splitlines() if line.startswith("- **Tägliche Neuerstellung**")
    ]
    assert "Pipeline-Zeitpläne" in line and "`0 5 * * *`" in line and "`main`" in line
    assert "Vergangene Termine" in line


def test_every_program_the_pipelines_call_exists() -> None:
    config = gitlab()
    lines = [line for job in ("daten-pruefen", "veroeffentlichen") for line in config[job]["script"]]
    programs = venv_programs()
    commands = split_commands(lines) + github_commands()
    assert len(commands) >= 8
    for command in commands:
        argv = shlex.split(command)
        if argv[0].startswith(".venv/bin/"):
            assert argv[0].removeprefix(".venv/bin/") in programs, command
            if argv[0] == ".venv/bin/python" and not argv[1].startswith("-"):
                script = REPO / argv[1]
                assert script.is_file() and script.stat().st_mode & 0o111, command
        else:
            assert argv[0] in SYSTEM_PROGRAMS, command
    matcher = re.search(
        r'::add-matcher::\$\{\{ github.workspace \}\}/([^"\s]+)"', GITHUB.read_text("utf-8")
    )
    assert matcher and (REPO / matcher[1]) == MATCHER and MATCHER.is_file()


def test_what_the_city_it_sets_up_is_documented() -> None:
    text = GITLAB.read_text(encoding="utf-8")
    guide = GUIDE.read_text(encoding="utf-8")
    variables = set(re.findall(r"\$\{?(ESSEN_[A-Z_]+)", text))
    assert variables == {"ESSEN_RELEASES", "ESSEN_NGINX_HEADERS", "ESSEN_ALLOW_PLACEHOLDERS"}
    for name in [*variables, *gitlab()["veroeffentlichen"]["tags"]]:
        assert f"`{name}`" in guide, name


def matchers() -> dict[str, re.Pattern[str]]:
    config = json.loads(MATCHER.read_text(encoding="utf-8"))
    found = {}
    for matcher in config["problemMatcher"]:
        (pattern,) = matcher["pattern"]
        assert (pattern["file"], pattern["line"], pattern["message"]) == (1, 2, 4)
        found[matcher["severity"]] = re.compile(pattern["regexp"])
    return found


def test_problem_matcher_turns_essen_check_messages_into_annotations(tmp_path: Path) -> None:
    """GitHub's matchers are ECMAScript regexes; these use only what Python's re reads alike."""
    project = make_project(tmp_path)
    victim = sorted((project / "data" / "initiatives").glob("*.yml"))[0]
    text = victim.read_text(encoding="utf-8")
    victim.write_text(re.sub(r"^status: .*$", "status: begonnen", text, flags=re.M), "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "plugins.essen.check", str(project)],
        capture_output=True, text=True, cwd=project, env=ENV, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    error, warning = matchers()["error"], matchers()["warning"]
    annotated = [match for line in result.stderr.splitlines() if (match := error.match(line))]
    assert annotated, result.stderr
    status_line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("status:"))
    assert (f"data/initiatives/{victim.name}", str(status_line), "status") in [
        match.group(1, 2, 3) for match in annotated
    ]
    assert all((project / match[1]).is_file() for match in annotated)
    assert not any(warning.match(line) for line in result.stderr.splitlines())
    hint = str(Problem("data/partners/evv.yml", 2, "name", "Hinweis: auf den Partner verweist "
                       "keine Initiative", "verweisen Sie auf ihn oder löschen Sie ihn"))  # fmt: skip
    assert warning.match(hint) and not error.match(hint)
    whole_file = str(Problem("mkdocs.yml", 0, "(Datei)", "die Konfiguration ist ungültig", "…"))
    assert error.match(whole_file)[2] is None  # type: ignore[index]
