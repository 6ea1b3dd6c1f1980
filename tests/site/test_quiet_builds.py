"""Quiet builds (issue 12): advisories as one summary line, the full list on request, real errors
last and visible."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from plugins.essen.advisories import (
    STALE,
    UNDATED,
    UNUSED_CONTACT,
    UNUSED_PARTNER,
    Advisory,
    summary_line,
)
from plugins.essen.loading import id_from_filename

from ..conftest import ENV, REPO, TIMEOUT, build, make_project, small_data, write_data

STALE_AFTER_DAYS = 365
ESSEN_INFO = "INFO    -  essen: "
SUMMARY = re.compile(r"^(\d+) Hinweise? zu den Daten \((.+)\) — einzeln anzeigen: (.+)$")
ADVISORY = re.compile(r"^data/[^:]+:\d+: \S+: Hinweis: ")


def advisory_data(today: dt.date) -> dict:
    """Two stale and two undated initiatives, one partner and one contact nobody names."""
    data = small_data()
    initiatives = data["initiatives"]
    initiatives["ofen"]["updated"] = today - dt.timedelta(days=STALE_AFTER_DAYS + 40)
    initiatives["ampel"]["updated"] = today - dt.timedelta(days=STALE_AFTER_DAYS + 1)
    initiatives["zentrum"]["updated"] = today
    data["partners"]["verein"] = {"name": "Verein ohne Initiative", "type": "civil-society"}
    data["contacts"].append(
        {"id": "unbenutzt", "name": "Herr Niemand", "role": "Referent", "organization": "evv"}
    )
    return data


def expected_counts(data: dict, today: dt.date) -> Counter:
    """Advisories per kind, counted from the data itself."""
    counts: Counter = Counter()
    for raw in data["initiatives"].values():
        if "updated" not in raw:
            counts[UNDATED] += 1
        elif (today - raw["updated"]).days > STALE_AFTER_DAYS:
            counts[STALE] += 1
    referenced = {
        ref for raw in data["initiatives"].values() for ref in [*raw.get("partners", [])]
    } | {raw.get("lead") for raw in data["initiatives"].values()}
    counts[UNUSED_PARTNER] = sum(
        id_from_filename(stem) not in referenced for stem in data["partners"]
    )
    named = {ref for raw in data["initiatives"].values() for ref in raw.get("contacts", [])}
    counts[UNUSED_CONTACT] = sum(
        not c.get("leadership") and c["id"] not in named for c in data["contacts"]
    )
    return +counts


def with_options(project: Path, options: dict[str, str]) -> Path:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("\n  - essen\n") == 1
    block = "".join(f"      {key}: {value}\n" for key, value in options.items())
    config.write_text(text.replace("\n  - essen\n", f"\n  - essen:\n{block}"), encoding="utf-8")
    return project


def build_with(project: Path, site: Path, **env: str) -> subprocess.CompletedProcess:
    command = [
        *[sys.executable, "-m", "mkdocs", "build", "--strict"],
        *["-f", str(project / "mkdocs.yml"), "-d", str(site)],
    ]
    clean = {key: value for key, value in ENV.items() if key != "ESSEN_ADVISORIES"}
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=project,
        env={**clean, **env},
        timeout=TIMEOUT,
    )


def essen_check(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "plugins.essen.check", *args, str(project)],
        capture_output=True,
        text=True,
        cwd=project,
        env=ENV,
        timeout=TIMEOUT,
    )


def essen_lines(stderr: str) -> list[str]:
    return [line[len(ESSEN_INFO) :] for line in stderr.splitlines() if line.startswith(ESSEN_INFO)]


@pytest.fixture(scope="module")
def advised(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dt.date]:
    today = dt.date.today()
    data = advisory_data(today)
    project = make_project(tmp_path_factory.mktemp("advised"), lambda d: write_data(d, data))
    return project, data, today


def parse_summary(line: str) -> tuple[int, dict[str, int], str]:
    match = SUMMARY.match(line)
    assert match is not None, line
    parts = {}
    for part in match[2].split(", "):
        count, words = part.split(" ", 1)
        parts[words] = int(count)
    return int(match[1]), parts, match[3]


def test_a_build_prints_one_summary_line_with_counts_per_kind(
    advised: tuple[Path, dict, dt.date], tmp_path: Path
) -> None:
    project, data, today = advised
    result = build_with(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert not [line for line in essen_lines(result.stderr) if ADVISORY.match(line)]
    summaries = [line for line in essen_lines(result.stderr) if SUMMARY.match(line)]
    assert len(summaries) == 1, result.stderr
    total, parts, command = parse_summary(summaries[0])
    counts = expected_counts(data, today)
    assert counts == {UNDATED: 2, STALE: 2, UNUSED_PARTNER: 1, UNUSED_CONTACT: 1}
    assert total == sum(counts.values())
    assert parts == {
        "Initiativen ohne Prüfdatum": counts[UNDATED],
        f"Initiativen seit über {STALE_AFTER_DAYS} Tagen nicht geprüft": counts[STALE],
        "Partner ohne Initiative": counts[UNUSED_PARTNER],
        "Kontakt ohne Initiative": counts[UNUSED_CONTACT],
    }
    # The command the line names lists exactly those advisories.
    assert command == "essen-check --hinweise"
    listed = essen_check(project, "--hinweise")
    assert listed.returncode == 0, listed.stderr
    assert len([line for line in listed.stdout.splitlines() if ADVISORY.match(line)]) == total


def test_essen_check_prints_the_same_summary_by_default(
    advised: tuple[Path, dict, dt.date], tmp_path: Path
) -> None:
    project, _, _ = advised
    result = essen_check(project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and lines[1].startswith("Daten in Ordnung:"), lines
    assert SUMMARY.match(lines[0]), lines
    assert not [line for line in lines if ADVISORY.match(line)]


@pytest.mark.parametrize("how", ["option", "environment"])
def test_the_full_list_on_request(
    advised: tuple[Path, dict, dt.date], tmp_path: Path, how: str
) -> None:
    _, data, _ = advised
    project = make_project(tmp_path, lambda d: write_data(d, data))
    if how == "option":
        with_options(project, {"advisories": "list"})
        result = build_with(project, tmp_path / "site")
    else:
        result = build_with(project, tmp_path / "site", ESSEN_ADVISORIES="list")
    assert result.returncode == 0, result.stderr
    logged = [line for line in essen_lines(result.stderr) if ADVISORY.match(line)]
    assert not [line for line in essen_lines(result.stderr) if SUMMARY.match(line)]
    listed = essen_check(project, "--hinweise").stdout.splitlines()
    assert logged == [line for line in listed if ADVISORY.match(line)]
    assert len(logged) == sum(expected_counts(data, dt.date.today()).values())


def test_an_unknown_environment_value_is_named_in_german(
    advised: tuple[Path, dict, dt.date], tmp_path: Path
) -> None:
    project, _, _ = advised
    result = build_with(project, tmp_path / "site", ESSEN_ADVISORIES="alle")
    # A warning: strict builds stop, so the mistake cannot go unnoticed.
    assert result.returncode == 1
    assert "ESSEN_ADVISORIES=alle ist unbekannt" in result.stderr


def test_a_real_error_comes_after_the_summary_and_is_not_buried(
    advised: tuple[Path, dict, dt.date], tmp_path: Path
) -> None:
    _, data, _ = advised
    project = make_project(tmp_path, lambda d: write_data(d, data))
    (project / "docs" / "kaputt.md").write_text(
        "# Kaputt\n\n[Link ins Leere](gibt-es-nicht.md)\n", encoding="utf-8"
    )
    result = build_with(project, tmp_path / "site")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    summary = next(n for n, line in enumerate(lines) if "Hinweise zu den Daten" in line)
    warning = next(n for n, line in enumerate(lines) if "gibt-es-nicht.md" in line)
    assert summary < warning
    assert not [line for line in lines[summary:] if "Hinweis:" in line]
    # The whole output fits on one screen: the error is among the last lines.
    assert len(lines) - warning <= 5, lines


def test_sample_build_prints_one_line_instead_of_one_per_advisory(tmp_path: Path) -> None:
    """Measured on the repository's own data: the list mode prints every advisory, the default
    only one line for all of them."""
    quiet = build(REPO, tmp_path / "quiet")
    assert quiet.returncode == 0, quiet.stderr
    listed = build_with(REPO, tmp_path / "listed", ESSEN_ADVISORIES="list")
    assert listed.returncode == 0, listed.stderr
    advisories = [line for line in essen_lines(listed.stderr) if ADVISORY.match(line)]
    summaries = [line for line in essen_lines(quiet.stderr) if SUMMARY.match(line)]
    assert len(summaries) == 1
    total, _, _ = parse_summary(summaries[0])
    assert total == len(advisories)
    quiet_lines = quiet.stderr.strip().splitlines()
    listed_lines = listed.stderr.strip().splitlines()
    assert len(listed_lines) - len(quiet_lines) == len(advisories) - 1
    # 45 lines before issue 12; the legal pages are named in not_in_nav, so MkDocs no longer
    # lists them either.
    assert "not included in the" not in quiet.stderr
    assert len(quiet_lines) <= 10, quiet_lines


def test_summary_line_wording() -> None:
    def advisory(kind: str) -> Advisory:
        return Advisory("data/x.yml", 1, "updated", "Hinweis: …", "…", kind=kind)

    assert summary_line([], 30) is None
    assert summary_line([advisory(STALE)], 30) == (
        "1 Hinweis zu den Daten (1 Initiative seit über 30 Tagen nicht geprüft) "
        "— einzeln anzeigen: essen-check --hinweise"
    )
    line = summary_line([advisory(UNUSED_CONTACT)] * 2 + [advisory(UNDATED)], 30)
    assert line == (
        "3 Hinweise zu den Daten (1 Initiative ohne Prüfdatum, 2 Kontakte ohne Initiative) "
        "— einzeln anzeigen: essen-check --hinweise"
    )
