"""Build benchmark: the essen plugin against stock MkDocs + Material with the same initiatives.

    python -m benchmarks.run [--sizes 350,1000,4000,10000] [--out results.json]

For each N: generate the plugin project and its calibration (`benchmarks.generate`,
`benchmarks.calibration`) in a temporary folder, build both with `mkdocs build` under
`/usr/bin/time -v` and measure the built sites (`benchmarks.measure`), and what a browser
fetches for one page plus one search (`benchmarks.transfer`). Then: the editor preview
(`benchmarks.preview`) at one small N, a profile of the plugin's own work at the largest N
(`benchmarks.profiling`), a phone's cold visits of the repository's own sample site served by
deploy/run-nginx (`transfer.phone_visits`, issue 13), and the image builds (`benchmarks.images`:
every initiative with an image, cold and warm cache, against the build without images).
`benchmarks.report` prints the figures and checks the targets. See BENCHMARKS.md for what each
figure means.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from plugins.essen.loading import id_from_filename, load_site
from plugins.essen.pages.urls import INITIATIVES_DIR
from tests.conftest import make_project

from . import images, report
from .calibration import write_calibration
from .generate import DEFAULT_SEED, generate_data, write_project
from .measure import build, machine_info, measure_indexer, search_engine, site_figures
from .preview import PREVIEW_N, preview
from .profiling import profile
from .transfer import measure_transfer, phone_visits

DEFAULT_SIZES = (350, 1000, 4000, 10000)
DEFAULT_QUERY = "Sensoren"


def document_frequency(data: dict, word: str) -> int:
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.I)
    return sum(
        1
        for record in data["initiatives"].values()
        if pattern.search(record["title"] + " " + record["summary"] + " " + record["description"])
    )


def _say(text: str) -> None:
    print(f"  {text}", file=sys.stderr, flush=True)


def measure_project(
    label: str, source: Path, folder: Path, n: int, page_path: str, args: argparse.Namespace
) -> dict[str, object]:
    """Build one project, then its site figures and the browser's transfer."""
    site_dir = folder / f"{label}-site"
    _say(f"N={n}: building {label} …")
    figures = build(source, site_dir, folder / f"{label}-build.log", args.repeat)
    figures["build_wall_s"] = figures["wall_s"]
    if search_engine(site_dir) == "pagefind":
        _say(f"N={n}: indexing {label} again, alone …")
        indexer = measure_indexer(site_dir, folder)
        indexer["run_by"] = "the build; run again alone (already inside the build figures)"
        figures["indexer"] = indexer
    figures["ms_per_initiative"] = round(1000 * float(figures["wall_s"]) / n, 2)
    figures.update(site_figures(site_dir))
    _say(f"N={n}: browser visit of {label} …")
    figures["transfer"] = measure_transfer(site_dir, page_path, args.query, args.browser)
    if args.browser and label == "plugin":
        # Issue 13: a phone's cold visit of the home page and the initiative page, images included.
        figures["phone"] = phone_visits(site_dir, {"home": "", "initiative": page_path})
    return figures


