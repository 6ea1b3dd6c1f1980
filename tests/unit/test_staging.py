"""A failed build never leaves a half-written site (issue 9): `mkdocs build` writes into a staging
folder that replaces the site folder only when the whole build succeeded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from plugins.essen.staging import STAGING_MARK, move_into_place, staging_dir

from ..conftest import assert_built, build, make_project, snapshot, write_small_data


def finished_pid() -> int:
    """The id of a process that has ended (a killed build's staging folder carries one)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_failure_after_writing_began_leaves_the_site_exactly_as_it_was(tmp_path: Path) -> None:
    project = make_project(tmp_path, write_small_data)
    assert_built(build(project))
    site_dir = project / "site"
    before = snapshot(site_dir)
    # A broken link is only found while pages are written; strict mode fails the build at its end.
    (project / "docs" / "impressum.md").write_text(
        "---\ntitle: Impressum\n---\n\n# Impressum\n\n[kaputt](gibt-es-nicht.md)\n",
        encoding="utf-8",
    )
    (project / "data" / "initiatives" / "zentrum.yml").unlink()
    result = build(project)
    assert result.returncode != 0
    assert "gibt-es-nicht.md" in result.stderr
    assert snapshot(site_dir) == before
    assert not list(project.glob(f".site{STAGING_MARK}*")), "the staging folder was left behind"


def test_a_whole_build_replaces_the_site_and_leaves_no_staging_folder(tmp_path: Path) -> None:
    project = make_project(tmp_path, write_small_data)
    site_dir = project / "site"
    site_dir.mkdir()
    (site_dir / "veraltet.html").write_text("alt", encoding="utf-8")
    killed = project / f".site{STAGING_MARK}{finished_pid()}"
    killed.mkdir()
    (killed / "index.html").write_text("halb", encoding="utf-8")
    assert_built(build(project))
    assert (site_dir / "index.html").is_file() and (site_dir / "pagefind").is_dir()
    assert not (site_dir / "veraltet.html").exists()
    assert not killed.exists(), "a killed build's staging folder must be cleaned up"
    assert sorted(path.name for path in project.iterdir() if path.name.startswith(".")) == []


def test_move_into_place_swaps_whole_folders(tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "alt.html").write_text("alt", encoding="utf-8")
    staging = staging_dir(site_dir)
    assert staging.parent == site_dir.parent and not staging.exists()
    staging.mkdir()
    (staging / "neu.html").write_text("neu", encoding="utf-8")
    move_into_place(staging, site_dir)
    assert [path.name for path in site_dir.iterdir()] == ["neu.html"]
    assert [path.name for path in tmp_path.iterdir()] == ["site"]


def test_staging_keeps_a_running_builds_folder(tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    running = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    try:
        other = tmp_path / f".site{STAGING_MARK}{running.pid}"
        other.mkdir()
        staging_dir(site_dir)
        assert other.is_dir(), "another build still writes there"
    finally:
        running.communicate(b"")
