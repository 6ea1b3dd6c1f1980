"""Where a build's time goes: cProfile over one whole build, then over the plugin's events alone.

python -m benchmarks.profiling PROJECT OUT   (run by `benchmarks.run` in a process of its own)
"""

from __future__ import annotations

import cProfile
import inspect
import pstats
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from plugins.essen.loading import load_site
from plugins.essen.pages import site_pages
from plugins.essen.plugin import EssenPlugin

from .measure import REPO, env

# Where a build's time goes: (label, file fragment, function name) of the entry points. The
# product's are taken from its functions, so they follow the code when it moves.
ProfileGroup = tuple[str, str, str]


def _entry(label: str, function: Callable[..., object]) -> ProfileGroup:
    code = inspect.unwrap(function).__code__
    return label, Path(code.co_filename).resolve().relative_to(REPO).as_posix(), code.co_name


PROFILE_GROUPS: tuple[ProfileGroup, ...] = (
    _entry("essen plugin: on_config (load_site, renderer, home fragments)", EssenPlugin.on_config),
    _entry("essen plugin: on_files (site_pages, File.generated)", EssenPlugin.on_files),
    _entry("essen: load_site", load_site),
    _entry("essen: site_pages (templates)", site_pages),
    _entry("essen plugin: on_nav", EssenPlugin.on_nav),
    _entry("essen plugin: on_post_build", EssenPlugin.on_post_build),
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
    for marker in ("site-packages/", f"{REPO}/", "lib/python3"):
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
            [sys.executable, "-m", "benchmarks.profiling", str(project), str(out)],
            cwd=REPO,
            env=env(),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    return out.read_text(encoding="utf-8")


if __name__ == "__main__":
    profile_child(Path(sys.argv[1]), Path(sys.argv[2]))
