"""Go-live guard of deploy/publish: no placeholder facts, no example site_url on the live site."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from ..conftest import REPO, Page, line_of, make_project

PUBLISH = REPO / "deploy" / "publish"
SAMPLE_SITE_URL = "https://connected.essen.example/"
REAL_SITE_URL = "https://smartcity.essen.de/"


def publish(project: Path, root: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(PUBLISH), "publish", "--project", str(project),
         "--releases", str(root), *extra],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip


def load_go_live() -> ModuleType:
    spec = importlib.util.spec_from_file_location("essen_go_live", REPO / "deploy" / "go_live.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sample_placeholders() -> dict[str, str]:
    """extra.legal keys whose value in the repo's mkdocs.yml is still a placeholder."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    return {
        key: value
        for key, value in config["extra"]["legal"].items()
        if isinstance(value, str) and value.startswith("[Platzhalter")
    }


@pytest.fixture(scope="module")
def sample_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("golive"))
    shutil.copy2(REPO / "constraints.txt", project / "constraints.txt")
    return project


def filled_in(project: Path, destination: Path) -> Path:
    """A copy of `project` whose mkdocs.yml has real-looking facts and a real site_url."""
    filled = destination / "filled"
    shutil.copytree(project, filled)
    config = filled / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(
        r'^(\s+)(\w+): "\[Platzhalter[^"]*"$',
        lambda match: f'{match[1]}{match[2]}: "Angabe der Stadt für {match[2]}"',
        text,
        flags=re.MULTILINE,
    )
    text = text.replace(f"site_url: {SAMPLE_SITE_URL}", f"site_url: {REAL_SITE_URL}")
    config.write_text(text, encoding="utf-8")
    return filled


def test_the_sample_configuration_is_refused_naming_every_placeholder(
    sample_project: Path, tmp_path: Path
) -> None:
    root = tmp_path / "releases"
    result = publish(sample_project, root)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert "nicht bereit für den Livegang" in result.stderr
    text = (sample_project / "mkdocs.yml").read_text(encoding="utf-8")
    placeholders = sample_placeholders()
    assert len(placeholders) >= 10, "the sample mkdocs.yml should ship its legal placeholders"
    lines = result.stderr.splitlines()
    for key in placeholders:
        expected = f"- mkdocs.yml:{line_of(text, f'{key}:')}: extra.legal.{key}: noch ein Platzhalter"
        assert any(line.startswith(expected) for line in lines), (expected, result.stderr)
    site_url = f"- mkdocs.yml:{line_of(text, 'site_url:')}: site_url: »{SAMPLE_SITE_URL}«"
    assert any(line.startswith(site_url) for line in lines), result.stderr
    # One line per problem, each in the editors' format with what to do after the dash.
    listed = [line for line in lines if line.startswith("- mkdocs.yml:")]
    assert len(listed) == len(placeholders) + 1, listed
    assert all(" — " in line for line in listed), listed
    assert "--allow-placeholders" in result.stderr
    assert "live ist (nichts)" in result.stderr
    assert not root.exists(), "publish created the releases folder before refusing"


def test_allow_placeholders_publishes_and_says_so(sample_project: Path, tmp_path: Path) -> None:
    root = tmp_path / "releases"
    result = publish(sample_project, root, "--allow-placeholders")
    assert result.returncode == 0, result.stderr
    count = len(sample_placeholders()) + 1
    assert (
        f"publish: Warnung: mkdocs.yml enthält noch {count} Platzhalter oder Beispielwerte"
        in result.stderr
    )
    assert "nur für Testsysteme" in result.stderr
    assert (root / "current" / "impressum" / "index.html").is_file()


def test_a_filled_in_configuration_goes_live_without_the_placeholders(
    sample_project: Path, tmp_path: Path
) -> None:
    filled = filled_in(sample_project, tmp_path)
    root = tmp_path / "releases"
    result = publish(filled, root)
    assert result.returncode == 0, result.stderr
    assert "Platzhalter" not in result.stderr
    live = root / "current"
    for page in ("impressum/index.html", "datenschutz/index.html", "barrierefreiheit/index.html"):
        assert "Platzhalter" not in Page(live, page).content.text(), page
    assert "Angabe der Stadt für phone" in Page(live, "impressum/index.html").content.text()


def test_one_placeholder_left_is_the_only_one_listed(sample_project: Path, tmp_path: Path) -> None:
    filled = filled_in(sample_project, tmp_path)
    config = filled / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace(
        '    vat_id: "Angabe der Stadt für vat_id"',
        '    vat_id: "[Platzhalter: USt-IdNr. fehlt noch]"',
    )
    config.write_text(text, encoding="utf-8")
    root = tmp_path / "releases"
    result = publish(filled, root)
    assert result.returncode == 1
    listed = [line for line in result.stderr.splitlines() if line.startswith("- mkdocs.yml:")]
    assert listed == [
        f"- mkdocs.yml:{line_of(text, 'vat_id:')}: extra.legal.vat_id: noch ein Platzhalter: "
        "»[Platzhalter: USt-IdNr. fehlt noch]« — tragen Sie die Angabe der Stadt als einfachen "
        "Text ein"
    ]
    assert not root.exists()


@pytest.mark.parametrize(
    ("site_url", "refused"),
    [
        (SAMPLE_SITE_URL, True),
        ("https://essen.test/", True),
        ("https://vorschau.example/smart/", True),
        ("http://localhost:8000/", True),
        ("https://www.example.org/", True),
        (REAL_SITE_URL, False),
        ("https://www.essen.de/connected-essen/", False),
    ],
)
def test_example_addresses_are_refused(tmp_path: Path, site_url: str, refused: bool) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: X\nsite_url: {site_url}\n", encoding="utf-8")
    keys = [problem.key for problem in load_go_live().go_live_problems(config)]
    assert keys == (["site_url"] if refused else [])


def test_site_url_from_the_environment_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`!ENV` is resolved as MkDocs resolves it: the city's CI may set the address that way."""
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: X\n"
        f'site_url: !ENV [ESSEN_SITE_URL, "{SAMPLE_SITE_URL}"]\n'
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra:\n"
        "  legal:\n"
        "    list:\n"
        "      - fertig\n"
        '      - "[Platzhalter: zweiter Eintrag]"\n',
        encoding="utf-8",
    )
    go_live = load_go_live()
    monkeypatch.delenv("ESSEN_SITE_URL", raising=False)
    problems = go_live.go_live_problems(config)
    assert [(p.line, p.key) for p in problems] == [(2, "site_url"), (10, "extra.legal.list[2]")]
    monkeypatch.setenv("ESSEN_SITE_URL", REAL_SITE_URL)
    assert [p.key for p in go_live.go_live_problems(config)] == ["extra.legal.list[2]"]


def test_a_missing_site_url_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: X\n", encoding="utf-8")
    problems = load_go_live().go_live_problems(config)
    assert [str(p) for p in problems] == [
        "mkdocs.yml: site_url: die Adresse der Website fehlt — tragen Sie die Adresse ein, unter "
        "der die Website öffentlich erreichbar sein wird (ohne sie fehlen Sitemap und kanonische "
        "Links)"
    ]
