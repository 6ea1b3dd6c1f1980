"""Atomic publishing (deploy/publish): real builds into release folders, switch, refusal, rollback.

Two releases are published once per module; tests that change them work on a copy of that
releases folder (symlinks kept), so each test starts from the same state.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import REPO, make_project
from .test_nginx import ensure_scope

DEPLOY = REPO / "deploy"
RELEASE = re.compile(r"\d{8}T\d{6}Z-[0-9a-z]+(?:-\d+)?")
RETIRED = ".zurueckgerollt"


def load_publish_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("essen_publish", DEPLOY / "publish.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_publish(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(DEPLOY / "publish"), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def publish(project: Path, root: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_publish("publish", "--project", project, "--releases", root, *extra)


def live(root: Path) -> str:
    link = root / "current"
    assert link.is_symlink(), f"{link} is not a symlink"
    return os.readlink(link)


def active(root: Path) -> list[str]:
    return sorted(entry.name for entry in root.iterdir() if RELEASE.fullmatch(entry.name))


def entries(root: Path) -> set[str]:
    return {entry.name for entry in root.iterdir()}


@dataclass
class CurrentReader:
    """Reads `current/index.html` in a loop while a publish runs, in a thread of its own.

    Records every failure to read, every release it saw through `current`, and any release
    folder that is visible but incomplete.
    """

    root: Path
    seen: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    reads: int = 0
    stop: threading.Event = field(default_factory=threading.Event)
    saw_change: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        deadline = time.monotonic() + 300
        while not self.stop.is_set() and time.monotonic() < deadline:
            try:
                target = os.readlink(self.root / "current")
                if not (self.root / "current" / "index.html").read_bytes():
                    self.errors.append(f"empty index.html in {target}")
                self.reads += 1
                if not self.seen or self.seen[-1] != target:
                    self.seen.append(target)
                    if len(self.seen) > 1:
                        self.saw_change.set()
                for entry in self.root.iterdir():
                    if RELEASE.fullmatch(entry.name) and not (entry / "404.html").is_file():
                        self.errors.append(f"incomplete release visible: {entry.name}")
            except OSError as error:
                self.errors.append(repr(error))
            self.stop.wait(0.0005)


@dataclass
class TwoReleases:
    project: Path
    root: Path
    first: str
    second: str
    reader: CurrentReader
    status: str

    def copy(self, destination: Path) -> Path:
        root = destination / "releases"
        shutil.copytree(self.root, root, symlinks=True)
        return root


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("publish"))
    ensure_scope(project)
    return project


@pytest.fixture(scope="module")
def two_releases(project: Path, tmp_path_factory: pytest.TempPathFactory) -> TwoReleases:
    root = tmp_path_factory.mktemp("releases") / "releases"
    result = publish(project, root)
    assert result.returncode == 0, result.stderr
    first = live(root)

    reader = CurrentReader(root)
    thread = threading.Thread(target=reader.run)
    thread.start()
    try:
        result = publish(project, root)
        # The switch happened before publish returned; let the reader observe it.
        reader.saw_change.wait(timeout=30)
    finally:
        reader.stop.set()
        thread.join()
    assert result.returncode == 0, result.stderr
    status = run_publish("status", "--releases", root)
    assert status.returncode == 0, status.stderr
    return TwoReleases(project, root, first, live(root), reader, status.stdout)


# --------------------------------------------------------------------------- publish


def test_each_publish_makes_a_release_and_switches_current(two_releases: TwoReleases) -> None:
    root = two_releases.root
    assert active(root) == [two_releases.first, two_releases.second]
    assert two_releases.first < two_releases.second
    assert live(root) == two_releases.second
    # Relative link: the releases folder can be moved or mounted elsewhere.
    assert "/" not in os.readlink(root / "current")
    for name in active(root):
        for required in ("index.html", "404.html", "initiativen/index.html", "sitemap.xml"):
            assert (root / name / required).is_file(), (name, required)
    assert entries(root) == {*active(root), "current", ".lock"}


def test_status_shows_releases_and_the_live_one(two_releases: TwoReleases) -> None:
    lines = two_releases.status.splitlines()
    assert f"  {two_releases.second} ← live" in lines
    assert f"  {two_releases.first} ← vorheriger Stand" in lines
    assert f"current -> {two_releases.second}" in lines


def test_current_never_disappears_during_a_publish(two_releases: TwoReleases) -> None:
    reader = two_releases.reader
    assert reader.errors == []
    assert reader.seen == [two_releases.first, two_releases.second]
    assert reader.reads > 10


def test_switch_replaces_the_link_in_one_step(tmp_path: Path, monkeypatch) -> None:
    """After every file system call of a switch, `current` still leads to a page."""
    module = load_publish_module()
    for name in ("20260101T000000Z-aaaa", "20260102T000000Z-bbbb"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(name, encoding="utf-8")
    os.symlink("20260101T000000Z-aaaa", tmp_path / "current")
    states: list[tuple[str, bool]] = []

    def spy(name: str, original: Callable) -> Callable:
        def call(*args, **kwargs):
            result = original(*args, **kwargs)
            states.append((name, (tmp_path / "current" / "index.html").is_file()))
            return result

        return call

    for name in ("symlink", "replace", "rename", "unlink", "remove", "rmdir"):
        monkeypatch.setattr(os, name, spy(name, getattr(os, name)))
    module.switch(tmp_path, "20260102T000000Z-bbbb")
    monkeypatch.undo()
    assert (tmp_path / "current" / "index.html").read_text() == "20260102T000000Z-bbbb"
    assert states, "the switch made no file system call"
    assert all(ok for _, ok in states), states
    assert [name for name, _ in states] == ["symlink", "replace"]
    assert entries(tmp_path) == {"20260101T000000Z-aaaa", "20260102T000000Z-bbbb", "current"}


# --------------------------------------------------------------------------- refusals


def test_broken_data_never_replaces_the_live_release(
    two_releases: TwoReleases, tmp_path: Path
) -> None:
    root = two_releases.copy(tmp_path)
    before = entries(root)
    broken = tmp_path / "broken"
    shutil.copytree(two_releases.project, broken)
    victim = sorted((broken / "data" / "initiatives").glob("*.yml"))[0]
    with victim.open("a", encoding="utf-8") as handle:
        handle.write("\ntitle: [nicht geschlossen\n")
    result = publish(broken, root)
    assert result.returncode != 0
    assert victim.name in result.stderr
    assert f"live ist {two_releases.second}" in result.stderr
    assert live(root) == two_releases.second
    assert entries(root) == before, "a half release or temp folder was left behind"


def test_a_build_that_fails_a_check_is_not_switched_on(
    two_releases: TwoReleases, tmp_path: Path
) -> None:
    """Without extra.scope every folder depth gets its own inline script: refused, not live."""
    root = two_releases.copy(tmp_path)
    before = entries(root)
    unscoped = tmp_path / "unscoped"
    shutil.copytree(two_releases.project, unscoped)
    config = unscoped / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"^  scope:.*\n", "", text, flags=re.MULTILINE), encoding="utf-8")
    result = publish(unscoped, root)
    assert result.returncode == 1
    assert "Prüfungen" in result.stderr
    assert "extra: {scope: /}" in result.stderr
    assert live(root) == two_releases.second
    assert entries(root) == before


def test_keep_must_leave_live_and_previous(two_releases: TwoReleases, tmp_path: Path) -> None:
    root = two_releases.copy(tmp_path)
    result = publish(two_releases.project, root, "--keep", "1")
    assert result.returncode == 1
    assert active(root) == [two_releases.first, two_releases.second]


# --------------------------------------------------------------------------- rollback


def test_rollback_goes_back_to_the_previous_release(
    two_releases: TwoReleases, tmp_path: Path
) -> None:
    root = two_releases.copy(tmp_path)
    result = run_publish("rollback", "--releases", root)
    assert result.returncode == 0, result.stderr
    assert live(root) == two_releases.first
    assert active(root) == [two_releases.first]
    assert (root / f"{two_releases.second}{RETIRED}" / "index.html").is_file()
    # Nothing before the first release: refused, nothing changes.
    result = run_publish("rollback", "--releases", root)
    assert result.returncode == 1
    assert live(root) == two_releases.first


def test_publish_after_rollback_rolls_back_to_what_was_live(
    two_releases: TwoReleases, tmp_path: Path
) -> None:
    """After a rollback the abandoned release is never a rollback target again."""
    root = two_releases.copy(tmp_path)
    assert run_publish("rollback", "--releases", root).returncode == 0
    result = publish(two_releases.project, root)
    assert result.returncode == 0, result.stderr
    third = live(root)
    assert third not in (two_releases.first, two_releases.second)
    # The retired release is gone with the next publish; live and previous remain.
    assert active(root) == [two_releases.first, third]
    assert not (root / f"{two_releases.second}{RETIRED}").exists()
    assert run_publish("rollback", "--releases", root).returncode == 0
    assert live(root) == two_releases.first


# --------------------------------------------------------------------------- pruning


def test_only_the_newest_releases_are_kept(two_releases: TwoReleases, tmp_path: Path) -> None:
    root = two_releases.copy(tmp_path)
    older = [f"2000010{day}T000000Z-alt{day}" for day in range(1, 5)]
    for name in older:
        shutil.copytree(root / two_releases.first, root / name)
    # What a publish killed half way leaves behind is cleared by the next one.
    leftover = root / ".im-bau-20000101T000000Z-tot"
    leftover.mkdir()
    result = publish(two_releases.project, root, "--keep", "3")
    assert result.returncode == 0, result.stderr
    third = live(root)
    assert active(root) == [two_releases.first, two_releases.second, third]
    assert entries(root) == {*active(root), "current", ".lock"}


def test_pruning_never_deletes_the_live_or_the_previous_release(tmp_path: Path) -> None:
    """Even when `current` was pointed at an older release by hand."""
    module = load_publish_module()
    names = [f"2026010{day}T000000Z-r{day}" for day in range(1, 6)]
    for name in names:
        (tmp_path / name).mkdir()
    os.symlink(names[1], tmp_path / "current")
    deleted = module.prune(tmp_path, keep=2)
    assert deleted == [names[2]]
    assert active(tmp_path) == [names[0], names[1], names[3], names[4]]
    assert live(tmp_path) == names[1]
