"""The form editor at /admin/ (Decap CMS): its configuration, derived from the data contract.

Like the JSON Schemas (`schemas.py`), the Decap configuration is a function of `contract.KINDS`
and their rules, so the form, the build and VS Code cannot disagree on a key. Every key gets a
widget from its rule, its German label (`KEY_LABELS`) and its hint (`Key.doc`); references
become relation widgets, so an editor picks ids instead of typing them.

`python -m plugins.essen.cms serve` starts the form editor against the working copy
(decap-server, Decap's local backend) together with the preview (`mkdocs serve`);
`python -m plugins.essen.cms write-config` rewrites the shipped `tools/decap/config.yml`.

No MkDocs import here: the build passes the plugin options in as `CmsOptions`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .contract import KINDS, Kind
from .places.gazetteer import GESAMTSTADT, gazetteer
from .rules import (
    COLOR_PATTERN,
    EMAIL_PATTERN,
    ICON_PATTERN,
    IMAGES_DIR,
    PHONE_PATTERN,
    Choice,
    Color,
    Day,
    DayOrTime,
    District,
    Email,
    Flag,
    Icon,
    ImageFile,
    Key,
    ListOf,
    Markdown,
    MonthOrDate,
    Number,
    Phone,
    Record,
    Reference,
    Slug,
    Text,
    Url,
    district_label,
)

REPO = Path(__file__).resolve().parents[2]
DECAP_DIR = REPO / "tools" / "decap"
SHIPPED_CONFIG = DECAP_DIR / "config.yml"
# The bundle, the YAML writer and the page, vendored (see tools/decap/README.md).
ADMIN_ASSETS = Path(__file__).resolve().parent / "admin"
ADMIN_DIR = "admin"

# Format names registered by admin/essen-format.js; a list file's entries sit under LIST_KEY
# in the form (Decap cannot edit a file whose top level is a list).
FORMAT_RECORD = "essen-yaml"
FORMAT_LIST = "essen-yaml-list"
LIST_KEY = "items"

# German label of every key of the contract (the hint is the key's `doc`);
# tests/unit/test_cms_config.py fails when a key has none.
KEY_LABELS: dict[str, str] = {
    "id": "Kennung",
    "name": "Name",
    "summary": "Kurzbeschreibung",
    "description": "Beschreibung",
    "icon": "Symbol",
    "color": "Farbe",
    "title": "Titel",
    "fields": "Handlungsfelder",
    "status": "Stand",
    "partners": "Partner",
    "lead": "Federführender Partner",
    "contacts": "Ansprechpersonen",
    "districts": "Stadtteile",
    "start": "Beginn",
    "end": "Ende",
    "tags": "Schlagworte",
    "links": "Links",
    "location": "Ort",
    "featured": "Auf der Startseite hervorheben",
    "updated": "Zuletzt geprüft",
    "type": "Art des Partners",
    "short_name": "Kurzname",
    "website": "Website",
    "logo": "Logo",
    "role": "Funktion",
    "organization": "Organisation",
    "phone": "Telefon",
    "email": "E-Mail",
    "leadership": "Leitung der Initiative",
    "url": "Adresse",
    "lat": "Breite",
    "lon": "Länge",
    "image": "Bild",
    "file": "Datei",
    "alt": "Alternativtext",
    "credit": "Urheber und Lizenz",
    "decorative": "Nur Schmuck (ohne Alternativtext)",
    "date": "Datum",
    "initiatives": "Initiativen",
    "place": "Veranstaltungsort",
    "address": "Anschrift",
    "online": "Online",
    "registration": "Anmeldung",
    "cancelled": "Abgesagt",
}
# The text below a news item's front matter: Decap's `body` field of a `frontmatter` file.
BODY_FIELD = "body"
BODY_LABEL = "Text der Meldung"

# One entry of a list key, for the list widget's buttons ("Stadtteil hinzufügen").
SINGULAR_LABELS: dict[str, str] = {"tags": "Schlagwort", "links": "Link"}

# The key a record is shown by in lists and relation widgets.
IDENTIFIER: dict[str, str] = {
    "fields": "name",
    "partners": "name",
    "contacts": "name",
    "initiatives": "title",
    "news": "title",
    "events": "title",
}

MONTH_OR_DATE = r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$"
DAY_OR_TIME = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d)?$"
# A news item's file name: its date (the day it is created; REDAKTION.md says to keep `date`
# equal) and a name from the title, as the build expects (contract.dated_name).
NEWS_SLUG = "{{year}}-{{month}}-{{day}}-{{slug}}"


@dataclass(frozen=True)
class CmsOptions:
    """Where the production editor saves: a GitLab project, through an OAuth application."""

    gitlab_url: str = "https://gitlab.com"
    repo: str = "stadt-essen/connected-essen"
    branch: str = "main"
    app_id: str = ""
    local_backend_url: str = "http://localhost:8081/api/v1"


def _label(key: Key) -> str:
    return KEY_LABELS[key.name]


def _length_pattern(max_length: int | None, multi_line: bool) -> list[str] | None:
    if not max_length:
        return None
    any_char = r"[\s\S]" if multi_line else "."
    return [
        f"^{any_char}{{0,{max_length}}}$",
        f"höchstens {max_length:,} Zeichen".replace(",", "."),
    ]


def _relation(rule: Reference, multiple: bool) -> dict[str, Any]:
    target = next(kind for kind in KINDS if kind.target == rule.target)
    shown_by = IDENTIFIER[target.name]
    widget: dict[str, Any] = {"widget": "relation", "collection": target.name}
    if target.folder:
        # A folder record's id is its file name (Decap's slug).
        widget |= {
            "value_field": "{{slug}}",
            "search_fields": [shown_by],
            "display_fields": [shown_by],
        }
    else:
        widget |= {
            "file": target.name,
            "value_field": f"{LIST_KEY}.*.id",
            "search_fields": [f"{LIST_KEY}.*.{shown_by}"],
            "display_fields": [f"{LIST_KEY}.*.{shown_by}"],
        }
    widget["multiple"] = multiple
    widget["options_length"] = 500
    return widget


# Longer than most on purpose: one table from rule type to Decap widget, case by case, like
# rules.json_schema; split up, the mapping would be spread over many small functions.
def _widget(rule: object, required: bool) -> dict[str, Any]:
    """Decap widget options for one rule (without name, label, hint and required)."""
    if isinstance(rule, Reference):
        return _relation(rule, multiple=False)
    if isinstance(rule, Choice):
        return {
            "widget": "select",
            "options": [{"label": label, "value": value} for value, label in rule.labels.items()],
        }
    if isinstance(rule, Markdown):
        widget: dict[str, Any] = {
            "widget": "markdown",
            # What the site renders (richtext.py): no images, no raw HTML blocks.
            "buttons": [
                "bold",
                "italic",
                "link",
                "heading-three",
                "heading-four",
                "quote",
                "bulleted-list",
                "numbered-list",
            ],
            "editor_components": [],
        }
        pattern = _length_pattern(rule.max_length, multi_line=True)
        return widget | ({"pattern": pattern} if pattern else {})
    if isinstance(rule, Text):
        pattern = _length_pattern(rule.max_length, multi_line=False)
        return {"widget": "string"} | ({"pattern": pattern} if pattern else {})
    if isinstance(rule, Slug):
        prefix = f"(?!{re.escape(rule.reserved_prefix)})" if rule.reserved_prefix else ""
        return {
            "widget": "string",
            "pattern": [
                "^" + prefix + r"[a-z0-9]+(-[a-z0-9]+)*$",
                "nur Kleinbuchstaben a–z, Ziffern und einzelne Bindestriche"
                + (f", nicht mit »{rule.reserved_prefix}« beginnend" if prefix else ""),
            ],
        }
    if isinstance(rule, MonthOrDate):
        # A date picker would force a day where the data often knows only the month.
        return {
            "widget": "string",
            "pattern": [MONTH_OR_DATE, "JJJJ-MM oder JJJJ-MM-TT, z. B. 2025-06 oder 2025-06-15"],
        }
    if isinstance(rule, DayOrTime):
        # Text, not Decap's date picker: one field holds a day or a day with a time.
        return {
            "widget": "string",
            "pattern": [
                DAY_OR_TIME,
                "JJJJ-MM-TT (ganztägig) oder JJJJ-MM-TTTHH:MM, z. B. 2027-03-15 oder 2027-03-15T18:30",
            ],
        }
    if isinstance(rule, Day):
        return {
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "DD.MM.YYYY",
            "time_format": False,
            "picker_utc": True,
        }
    if isinstance(rule, Flag):
        # No default: an untouched switch writes nothing, as the sample files have it.
        return {"widget": "boolean"}
    if isinstance(rule, Number):
        return {
            "widget": "number",
            "value_type": "float",
            "min": rule.minimum,
            "max": rule.maximum,
            "step": 0.0001,
        }
    if isinstance(rule, Url):
        schemes = "|".join(rule.schemes)
        return {
            "widget": "string",
            "pattern": [
                f"^({schemes}):\\S+$",
                "beginnt mit " + ", ".join(f"{s}:" for s in rule.schemes),
            ],
        }
    if isinstance(rule, Email):
        return {"widget": "string", "pattern": [EMAIL_PATTERN.pattern, "z. B. name@essen.de"]}
    if isinstance(rule, Phone):
        return {"widget": "string", "pattern": [PHONE_PATTERN.pattern, "z. B. +49 201 8888109"]}
    if isinstance(rule, Icon):
        return {"widget": "string", "pattern": [ICON_PATTERN.pattern, "z. B. material/home-city"]}
    if isinstance(rule, Color):
        # A text field, not Decap's colour picker: the picker offers colours that fail the
        # contrast check, the build names the ratio.
        return {"widget": "string", "pattern": [COLOR_PATTERN.pattern, "z. B. #1f5e2a"]}
    if isinstance(rule, ImageFile):
        # Decap's media library saves uploads into data/images/ and writes the bare file name
        # (public_folder ""), which is what the contract expects.
        return {
            "widget": "image",
            "choose_url": False,
            "pattern": [rule.pattern, "nur der Dateiname, z. B. aerztehaus.jpg"],
        }
    raise TypeError(f"no widget for {rule!r}")


def district_options() -> list[dict[str, str]]:
    """Every `districts` value for the form's select, in the order of REDAKTION.md's list:
    Gesamtstadt, then each Stadtbezirk followed by its Stadtteile."""
    places = gazetteer()
    names = [GESAMTSTADT]
    for bezirk in places.bezirke:
        names += [bezirk.name, *(stadtteil.name for stadtteil in bezirk.stadtteile)]
    return [{"label": district_label(name), "value": name} for name in names]


def _list_widget(shape: ListOf, key: Key) -> dict[str, Any]:
    item = shape.item
    limits = {"min": shape.min_items} if shape.min_items else {}
    if shape.max_items:
        limits["max"] = shape.max_items
    if isinstance(item, Reference):
        return _relation(item, multiple=True) | limits
    if isinstance(item, District):
        # A select that searches as one types: only the vocabulary's spellings can be chosen.
        return {"widget": "select", "multiple": True, "options": district_options()} | limits
    singular = SINGULAR_LABELS[key.name]
    if isinstance(item, Record):
        return {"widget": "list", "label_singular": singular, "fields": _fields(item)} | limits
    return {
        "widget": "list",
        "label_singular": singular,
        "field": {"name": "eintrag", "label": singular, **_widget(item, True)},
    } | limits


def _field(key: Key) -> dict[str, Any]:
    field: dict[str, Any] = {"name": key.name, "label": _label(key)}
    shape = key.type
    if isinstance(shape, ListOf):
        field |= _list_widget(shape, key)
    elif isinstance(shape, Record):
        # Decap checks the keys of a block even when the block itself is optional and empty,
        # so inside an optional block they are optional in the form; the build still reports
        # a block with one of them missing, with the usual message.
        within = _label(key) if not key.required else None
        field |= {"widget": "object", "fields": _fields(shape, within)}
    else:
        field |= _widget(shape, key.required)
    field["required"] = key.required
    if key.doc:
        field["hint"] = key.doc
    return field


def _fields(record: Record, optional_block: str | None = None) -> list[dict[str, Any]]:
    # The contract's key order: Decap writes keys in this order, as the sample files have them.
    fields = [_field(key) for key in record.keys]
    if optional_block:
        for field in fields:
            if field["required"]:
                field["required"] = False
                field["hint"] += f" — Pflicht, sobald »{optional_block}« ausgefüllt ist"
    return fields


def _body_field(kind: Kind) -> dict[str, Any]:
    assert kind.body is not None
    field = {"name": BODY_FIELD, "label": BODY_LABEL} | _widget(kind.body, False)
    return field | {
        "required": False,
        "hint": "der Text unter den Angaben (Markdown); ohne Text zeigt die Seite die Kurzfassung",
    }


def _dated_fields(kind: Kind) -> list[dict[str, Any]]:
    """The fields of a news item: `date` starts as today (UTC, as Decap's {{year}}-{{month}}-
    {{day}} in the file name), so that a new file's name and date agree."""
    fields = _fields(kind.record)
    for field in fields:
        if field["name"] == "date":
            field["default"] = "{{now}}"
    return [*fields, _body_field(kind)]


