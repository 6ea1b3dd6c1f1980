"""Pinned dependency versions (constraints.txt at the repository root): check and regenerate.

constraints.txt holds the resolved versions of the site's Python dependencies in two sections,
`# [runtime]` (pyproject.toml `dependencies` and everything they need) and `# [test]` (what
the `test` extra needs beyond that). pip installs from it with `-c constraints.txt`;
`deploy/publish publish` refuses to build when the interpreter running it has other runtime
versions than the file pins (`runtime_mismatches`).

`python deploy/constraints.py --write` regenerates the file from the running venv (`pip freeze
--exclude-editable`, split by walking the requirements of the installed project), so run it with
the project's venv after changing pyproject.toml or upgrading a package.
"""

from __future__ import annotations

import argparse
import importlib.metadata as metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

FILE_NAME = "constraints.txt"
PROJECT = "connected-essen"
SECTIONS = ("runtime", "test")
_SECTION = re.compile(r"#\s*\[(?P<name>[a-z]+)\]")
_PIN = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;#]+)")

HEADER = """\
# Resolved versions of the site's Python dependencies, for reproducible builds.
#
#   site:  .venv/bin/pip install -e . -c constraints.txt
#   tests: .venv/bin/pip install -e '.[test]' -c constraints.txt
#
# Regenerate from the venv after changing pyproject.toml or upgrading a package:
#   .venv/bin/python deploy/constraints.py --write
# deploy/publish refuses to build when the installed [runtime] versions differ from these.
"""
SECTION_HEADERS = {
    "runtime": "# [runtime] pyproject.toml `dependencies` and everything they need",
    "test": (
        "# [test] the `test` extra of pyproject.toml, beyond the runtime packages.\n"
        "# A new test dependency (pyshacl, hypothesis, feedparser, vobject …): add it to the\n"
        "# extra in pyproject.toml, install it, then regenerate with the command above."
    ),
}


def canonical(name: str) -> str:
    """PEP 503 name: pip, PyPI and the metadata spell the same package in several ways."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(path: Path) -> dict[str, dict[str, str]]:
    """{section: {canonical name: version}} of a constraints file written by `render`."""
    return parse_pins(path.read_text(encoding="utf-8"))


def parse_pins(text: str) -> dict[str, dict[str, str]]:
    pins: dict[str, dict[str, str]] = {name: {} for name in SECTIONS}
    section: str | None = None
    for line in text.splitlines():
        header = _SECTION.match(line)
        if header is not None:
            section = header.group("name") if header.group("name") in SECTIONS else None
            continue
        pin = _PIN.match(line.strip())
        if pin is not None and section is not None:
            pins[section][canonical(pin.group("name"))] = pin.group("version")
    return pins


def installed_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def runtime_mismatches(path: Path) -> list[str]:
    """One German line per pinned runtime package whose installed version differs."""
    problems = []
    for name, pinned in sorted(read_pins(path)["runtime"].items()):
        found = installed_version(name)
        if found is None:
            problems.append(f"{name}: nicht installiert, festgelegt ist {pinned}")
        elif found != pinned:
            problems.append(f"{name}: installiert ist {found}, festgelegt ist {pinned}")
    return problems


# --------------------------------------------------------------------------- regenerating


def _project_requirements(pyproject: Path, extra: str) -> list[str]:
    """Direct requirements from pyproject.toml itself: the installed project's metadata is only
    as new as its last `pip install -e`."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    if extra:
        return list(project.get("optional-dependencies", {}).get(extra, []))
    return list(project.get("dependencies", []))


def _closure(pyproject: Path, extra: str) -> set[str]:
    """Canonical names of the installed distributions the project needs (with `extra`)."""
    from packaging.requirements import Requirement  # pip's own parser; mkdocs needs it too

    needed: set[str] = set()
    queue: list[tuple[str, frozenset[str]]] = [(PROJECT, frozenset())]
    while queue:
        name, extras = queue.pop()
        if name == PROJECT:
            requirements = _project_requirements(pyproject, "")
            requirements += _project_requirements(pyproject, extra) if extra else []
        else:
            try:
                requirements = metadata.requires(name) or []
            except metadata.PackageNotFoundError:
                continue
        for text in requirements:
            requirement = Requirement(text)
            marker = requirement.marker
            if marker is not None and not any(
                marker.evaluate({"extra": wanted}) for wanted in (extras or {""})
            ):
                continue
            key = canonical(requirement.name)
            # A package asked for again with other extras may need more of its own.
            if key not in needed or requirement.extras:
                needed.add(key)
                queue.append((key, frozenset(requirement.extras)))
    return needed


def frozen() -> dict[str, str]:
    """{canonical name: 'Name==version'} of the running venv, as `pip freeze` writes it."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = {}
    for line in result.stdout.splitlines():
        pin = _PIN.fullmatch(line.strip())
        if pin is not None:
            lines[canonical(pin.group("name"))] = line.strip()
    return lines


def render(pyproject: Path) -> tuple[str, list[str]]:
    """The constraints file for the running venv, and the installed packages it leaves out
    (installed, but required by neither the site nor its tests)."""
    installed = frozen()
    runtime = _closure(pyproject, "") & installed.keys()
    test = (_closure(pyproject, "test") & installed.keys()) - runtime
    parts = [HEADER]
    for section, names in (("runtime", runtime), ("test", test)):
        parts.append(SECTION_HEADERS[section])
        parts += [installed[name] for name in sorted(names)]
        parts.append("")
    left_out = sorted(installed.keys() - runtime - test)
    return "\n".join(parts), left_out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="constraints", description="constraints.txt prüfen oder aus der venv neu schreiben."
    )
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--write", action="store_true", help="aus der laufenden venv neu schreiben")
    args = parser.parse_args(argv)
    args.file = args.project / FILE_NAME
    if args.write:
        text, left_out = render(args.project / "pyproject.toml")
        args.file.write_text(text, encoding="utf-8")
        print(f"{args.file} geschrieben.")
        if left_out:
            print("Installiert, aber von pyproject.toml nicht verlangt (nicht festgelegt): ")
            print("  " + ", ".join(left_out))
        return 0
    problems = runtime_mismatches(args.file)
    for problem in problems:
        print(f"{args.file}: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
