"""How long `essen-check` takes on the repo's sample data (issue 3: well under a second).

    python -m benchmarks.check_command [--runs 7] [PROJECT]

Prints the wall time of the whole command (a new Python process, as an editor or pre-commit
runs it) and of the validation alone (in-process `load_site`), median and slowest of the runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from plugins.essen.loading import load_site
from plugins.essen.pages.render import theme_icons_dir

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.check_command")
    parser.add_argument("project", nargs="?", default=str(REPO))
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    project = Path(args.project).resolve()

    command_times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "plugins.essen.check", "--quiet", str(project)],
            check=True,
            capture_output=True,
        )
        command_times.append(time.perf_counter() - start)
    load_times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        site = load_site(project / "data", project, icons_dir=theme_icons_dir())
        load_times.append(time.perf_counter() - start)

    print(f"essen-check on {project} ({len(site.initiatives)} initiatives), {args.runs} runs:")
    for label, times in (("whole command", command_times), ("validation only", load_times)):
        print(
            f"  {label:16} median {statistics.median(times) * 1000:7.1f} ms, "
            f"slowest {max(times) * 1000:7.1f} ms"
        )


if __name__ == "__main__":
    main()
