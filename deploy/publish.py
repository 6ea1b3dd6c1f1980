"""Atomic publishing of the site: build into a fresh release, check it, switch `current`.

Layout of the releases folder (nginx's `root` is `<releases>/current`):

    <releases>/
        20261126T091100Z-e332ac7/     a release: one complete `mkdocs build --strict`
        20261127T080000Z-5d1f0a2/
        20261126T091100Z-e332ac7.zurueckgerollt/   a release taken back by `rollback`
        current -> 20261127T080000Z-5d1f0a2        relative symlink, the live release
        .lock                                      held while publish or rollback runs

Invariant: the live release is the newest active one, and the release before it in time is the
one that was live before it (`rollback` retires the release it leaves), so "previous" is always
the newest active release older than the live one.

The switch is one rename(2) of a fresh symlink onto `current` (os.replace): a reader resolving
`current/...` sees the old or the new release, never nothing. A build or check failure removes
the half-built folder and leaves `current` as it was.

Faults: the build runs in its own process group with the lock's file descriptor, dies with
publish (Linux: PR_SET_PDEATHSIG), and carries the staging path in its environment, so that the
next publish can find and stop whatever an interrupted one left running before it removes the
staging folder. Releases that cannot be deleted (read-only, `chattr +i`) are warned about, not
fatal: the switch has happened by then. Before building, the installed runtime packages must
match the project's constraints.txt (deploy/constraints.py), and mkdocs.yml must hold no
placeholder facts or example site_url (deploy/go_live.py).

Subcommands: `publish --project DIR --releases DIR [--keep N] [--nginx-headers FILE]
[--ignore-constraints] [--allow-placeholders]`, `rollback --releases DIR`, `status --releases DIR`. Operator messages
are German.
"""

from __future__ import annotations

import argparse
import ctypes
import datetime as dt
import fcntl
import os
import posixpath
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import constraints
from csp_hashes import InlineCodeError, check, policy_for, scan

CURRENT = "current"
RETIRED_SUFFIX = ".zurueckgerollt"
RELEASE_NAME = re.compile(r"\d{8}T\d{6}Z-[0-9a-z]+(?:-\d+)?")
STAGING_PREFIX = ".im-bau-"
DELETING_PREFIX = ".wird-geloescht-"
DEFAULT_KEEP = 5
# Pages every build of this site has; a build without them is broken whatever mkdocs said.
REQUIRED_FILES = ("index.html", "404.html", "initiativen/index.html", "sitemap.xml")
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# In the environment of the build and everything it starts (Pagefind): the staging folder.
BUILD_MARK = "ESSEN_PUBLISH_STAGING"
PR_SET_PDEATHSIG = 1
STOP_SECONDS = 10.0


class PublishError(Exception):
    """Publishing or rolling back was refused; the message tells the operator why."""


