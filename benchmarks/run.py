"""Build benchmark: the essen plugin against stock MkDocs + Material with the same initiatives.

    python -m benchmarks.run [--sizes 350,1000,4000,10000] [--out results.json]

For each N: generate the plugin project and its calibration (benchmarks.generate) in a temporary
folder, build both with `mkdocs build` under `/usr/bin/time -v`, and measure the built sites
(size, the initiative index, what a browser fetches for one page plus one search). Then: the
editor preview (`mkdocs serve`, default and `--dirty`) at one small N, and a profile of the
plugin's own work at the largest N. See BENCHMARKS.md for what each figure means.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import functools
import gzip
import html
import http.server
import importlib.util
import json
import os
import platform
import pstats
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from . import generate

DEFAULT_SIZES = (350, 1000, 4000, 10000)
DEFAULT_QUERY = "Sensoren"
PREVIEW_N = 350
PREVIEW_EDITS = 3
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# Where a search engine shows its results; the first that appears ends the wait.
RESULT_SELECTORS = (
    ".md-search-result__item",
    ".pagefind-ui__result",
    "[data-pagefind-result]",
    "[data-search-result]",
)
SEARCH_INPUTS = (
    "input.md-search__input",
    "header input[type=search]",
    ".pagefind-ui__search-input",
    "input[type=search]",
)
BUNDLE_NAME = re.compile(r"pagefind(-\d+)?")
BUNDLE_PATH = re.compile(r"/pagefind(-\d+)?/")
REPO = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
KB = 1024

# Targets of issue 6, checked at the end of a run (None: no limit at that N).
TARGET_LINEAR_FACTOR = 1.2
TARGET_CALIBRATION_FACTOR = 1.3
TARGET_RSS_MB = {4000: 1024, 10000: 2048}
TARGET_TRANSFER_KB = {4000: 400}
TARGET_INDEX_KB = {4000: 600}
TARGET_PREVIEW_S = 2.0


def _env() -> dict[str, str]:
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
            from importlib.metadata import version

            versions[module] = version(dist)
        except Exception:
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
        process = subprocess.Popen(full, cwd=cwd, env=_env(), stdout=log, stderr=subprocess.STDOUT)
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


INDEX_CODE = (
    "import sys\n"
    "from pathlib import Path\n"
    "from plugins.essen.search_index import build_search_index\n"
    "build_search_index(Path(sys.argv[1]))\n"
)


def project_indexer() -> bool:
    """Whether the project has its own search indexer (plugins/essen/search_index.py)."""
    try:
        return importlib.util.find_spec("plugins.essen.search_index") is not None
    except ImportError:
        return False


def measure_indexer(site_dir: Path, work: Path) -> dict[str, object]:
    """The search indexer alone on a built site, for its own time and peak RSS.

    The project's indexer (bundles of Pagefind runs) rewrites the site's bundles with the same
    content; without it, plain Pagefind writes into a separate folder.
    """
    if project_indexer():
        command = [sys.executable, "-c", INDEX_CODE, str(site_dir)]
        label = "plugins.essen.search_index.build_search_index"
    else:
        output = work / "pagefind-check"
        command = [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site_dir),
            "--output-path",
            str(output),
        ]
        label = "python -m pagefind"
    figures = timed(command, REPO, work / "indexer.log")
    figures["command"] = label
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
    """`pagefind/`, `pagefind-2/`, … (the project indexes large sites in several bundles)."""
    return sorted(
        (p for p in site_dir.iterdir() if p.is_dir() and BUNDLE_NAME.fullmatch(p.name)),
        key=lambda p: (len(p.name), p.name),
    )


def search_engine(site_dir: Path) -> str:
    if (site_dir / "pagefind").is_dir():
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


# --------------------------------------------------------------------------- what a browser fetches


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _local_file(site_dir: Path, base: str, url: str) -> Path | None:
    if not url.startswith(base):
        return None
    path = unquote(urlsplit(url).path)
    if path.endswith("/"):
        path += "index.html"
    candidate = (site_dir / path.lstrip("/")).resolve()
    if site_dir.resolve() not in candidate.parents or not candidate.is_file():
        return None
    return candidate


def _category(url: str) -> str:
    path = urlsplit(url).path
    if BUNDLE_PATH.search(path) or path.endswith("search_index.json") or "/lunr/" in path:
        return "search"
    if "/workers/" in path:
        return "search"
    suffix = Path(path).suffix.lower()
    if path.endswith("/") or suffix == ".html":
        return "html"
    return {
        ".css": "css",
        ".js": "js",
        ".mjs": "js",
        ".woff": "fonts",
        ".woff2": "fonts",
        ".ttf": "fonts",
        ".svg": "images",
        ".png": "images",
        ".ico": "images",
        ".jpg": "images",
        ".webp": "images",
    }.get(suffix, "other")


@dataclass
class Transfer:
    method: str
    entries: dict[str, dict[str, object]] = field(default_factory=dict)
    visit_urls: set[str] = field(default_factory=set)
    note: str = ""
    results_seen: int | None = None

    def add(self, url: str, data: bytes, status: int = 200, phase: str = "visit") -> None:
        if url in self.entries:
            return
        self.entries[url] = {
            "bytes": len(data),
            "gzip": gzip_size(data),
            "status": status,
            "category": _category(url),
            "phase": phase,
        }
        if phase == "visit":
            self.visit_urls.add(url)

    def summary(self) -> dict[str, object]:
        def total(phases: set[str]) -> float:
            return round(
                sum(int(e["gzip"]) for e in self.entries.values() if e["phase"] in phases) / KB, 1
            )

        by_category: dict[str, float] = {}
        for entry in self.entries.values():
            key = str(entry["category"])
            by_category[key] = round(by_category.get(key, 0) + int(entry["gzip"]) / KB, 1)
        return {
            "method": self.method,
            "note": self.note,
            "requests": len(self.entries),
            "visit_gzip_kb": total({"visit"}),
            "visit_and_search_gzip_kb": total({"visit", "search"}),
            "by_category_gzip_kb": by_category,
            "results_seen": self.results_seen,
            "largest": sorted(
                (
                    {"url": urlsplit(u).path, "gzip_kb": round(int(e["gzip"]) / KB, 1)}
                    for u, e in self.entries.items()
                ),
                key=lambda item: -float(item["gzip_kb"]),
            )[:5],
        }


def transfer_in_browser(site_dir: Path, page_path: str, query: str) -> Transfer:
    """Open one page cold in headless Chromium, search once in the header, record every response.

    Bodies are read from the served files (the server sends them unchanged), so even a search
    index of tens of MB is counted exactly; each is gzip-compressed to estimate the transfer.
    """
    from playwright.sync_api import sync_playwright

    transfer = Transfer("playwright")
    with serve(site_dir) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            responses: list[tuple[str, int, str]] = []
            inflight = {"count": 0, "last": time.monotonic()}
            phase = {"name": "visit"}

            def on_request(_request: object) -> None:
                inflight["count"] += 1
                inflight["last"] = time.monotonic()

            def on_done(_request: object) -> None:
                inflight["count"] -= 1
                inflight["last"] = time.monotonic()

            context.on("request", on_request)
            context.on("requestfinished", on_done)
            context.on("requestfailed", on_done)
            context.on("response", lambda r: responses.append((r.url, r.status, phase["name"])))
            page = context.new_page()
            page.goto(base + page_path, wait_until="networkidle", timeout=300_000)

            phase["name"] = "search"
            box = None
            for selector in SEARCH_INPUTS:
                candidate = page.locator(selector).first
                if candidate.count() and candidate.is_visible():
                    box = candidate
                    break
            if box is None:
                transfer.note = "no visible search box found; visit only"
            else:
                box.click()
                box.press_sequentially(query, delay=40)
                results = page.locator(", ".join(RESULT_SELECTORS))
                deadline = time.monotonic() + 180
                # Results, then a quiet network (1 s without requests), or give up at the deadline.
                while time.monotonic() < deadline:
                    quiet = inflight["count"] <= 0 and time.monotonic() - inflight["last"] > 1.0
                    if quiet and results.count():
                        break
                    page.wait_for_timeout(100)
                transfer.results_seen = results.count()
                if not transfer.results_seen:
                    transfer.note = "search showed no result element (see RESULT_SELECTORS)"

            for url, status, name in responses:
                local = _local_file(site_dir, base, url)
                data = local.read_bytes() if local else b""
                transfer.add(url, data, status, name)
        finally:
            browser.close()
    return transfer


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.config = ""
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        rel = (a.get("rel") or "").split()
        if tag == "link" and ("stylesheet" in rel or "icon" in rel) and a.get("href"):
            self.urls.append(str(a["href"]))
        elif tag in ("script", "img") and a.get("src"):
            self.urls.append(str(a["src"]))
        self._in_config = tag == "script" and a.get("id") == "__config"

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config += data

    def handle_endtag(self, tag: str) -> None:
        self._in_config = False


def transfer_static(site_dir: Path, page_path: str, reason: str) -> Transfer:
    """What a browser would fetch, worked out from the files (no browser available)."""
    transfer = Transfer("static", note=reason)
    base = "http://site.invalid/"
    page_url = base + page_path
    html_path = _local_file(site_dir, base, page_url)
    assert html_path is not None, page_path
    source = html_path.read_bytes()
    transfer.add(page_url, source)
    parser = _Assets()
    parser.feed(source.decode("utf-8"))
    urls = [urljoin(page_url, u) for u in parser.urls]
    for url in list(urls):
        local = _local_file(site_dir, base, url)
        if local and local.suffix == ".css":
            for ref in re.findall(rb"url\(([^)]+\.woff2)\)", local.read_bytes()):
                urls.append(urljoin(url, ref.decode().strip("'\"")))
    for url in urls:
        local = _local_file(site_dir, base, url)
        if local:
            transfer.add(url, local.read_bytes())
    engine = search_engine(site_dir)
    if engine == "material" and parser.config:
        worker = json.loads(parser.config).get("search")
        searched = [urljoin(page_url, worker)] if worker else []
        searched.append(base + "search/search_index.json")
        lang = "de"
        searched += [
            base + "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
            base + f"assets/javascripts/lunr/min/lunr.{lang}.min.js",
        ]
        for url in searched:
            local = _local_file(site_dir, base, url)
            if local:
                transfer.add(url, local.read_bytes(), phase="search")
    elif engine == "pagefind":
        bundles = pagefind_bundles(site_dir)
        first = bundles[0]
        wasm = sorted(first.glob("wasm.de.pagefind")) or sorted(first.glob("wasm.*.pagefind"))
        for name in ["bundles.json", "pagefind.js", *(p.name for p in wasm[:1])]:
            if (first / name).is_file():
                transfer.add(
                    base + f"{first.name}/{name}", (first / name).read_bytes(), phase="search"
                )
        for bundle in bundles:
            # Each bundle: its entry and metadata, and (which chunk holds the word needs
            # Pagefind's own lookup) its largest index chunk as an upper bound.
            for path in [
                bundle / "pagefind-entry.json",
                *sorted(bundle.glob("pagefind.*.pf_meta"))[:1],
            ]:
                if path.is_file():
                    transfer.add(
                        base + f"{bundle.name}/{path.name}", path.read_bytes(), phase="search"
                    )
            chunks = sorted((bundle / "index").glob("*.pf_index"), key=lambda p: p.stat().st_size)
            if chunks:
                url = base + f"{bundle.name}/index/{chunks[-1].name}"
                transfer.add(url, chunks[-1].read_bytes(), phase="search")
        for path in sorted((first / "fragment").glob("*.pf_fragment"))[:10]:
            url = base + f"{first.name}/fragment/{path.name}"
            transfer.add(url, path.read_bytes(), phase="search")
        transfer.note += " (Pagefind: the largest index chunk of each bundle and 10 fragments, an upper estimate)"
    return transfer


def measure_transfer(site_dir: Path, page_path: str, query: str, browser: bool) -> dict:
    if browser:
        try:
            return transfer_in_browser(site_dir, page_path, query).summary()
        except Exception as error:  # the browser is optional: fall back, and say so
            return transfer_static(
                site_dir, page_path, f"browser failed: {error!r}"[:300]
            ).summary()
    return transfer_static(site_dir, page_path, "browser disabled").summary()


# --------------------------------------------------------------------------- preview


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, text: str | None, timeout: float) -> float | None:
    """Seconds until `url` answers (and contains `text`), polled every 50 ms; None on timeout."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = _fetch(url)
        if body is not None and (text is None or text in body):
            return time.perf_counter() - start
        time.sleep(0.05)
    return None


