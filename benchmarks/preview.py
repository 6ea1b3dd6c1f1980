"""The editor preview: how soon `mkdocs serve` shows a saved initiative, for the plugin project
and for the calibration, each with and without `--dirty`.

The figure is "edit → every dependent page updated": a featured initiative gets a new title, and
the time runs until the last page that shows its title has it — the initiative's page, the
list, the home page (featured), the pages of its fields of action and of its partners, the
contact page (tests/benchmarks/test_preview_benchmark.py checks that these are exactly the
pages of a real build showing the title). For the calibration (plain Markdown) only the initiative's own page depends on its file.

Then two site-wide changes, each saved three times with `--dirty`: the `copyright` line of
mkdocs.yml and a line in the theme override `overrides/partials/footer.html`, both shown on every
page; the time runs until the home page, the list and its first and last initiative show it. The
calibration gets the `copyright` change with plain `mkdocs serve` (stock `--dirty` never rewrites
a page for a change in mkdocs.yml).
"""

from __future__ import annotations

import html
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from plugins.essen.loading import id_from_filename
from plugins.essen.model import sort_key
from plugins.essen.pages.urls import (
    CONTACT_DIR,
    EVENTS_DIR,
    FIELDS_DIR,
    INITIATIVES_DIR,
    MAP_DIR,
    NEWS_DIR,
    PARTNERS_DIR,
    PLACES_DIR,
)
from plugins.essen.places.gazetteer import GESAMTSTADT, gazetteer
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


@dataclass(frozen=True)
class Change:
    """One kind of save the preview is timed for: `edit(original, n)` gives the file's n-th
    new text and the text that every page in `pages` shows once the preview has it."""

    name: str
    source: Path
    edit: Callable[[str, int], tuple[str, str]]
    pages: list[str]


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux /proc; None elsewhere).

    On a shared machine a rebuild's wall time depends on what else runs; its CPU time much less.
    """
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure_preview(
    project: Path, changes: list[Change], dirty: bool, log: Path
) -> dict[str, dict]:
    """Start `mkdocs serve` once; save each change's file PREVIEW_EDITS times and time each
    save until every page of the change (the first: the one polled at start-up) shows it."""
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
    originals = {change.source: change.source.read_text(encoding="utf-8") for change in changes}
    base = f"http://127.0.0.1:{port}/"
    times: dict[str, list[float | None]] = {change.name: [] for change in changes}
    cpu: dict[str, list[float | None]] = {change.name: [] for change in changes}
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=project, env=env(), stdout=out, stderr=subprocess.STDOUT
        )
        try:
            startup = _wait_for(base + changes[0].pages[0], None, 900)
            if startup is None:
                raise BuildFailed(f"mkdocs serve did not answer: {log}")
            # Let the watcher settle after the first build before the first save.
            time.sleep(1.0)
            for change in changes:
                for edit in range(1, PREVIEW_EDITS + 1):
                    text, shown_text = change.edit(originals[change.source], edit)
                    cpu_before = _cpu_seconds(process.pid)
                    start = time.perf_counter()
                    change.source.write_text(text, encoding="utf-8")
                    shown = _wait_for_all(
                        base, change.pages, html.escape(shown_text, quote=False), EDIT_TIMEOUT_S
                    )
                    times[change.name].append(
                        round(time.perf_counter() - start, 2) if shown else None
                    )
                    cpu_after = _cpu_seconds(process.pid)
                    cpu[change.name].append(
                        round(cpu_after - cpu_before, 2)
                        if shown and cpu_before is not None and cpu_after is not None
                        else None
                    )
                    time.sleep(1.5)
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            for source, original in originals.items():
                source.write_text(original, encoding="utf-8")
    results = {}
    for change in changes:
        measured = [t for t in times[change.name] if t is not None]
        measured_cpu = [t for t in cpu[change.name] if t is not None]
        results[change.name] = {
            "dirty": dirty,
            "change": change.name,
            "file": change.source.relative_to(project).as_posix(),
            "pages": change.pages,
            "startup_s": round(startup, 1),
            "edits_s": times[change.name],
            "median_s": round(statistics.median(measured), 2) if measured else None,
            # The server process's CPU time in the same span: the rebuild, the file watcher and
            # answering the polls.
            "cpu_s": cpu[change.name],
            "median_cpu_s": round(statistics.median(measured_cpu), 2) if measured_cpu else None,
        }
    return results


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


# Shown on every page: the footer's copyright line (from mkdocs.yml) and the theme's footer.
# Each change has its own text: the other's last one stays on the pages.
CONFIG_TEXT = "Vorschau-Stand {edit}"
THEME_TEXT = "Vorschau-Markierung {edit}"
FOOTER_OVERRIDE = "overrides/partials/footer.html"


def edit_copyright(original: str, edit: int) -> tuple[str, str]:
    """mkdocs.yml with a new `copyright` line (added if there is none)."""
    text = CONFIG_TEXT.format(edit=edit)
    lines = original.split("\n")
    line = f"copyright: {text}"
    at = next((i for i, old in enumerate(lines) if old.startswith("copyright:")), None)
    if at is None:
        lines.insert(1, line)
    else:
        lines[at] = line
    return "\n".join(lines), text


def edit_footer(original: str, edit: int) -> tuple[str, str]:
    """The footer template with one more paragraph at its end."""
    text = THEME_TEXT.format(edit=edit)
    if original.count("</footer>") != 1:
        raise BuildFailed(f"{FOOTER_OVERRIDE}: expected one </footer>")
    return original.replace("</footer>", f"<p>{text}</p>\n</footer>", 1), text


def site_wide_pages(data: dict) -> list[str]:
    """The pages a site-wide change is awaited on: home, the list, its first and last entry."""
    ordered = sorted(
        data["initiatives"].items(), key=lambda item: (sort_key(item[1]["title"]), item[0])
    )
    first, last = (f"{INITIATIVES_DIR}/{id_from_filename(ordered[i][0])}/" for i in (0, -1))
    return ["", f"{INITIATIVES_DIR}/", first, last]


def edited_initiative(data: dict) -> str:
    """The file stem the preview edits: a featured one, so that the home page depends on it."""
    featured = sorted(s for s, r in data["initiatives"].items() if r.get("featured"))
    return featured[len(featured) // 2] if featured else sorted(data["initiatives"])[0]


def dependent_pages(data: dict, stem: str, page_path: str) -> list[str]:
    """The pages of the plugin project that show an initiative's title."""
    record = data["initiatives"][stem]
    initiative_id = id_from_filename(stem)
    pages = [page_path, f"{INITIATIVES_DIR}/"]
    if record.get("featured"):
        pages.append("")
    pages += [f"{FIELDS_DIR}/{field}/" for field in record.get("fields", [])]
    partners = [*record.get("partners", []), *([record["lead"]] if record.get("lead") else [])]
    pages += [f"{PARTNERS_DIR}/{id_from_filename(p)}/" for p in dict.fromkeys(partners)]
    if record.get("contacts"):
        pages.append(f"{CONTACT_DIR}/")  # each contact lists the initiatives they answer for
    # The place pages list it under its Bezirke (the overview: only a city-wide one), the
    # map lists it when located; news items and events name the initiatives they are about.
    districts = record.get("districts", [])
    location = record.get("location")
    point = (location["lat"], location["lon"]) if location else None
    pages += [f"{PLACES_DIR}/{b.slug}/" for b in gazetteer().bezirke_of(districts, point)]
    if GESAMTSTADT in districts:
        pages.append(f"{PLACES_DIR}/")
    if location:
        pages.append(f"{MAP_DIR}/")
    for name, front in data.get("news", {}).items():
        if initiative_id in front.get("initiatives", []):
            pages.append(f"{NEWS_DIR}/{id_from_filename(name[len('YYYY-MM-DD-') : -len('.md')])}/")
    for event_stem, event in data.get("events", {}).items():
        if initiative_id in event.get("initiatives", []):
            pages.append(f"{EVENTS_DIR}/{id_from_filename(event_stem)}/")
    return pages


