"""The editor preview: how soon `mkdocs serve` shows a saved initiative, for the plugin project
and for the calibration, each with and without `--dirty`.

The figure is "edit → every dependent page updated": a featured initiative gets a new title, and
the time runs until the last page that shows its title has it — the initiative's page, the
list, the home page (featured), the pages of its fields of action and of its partners, the
contact page (tests/benchmarks/test_preview_benchmark.py checks that these are exactly the
pages of a real build showing the title). For the calibration (plain Markdown) only the initiative's own page depends on its file.
"""

from __future__ import annotations

import html
import json
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from plugins.essen.loading import id_from_filename
from plugins.essen.pages.urls import CONTACT_DIR, FIELDS_DIR, INITIATIVES_DIR, PARTNERS_DIR
from tests.conftest import free_port

from .calibration import write_calibration
from .generate import generate_data, write_project
from .measure import BuildFailed, env

PREVIEW_N = 350
PREVIEW_EDITS = 3
EDIT_TIMEOUT_S = 120


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


def _wait_for_all(base: str, paths: list[str], text: str, timeout: float) -> bool:
    """True once every page shows `text` (each polled until it does), False on timeout."""
    deadline = time.perf_counter() + timeout
    return all(
        _wait_for(base + path, text, deadline - time.perf_counter()) is not None for path in paths
    )


def measure_preview(
    project: Path,
    source: Path,
    page_paths: list[str],
    retitle: Callable[[str, int], tuple[str, str]],
    dirty: bool,
    log: Path,
) -> dict[str, object]:
    """Start `mkdocs serve`, save `source` with a new title, time until every page in
    `page_paths` (the first: the record's own page) shows it."""
    port = free_port()
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
    base = f"http://127.0.0.1:{port}/"
    url = base + page_paths[0]
    times: list[float | None] = []
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=project, env=env(), stdout=out, stderr=subprocess.STDOUT
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
                shown = _wait_for_all(
                    base, page_paths, html.escape(title, quote=False), EDIT_TIMEOUT_S
                )
                times.append(round(time.perf_counter() - start, 2) if shown else None)
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
        "pages": page_paths,
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


def edited_initiative(data: dict) -> str:
    """The file stem the preview edits: a featured one, so that the home page depends on it."""
    featured = sorted(s for s, r in data["initiatives"].items() if r.get("featured"))
    return featured[len(featured) // 2] if featured else sorted(data["initiatives"])[0]


def dependent_pages(record: dict, page_path: str) -> list[str]:
    """The pages of the plugin project that show an initiative's title."""
    pages = [page_path, f"{INITIATIVES_DIR}/"]
    if record.get("featured"):
        pages.append("")
    pages += [f"{FIELDS_DIR}/{field}/" for field in record.get("fields", [])]
    partners = [*record.get("partners", []), *([record["lead"]] if record.get("lead") else [])]
    pages += [f"{PARTNERS_DIR}/{id_from_filename(p)}/" for p in dict.fromkeys(partners)]
    if record.get("contacts"):
        pages.append(f"{CONTACT_DIR}/")  # each contact lists the initiatives they answer for
    return pages


def preview(work: Path, n: int, seed: int) -> dict[str, object]:
    data = generate_data(n, seed)
    stem = edited_initiative(data)
    initiative_id = id_from_filename(stem)
    page_path = f"{INITIATIVES_DIR}/{initiative_id}/"
    dependents = dependent_pages(data["initiatives"][stem], page_path)
    project = write_project(work / "preview-plugin", data)
    calibration = write_calibration(work / "preview-calibration", data)
    results: dict[str, object] = {"n": n, "page": page_path}
    for dirty in (False, True):
        key = "dirty" if dirty else "default"
        results[f"plugin_{key}"] = measure_preview(
            project,
            project / "data" / "initiatives" / f"{stem}.yml",
            dependents,
            _retitle_yaml,
            dirty,
            work / f"serve-plugin-{key}.log",
        )
        results[f"calibration_{key}"] = measure_preview(
            calibration,
            calibration / "docs" / INITIATIVES_DIR / f"{initiative_id}.md",
            [page_path],
            _retitle_markdown,
            dirty,
            work / f"serve-calibration-{key}.log",
        )
    return results