def _collection(kind: Kind) -> dict[str, Any]:
    if kind.body is not None:
        # A Markdown file with front matter: Decap's own format, the body as its `body` field.
        return {
            "name": kind.name,
            "label": kind.plural,
            "label_singular": kind.record.title,
            "folder": f"data/{kind.entry}",
            "extension": "md",
            "format": "frontmatter",
            "create": True,
            "delete": False,
            "identifier_field": IDENTIFIER[kind.name],
            "slug": NEWS_SLUG,
            "summary": "{{date}} · {{" + IDENTIFIER[kind.name] + "}}",
            "sortable_fields": ["date", IDENTIFIER[kind.name]],
            "fields": _dated_fields(kind),
        }
    if kind.folder:
        return {
            "name": kind.name,
            "label": kind.plural,
            "label_singular": kind.record.title,
            "folder": f"data/{kind.entry}",
            "extension": "yml",
            "format": FORMAT_RECORD,
            "create": True,
            "delete": False,
            "identifier_field": IDENTIFIER[kind.name],
            "slug": "{{slug}}",
            "summary": "{{" + IDENTIFIER[kind.name] + "}}",
            "sortable_fields": [IDENTIFIER[kind.name]],
            "fields": _fields(kind.record),
        }
    return {
        "name": kind.name,
        "label": kind.plural,
        "format": FORMAT_LIST,
        "files": [
            {
                "name": kind.name,
                "label": kind.plural,
                "file": f"data/{kind.entry}",
                "fields": [
                    {
                        "name": LIST_KEY,
                        "label": kind.plural,
                        "label_singular": kind.record.title,
                        "widget": "list",
                        "summary": "{{fields." + IDENTIFIER[kind.name] + "}}",
                        "min": 1,
                        "fields": _fields(kind.record),
                    }
                ],
            }
        ],
    }


