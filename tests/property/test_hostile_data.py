"""Hostile data, generated: every key of every data file gets values an attacker or a slip of the
keyboard could produce (issue 9).

For every generated data set, the loader and `essen-check` either accept it or answer with located
German messages; never a traceback, never a hang. For a smaller number of data sets a real
`mkdocs build --strict` runs too: it exits 0 with the text shown literally, or non-zero with
`path:line: key: …`; no template from data runs (a payload would create a marker folder); it stays
within a time and memory bound; nothing outside its site folder is written.

Budget: the `ci` profile (default) runs a bounded, deterministic set of examples; a larger
exploration runs with

    HYPOTHESIS_PROFILE=gruendlich .venv/bin/python -m pytest tests/property -p no:cacheprovider
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import subprocess
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from plugins.essen.check import main as check_main
from plugins.essen.errors import DataError
from plugins.essen.images import ImageStore
from plugins.essen.loading import load_site
from plugins.essen.pages.render import theme_icons_dir
from plugins.essen.rules import (
    CONTACT,
    EVENT,
    FIELD,
    INITIATIVE,
    NEWS,
    NEWS_BODY,
    PARTNER,
    District,
    Key,
    ListOf,
    Record,
    Text,
)

from ..conftest import (
    REPO,
    build_command,
    html_files,
    make_project,
    news_file,
    parse_html,
    small_data,
)
from ..conftest import unsafe_markup as active_content

settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
settings.register_profile(
    "gruendlich",
    max_examples=1500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Builds cost seconds each: a tenth of the examples.
BUILD_EXAMPLES = max(6, settings().max_examples // 10)
LOAD_SECONDS = 5.0
BUILD_SECONDS = 120.0
BUILD_MAX_RSS_MB = 1500

# `path:line: key: what — what to do`; the key may be `(Datei)` for the file as a whole.
PROBLEM_LINE = re.compile(r"^(data|mkdocs\.yml).*?(:\d+)?: .+: .+ — .+$")

# ------------------------------------------------------------------ where each key lives

# A news item and an event (issue 15), added to the data set by the first mutation of either.
NEWS_FILE = "2026-03-01-probe.md"
NEWS_ITEM = {
    "title": "Probe",
    "date": dt.date(2026, 3, 1),
    "summary": "Eine Meldung.",
    "initiatives": ["ampel"],
    "body": "Der Text.\n",
}
EVENT_ITEM = {
    "title": "Probe",
    "start": "2027-03-15T18:00",
    "summary": "Ein Termin.",
    "place": "Stadtbibliothek",
    "initiatives": ["ampel"],
}

# One record per data file kind, the one a mutation goes into.
TARGETS: dict[str, tuple[Record, Callable[[dict], dict]]] = {
    "fields": (FIELD, lambda data: data["fields"][0]),
    "contacts": (CONTACT, lambda data: data["contacts"][0]),
    "partners": (PARTNER, lambda data: data["partners"]["evv"]),
    "initiatives": (INITIATIVE, lambda data: data["initiatives"]["aerztehaus"]),
    "news": (NEWS, lambda data: data.setdefault("news", {NEWS_FILE: dict(NEWS_ITEM)})[NEWS_FILE]),
    "events": (EVENT, lambda data: data.setdefault("events", {"probe": dict(EVENT_ITEM)})["probe"]),
}


def key_paths() -> list[tuple[str, tuple[str, ...]]]:
    """Every key of the contract as (kind, path), nested records included (links[].title), and
    the text below a news item's front matter as ("news", ("body",))."""
    paths = [("news", ("body",))]
    for kind, (record, _) in TARGETS.items():
        for key in record.keys:
            paths.append((kind, (key.name,)))
            nested = _nested_record(key)
            if nested is not None:
                paths.extend((kind, (key.name, inner.name)) for inner in nested.keys)
    return paths


def _nested_record(key: Key) -> Record | None:
    if isinstance(key.type, Record):
        return key.type
    if isinstance(key.type, ListOf) and isinstance(key.type.item, Record):
        return key.type.item
    return None


