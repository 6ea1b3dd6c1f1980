"""JSON Schemas for the data files, derived from the kinds in `contract.py` and their rules.

The files in `schemas/` are generated with `essen-check --write-schemas`; a test
proves they equal what this module produces, so the two can never drift.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .contract import KINDS, Kind

SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"


def _document(kind: Kind) -> dict[str, Any]:
    if kind.folder:
        # One file, one record: the record's own title ("Initiative") ends up as the title.
        title, body = f"{kind.record.title} ({kind.glob})", kind.record.json_schema()
    else:
        title = f"{kind.plural} ({kind.glob})"
        body = {"type": "array", "minItems": 1, "items": kind.record.json_schema()}
    return {"$schema": SCHEMA_DIALECT, "$id": f"{kind.schema}.schema.json", "title": title, **body}


# File name of the schema → (glob of the data files it describes, schema).
def all_schemas() -> dict[str, tuple[str, dict[str, Any]]]:
    return {kind.schema: (kind.glob, _document(kind)) for kind in KINDS}


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
