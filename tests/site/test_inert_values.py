"""Hostile values through real builds and the check command (issue 9, rules layer).

Each case writes a project into tmp_path, runs `mkdocs build --strict` and `essen-check` side by
side and compares their located German messages; valid cases are built and their HTML parsed.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

from ..conftest import (
    Page,
    assert_built,
    build,
    check_and_build,
    make_project,
    small_data,
    write_data,
)

TRACEBACK = "Traceback (most recent call last)"


def escaped_yaml(value: str) -> str:
    """A double-quoted YAML scalar with every non-ASCII character as an escape, the way an
    attacker (or a copy from a terminal) writes U+FFFE into a file that is itself valid UTF-8."""
    return (
        '"'
        + "".join(
            char if 0x20 <= ord(char) < 0x7F and char not in '"\\' else f"\\U{ord(char):08X}"
            for char in value
        )
        + '"'
    )


def set_raw(path: Path, key: str, raw: str) -> int:
    """Replace the value of a top-level `key:` line by raw YAML; returns the line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if line.startswith(f"{key}:"):
            lines[number - 1] = f"{key}: {raw}"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return number
    lines.append(f"{key}: {raw}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def assert_same_refusal(project: Path, tmp_path: Path) -> list[str]:
    """Build and check both refuse, with the same message lines and no traceback."""
    site_dir = tmp_path / "site"
    check, built = check_and_build(project, site_dir)
    assert built.returncode != 0, built.output
    assert check.returncode == 1, check.output
    for run in (check, built):
        assert TRACEBACK not in run.output, run.output
        assert "Daten in Ordnung" not in run.output
    assert built.problem_lines, built.output
    assert sorted(check.problem_lines) == sorted(built.problem_lines)
    assert not (site_dir / "index.html").exists()
    return built.problem_lines


# --------------------------------------------------------------------------- characters


def test_forbidden_characters_stop_build_and_check_with_the_same_messages(tmp_path: Path) -> None:
    project = make_project(tmp_path, lambda d: write_data(d, small_data()))
    data = project / "data"
    marker = tmp_path / "ausgefuehrt"
    payload = "{{ lipsum.__globals__.os.popen('touch " + str(marker) + "').read() }}"
    cases = {
        # (file, key): (raw value, code point that the message must name)
        ("initiatives/ampel.yml", "title"): (escaped_yaml(f"Titel\ufffe{payload}"), "U+FFFE"),
        ("initiatives/ampel.yml", "summary"): (escaped_yaml("Kurz\uffff"), "U+FFFF"),
        ("initiatives/zentrum.yml", "title"): (escaped_yaml("Zentrum\x1b[2J"), "U+001B"),
        ("initiatives/zentrum.yml", "summary"): (escaped_yaml("Links\u202eherum"), "U+202E"),
        # (A lone surrogate, "\uD800", is refused by the YAML reader already: tests/unit/test_rules.py.)
        ("initiatives/ofen.yml", "title"): (escaped_yaml("Zeile\u2028Zeile"), "U+2028"),
        ("partners/evv.yml", "name"): (escaped_yaml("EVV\x85"), "U+0085"),
        ("partners/evv.yml", "short_name"): (escaped_yaml("E\U0010fffeV"), "U+10FFFE"),
    }
    expected = set()
    for (file, key), (raw, code) in cases.items():
        line = set_raw(data / file, key, raw)
        expected.add((f"data/{file}:{line}: {key}", code))
    lines = assert_same_refusal(project, tmp_path)
    for location, code in expected:
        assert any(line.startswith(f"{location}: das Zeichen {code} ") for line in lines), (
            location,
            lines,
        )
    assert len(lines) == len(expected), lines
    assert not marker.exists()


# --------------------------------------------------------------------------- types and dates


def test_wrong_types_and_impossible_dates_are_messages_from_build_and_check(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path, lambda d: write_data(d, small_data()))
    data = project / "data"
    expected = {
        (
            "initiatives/ampel.yml",
            set_raw(data / "initiatives/ampel.yml", "title", "2024-05-01"),
        ): "title",
        (
            "initiatives/ampel.yml",
            set_raw(data / "initiatives/ampel.yml", "status", "[pilot]"),
        ): "status",
        (
            "initiatives/ampel.yml",
            set_raw(data / "initiatives/ampel.yml", "start", '"0000-05"'),
        ): "start",
        (
            "initiatives/zentrum.yml",
            set_raw(data / "initiatives/zentrum.yml", "featured", "1"),
        ): "featured",
        (
            "initiatives/zentrum.yml",
            set_raw(data / "initiatives/zentrum.yml", "tags", "{a: b}"),
        ): "tags",
        ("partners/evv.yml", set_raw(data / "partners/evv.yml", "type", "{a: 1}")): "type",
        ("partners/evv.yml", set_raw(data / "partners/evv.yml", "name", "1" + "0" * 400)): "name",
    }
    location = data / "initiatives/oekostrom.yml"
    with location.open("a", encoding="utf-8") as handle:
        handle.write("location:\n  lat: .nan\n  lon: .inf\n")
    total = len(location.read_text(encoding="utf-8").splitlines())
    expected[("initiatives/oekostrom.yml", total - 1)] = "location.lat"
    expected[("initiatives/oekostrom.yml", total)] = "location.lon"
    lines = assert_same_refusal(project, tmp_path)
    located = {(line.split(":")[0][len("data/") :], int(line.split(":")[1])) for line in lines}
    assert located == set(expected), lines
    for line in lines:
        assert len(line) < 400, line


def test_dates_at_the_ends_of_the_calendar_build(tmp_path: Path) -> None:
    data = small_data()
    data["initiatives"]["ampel"].update(
        {"start": "9999-12", "end": "9999-12", "updated": dt.date(1, 1, 1)}
    )
    data["initiatives"]["zentrum"].update(
        {"start": "0001-01", "end": dt.date(9999, 12, 31), "updated": dt.date(9999, 12, 31)}
    )
    project = make_project(tmp_path, lambda d: write_data(d, data))
    result = build(project)
    assert_built(result)
    page = Page(project / "site", "initiativen/ampel/index.html")
    assert "9999" in page.content.text()


# --------------------------------------------------------------------------- check = build


def test_check_refuses_what_the_build_refuses_in_mkdocs_yml(tmp_path: Path) -> None:
    cases = {
        "without-site-url": lambda config: config.pop("site_url"),
        "bad-plugin-option": lambda config: config.__setitem__(
            "plugins",
            [{"essen": {"stale_after_days": "ein Jahr"}}, *config["plugins"][1:]],
        ),
    }
    for name, change in cases.items():
        project = make_project(tmp_path / name, lambda d: write_data(d, small_data()))
        config_path = project / "mkdocs.yml"
        text = config_path.read_text(encoding="utf-8")
        config = yaml.safe_load(text)
        change(config)
        config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        check, built = check_and_build(project, tmp_path / name / "site")
        assert built.returncode != 0, (name, built.output)
        assert check.returncode == 1, (name, check.output)
        assert "Daten in Ordnung" not in check.output
        assert TRACEBACK not in check.output + built.output
        assert check.output.strip().splitlines()[-1].startswith("mkdocs.yml"), check.output


# --------------------------------------------------------------------------- ids and filters


def test_contact_ids_never_collide_with_element_ids_of_the_contact_page(tmp_path: Path) -> None:
    data = small_data()
    # Ids a page could plausibly use for its own elements: headings, sections, folders.
    for contact_id in ("leitung", "ansprechpersonen", "inhalt", "kontakt", "initiativen", "suche"):
        data["contacts"].append(
            {
                "id": contact_id,
                "name": f"Kontakt {contact_id}",
                "role": "Rolle",
                "organization": "stadt-essen",
                "leadership": contact_id == "leitung",
            }
        )
    project = make_project(tmp_path, lambda d: write_data(d, data))
    assert_built(build(project))
    page = Page(project / "site", "kontakt/index.html")
    ids = page.root.ids()
    duplicates = [element_id for element_id, count in Counter(ids).items() if count > 1]
    assert duplicates == []
    contact_ids = {contact["id"] for contact in data["contacts"]}
    assert contact_ids <= set(ids)  # the anchors /kontakt/#<id> still work
    # By construction: every other id is Material's (__…, no slug can start so) or the site's
    # own (ce-…, refused for contacts).
    others = [element_id for element_id in ids if element_id not in contact_ids]
    assert others and all(i.startswith(("__", "ce-")) for i in others), others


def test_contact_id_with_the_sites_prefix_is_refused(tmp_path: Path) -> None:
    data = small_data()
    data["contacts"].append({**data["contacts"][0], "id": "ce-search-input"})
    project = make_project(tmp_path, lambda d: write_data(d, data))
    lines = assert_same_refusal(project, tmp_path)
    assert len(lines) == 1 and ": id: " in lines[0] and "»ce-«" in lines[0], lines


def test_lookalike_districts_and_tags_give_one_filter_option(tmp_path: Path) -> None:
    data = small_data()
    spellings = [
        "Rüttenscheid",
        unicodedata.normalize("NFD", "Rüttenscheid"),
        "Rütten\u200bscheid",
        "\ufeffRüttenscheid\u2060",
        "Rüttenscheid\u00a0",
    ]
    stems = ["aerztehaus", "ampel", "zentrum", "oekostrom", "ofen"]
    for stem, district in zip(stems, spellings, strict=True):
        data["initiatives"][stem]["districts"] = [district, "Altenessen - Süd"]
    tags = ["Sensorik", "Sen\u200csorik", "Sensorik\u00ad", "Sensorik\u00a0", "\u2060Sensorik"]
    for stem, tag in zip(stems, tags, strict=True):
        data["initiatives"][stem]["tags"] = [tag]
    data["initiatives"]["ofen"]["districts"] += ["ALTENESSEN\u00a0\u2013 süd", "rüttenscheid"]
    project = make_project(tmp_path, lambda d: write_data(d, data))
    assert_built(build(project))
    page = Page(project / "site", "initiativen/index.html")
    (fieldset,) = [
        node for node in page.root.find_all("fieldset") if node.attrs.get("data-k") == "d"
    ]
    values = [node.attrs.get("value") for node in fieldset.find_all("input")]
    assert sorted(values) == ["Altenessen-Süd", "Rüttenscheid"]
    # The rows are cards; their field badges are list items of their own.
    rows = [li for li in page.by_id("ce-ix").find_all("li") if "ce-card" in li.classes()]
    assert {row.attrs.get("data-t") for row in rows} == {"Sensorik"}