def warn(message: str) -> None:
    """Something the operator must fix by hand, but no reason to stop (e.g. after switching)."""
    print(f"publish: Warnung: {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- releases


def releases(root: Path) -> list[str]:
    """Names of the active releases, oldest first (the names start with a UTC timestamp)."""
    return sorted(
        entry.name
        for entry in root.iterdir()
        if RELEASE_NAME.fullmatch(entry.name) and entry.is_dir() and not entry.is_symlink()
    )


def retired(root: Path) -> list[str]:
    return sorted(
        entry.name
        for entry in root.iterdir()
        if entry.name.endswith(RETIRED_SUFFIX)
        and RELEASE_NAME.fullmatch(entry.name.removesuffix(RETIRED_SUFFIX))
    )


def live(root: Path) -> str | None:
    """The release `current` points to, or None before the first publish."""
    link = root / CURRENT
    if not link.is_symlink():
        if link.exists():
            raise PublishError(f"{link} ist kein Symlink – bitte von Hand klären.")
        return None
    target = os.readlink(link)
    if "/" in target or not (root / target).is_dir():
        raise PublishError(f"{link} zeigt auf {target!r}, kein Release in {root}.")
    return target


def previous(root: Path, live_name: str | None) -> str | None:
    """The newest active release older than the live one."""
    if live_name is None:
        return None
    older = [name for name in releases(root) if name < live_name]
    return older[-1] if older else None


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def switch(root: Path, name: str) -> None:
    """Point `current` at release `name` atomically.

    A new symlink under a temporary name is renamed onto `current`; rename(2) replaces the old
    link in one step, so `current` always exists. The target is relative, so the releases
    folder can be moved or mounted elsewhere.
    """
    if not (root / name).is_dir():
        raise PublishError(f"Release {name} fehlt in {root}.")
    temporary = root / f".{CURRENT}-{secrets.token_hex(4)}"
    os.symlink(name, temporary)
    try:
        os.replace(temporary, root / CURRENT)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_dir(root)


def _remove_tree(root: Path, name: str) -> bool:
    """Delete a folder under `root`; renamed first so that no half-deleted release is visible.

    A folder that cannot be renamed or emptied (read-only, immutable) is warned about and left;
    the next publish tries again. Returns whether it is gone.
    """
    doomed = root / f"{DELETING_PREFIX}{name}-{secrets.token_hex(3)}"
    try:
        os.rename(root / name, doomed)
    except OSError as error:
        warn(f"{root / name} lässt sich nicht löschen ({_reason(error)}); {_UNPROTECT}")
        return False
    return _remove_leftover(doomed)


def _remove_leftover(path: Path) -> bool:
    try:
        shutil.rmtree(path)
    except OSError as error:
        warn(f"{path} lässt sich nicht ganz löschen ({_reason(error)}); {_UNPROTECT}")
        return False
    return True


_UNPROTECT = (
    "Schreibschutz aufheben (chattr -R -i, chmod -R u+w), dann räumt das nächste publish auf."
)


def _reason(error: OSError) -> str:
    where = f" bei {error.filename}" if error.filename else ""
    return f"{error.strerror or error}{where}"


def prune(root: Path, keep: int) -> list[str]:
    """Delete active releases beyond the newest `keep`, and retired ones; never live or previous."""
    current = live(root)
    protected = {current, previous(root, current)}
    active = releases(root)
    doomed = [name for name in active[: max(0, len(active) - keep)] if name not in protected]
    doomed += retired(root)
    return [name for name in doomed if _remove_tree(root, name)]


def _clean_leftovers(root: Path) -> None:
    """Remove what an interrupted publish left behind (a build killed half way)."""
    for entry in root.iterdir():
        if entry.name.startswith(STAGING_PREFIX):
            stop_builds(entry)
            _remove_leftover(entry)
        elif entry.name.startswith(DELETING_PREFIX):
            _remove_leftover(entry)
        elif entry.name.startswith(f".{CURRENT}-") and entry.is_symlink():
            entry.unlink()


def build_processes(staging: Path) -> list[int]:
    """Processes of a build into `staging` (found by BUILD_MARK in their environment: a process
    id alone could by now belong to something else)."""
    mark = f"{BUILD_MARK}={staging}".encode()
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            environment = (entry / "environ").read_bytes()
        except OSError:
            continue  # ended meanwhile, or another user's
        if mark in environment.split(b"\0"):
            found.append(int(entry.name))
    return found


def stop_builds(staging: Path) -> None:
    """Kill what still builds into `staging` (e.g. Pagefind started by a killed build) and wait
    until it is gone, so that removing the folder does not race with it."""
    deadline = time.monotonic() + STOP_SECONDS
    while pids := build_processes(staging):
        if time.monotonic() > deadline:
            raise PublishError(
                f"Prozesse {', '.join(map(str, pids))} bauen noch in {staging} und enden nicht."
            )
        for pid in pids:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.05)  # SIGKILL was sent; only the kernel's cleanup is left to wait for


@contextmanager
def locked(root: Path) -> Iterator[int]:
    """Hold the releases folder's lock; yields its file descriptor (the build inherits it)."""
    with (root / ".lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(
                f"In {root} läuft gerade ein anderes publish oder rollback."
            ) from None
        yield handle.fileno()


# --------------------------------------------------------------------------- build and checks


