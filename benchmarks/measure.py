"""Measuring one build: wall and CPU time, peak memory per process, and the built site's figures.

Builds run in a subprocess under `/usr/bin/time -v` (see BENCHMARKS.md for what its peak RSS
means); a sampler reads /proc to say which process had the peak.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import os
import platform
import re
import subprocess
import sys
import threading
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from plugins.essen.search_index import BUNDLE_DIR, build_search_index, bundle_name

REPO = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
KB = 1024


def env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def gzip_size(data: bytes) -> int:
    """Bytes on the wire with gzip level 6 (nginx' usual level); already compressed data
    (Pagefind's chunks, images, fonts) is sent as it is when gzip would not make it smaller."""
    return min(len(data), len(gzip.compress(data, compresslevel=6)))


# --------------------------------------------------------------------------- machine


def machine_info() -> dict[str, object]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram_kb = 0
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_kb = int(line.split()[1])
    versions = {}
    for module, dist in (
        ("mkdocs", "mkdocs"),
        ("material", "mkdocs-material"),
        ("mkdocs_macros", "mkdocs-macros-plugin"),
        ("pagefind", "pagefind"),
    ):
        try:
            versions[module] = version(dist)
        except PackageNotFoundError:
            versions[module] = None
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(ram_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        "load_average_at_start": [round(x, 2) for x in load],
        "date": dt.datetime.now().isoformat(timespec="seconds"),
    }


# --------------------------------------------------------------------------- builds


class BuildFailed(RuntimeError):
    pass


def _children(pid: int) -> list[int]:
    found = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError, ValueError):
                text = Path(f"/proc/{pid}/task/{task}/children").read_text()
                found.extend(int(x) for x in text.split())
    return found


def _peak_kb(pid: int) -> tuple[str, int] | None:
    """Name and peak resident size (VmHWM) of a process, if it still exists."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    name = re.search(r"^Name:\s*(.+)$", text, re.M)
    peak = re.search(r"^VmHWM:\s*(\d+)", text, re.M)
    if not name or not peak:
        return None
    return name.group(1).strip(), int(peak.group(1))


class ProcessTreeSampler:
    """Peak RSS per process of a tree, read from /proc every 50 ms while the root runs.

    /usr/bin/time -v reports one figure: the largest peak among the process and the children it
    waited for. This sampler says which process that was (MkDocs or an indexer it started); a
    process that lives shorter than the interval can be missed, so time's figure is the one
    reported and this breakdown only explains it.
    """

    def __init__(self, root_pid: int) -> None:
        self.root_pid = root_pid
        self.peaks: dict[int, tuple[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> ProcessTreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            stack = [self.root_pid]
            while stack:
                pid = stack.pop()
                stack.extend(_children(pid))
                sample = _peak_kb(pid)
                if sample and sample[1] >= self.peaks.get(pid, ("", 0))[1]:
                    self.peaks[pid] = sample
            self._stop.wait(0.05)

    def by_name(self) -> dict[str, float]:
        result: dict[str, float] = {}
        for pid, (name, kb) in self.peaks.items():
            if pid == self.root_pid and name == "time":
                continue
            result[name] = max(result.get(name, 0.0), round(kb / 1024, 1))
        return result


def _parse_time_v(text: str) -> dict[str, float]:
    def number(label: str) -> float:
        match = re.search(rf"{re.escape(label)}:\s*([\d.:]+)", text)
        if not match:
            return 0.0
        value = match.group(1)
        if ":" in value:
            parts = [float(p) for p in value.split(":")]
            seconds = 0.0
            for part in parts:
                seconds = seconds * 60 + part
            return seconds
        return float(value)

    return {
        "max_rss_mb": round(number("Maximum resident set size (kbytes)") / 1024, 1),
        "user_s": number("User time (seconds)"),
        "system_s": number("System time (seconds)"),
        "elapsed_s": number("Elapsed (wall clock) time (h:mm:ss or m:ss)"),
    }


def timed(command: list[str], cwd: Path, log_path: Path) -> dict[str, object]:
    """Run a command under /usr/bin/time -v; wall time, CPU time, peak RSS, per-process peaks."""
    time_path = log_path.with_suffix(".time")
    full = ["/usr/bin/time", "-v", "-o", str(time_path), *command]
    with log_path.open("wb") as log:
        start = time.perf_counter()
        process = subprocess.Popen(full, cwd=cwd, env=env(), stdout=log, stderr=subprocess.STDOUT)
        with ProcessTreeSampler(process.pid) as sampler:
            returncode = process.wait()
        wall = time.perf_counter() - start
    output = log_path.read_text(encoding="utf-8", errors="replace")
    if returncode != 0:
        raise BuildFailed(f"{' '.join(command)} failed ({returncode}):\n{output[-3000:]}")
    figures = _parse_time_v(time_path.read_text())
    return {
        "wall_s": round(wall, 3),
        "cpu_s": round(figures["user_s"] + figures["system_s"], 2),
        "max_rss_mb": figures["max_rss_mb"],
        "rss_by_process_mb": sampler.by_name(),
        "warnings": sum(1 for line in output.splitlines() if "WARNING" in line),
    }


def build(project: Path, site_dir: Path, log_path: Path, repeat: int) -> dict[str, object]:
    """`mkdocs build` `repeat` times; the fastest run is reported (least disturbed by others)."""
    runs = []
    for _ in range(repeat):
        runs.append(
            timed(
                [
                    sys.executable,
                    "-m",
                    "mkdocs",
                    "build",
                    "--clean",
                    "-f",
                    str(project / "mkdocs.yml"),
                    "-d",
                    str(site_dir),
                ],
                project,
                log_path,
            )
        )
    best = min(runs, key=lambda run: run["wall_s"])
    return {**best, "wall_s_all": [run["wall_s"] for run in runs]}


# The product's indexer in a process of its own, so /usr/bin/time sees only the indexer.
INDEX_CODE = (
    "import sys\n"
    "from pathlib import Path\n"
    "from plugins.essen.search_index import build_search_index\n"
    "build_search_index(Path(sys.argv[1]))\n"
)


def measure_indexer(site_dir: Path, work: Path) -> dict[str, object]:
    """The search indexer alone on a built site, for its own time and peak RSS.

    It rewrites the site's bundles with the same content, as the build's `on_post_build` did.
    """
    figures = timed([sys.executable, "-c", INDEX_CODE, str(site_dir)], REPO, work / "indexer.log")
    figures["command"] = f"{build_search_index.__module__}.{build_search_index.__name__}"
    return figures


# --------------------------------------------------------------------------- site figures


def folder_bytes(folder: Path) -> tuple[int, int]:
    total = files = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            with contextlib.suppress(OSError):
                total += os.stat(os.path.join(root, name)).st_size
                files += 1
    return total, files


def pagefind_bundles(site_dir: Path) -> list[Path]:
    """`pagefind/`, `pagefind-2/`, … as the product's indexer names them (one per bundle)."""
    bundles: list[Path] = []
    while (folder := site_dir / bundle_name(len(bundles) + 1)).is_dir():
        bundles.append(folder)
    return bundles


def search_engine(site_dir: Path) -> str:
    if (site_dir / BUNDLE_DIR).is_dir():
        return "pagefind"
    if (site_dir / "search" / "search_index.json").is_file():
        return "material"
    return "none"


def site_figures(site_dir: Path) -> dict[str, object]:
    total, files = folder_bytes(site_dir)
    index = (site_dir / "initiativen" / "index.html").read_bytes()
    engine = search_engine(site_dir)
    figures: dict[str, object] = {
        "site_mb": round(total / MB, 1),
        "files": files,
        "initiatives_index_kb": round(len(index) / KB, 1),
        "initiatives_index_gzip_kb": round(gzip_size(index) / KB, 1),
        "search_engine": engine,
    }
    if engine == "material":
        data = (site_dir / "search" / "search_index.json").read_bytes()
        figures["search_index_mb"] = round(len(data) / MB, 2)
        figures["search_index_gzip_kb"] = round(gzip_size(data) / KB, 1)
    elif engine == "pagefind":
        bundles = pagefind_bundles(site_dir)
        sizes = [folder_bytes(bundle) for bundle in bundles]
        figures["pagefind_mb"] = round(sum(size for size, _ in sizes) / MB, 2)
        figures["pagefind_files"] = sum(count for _, count in sizes)
        figures["pagefind_bundles"] = len(bundles)
    return figures
