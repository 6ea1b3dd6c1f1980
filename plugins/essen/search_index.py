"""The site search index: Pagefind run over the built site.

Pagefind writes a chunked index; a browser fetches only the chunks and page fragments a query
needs, where Material's search makes every visitor download the whole index (5.7 MB gzip at
4,000 initiatives against about 0.25 MB for a page view plus one search).

Pagefind reads only the element marked `data-pagefind-body` (the article of every content page,
see `overrides/main.html`) and skips everything inside `data-pagefind-ignore` (lists of
initiatives on overview pages), so initiative pages rank above the lists that mention them.

Pagefind keeps the whole index in memory while it writes it: about 0.21 MB per page of 300
words (0.87 GB at 4,000 initiatives, 2.5 GB at 10,000 in one run). So the pages are indexed in
bundles of at most `PAGES_PER_BUNDLE`, one Pagefind run each, and the browser merges them
(`mergeIndex`, one shared WebAssembly module). A bundle costs a query one more set of index
chunks (about 30 KB per word), so bundles are as large as the memory target allows: one up to
4,500 pages, three at 10,000. The first bundle lives in `pagefind/` and lists the others in
`pagefind/bundles.json`, which `docs/assets/javascripts/search.js` reads.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import EssenError

BUNDLE_DIR = "pagefind"
MANIFEST = "bundles.json"
# The element as overrides/main.html writes it, with its `<`: text from data is escaped, so a
# summary that mentions »data-pagefind-body« on a page left out of the search (no marker) does
# not count it as a content page (Pagefind would skip it, and the page count check would fail).
MARKER = b"<div data-pagefind-body>"
# At most about 1 GB peak memory per Pagefind run with 300-word pages (measured).
PAGES_PER_BUNDLE = 4500

# Not content: permalink signs and the edit button of the theme, and the labels of the facts
# lists ("Stand", "Partner", …), which every initiative page repeats; they would make every
# page match and cost about 9 % of the indexer's memory (measured).
EXCLUDE_SELECTORS = (".headerlink", ".md-content__button", ".ce-facts dt")

_INDEXED_PAGES = re.compile(r"Indexed (\d+) pages?")
_BUNDLE_NAME = re.compile(rf"^{BUNDLE_DIR}(-\d+)?$")


class SearchIndexError(EssenError):
    """The search index could not be built; the message says why, in German."""


def bundle_name(number: int) -> str:
    """`pagefind`, `pagefind-2`, `pagefind-3`, … (Pagefind derives result URLs from the name)."""
    return BUNDLE_DIR if number == 1 else f"{BUNDLE_DIR}-{number}"


def pagefind_command(source_dir: Path, output_dir: Path) -> list[str]:
    """One Pagefind run: German stemming for every page, whatever a page's `lang` says."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(source_dir),
        "--output-path",
        str(output_dir),
        "--force-language",
        "de",
    ]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def content_pages(site_dir: Path) -> list[Path]:
    """HTML files of the site that carry the marker, in path order (bundles excluded)."""
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        top = path.relative_to(site_dir).parts[0]
        if _BUNDLE_NAME.match(top):
            continue
        if MARKER in path.read_bytes():
            pages.append(path)
    return pages


def split(pages: Sequence[Path], limit: int) -> list[Sequence[Path]]:
    """Consecutive groups of at most `limit` pages, as equal in size as possible."""
    count = max(1, math.ceil(len(pages) / limit))
    size, extra = divmod(len(pages), count)
    groups, start = [], 0
    for number in range(count):
        end = start + size + (1 if number < extra else 0)
        groups.append(pages[start:end])
        start = end
    return groups


def build_search_index(site_dir: Path, pages_per_bundle: int = PAGES_PER_BUNDLE) -> None:
    """Index the built site in `site_dir` into `site_dir/pagefind/` (and `pagefind-N/`).

    Raises `SearchIndexError` if no page carries the marker, or Pagefind is missing, fails or
    indexes fewer pages than it was given.
    """
    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise SearchIndexError(f"Suchindex: der Ordner {site_dir} existiert nicht.")
    pages = content_pages(site_dir)
    if not pages:
        raise SearchIndexError(
            f"Suchindex: keine Seite in {site_dir} trägt das Attribut data-pagefind-body — "
            "fehlt es in overrides/main.html? Ohne das Attribut würde die Suche Kopfzeile, "
            "Navigation und Fußzeile jeder Seite durchsuchen."
        )
    # A dirty build keeps old files: drop every bundle of earlier runs, their number may differ.
    for old in site_dir.iterdir():
        if old.is_dir() and _BUNDLE_NAME.match(old.name):
            shutil.rmtree(old)
    groups = split(pages, pages_per_bundle)
    for number, group in enumerate(groups, start=1):
        _index_bundle(site_dir, group, site_dir / bundle_name(number))
    manifest = {"bundles": [f"../{bundle_name(n)}/" for n in range(2, len(groups) + 1)]}
    (site_dir / BUNDLE_DIR / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def _index_bundle(site_dir: Path, pages: Sequence[Path], output_dir: Path) -> None:
    # Pagefind indexes a folder: give it one that holds just these pages, as links to the
    # built files at their site paths (result URLs are derived from those paths).
    with tempfile.TemporaryDirectory(prefix="essen-search-") as stage:
        for page in pages:
            link = Path(stage) / page.relative_to(site_dir)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(page)
        try:
            result = subprocess.run(
                pagefind_command(Path(stage), output_dir),
                capture_output=True,
                text=True,
                check=False,
            )
        except OSError as error:
            raise SearchIndexError(
                f"Suchindex: Pagefind konnte nicht gestartet werden ({error}) — "
                "installieren Sie das Paket mit `pip install 'pagefind[bin]'`."
            ) from error
    output = f"{result.stdout}\n{result.stderr}".strip()
    if result.returncode != 0:
        raise SearchIndexError(
            f"Suchindex: Pagefind ist mit Code {result.returncode} abgebrochen — "
            f"die Suche wurde nicht erstellt:\n{_tail(output)}"
        )
    counts = [int(n) for n in _INDEXED_PAGES.findall(result.stdout)]
    if not counts or max(counts) != len(pages):
        raise SearchIndexError(
            f"Suchindex: Pagefind hat {max(counts, default=0)} von {len(pages)} Seiten "
            f"aufgenommen:\n{_tail(output)}"
        )
    if not (output_dir / "pagefind.js").is_file():
        raise SearchIndexError(f"Suchindex: {output_dir / 'pagefind.js'} fehlt nach dem Lauf.")


def _tail(text: str, lines: int = 20) -> str:
    return "\n".join(text.splitlines()[-lines:])
