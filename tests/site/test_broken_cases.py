"""Every data mistake of the editors' contract (issue 3), one at a time in an otherwise valid data
set: `essen-check` and `mkdocs build --strict` both refuse it, with the same one-line message
`path:line: key: what is wrong — what to do`, no traceback and nothing written.

The build runs as the command; essen-check as its `main()` in this process (the command is
`sys.exit(main())`), while the build runs: a Python start and the MkDocs imports per case cost
far more than the check itself. The valid data set is checked with the command.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from plugins.essen.check import main as check_main
from plugins.essen.rules import STATUS_LABELS, SUMMARY_MAX_LENGTH
from plugins.essen.yamlsource import FILE_KEY

from ..conftest import (
    ENV,
    MESSAGE,
    TIMEOUT,
    Page,
    Run,
    assert_built,
    build_command,
    dump_yaml,
    make_project,
    small_data,
    write_small_data,
)

# --------------------------------------------------------------------------- running


def check_and_build(project: Path, site_dir: Path) -> tuple[Run, Run]:
    """`mkdocs build --strict` as a process and, while it runs, essen-check's `main()` here
    (working directory the project, as for the command); stdout and stderr of each."""
    build = subprocess.Popen(
        build_command(project, site_dir),
        cwd=project,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        out, err = io.StringIO(), io.StringIO()
        with (
            contextlib.chdir(project),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            code = check_main([str(project)])
        stdout, stderr = build.communicate(timeout=TIMEOUT)
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    return Run(code, out.getvalue() + err.getvalue()), Run(build.returncode, stdout + stderr)


# --------------------------------------------------------------------------- editing data files


def line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def replace(path: Path, old: str, new: str) -> int:
    """Replace the one occurrence of `old`; returns the line where the replacement starts."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} in {path}"
    offset = text.index(old)
    path.write_text(text[:offset] + new + text[offset + len(old) :], encoding="utf-8")
    return line_at(text, offset)


def append(path: Path, addition: str) -> int:
    """Append lines; returns the line of the first appended line."""
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n")
    path.write_text(text + addition, encoding="utf-8")
    return line_at(text, len(text))


def line_of_text(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert text.count(needle) == 1, f"{needle!r} in {path}"
    return line_at(text, text.index(needle))


def initiative(data: Path, stem: str) -> Path:
    return data / "initiatives" / f"{stem}.yml"


def partner(data: Path, stem: str) -> Path:
    return data / "partners" / f"{stem}.yml"


def shown(data: Path, path: Path) -> str:
    return path.relative_to(data.parent).as_posix()


@dataclass(frozen=True)
class Expected:
    """Where the one problem must be reported, and words its message and hint must contain."""

    path: str
    line: int | None  # None: the problem concerns the file as a whole and names no line
    key: str
    what: list[str] = field(default_factory=list)
    hint: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- the broken cases
# Each takes the data folder of a copy of the small valid data set, makes one mistake and says
# where it must be reported.


def yaml_syntax_error(data: Path) -> Expected:
    path = initiative(data, "ampel")
    line = replace(path, "summary: Ampeln schalten", "summary: Ampeln: schalten")
    return Expected(shown(data, path), line, FILE_KEY, ["YAML-Syntaxfehler"])


def empty_file(data: Path) -> Expected:
    # `uni` is referenced by initiatives: they must not be reported as well.
    path = partner(data, "uni")
    path.write_text("", encoding="utf-8")
    return Expected(shown(data, path), 1, FILE_KEY, ["leer"])


def non_utf8_file(data: Path) -> Expected:
    path = initiative(data, "zentrum")
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("utf-8") + "description: Grüße aus Süd\n".encode("cp1252"))
    return Expected(shown(data, path), line_at(text, len(text)), FILE_KEY, ["UTF-8"], ["UTF-8"])


def initiative_is_a_list(data: Path) -> Expected:
    path = initiative(data, "zentrum")
    path.write_text("- title: Zentrum vernetzt\n- status: idea\n", encoding="utf-8")
    return Expected(shown(data, path), 1, FILE_KEY, ["Abschnitt mit Schlüsseln", "Liste"])


def fields_file_is_a_mapping(data: Path) -> Expected:
    path = data / "fields.yml"
    fields = small_data()["fields"]
    dump_yaml(path, {f["id"]: {k: v for k, v in f.items() if k != "id"} for f in fields})
    # Every initiative names a field: none of those references may be reported on top.
    return Expected(shown(data, path), 1, FILE_KEY, ["Liste von Einträgen"], ["- id:"])


def contacts_file_is_a_mapping(data: Path) -> Expected:
    path = data / "contacts.yml"
    dump_yaml(path, {c["id"]: c for c in small_data()["contacts"]})
    return Expected(shown(data, path), 1, FILE_KEY, ["Liste von Einträgen"], ["- id:"])