def decap_config(options: CmsOptions) -> dict[str, Any]:
    return {
        "locale": "de",
        "backend": {
            "name": "gitlab",
            "repo": options.repo,
            "branch": options.branch,
            "auth_type": "pkce",
            "app_id": options.app_id,
            "base_url": options.gitlab_url,
            "api_root": options.gitlab_url.rstrip("/") + "/api/v4",
            "auth_endpoint": "oauth/authorize",
            "commit_messages": {
                "create": "{{collection}}: »{{slug}}« angelegt",
                "update": "{{collection}}: »{{slug}}« geändert",
                "delete": "{{collection}}: »{{slug}}« gelöscht",
                "uploadMedia": "Datei »{{path}}« hochgeladen",
                "deleteMedia": "Datei »{{path}}« gelöscht",
            },
        },
        # Decap uses it only when the page is opened on localhost (the preview); on the
        # public host it is ignored and the GitLab backend applies.
        "local_backend": {"url": options.local_backend_url},
        # On GitLab every save becomes a merge request (branch, review, merge: REDAKTION.md),
        # never a commit on the protected main branch; decap-server saves into the working copy.
        "publish_mode": "editorial_workflow",
        # File names of new records: a folder record's id is its file name, and relation
        # widgets write that name as the id, so it must already be a valid id (no umlauts,
        # lower case; "Überruhr" becomes "uberruhr").
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "media_folder": f"data/{IMAGES_DIR}",
        "public_folder": "",
        "site_url": "/",
        "logo_url": "",
        "show_preview_links": False,
        "editor": {"preview": False},
        "collections": [_collection(kind) for kind in KINDS],
    }


