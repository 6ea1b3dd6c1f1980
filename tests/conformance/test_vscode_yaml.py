"""VS Code support: the schemas wired in .vscode/settings.json work in the YAML extension.

The Red Hat YAML extension for VS Code embeds the npm package `yaml-language-server`. These
tests start that server (pinned in tools/yaml-ls/package.json) as a subprocess, speak the
Language Server Protocol with it over stdin/stdout the way VS Code does, hand it the `yaml.*`
settings read from the repo's .vscode/settings.json, and check what an editor would show:
no problems in the real data files, a problem at the right line for typical mistakes, and
completion of keys and enum values.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).parents[2]
YAML_LS_DIR = REPO / "tools" / "yaml-ls"
SERVER_PACKAGE = YAML_LS_DIR / "node_modules" / "yaml-language-server"
SETTINGS_FILE = REPO / ".vscode" / "settings.json"

TIMEOUT = 15.0  # seconds for one reply or notification from the server; exceeding it fails
ERROR, WARNING = 1, 2


# --------------------------------------------------------------------------- settings


_JSONC_TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|//[^\n]*|/\*.*?\*/|,(?=\s*[}\]])', re.DOTALL)


def read_vscode_settings() -> dict[str, Any]:
    """.vscode/settings.json as VS Code reads it (JSON with comments and trailing commas)."""
    text = SETTINGS_FILE.read_text(encoding="utf-8")
    stripped = _JSONC_TOKEN.sub(lambda m: m[0] if m[0].startswith('"') else "", text)
    return json.loads(stripped)


def to_uri(location: str) -> str:
    """A schema location from the settings as the server gets it: repo paths become file URIs."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]+:", location):  # already a URI (https:, file:, ...)
        return location
    return Path(os.path.normpath(REPO / location)).as_uri()


def yaml_section(settings: dict[str, Any]) -> dict[str, Any]:
    """The `yaml` configuration section built from the flat `yaml.*` keys of settings.json."""
    section: dict[str, Any] = {}
    for key, value in settings.items():
        if not key.startswith("yaml."):
            continue
        *parents, last = key.split(".")[1:]
        target = section
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value
    section["schemas"] = {to_uri(loc): globs for loc, globs in section.get("schemas", {}).items()}
    # VS Code would download the SchemaStore catalog from the internet; keep the test hermetic.
    # Settings associations take priority over SchemaStore ones anyway.
    section.setdefault("schemaStore", {"enable": False})
    return section


# --------------------------------------------------------------------------- LSP client