def set_value(data: dict, kind: str, path: tuple[str, ...], value: object) -> None:
    record, target = TARGETS[kind]
    entry = target(data)
    if len(path) == 1:
        entry[path[0]] = value
        return
    outer, inner = path
    nested = _nested_record(record.by_name[outer])
    assert nested is not None
    # A valid nested block, then the hostile value in one of its keys.
    sample = {
        "title": "Stadt Essen",
        "url": "https://www.essen.de/",
        "lat": 51.45,
        "lon": 7.01,
        # image: and logo: (issue 13), naming the image every written data set has.
        "file": PROBE_IMAGE,
        "alt": "Ein Probebild",
        "credit": "Foto: Probe, CC0 1.0",
    }
    block = {key.name: sample[key.name] for key in nested.keys if key.name in sample}
    block[inner] = value
    entry[outer] = [block] if isinstance(record.by_name[outer].type, ListOf) else block


# ------------------------------------------------------------------ hostile values

# Every data set gets these files in data/images/ (write_data_files): a usable image, and the
# traps an image path may lead into — a link out of data/ (to a file holding SECRET), a hard
# link, an empty file, text named .jpg, and a folder.
PROBE_IMAGE = "probe.jpg"
SECRET = "GEHEIMNIS-AUS-DEM-NACHBARORDNER"
IMAGE_PATHS = [
    "../probe.jpg",
    "../../etc/passwd",
    "/etc/passwd",
    "/tmp/probe.jpg",
    "sub/probe.jpg",
    "C:\\probe.jpg",
    "probe.jpg/..",
    "./probe.jpg",
    "link.jpg",
    "hardlink.jpg",
    "leer.jpg",
    "text.jpg",
    "ordner.jpg",
    "fehlt.jpg",
    "probe.JPG",
    "probe.svg",
    "probe.gif",
    "probe",
    PROBE_IMAGE,
]


def _probe_image() -> bytes:
    from PIL import Image as PILImage

    out = io.BytesIO()
    PILImage.new("RGB", (800, 450), (30, 90, 160)).save(out, "JPEG", quality=60)
    return out.getvalue()


PROBE_BYTES = _probe_image()

NONCHARACTERS = ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"]
CONTROLS = [chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127, *range(128, 160)]]
FORMAT = ["\u200b", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2028", "\u2029", "\u00a0"]
SNIPPETS = [
    "{{ 7*7 }}",
    "{% raw %}{{ x }}",
    "{{ lipsum.__globals__.os.makedirs(lipsum.__globals__.os.environ.ESSEN_MARKER) }}",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "[x](javascript:alert(1))",
    "<![CDATA[",
    "<!--",
    "&amp;&#0;&#x110000;",
    "\\",
    "=cmd|' /C calc'!A0",
    "---",
    "...",
    "*",
    "`",
    "    code",
    "> > >",
    "|a|b|\n|-|-|",
    "Süd",
    "Su\u0308d",
    "ß",
    "\t",
    "\n",
    "\r\n",
    "\\uFFFE",
    "%s%n",
    "${HOME}",
    "$(touch x)",
    "../../etc/passwd",
]


def hostile_text() -> st.SearchStrategy[str]:
    pieces = st.one_of(
        st.sampled_from(SNIPPETS),
        st.sampled_from(NONCHARACTERS + CONTROLS + FORMAT),
        st.text(max_size=20),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=10),
    )
    small = st.lists(pieces, min_size=1, max_size=6).map("".join)
    huge = st.tuples(
        st.sampled_from(["[", "<![CDATA[", "*", "a", "{{", "<!--", "`", "> "]),
        st.integers(1_000, 60_000),
    ).map(lambda pair: pair[0] * pair[1])
    return st.one_of(small, small, small, huge)


def nested(depth: int) -> object:
    value: object = "x"
    for _ in range(depth):
        value = [value]
    return value


def wrong_types() -> st.SearchStrategy[object]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=True, allow_infinity=True),
        st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
        st.sampled_from(
            [
                "0000-05",
                "9999-12",
                "10000-01",
                "2024-13",
                "2024-02-30",
                "-1",
                "1e309",
                "nan",
                ".inf",
                "~",
                "null",
                "true",
                "no",
                "0x1F",
                "0o17",
                "2024-05",
            ]
        ),
    )
    containers = st.recursive(
        scalars | hostile_text(),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=5), children, max_size=3)
        ),
        max_leaves=10,
    )
    return st.one_of(
        scalars,
        containers,
        st.integers(50, 400).map(nested),
        st.integers(1_000, 20_000).map(lambda n: ["x"] * n),
    )


