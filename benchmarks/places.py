"""Benchmark of the place pages and maps (issue 14): build-time cost and page sizes at scale.

    python -m benchmarks.places [--sizes 1000,4000] [--repeat 3] [--out results.json]

For each N the synthetic data of `benchmarks.generate` (no images) is loaded as a build loads it
(no MkDocs: the maps and pages are pure functions of the model), then timed, best of `--repeat`:

- the place page family (`pages.places.pages`: /stadtteile/, the 9 Bezirk pages, /karte/ with
  one marker per located initiative), rendered from the real templates;
- the locator maps of every located initiative (`pages.places.initiative_locator`), the part of
  the initiative pages that the maps add.

The one-time work per process (reading and simplifying the borders, label points) is timed apart.
Sizes: the gzip size (level 6) of the bodies of /karte/ and /stadtteile/ as generated, and of
/karte/ with every initiative located (the worst case). The theme around a body (header,
navigation, footer) is the same at every N; measured once on the repository's sample site
(`--sample-site`, a built site folder), it is printed as the constant to add.
The cost must stay linear: the report prints ms per initiative and the 4000/1000 ratio.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from plugins.essen.loading import load_site
from plugins.essen.model import Initiative, Location, Site
from plugins.essen.pages import places
from plugins.essen.pages.render import Renderer
from plugins.essen.places import maps
from plugins.essen.places.gazetteer import gazetteer
from tests.conftest import make_project, write_data

from .generate import DEFAULT_SEED, generate_data

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "overrides" / "essen"
DEFAULT_SIZES = (1000, 4000)


def best_of(repeat: int, work: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def gz(text: str) -> int:
    return len(gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0))


def load(n: int, seed: int, folder: Path) -> Site:
    data = generate_data(n, seed, images=0)
    project = make_project(folder / f"n{n}", lambda d: write_data(d, data))
    return load_site(project / "data", project)


def every_located(site: Site) -> Site:
    """The worst case for /karte/: initiatives without a location get one of a located one."""
    spots = [i.location for i in site.initiatives if i.location is not None]
    initiatives: list[Initiative] = []
    for number, initiative in enumerate(site.initiatives):
        location: Location | None = initiative.location or spots[number % len(spots)]
        initiatives.append(dataclasses.replace(initiative, location=location))
    return dataclasses.replace(site, initiatives=tuple(initiatives))


def measure(site: Site, repeat: int) -> dict[str, object]:
    renderer = Renderer(TEMPLATES)
    located = [i for i in site.initiatives if i.location is not None]
    family_s, generated = best_of(repeat, lambda: list(places.pages(site, renderer)))
    locator_s, _ = best_of(repeat, lambda: [places.initiative_locator(i) for i in located])
    bodies = {page.src_uri: page.body for page in generated}  # type: ignore[union-attr]
    n = len(site.initiatives)
    return {
        "initiatives": n,
        "located": len(located),
        "family_s": round(family_s, 4),
        "locators_s": round(locator_s, 4),
        "ms_per_initiative": round(1000 * (family_s + locator_s) / n, 4),
        "karte_body_kb": round(len(bodies["karte/index.md"].encode()) / 1024, 1),
        "karte_body_gzip_kb": round(gz(bodies["karte/index.md"]) / 1024, 1),
        "stadtteile_body_gzip_kb": round(gz(bodies["stadtteile/index.md"]) / 1024, 1),
        "largest_bezirk_body_gzip_kb": round(
            max(gz(b) for uri, b in bodies.items() if uri.count("/") == 2 and "stadtteile/" in uri)
            / 1024,
            1,
        ),
    }


def chrome_gzip_kb(site_dir: Path) -> dict[str, dict[str, float]]:
    """gzip KB of the whole page and of its article (the generated body) in a built site; the
    difference is the theme around the body, the same at every N (gzip is not additive, so
    it is an estimate)."""
    out = {}
    for path in ("karte/", "stadtteile/"):
        html = (site_dir / path / "index.html").read_text(encoding="utf-8")
        article = re.search(r"<article\b.*?</article>", html, flags=re.S)
        assert article is not None, path
        page, body = gz(html) / 1024, gz(article.group(0)) / 1024
        out[path] = {
            "page": round(page, 1),
            "article": round(body, 1),
            "theme": round(page - body, 1),
        }
    return out


def one_time() -> float:
    """Reading the borders and preparing the paths, once per process."""
    start = time.perf_counter()
    for cached in (
        gazetteer,
        maps.city_projection,
        maps.bezirk_paths,
        maps.locator_paths,
        maps.label_points,
    ):
        cached.cache_clear()
    gazetteer()
    maps.bezirk_paths()
    maps.locator_paths()
    maps.label_points()
    return round(time.perf_counter() - start, 4)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--sample-site", type=Path, help="a built site of the sample data")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[str, object] = {"one_time_s": one_time(), "sizes": {}}
    with tempfile.TemporaryDirectory(prefix="bench-places-") as tmp:
        for n in sizes:
            print(f"  N={n}: generating and loading …", file=sys.stderr, flush=True)
            site = load(n, args.seed, Path(tmp))
            figures = measure(site, args.repeat)
            worst = measure(every_located(site), 1)
            figures["karte_all_located_body_gzip_kb"] = worst["karte_body_gzip_kb"]
            figures["karte_all_located_body_kb"] = worst["karte_body_kb"]
            results["sizes"][str(n)] = figures  # type: ignore[index]
    if args.sample_site:
        results["theme_gzip_kb"] = chrome_gzip_kb(args.sample_site)
    print_report(results)
    if args.out:
        args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


def print_report(results: dict) -> None:
    print(f"Places and maps (one-time per process: {results['one_time_s']:.3f} s)")
    print(
        f"{'N':>6} {'located':>7} {'pages s':>8} {'locators s':>10} {'ms/init':>8} "
        f"{'karte gz KB':>11} {'(all located)':>13} {'stadtteile gz KB':>16} {'Bezirk gz KB':>12}"
    )
    sizes = results["sizes"]
    for n, f in sizes.items():
        print(
            f"{n:>6} {f['located']:>7} {f['family_s']:>8.3f} {f['locators_s']:>10.3f} "
            f"{f['ms_per_initiative']:>8.3f} {f['karte_body_gzip_kb']:>11.1f} "
            f"{f['karte_all_located_body_gzip_kb']:>13.1f} {f['stadtteile_body_gzip_kb']:>16.1f} "
            f"{f['largest_bezirk_body_gzip_kb']:>12.1f}"
        )
    keys = sorted(sizes, key=int)
    if len(keys) >= 2:
        low, high = sizes[keys[0]], sizes[keys[-1]]
        factor = int(keys[-1]) / int(keys[0])
        total = (high["family_s"] + high["locators_s"]) / (low["family_s"] + low["locators_s"])
        print(
            f"linear? time ×{total:.2f} for ×{factor:.0f} initiatives "
            f"(ms per initiative {low['ms_per_initiative']:.3f} → {high['ms_per_initiative']:.3f})"
        )
    if "theme_gzip_kb" in results:
        print(f"theme around the body (sample site, gzip KB, constant): {results['theme_gzip_kb']}")


if __name__ == "__main__":
    raise SystemExit(main())