def _short_id(project: Path) -> str:
    """The project's git commit if it is a git checkout (what is live), else a random id."""
    if (project / ".git").exists():
        result = subprocess.run(
            ["git", "-C", str(project), "rev-parse", "--short=7", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        )
        commit = result.stdout.strip()
        if result.returncode == 0 and re.fullmatch(r"[0-9a-f]{7,}", commit):
            return commit
    return secrets.token_hex(4)


def new_release_name(root: Path, project: Path) -> str:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    base = f"{stamp}-{_short_id(project)}"
    name, number = base, 1
    while (root / name).exists() or (root / f"{name}{RETIRED_SUFFIX}").exists():
        number += 1
        name = f"{base}-{number}"
    if releases(root) and name <= releases(root)[-1]:
        raise PublishError(
            f"Neuer Stand {name} wäre nicht der neueste (neuester: {releases(root)[-1]}) – "
            "stimmt die Systemuhr?"
        )
    return name


def _die_with_parent() -> Callable[[], None] | None:
    """preexec_fn: the child gets SIGKILL when publish ends, however it ends (Linux only)."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)  # loaded before fork: the child only calls it
    parent = os.getpid()

    def preexec() -> None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # publish died before prctl took effect
            os._exit(1)

    return preexec


def build(project: Path, site_dir: Path, lock_fd: int | None = None) -> None:
    """`mkdocs build --strict` into `site_dir`.

    The build holds the lock too (inherited descriptor), so the releases folder stays locked
    until the build is gone even should it outlive publish; it runs in its own process group,
    which is killed as a whole when publish stops it.
    """
    config = project / "mkdocs.yml"
    if not config.is_file():
        raise PublishError(f"{config} fehlt – ist {project} das Projekt?")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--clean",
            "-f",
            str(config),
            "-d",
            str(site_dir),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", BUILD_MARK: str(site_dir)},
        start_new_session=True,
        preexec_fn=_die_with_parent(),
        pass_fds=() if lock_fd is None else (lock_fd,),
    )
    try:
        stdout, stderr = process.communicate()
    except BaseException:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        stop_builds(site_dir)
        raise
    if process.returncode != 0:
        output = (stdout + stderr).strip()
        raise PublishError(f"Der Build ist fehlgeschlagen (mkdocs build --strict):\n{output}")


def check_constraints(project: Path) -> None:
    """Refuse to build with other runtime versions than the project's constraints.txt pins."""
    file = project / constraints.FILE_NAME
    fix = f"{sys.executable} -m pip install -c {file} -e {project}"
    if not file.is_file():
        raise PublishError(
            f"{file} fehlt: ohne festgelegte Versionen ist der Build nicht reproduzierbar. "
            "Auf Testsystemen: --ignore-constraints."
        )
    problems = constraints.runtime_mismatches(file)
    if problems:
        raise PublishError(
            f"Die installierten Pakete passen nicht zu {file}:\n- "
            + "\n- ".join(problems)
            + f"\nBeheben mit: {fix}\n(Auf Testsystemen: --ignore-constraints.)"
        )


def check_go_live(project: Path, allow_placeholders: bool) -> None:
    """Refuse to publish placeholder facts or an example address (before anything is built)."""
    # Imported here, not at the top: it needs the venv's PyYAML and the generator, and a wrong
    # interpreter should first get the constraints message, not an ImportError.
    from go_live import go_live_problems

    problems = go_live_problems(project / "mkdocs.yml")
    if not problems:
        return
    if allow_placeholders:
        warn(
            f"mkdocs.yml enthält noch {len(problems)} Platzhalter oder Beispielwerte; sie werden "
            "veröffentlicht (--allow-placeholders, nur für Testsysteme)."
        )
        return
    raise PublishError(
        "Die Website ist noch nicht bereit für den Livegang – in mkdocs.yml stehen noch "
        "Platzhalter oder Beispielwerte:\n- "
        + "\n- ".join(map(str, problems))
        + "\nErst ersetzen, dann veröffentlichen. (Auf Testsystemen: --allow-placeholders.)"
    )


def _sitemap_problems(site_dir: Path) -> list[str]:
    try:
        tree = ET.parse(site_dir / "sitemap.xml")
    except (OSError, ET.ParseError) as error:
        return [f"sitemap.xml ist nicht lesbar: {error}"]
    locations = [
        (element.text or "").strip() for element in tree.getroot().iter(f"{SITEMAP_NS}loc")
    ]
    if not locations:
        return ["sitemap.xml listet keine Seite."]
    paths = [urlsplit(location).path for location in locations]
    # The site's base path (site_url's path): the folder all listed pages share.
    base = posixpath.commonpath(paths).rstrip("/") + "/"
    problems = []
    for location, path in zip(locations, paths, strict=True):
        relative = path[len(base) :]
        file = site_dir / (
            relative + "index.html" if relative.endswith("/") or not relative else relative
        )
        if not file.is_file():
            problems.append(f"sitemap.xml nennt {location}, aber der Build hat {file.name} nicht.")
    return problems


def _deployed_script_hashes(headers_conf: Path) -> set[str]:
    text = headers_conf.read_text(encoding="utf-8")
    match = re.search(r'add_header\s+Content-Security-Policy\s+"([^"]*)"', text)
    if match is None:
        raise PublishError(f"{headers_conf}: keine Content-Security-Policy gefunden.")
    for directive in match.group(1).split(";"):
        parts = directive.split()
        if parts and parts[0] == "script-src":
            return {part for part in parts[1:] if part.startswith("'sha256-")}
    return set()


def check_release(site_dir: Path, nginx_headers: Path | None = None) -> list[str]:
    """Problems that forbid switching to this build (empty list: fine)."""
    problems = [
        f"{name} fehlt im Build." for name in REQUIRED_FILES if not (site_dir / name).is_file()
    ]
    if (site_dir / "sitemap.xml").is_file():
        problems += _sitemap_problems(site_dir)
    try:
        check(scan(site_dir))
    except InlineCodeError as error:
        problems.append(f"Inline-Code, den keine seitenweite CSP erlauben kann:\n{error}")
    else:
        if nginx_headers is not None:
            missing = set(policy_for(site_dir).script_hashes) - _deployed_script_hashes(
                nginx_headers
            )
            if missing:
                problems.append(
                    f"Die CSP in {nginx_headers} erlaubt die Inline-Skripte dieses Builds nicht "
                    f"({', '.join(sorted(missing))}); erst deploy/render-nginx mit diesem Build "
                    "ausführen und nginx neu laden."
                )
    return problems


# --------------------------------------------------------------------------- commands


def publish(
    project: Path,
    root: Path,
    keep: int = DEFAULT_KEEP,
    nginx_headers: Path | None = None,
    pinned: bool = True,
    allow_placeholders: bool = False,
) -> str:
    """Build, check and switch; return the new live release. Raises PublishError on refusal.

    `pinned`: refuse unless the installed runtime packages match constraints.txt.
    `allow_placeholders`: publish even while mkdocs.yml holds placeholders (test systems).
    """
    if keep < 2:
        raise PublishError("--keep muss mindestens 2 sein (live und vorheriger Stand).")
    check_go_live(project, allow_placeholders)
    if pinned:
        check_constraints(project)
    else:
        warn("Versionsprüfung gegen constraints.txt übersprungen (--ignore-constraints).")
    root.mkdir(parents=True, exist_ok=True)
    with locked(root) as lock_fd:
        live(root)  # refuses a `current` that is not a link to a release before building
        _clean_leftovers(root)
        name = new_release_name(root, project)
        staging = root / f"{STAGING_PREFIX}{name}"
        try:
            build(project, staging, lock_fd)
            problems = check_release(staging, nginx_headers)
            if problems:
                raise PublishError(
                    "Der Build besteht die Prüfungen nicht:\n- " + "\n- ".join(problems)
                )
            os.rename(staging, root / name)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        try:
            switch(root, name)
        except OSError as error:
            _remove_tree(root, name)
            raise PublishError(f"Umschalten von {CURRENT} fehlgeschlagen: {error}") from error
        # Live from here on: whatever pruning cannot delete is a warning, not a failure.
        prune(root, keep)
    return name


def rollback(root: Path) -> str:
    """Switch `current` to the previous release and retire the one that was live."""
    with locked(root):
        current = live(root)
        if current is None:
            raise PublishError(f"In {root} ist noch kein Stand live.")
        target = previous(root, current)
        if target is None:
            raise PublishError(
                f"Vor {current} gibt es keinen Stand, zu dem zurückgerollt werden kann."
            )
        try:
            switch(root, target)
        except OSError as error:
            raise PublishError(f"Umschalten von {CURRENT} fehlgeschlagen: {error}") from error
        try:
            os.rename(root / current, root / f"{current}{RETIRED_SUFFIX}")
        except OSError as error:
            # Switched already; unretired, the release would count as the newest again.
            warn(
                f"{root / current} lässt sich nicht als zurückgerollt umbenennen "
                f"({_reason(error)}). Bis dahin gilt er weiter als Stand: Schreibschutz "
                f"aufheben und `mv {root / current} {root / current}{RETIRED_SUFFIX}` ausführen."
            )
        _fsync_dir(root)
    return target


def status(root: Path) -> str:
    current = live(root)
    before = previous(root, current)
    lines = [f"Releases in {root}:"]
    for name in releases(root):
        mark = " ← live" if name == current else " ← vorheriger Stand" if name == before else ""
        lines.append(f"  {name}{mark}")
    lines += [f"  {name} (zurückgerollt)" for name in retired(root)]
    if len(lines) == 1:
        lines.append("  (keine)")
    lines.append(f"{CURRENT} -> {current}" if current else f"{CURRENT}: noch nicht angelegt")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="publish", description="Site atomar veröffentlichen, zurückrollen, Stand zeigen."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("publish", help="bauen, prüfen, live schalten")
    command.add_argument("--project", type=Path, required=True, help="Ordner mit mkdocs.yml")
    command.add_argument("--releases", type=Path, required=True)
    command.add_argument(
        "--keep", type=int, default=DEFAULT_KEEP, help=f"Stände behalten (Vorgabe {DEFAULT_KEEP})"
    )
    command.add_argument(
        "--nginx-headers",
        type=Path,
        help="headers.conf der laufenden nginx-Konfiguration: CSP muss den Build erlauben",
    )
    command.add_argument(
        "--ignore-constraints",
        action="store_true",
        help="nicht prüfen, ob die installierten Pakete constraints.txt entsprechen (Testsysteme)",
    )
    command.add_argument(
        "--allow-placeholders",
        action="store_true",
        help="trotz Platzhaltern oder Beispieladresse in mkdocs.yml veröffentlichen (Testsysteme)",
    )
    command = commands.add_parser("rollback", help="zum vorherigen Stand zurück")
    command.add_argument("--releases", type=Path, required=True)
    command = commands.add_parser("status", help="Stände und live-Stand zeigen")
    command.add_argument("--releases", type=Path, required=True)
    args = parser.parse_args(argv)
    root = Path(os.path.abspath(args.releases))
    # systemd and kill stop with SIGTERM: unwind like Ctrl-C, so the build and the staging
    # folder go with publish.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        if args.command == "publish":
            name = publish(
                Path(os.path.abspath(args.project)),
                root,
                args.keep,
                args.nginx_headers,
                pinned=not args.ignore_constraints,
                allow_placeholders=args.allow_placeholders,
            )
            print(f"Live: {name}")
            print(status(root))
        else:
            if not root.is_dir():
                raise PublishError(
                    f"Den Releases-Ordner {root} gibt es nicht – Pfad bei --releases prüfen; "
                    "angelegt wird er vom ersten publish."
                )
            if args.command == "rollback":
                print(f"Zurückgerollt, live: {rollback(root)}")
            print(status(root))
    except PublishError as error:
        print(f"publish: {error}", file=sys.stderr)
        if args.command != "status":
            print(f"publish: nichts umgeschaltet; live ist {_live_or_none(root)}.", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"publish: Dateizugriff fehlgeschlagen: {_reason(error)}", file=sys.stderr)
        print(f"publish: live ist {_live_or_none(root)}.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"publish: abgebrochen; live ist {_live_or_none(root)}.", file=sys.stderr)
        return 130
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _live_or_none(root: Path) -> str:
    try:
        return live(root) or "(nichts)"
    except (PublishError, OSError):
        return "(unklar)"


if __name__ == "__main__":
    raise SystemExit(main())
