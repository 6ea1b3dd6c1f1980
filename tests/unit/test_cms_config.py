"""The form editor's configuration (plugins/essen/cms.py): generated from the contract, shipped
without drift, one widget per rule; and its YAML writer (admin/essen-format.js, run in Node)
writes every sample file back byte for byte."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from plugins.essen import cms, contract
from plugins.essen.contract import KINDS, Kind
from plugins.essen.places.gazetteer import gazetteer
from plugins.essen.rules import (
    INITIATIVE,
    PARTNER_TYPE_LABELS,
    STATUS_LABELS,
    Invalid,
    ListOf,
    Record,
    Reference,
)

from ..conftest import REPO

CONFIG = cms.decap_config(cms.CmsOptions())


def _collection(kind: Kind) -> dict[str, Any]:
    return next(c for c in CONFIG["collections"] if c["name"] == kind.name)


def _record_fields(kind: Kind) -> list[dict[str, Any]]:
    """The form fields of the record's keys (a news item's body field is not one)."""
    collection = _collection(kind)
    if kind.body is not None:
        *front, body = collection["fields"]
        assert body["name"] == cms.BODY_FIELD
        return front
    if kind.folder:
        return collection["fields"]
    (file,) = collection["files"]
    (entries,) = file["fields"]
    assert entries["widget"] == "list"
    return entries["fields"]


def _by_name(fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {field["name"]: field for field in fields}


def _walk(record: Record, fields: list[dict[str, Any]]):
    """Every (key, its form field) of a record, nested blocks and lists of blocks included."""
    assert [field["name"] for field in fields] == [key.name for key in record.keys]
    for key, field in zip(record.keys, fields, strict=True):
        yield key, field
        shape = key.type.item if isinstance(key.type, ListOf) else key.type
        if isinstance(shape, Record):
            yield from _walk(shape, field["fields"])


# --------------------------------------------------------------------------- the shipped file


def test_shipped_config_is_what_cms_generates() -> None:
    shipped = cms.SHIPPED_CONFIG.read_text(encoding="utf-8")
    assert shipped == cms.config_text(cms.CmsOptions()), (
        "tools/decap/config.yml is stale: run .venv/bin/python -m plugins.essen.cms write-config"
    )


def test_config_text_is_yaml_of_the_config() -> None:
    assert yaml.safe_load(cms.config_text(cms.CmsOptions())) == CONFIG


# --------------------------------------------------------------------------- one collection per kind


def test_one_collection_per_kind_folders_and_files() -> None:
    assert [c["name"] for c in CONFIG["collections"]] == [kind.name for kind in KINDS]
    for kind in KINDS:
        collection = _collection(kind)
        assert collection["label"] == kind.plural
        if kind.body is not None:
            # News: Markdown with front matter, Decap's own format; the body is its `body`.
            assert collection["folder"] == f"data/{kind.entry}"
            assert collection["extension"] == "md"
            assert collection["format"] == "frontmatter"
            assert collection["slug"] == "{{year}}-{{month}}-{{day}}-{{slug}}"
        elif kind.folder:
            assert collection["folder"] == f"data/{kind.entry}"
            assert collection["extension"] == "yml"
            assert collection["format"] == cms.FORMAT_RECORD
        else:
            assert [f["file"] for f in collection["files"]] == [f"data/{kind.entry}"]
            assert collection["format"] == cms.FORMAT_LIST


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_every_key_in_contract_order_with_german_label_hint_and_required(kind: Kind) -> None:
    for key, field in _walk(kind.record, _record_fields(kind)):
        assert field["label"] == cms.KEY_LABELS[key.name]
        assert field["hint"].startswith(key.doc)
        # The keys of an optional block (location) are optional in the form, said in the hint:
        # Decap would otherwise demand them of every record without a block.
        # Likewise the required keys of an image or logo.
        block = key.name in ("lat", "lon") or (
            key.required and key.name in ("file", "alt", "credit")
        )
        assert field["required"] is (key.required and not block), key.name
        assert ("Pflicht, sobald »" in field["hint"]) is block


def test_choices_are_selects_with_the_german_labels() -> None:
    initiative = _by_name(_record_fields(KINDS[3]))
    partner = _by_name(_record_fields(KINDS[1]))
    for field, labels in (
        (initiative["status"], STATUS_LABELS),
        (partner["type"], PARTNER_TYPE_LABELS),
    ):
        assert field["widget"] == "select"
        assert {o["value"]: o["label"] for o in field["options"]} == labels


def test_districts_are_a_select_of_exactly_the_vocabulary() -> None:
    field = _by_name(_record_fields(KINDS[3]))["districts"]
    assert field["widget"] == "select" and field["multiple"] is True
    values = [option["value"] for option in field["options"]]
    places = gazetteer()
    assert sorted(values) == sorted(places.names) and len(values) == len(set(values)) == 60
    rule = INITIATIVE.by_name["districts"].type.item
    assert all(rule.check(value) == value for value in values)
    # Grouped as in REDAKTION.md: Gesamtstadt, then each Bezirk before its Stadtteile.
    assert values[0] == "Gesamtstadt"
    expected = ["Gesamtstadt"]
    for bezirk in places.bezirke:
        expected += [bezirk.name, *(s.name for s in bezirk.stadtteile)]
    assert values == expected
    labels = {option["value"]: option["label"] for option in field["options"]}
    assert labels["Rüttenscheid"] == "Rüttenscheid (Stadtbezirk II)"
    assert labels["Ruhrhalbinsel"] == "Ruhrhalbinsel (ganzer Stadtbezirk VIII)"
    assert labels["Gesamtstadt"] == "Gesamtstadt (ganz Essen)"


def test_references_are_relation_widgets_to_the_right_collection() -> None:
    initiative = _by_name(_record_fields(KINDS[3]))
    contact = _by_name(_record_fields(KINDS[2]))
    expected = {
        "fields": ("fields", True),
        "partners": ("partners", True),
        "lead": ("partners", False),
        "contacts": ("contacts", True),
    }
    for name, (collection, multiple) in expected.items():
        field = initiative[name]
        assert (field["widget"], field["collection"], field["multiple"]) == (
            "relation",
            collection,
            multiple,
        )
    assert initiative["fields"]["min"] == 1
    # A list file's records are picked by their `id`, a folder's by the file name.
    assert initiative["fields"]["value_field"] == "items.*.id"
    assert initiative["partners"]["value_field"] == "{{slug}}"
    assert contact["organization"]["widget"] == "relation"
    referring = {
        key.name
        for kind in KINDS
        for key in kind.record.keys
        if isinstance(key.type.item if isinstance(key.type, ListOf) else key.type, Reference)
    }
    assert referring == {"fields", "partners", "lead", "contacts", "organization", "initiatives"}
    # News and events name initiatives by their file name and show their titles.
    for name in ("news", "events"):
        (kind,) = [kind for kind in KINDS if kind.name == name]
        named = _by_name(_record_fields(kind))["initiatives"]
        assert (named["collection"], named["value_field"]) == ("initiatives", "{{slug}}")
        assert named["display_fields"] == ["title"] and named["multiple"] is True


def test_the_body_of_a_news_item_is_a_markdown_field() -> None:
    (news,) = [kind for kind in KINDS if kind.body is not None]
    body = _collection(news)["fields"][-1]
    assert (body["name"], body["widget"], body["required"]) == ("body", "markdown", False)
    assert body["pattern"][0] == "^[\\s\\S]{0,20000}$"
    # What the slug template writes is what the build reads as a dated name.
    written = cms.NEWS_SLUG.replace("{{year}}", "2026").replace("{{month}}", "03")
    written = written.replace("{{day}}", "01").replace("{{slug}}", "neue-ampeln")
    assert contract.dated_name(written) == (dt.date(2026, 3, 1), "neue-ampeln")
    # A new item's date is today, the day Decap puts into its file name.
    assert _by_name(_record_fields(news))["date"]["default"] == "{{now}}"


def test_event_times_are_text_with_the_rules_pattern() -> None:
    (events,) = [kind for kind in KINDS if kind.name == "events"]
    fields = _by_name(_record_fields(events))
    for value in ["2027-03-15", "2027-03-15T18:30", "2027-12-31T23:59"]:
        assert _matches(fields["start"], value) and _matches(fields["end"], value)
        events.record.by_name["start"].type.check(value)
    for value in ["2027-03-15 18:30", "2027-03-15T24:00", "2027-03-15T18:30:00", "15.03.2027"]:
        assert not _matches(fields["start"], value)
        with pytest.raises(Invalid):
            events.record.by_name["start"].type.check(value)
    assert fields["registration"]["pattern"][0] == "^(https|http):\\S+$"
    assert fields["cancelled"]["widget"] == "boolean"


def test_dates_markdown_and_flags() -> None:
    initiative = _by_name(_record_fields(KINDS[3]))
    assert initiative["updated"]["widget"] == "datetime"
    assert initiative["updated"]["format"] == "YYYY-MM-DD"
    assert initiative["updated"]["time_format"] is False
    # Month or day: a text with a pattern, a date picker would force a day.
    assert initiative["start"]["widget"] == "string"
    assert initiative["description"]["widget"] == "markdown"
    assert initiative["featured"]["widget"] == "boolean"
    assert initiative["location"]["widget"] == "object"
    assert initiative["links"]["widget"] == "list"


def test_new_file_names_are_valid_ids() -> None:
    # Relation widgets write a partner's file name as its id: it must pass the Slug rule.
    assert CONFIG["slug"] == {
        "encoding": "ascii",
        "clean_accents": True,
        "sanitize_replacement": "-",
    }


def test_production_backend_is_gitlab_with_pkce_from_the_options() -> None:
    options = cms.CmsOptions(
        gitlab_url="https://git.essen.example", repo="evv/site", branch="live", app_id="abc123"
    )
    backend = cms.decap_config(options)["backend"]
    assert backend["name"] == "gitlab"
    assert backend["auth_type"] == "pkce"
    assert (backend["repo"], backend["branch"], backend["app_id"]) == ("evv/site", "live", "abc123")
    assert backend["api_root"] == "https://git.essen.example/api/v4"


# --------------------------------------------------------------------------- patterns vs rules


def _sample_records() -> list[tuple[Kind, dict[str, Any]]]:
    found = []
    for kind in KINDS:
        path = REPO / "data" / kind.entry
        if kind.folder:
            found += [(kind, yaml.safe_load(p.read_text("utf-8"))) for p in path.glob("*.yml")]
        else:
            found += [(kind, record) for record in yaml.safe_load(path.read_text("utf-8"))]
    return found


def _matches(field: dict[str, Any], value: object) -> bool:
    # Decap tests the pattern on the text of the field (JavaScript; these patterns use nothing
    # that Python reads differently).
    return re.search(field["pattern"][0], str(value)) is not None


def test_patterns_accept_every_sample_value() -> None:
    checked = 0
    for kind, record in _sample_records():
        fields = _by_name(_record_fields(kind))
        for name, value in record.items():
            field = fields[name]
            if "pattern" in field:
                assert _matches(field, value), (kind.name, name, value)
                checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    ("kind_index", "name", "value"),
    [
        (0, "id", "Smart Living"),
        (2, "id", "ce-search"),
        (2, "phone", "0201 abc"),
        (2, "email", "name at essen.de"),
        (3, "start", "2025-13"),
        (3, "end", "Juni 2025"),
        (3, "title", "x" * 201),
        (3, "summary", "x" * 301),
        (1, "website", "ftp://example.org/"),
        (0, "icon", "home city"),
    ],
)
def test_patterns_reject_what_the_rules_reject(kind_index: int, name: str, value: str) -> None:
    kind = KINDS[kind_index]
    with pytest.raises(Invalid):
        kind.record.by_name[name].type.check(value)
    assert not _matches(_by_name(_record_fields(kind))[name], value)


# --------------------------------------------------------------------------- the YAML writer

ROUND_TRIP = """
import { readFileSync } from "node:fs";
import { listFormat, recordFormat, toYaml } from "./essen-format.js";
const job = JSON.parse(readFileSync(0, "utf8"));
const out = {};
for (const [path, order] of Object.entries(job.files)) {
  const text = readFileSync(path, "utf8");
  const format = order === null ? listFormat : recordFormat;
  out[path] = format.toFile(format.fromFile(text), order ?? []);
}
out.written = toYaml(job.data, job.order);
process.stdout.write(JSON.stringify(out));
"""


def _run_writer(tmp_path: Path, files: dict[str, list[str] | None], data: object, order: list[str]):
    node = shutil.which("node")
    assert node, "Node.js is needed (CI installs it: .ci/run)"
    # A copy with "type": "module", as the browser loads it: the site's folder has no
    # package.json, and Node reads .js files there as CommonJS.
    work = tmp_path / "writer"
    shutil.copytree(cms.ADMIN_ASSETS, work, ignore=shutil.ignore_patterns("decap"))
    (work / "package.json").write_text('{"type": "module"}', encoding="utf-8")
    (work / "run.js").write_text(ROUND_TRIP, encoding="utf-8")
    result = subprocess.run(
        [node, "run.js"],
        cwd=work,
        input=json.dumps({"files": files, "data": data, "order": order}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_writer_writes_every_sample_file_back_unchanged(tmp_path: Path) -> None:
    files: dict[str, list[str] | None] = {}
    for kind in KINDS:
        if kind.folder:
            order = [field["name"] for field in _record_fields(kind)]
            for path in sorted((REPO / "data" / kind.entry).glob("*.yml")):
                files[str(path)] = order
        else:
            files[str(REPO / "data" / kind.entry)] = None
    out = _run_writer(tmp_path, files, {}, [])
    changed = [p for p in files if out[p] != Path(p).read_text(encoding="utf-8")]
    assert len(files) > 40
    assert changed == [], "the editor would rewrite these files: " + ", ".join(changed)


def test_writer_drops_empty_values_orders_keys_and_quotes_months(tmp_path: Path) -> None:
    order = [field["name"] for field in _record_fields(KINDS[3])]
    data = {
        "summary": "Kurz: mit Doppelpunkt",
        "title": "Neu",
        "description": "",
        "partners": [],
        "location": {"lat": None, "lon": None},
        "start": "2025-06",
        "updated": "2026-02-10",
        "fields": ["smart-living"],
        "status": "idea",
        "tags": ["a"],
    }
    written = _run_writer(tmp_path, {}, data, order)["written"]
    assert written == (
        "title: Neu\n"
        "fields:\n"
        "  - smart-living\n"
        "status: idea\n"
        'summary: "Kurz: mit Doppelpunkt"\n'
        'start: "2025-06"\n'
        "tags:\n"
        "  - a\n"
        "updated: 2026-02-10\n"
    )
    # What PyYAML (the build's reader) makes of it: a month as text, a day as a date.
    read = yaml.safe_load(written)
    assert read["start"] == "2025-06"
    assert str(read["updated"]) == "2026-02-10"
    assert not {"description", "partners", "location"} & set(read)


# --------------------------------------------------------------------------- serve


def test_serve_outside_the_project_says_so_in_german(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "plugins.essen.cms", "serve", "--project", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert f"In {tmp_path} liegt keine mkdocs.yml" in result.stderr
    assert "Traceback" not in result.stderr


def _out_of_order(record: Record, value: object, where: str) -> list[str]:
    """Keys of `value` (and of its nested blocks) that are not in the contract's order."""
    if not isinstance(value, dict):
        return []
    order = [key.name for key in record.keys]
    found = [name for name in value if name in order]
    problems = [where] if found != sorted(found, key=order.index) else []
    for key in record.keys:
        shape = key.type.item if isinstance(key.type, ListOf) else key.type
        if isinstance(shape, Record) and key.name in value:
            items = value[key.name] if isinstance(key.type, ListOf) else [value[key.name]]
            for item in items:
                problems += _out_of_order(shape, item, f"{where} {key.name}")
    return problems