class LspClient:
    """A minimal LSP client: Content-Length framing, a reader thread, replies to the server's
    `workspace/configuration` requests, and waiting for replies and diagnostics by condition."""

    def __init__(self, argv: list[str], configuration: Callable[[dict], Any]) -> None:
        self._configuration = configuration
        self._cond = threading.Condition()
        self._write_lock = threading.Lock()
        self._next_id = 0
        self._responses: dict[int, dict] = {}
        self._published: dict[str, list[list[dict]]] = defaultdict(list)
        self._stderr: list[str] = []
        self._closed = False
        self.server_info: dict[str, Any] = {}
        self._version = 0
        self.proc = subprocess.Popen(
            argv,
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    # ----------------------------------------------------------------- transport

    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        with self._write_lock:
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.proc.stdin.flush()

    def _read_message(self) -> dict | None:
        assert self.proc.stdout is not None
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                return None
            line = line.strip()
            if not line:
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        assert length is not None, "LSP message without Content-Length"
        body = self.proc.stdout.read(length)
        return json.loads(body) if len(body) == length else None

    def _read_stdout(self) -> None:
        try:
            while (message := self._read_message()) is not None:
                self._dispatch(message)
        except Exception as error:
            self._stderr.append(f"[test client] reading from the server failed: {error!r}\n")
        finally:
            with self._cond:
                self._closed = True
                self._cond.notify_all()

    def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self._stderr.append(line.decode("utf-8", "replace"))

    def _dispatch(self, message: dict) -> None:
        if "method" in message and "id" in message:  # a request from the server
            result = None
            if message["method"] == "workspace/configuration":
                result = [self._configuration(item) for item in message["params"]["items"]]
            self._send({"id": message["id"], "result": result})
        elif "id" in message:  # a reply to one of our requests
            with self._cond:
                self._responses[message["id"]] = message
                self._cond.notify_all()
        elif message.get("method") == "textDocument/publishDiagnostics":
            with self._cond:
                params = message["params"]
                self._published[params["uri"]].append(params["diagnostics"])
                self._cond.notify_all()

    def _wait_for(self, ready: Callable[[], bool], what: str) -> None:
        with self._cond:
            done = self._cond.wait_for(lambda: ready() or self._closed, timeout=TIMEOUT)
            if ready():
                return
        stderr = "".join(self._stderr[-20:])
        if not done:
            pytest.fail(f"yaml-language-server: no {what} within {TIMEOUT} s\n{stderr}")
        pytest.fail(f"yaml-language-server exited while waiting for {what}\n{stderr}")

    # ----------------------------------------------------------------- messages

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        with self._cond:
            self._next_id += 1
            request_id = self._next_id
        self._send({"id": request_id, "method": method, "params": params})
        self._wait_for(lambda: request_id in self._responses, f"reply to {method}")
        with self._cond:
            reply = self._responses.pop(request_id)
        assert "error" not in reply, f"{method} failed: {reply['error']}"
        return reply.get("result")

    def _publish_count(self, uri: str) -> int:
        with self._cond:
            return len(self._published[uri])

    def _wait_for_publish(self, uri: str, seen: int) -> list[dict]:
        self._wait_for(lambda: len(self._published[uri]) > seen, f"diagnostics for {uri}")
        with self._cond:
            return self._published[uri][seen]

    @contextmanager
    def opened(self, documents: dict[str, str]) -> Iterator[dict[str, list[dict]]]:
        """Open documents ({uri: text}) like an editor and yield their first diagnostics.

        The server validates an opened document after a short delay and always publishes the
        result; on close it publishes an empty list, which is awaited so that a later opening
        of the same URI cannot pick it up.
        """
        seen = {uri: self._publish_count(uri) for uri in documents}
        for uri, text in documents.items():
            # The server caches parsed documents by URI and version, also across a close:
            # reopening a URI with other text needs a new version number.
            self._version += 1
            document = {"uri": uri, "languageId": "yaml", "version": self._version, "text": text}
            self.notify("textDocument/didOpen", {"textDocument": document})
        try:
            yield {uri: self._wait_for_publish(uri, seen[uri]) for uri in documents}
        finally:
            seen = {uri: self._publish_count(uri) for uri in documents}
            for uri in documents:
                self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
            for uri in documents:
                self._wait_for_publish(uri, seen[uri])

    def stop(self) -> None:
        try:
            if not self._closed:
                self.request("shutdown", None)
                self.notify("exit", None)
            self.proc.wait(timeout=5)
        except (subprocess.TimeoutExpired, OSError, pytest.fail.Exception):
            self.proc.kill()
            self.proc.wait()


# --------------------------------------------------------------------------- fixtures


def pinned_version() -> str:
    package = json.loads((YAML_LS_DIR / "package.json").read_text(encoding="utf-8"))
    return package["dependencies"]["yaml-language-server"]


def server_argv() -> list[str]:
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "Node.js is required for the VS Code YAML test (yaml-language-server runs on node); "
            "install Node.js 20 or newer with npm"
        )
    if not (SERVER_PACKAGE / "package.json").is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail(f"npm is required to install yaml-language-server into {YAML_LS_DIR}")
        result = subprocess.run(
            [npm, "ci", "--prefix", str(YAML_LS_DIR), "--no-audit", "--no-fund"],
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            pytest.fail(f"npm ci in {YAML_LS_DIR} failed:\n{result.stdout}\n{result.stderr}")
    package = json.loads((SERVER_PACKAGE / "package.json").read_text(encoding="utf-8"))
    return [node, str(SERVER_PACKAGE / package["bin"]["yaml-language-server"]), "--stdio"]


@pytest.fixture(scope="module")
def vscode_settings() -> dict[str, Any]:
    return read_vscode_settings()


@pytest.fixture(scope="module")
def yaml_ls(vscode_settings: dict[str, Any]) -> Iterator[LspClient]:
    """A running yaml-language-server configured with the repo's VS Code settings."""
    sections = {
        "yaml": yaml_section(vscode_settings),
        "[yaml]": vscode_settings.get("[yaml]", {}),
        "editor": {},
        "http": {},
    }
    client = LspClient(server_argv(), lambda item: sections.get(item.get("section")))
    try:
        root = REPO.as_uri()
        client.server_info = client.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root,
                "workspaceFolders": [{"uri": root, "name": REPO.name}],
                "locale": "en",
                "capabilities": {
                    "workspace": {"configuration": True, "workspaceFolders": True},
                    "textDocument": {
                        "publishDiagnostics": {},
                        "completion": {"completionItem": {"snippetSupport": True}},
                    },
                },
            },
        )["serverInfo"]
        client.notify("initialized", {})
        client.notify("workspace/didChangeConfiguration", {"settings": {"yaml": sections["yaml"]}})
        # Barrier: the server answers codeLens only after it has pulled the configuration
        # (via workspace/configuration) and applied it, so documents opened afterwards are
        # validated with the schemas from the start.
        client.request("textDocument/codeLens", {"textDocument": {"uri": f"{root}/__barrier.yml"}})
        yield client
    finally:
        client.stop()


