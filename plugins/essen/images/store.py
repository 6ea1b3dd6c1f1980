"""The cache of processed images and the catalogue of one build.

Outputs are stored in `.cache/essen-images/` under the project (files/ and one manifest per
source in manifests/): an unchanged image is never decoded or encoded again, by the next
build, the preview or the check command.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import json
import multiprocessing
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, Problem
from ..model import Image, Logo, Site
from ..rules import IMAGES_DIR
from ..yamlsource import FileStamp
from . import raster, reading, svg
from .outputs import OUTPUT_DIR, SETTINGS, Job
from .reading import Refused

CACHE_DIR = ".cache/essen-images"
# Another cache folder, e.g. one shared by the many test builds of the same sample images
# (tests/conftest.py); entries are named by content hashes, so sharing one is safe.
CACHE_ENV = "ESSEN_IMAGE_CACHE"
# Cache entries no build has used for this long are deleted (the next build that needs one
# makes it again).
PRUNE_DAYS = 30


@dataclass(frozen=True)
class Variant:
    name: str  # under OUTPUT_DIR
    width: int
    height: int
    mime: str


@dataclass(frozen=True)
class Rendition:
    """What a build made of one source file."""

    width: int  # upright, in pixels (for an SVG: its own units)
    height: int
    variants: tuple[Variant, ...]
    fallback: str  # mime of the fallback ("image/jpeg", "image/png", "image/svg+xml")
    share: str | None = None  # name of the Open Graph JPEG

    def of(self, mime: str) -> list[Variant]:
        return [v for v in self.variants if v.mime == mime]


@dataclass
class Catalogue:
    """Every image of a build: renditions by (kind, file), and the files to publish."""

    renditions: dict[tuple[str, str], Rendition] = field(default_factory=dict)
    # (path under the site, file in the cache)
    files: dict[str, Path] = field(default_factory=dict)
    # Sources decoded and encoded for this catalogue (the others came from the cache).
    encoded: int = 0

    @property
    def digest(self) -> str:
        """Equal for equal images: pages showing them may be reused (preview)."""
        names = sorted(self.files)
        return hashlib.sha256("\n".join(names).encode()).hexdigest()

    def open_data_paths(self) -> dict[str, str]:
        """Content image file → site path of its largest fallback file (JPEG or PNG), for the
        open data: the biggest picture published, in the format every program reads."""
        paths = {}
        for (kind, file), rendition in self.renditions.items():
            fallback = rendition.of(rendition.fallback)
            if kind == "content" and fallback:
                paths[file] = f"{OUTPUT_DIR}/{max(fallback, key=lambda v: v.width).name}"
        return paths

    def rendition(self, image: Image | Logo) -> Rendition | None:
        kind = "logo" if isinstance(image, Logo) else "content"
        return self.renditions.get((kind, image.file))


def _references(site: Site) -> Iterator[tuple[str, Image | Logo, str]]:
    """(kind, image, key) of every image the data names."""
    for record in (*site.fields, *site.initiatives, *site.news):
        if record.image is not None:
            yield "content", record.image, "image.file"
    for partner in site.partners:
        if partner.logo is not None:
            yield "logo", partner.logo, "logo.file"


class ImageStore:
    """Processes images into a cache folder; one store lives as long as the plugin (preview)."""

    def __init__(self, cache_dir: Path, workers: int | None = None) -> None:
        self.cache_dir = cache_dir
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        # Manifests already read or written by this process, by digest.
        self._known: dict[str, Rendition] = {}
        self._pruned = False
        # Digest of each source file as last read, by (kind, what lstat said of it).
        self._stamps: dict[tuple[str, FileStamp], str] = {}
        # How many sources were decoded and encoded (not found in the cache): tests count it.
        self.encoded = 0

    @classmethod
    def for_project(cls, root: Path) -> ImageStore:
        override = os.environ.get(CACHE_ENV, "").strip()
        return cls(Path(override) if override else root / CACHE_DIR)

    @property
    def files_dir(self) -> Path:
        return self.cache_dir / "files"

    def prepare(self, site: Site, data_dir: Path, shown_dir: str = "data") -> Catalogue:
        """The catalogue of every image of `site`; DataError lists every image that is unusable."""
        problems: list[Problem] = []
        jobs: dict[tuple[str, str], Job] = {}
        # Refusals by (kind, file): each record naming the file gets the message at its line.
        refused: dict[tuple[str, str], Refused] = {}
        uses: list[tuple[str, Image | Logo, str]] = list(_references(site))
        for kind, image, _key in uses:
            ref = (kind, image.file)
            if ref in jobs or ref in refused:
                continue
            shown = f"{shown_dir}/{IMAGES_DIR}/{image.file}"
            stamp = reading.image_stamp(data_dir, image.file)
            known = self._stamps.get((kind, stamp)) if stamp is not None else None
            if known is not None and self._cached(known) is not None:
                # The same file as in the last build of this process (the preview): not read
                # or hashed again.
                jobs[ref] = Job(kind, image.file, known, b"", shown)
                continue
            try:
                source = reading.read_image_file(data_dir, image.file, shown_dir)
            except Refused as refusal:
                refused[ref] = refusal
                continue
            digest = hashlib.sha256(source + b"\0" + kind.encode() + SETTINGS.encode()).hexdigest()
            jobs[ref] = Job(kind, image.file, digest, source, shown)
            if stamp is not None:
                self._stamps[(kind, stamp)] = digest
        catalogue = Catalogue()
        before = self.encoded
        for ref, outcome in self._renditions(jobs.values()):
            if isinstance(outcome, Refused):
                refused[ref] = outcome
            else:
                catalogue.renditions[ref] = outcome
                for variant in outcome.variants:
                    catalogue.files[f"{OUTPUT_DIR}/{variant.name}"] = self.files_dir / variant.name
                if outcome.share:
                    catalogue.files[f"{OUTPUT_DIR}/{outcome.share}"] = (
                        self.files_dir / outcome.share
                    )
        for kind, image, key in uses:
            refusal = refused.get((kind, image.file))
            if refusal is not None:
                problems.append(
                    Problem(image.source, image.line, key, refusal.message, refusal.hint)
                )
        if problems:
            raise DataError(problems)
        catalogue.encoded = self.encoded - before
        self._prune({job.digest for job in jobs.values()})
        return catalogue

    def _prune(self, used: set[str]) -> None:
        """Once per process: entries no build has used for PRUNE_DAYS go, so the cache does not
        grow with every replaced image. Used entries get their manifest's time renewed."""
        now = time.time()
        for digest in used:
            with contextlib.suppress(OSError):
                os.utime(self._manifest_path(digest), (now, now))
        if self._pruned:
            return
        self._pruned = True
        for manifest in sorted((self.cache_dir / "manifests").glob("*.json")):
            digest = manifest.stem
            try:
                if digest in used or now - manifest.stat().st_mtime < PRUNE_DAYS * 86400:
                    continue
                names = [
                    v.name for v in _rendition(json.loads(manifest.read_text("utf-8"))).variants
                ]
            except (OSError, ValueError, KeyError, TypeError):
                names = []
            # Every file of an entry carries the first ten digits of its digest.
            names += [p.name for p in self.files_dir.glob(f"*.{digest[:10]}.*")]
            for name in set(names):
                with contextlib.suppress(OSError):
                    (self.files_dir / name).unlink()
            with contextlib.suppress(OSError):
                manifest.unlink()
            self._known.pop(digest, None)

    def _renditions(
        self, jobs: Iterable[Job]
    ) -> Iterator[tuple[tuple[str, str], Rendition | Refused]]:
        pending: list[Job] = []
        for job in jobs:
            known = self._cached(job.digest)
            if known is not None:
                yield (job.kind, job.file), known
            elif job.kind == "logo" and job.file.lower().endswith(".svg"):
                try:
                    stored = self._store(job, *svg.process_svg(job))
                    self.encoded += 1  # checked and written, though not re-encoded
                    yield (job.kind, job.file), stored
                except Refused as refusal:
                    yield (job.kind, job.file), refusal
            else:
                pending.append(job)
        for job, result in self._run(pending):
            self.encoded += 1
            if len(result) == 2 and isinstance(result[0], str):
                yield (job.kind, job.file), Refused(*result)  # type: ignore[arg-type]
            else:
                manifest, files = result  # type: ignore[misc]
                yield (job.kind, job.file), self._store(job, manifest, files)

    def _run(self, jobs: list[Job]) -> Iterator[tuple[Job, tuple]]:
        # Encoding is CPU-bound and Pillow holds the GIL for much of it: processes, once there is
        # enough work to pay for starting them (a fresh interpreter each, "spawn": no fork of
        # MkDocs' threads).
        if self.workers > 1 and len(jobs) >= 4:
            context = multiprocessing.get_context("spawn")
            with concurrent.futures.ProcessPoolExecutor(
                max_workers=min(self.workers, len(jobs)), mp_context=context
            ) as pool:
                yield from zip(
                    jobs, pool.map(raster.process_safely, jobs, chunksize=2), strict=True
                )
            return
        for job in jobs:
            yield job, raster.process_safely(job)

    def _manifest_path(self, digest: str) -> Path:
        return self.cache_dir / "manifests" / f"{digest}.json"

    def _cached(self, digest: str) -> Rendition | None:
        if digest in self._known:
            return self._known[digest]
        try:
            manifest = json.loads(self._manifest_path(digest).read_text(encoding="utf-8"))
            rendition = _rendition(manifest)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        names = [v.name for v in rendition.variants] + (
            [rendition.share] if rendition.share else []
        )
        if not all((self.files_dir / name).is_file() for name in names):
            return None
        self._known[digest] = rendition
        return rendition

    def _store(self, job: Job, manifest: dict, files: dict[str, bytes]) -> Rendition:
        self.files_dir.mkdir(parents=True, exist_ok=True)
        (self.cache_dir / "manifests").mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            _write_atomically(self.files_dir / name, content)
        # The manifest last: present means every file is.
        _write_atomically(
            self._manifest_path(job.digest), json.dumps(manifest, indent=1).encode("utf-8")
        )
        rendition = _rendition(manifest)
        self._known[job.digest] = rendition
        return rendition


def _rendition(manifest: dict) -> Rendition:
    return Rendition(
        width=int(manifest["width"]),
        height=int(manifest["height"]),
        variants=tuple(
            Variant(str(v["name"]), int(v["width"]), int(v["height"]), str(v["mime"]))
            for v in manifest["variants"]
        ),
        fallback=str(manifest["fallback"]),
        share=manifest.get("share"),
    )


def _write_atomically(path: Path, content: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)
