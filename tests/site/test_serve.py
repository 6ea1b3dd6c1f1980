"""Live preview: `mkdocs serve` rebuilds when a data file or a template in overrides/essen/
changes, shows a data mistake in the terminal and keeps serving the last good site."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..conftest import free_port, make_project, parse_html, small_data, stop_process, write_data

STARTUP_TIMEOUT = 120.0  # the first build of the whole site
REBUILD_TIMEOUT = 60.0
REQUEST_TIMEOUT = 10.0
INITIATIVE = "ampel"  # file stem = id in the small data set


# --------------------------------------------------------------------------- the server


class Terminal:
    """Everything the server prints, collected by a thread; tests wait for lines by pattern."""

    def __init__(self, stream) -> None:
        self.lines: list[str] = []
        self._cond = threading.Condition()
        self._closed = False
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                self._cond.notify_all()
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def mark(self) -> int:
        with self._cond:
            return len(self.lines)

    def wait_for(self, pattern: str, since: int, timeout: float) -> str:
        """The first line after `since` that contains `pattern` (a regex), waiting for it."""
        regex = re.compile(pattern)

        def found() -> str | None:
            return next((line for line in self.lines[since:] if regex.search(line)), None)

        with self._cond:
            self._cond.wait_for(lambda: found() is not None or self._closed, timeout=timeout)
            line = found()
        assert line is not None, f"no line matching {pattern!r}:\n" + self.text(since)
        return line

    def text(self, since: int = 0) -> str:
        with self._cond:
            return "\n".join(self.lines[since:])


@dataclass
class Server:
    process: subprocess.Popen
    terminal: Terminal
    base_url: str
    project: Path

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.base_url + path, timeout=REQUEST_TIMEOUT) as response:
            assert response.status == 200
            return response.read().decode("utf-8")

    def write(self, relative: str, text: str) -> int:
        """Replace a project file at once, as editors save; returns the terminal mark from
        just before. The new content is written next to the project and moved into place,
        so that the server can never read a half-written file."""
        pending = self.project.parent / "pending"
        pending.write_text(text, encoding="utf-8")
        mark = self.terminal.mark()
        os.replace(pending, self.project / relative)
        return mark

    def edit(self, relative: str, old: str, new: str) -> int:
        text = (self.project / relative).read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} in {relative}"
        return self.write(relative, text.replace(old, new))

    def wait_for_rebuild_attempt(self, since: int) -> str:
        """Wait until a rebuild after `since` has ended, well or not; returns its last line."""
        return self.terminal.wait_for(
            r"Reloading browsers|An error happened during the rebuild", since, REBUILD_TIMEOUT
        )

    def wait_for_rebuild(self, since: int) -> None:
        """Wait until the server has rebuilt after `since` and shows the new site."""
        line = self.wait_for_rebuild_attempt(since)
        assert "Reloading browsers" in line, self.terminal.text(since)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = small_data()
    project = make_project(tmp_path_factory.mktemp("serve"), lambda d: write_data(d, data))
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    terminal = Terminal(process.stdout)
    try:
        terminal.wait_for(r"Serving on http://127\.0\.0\.1:", 0, STARTUP_TIMEOUT)
        yield Server(process, terminal, f"http://127.0.0.1:{port}/", project)
    finally:
        stop_process(process, 20)


def initiative_page(server: Server) -> str:
    return server.get(f"initiativen/{INITIATIVE}/")


def h1(html: str) -> str:
    article = parse_html(html).find("article")
    assert article is not None
    (heading,) = article.find_all("h1")
    return heading.text()


# --------------------------------------------------------------------------- tests


def test_initial_build_serves_the_initiative(server: Server) -> None:
    assert h1(initiative_page(server)) == small_data()["initiatives"][INITIATIVE]["title"]
    watching = server.terminal.wait_for(r"Watching paths for changes:", 0, 0)
    assert "'data'" in watching and "'overrides/essen'" in watching


def test_changed_data_file_is_shown_after_rebuild(server: Server) -> None:
    relative = f"data/initiatives/{INITIATIVE}.yml"
    old_title = h1(initiative_page(server))
    new_title = old_title + " (geändert)"
    mark = server.edit(relative, f"title: {old_title}\n", f"title: {new_title}\n")
    server.wait_for_rebuild(mark)
    assert h1(initiative_page(server)) == new_title
    # The overview lists the initiative under its new title too.
    assert new_title in server.get("initiativen/")


def test_changed_template_is_shown_after_rebuild(server: Server) -> None:
    marker = "Markierung aus dem geänderten Template"
    relative = "overrides/essen/initiative.html"
    template = (server.project / relative).read_text(encoding="utf-8")
    assert marker not in initiative_page(server)
    mark = server.write(relative, template + f'\n<p id="template-marker">{marker}</p>\n')
    server.wait_for_rebuild(mark)
    marked = parse_html(initiative_page(server)).by_id("template-marker")
    assert marked is not None and marked.text() == marker


def test_data_mistake_is_shown_and_the_server_keeps_running(server: Server) -> None:
    relative = f"data/initiatives/{INITIATIVE}.yml"
    path = server.project / relative
    good_title = h1(initiative_page(server))
    good_text = path.read_text(encoding="utf-8")
    field = small_data()["initiatives"][INITIATIVE]["fields"][0]
    line = good_text.splitlines().index(f"- {field}") + 1

    mark = server.edit(relative, f"- {field}\n", f"- {field}x\n")
    message = server.terminal.wait_for(
        rf"^{re.escape(relative)}:{line}: fields\[1\]: .+ — .+", mark, REBUILD_TIMEOUT
    )
    assert f"»{field}x«" in message and f"»{field}«" in message
    server.wait_for_rebuild_attempt(mark)
    assert "Traceback" not in server.terminal.text(mark)
    assert server.process.poll() is None, "the server stopped"
    # The last good site is still served (MkDocs alone would hold every request until the
    # next successful build, so that the preview seems to hang).
    try:
        page = initiative_page(server)
    except (TimeoutError, urllib.error.URLError):
        pytest.fail(f"no answer within {REQUEST_TIMEOUT} s while the data has a mistake")
    assert h1(page) == good_title

    # Fixed, with a new title in the same save: the preview follows again.
    fixed_title = good_title + " (korrigiert)"
    mark = server.write(
        relative, good_text.replace(f"title: {good_title}\n", f"title: {fixed_title}\n")
    )
    server.wait_for_rebuild(mark)
    assert h1(initiative_page(server)) == fixed_title
    assert server.process.poll() is None