def uri_of(relative: str) -> str:
    return (REPO / relative).as_uri()


def problems(diagnostics: list[dict]) -> list[dict]:
    return [d for d in diagnostics if d.get("severity", ERROR) in (ERROR, WARNING)]


def describe(diagnostics: list[dict]) -> str:
    return "\n".join(
        f"  line {d['range']['start']['line'] + 1}: {d['message']}" for d in diagnostics
    )


def line_of(text: str, marker: str) -> int:
    """0-based number of the only line of `text` that contains `marker`."""
    lines = [number for number, line in enumerate(text.splitlines()) if marker in line]
    assert len(lines) == 1, f"{marker!r} must occur on exactly one line of the probe"
    return lines[0]


# --------------------------------------------------------------------------- tests


def test_server_is_the_pinned_version(yaml_ls: LspClient) -> None:
    assert yaml_ls.server_info["name"] == "yaml-language-server"
    assert yaml_ls.server_info["version"] == pinned_version()


def test_settings_enable_validation_and_name_existing_schemas(vscode_settings: dict) -> None:
    assert vscode_settings.get("yaml.validate", True) is True
    assert vscode_settings.get("yaml.completion", True) is True
    for location in vscode_settings["yaml.schemas"]:
        path = Path(os.path.normpath(REPO / location))
        assert path.is_file(), f"yaml.schemas: {location} does not exist"


EXPECTED_SCHEMA = {
    "data/fields.yml": "fields.schema.json",
    "data/contacts.yml": "contacts.schema.json",
    "data/initiatives/": "initiative.schema.json",
    "data/partners/": "partner.schema.json",
    "data/events/": "event.schema.json",
}


def expected_schema(relative: str) -> str:
    for prefix, name in EXPECTED_SCHEMA.items():
        if relative == prefix or (prefix.endswith("/") and relative.startswith(prefix)):
            return (REPO / "schemas" / name).as_uri()
    raise AssertionError(f"{relative}: no schema expected for this data file")


def test_real_data_files_have_no_problems(yaml_ls: LspClient) -> None:
    files = sorted(
        p.relative_to(REPO).as_posix()
        for pattern in ("*.yml", "*.yaml")
        for p in (REPO / "data").rglob(pattern)
    )
    assert len(files) > 2, "no sample data found in data/"
    documents = {uri_of(rel): (REPO / rel).read_text(encoding="utf-8") for rel in files}
    with yaml_ls.opened(documents) as diagnostics:
        # The schema VS Code shows in the status bar for the file (yaml/get/jsonSchema).
        schemas = {rel: yaml_ls.request("yaml/get/jsonSchema", uri_of(rel)) for rel in files}
    wrong_schema = {
        rel: [s["uri"] for s in found]
        for rel, found in schemas.items()
        if [s["uri"] for s in found] != [expected_schema(rel)]
    }
    assert not wrong_schema, f"files without the expected schema: {wrong_schema}"
    failures = {
        rel: describe(problems(diagnostics[uri_of(rel)]))
        for rel in files
        if problems(diagnostics[uri_of(rel)])
    }
    assert not failures, "\n".join(f"{rel}:\n{text}" for rel, text in failures.items())


VALID_INITIATIVE = """\
title: Probe
fields:
  - smart-living
status: pilot
summary: Eine kurze Zusammenfassung.
"""


@dataclass(frozen=True)
class Probe:
    """A broken document: `marker` finds the line the problem must be reported on (for a
    missing key the first line of the mapping that lacks it); `message` is part of the text
    the editor shows for it."""

    path: str
    text: str
    marker: str
    message: str


VALID_EVENT = (
    "title: Probe\nstart: 2027-03-15T18:00\nsummary: Ein Termin.\nplace: Stadtbibliothek\n"
)