values = st.one_of(hostile_text(), hostile_text(), wrong_types(), st.sampled_from(IMAGE_PATHS))


def is_text_key(kind: str, path: tuple[str, ...]) -> bool:
    if (kind, path) == ("news", ("body",)):
        return isinstance(NEWS_BODY, Text)
    record = TARGETS[kind][0]
    rule = record.by_name[path[0]].type
    if len(path) == 2:
        nested = _nested_record(record.by_name[path[0]])
        assert nested is not None
        rule = nested.by_name[path[1]].type
    if isinstance(rule, ListOf):
        rule = rule.item
    # A district is a name from the vocabulary (rules.District), not free text: any other text
    # there is refused with a located message, which the first test covers.
    return isinstance(rule, Text) and not isinstance(rule, District)


# Text an editor may write and the site must show as it is: markup, template syntax, entities,
# lookalike letters; short enough for every cap, with a letter so that it is never empty.
acceptable_text = st.lists(
    st.one_of(
        st.sampled_from([s for s in SNIPPETS if len(s) <= 12 and s.strip()]),
        st.sampled_from(["\u200b", "\u00a0", "\u00ad", "Ä", "ß", "e\u0301", "€", "🙂", "&lt;"]),
        st.text(alphabet=st.characters(categories=["L", "N", "P", "S"]), max_size=8),
    ),
    min_size=1,
    max_size=4,
).map(lambda parts: ("A " + "".join(parts))[:40])

# Raw YAML that no dumper writes: tags, aliases, bombs, deep flow nesting, broken syntax.
RAW_VALUES = [
    '!!python/object/apply:os.makedirs ["marker-raw"]',
    "!!python/name:os.system",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!binary aGVsbG8=",
    "!foo bar",
    "&a [*a]",
    "*undefined",
    "[" * 5000 + "]" * 5000,
    "{" * 3000 + "}" * 3000,
    '"unclosed',
    "[unclosed",
    "\t- tab",
    "a: b: c",
    "1" * 5000,  # more digits than Python converts to an int
]
ALIAS_BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)

# File names editors (or their operating systems) produce.
file_stems = st.one_of(
    st.sampled_from(
        [
            "Süd",
            "Su\u0308d",
            "SÜD",
            "süd ",
            " sued",
            "a" * 300,
            "ä" * 130,
            "-",
            "_",
            "..",
            ".versteckt",
            "x.yml",
            "con",
            "a:b",
            "a\\b",
            "\u200b",
            "\ufffe",
            "🙂",
        ]
    ),
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=40
    ),
)


# ------------------------------------------------------------------ writing a project


def write_yaml(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
    )


