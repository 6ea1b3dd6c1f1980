"""What keeps `mkdocs serve --dirty` from showing stale pages (no MkDocs import).

A dirty rebuild writes only the pages MkDocs believes modified. Three things it cannot see on
its own: a change that reaches every page (mkdocs.yml, a theme override, the navigation), a
hand-written page whose macros read the data, and a page that no longer exists. The plugin
marks pages modified from `site_fingerprint` and removes the outputs `stale_outputs` names.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def _files_under(folder: Path, skip: Path | None) -> list[tuple[str, int, int]]:
    if not folder.is_dir():
        return []
    entries = []
    for path in folder.rglob("*"):
        if skip is not None and path.is_relative_to(skip):
            continue
        if path.is_file():
            stat = path.stat()
            entries.append((path.relative_to(folder).as_posix(), stat.st_mtime_ns, stat.st_size))
    return sorted(entries)


def site_fingerprint(
    config_file: Path | None,
    theme_dir: Path | None,
    templates_dir: Path | None,
    navigation: object,
) -> str:
    """Equal while nothing that shapes every page changed.

    `templates_dir` (the generated pages' own templates) is left out: a change there reaches
    only the pages rendered from it, and their content digests see it.
    """
    digest = hashlib.sha256()
    if config_file is not None and config_file.is_file():
        digest.update(config_file.read_bytes())
    if theme_dir is not None:
        digest.update(repr(_files_under(theme_dir, templates_dir)).encode())
    digest.update(repr(navigation).encode())
    return digest.hexdigest()


def stale_outputs(site_dir: Path, before: Iterable[str], now: Iterable[str]) -> list[Path]:
    """Outputs of the previous build (paths under `site_dir`) that this build no longer has."""
    gone = set(before) - set(now)
    return [site_dir / relative for relative in sorted(gone)]


def remove_outputs(site_dir: Path, paths: Iterable[Path]) -> None:
    """Delete the files and the folders they leave empty, never `site_dir` itself."""
    root = site_dir.resolve()
    for path in paths:
        path = path.resolve()
        if not path.is_relative_to(root) or path == root:
            continue
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