def measure_preview(
    project: Path,
    source: Path,
    page_path: str,
    retitle: Callable[[str, int], tuple[str, str]],
    dirty: bool,
    log: Path,
) -> dict[str, object]:
    """Start `mkdocs serve`, save `source` with a new title, time until the page shows it."""
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "-f",
        str(project / "mkdocs.yml"),
        "-a",
        f"127.0.0.1:{port}",
        *(["--dirty"] if dirty else []),
    ]
    original = source.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}/{page_path}"
    times: list[float | None] = []
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=project, env=_env(), stdout=out, stderr=subprocess.STDOUT
        )
        try:
            startup = _wait_for(url, None, 900)
            if startup is None:
                raise BuildFailed(f"mkdocs serve did not answer: {log}")
            # Let the watcher settle after the first build before the first save.
            time.sleep(1.0)
            for edit in range(1, PREVIEW_EDITS + 1):
                text, title = retitle(original, edit)
                start = time.perf_counter()
                source.write_text(text, encoding="utf-8")
                seconds = _wait_for(url, html.escape(title, quote=False), 300)
                times.append(None if seconds is None else round(time.perf_counter() - start, 2))
                time.sleep(1.5)
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            source.write_text(original, encoding="utf-8")
    measured = [t for t in times if t is not None]
    return {
        "dirty": dirty,
        "startup_s": round(startup, 1),
        "edits_s": times,
        "median_s": round(statistics.median(measured), 2) if measured else None,
    }