def run_size(n: int, args: argparse.Namespace, work: Path, largest: bool) -> dict[str, object]:
    folder = work / f"n{n}"
    folder.mkdir()
    start = time.perf_counter()
    data = generate_data(n, args.seed)
    project = write_project(folder / "plugin", data)
    calibration = write_calibration(folder / "calibration", data)
    generated = time.perf_counter() - start
    stem = sorted(data["initiatives"])[n // 2]
    page_path = f"{INITIATIVES_DIR}/{id_from_filename(stem)}/"
    result: dict[str, object] = {
        "n": n,
        "generate_s": round(generated, 2),
        "partners": len(data["partners"]),
        "contacts": len(data["contacts"]),
        "news": len(data["news"]),
        "events": len(data["events"]),
        "page": page_path,
        "query": args.query,
        "query_document_frequency": document_frequency(data, args.query),
    }
    for label, source in (("plugin", project), ("calibration", calibration)):
        result[label] = measure_project(label, source, folder, n, page_path, args)
    plugin, calibration_figures = result["plugin"], result["calibration"]
    assert isinstance(plugin, dict) and isinstance(calibration_figures, dict)
    result["ratio_wall"] = round(float(plugin["wall_s"]) / float(calibration_figures["wall_s"]), 2)
    result["ratio_cpu"] = round(float(plugin["cpu_s"]) / float(calibration_figures["cpu_s"]), 2)
    if largest and args.profile:
        _say(f"N={n}: profiling …")
        result["profile"] = profile(project, folder)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return result


def sample_phone(work: Path) -> dict[str, object]:
    """The repository's own project (its data/ with the sample images), built and visited on a
    phone: the home page and the first initiative (by id) that has an image."""
    folder = work / "sample"
    project = make_project(folder)
    site_dir = folder / "site"
    _say("sample site: building …")
    figures = build(project, site_dir, folder / "build.log", 1)
    site = load_site(project / "data", project)
    with_image = [i for i in site.initiatives if i.image] or list(site.initiatives)
    page = f"{INITIATIVES_DIR}/{min(i.id for i in with_image)}/"
    _say("sample site: phone visits …")
    return {
        "build_wall_s": figures["wall_s"],
        "visits": phone_visits(site_dir, {"home": "", "initiative": page}),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="comma-separated numbers of initiatives, e.g. 50 for a quick smoke run",
    )
    parser.add_argument("--out", type=Path, help="write all figures as JSON here")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--repeat", type=int, default=1, help="builds per project; best counts")
    parser.add_argument("--query", default=DEFAULT_QUERY, help="the word searched once")
    parser.add_argument("--preview-n", type=int, default=PREVIEW_N, help="0 skips the preview")
    parser.add_argument(
        "--images-n",
        type=int,
        default=images.DEFAULT_N,
        help="initiatives of the image builds (each with an image; 0 skips them)",
    )
    parser.add_argument("--no-browser", dest="browser", action="store_false")
    parser.add_argument("--no-profile", dest="profile", action="store_false")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    parser.add_argument("--workdir", type=Path, help="parent of the temporary folder")
    return parser.parse_args(argv)


def _measure_all(args: argparse.Namespace, sizes: list[int], work: Path, out: dict) -> None:
    """Every size, then the preview; `out` is written after each so a long run loses nothing."""
    results: list[dict] = []
    out["results"] = results
    for n in sizes:
        result = run_size(n, args, work, largest=n == max(sizes))
        results.append(result)
        print("\n" + report.format_size(result), flush=True)
        if "profile" in result:
            print(f"\nProfile at N={n}:\n{result['profile']}", flush=True)
        _write(args.out, out)
    if args.preview_n:
        _say(f"preview at N={args.preview_n} …")
        (work / "preview").mkdir()
        out["preview"] = preview(work / "preview", args.preview_n, args.seed)
        print("\n" + report.format_preview(out["preview"]), flush=True)
        _write(args.out, out)
    if args.browser:
        out["sample_phone"] = sample_phone(work)
        visits = out["sample_phone"]["visits"]
        print("\n" + "\n".join(report.format_phone(visits, "the sample site")), flush=True)
        _write(args.out, out)
    if args.images_n:
        _say(f"image builds at N={args.images_n} …")
        (work / "images").mkdir()
        out["images"] = images.run(args.images_n, args.seed, work / "images", args.browser)
        print("\n" + report.format_images(out["images"]), flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    machine = machine_info()
    print(report.format_machine(machine), flush=True)
    work = Path(tempfile.mkdtemp(prefix="essen-bench-", dir=args.workdir))
    out: dict = {"machine": machine, "sizes": sizes, "seed": args.seed}
    try:
        _measure_all(args, sizes, work, out)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"\nkept: {work}", file=sys.stderr)
    print("\nSummary (plugin; RSS = largest process incl. a separately measured indexer):")
    print(report.format_summary(out["results"]))
    print("\nTargets of issues 6 and 13:")
    targets = report.check_targets(out["results"], out.get("preview"))
    targets += report.check_phone_targets(_phones(out))
    targets += report.check_images(out.get("images"))
    print("\n".join(f"  {line}" for line in targets))
    out["targets"] = targets
    machine["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    _write(args.out, out)
    return 0


def _phones(out: dict) -> dict[str, dict]:
    """Every site visited on a phone in this run, by a label for the targets."""
    phones = {}
    if "sample_phone" in out:
        phones["sample site"] = out["sample_phone"]["visits"]
    for result in out["results"]:
        if "phone" in result["plugin"]:
            phones[f"N = {result['n']}"] = result["plugin"]["phone"]
    if "phone" in out.get("images", {}):
        phones[f"N = {out['images']['n']} with images"] = out["images"]["phone"]
    return phones


def _write(path: Path | None, out: dict) -> None:
    if path:
        path.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
