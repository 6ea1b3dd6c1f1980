"""The sample data's images are the script's illustrations, credited as such (issue 13)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import yaml

from ..conftest import REPO

DATA = REPO / "data"


def _script():
    spec = importlib.util.spec_from_file_location(
        "sample_images", REPO / "tools" / "sample_images.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _blocks() -> list[tuple[str, dict]]:
    """(data file, image or logo block) of every sample record that has one."""
    found = []
    for field in yaml.safe_load((DATA / "fields.yml").read_text("utf-8")):
        if "image" in field:
            found.append(("fields.yml", field["image"]))
    for folder, key in (("initiatives", "image"), ("partners", "logo")):
        for path in sorted((DATA / folder).glob("*.yml")):
            raw = yaml.safe_load(path.read_text("utf-8"))
            if key in raw:
                found.append((f"{folder}/{path.name}", raw[key]))
    return found


def test_every_sample_image_is_drawn_by_the_script_byte_for_byte() -> None:
    script = _script()
    made = script.outputs()
    committed = {p for p in (DATA / "images").iterdir() if p.is_file()}
    # No file in data/images/ that the script did not draw (no photo slipped in) ...
    assert committed == {p for p in made if p.parent == DATA / "images"}
    # ... and the committed files are what it draws now (tools/sample_images.py --check).
    assert [p.name for p, content in made.items() if Path(p).read_bytes() != content] == []


def test_sample_images_are_credited_as_illustrations_and_used() -> None:
    script = _script()
    blocks = _blocks()
    images = [block for where, block in blocks if not where.startswith("partners/")]
    assert images and all(block["credit"] == script.CREDIT for block in images)
    assert "Illustration" in script.CREDIT
    used = {block["file"] for _, block in blocks}
    assert used == {p.name for p in (DATA / "images").iterdir() if p.is_file()}
