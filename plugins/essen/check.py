"""`essen-check`: validate the data without building the site (for editors and pre-commit)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import yaml

from .advisories import DEFAULT_STALE_AFTER_DAYS, advisories
from .content import theme_icons_dir
from .errors import DataError
from .loading import load_site
from .schemas import write_schemas


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring tags such as !!python/name or !ENV."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def plugin_options(mkdocs_yml: Path) -> dict:
    """The `essen` plugin's options from mkdocs.yml, so check and build agree."""
    if not mkdocs_yml.is_file():
        return {}
    config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    for entry in plugins:
        if isinstance(entry, dict) and "essen" in entry:
            return entry["essen"] or {}
    return {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="essen-check",
        description="Prüft die Daten in data/, ohne die Website zu bauen.",
    )
    parser.add_argument(
        "project", nargs="?", default=".", help="Projektordner mit mkdocs.yml (Standard: .)"
    )
    parser.add_argument("--quiet", action="store_true", help="keine Hinweise ausgeben, nur Fehler")
    parser.add_argument(
        "--write-schemas",
        action="store_true",
        help="die JSON-Schemas in schemas/ neu schreiben (für Entwickler)",
    )
    parser.add_argument("files", nargs="*", help=argparse.SUPPRESS)  # pre-commit passes file names
    args = parser.parse_args(argv)

    root = Path(args.project).resolve()
    if not root.is_dir():  # pre-commit may pass a file as the first argument
        args.files.insert(0, args.project)
        root = Path.cwd()
    if args.write_schemas:
        for path in write_schemas(root / "schemas"):
            print(f"geschrieben: {path.relative_to(root)}")
        return 0

    options = plugin_options(root / "mkdocs.yml")
    data_dir = root / options.get("data_dir", "data")
    stale_after_days = int(options.get("stale_after_days", DEFAULT_STALE_AFTER_DAYS))
    try:
        site = load_site(data_dir, root, icons_dir=theme_icons_dir())
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    if not args.quiet:
        for advisory in advisories(site, dt.date.today(), stale_after_days):
            print(advisory)
    print(
        f"Daten in Ordnung: {len(site.fields)} Handlungsfelder, {len(site.initiatives)} Initiativen, "
        f"{len(site.partners)} Partner, {len(site.contacts)} Kontakte."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
