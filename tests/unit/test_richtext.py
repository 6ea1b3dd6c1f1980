"""Markdown from data: bounded time on hostile input at the longest allowed description, and
the same HTML as before for what editors write.

The worst cases run in a worker process, one after another, each with a timeout: a regression
fails instead of hanging the suite (an overrun kills the worker; the next case starts a new
one). One worker instead of a process per case saves a Python start and the imports per case.
The bound is measured inside the worker as CPU time of that process (time.process_time: other
processes on the machine do not count, as wall time would under load) and covers what the build
does with a description: the rules' check and the rendering.
"""

from __future__ import annotations

import json
import selectors
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from plugins.essen.richtext import RichText, plain_text
from plugins.essen.rules import DESCRIPTION_MAX_LENGTH

from ..conftest import REPO, parse_html

BOUND_SECONDS = 5.0
# Far above the bound: a process still running then has hung, and is killed.
KILL_AFTER_SECONDS = 60.0


def _lines(limit: int, line: Callable[[int], str]) -> str:
    """Lines line(1), line(2), … until `limit` characters are reached (then cut)."""
    out: list[str] = []
    size = 0
    number = 1
    while size < limit:
        out.append(line(number))
        size += len(out[-1])
        number += 1
    return "".join(out)[:limit]


def _repeat(unit: str, limit: int, prefix: str = "") -> str:
    return (prefix + unit * (limit // len(unit) + 1))[:limit]


# Inputs on which Markdown parsers are known to be super-linear, each as long as the rules allow.
# Those marked "Python-Markdown" took 15 s to minutes (or crashed) before markdown-it-py.
WORST_CASES: dict[str, Callable[[int], str]] = {
    "open brackets (Python-Markdown: > 200 s)": lambda n: _repeat("[", n),
    "open then closing brackets (Python-Markdown: > 15 s)": lambda n: (
        "[" * (n // 2) + "]" * (n // 2)
    ),
    "link openings [a]( (Python-Markdown: 9 s)": lambda n: _repeat("[a](", n),
    "image openings ![ (Python-Markdown: > 15 s)": lambda n: _repeat("![", n),
    "nested link texts (Python-Markdown: > 15 s)": lambda n: (
        "[" * (n // 2) + _repeat("](b)", n // 2)
    ),
    "]( chains": lambda n: _repeat("](", n),
    "CDATA openings (Python-Markdown: > 300 s)": lambda n: _repeat("<![CDATA[", n),
    "CDATA openings inside a paragraph": lambda n: _repeat("<![CDATA[", n, "Text "),
    "comment openings": lambda n: _repeat("<!--", n, "Text "),
    "processing instructions": lambda n: _repeat("<?", n, "Text "),
    "declarations": lambda n: _repeat("<!", n, "Text "),
    "unclosed tags": lambda n: _repeat("<a", n, "Text "),
    "open block tags": lambda n: _repeat("<div>", n),
    "unclosed autolinks": lambda n: _repeat("<https://a", n, "Text "),
    "backtick run": lambda n: "`" * n,
    "backtick runs of growing length": lambda n: _lines(n, lambda k: "`" * k + " "),
    "asterisks": lambda n: "*" * n,
    "emphasis openers": lambda n: _repeat("*a ", n),
    "underscore openers": lambda n: _repeat("_a ", n),
    "strong and emphasis": lambda n: _repeat("***a", n),
    "mixed emphasis": lambda n: _repeat("*_", n),
    "greater-than signs": lambda n: ">" * n,
    "quotes nested one deeper per line": lambda n: _lines(n, lambda k: ">" * k + " a\n"),
    "lists nested one deeper per line": lambda n: _lines(n, lambda k: "  " * k + "- a\n"),
    "list markers on one line (Python-Markdown: RecursionError)": lambda n: _repeat("- * ", n),
    "long table": lambda n: ("| a | b |\n| - | - |\n" + "| x | y |\n" * n)[:n],
    "pipes": lambda n: "|" * n,
    "ampersands": lambda n: "&" * n,
    "entities": lambda n: _repeat("&amp;", n),
    "unfinished entities": lambda n: _repeat("&#x", n),
    "reference definitions": lambda n: _lines(n, lambda k: f"[{k}]: https://a.de/\n"),
    "reference uses": lambda n: _repeat("[a][b]", n),
    "backslashes": lambda n: "\\" * n,
    "code fences": lambda n: _repeat("```\n", n),
    "link titles with quotes": lambda n: '[a](b "' + '"' * (n - 7),
    "parentheses in a link target": lambda n: "[a](" + "(" * (n - 4),
    "hard line breaks": lambda n: _repeat("a  \n", n),
    "headings": lambda n: _repeat("# a\n", n),
}


# Reads one JSON text per line from stdin; answers with the CPU seconds of check and rendering.
WORKER = f"""
import gc, json, sys, time
sys.path.insert(0, {str(REPO)!r})
from plugins.essen.richtext import RichText
from plugins.essen.rules import Invalid, Markdown, DESCRIPTION_MAX_LENGTH
for line in sys.stdin:
    text = json.loads(line)
    render = RichText()
    gc.collect()
    start = time.process_time()
    try:
        Markdown(DESCRIPTION_MAX_LENGTH).check(text)
    except Invalid:
        pass  # rejected (e.g. nested too deep) is fine; what counts is the time
    render(text)
    print(json.dumps(time.process_time() - start), flush=True)
"""


class Worker:
    """The worker process, started on first use and again after one was killed."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self.process: subprocess.Popen[str] | None = None

    def run(self, text: str) -> float:
        """Seconds the worker took for `text`; fails after KILL_AFTER_SECONDS."""
        if self.process is None:
            with self.log.open("a", encoding="utf-8") as errors:
                self.process = subprocess.Popen(
                    [sys.executable, "-c", WORKER],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=errors,
                    text=True,
                    cwd=REPO,
                )
        process = self.process
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(json.dumps(text) + "\n")
        process.stdin.flush()
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            answered = selector.select(timeout=KILL_AFTER_SECONDS)
        line = process.stdout.readline() if answered else ""
        if not line:
            self.stop()
            raise AssertionError(
                f"no answer within {KILL_AFTER_SECONDS} s (hung or crashed):\n"
                + self.log.read_text(encoding="utf-8")[-2000:]
            )
        return float(json.loads(line))

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


@pytest.fixture(scope="module")
def worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Worker]:
    started = Worker(tmp_path_factory.mktemp("richtext") / "worker-stderr.txt")
    yield started
    started.stop()


@pytest.mark.parametrize("name", list(WORST_CASES))
def test_worst_case_at_the_length_cap_finishes_within_the_bound(name: str, worker: Worker) -> None:
    text = WORST_CASES[name](DESCRIPTION_MAX_LENGTH)
    assert len(text) == DESCRIPTION_MAX_LENGTH, len(text)
    seconds = worker.run(text)
    assert seconds < BOUND_SECONDS, f"{name}: {seconds:.2f} s"


def test_generators_make_texts_of_exactly_the_cap() -> None:
    for name, make in WORST_CASES.items():
        assert len(make(DESCRIPTION_MAX_LENGTH)) == DESCRIPTION_MAX_LENGTH, name


# --------------------------------------------------------------------------- what editors write


@pytest.fixture(scope="module")
def render() -> RichText:
    return RichText()


def test_headings_start_at_h2(render: RichText) -> None:
    tree = parse_html(str(render("# Eins\n\n## Zwei\n\n###### Sechs")))
    assert [(node.tag, node.text()) for node in tree.iter() if node.tag.startswith("h")] == [
        ("h2", "Eins"),
        ("h3", "Zwei"),
        ("h6", "Sechs"),
    ]


def test_tables_lists_links_and_emphasis_are_kept(render: RichText) -> None:
    html = str(
        render(
            "**fett** und *kursiv*\n\n- eins\n- zwei\n\n1. erstens\n\n"
            "| Spalte | Wert |\n|:--|--:|\n| a | 1 |\n\n"
            "[Stadt](https://www.essen.de/) und <https://www.essen.de/rathaus>"
        )
    )
    tree = parse_html(html)
    assert tree.find("strong").text() == "fett"
    assert tree.find("em").text() == "kursiv"
    assert [li.text() for li in tree.find("ul").find_all("li")] == ["eins", "zwei"]
    assert tree.find("ol") is not None
    assert [cell.text() for cell in tree.find_all("td")] == ["a", "1"]
    # Alignment would need inline styles (blocked by the CSP) or obsolete attributes.
    assert all(not cell.attrs for cell in tree.find_all("td") + tree.find_all("th"))
    assert [a.attrs["href"] for a in tree.find_all("a")] == [
        "https://www.essen.de/",
        "https://www.essen.de/rathaus",
    ]


def test_raw_html_and_script_links_are_removed(render: RichText) -> None:
    html = str(
        render(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[x](javascript:alert(3))"
        )
    )
    tree = parse_html(html)
    assert tree.find("script") is None and tree.find("img") is None
    assert "alert(1)" not in html and "onerror" not in html and "javascript:" not in html
    assert tree.text().strip() == "x"


def test_raw_html_is_never_shown_as_source(render: RichText) -> None:
    """A comment or CDATA section is removed, not shown as text (as with Python-Markdown)."""
    html = str(render("vor <!-- geheim --> nach <![CDATA[ roh ]]> Ende"))
    assert "geheim" not in html and "roh" not in html
    assert " ".join(parse_html(html).text().split()) == "vor nach Ende"


def test_plain_text_is_what_the_page_shows_as_lines_of_text() -> None:
    """richtext.plain_text (the calendar files' DESCRIPTION): paragraphs apart, list items and
    table rows on their own lines, a link's address after its text, code as written."""
    html = RichText()(
        "Bitte **anmelden** &amp; <b onclick=x>kommen</b>\nzweite Zeile\n\n"
        "- eins [Link](https://a.example/x)\n  - tief\n1. erst\n2. <https://b.example/>\n\n"
        "> Zitat\n\n```\ncode  </script>\n  eingerückt\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "Mail <info@example.org>, Zeile<br>zwei, [weg](javascript:alert(1))"
    )
    assert plain_text(html) == (
        "Bitte anmelden & kommen zweite Zeile\n\n"
        "- eins Link (https://a.example/x)\n  - tief\n\n1. erst\n2. https://b.example/\n\n"
        "Zitat\n\ncode  </script>\n  eingerückt\n\na | b\n1 | 2\n\n"
        "Mail info@example.org, Zeile\nzwei, weg"
    )
    assert plain_text(RichText()(None)) == ""
