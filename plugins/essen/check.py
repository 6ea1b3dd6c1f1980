"""`essen-check`: validate the data without building the site (for editors and pre-commit).

The check runs the build's own validation, not a copy of it: MkDocs reads and validates
mkdocs.yml (plugin options, `!ENV`, `site_url`) exactly as `mkdocs build` does, and then the
`essen` plugin's `on_config` loads the data as at the start of a build. So the check can
never say "Daten in Ordnung" for a project whose build stops before writing a page.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError

from . import configmessages
from .build import Build
from .config import EssenConfig
from .errors import DataError, Problem
from .schemas import write_schemas


# Most of its length is the argparse declaration of the command's options.
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

    try:
        validated = _validate(root / "mkdocs.yml")
    # Editors get a sentence, never a traceback, whatever goes wrong.
    except Exception as error:
        validated = _report(
            [
                Problem(
                    "mkdocs.yml",
                    0,
                    "(Prüfung)",
                    f"die Prüfung ist auf einen unerwarteten Fehler gestoßen ({type(error).__name__})",
                    "prüfen Sie die zuletzt geänderte Datei; bleibt der Fehler, melden Sie ihn dem "
                    "Entwicklungsteam mit dieser Zeile",
                )
            ]
        )
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
    # News and events are optional: named only when there are any.
    dated = (
        f", {len(site.news)} Meldungen, {len(site.events)} Termine"
        if site.news or site.events
        else ""
    )
    print(
        f"Daten in Ordnung: {len(site.fields)} Handlungsfelder, {len(site.initiatives)} Initiativen, "
        f"{len(site.partners)} Partner, {len(site.contacts)} Kontakte{dated}."
    )
    return 0


def _validate(mkdocs_yml: Path) -> Build | str:
    """The build as `mkdocs build` starts it (data loaded and validated), or the text to print."""
    if not mkdocs_yml.is_file():
        return _report([configmessages.missing_config(mkdocs_yml.parent)])
    text, problems = configmessages.read_problems(mkdocs_yml)
    if text is None:
        return _report(problems)
    try:
        # What load_config does, but with MkDocs' findings returned instead of logged: each
        # becomes a German message with its line. Warnings count, as in `mkdocs build --strict`.
        config = MkDocsConfig(config_file_path=str(mkdocs_yml))
        with mkdocs_yml.open("rb") as file:
            config.load_file(file)
        failed, warnings = config.validate()
    except (ConfigurationError, yaml.YAMLError, OSError) as error:
        return _report(configmessages.validation_problems(text, [("", error)], []))
    if failed or warnings:
        return _report(
            configmessages.validation_problems(text, [*failed, *warnings], _plugin_options())
        )
    plugin = config.plugins.get("essen")
    if plugin is None:
        return _report(
            [
                Problem(
                    "mkdocs.yml",
                    configmessages.line_of_key(text, "plugins"),
                    "plugins",
                    "das Plugin essen ist nicht eingetragen",
                    "ergänzen Sie »- essen« unter plugins",
                )
            ]
        )
    try:
        plugin.on_config(config)
    except DataError as error:
        return str(error)
    except (ConfigurationError, OSError) as error:
        return _report(configmessages.validation_problems(text, [("", error)], []))
    return plugin.build


def _plugin_options() -> list[str]:
    # MkDocs keeps a Config class's options in `_schema`; it has no public list of them.
    return [name for name, _ in EssenConfig._schema]


def _report(problems: list[Problem]) -> str:
    count = len(problems)
    heading = (
        "1 Fehler in mkdocs.yml" if count == 1 else f"{count} Fehler in mkdocs.yml"
    ) + " — die Daten wurden nicht geprüft:"
    return "\n".join([heading, *(str(problem) for problem in sorted(problems))])


if __name__ == "__main__":
    sys.exit(main())
