"""Atomic publishing (deploy/publish): real builds into release folders, switch, refusal, rollback.

Two releases are published once per module; tests that change them work on a copy of that
releases folder (symlinks kept), so each test starts from the same state.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest

from ..conftest import REPO, ensure_scope, make_project

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
    # The sample mkdocs.yml holds the legal placeholders: a test system, as far as publish knows.
    return run_publish(
        "publish", "--project", project, "--releases", root, "--allow-placeholders", *extra
    )


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
    # publish builds only with the versions pinned there.
    shutil.copy2(REPO / "constraints.txt", project / "constraints.txt")
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


# --------------------------------------------------------------------------- faults


def process_state(pid: int) -> str | None:
    """State letter from /proc (R, S, Z …), None once the process is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]


def alive(pid: int) -> bool:
    return process_state(pid) not in (None, "Z")


def descendants(pid: int) -> set[int]:
    """Children, grandchildren … of `pid`, from the parent ids in /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        with suppress(OSError, IndexError, ValueError):
            parents[int(entry.name)] = int(
                (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
            )
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def wait_for(condition: Callable[[], object], seconds: float, what: str) -> object:
    """Poll `condition` until it is truthy; fail with `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        # Nothing to wait on but the other processes: yield the CPU for a moment.
        time.sleep(0.02)
    raise AssertionError(f"after {seconds} s still not: {what}")


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def test_sigkill_mid_build_leaves_no_build_running_and_the_next_publish_succeeds(
    two_releases: TwoReleases, tmp_path: Path
) -> None:
    root = two_releases.copy(tmp_path)
    process = subprocess.Popen(
        [sys.executable, str(DEPLOY / "publish"), "publish", "--project",
         str(two_releases.project), "--releases", str(root), "--allow-placeholders"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    children: dict[int, bytes] = {}
    try:

        def building() -> dict[int, bytes]:
            staging = [entry for entry in root.iterdir() if entry.name.startswith(".im-bau-")]
            found = {pid: cmdline(pid) for pid in descendants(process.pid)}
            running = staging and any(b"mkdocs" in line for line in found.values())
            return found if running else {}

        children.update(wait_for(building, 120, "the build runs into its staging folder"))  # type: ignore[arg-type]
        # Stopped, the build cannot finish on its own in the meantime: whatever ends it now is
        # publish's death.
        for pid in children:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGSTOP)
        process.kill()
        process.wait(timeout=10)
        mkdocs = [pid for pid, line in children.items() if b"mkdocs" in line]
        wait_for(
            lambda: not any(alive(pid) for pid in mkdocs), 10, f"mkdocs {mkdocs} died with publish"
        )
        result = publish(two_releases.project, root)
        assert result.returncode == 0, result.stderr
        # Whatever the build had started itself (Pagefind) the next publish has stopped.
        assert not [pid for pid in children if alive(pid)]
        assert live(root) not in (two_releases.first, two_releases.second)
        assert entries(root) == {*active(root), "current", ".lock"}
    finally:
        process.kill()
        process.wait()
        for pid, line in children.items():
            if alive(pid) and cmdline(pid) == line:
                os.kill(pid, signal.SIGKILL)


class Undeletable:
    """Makes folders and files impossible to delete or rename, also for root: `chattr +i` where
    the file system and the privileges allow it; else the same EPERM from the delete calls of
    publish run in this process."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.paths: list[Path] = []
        self.simulated = False

    def protect(self, path: Path) -> None:
        self.paths.append(path)
        if not self.simulated:
            result = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
            if result.returncode == 0:
                return
            self.simulated = True
            for earlier in self.paths[:-1]:
                subprocess.run(["chattr", "-i", str(earlier)], check=True)
            self._simulate()

    def _simulate(self) -> None:
        rename, rmtree = os.rename, shutil.rmtree

        def guarded_rename(source, target, *args, **kwargs):
            if any(Path(os.fspath(source)) == p for p in self.paths):
                raise PermissionError(1, "Operation not permitted", os.fspath(source))
            return rename(source, target, *args, **kwargs)

        def guarded_rmtree(path, *args, **kwargs):
            if any(Path(os.fspath(path)) in p.parents for p in self.paths):
                raise PermissionError(1, "Operation not permitted", os.fspath(path))
            return rmtree(path, *args, **kwargs)

        self.monkeypatch.setattr(os, "rename", guarded_rename)
        self.monkeypatch.setattr(shutil, "rmtree", guarded_rmtree)

    def release(self, base: Path) -> None:
        """Lift every protection under `base` (publish may have renamed protected folders)."""
        if not self.simulated:
            subprocess.run(["chattr", "-R", "-i", str(base)], check=False, capture_output=True)
        self.monkeypatch.undo()


@contextmanager
def undeletable(monkeypatch: pytest.MonkeyPatch, base: Path) -> Iterator[Undeletable]:
    guard = Undeletable(monkeypatch)
    try:
        yield guard
    finally:
        guard.release(base)


def publish_now(
    guard: Undeletable, project: Path, root: Path, capsys: pytest.CaptureFixture, *extra: str
) -> tuple[int, str]:
    """publish as a command: its own process with real chattr, in this one when simulated."""
    if not guard.simulated:
        result = publish(project, root, *extra)
        return result.returncode, result.stderr
    module = load_publish_module()
    code = module.main(
        ["publish", "--project", str(project), "--releases", str(root), "--allow-placeholders",
         *extra]
    )  # fmt: skip
    return code, capsys.readouterr().err


def test_releases_that_cannot_be_deleted_make_pruning_warn_not_fail(
    two_releases: TwoReleases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    root = two_releases.copy(tmp_path)
    locked_folder, locked_file = "20000101T000000Z-gesperrt", "20000102T000000Z-teils"
    for name in (locked_folder, locked_file):
        shutil.copytree(root / two_releases.first, root / name)
    with undeletable(monkeypatch, root) as guard:
        guard.protect(root / locked_folder)
        # Only one file inside: the folder is renamed for deletion, then cannot be emptied.
        guard.protect(root / locked_file / "index.html")
        code, stderr = publish_now(guard, two_releases.project, root, capsys, "--keep", "2")
        assert code == 0, stderr
        third = live(root)
        assert third not in (two_releases.first, two_releases.second)
        assert "Traceback" not in stderr
        warnings = [
            line
            for line in stderr.splitlines()
            if line.startswith("publish: Warnung:") and "--allow-placeholders" not in line
        ]
        assert any(
            locked_folder in line and "lässt sich nicht löschen" in line for line in warnings
        )
        assert any(locked_file in line and "nicht ganz löschen" in line for line in warnings)
        assert all("Schreibschutz aufheben" in line for line in warnings), warnings
        assert (root / locked_folder / "index.html").is_file()
        # The half-deleted one is out of sight, and the next publish is not stopped by it.
        assert locked_file not in active(root)
        code, stderr = publish_now(guard, two_releases.project, root, capsys, "--keep", "2")
        assert code == 0, stderr
        assert "nicht ganz löschen" in stderr
    # Once the protection is lifted, the next run clears everything up.
    module = load_publish_module()
    module._clean_leftovers(root)
    module.prune(root, keep=2)
    assert entries(root) == {*active(root), "current", ".lock"}
    assert len(active(root)) == 2


def test_rollback_and_status_without_releases_give_a_message(tmp_path: Path) -> None:
    missing = tmp_path / "gibt-es-nicht"
    for command in ("rollback", "status"):
        result = run_publish(command, "--releases", missing)
        assert result.returncode == 1, command
        assert "Traceback" not in result.stderr, result.stderr
        assert f"Den Releases-Ordner {missing} gibt es nicht" in result.stderr, command
    assert not missing.exists(), "rollback or status created the folder"
    empty = tmp_path / "leer"
    empty.mkdir()
    result = run_publish("rollback", "--releases", empty)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"In {empty} ist noch kein Stand live." in result.stderr
    result = run_publish("status", "--releases", empty)
    assert result.returncode == 0, result.stderr
    assert "  (keine)" in result.stdout.splitlines()
    assert "current: noch nicht angelegt" in result.stdout.splitlines()
    a_file = tmp_path / "datei"
    a_file.write_text("kein Ordner\n", encoding="utf-8")
    result = run_publish("rollback", "--releases", a_file)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"Den Releases-Ordner {a_file} gibt es nicht" in result.stderr


# --------------------------------------------------------------------------- pinned versions


def load_constraints_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("essen_constraints", DEPLOY / "constraints.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pinned_project(two_releases: TwoReleases, tmp_path: Path, change: Callable[[str], str]) -> Path:
    """A copy of the project whose constraints.txt is changed by `change`."""
    project = tmp_path / "project"
    shutil.copytree(two_releases.project, project)
    file = project / "constraints.txt"
    file.write_text(change(file.read_text(encoding="utf-8")), encoding="utf-8")
    return project


def pin_mkdocs_elsewhere(text: str) -> str:
    changed = re.sub(r"^mkdocs==\S+$", "mkdocs==0.0.1", text, count=1, flags=re.MULTILINE)
    assert changed != text, "constraints.txt pins no mkdocs"
    runtime = changed.index("# [runtime]")
    line_end = changed.index("\n", runtime) + 1
    return changed[:line_end] + "essen-nicht-installiert==1.0\n" + changed[line_end:]


def test_publish_refuses_other_runtime_versions_than_pinned(
    two_releases: TwoReleases, tmp_path: Path
) -> None:
    root = two_releases.copy(tmp_path)
    before = entries(root)
    project = pinned_project(two_releases, tmp_path, pin_mkdocs_elsewhere)
    result = publish(project, root)
    assert result.returncode == 1
    installed = importlib.metadata.version("mkdocs")
    assert f"- mkdocs: installiert ist {installed}, festgelegt ist 0.0.1" in result.stderr
    assert "- essen-nicht-installiert: nicht installiert, festgelegt ist 1.0" in result.stderr
    constraints = project / "constraints.txt"
    assert f"Beheben mit: {sys.executable} -m pip install -c {constraints} -e {project}" in (
        result.stderr
    )
    assert "--ignore-constraints" in result.stderr
    assert "Traceback" not in result.stderr
    assert entries(root) == before, "it built or changed something before refusing"
    constraints.unlink()
    result = publish(project, root)
    assert result.returncode == 1
    assert f"{constraints} fehlt" in result.stderr
    assert entries(root) == before


def test_ignore_constraints_builds_anyway_and_says_so(
    two_releases: TwoReleases, tmp_path: Path
) -> None:
    root = two_releases.copy(tmp_path)
    project = pinned_project(two_releases, tmp_path, pin_mkdocs_elsewhere)
    result = publish(project, root, "--ignore-constraints")
    assert result.returncode == 0, result.stderr
    assert "Versionsprüfung gegen constraints.txt übersprungen" in result.stderr
    assert live(root) not in (two_releases.first, two_releases.second)


def test_the_repo_pins_what_the_venv_runs() -> None:
    """constraints.txt is the venv's resolution: runtime complete and equal, test pins equal."""
    module = load_constraints_module()
    pins = module.read_pins(REPO / "constraints.txt")
    assert "mkdocs" in pins["runtime"] and "mkdocs-material" in pins["runtime"]
    assert "pytest" in pins["test"]
    regenerate = "regenerate with: .venv/bin/python deploy/constraints.py --write"
    text, _ = module.render(REPO / "pyproject.toml")
    fresh = module.parse_pins(text)
    assert pins["runtime"] == fresh["runtime"], regenerate
    drifted = {
        name: (version, fresh["test"].get(name))
        for name, version in pins["test"].items()
        if fresh["test"].get(name) != version
    }
    assert not drifted, f"{drifted}; {regenerate}"
    assert module.runtime_mismatches(REPO / "constraints.txt") == []