def missing_required_key(data: Path) -> Expected:
    path = initiative(data, "ampel")
    replace(path, "status: planning\n", "")
    return Expected(shown(data, path), 1, "status", ["Pflichtangabe fehlt"], ["status"])


def unknown_key_typo(data: Path) -> Expected:
    path = initiative(data, "ampel")
    line = append(path, "describtion: Ampeln, die mitdenken.\n")
    return Expected(
        shown(data, path), line, "describtion", ["unbekannter Schlüssel"], ["»description«"]
    )


def wrong_type_list(data: Path) -> Expected:
    path = initiative(data, "ampel")
    line = replace(path, "partners:\n- lumenkraft\n", "partners: lumenkraft\n")
    return Expected(shown(data, path), line, "partners", ["erwartet wird eine Liste"], ["- "])


def wrong_type_flag(data: Path) -> Expected:
    path = initiative(data, "ampel")
    line = append(path, "featured: ja\n")
    return Expected(shown(data, path), line, "featured", ["»ja«"], ["true", "false"])


def wrong_type_text(data: Path) -> Expected:
    path = initiative(data, "ampel")
    line = replace(path, "title: Ampelschaltung", "title: 2024")
    return Expected(shown(data, path), line, "title", ["Text", "Zahl"], ["Anführungszeichen"])


def wrong_type_block(data: Path) -> Expected:
    path = initiative(data, "ampel")
    line = append(path, "location: 51.45\n")
    return Expected(shown(data, path), line, "location", ["Abschnitt mit Schlüsseln"])


def unknown_field(data: Path) -> Expected:
    path = initiative(data, "ampel")
    line = replace(path, "- smart-mobility", "- smart-mobilty")
    return Expected(shown(data, path), line, "fields[1]", ["»smart-mobilty«"], ["»smart-mobility«"])


def unknown_lead_partner(data: Path) -> Expected:
    path = initiative(data, "ampel")
    line = replace(path, "lead: evv", "lead: evw")
    return Expected(shown(data, path), line, "lead", ["»evw«"], ["»evv«"])


def unknown_partner(data: Path) -> Expected:
    path = initiative(data, "ampel")
    line = replace(path, "- lumenkraft", "- lumenkraf")
    return Expected(shown(data, path), line, "partners[1]", ["»lumenkraf«"], ["»lumenkraft«"])


def unknown_contact(data: Path) -> Expected:
    path = initiative(data, "aerztehaus")
    line = replace(path, "- projektteam", "- projekteam")
    return Expected(shown(data, path), line, "contacts[2]", ["»projekteam«"], ["»projektteam«"])


def unknown_partner_in_contacts(data: Path) -> Expected:
    path = data / "contacts.yml"
    line = replace(path, "organization: lumenkraft", "organization: lumenkrafft")
    return Expected(shown(data, path), line, "organization", ["»lumenkrafft«"], ["»lumenkraft«"])


def same_id_partner_files(data: Path) -> Expected:
    original = partner(data, "stadt-essen")
    shutil.copy(original, partner(data, "Stadt Essen"))
    # Files are read in name order: "Stadt Essen.yml" comes first and wins.
    return Expected(
        shown(data, original),
        None,
        FILE_KEY,
        ["»stadt-essen«", "data/partners/Stadt Essen.yml"],
        ["benennen Sie eine der beiden Dateien um"],
    )


def same_id_initiative_files(data: Path) -> Expected:
    original = initiative(data, "oekostrom")
    copy = initiative(data, "Ökostrom")
    shutil.copy(original, copy)
    return Expected(shown(data, copy), None, FILE_KEY, ["»oekostrom«", shown(data, original)])


DUPLICATE_FIELD = """\
- id: smart-energy
  name: Noch einmal Energie
  summary: Doppelt eingetragen.
  description: Doppelt eingetragen.
"""


def duplicate_field_id(data: Path) -> Expected:
    path = data / "fields.yml"
    first = line_of_text(path, "- id: smart-energy")
    line = append(path, DUPLICATE_FIELD)
    return Expected(shown(data, path), line, "id", ["»smart-energy«", f"Zeile {first}"])


DUPLICATE_CONTACT = """\
- id: adelskamp
  name: Frau Adelskamp
  role: Stellvertretung
  organization: evv
"""


def duplicate_contact_id(data: Path) -> Expected:
    path = data / "contacts.yml"
    first = line_of_text(path, "- id: adelskamp")
    line = append(path, DUPLICATE_CONTACT)
    return Expected(shown(data, path), line, "id", ["»adelskamp«", f"Zeile {first}"])


def status_outside_the_list(data: Path) -> Expected:
    path = initiative(data, "ampel")
    line = replace(path, "status: planning", "status: geplant")
    return Expected(
        shown(data, path),
        line,
        "status",
        ["»geplant«"],
        [*STATUS_LABELS, *STATUS_LABELS.values()],
    )


