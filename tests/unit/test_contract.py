"""The contract table (`contract.KINDS`): consistent with itself, with the scan of data/, with
the editors' tools, and really the one table the loader runs on."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from plugins.essen import contract
from plugins.essen.contract import KINDS, KINDS_BY_TARGET
from plugins.essen.datafiles import KNOWN_ENTRIES
from plugins.essen.errors import DataError
from plugins.essen.loading import load_site
from plugins.essen.model import Site
from plugins.essen.rules import LINK, ListOf, Record, Reference, Rule, references

from ..conftest import REPO, make_project, small_data, write_data


def leaf_rules(record: Record) -> list[tuple[str, object]]:
    """(key path, value type) of every key, lists and nested blocks opened."""
    found: list[tuple[str, object]] = []
    for key in record.keys:
        shape = key.type.item if isinstance(key.type, ListOf) else key.type
        if isinstance(shape, Record):
            found += [(f"{key.name}.{name}", rule) for name, rule in leaf_rules(shape)]
        else:
            found.append((key.name, shape))
    return found


def test_one_entry_per_kind_of_the_site() -> None:
    assert [kind.name for kind in KINDS] == [
        "fields",
        "partners",
        "contacts",
        "initiatives",
        "news",
        "events",
    ]
    # Site's constructor takes exactly one tuple per kind: the loader passes them by name.
    assert {kind.name for kind in KINDS} == {f.name for f in dataclasses.fields(Site) if f.init}
    assert len(KINDS_BY_TARGET) == len(KINDS)


def test_kinds_only_refer_to_kinds_loaded_before_them() -> None:
    """The loader resolves references against the kinds already loaded."""
    loaded: set[str] = set()
    for kind in KINDS:
        assert kind.targets <= loaded, f"{kind.name} refers to {kind.targets - loaded}"
        loaded.add(kind.target)


def test_the_references_are_the_ones_the_editors_guide_describes() -> None:
    named = {
        kind.name: {key.name: rule.target for key, rule in references(kind.record)}
        for kind in KINDS
    }
    assert named == {
        "fields": {},
        "partners": {},
        "contacts": {"organization": "partner"},
        "initiatives": {
            "fields": "field",
            "partners": "partner",
            "lead": "partner",
            "contacts": "contact",
        },
        "news": {"initiatives": "initiative", "fields": "field"},
        "events": {"initiatives": "initiative", "fields": "field"},
    }


def test_every_reference_names_a_kind_and_nested_blocks_hold_none() -> None:
    for kind in KINDS:
        for path, rule in leaf_rules(kind.record):
            if isinstance(rule, Reference):
                # Only top-level keys are resolved; a reference inside a block would pass unseen.
                assert "." not in path, f"{kind.name}.{path}"
                assert rule.target in KINDS_BY_TARGET, f"{kind.name}.{path}: {rule.target}"


def test_every_value_type_follows_the_rule_protocol() -> None:
    for record in [*(kind.record for kind in KINDS), LINK]:
        for path, rule in leaf_rules(record):
            assert isinstance(rule, Rule), f"{record.title}.{path}: {rule!r}"
            assert isinstance(rule.json_schema(), dict)


def test_list_files_have_an_id_key_and_folders_name_records_by_file() -> None:
    for kind in KINDS:
        if kind.folder:
            assert "id" not in kind.record.by_name, kind.name
            assert not kind.each_label
        else:
            assert kind.record.by_name["id"].required, kind.name
            assert kind.each_label.startswith("jedem "), kind.name


def test_known_entries_of_the_scan_agree_with_the_contract() -> None:
    """Every kind is found by the scan of data/, and every YAML entry the scan accepts is read
    by the loader (issue 13's images/ is a known entry that is no kind: it holds no .yml)."""
    known = {entry.name: entry for entry in KNOWN_ENTRIES}
    for kind in KINDS:
        assert kind.entry in known, kind.entry
        assert known[kind.entry].folder == kind.folder, kind.entry
    read_entries = {
        entry.name
        for entry in KNOWN_ENTRIES
        if (
            {".yml", ".md"} & set(entry.suffixes) if entry.folder else entry.name.endswith(".yml")
        )
    }
    assert read_entries == {kind.entry for kind in KINDS}
    for kind in KINDS:
        if kind.folder:
            assert known[kind.entry].suffixes == (kind.suffix,), kind.entry


def test_vs_code_maps_each_schema_to_the_files_of_its_kind() -> None:
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    # Front matter in Markdown files is no YAML file for the YAML extension: VS Code has no
    # schema for news (the check command and the form editor have).
    assert settings["yaml.schemas"] == {
        f"./schemas/{kind.schema}.schema.json": kind.glob for kind in KINDS if kind.body is None
    }


def test_the_loader_runs_on_the_table(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A change in the table is a change in what is loaded: the loader has no kind of its own.
    Here the partners' German label in the table changes the loader's message."""
    data = small_data()
    data["initiatives"][next(iter(data["initiatives"]))]["lead"] = "niemand"
    project = make_project(tmp_path, lambda d: write_data(d, data))
    partners = KINDS_BY_TARGET["partner"]
    relabelled = tuple(
        kind if kind is not partners else dataclasses.replace(kind, reference_label="X")
        for kind in KINDS
    )
    monkeypatch.setattr("plugins.essen.loading.KINDS", relabelled)
    with pytest.raises(DataError) as caught:
        load_site(project / "data", project)
    assert [p.message for p in caught.value.problems] == ["X »niemand« gibt es nicht"]
    assert contract.KINDS is KINDS  # the module's own table is untouched
