"""JSON Schemas for the data files, derived from the rules in `rules.py`.

The files in `schemas/` are generated with `essen-check --write-schemas`; a test
proves they equal what this module produces, so the two can never drift.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .rules import CONTACT, FIELD, INITIATIVE, PARTNER, Record

SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"


def _document(name: str, title: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": SCHEMA_DIALECT, "$id": f"{name}.schema.json", "title": title, **body}


def _list_of(record: Record) -> dict[str, Any]:
    return {"type": "array", "minItems": 1, "items": record.json_schema()}


# File name of the schema → (glob of the data files it describes, schema).
def all_schemas() -> dict[str, tuple[str, dict[str, Any]]]:
    return {
        "fields": (
            "data/fields.yml",
            _document("fields", "Handlungsfelder (data/fields.yml)", _list_of(FIELD)),
        ),
        "initiative": (
            "data/initiatives/*.yml",
            _document(
                "initiative", "Initiative (data/initiatives/*.yml)", INITIATIVE.json_schema()
            ),
        ),
        "partner": (
            "data/partners/*.yml",
            _document("partner", "Partner (data/partners/*.yml)", PARTNER.json_schema()),
        ),
        "contacts": (
            "data/contacts.yml",
            _document("contacts", "Kontakte (data/contacts.yml)", _list_of(CONTACT)),
        ),
    }


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (_glob, schema) in all_schemas().items():
        path = folder / f"{name}.schema.json"
        path.write_text(schema_text(schema), encoding="utf-8")
        written.append(path)
    return written