def write_data_files(data_dir: Path, data: dict, raw: tuple[str, str, str] | None = None) -> None:
    """Write the data set; `raw` = (kind, key, YAML text) puts unparsed YAML in place of a value."""
    if raw is not None:
        TARGETS[raw[0]][1](data)  # the news item or event to put it in, if not there yet
    write_yaml(data_dir / "fields.yml", data["fields"])
    write_yaml(data_dir / "contacts.yml", data["contacts"])
    for stem, partner in data["partners"].items():
        write_yaml(data_dir / "partners" / f"{stem}.yml", partner)
    for stem, initiative in data["initiatives"].items():
        write_yaml(data_dir / "initiatives" / f"{stem}.yml", initiative)
    for name, item in data.get("news", {}).items():
        (data_dir / "news").mkdir(exist_ok=True)
        body = item.get("body", "")
        front = {key: value for key, value in item.items() if key != "body"}
        # A body that is no text is written as its YAML, as an editor could have typed it.
        text = news_file(front, body if isinstance(body, str) else yaml.safe_dump(body))
        (data_dir / "news" / name).write_text(text, encoding="utf-8")
    for stem, event in data.get("events", {}).items():
        write_yaml(data_dir / "events" / f"{stem}.yml", event)
    images = data_dir / "images"
    images.mkdir()
    (images / PROBE_IMAGE).write_bytes(PROBE_BYTES)
    outside = data_dir.parent / "nachbar.jpg"
    outside.write_bytes(PROBE_BYTES + SECRET.encode())
    (images / "link.jpg").symlink_to(outside)
    os.link(outside, images / "hardlink.jpg")
    (images / "leer.jpg").write_bytes(b"")
    (images / "text.jpg").write_text(SECRET, encoding="utf-8")
    (images / "ordner.jpg").mkdir()
    if raw is None:
        return
    kind, key, text = raw
    path = {
        "fields": data_dir / "fields.yml",
        "contacts": data_dir / "contacts.yml",
        "partners": data_dir / "partners" / "evv.yml",
        "initiatives": data_dir / "initiatives" / "aerztehaus.yml",
        "news": data_dir / "news" / NEWS_FILE,
        "events": data_dir / "events" / "probe.yml",
    }[kind]
    content = path.read_text(encoding="utf-8")
    indent = "  " if kind in ("fields", "contacts") else ""
    marker = f"{indent}{key}: "
    lines = content.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith(marker) or line.startswith(f"- {key}: "):
            lines[index] = line[: line.index(f"{key}: ") + len(key) + 2] + text + "\n"
            break
    else:
        lines.insert(
            # Below the opening »---« of a news item's front matter, or a list file's »- «.
            1 if lines and lines[0].startswith(("- ", "---")) else 0,
            ("  " if indent else "") + f"{key}: {text}\n",
        )
    path.write_text("".join(lines), encoding="utf-8")


def run_check(project: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = check_main([str(project), "--quiet"])
    return code, out.getvalue() + err.getvalue()


def assert_located(output: str) -> list[str]:
    """Every problem line of a failure names file, line and key; returns those lines."""
    assert "Traceback" not in output, output[-3000:]
    lines = [line for line in output.splitlines() if line.startswith(("data", "mkdocs.yml"))]
    assert lines, f"no located message in:\n{output[-3000:]}"
    for line in lines:
        assert PROBLEM_LINE.match(line), line
    return lines


# ------------------------------------------------------------------ the loader and essen-check


def load_and_check(project: Path) -> tuple[object | None, str]:
    """Load the data in-process and run `essen-check`; they must agree."""
    start = time.monotonic()
    try:
        site = load_site(project / "data", project, icons_dir=theme_icons_dir())
        # The images are checked with the data, as the build and essen-check do (build.py).
        ImageStore.for_project(project).prepare(site, project / "data")
        problems = ""
    except DataError as error:
        site, problems = None, str(error)
    elapsed = time.monotonic() - start
    assert elapsed < LOAD_SECONDS, f"loading took {elapsed:.1f} s"
    code, output = run_check(project)
    if site is None:
        assert code != 0 and "Daten in Ordnung" not in output, output
        assert_located(problems)
        assert_located(output)
    else:
        assert code == 0, output
    return site, problems


@given(
    mutations=st.lists(st.tuples(st.sampled_from(key_paths()), values), min_size=1, max_size=3),
)
def test_every_key_answers_hostile_values_with_data_or_located_messages(mutations) -> None:
    data = small_data()
    for (kind, path), value in mutations:
        set_value(data, kind, path, value)
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp), lambda data_dir: write_data_files(data_dir, data))
        load_and_check(project)


@given(
    target=st.sampled_from(key_paths()),
    raw=st.sampled_from([*RAW_VALUES, ALIAS_BOMB.replace("\n", " ")]),
)
def test_raw_yaml_in_any_key_is_a_located_message(target, raw) -> None:
    kind, path = target
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(
            Path(tmp),
            lambda data_dir: write_data_files(data_dir, small_data(), (kind, path[0], raw)),
        )
        site, _ = load_and_check(project)
        # Tags, aliases, bombs, runaway nesting and broken syntax are all refused.
        assert site is None
        assert not (project / "marker-raw").exists()


