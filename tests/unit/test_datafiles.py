"""Only data/ is read, nothing is silently empty or ignored, file names give stable ids (issue 9).

Each case breaks a copy of the small valid data set in one way on disk (links, pipes, devices,
stray files, odd file names) and checks the one located message `load_site` gives; a few
representative cases also run the real `essen-check` and `mkdocs build --strict`.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from plugins.essen import datafiles, yamlsource
from plugins.essen.datafiles import KNOWN_ENTRIES, scan_data_dir
from plugins.essen.errors import DataError, Problem
from plugins.essen.loading import MAX_FILE_ID_LENGTH, id_from_filename, load_site
from plugins.essen.yamlsource import FILE_KEY, MAX_FILE_BYTES, safe_read_bytes

from ..conftest import (
    BILLION_LAUGHS,
    ENV,
    MESSAGE,
    TIMEOUT,
    Page,
    assert_built,
    build,
    check_and_build,
    dump_yaml,
    make_project,
    small_data,
    write_small_data,
)

SECRET = "GEHEIM-7f3a9c-nicht-ausgeben"
# Valid as an initiative, so that a reader that follows the link would publish it.
SECRET_INITIATIVE = f"""\
title: {SECRET}
fields:
  - smart-living
status: idea
summary: {SECRET}
"""


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("pristine"), write_small_data)


@pytest.fixture
def project(pristine: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(pristine, copy, symlinks=True)
    return copy


def problems_of(project: Path) -> list[Problem]:
    with pytest.raises(DataError) as caught:
        load_site(project / "data", project)
    text = str(caught.value)
    assert SECRET not in text
    return caught.value.problems


def only_problem(project: Path) -> Problem:
    problems = problems_of(project)
    assert len(problems) == 1, "\n".join(str(p) for p in problems)
    return problems[0]


def outside_secret(project: Path) -> Path:
    """A file beside the project (not in data/) holding the secret marker."""
    secret = project.parent / "geheim.yml"
    secret.write_text(SECRET_INITIATIVE, encoding="utf-8")
    return secret


def test_the_copied_data_set_is_valid(project: Path) -> None:
    site = load_site(project / "data", project)
    assert {i.id for i in site.initiatives} == set(small_data()["initiatives"])


# --------------------------------------------------------------------------- links and special files


@dataclass(frozen=True)
class Case:
    """A change on disk and where its one message must be, with words the message contains."""

    make: Callable[[Path], None]
    path: str
    words: tuple[str, ...]


def link_initiative_to_secret(project: Path) -> None:
    (project / "data/initiatives/leck.yml").symlink_to(outside_secret(project))


def link_initiative_to_passwd(project: Path) -> None:
    (project / "data/initiatives/passwd.yml").symlink_to("/etc/passwd")


def link_initiative_inside_data(project: Path) -> None:
    # Even a link to a file inside data/ is refused: one rule, nothing to resolve.
    (project / "data/initiatives/kopie.yml").symlink_to("ampel.yml")


def dangling_link(project: Path) -> None:
    (project / "data/partners/weg.yml").symlink_to(project / "gibt-es-nicht.yml")


def fields_file_is_a_link(project: Path) -> None:
    fields = project / "data/fields.yml"
    moved = project.parent / "fields-elsewhere.yml"
    fields.rename(moved)
    moved.write_text(moved.read_text(encoding="utf-8") + f"# {SECRET}\n", encoding="utf-8")
    fields.symlink_to(moved)


def initiatives_folder_is_a_link(project: Path) -> None:
    folder = project / "data/initiatives"
    moved = project.parent / "initiatives-elsewhere"
    folder.rename(moved)
    (moved / "geheim.yml").write_text(SECRET_INITIATIVE, encoding="utf-8")
    folder.symlink_to(moved, target_is_directory=True)


def partners_folder_is_a_link(project: Path) -> None:
    folder = project / "data/partners"
    moved = project.parent / "partners-elsewhere"
    folder.rename(moved)
    folder.symlink_to(moved, target_is_directory=True)


def stray_link_to_a_folder(project: Path) -> None:
    (project / "data/etc").symlink_to("/etc", target_is_directory=True)


def link_in_initiatives_to_a_folder(project: Path) -> None:
    (project / "data/initiatives/mehr").symlink_to(project.parent, target_is_directory=True)


def fields_file_is_a_fifo(project: Path) -> None:
    # Opened without O_NONBLOCK, reading a FIFO waits for a writer forever.
    (project / "data/fields.yml").unlink()
    os.mkfifo(project / "data/fields.yml")


def initiative_is_a_fifo(project: Path) -> None:
    os.mkfifo(project / "data/initiatives/pipe.yml")


def initiative_is_a_socket(project: Path) -> None:
    folder = project / "data/initiatives"
    # Socket paths are limited to about 100 bytes: bind relative to the folder.
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind("socket.yml")
    finally:
        os.chdir(cwd)


def partner_is_a_device(project: Path) -> None:
    # The same device as /dev/null: reading it would give an empty file, /dev/zero an endless one.
    os.mknod(project / "data/partners/geraet.yml", stat.S_IFCHR | 0o600, os.makedev(1, 3))


def initiative_is_a_folder(project: Path) -> None:
    (project / "data/initiatives/ordner.yml").mkdir()


LINK_CASES = {
    "initiative-link-outside": Case(link_initiative_to_secret, "data/initiatives/leck.yml", ("Verknüpfung",)),
    "initiative-link-etc-passwd": Case(link_initiative_to_passwd, "data/initiatives/passwd.yml", ("Verknüpfung",)),
    "initiative-link-inside-data": Case(link_initiative_inside_data, "data/initiatives/kopie.yml", ("Verknüpfung",)),
    "dangling-link": Case(dangling_link, "data/partners/weg.yml", ("Verknüpfung",)),
    "fields-yml-is-a-link": Case(fields_file_is_a_link, "data/fields.yml", ("Verknüpfung",)),
    "initiatives-folder-is-a-link": Case(initiatives_folder_is_a_link, "data/initiatives", ("Verknüpfung",)),
    "partners-folder-is-a-link": Case(partners_folder_is_a_link, "data/partners", ("Verknüpfung",)),
    "stray-link-to-etc": Case(stray_link_to_a_folder, "data/etc", ("Verknüpfung",)),
    "link-to-folder-in-initiatives": Case(link_in_initiatives_to_a_folder, "data/initiatives/mehr", ("Verknüpfung",)),
    "fields-yml-is-a-fifo": Case(fields_file_is_a_fifo, "data/fields.yml", ("Pipe",)),
    "initiative-is-a-fifo": Case(initiative_is_a_fifo, "data/initiatives/pipe.yml", ("Pipe",)),
    "initiative-is-a-socket": Case(initiative_is_a_socket, "data/initiatives/socket.yml", ("Socket",)),
    "partner-is-a-device": Case(partner_is_a_device, "data/partners/geraet.yml", ("Gerätedatei",)),
    "initiative-is-a-folder": Case(initiative_is_a_folder, "data/initiatives/ordner.yml", ("Ordner",)),
}  # fmt: skip


@pytest.mark.parametrize("case", LINK_CASES.values(), ids=list(LINK_CASES))
def test_links_and_special_files_stop_the_run_naming_the_entry(project: Path, case: Case) -> None:
    case.make(project)
    problem = only_problem(project)
    assert (problem.path, problem.key) == (case.path, FILE_KEY), str(problem)
    for word in case.words:
        assert word in problem.message, str(problem)
    assert problem.hint


def test_data_folder_that_is_a_link_is_refused(project: Path) -> None:
    data = project / "data"
    moved = project.parent / "data-elsewhere"
    data.rename(moved)
    data.symlink_to(moved, target_is_directory=True)
    problem = only_problem(project)
    assert (problem.path, problem.key) == ("data", FILE_KEY)
    assert "Verknüpfung" in problem.message


def test_safe_read_refuses_what_lies_outside_the_data_folder(project: Path) -> None:
    data = project / "data"
    secret = outside_secret(project)
    for path in (secret, data / ".." / secret.name, data):
        with pytest.raises(DataError) as caught:
            safe_read_bytes(path, data, "data/x.yml")
        (problem,) = caught.value.problems
        assert "außerhalb" in problem.message
        assert SECRET not in str(caught.value)


def test_safe_read_names_the_linked_folder_on_the_way(project: Path) -> None:
    data = project / "data"
    (data / "initiatives").rename(project.parent / "elsewhere")
    (data / "initiatives").symlink_to(project.parent / "elsewhere", target_is_directory=True)
    with pytest.raises(DataError) as caught:
        safe_read_bytes(data / "initiatives/ampel.yml", data, "data/initiatives/ampel.yml")
    (problem,) = caught.value.problems
    assert problem.path == "data/initiatives"
    assert "Verknüpfung" in problem.message


def test_safe_read_returns_the_bytes_of_a_regular_file(project: Path) -> None:
    data = project / "data"
    path = data / "initiatives/ampel.yml"
    assert safe_read_bytes(path, data, "data/initiatives/ampel.yml") == path.read_bytes()


def test_fifo_read_does_not_wait_for_a_writer(project: Path) -> None:
    """A separate process with a deadline: a regression would hang, not fail, in-process."""
    fields_file_is_a_fifo(project)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "plugins.essen.check", "--quiet", str(project)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "data/fields.yml: (Datei): ist eine benannte Pipe" in result.stderr
    assert time.monotonic() - started < 30


def test_unreadable_file_is_a_message(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The tests run as root, who reads any file whatever its mode: let the open fail instead.
    real_open = os.open

    def refuse_ampel(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).endswith("ampel.yml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(yamlsource.os, "open", refuse_ampel)
    problem = only_problem(project)
    assert (problem.path, problem.key) == ("data/initiatives/ampel.yml", FILE_KEY)
    assert "keine Leseberechtigung" in problem.message


@pytest.mark.parametrize("folder", ["data", "data/initiatives"])
def test_unreadable_folder_is_one_message(
    project: Path, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    real_listdir = os.listdir
    refused = project / folder

    def refuse(path: object) -> list[str]:
        if Path(str(path)) == refused:
            raise PermissionError(13, "Permission denied")
        return real_listdir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(datafiles.os, "listdir", refuse)
    problem = only_problem(project)
    assert (problem.path, problem.key) == (folder, FILE_KEY)
    assert "nicht gelesen" in problem.message


# --------------------------------------------------------------------------- nothing silently empty


@pytest.mark.parametrize(
    "text",
    ["", "---\n", "~\n", "null\n", "--- ~\n", "# nur ein Kommentar\n---\n", "---\n...\n"],
    ids=["empty", "document-marker", "tilde", "null", "marker-and-tilde", "comment-and-marker", "end-marker"],
)  # fmt: skip
@pytest.mark.parametrize(
    "relative", ["initiatives/ampel.yml", "partners/uni.yml", "fields.yml", "contacts.yml"]
)
def test_a_file_without_data_is_an_error_naming_it(project: Path, relative: str, text: str) -> None:
    (project / "data" / relative).write_text(text, encoding="utf-8")
    problem = only_problem(project)
    assert (problem.path, problem.line, problem.key) == (f"data/{relative}", 1, FILE_KEY)
    assert "leer" in problem.message


@pytest.mark.parametrize(
    ("relative", "text", "words"),
    [
        ("initiatives/ampel.yml", "- title: Ampel\n- status: idea\n", ["Abschnitt mit Schlüsseln"]),
        ("initiatives/ampel.yml", "nur ein Satz\n", ["Abschnitt mit Schlüsseln", "»nur ein Satz«"]),
        ("fields.yml", "id: smart-living\nname: Smart Living\n", ["Liste von Einträgen"]),
        ("fields.yml", "[]\n", ["die Liste ist leer"]),
        ("contacts.yml", "[]\n", ["die Liste ist leer"]),
        ("contacts.yml", "42\n", ["Liste von Einträgen"]),
    ],
    ids=["initiative-list", "initiative-scalar", "fields-mapping", "no-fields", "no-contacts", "contacts-number"],
)  # fmt: skip
def test_a_file_of_the_wrong_kind_is_an_error_naming_it(
    project: Path, relative: str, text: str, words: list[str]
) -> None:
    (project / "data" / relative).write_text(text, encoding="utf-8")
    problem = only_problem(project)
    assert (problem.path, problem.key) == (f"data/{relative}", FILE_KEY), str(problem)
    for word in words:
        assert word in problem.message, str(problem)


# --------------------------------------------------------------------------- stray entries


def write(relative: str, text: str = "title: x\n") -> Callable[[Path], None]:
    def make(project: Path) -> None:
        path = project / "data" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    return make


def initiatives_is_a_file(project: Path) -> None:
    shutil.rmtree(project / "data/initiatives")
    (project / "data/initiatives").write_text("title: x\n", encoding="utf-8")


def contacts_is_a_folder(project: Path) -> None:
    (project / "data/contacts.yml").unlink()
    (project / "data/contacts.yml").mkdir()


STRAY_CASES = {
    "yaml-next-to-yml": Case(write("initiatives/ampel.yaml"), "data/initiatives/ampel.yaml", (".yaml",)),
    "yaml-alone": Case(write("initiatives/neu.yaml"), "data/initiatives/neu.yaml", (".yaml",)),
    "fields-yaml-top-level": Case(write("fields.yaml"), "data/fields.yaml", (".yaml",)),
    "notes-txt-top-level": Case(write("notes.txt"), "data/notes.txt", ("unbekannte Datei",)),
    "yml-top-level": Case(write("foo.yml"), "data/foo.yml", ("unbekannte Datei",)),
    "typo-top-level": Case(write("fileds.yml"), "data/fileds.yml", ("unbekannte Datei",)),
    "unknown-folder": Case(write("bilder/logo.txt"), "data/bilder", ("unbekannter Ordner",)),
    "subfolder-in-initiatives": Case(write("initiatives/alt/ampel.yml"), "data/initiatives/alt", ("Unterordner",)),
    "txt-in-initiatives": Case(write("initiatives/notes.txt"), "data/initiatives/notes.txt", ("nicht auf .yml",)),
    "backup-tilde": Case(write("initiatives/ampel.yml~"), "data/initiatives/ampel.yml~", ("Sicherungs",)),
    "vim-swap": Case(write("initiatives/.ampel.yml.swp"), "data/initiatives/.ampel.yml.swp", ("Sicherungs",)),
    "emacs-autosave": Case(write("partners/#evv.yml#"), "data/partners/#evv.yml#", ("Sicherungs",)),
    "bak": Case(write("contacts.yml.bak"), "data/contacts.yml.bak", ("Sicherungs",)),
    "hidden-yml": Case(write("initiatives/.entwurf.yml"), "data/initiatives/.entwurf.yml", ("versteckt",)),
    "hidden-top-level": Case(write(".env"), "data/.env", ("versteckt",)),
    "initiatives-is-a-file": Case(initiatives_is_a_file, "data/initiatives", ("Datei", "Ordner")),
    "contacts-is-a-folder": Case(contacts_is_a_folder, "data/contacts.yml", ("Ordner",)),
}  # fmt: skip


@pytest.mark.parametrize("case", STRAY_CASES.values(), ids=list(STRAY_CASES))
def test_every_entry_that_is_not_read_is_reported(project: Path, case: Case) -> None:
    case.make(project)
    problem = only_problem(project)
    assert (problem.path, problem.key) == (case.path, FILE_KEY), str(problem)
    for word in case.words:
        assert word in problem.message, str(problem)
    assert problem.hint


def test_stray_messages_say_what_to_do(project: Path) -> None:
    write("initiatives/ampel.yaml")(project)
    write("initiatives/neu.yaml")(project)
    write("fileds.yml")(project)
    write("partnrs/x.yml")(project)
    hints = {p.path: p.hint for p in problems_of(project)}
    assert "ampel.yml" in hints["data/initiatives/ampel.yaml"]
    assert "schon" in hints["data/initiatives/ampel.yaml"]
    assert "neu.yml" in hints["data/initiatives/neu.yaml"]
    assert "»fields.yml«" in hints["data/fileds.yml"]
    assert "»partners«" in hints["data/partnrs"]


def test_missing_entries_are_reported_once_each(project: Path) -> None:
    (project / "data/fields.yml").unlink()
    shutil.rmtree(project / "data/partners")
    found = sorted((p.path, p.message) for p in problems_of(project))
    assert found == [
        ("data/fields.yml", "die Datei fehlt"),
        ("data/partners", "der Ordner fehlt"),
    ]


def test_missing_data_folder_is_one_message(project: Path) -> None:
    shutil.rmtree(project / "data")
    problem = only_problem(project)
    assert (problem.path, problem.key) == ("data", FILE_KEY)
    assert "fehlt" in problem.message
    for entry in KNOWN_ENTRIES:
        assert entry.name in problem.hint


@pytest.mark.parametrize("folder", ["", "initiatives", "partners"])
def test_files_the_system_writes_on_its_own_are_ignored(project: Path, folder: str) -> None:
    """Finder's .DS_Store and git's .gitkeep are invisible to editors and never read."""
    for name in (".DS_Store", ".gitkeep", "Thumbs.db", "desktop.ini"):
        (project / "data" / folder / name).write_bytes(b"\x00\x01 binary")
    site = load_site(project / "data", project)
    assert len(site.initiatives) == len(small_data()["initiatives"])


def test_an_ignored_name_that_is_a_link_is_still_refused(project: Path) -> None:
    (project / "data/.DS_Store").symlink_to(outside_secret(project))
    problem = only_problem(project)
    assert problem.path == "data/.DS_Store"
    assert "Verknüpfung" in problem.message


def test_known_entries_are_one_table() -> None:
    """What the scan accepts is exactly the table (issue 13 adds images/ as one row, issue 15
    news/ and events/, both optional)."""
    assert [(e.name, e.folder) for e in KNOWN_ENTRIES] == [
        ("fields.yml", False),
        ("contacts.yml", False),
        ("initiatives", True),
        ("partners", True),
        ("images", True),
        ("news", True),
        ("events", True),
    ]
    assert [e.name for e in KNOWN_ENTRIES if not e.required] == ["images", "news", "events"]


def test_the_images_folder_is_optional_and_holds_only_images(project: Path) -> None:
    assert not (project / "data/images").exists()
    load_site(project / "data", project)  # no "der Ordner fehlt"
    (project / "data/images").mkdir()
    for name in ("a.jpg", "b.JPEG", "c.png", "d.webp", "e.svg"):
        (project / "data/images" / name).write_bytes(b"x")
    load_site(project / "data", project)  # not read unless named, so not checked here
    (project / "data/images/f.gif").write_bytes(b"GIF89a")
    problem = only_problem(project)
    assert problem.path == "data/images/f.gif"
    assert "nicht auf .yml" not in problem.message and ".svg" in problem.message


def test_scan_lists_the_candidates_of_each_folder(project: Path) -> None:
    found = scan_data_dir(project / "data", "data")
    assert found.problems == []
    assert set(found.files) == {"fields.yml", "contacts.yml"}
    assert sorted(p.stem for p in found.folders["initiatives"]) == sorted(
        small_data()["initiatives"]
    )


# --------------------------------------------------------------------------- names and ids

NFD_SUED = unicodedata.normalize("NFD", "Süd")


def test_decomposed_file_name_gives_the_same_id_as_composed() -> None:
    assert NFD_SUED != "Süd"
    assert id_from_filename(NFD_SUED) == id_from_filename("Süd") == "sued"
    assert id_from_filename(unicodedata.normalize("NFD", "Bürger RatHaus Süd")) == (
        "buerger-rathaus-sued"
    )


def test_decomposed_file_name_on_disk_is_read_as_sued(project: Path) -> None:
    ampel = project / "data/initiatives/ampel.yml"
    ampel.rename(ampel.with_name(f"{NFD_SUED}.yml"))
    assert f"{NFD_SUED}.yml" in os.listdir(ampel.parent)
    site = load_site(project / "data", project)
    assert "sued" in {i.id for i in site.initiatives}


@pytest.mark.parametrize(
    ("first", "second", "shared_id"),
    [
        ("Süd", NFD_SUED, "sued"),
        ("Süd", "sued", "sued"),
        ("A", "a", "a"),
        ("Smart Parking", "smart-parking", "smart-parking"),
    ],
    ids=["nfc-nfd-twins", "umlaut-and-transliteration", "case", "space-and-hyphen"],
)
def test_two_files_with_the_same_id_are_one_error_naming_both(
    project: Path, first: str, second: str, shared_id: str
) -> None:
    text = (project / "data/initiatives/zentrum.yml").read_text(encoding="utf-8")
    for stem in (first, second):
        (project / f"data/initiatives/{stem}.yml").write_text(text, encoding="utf-8")
    problem = only_problem(project)
    named = {problem.path, *(f"data/initiatives/{s}.yml" for s in (first, second))}
    assert len(named) == 2, str(problem)
    assert f"»{shared_id}«" in problem.message
    other = ({f"data/initiatives/{s}.yml" for s in (first, second)} - {problem.path}).pop()
    assert other in problem.message


def test_an_id_longer_than_the_cap_is_an_error(project: Path) -> None:
    stem = "sehr-lange-initiative-" * 10  # 220 characters, still a valid file name
    assert len(id_from_filename(stem)) > MAX_FILE_ID_LENGTH
    write(f"initiatives/{stem}.yml", (project / "data/initiatives/zentrum.yml").read_text())(
        project
    )
    problem = only_problem(project)
    assert problem.path == f"data/initiatives/{stem}.yml"
    assert str(len(id_from_filename(stem))) in problem.message
    assert str(MAX_FILE_ID_LENGTH) in problem.message


def test_an_id_of_exactly_the_cap_is_fine(project: Path) -> None:
    stem = "a" * MAX_FILE_ID_LENGTH
    write(f"initiatives/{stem}.yml", (project / "data/initiatives/zentrum.yml").read_text())(
        project
    )
    assert stem in {i.id for i in load_site(project / "data", project).initiatives}


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("farbe\x1b[31m.yml", "farbe\\u001b[31m.yml"),
        ("zeile\numbruch.yml", "zeile\\u000aumbruch.yml"),
        ("rechts\u202eadd.yml", "rechts\\u202eadd.yml"),
    ],
    ids=["escape", "newline", "bidi-override"],
)
def test_control_characters_in_file_names_are_shown_escaped(
    project: Path, name: str, shown: str
) -> None:
    (project / "data/initiatives" / name).write_text("title: x\n", encoding="utf-8")
    problem = only_problem(project)
    assert problem.path == f"data/initiatives/{shown}"
    assert not any(unicodedata.category(c) in {"Cc", "Cf"} for c in str(problem))


def test_file_name_that_is_no_utf8_is_shown_escaped(project: Path) -> None:
    folder = os.fsencode(project / "data/initiatives")
    with open(folder + b"/caf\xe9.yml", "wb") as handle:
        handle.write(b"title: x\n")
    problem = only_problem(project)
    assert problem.path == "data/initiatives/caf\\xe9.yml"
    str(problem).encode("utf-8")  # printable in every terminal


# --------------------------------------------------------------------------- size


def test_a_file_over_the_size_cap_is_refused_before_parsing(project: Path) -> None:
    path = project / "data/initiatives/ampel.yml"
    text = path.read_text(encoding="utf-8")
    # Valid YAML, so only the cap can refuse it; ten times the cap.
    path.write_text(text + "# " + "x" * (10 * MAX_FILE_BYTES) + "\n", encoding="utf-8")
    started = time.monotonic()
    problem = only_problem(project)
    elapsed = time.monotonic() - started
    assert (problem.path, problem.key) == ("data/initiatives/ampel.yml", FILE_KEY)
    assert "höchstens 1,0 MB" in problem.message
    assert elapsed < 1.0


def test_a_file_just_under_the_size_cap_is_read(project: Path) -> None:
    path = project / "data/initiatives/ampel.yml"
    text = path.read_text(encoding="utf-8")
    padding = MAX_FILE_BYTES - len(text.encode("utf-8")) - 3
    path.write_text(text + "#" + "x" * padding + "\n", encoding="utf-8")
    assert path.stat().st_size < MAX_FILE_BYTES
    assert "ampel" in {i.id for i in load_site(project / "data", project).initiatives}


# --------------------------------------------------------------------------- real runs


def run_both(project: Path, tmp_path: Path) -> tuple[str, str]:
    """`essen-check` and `mkdocs build --strict`: both refuse, with located messages, no
    traceback, no secret and no site folder; returns their outputs."""
    site_dir = tmp_path / "site"
    check, build = check_and_build(project, site_dir)
    for run in (check, build):
        assert run.returncode != 0, run.output
        assert "Traceback" not in run.output, run.output
        assert SECRET not in run.output, run.output
        assert run.problem_lines, run.output
        for line in run.problem_lines:
            assert MESSAGE.match(line), line
    assert check.problem_lines == build.problem_lines
    assert not site_dir.exists()
    return check.output, build.output


REAL_CASES = {
    "initiative-link-outside": (link_initiative_to_secret, "data/initiatives/leck.yml: (Datei): ist eine symbolische Verknüpfung"),
    "initiatives-folder-is-a-link": (initiatives_folder_is_a_link, "data/initiatives: (Datei): ist eine symbolische Verknüpfung"),
    "fields-yml-is-a-fifo": (fields_file_is_a_fifo, "data/fields.yml: (Datei): ist eine benannte Pipe"),
    "yaml-next-to-yml": (STRAY_CASES["yaml-next-to-yml"].make, "data/initiatives/ampel.yaml: (Datei): die Datei wird nicht gelesen"),
    "empty-document": (write("partners/uni.yml", "---\n"), "data/partners/uni.yml:1: (Datei): die Datei ist leer"),
}  # fmt: skip


@pytest.mark.parametrize(("make", "expected"), REAL_CASES.values(), ids=list(REAL_CASES))
def test_check_and_strict_build_refuse_with_the_message(
    project: Path, tmp_path: Path, make: Callable[[Path], None], expected: str
) -> None:
    make(project)
    check_output, build_output = run_both(project, tmp_path)
    assert expected in check_output
    assert expected in build_output


def test_strict_build_publishes_a_decomposed_file_name_as_sued(
    project: Path, tmp_path: Path
) -> None:
    ampel = project / "data/initiatives/ampel.yml"
    ampel.rename(ampel.with_name(f"{NFD_SUED}.yml"))
    site_dir = tmp_path / "site"
    assert_built(build(project, site_dir))
    assert (
        Page(site_dir, "initiativen/sued/index.html").h1
        == small_data()["initiatives"]["ampel"]["title"]
    )
    assert not (site_dir / "initiativen/sud").exists()


def test_alias_bomb_in_a_real_run_is_a_message(project: Path, tmp_path: Path) -> None:
    path = project / "data/initiatives/bombe.yml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    started = time.monotonic()
    check_output, _ = run_both(project, tmp_path)
    assert "data/initiatives/bombe.yml:1: (Datei): Anker" in check_output
    # Both processes together, MkDocs start-up included: far from an expansion's minutes.
    assert time.monotonic() - started < TIMEOUT / 3


def test_dump_yaml_helper_still_writes_valid_records(project: Path) -> None:
    """The conftest writer uses no anchors: shared values must not turn into aliases."""
    shared = ["smart-living"]
    record = {**small_data()["initiatives"]["zentrum"], "fields": shared, "tags": shared}
    dump_yaml(project / "data/initiatives/zentrum.yml", record)
    load_site(project / "data", project)