def test_sample_files_keep_the_contract_key_order() -> None:
    """New records get the form's (the contract's) order; the samples show the same."""
    problems = []
    for kind in KINDS:
        path = REPO / "data" / kind.entry
        files = sorted(path.glob("*.yml")) if kind.folder else [path]
        for file in files:
            loaded = yaml.safe_load(file.read_text(encoding="utf-8"))
            for index, record in enumerate(loaded if isinstance(loaded, list) else [loaded]):
                problems += _out_of_order(kind.record, record, f"{file.name}[{index}]")
    assert problems == []


def _image_file_fields(fields: list[dict[str, Any]]):
    for field in fields:
        if field.get("widget") == "image":
            yield field
        yield from _image_file_fields(field.get("fields", []))


def test_uploads_go_to_data_images_and_the_yaml_gets_the_bare_file_name() -> None:
    """Decap writes `public_folder` joined with the upload's name into the YAML: with "" that is
    the bare file name the contract wants, and the file lands where the build looks (issue 13)."""
    assert CONFIG["media_folder"] == "data/images"
    assert CONFIG["public_folder"] == ""
    assert (REPO / CONFIG["media_folder"]).is_dir()
    found = {}
    for collection in CONFIG["collections"]:
        for entry in [collection, *collection.get("files", [])]:
            for field in _image_file_fields(entry.get("fields", [])):
                found.setdefault(collection["name"], []).append(field)
    # Fields', initiatives' and news items' image, partners' logo: file pickers without URLs.
    assert sorted(found) == ["fields", "initiatives", "news", "partners"]
    samples = [p.name for p in (REPO / "data" / "images").iterdir() if p.is_file()]
    assert samples
    for name, pickers in found.items():
        for field in pickers:
            assert field["name"] == "file" and field["choose_url"] is False
            pattern = re.compile(field["pattern"][0])
            extensions = (".svg",) if name == "partners" else ()
            for sample in samples:
                if not sample.endswith(".svg") or extensions:
                    assert pattern.fullmatch(sample), (name, sample)
            for path in ("images/a.jpg", "data/images/a.jpg", "/a.jpg", "../a.jpg", "a.gif"):
                assert not pattern.fullmatch(path), (name, path)