HEADER = (
    "# Generated by plugins/essen/cms.py from contract.py and rules.py — do not edit;\n"
    "# regenerate with: .venv/bin/python -m plugins.essen.cms write-config\n"
)


def config_text(options: CmsOptions) -> str:
    body = yaml.safe_dump(decap_config(options), allow_unicode=True, sort_keys=False, width=100)
    return HEADER + body


# Vendored from tools/decap/node_modules (the lock file's versions) by `cms vendor`: the build
# must work on a machine without Node.js, and no visitor or editor loads anything from a CDN.
VENDORED = {
    # decap-cms: the whole app with React, for a plain <script> (decap-cms-app leaves React out).
    "decap": (
        "decap-cms/dist",
        ("decap-cms.js", "*.decap-cms.js", "*.wasm", "decap-cms.js.LICENSE.txt"),
    ),
    "yaml": ("yaml/browser/dist", ("**/*.js",)),
}
# decap-cms ships no licence file of its own; decap-server is the same MIT-licensed project.
LICENCES = {"decap": "decap-server/LICENSE", "yaml": "yaml/LICENSE"}


def vendored_sources() -> dict[str, Path]:
    """Path under admin/ → the file in tools/decap/node_modules it is a copy of."""
    modules = DECAP_DIR / "node_modules"
    found: dict[str, Path] = {}
    for folder, (source, patterns) in VENDORED.items():
        for pattern in patterns:
            for path in sorted((modules / source).glob(pattern)):
                found[f"{folder}/{path.relative_to(modules / source).as_posix()}"] = path
        found[f"{folder}/LICENSE"] = modules / LICENCES[folder]
    return found