def test_every_image_path_is_used_or_refused_with_a_located_message(tmp_path: Path) -> None:
    """Each trap of IMAGE_PATHS once, deterministically, in an image and (some) in a logo."""
    cases = [("initiatives", ("image", "file"), path) for path in IMAGE_PATHS]
    cases += [
        ("partners", ("logo", "file"), path) for path in ("link.jpg", "../probe.jpg", "probe.gif")
    ]
    for number, (kind, path, value) in enumerate(cases):
        data = small_data()
        set_value(data, kind, path, value)
        project = make_project(
            tmp_path / str(number), lambda d, data=data: write_data_files(d, data)
        )
        site, problems = load_and_check(project)
        assert (site is not None) is (value == PROBE_IMAGE), (value, problems)
        assert SECRET not in problems
        if site is None:
            assert f": {path[0]}.file: " in problems, (value, problems)


def test_alias_bomb_file_is_refused_quickly(tmp_path: Path) -> None:
    project = make_project(tmp_path, lambda data_dir: write_data_files(data_dir, small_data()))
    (project / "data" / "initiatives" / "bombe.yml").write_text(ALIAS_BOMB, encoding="utf-8")
    site, problems = load_and_check(project)
    assert site is None and "bombe.yml" in problems


@given(stems=st.lists(file_stems, min_size=1, max_size=3))
def test_odd_file_names_give_ids_or_located_messages(stems) -> None:
    data = small_data()
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp), lambda data_dir: write_data_files(data_dir, data))
        for stem in stems:
            try:
                write_yaml(
                    project / "data" / "initiatives" / f"{stem}.yml", data["initiatives"]["ampel"]
                )
            except OSError:  # the file system refuses the name: no editor can produce it either
                assume(False)
        load_and_check(project)


# ------------------------------------------------------------------ real builds


def tree_state(root: Path, skip: Path) -> dict[str, tuple[int, int]]:
    state = {}
    for path in root.rglob("*"):
        if path == skip or skip in path.parents:
            continue
        with contextlib.suppress(FileNotFoundError):
            info = path.lstat()
            # A folder's own times change when the site folder inside it is replaced: its
            # entries are what counts, and they are listed one by one.
            stamp = (0, 0) if path.is_dir() else (info.st_size, info.st_mtime_ns)
            state[path.relative_to(root).as_posix()] = stamp
    return state


def run_build(project: Path, marker: Path) -> tuple[subprocess.CompletedProcess, int]:
    """`mkdocs build --strict` with a fresh HOME; returns the result and the peak RSS in MB."""
    home = project.parent / "home"  # made before the snapshot of the tree, see build_and_judge
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ESSEN_MARKER": str(marker), "HOME": str(home)}
    with subprocess.Popen(
        build_command(project, project / "site"),
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=BUILD_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise AssertionError(f"the build did not finish within {BUILD_SECONDS} s") from None
    # The peak RSS of all children reaped so far (KiB on Linux): an upper bound for this build.
    peak_kib = _children_peak_kib()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr), (
        peak_kib // 1024
    )


