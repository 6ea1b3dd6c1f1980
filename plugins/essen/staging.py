"""Build into a fresh folder beside the site folder; move it into place only after a whole build.

MkDocs empties `site_dir` first and then writes page by page, so a build that fails late (a strict
warning, a write error) would leave a half-written site. Building into a staging folder keeps the
existing site exactly as it was until the new one is complete.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

STAGING_MARK = ".im-bau-"
REPLACED_MARK = ".ersetzt-"


def _sibling(site_dir: Path, mark: str, pid: int) -> Path:
    # Hidden, on the same file system as the site folder (so a rename moves it), one per process.
    return site_dir.parent / f".{site_dir.name}{mark}{pid}"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


def remove_leftovers(site_dir: Path) -> None:
    """Staging folders of builds that were killed (their process is gone)."""
    if not site_dir.parent.is_dir():
        return
    for mark in (STAGING_MARK, REPLACED_MARK):
        prefix = f".{site_dir.name}{mark}"
        for path in site_dir.parent.glob(f"{prefix}*"):
            pid = path.name[len(prefix) :]
            if pid.isdigit() and not _process_alive(int(pid)) and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)


def staging_dir(site_dir: Path) -> Path:
    """A fresh, empty staging folder for this process's build of `site_dir`."""
    remove_leftovers(site_dir)
    staging = _sibling(site_dir, STAGING_MARK, os.getpid())
    shutil.rmtree(staging, ignore_errors=True)
    return staging


def move_into_place(staging: Path, site_dir: Path) -> None:
    """Replace `site_dir` by the finished build; the old site is deleted only afterwards."""
    if site_dir.exists():
        replaced = _sibling(site_dir, REPLACED_MARK, os.getpid())
        shutil.rmtree(replaced, ignore_errors=True)
        os.rename(site_dir, replaced)
        os.rename(staging, site_dir)
        shutil.rmtree(replaced, ignore_errors=True)
    else:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        os.rename(staging, site_dir)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