def impossible_day(data: Path) -> Expected:
    path = initiative(data, "ampel")
    line = append(path, "updated: 2024-13-45\n")
    return Expected(shown(data, path), line, "updated", ["»2024-13-45«"], ["JJJJ-MM-TT"])


def impossible_start(data: Path) -> Expected:
    path = initiative(data, "oekostrom")
    line = replace(path, "start: 2022-01", "start: 2022-02-30")
    return Expected(shown(data, path), line, "start", ["»2022-02-30«"])


def end_before_start(data: Path) -> Expected:
    path = initiative(data, "oekostrom")
    line = replace(path, "end: 2023-06", "end: 2021-12")
    return Expected(shown(data, path), line, "end", ["2021-12", "2022-01"], ["start", "end"])


def latitude_out_of_range(data: Path) -> Expected:
    path = initiative(data, "ampel")
    line = append(path, "location:\n  lat: 91.5\n  lon: 7.01\n")
    return Expected(shown(data, path), line + 1, "location.lat", ["91.5", "-90", "90"])


def longitude_out_of_range(data: Path) -> Expected:
    path = initiative(data, "ampel")
    line = append(path, "location:\n  lat: 51.45\n  lon: -181\n")
    return Expected(shown(data, path), line + 2, "location.lon", ["-181", "-180", "180"])


def javascript_link(data: Path) -> Expected:
    path = initiative(data, "ofen")
    line = replace(path, "url: https://www.essen.de/", "url: javascript:alert(1)")
    return Expected(
        shown(data, path),
        line,
        "links[1].url",
        ["»javascript:alert(1)«"],
        ["https:", "http:", "mailto:", "tel:"],
    )


def ftp_link(data: Path) -> Expected:
    path = initiative(data, "ofen")
    line = replace(path, "url: https://www.essen.de/", "url: ftp://ftp.essen.de/")
    return Expected(shown(data, path), line, "links[1].url", ["»ftp://ftp.essen.de/«"])


def website_with_mail_scheme(data: Path) -> Expected:
    # mailto: is fine in links, but a website must be a web address.
    path = partner(data, "stadt-essen")
    line = replace(path, "website: https://www.essen.de/", "website: mailto:info@essen.de")
    return Expected(shown(data, path), line, "website", ["»mailto:info@essen.de«"], ["https:"])


def email_with_scheme(data: Path) -> Expected:
    path = data / "contacts.yml"
    address = "javascript:alert(1)//@example.org"
    line = replace(path, "email: sensorik@example.org", f"email: {address}")
    return Expected(shown(data, path), line, "email", [f"»{address}«"])


LONG_SUMMARY = ("Ampeln schalten nach dem Verkehr, " * 10)[: SUMMARY_MAX_LENGTH + 1]


def summary_too_long(data: Path) -> Expected:
    assert len(LONG_SUMMARY.strip()) == SUMMARY_MAX_LENGTH + 1
    path = initiative(data, "ampel")
    line = replace(path, "summary: Ampeln schalten nach dem Verkehr.", f"summary: {LONG_SUMMARY}")
    return Expected(
        shown(data, path),
        line,
        "summary",
        [str(SUMMARY_MAX_LENGTH + 1), str(SUMMARY_MAX_LENGTH)],
        ["description"],
    )


def news_date_not_the_file_names(data: Path) -> Expected:
    path = data / "news" / "2026-03-02-ampeln.md"
    path.parent.mkdir()
    path.write_text(
        "---\ntitle: Ampeln\ndate: 2026-03-01\nsummary: Vernetzt.\n---\nText.\n", "utf-8"
    )
    return Expected(shown(data, path), 3, "date", ["2026-03-01", "(2026-03-02)"], ["Dateinamen"])


def event_online_without_url(data: Path) -> Expected:
    path = data / "events" / "werkstatt.yml"
    path.parent.mkdir()
    path.write_text(
        "title: Werkstatt\nstart: 2027-03-15T18:00\nsummary: Mitmachen.\nonline: true\n", "utf-8"
    )
    return Expected(shown(data, path), 4, "url", ["online: true"], ["url: https://"])


CASES: list[Callable[[Path], Expected]] = [
    yaml_syntax_error,
    empty_file,
    non_utf8_file,
    initiative_is_a_list,
    fields_file_is_a_mapping,
    contacts_file_is_a_mapping,
    missing_required_key,
    unknown_key_typo,
    wrong_type_list,
    wrong_type_flag,
    wrong_type_text,
    wrong_type_block,
    unknown_field,
    unknown_lead_partner,
    unknown_partner,
    unknown_contact,
    unknown_partner_in_contacts,
    same_id_partner_files,
    same_id_initiative_files,
    duplicate_field_id,
    duplicate_contact_id,
    status_outside_the_list,
    impossible_day,
    impossible_start,
    end_before_start,
    latitude_out_of_range,
    longitude_out_of_range,
    javascript_link,
    ftp_link,
    website_with_mail_scheme,
    email_with_scheme,
    summary_too_long,
    news_date_not_the_file_names,
    event_online_without_url,
]