def _children_peak_kib() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def _plain(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def assert_literal(site_dir: Path, site) -> None:
    """Titles and names from the loaded model appear as text, exactly, on their pages."""
    for initiative in site.initiatives:
        page = parse_html(
            (site_dir / "initiativen" / initiative.id / "index.html").read_text("utf-8")
        )
        assert _plain(page.find("h1").text()) == _plain(initiative.title)
        text = _plain(page.text())
        assert _plain(initiative.summary) in text
        for term in (
            *initiative.tags,
            *initiative.districts,
            *(link.title for link in initiative.links),
        ):
            assert _plain(term) in text, term
    for field in site.fields:
        page = parse_html(
            (site_dir / "handlungsfelder" / field.id / "index.html").read_text("utf-8")
        )
        assert _plain(page.find("h1").text()) == _plain(field.name)
    for partner in site.partners:
        page = parse_html((site_dir / "partner" / partner.id / "index.html").read_text("utf-8"))
        assert _plain(page.find("h1").text()) == _plain(partner.name)
    for item in site.news:
        page = parse_html((site_dir / "aktuelles" / item.slug / "index.html").read_text("utf-8"))
        assert _plain(page.find("h1").text()) == _plain(item.title)
        assert _plain(item.summary) in _plain(page.text())
    for event in site.events:
        page = parse_html((site_dir / "termine" / event.id / "index.html").read_text("utf-8"))
        assert _plain(page.find("h1").text()) == _plain(event.title)
    contacts = _plain(parse_html((site_dir / "kontakt" / "index.html").read_text("utf-8")).text())
    for contact in site.contacts:
        assert _plain(contact.name) in contacts and _plain(contact.role) in contacts


def build_and_judge(tmp: Path, write: Callable[[Path], None]) -> object | None:
    """Build and judge; returns the loaded site, or None when the data was refused."""
    project = make_project(tmp, write)
    marker = tmp / "marker"
    (tmp / "home").mkdir()
    before = tree_state(tmp, project / "site")
    site, problems = load_and_check(project)
    result, peak_mb = run_build(project, marker)
    assert not marker.exists() and not list(tmp.rglob("marker-raw")), "a template from data ran"
    # Nothing from behind a link or a hard link reaches the messages or the site.
    assert SECRET not in result.stdout + result.stderr + problems
    if (project / "site").exists():
        for path in (project / "site").rglob("*"):
            assert not path.is_file() or SECRET.encode() not in path.read_bytes(), path
    assert peak_mb < BUILD_MAX_RSS_MB, f"peak memory {peak_mb} MB"
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert tree_state(tmp, project / "site") == before, "the build wrote outside its site folder"
    if site is None:
        assert result.returncode != 0
        build_lines = assert_located(result.stderr.replace("ERROR   -  ", ""))
        # The build reports what the loader (and so essen-check) reports: the same lines.
        assert set(build_lines) == set(assert_located(problems))
        assert not (project / "site").exists()
        return None
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr, result.stderr[-3000:]
    site_dir = project / "site"
    assert_literal(site_dir, site)
    for path in html_files(site_dir):
        assert active_content(parse_html(path.read_text("utf-8"))) == [], path
    return site


@settings(max_examples=BUILD_EXAMPLES)
@given(
    mutations=st.lists(
        st.tuples(st.sampled_from(key_paths()), st.one_of(hostile_text(), wrong_types())),
        min_size=1,
        max_size=4,
    ),
)
def test_builds_show_hostile_text_literally_or_stop_with_located_messages(mutations) -> None:
    data = small_data()
    for (kind, path), value in mutations:
        set_value(data, kind, path, value)
    with tempfile.TemporaryDirectory() as tmp:
        build_and_judge(Path(tmp), lambda data_dir: write_data_files(data_dir, data))


@settings(max_examples=BUILD_EXAMPLES)
@given(
    mutations=st.lists(
        st.tuples(st.sampled_from([kp for kp in key_paths() if is_text_key(*kp)]), acceptable_text),
        min_size=1,
        max_size=6,
    ),
)
def test_builds_show_markup_and_template_syntax_as_text(mutations) -> None:
    data = small_data()
    for (kind, path), value in mutations:
        key = TARGETS[kind][0].by_name.get(path[0])  # None: a news item's body
        is_list = key is not None and isinstance(key.type, ListOf) and len(path) == 1
        set_value(data, kind, path, [value] if is_list else value)
    with tempfile.TemporaryDirectory() as tmp:
        site = build_and_judge(Path(tmp), lambda data_dir: write_data_files(data_dir, data))
    assert site is not None, "text an editor may write was refused"


@settings(max_examples=max(3, BUILD_EXAMPLES // 2))
@given(stem=file_stems, raw=st.sampled_from(RAW_VALUES))
def test_builds_with_odd_file_names_and_raw_yaml(stem, raw) -> None:
    data = small_data()

    def write(data_dir: Path) -> None:
        write_data_files(data_dir, data, ("initiatives", "summary", raw))
        write_yaml(data_dir / "initiatives" / f"{stem}.yml", data["initiatives"]["ampel"])

    with tempfile.TemporaryDirectory() as tmp:
        try:
            build_and_judge(Path(tmp), write)
        except OSError as error:
            if error.errno != 36:  # ENAMETOOLONG: no editor can create such a file either
                raise
            assume(False)


def test_the_sample_data_builds_cleanly_under_the_same_judge(tmp_path: Path) -> None:
    # The judge itself must accept good data: the repo's own sample data.
    import shutil

    build_and_judge(
        tmp_path, lambda data_dir: shutil.copytree(REPO / "data", data_dir, dirs_exist_ok=True)
    )
    assert (tmp_path / "project" / "site" / "index.html").is_file()