def _retitle_yaml(original: str, edit: int) -> tuple[str, str]:
    lines = original.split("\n")
    title = (
        json.loads(lines[0].split(":", 1)[1].strip())
        if lines[0].startswith('title: "')
        else (lines[0].split(":", 1)[1].strip())
    )
    new_title = f"{title} – Änderung {edit}"
    lines[0] = f"title: {json.dumps(new_title, ensure_ascii=False)}"
    return "\n".join(lines), new_title


def _retitle_markdown(original: str, edit: int) -> tuple[str, str]:
    front, body = original.split("\n---\n", 1)
    title = json.loads(front.split("\n")[1].split(":", 1)[1].strip())
    new_title = f"{title} – Änderung {edit}"
    front = front.replace(
        json.dumps(title, ensure_ascii=False), json.dumps(new_title, ensure_ascii=False), 1
    )
    body = body.replace(f"# {title}\n", f"# {new_title}\n", 1)
    return front + "\n---\n" + body, new_title


def preview(work: Path, n: int, seed: int) -> dict[str, object]:
    data = generate.generate_data(n, seed)
    stem = sorted(data["initiatives"])[n // 2]
    initiative_id = generate.id_from_filename(stem)
    page_path = f"initiativen/{initiative_id}/"
    project = generate.write_project(work / "preview-plugin", data)
    calibration = generate.write_calibration(work / "preview-calibration", data)
    results: dict[str, object] = {"n": n, "page": page_path}
    for dirty in (False, True):
        key = "dirty" if dirty else "default"
        results[f"plugin_{key}"] = measure_preview(
            project,
            project / "data" / "initiatives" / f"{stem}.yml",
            page_path,
            _retitle_yaml,
            dirty,
            work / f"serve-plugin-{key}.log",
        )
        results[f"calibration_{key}"] = measure_preview(
            calibration,
            calibration / "docs" / "initiativen" / f"{initiative_id}.md",
            page_path,
            _retitle_markdown,
            dirty,
            work / f"serve-calibration-{key}.log",
        )
    return results


# --------------------------------------------------------------------------- profile

# Where a build's time goes: (label, file fragment, function name) of the entry points.
PROFILE_GROUPS = (
    (
        "essen plugin: on_config (load_site, renderer, home fragments)",
        "plugins/essen/plugin.py",
        "on_config",
    ),
    ("essen plugin: on_files (site_pages, File.generated)", "plugins/essen/plugin.py", "on_files"),
    ("essen: load_site", "plugins/essen/loading.py", "load_site"),
    ("essen: site_pages (templates)", "plugins/essen/pages/__init__.py", "site_pages"),
    ("essen plugin: on_nav", "plugins/essen/plugin.py", "on_nav"),
    ("essen plugin: on_post_build", "plugins/essen/plugin.py", "on_post_build"),
    ("MkDocs: _populate_page (Markdown → HTML)", "mkdocs/commands/build.py", "_populate_page"),
    ("MkDocs: _build_page (theme templates, write)", "mkdocs/commands/build.py", "_build_page"),
    ("Markdown.convert", "markdown/core.py", "convert"),
    ("macros plugin: on_page_markdown", "mkdocs_macros/plugin.py", "on_page_markdown"),
    ("search: on_page_context", "search/plugin.py", "on_page_context"),
    ("search: on_post_build (index)", "search/plugin.py", "on_post_build"),
    ("MkDocs: get_files", "mkdocs/structure/files.py", "get_files"),
    ("MkDocs: validate links", "mkdocs/structure/pages.py", "validate_anchor_links"),
)


def _short(path: str) -> str:
    for marker in ("site-packages/", "/work/main/", "lib/python3"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def _profile_lines(stats: pstats.Stats, key: str, limit: int, only: str | None = None) -> list[str]:
    rows = []
    for (filename, line, name), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if only and only not in filename:
            continue
        rows.append(
            (
                cumtime if key == "cumulative" else tottime,
                calls,
                tottime,
                cumtime,
                f"{_short(filename)}:{line}({name})",
            )
        )
    rows.sort(reverse=True)
    return [
        f"  {calls:>9} {tottime:9.2f} {cumtime:9.2f}  {where}"
        for _key, calls, tottime, cumtime, where in rows[:limit]
    ]


def profile_child(project: Path, out: Path) -> None:
    """Run in a separate process: profile a whole build, then the plugin's own events alone."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    lines: list[str] = []
    site_dir = out.parent / "profile-site"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    mkdocs_build(config)
    profiler.disable()
    total = time.perf_counter() - start
    config.plugins.on_shutdown()
    stats = pstats.Stats(profiler)
    lines.append(f"Whole build under cProfile: {total:.1f} s (profiling slows Python code down)")
    lines.append("  share   seconds  entry point (cumulative, overlapping)")
    for label, fragment, function in PROFILE_GROUPS:
        cumulative = sum(
            value[3]
            for (filename, _line, name), value in stats.stats.items()  # type: ignore[attr-defined]
            if name == function and fragment in filename.replace("\\", "/")
        )
        if cumulative:
            lines.append(f"  {cumulative / total:5.1%} {cumulative:9.2f}  {label}")
    lines.append("")
    lines.append("Top 15 of the whole build by own time (calls, tottime s, cumtime s):")
    lines.extend(_profile_lines(stats, "tottime", 15))

    # The plugin alone: what load_site and site_pages cost, and where inside them.
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    essen = config.plugins["essen"]
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    essen.on_config(config)
    files = get_files(config)
    essen.on_files(files, config=config)
    profiler.disable()
    alone = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    lines.append("")
    lines.append(f"essen on_config + get_files + on_files alone under cProfile: {alone:.2f} s")
    lines.append("Top 25 by cumulative time (calls, tottime s, cumtime s):")
    lines.extend(_profile_lines(stats, "cumulative", 25))
    lines.append("Top 15 by own time:")
    lines.extend(_profile_lines(stats, "tottime", 15))
    config.plugins.on_shutdown()
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def profile(project: Path, work: Path) -> str:
    out = work / "profile.txt"
    with (work / "profile.log").open("wb") as log:
        subprocess.run(
            [sys.executable, "-m", "benchmarks.run", "--profile-child", str(project), str(out)],
            cwd=REPO,
            env=_env(),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    return out.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- one size


def document_frequency(data: dict, word: str) -> int:
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.I)
    return sum(
        1
        for record in data["initiatives"].values()
        if pattern.search(record["title"] + " " + record["summary"] + " " + record["description"])
    )


def run_size(n: int, args: argparse.Namespace, work: Path, largest: bool) -> dict[str, object]:
    folder = work / f"n{n}"
    folder.mkdir()
    start = time.perf_counter()
    data = generate.generate_data(n, args.seed)
    project = generate.write_project(folder / "plugin", data)
    calibration = generate.write_calibration(folder / "calibration", data)
    generated = time.perf_counter() - start
    stem = sorted(data["initiatives"])[n // 2]
    page_path = f"initiativen/{generate.id_from_filename(stem)}/"
    result: dict[str, object] = {
        "n": n,
        "generate_s": round(generated, 2),
        "partners": len(data["partners"]),
        "contacts": len(data["contacts"]),
        "page": page_path,
        "query": args.query,
        "query_document_frequency": document_frequency(data, args.query),
    }
    for label, source in (("plugin", project), ("calibration", calibration)):
        site_dir = folder / f"{label}-site"
        print(f"  N={n}: building {label} …", file=sys.stderr, flush=True)
        figures = build(source, site_dir, folder / f"{label}-build.log", args.repeat)
        figures["build_wall_s"] = figures["wall_s"]
        if label == "plugin" and search_engine(site_dir) == "none" and project_indexer():
            # The project has an indexer the build does not run yet: run it as the build will,
            # and count it in the plugin's time.
            print(
                f"  N={n}: indexing {label} (not run by the build) …", file=sys.stderr, flush=True
            )
            indexer = measure_indexer(site_dir, folder)
            indexer["run_by"] = "the benchmark, after the build (the build does not run it yet)"
            figures["wall_s"] = round(float(figures["wall_s"]) + float(indexer["wall_s"]), 3)
            figures["cpu_s"] = round(float(figures["cpu_s"]) + float(indexer["cpu_s"]), 2)
            figures["indexer"] = indexer
        elif search_engine(site_dir) == "pagefind":
            print(f"  N={n}: indexing {label} again, alone …", file=sys.stderr, flush=True)
            indexer = measure_indexer(site_dir, folder)
            indexer["run_by"] = "the build; run again alone (already inside the build figures)"
            figures["indexer"] = indexer
        figures["ms_per_initiative"] = round(1000 * float(figures["wall_s"]) / n, 2)
        figures.update(site_figures(site_dir))
        print(f"  N={n}: browser visit of {label} …", file=sys.stderr, flush=True)
        figures["transfer"] = measure_transfer(site_dir, page_path, args.query, args.browser)
        result[label] = figures
    plugin, calibration_figures = result["plugin"], result["calibration"]
    result["ratio_wall"] = round(float(plugin["wall_s"]) / float(calibration_figures["wall_s"]), 2)
    result["ratio_cpu"] = round(float(plugin["cpu_s"]) / float(calibration_figures["cpu_s"]), 2)
    if largest and args.profile:
        print(f"  N={n}: profiling …", file=sys.stderr, flush=True)
        result["profile"] = profile(project, folder)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return result


# --------------------------------------------------------------------------- report


def _peak(figures: dict) -> float:
    peaks = [float(figures["max_rss_mb"])]
    if "indexer" in figures:
        peaks.append(float(figures["indexer"]["max_rss_mb"]))
    return max(peaks)


def format_size(result: dict) -> str:
    p, c = result["plugin"], result["calibration"]
    pt, ct = p["transfer"], c["transfer"]
    rows = [
        ("wall time s (fastest build + index)", p["wall_s"], c["wall_s"], result["ratio_wall"]),
        (
            "  builds, every run",
            " ".join(map(str, p["wall_s_all"])),
            " ".join(map(str, c["wall_s_all"])),
            "",
        ),
        ("CPU time s (user+sys)", p["cpu_s"], c["cpu_s"], result["ratio_cpu"]),
        ("ms per initiative (wall)", p["ms_per_initiative"], c["ms_per_initiative"], ""),
        ("peak RSS MB, build (/usr/bin/time)", p["max_rss_mb"], c["max_rss_mb"], ""),
        (
            "  per process MB (sampled)",
            _fmt_dict(p["rss_by_process_mb"]),
            _fmt_dict(c["rss_by_process_mb"]),
            "",
        ),
        (
            "site size MB (files)",
            f"{p['site_mb']} ({p['files']})",
            f"{c['site_mb']} ({c['files']})",
            "",
        ),
        (
            "/initiativen/ gzip KB",
            p["initiatives_index_gzip_kb"],
            c["initiatives_index_gzip_kb"],
            "",
        ),
        ("search engine", p["search_engine"], c["search_engine"], ""),
        ("cold visit gzip KB", pt["visit_gzip_kb"], ct["visit_gzip_kb"], ""),
        (
            "cold visit + first search gzip KB",
            pt["visit_and_search_gzip_kb"],
            ct["visit_and_search_gzip_kb"],
            "",
        ),
        (
            "  requests / results shown",
            f"{pt['requests']} / {pt['results_seen']}",
            f"{ct['requests']} / {ct['results_seen']}",
            "",
        ),
        ("build warnings", p["warnings"], c["warnings"], ""),
    ]
    for key, label in (
        ("search_index_gzip_kb", "search_index.json gzip KB"),
        ("pagefind_mb", "pagefind/ MB"),
    ):
        if key in p or key in c:
            rows.append((label, p.get(key, "–"), c.get(key, "–"), ""))
    if "indexer" in p:
        ix = p["indexer"]
        rows[2:2] = [
            ("  search index s / peak MB", f"{ix['wall_s']} / {ix['max_rss_mb']}", "–", ""),
            ("  search index per process MB", _fmt_dict(ix["rss_by_process_mb"]), "–", ""),
        ]
    if "pagefind_bundles" in p:
        rows.append(("Pagefind bundles", p["pagefind_bundles"], "–", ""))
    width = max(len(r[0]) for r in rows)
    lines = [
        f"N = {result['n']} initiatives ({result['partners']} partners, {result['contacts']} contacts); "
        f"generated in {result['generate_s']} s",
        f"{'':{width}}  {'plugin':>22}  {'calibration':>22}  {'ratio':>6}",
    ]
    for label, a, b, ratio in rows:
        lines.append(f"{label:{width}}  {a!s:>22}  {b!s:>22}  {ratio!s:>6}")
    lines.append(
        f"transfer method: plugin {pt['method']}, calibration {ct['method']}; page /{result['page']}, "
        f"query »{result['query']}« (in {result['query_document_frequency']} initiatives)"
    )
    if "indexer" in p:
        lines.append(f"  search index: {p['indexer']['command']}, run by {p['indexer']['run_by']}")
    for label, t in (("plugin", pt), ("calibration", ct)):
        if t["note"]:
            lines.append(f"  note ({label}): {t['note']}")
        lines.append(f"  {label} by kind (gzip KB): {_fmt_dict(t['by_category_gzip_kb'])}")
    return "\n".join(lines)


def _fmt_dict(values: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in values.items()) or "–"


def format_summary(results: list[dict]) -> str:
    header = (
        f"{'N':>6} {'wall s':>8} {'calib s':>8} {'ratio':>6} {'ms/init':>8} {'RSS MB':>7} "
        f"{'site MB':>8} {'index KB':>9} {'visit+search KB':>16} {'calib KB':>9}"
    )
    lines = [header]
    for r in results:
        p, c = r["plugin"], r["calibration"]
        lines.append(
            f"{r['n']:>6} {p['wall_s']:>8} {c['wall_s']:>8} {r['ratio_wall']:>6} "
            f"{p['ms_per_initiative']:>8} {_peak(p):>7} {p['site_mb']:>8} "
            f"{p['initiatives_index_gzip_kb']:>9} {p['transfer']['visit_and_search_gzip_kb']:>16} "
            f"{c['transfer']['visit_and_search_gzip_kb']:>9}"
        )
    return "\n".join(lines)


def check_targets(results: list[dict], preview_result: dict | None) -> list[str]:
    by_n = {r["n"]: r for r in results}
    lines = []

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    base = by_n.get(1000)
    for n in (4000, 10000):
        if base and n in by_n:
            factor = by_n[n]["plugin"]["ms_per_initiative"] / base["plugin"]["ms_per_initiative"]
            lines.append(
                f"linear: ms/initiative at {n} = {factor:.2f} × at 1000 (≤ {TARGET_LINEAR_FACTOR}): {verdict(factor <= TARGET_LINEAR_FACTOR)}"
            )
        else:
            lines.append(f"linear at {n}: not measured (needs N=1000 and N={n})")
    for r in results:
        lines.append(
            f"calibration at {r['n']}: wall {r['ratio_wall']} × (≤ {TARGET_CALIBRATION_FACTOR}): "
            f"{verdict(r['ratio_wall'] <= TARGET_CALIBRATION_FACTOR)}; CPU {r['ratio_cpu']} ×"
        )
    for n, limit in TARGET_RSS_MB.items():
        if n in by_n:
            peak = _peak(by_n[n]["plugin"])
            lines.append(f"peak RSS at {n}: {peak} MB (≤ {limit}): {verdict(peak <= limit)}")
        else:
            lines.append(f"peak RSS at {n}: not measured")
    for n, limit in TARGET_TRANSFER_KB.items():
        if n in by_n:
            kb = by_n[n]["plugin"]["transfer"]["visit_and_search_gzip_kb"]
            lines.append(f"cold visit + search at {n}: {kb} KB (≤ {limit}): {verdict(kb <= limit)}")
        else:
            lines.append(f"cold visit + search at {n}: not measured")
    for n, limit in TARGET_INDEX_KB.items():
        if n in by_n:
            kb = by_n[n]["plugin"]["initiatives_index_gzip_kb"]
            lines.append(f"/initiativen/ at {n}: {kb} KB gzip (≤ {limit}): {verdict(kb <= limit)}")
        else:
            lines.append(f"/initiativen/ at {n}: not measured")
    if preview_result:
        for key in ("plugin_default", "plugin_dirty"):
            median = preview_result[key]["median_s"]
            ok = median is not None and median <= TARGET_PREVIEW_S
            lines.append(
                f"preview ({key.split('_')[1]}) at {preview_result['n']}: {median} s (≤ {TARGET_PREVIEW_S}): {verdict(ok)}"
            )
    else:
        lines.append("preview: not measured")
    return lines


def format_machine(machine: dict) -> str:
    v = machine["versions"]
    return (
        f"CPU: {machine['cpu']}, {machine['cores']} cores, RAM {machine['ram_gb']} GB; "
        f"Python {machine['python']}; MkDocs {v.get('mkdocs')}, Material {v.get('material')}, "
        f"macros {v.get('mkdocs_macros')}, Pagefind {v.get('pagefind')}; "
        f"load average at start {machine['load_average_at_start']}"
    )


def format_preview(result: dict) -> str:
    lines = [f"Editor preview at N={result['n']} (save one initiative, poll /{result['page']}):"]
    for key in ("plugin_default", "plugin_dirty", "calibration_default", "calibration_dirty"):
        r = result[key]
        lines.append(
            f"  {key:<20} startup {r['startup_s']:>6} s, after save: {r['edits_s']} s (median {r['median_s']})"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--out", type=Path, help="write all figures as JSON here")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--repeat", type=int, default=1, help="builds per project; best counts")
    parser.add_argument("--query", default=DEFAULT_QUERY, help="the word searched once")
    parser.add_argument("--preview-n", type=int, default=PREVIEW_N, help="0 skips the preview")
    parser.add_argument("--no-browser", dest="browser", action="store_false")
    parser.add_argument("--no-profile", dest="profile", action="store_false")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    parser.add_argument("--workdir", type=Path, help="parent of the temporary folder")
    parser.add_argument(
        "--profile-child", nargs=2, metavar=("PROJECT", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)

    if args.profile_child:
        profile_child(Path(args.profile_child[0]), Path(args.profile_child[1]))
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    machine = machine_info()
    print(format_machine(machine), flush=True)
    work = Path(tempfile.mkdtemp(prefix="essen-bench-", dir=args.workdir))
    results: list[dict] = []
    preview_result = None
    report: dict[str, object] = {"machine": machine, "sizes": sizes, "seed": args.seed}
    try:
        for n in sizes:
            result = run_size(n, args, work, largest=n == max(sizes))
            results.append(result)
            print("\n" + format_size(result), flush=True)
            if "profile" in result:
                print(f"\nProfile at N={n}:\n{result['profile']}", flush=True)
            report["results"] = results
            _write(args.out, report)
        if args.preview_n:
            print(f"\n  preview at N={args.preview_n} …", file=sys.stderr, flush=True)
            (work / "preview").mkdir()
            preview_result = preview(work / "preview", args.preview_n, args.seed)
            print("\n" + format_preview(preview_result), flush=True)
            report["preview"] = preview_result
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"\nkept: {work}", file=sys.stderr)
    print("\nSummary (plugin; RSS = largest process incl. a separately measured indexer):")
    print(format_summary(results))
    print("\nTargets of issue 6:")
    targets = check_targets(results, preview_result)
    print("\n".join(f"  {line}" for line in targets))
    report["targets"] = targets
    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    _write(args.out, report)
    return 0


def _write(path: Path | None, report: dict) -> None:
    if path:
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
