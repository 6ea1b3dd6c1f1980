"""`essen-check`: validate the data without building the site (for editors and pre-commit).

The check runs the build's own validation, not a copy of it: MkDocs reads and validates
mkdocs.yml (plugin options, `!ENV`, `site_url`) exactly as `mkdocs build` does, and then the
`essen` plugin's `on_config` loads the data as at the start of a build. So the check can
never say "Daten in Ordnung" for a project whose build stops before writing a page.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import yaml
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from .build import Build
from .errors import DataError, Problem
from .schemas import write_schemas
from .yamlsource import FILE_KEY


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="essen-check",
        description="Prüft die Daten in data/, ohne die Website zu bauen.",
    )
    parser.add_argument(
        "project", nargs="?", default=".", help="Projektordner mit mkdocs.yml (Standard: .)"
    )
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("--quiet", action="store_true", help="keine Hinweise ausgeben, nur Fehler")
    shown.add_argument(
        "--hinweise",
        action="store_true",
        help="jeden Hinweis einzeln ausgeben (sonst eine Zeile mit der Anzahl je Art)",
    )
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

    validated = _validate(root / "mkdocs.yml")
    if isinstance(validated, str):
        print(validated, file=sys.stderr)
        return 1
    site = validated.site
    if not args.quiet:
        found = validated.advisories()
        if args.hinweise:
            for advisory in found:
                print(advisory)
        elif (summary := validated.advisory_summary(found)) is not None:
            print(summary)
    print(
        f"Daten in Ordnung: {len(site.fields)} Handlungsfelder, {len(site.initiatives)} Initiativen, "
        f"{len(site.partners)} Partner, {len(site.contacts)} Kontakte."
    )
    return 0


def _config_problem(message: str, hint: str) -> str:
    return str(Problem("mkdocs.yml", 0, FILE_KEY, message, hint))


def _validate(mkdocs_yml: Path) -> Build | str:
    """The build as `mkdocs build` starts it (data loaded and validated), or the text to print."""
    if not mkdocs_yml.is_file():
        return _config_problem(
            "die Datei fehlt", "starten Sie essen-check im Projektordner oder nennen Sie ihn"
        )
    # MkDocs reports each configuration error through its logger, then raises a summary:
    # collect the details so they appear once, under the German line.
    details = _CollectErrors()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(details)
    try:
        config = load_config(str(mkdocs_yml))
        plugin = config.plugins.get("essen")
        if plugin is None:
            return _config_problem(
                "das Plugin essen ist nicht eingetragen", "ergänzen Sie »- essen« unter plugins"
            )
        plugin.on_config(config)
    except DataError as error:
        return str(error)
    # Abort (a SystemExit) is how load_config ends after logging each configuration error.
    except (Abort, ConfigurationError, yaml.YAMLError, OSError) as error:
        reasons = "; ".join(details.messages) or str(error)
        return _config_problem(
            f"die Konfiguration ist ungültig ({reasons})",
            "korrigieren Sie mkdocs.yml; mkdocs build --strict scheitert sonst ebenso",
        )
    finally:
        mkdocs_log.removeHandler(details)
    return plugin.build


class _CollectErrors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


if __name__ == "__main__":
    sys.exit(main())