PROBES = {
    "unknown key titel": Probe(
        "data/initiatives/__lsp_probe_titel.yml",
        VALID_INITIATIVE + "titel: Tippfehler\n",
        "titel:",
        "Property titel is not allowed",
    ),
    "missing summary": Probe(
        "data/initiatives/__lsp_probe_no_summary.yml",
        VALID_INITIATIVE.replace("summary: Eine kurze Zusammenfassung.\n", ""),
        "title:",
        'Missing property "summary"',  # reported at the start of the mapping
    ),
    "status not in enum": Probe(
        "data/initiatives/__lsp_probe_status.yml",
        VALID_INITIATIVE.replace("status: pilot", "status: started"),
        "status:",
        'Valid values: "idea", "planning", "pilot"',
    ),
    "summary too long": Probe(
        "data/initiatives/__lsp_probe_long_summary.yml",
        VALID_INITIATIVE.replace("Eine kurze Zusammenfassung.", "Sehr lang. " * 28),
        "summary:",
        "longer than the maximum length of 300",
    ),
    "fields empty": Probe(
        "data/initiatives/__lsp_probe_no_fields.yml",
        VALID_INITIATIVE.replace("fields:\n  - smart-living", "fields: []"),
        "fields:",
        "too few items",
    ),
    "link url javascript": Probe(
        "data/initiatives/__lsp_probe_link.yml",
        VALID_INITIATIVE + "links:\n  - title: Klick\n    url: javascript:alert(1)\n",
        "url:",
        "does not match the pattern",
    ),
    "location lat out of range": Probe(
        "data/initiatives/__lsp_probe_location.yml",
        VALID_INITIATIVE + "location: {lat: 123, lon: 7}\n",
        "location:",
        "above the maximum of 90",
    ),
    "featured not boolean": Probe(
        "data/initiatives/__lsp_probe_featured.yml",
        VALID_INITIATIVE + 'featured: "ja"\n',
        "featured:",
        'Expected "boolean"',
    ),
    "partner type company": Probe(
        "data/partners/__lsp_probe.yml",
        "name: Probe GmbH\ntype: company\n",
        "type:",
        'Valid values: "administration"',
    ),
    "contact without organization": Probe(
        "data/contacts.yml",
        "- id: probe\n  name: Frau Probe\n  role: Projektleitung\n  organization: stadt-essen\n"
        "- id: ohne-organisation\n  name: Herr Probe\n  role: Test\n",
        "id: ohne-organisation",
        'Missing property "organization"',  # at the start of the second entry
    ),
    "event start with a space": Probe(
        "data/events/__lsp_probe_start.yml",
        VALID_EVENT.replace("start: 2027-03-15T18:00", "start: 2027-03-15 18:00"),
        "start:",
        "does not match the pattern",
    ),
    "event registration javascript": Probe(
        "data/events/__lsp_probe_registration.yml",
        VALID_EVENT + "registration: javascript:alert(1)\n",
        "registration:",
        "does not match the pattern",
    ),
    "field id with space": Probe(
        "data/fields.yml",
        "- id: Smart Living\n  name: Smart Living\n  summary: Kurz.\n  description: Lang.\n",
        "id:",
        "does not match the pattern",
    ),
}


@pytest.fixture(scope="module")
def probe_diagnostics(yaml_ls: LspClient) -> dict[str, list[dict]]:
    assert len({probe.path for probe in PROBES.values()}) == len(PROBES)
    with yaml_ls.opened({uri_of(p.path): p.text for p in PROBES.values()}) as diagnostics:
        return {name: diagnostics[uri_of(p.path)] for name, p in PROBES.items()}


@pytest.mark.parametrize("name", PROBES)
def test_broken_data_is_reported_at_the_right_line(
    name: str, probe_diagnostics: dict[str, list[dict]]
) -> None:
    probe = PROBES[name]
    found = problems(probe_diagnostics[name])
    shown = f"{probe.path}:\n{probe.text}\ndiagnostics:\n{describe(found)}"
    assert found, f"no problem reported\n{shown}"
    line = line_of(probe.text, probe.marker)
    assert {d["range"]["start"]["line"] for d in found} == {line}, (
        f"expected the problem on line {line + 1} only\n{shown}"
    )
    assert any(probe.message in d["message"] for d in found), (
        f"no message mentions {probe.message!r}\n{shown}"
    )


def completion_labels(yaml_ls: LspClient, uri: str, line: int, character: int) -> set[str]:
    result = yaml_ls.request(
        "textDocument/completion",
        {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
    )
    items = result["items"] if isinstance(result, dict) else result or []
    return {item["label"] for item in items}


def test_completion_offers_keys_and_enum_values(yaml_ls: LspClient) -> None:
    keys_text = "title: Probe\n\nfields:\n  - smart-living\n"
    value_text = "title: Probe\nstatus: \n"
    keys_uri = uri_of("data/initiatives/__lsp_probe_complete_keys.yml")
    value_uri = uri_of("data/initiatives/__lsp_probe_complete_value.yml")
    with yaml_ls.opened({keys_uri: keys_text, value_uri: value_text}):
        keys = completion_labels(yaml_ls, keys_uri, 1, 0)
        status_line = line_of(value_text, "status:")
        values = completion_labels(yaml_ls, value_uri, status_line, len("status: "))
    assert {"status", "summary"} <= keys, sorted(keys)
    assert "pilot" in values, sorted(values)
    assert set(values) >= {"idea", "planning", "pilot", "implementation", "completed"}
