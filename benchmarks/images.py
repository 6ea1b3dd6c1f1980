"""Images benchmark (issue 13): build time with an image on every initiative, cold and warm
cache, against the same build without images; and what a phone fetches on a cold visit.

    .venv/bin/python -m benchmarks.images [--n 350] [--out images.json]

`python -m benchmarks.run` runs the same (`--images-n`, default 350, 0 skips it); this command
runs it alone.

The same synthetic initiatives (`benchmarks.generate`, same seed) are written twice: once with
`image:` on every initiative (each its own 1600 × 900 JPEG, drawn by `generate.draw_image`),
once with the default two. Built with `mkdocs build` under `/usr/bin/time -v`:

1. without images (the default two, their cache warm);
2. with images, cache empty (every image decoded, resized, encoded);
3. with images again, cache kept (nothing encoded: the build log says so, and it is checked).

Then the phone visits (`transfer.phone_visits`: Chromium at 412 px, DPR 1.75, the site served
by deploy/run-nginx) of the home page and of one initiative page of the site with images: the
bytes Chromium received, bodies as nginx encoded them; target ≤ 350 KB for the home page.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from plugins.essen.images import CACHE_DIR, CACHE_ENV
from plugins.essen.loading import id_from_filename
from plugins.essen.pages.urls import INITIATIVES_DIR

from .generate import DEFAULT_SEED, generate_data, write_project
from .measure import build, machine_info
from .report import format_images
from .transfer import phone_visits

DEFAULT_N = 350
COUNTS = re.compile(r"(\d+) Bilder, davon (\d+) neu verarbeitet, (\d+) aus dem Zwischenspeicher")


def _say(text: str) -> None:
    print(f"  {text}", file=sys.stderr, flush=True)


def _counts(log: Path) -> dict[str, int] | None:
    found = COUNTS.search(log.read_text(encoding="utf-8", errors="replace"))
    if not found:
        return None
    total, encoded, cached = map(int, found.groups())
    return {"images": total, "encoded": encoded, "from_cache": cached}


def _build(project: Path, site: Path, log: Path) -> dict[str, object]:
    figures = build(project, site, log, 1)
    figures["image_counts"] = _counts(log)
    return figures


def run(n: int, seed: int, work: Path, browser: bool) -> dict[str, object]:
    """The three builds and the phone visits; see the module docstring."""
    # The project's own cache folder (.cache/essen-images/), not one named from outside (the
    # tests name one); the caller's setting is restored afterwards.
    named = os.environ.pop(CACHE_ENV, None)
    try:
        return _run(n, seed, work, browser)
    finally:
        if named is not None:
            os.environ[CACHE_ENV] = named


def _run(n: int, seed: int, work: Path, browser: bool) -> dict[str, object]:
    _say(f"N={n}: writing the projects (drawing {n} images) …")
    plain = write_project(work / "plain", generate_data(n, seed))
    with_images = write_project(work / "images", generate_data(n, seed, images=n))
    source_bytes = sum(p.stat().st_size for p in (with_images / "data" / "images").iterdir())
    result: dict[str, object] = {
        "n": n,
        "seed": seed,
        "source_images_mb": round(source_bytes / 1e6, 1),
    }
    _say("build without images (its two images cached first) …")
    _build(plain, work / "plain-site", work / "plain-warmup.log")
    result["without_images"] = _build(plain, work / "plain-site", work / "plain.log")
    _say("build with images, cold cache …")
    shutil.rmtree(with_images / CACHE_DIR, ignore_errors=True)
    result["cold"] = _build(with_images, work / "images-site", work / "cold.log")
    _say("build with images, warm cache …")
    result["warm"] = _build(with_images, work / "images-site", work / "warm.log")
    cache = with_images / CACHE_DIR / "files"
    result["cache_mb"] = round(sum(p.stat().st_size for p in cache.iterdir()) / 1e6, 1)
    site = work / "images-site"
    result["published_images"] = len(list((site / "assets" / "images").glob("*.*.*")))
    if browser:
        stem = sorted(generate_data(n, seed, images=n)["initiatives"])[n // 2]
        page = f"{INITIATIVES_DIR}/{id_from_filename(stem)}/"
        _say("phone visits …")
        result["phone"] = phone_visits(site, {"home": "", "initiative": page})
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.images", description=__doc__.split("\n\n")[0])  # fmt: skip
    parser.add_argument("--n", type=int, default=DEFAULT_N)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    parser.add_argument("--no-browser", dest="browser", action="store_false")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="essen-images-bench-"))
    try:
        result = run(args.n, args.seed, work, args.browser)
        result["machine"] = machine_info()
    finally:
        if args.keep:
            print(f"kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(format_images(result))
    if args.out:
        args.out.write_text(
            json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