# --------------------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small valid data set in a copy of the project; each case breaks its own copy."""
    return make_project(tmp_path_factory.mktemp("pristine"), write_small_data)


def copy_project(pristine: Path, tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(pristine, project)
    return project


def test_the_data_set_the_cases_break_is_valid(pristine: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "plugins.essen.check", "--quiet", str(pristine)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not Run(0, result.stdout + result.stderr).problem_lines


@pytest.mark.parametrize("breaker", CASES, ids=[case.__name__ for case in CASES])
def test_broken_case_fails_check_and_build_with_one_precise_message(
    pristine: Path, tmp_path: Path, breaker: Callable[[Path], Expected]
) -> None:
    project = copy_project(pristine, tmp_path)
    expected = breaker(project / "data")
    site_dir = tmp_path / "site"

    check, build = check_and_build(project, site_dir)

    assert check.returncode == 1, check.output
    assert build.returncode != 0, build.output
    for run in (check, build):
        assert "Traceback" not in run.output, run.output
        # Exactly one problem: the mistake itself, nothing that follows from it.
        assert len(run.problem_lines) == 1, run.output
        assert "1 Fehler in den Daten" in run.output, run.output
    assert check.problem_lines == build.problem_lines

    (message,) = check.problem_lines
    match = MESSAGE.match(message)
    assert match is not None
    assert match["path"] == expected.path, message
    assert match["line"] == (None if expected.line is None else str(expected.line)), message
    assert match["key"] == expected.key, message
    for word in expected.what:
        assert word in match["what"], message
    for word in expected.hint:
        assert word in match["hint"], message
    # A refused build writes nothing, not even an empty site folder.
    assert not site_dir.exists()


def test_utf8_bom_is_fine(pristine: Path, tmp_path: Path) -> None:
    """Windows editors save UTF-8 with a byte order mark: the first key must still be read."""
    project = copy_project(pristine, tmp_path)
    data = project / "data"
    for path in (initiative(data, "ampel"), data / "fields.yml", data / "contacts.yml"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    title = small_data()["initiatives"]["ampel"]["title"]
    site_dir = tmp_path / "site"

    check, build = check_and_build(project, site_dir)

    assert check.returncode == 0, check.output
    assert not check.problem_lines, check.output
    assert_built(subprocess.CompletedProcess([], build.returncode, "", build.output))
    assert Page(site_dir, "initiativen/ampel/index.html").h1 == title
    first_field = small_data()["fields"][0]
    assert (
        Page(site_dir, f"handlungsfelder/{first_field['id']}/index.html").h1.strip()
        == (first_field["name"])
    )


# --------------------------------------------------------------------------- all at once


def five_mistakes_in_four_files(data: Path) -> list[tuple[str, int, str]]:
    """(path, line, key) of each mistake made, in no particular order."""
    ampel = initiative(data, "ampel")
    evv = partner(data, "evv")
    made = [
        (shown(data, ampel), replace(ampel, "status: planning", "status: läuft"), "status"),
        (shown(data, ampel), replace(ampel, "- smart-energy", "- smart-enrgy"), "fields[2]"),
        (shown(data, evv), replace(evv, "type: municipal-company", "type: kommunal"), "type"),
        (shown(data, data / "fields.yml"), append(data / "fields.yml", DUPLICATE_FIELD), "id"),
        (
            shown(data, data / "contacts.yml"),
            replace(data / "contacts.yml", "organization: lumenkraft", "organization: lumen"),
            "organization",
        ),
    ]
    assert len({path for path, _, _ in made}) == 4
    return made


def test_all_problems_are_reported_at_once_sorted_by_file_and_line(
    pristine: Path, tmp_path: Path
) -> None:
    project = copy_project(pristine, tmp_path)
    made = five_mistakes_in_four_files(project / "data")

    check, build = check_and_build(project, tmp_path / "site")

    assert check.returncode == 1 and build.returncode != 0, check.output + build.output
    assert check.problem_lines == build.problem_lines
    assert f"{len(made)} Fehler in den Daten" in check.output
    assert f"{len(made)} Fehler in den Daten" in build.output
    reported = []
    for message in check.problem_lines:
        match = MESSAGE.match(message)
        assert match is not None and match["line"] is not None, message
        reported.append((match["path"], int(match["line"]), match["key"]))
    # Sorted by file, then line: the order in which an editor works through them.
    assert reported == sorted(made)