def vendor() -> None:
    for folder in VENDORED:
        shutil.rmtree(ADMIN_ASSETS / folder, ignore_errors=True)
    for name, source in vendored_sources().items():
        target = ADMIN_ASSETS / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def admin_files() -> list[Path]:
    """The vendored files served under /admin/ (page, bundle, YAML writer), config aside."""
    return sorted(path for path in ADMIN_ASSETS.rglob("*") if path.is_file())


# Local editing: decap-server (the local backend) and the preview, together.


def _decap_server() -> Path:
    return DECAP_DIR / "node_modules" / "decap-server" / "dist" / "index.js"


def ensure_installed() -> None:
    """`npm ci` from the lock file on first use, as the test tools in tools/ do."""
    if _decap_server().is_file():
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit(
            "Der Formular-Editor braucht Node.js mit npm — installieren Sie es "
            "(Debian: apt-get install nodejs npm; Windows: https://nodejs.org/) und starten Sie erneut."
        )
    print("Formular-Editor: einmalige Installation (npm ci in tools/decap) …", flush=True)
    # No install scripts: nothing in the tree needs one, and none should run on an editor's PC.
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=DECAP_DIR, check=True
    )


def serve(project: Path, port: int, decap_port: int) -> int:
    if not (project / "mkdocs.yml").is_file():
        sys.exit(
            f"Formular-Editor: In {project} liegt keine mkdocs.yml — starten Sie den Befehl "
            "im Projektordner (dem Ordner mit mkdocs.yml und data/)."
        )
    ensure_installed()
    node = shutil.which("node")
    if node is None:
        sys.exit(
            "Der Formular-Editor braucht Node.js — installieren Sie es und starten Sie erneut."
        )
    env = {**os.environ, "PORT": str(decap_port), "GIT_REPO_DIRECTORY": str(project)}
    editor = subprocess.Popen([node, str(_decap_server())], cwd=project, env=env)
    preview = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
    )
    print(
        f"Formular-Editor: http://127.0.0.1:{port}/admin/ — Vorschau: http://127.0.0.1:{port}/ "
        "— beenden mit Strg+C",
        flush=True,
    )
    names = {preview: "Die Vorschau", editor: "Der Formular-Editor (decap-server)"}
    try:
        # Either one ending (a port in use, a broken mkdocs.yml) ends both: half a tool would
        # look as if it worked.
        while True:
            for process, name in names.items():
                code = process.poll()
                if code is not None:
                    if code:
                        print(f"{name} wurde mit Fehler {code} beendet (Meldung oben).", flush=True)
                    return code
            time.sleep(0.5)
    except KeyboardInterrupt:
        return 0
    finally:
        for process in (preview, editor):
            if process.poll() is None:
                # Windows has no SIGINT for child processes; Ctrl-C reached them there anyway.
                if os.name == "nt":
                    process.terminate()
                else:
                    process.send_signal(signal.SIGINT)
        for process in (preview, editor):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m plugins.essen.cms", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("serve", help="Formular-Editor und Vorschau starten")
    start.add_argument("--project", type=Path, default=Path.cwd())
    start.add_argument("--port", type=int, default=8000)
    # Must match the port in the plugin option cms_local_backend_url (default 8081).
    start.add_argument("--decap-port", type=int, default=8081)
    commands.add_parser("write-config", help="tools/decap/config.yml neu schreiben")
    commands.add_parser("vendor", help="Decap und yaml aus tools/decap/node_modules übernehmen")
    args = parser.parse_args(argv)
    if args.command == "vendor":
        ensure_installed()
        vendor()
        return 0
    if args.command == "write-config":
        SHIPPED_CONFIG.write_text(config_text(CmsOptions()), encoding="utf-8")
        return 0
    return serve(args.project.resolve(), args.port, args.decap_port)


if __name__ == "__main__":
    sys.exit(main())
