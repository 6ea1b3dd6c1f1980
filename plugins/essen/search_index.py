"""The site search index: Pagefind run over the built site.

Pagefind writes a chunked index to `<site>/pagefind/`; a browser fetches only the chunks and page
fragments a query needs (see docs in /work/notes/search-measurements.md for the numbers that chose
it over Material's whole-index search). Pagefind reads only the element marked
`data-pagefind-body` (the article of every content page, see `overrides/main.html`) and skips
everything inside `data-pagefind-ignore` (lists of initiatives on overview pages), so initiative
pages rank above the lists that mention them.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

BUNDLE_DIR = "pagefind"

# Theme chrome inside the article that is not content: permalink signs and the edit button.
EXCLUDE_SELECTORS = (".headerlink", ".md-content__button")

_INDEXED_PAGES = re.compile(r"Indexed (\d+) pages?")


class SearchIndexError(PluginError):
    """The search index could not be built; the message says why, in German."""


def pagefind_command(site_dir: Path) -> list[str]:
    """The Pagefind call: German stemming for every page, whatever a page's `lang` says."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        BUNDLE_DIR,
        "--force-language",
        "de",
    ]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def build_search_index(site_dir: Path) -> None:
    """Index the built site in `site_dir` into `site_dir/pagefind/`.

    Raises `SearchIndexError` if Pagefind is missing, fails, or indexes no page (which would
    leave a search box that never finds anything).
    """
    site_dir = Path(site_dir)
    if not site_dir.is_dir():
        raise SearchIndexError(f"Suchindex: der Ordner {site_dir} existiert nicht.")
    try:
        result = subprocess.run(
            pagefind_command(site_dir),
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
    if not counts or max(counts) == 0:
        raise SearchIndexError(
            "Suchindex: Pagefind hat keine Seite aufgenommen — fehlt das Attribut "
            f"data-pagefind-body in overrides/main.html?\n{_tail(output)}"
        )
    if not (site_dir / BUNDLE_DIR / "pagefind.js").is_file():
        raise SearchIndexError(
            f"Suchindex: {site_dir / BUNDLE_DIR / 'pagefind.js'} fehlt nach dem Lauf von Pagefind."
        )


def _tail(text: str, lines: int = 20) -> str:
    return "\n".join(text.splitlines()[-lines:])