def preview(work: Path, n: int, seed: int) -> dict[str, object]:
    data = generate_data(n, seed)
    stem = edited_initiative(data)
    initiative_id = id_from_filename(stem)
    page_path = f"{INITIATIVES_DIR}/{initiative_id}/"
    dependents = dependent_pages(data, stem, page_path)
    project = write_project(work / "preview-plugin", data)
    calibration = write_calibration(work / "preview-calibration", data)
    site_wide = site_wide_pages(data)
    plugin_changes = [
        Change("data", project / "data" / "initiatives" / f"{stem}.yml", _retitle_yaml, dependents),
        Change("config", project / "mkdocs.yml", edit_copyright, site_wide),
        Change("theme", project / FOOTER_OVERRIDE, edit_footer, site_wide),
    ]
    calibration_changes = [
        Change(
            "data",
            calibration / "docs" / INITIATIVES_DIR / f"{initiative_id}.md",
            _retitle_markdown,
            [page_path],
        ),
        Change("config", calibration / "mkdocs.yml", edit_copyright, site_wide),
    ]
    results: dict[str, object] = {"n": n, "page": page_path, "site_wide_pages": site_wide}
    for dirty in (False, True):
        key = "dirty" if dirty else "default"
        # Plain `mkdocs serve` rebuilds everything for any change: the data edit tells its cost.
        # Stock `--dirty` never shows a change in mkdocs.yml (it would only time out).
        plugin = measure_preview(
            project,
            plugin_changes if dirty else plugin_changes[:1],
            dirty,
            work / f"serve-plugin-{key}.log",
        )
        calib = measure_preview(
            calibration,
            calibration_changes[:1] if dirty else calibration_changes,
            dirty,
            work / f"serve-calibration-{key}.log",
        )
        for label, runs in (("plugin", plugin), ("calibration", calib)):
            for name, run in runs.items():
                results[f"{label}_{key}" + ("" if name == "data" else f"_{name}")] = run
    return results
