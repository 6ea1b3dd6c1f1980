"""Content-Security-Policy for a built site: hashes of the inline scripts the theme writes.

The server sends one policy for the whole site, so every page must carry the same inline scripts
(Material's `__md_scope` script embeds `base_url` unless `extra.scope` is set in mkdocs.yml, which
would give one hash per folder depth). `scan()` reads every HTML file of a built site and
`build_policy()` turns the result into the header value; both refuse a site whose inline code the
policy could not allow safely.

Usable as a script: `python3 deploy/csp_hashes.py SITE_DIR` prints the policy.
Standard library only, so that it runs on a web server without the build tools.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# Distinct inline scripts a site may carry before we call it "per-page code" and refuse it.
MAX_INLINE_SCRIPTS = 8

# Script types a browser executes (HTML Living Standard, "prepare the script element"): no type,
# an empty type, a JavaScript MIME type essence, or "module". Everything else is a data block
# (`application/json`, `application/ld+json`, …) that is never executed and needs no hash.
_JS_TYPES = {
    "",
    "module",
    "application/ecmascript",
    "application/javascript",
    "application/x-ecmascript",
    "application/x-javascript",
    "text/ecmascript",
    "text/javascript",
    "text/javascript1.0",
    "text/javascript1.1",
    "text/javascript1.2",
    "text/javascript1.3",
    "text/javascript1.4",
    "text/javascript1.5",
    "text/jscript",
    "text/livescript",
    "text/x-ecmascript",
    "text/x-javascript",
}


_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}


def _is_javascript_url(value: str) -> bool:
    # URL parsing strips leading/trailing C0 controls and spaces and drops tabs and newlines.
    cleaned = re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(33))))
    return cleaned.lower().startswith("javascript:")


class InlineCodeError(Exception):
    """The site has inline code that one site-wide policy cannot allow; the message says why."""


def sha256_source(text: str) -> str:
    """CSP hash source of an inline element's text, e.g. `'sha256-…'`.

    Browsers hash the element's text after the HTML input stream normalised line breaks to LF,
    encoded as UTF-8.
    """
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalised.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def is_executed(script_type: str | None) -> bool:
    essence = (script_type or "").split(";")[0].strip().lower()
    return essence in _JS_TYPES


@dataclass
class InlineCode:
    """Inline code of a site: hash source → pages (site-relative paths) that carry it."""

    pages: list[str] = field(default_factory=list)
    scripts: dict[str, list[str]] = field(default_factory=dict)
    script_texts: dict[str, str] = field(default_factory=dict)
    styles: dict[str, list[str]] = field(default_factory=dict)
    style_attributes: dict[str, list[str]] = field(default_factory=dict)
    # (page, description) of code no hash can allow: event handler attributes, javascript: URLs.
    blocked: list[tuple[str, str]] = field(default_factory=list)
    pagefind: bool = False


class _PageScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.style_attributes: list[str] = []
        self.blocked: list[str] = []
        self._open: str | None = None  # "script" or "style" while inside an inline one
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.blocked.append(f"<{tag} {name}=…> (Event-Handler-Attribut)")
            elif name == "style" and value is not None:
                self.style_attributes.append(value)
            elif name in _URL_ATTRIBUTES and value is not None and _is_javascript_url(value):
                self.blocked.append(f"<{tag} {name}=javascript:…>")
        if tag == "script" and "src" not in values and is_executed(values.get("type")):
            self._open, self._text = "script", []
        elif tag == "style":
            self._open, self._text = "style", []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open == tag:
            (self.scripts if tag == "script" else self.styles).append("".join(self._text))
            self._open = None


def _add(mapping: dict[str, list[str]], key: str, page: str) -> None:
    pages = mapping.setdefault(key, [])
    if not pages or pages[-1] != page:
        pages.append(page)


def scan(site_dir: Path | str) -> InlineCode:
    """Inline scripts, styles and style attributes of every HTML file under `site_dir`."""
    site = Path(site_dir)
    if not (site / "index.html").is_file():
        raise InlineCodeError(f"{site}: keine index.html – ist das ein gebauter Site-Ordner?")
    code = InlineCode(pagefind=any((site / "pagefind").glob("*.pagefind")))
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        code.pages.append(page)
        scanner = _PageScanner()
        # newline="" keeps CR so that sha256_source normalises exactly as a browser does.
        with path.open(encoding="utf-8", newline="") as handle:
            scanner.feed(handle.read())
        scanner.close()
        for text in scanner.scripts:
            source = sha256_source(text)
            code.script_texts.setdefault(source, text)
            _add(code.scripts, source, page)
        for text in scanner.styles:
            _add(code.styles, sha256_source(text), page)
        for value in scanner.style_attributes:
            _add(code.style_attributes, sha256_source(value), page)
        code.blocked.extend((page, what) for what in scanner.blocked)
    return code


def _sample(pages: Iterable[str], limit: int = 3) -> str:
    pages = list(pages)
    shown = ", ".join(pages[:limit])
    return shown + (f" … (+{len(pages) - limit})" if len(pages) > limit else "")


def check(code: InlineCode, max_scripts: int = MAX_INLINE_SCRIPTS) -> None:
    """Refuse inline code that one site-wide policy cannot allow safely.

    Every page that has inline scripts must have the same ones: a script on only some pages is
    usually the theme embedding a page-dependent value (Material's `__md_scope` without
    `extra.scope`), and per-page scripts would need a hash per page.
    """
    problems: list[str] = []
    for page, what in code.blocked:
        problems.append(f"{page}: {what} – die CSP blockiert das; Skripte gehören in Dateien.")
    if len(code.scripts) > max_scripts:
        problems.append(
            f"{len(code.scripts)} verschiedene Inline-Skripte (erlaubt: {max_scripts}) – "
            "Seiten erzeugen seitenabhängigen Code."
        )
    with_scripts = {page for pages in code.scripts.values() for page in pages}
    for source, pages in sorted(code.scripts.items()):
        if len(pages) == len(with_scripts):
            continue
        text = code.script_texts[source]
        hint = (
            " Material schreibt base_url in das __md_scope-Skript: in mkdocs.yml "
            "`extra: {scope: /}` setzen."
            if "__md_scope" in text
            else ""
        )
        problems.append(
            f"Inline-Skript {source} steht nur auf {len(pages)} von {len(with_scripts)} Seiten "
            f"({_sample(pages)}): {text[:80]!r}.{hint}"
        )
    if problems:
        raise InlineCodeError("\n".join(problems))


@dataclass(frozen=True)
class Policy:
    header: str
    script_hashes: tuple[str, ...]
    style_hashes: tuple[str, ...]


def build_policy(code: InlineCode) -> Policy:
    """The site's Content-Security-Policy header value.

    No 'unsafe-inline' anywhere: scripts and <style> elements are allowed by hash. Style
    attributes (Markdown table alignment writes them) are allowed by hash with 'unsafe-hashes',
    which permits exactly those declarations and nothing else. 'wasm-unsafe-eval' (WebAssembly
    compilation only, not JavaScript eval) is added only when the site ships Pagefind's
    WebAssembly search.
    """
    check(code)
    script_hashes = tuple(sorted(code.scripts))
    style_hashes = tuple(sorted(set(code.styles) | set(code.style_attributes)))
    script_src = ["'self'"]
    if code.pagefind:
        script_src.append("'wasm-unsafe-eval'")
    script_src.extend(script_hashes)
    style_src = ["'self'"]
    if code.style_attributes:
        style_src.append("'unsafe-hashes'")
    style_src.extend(style_hashes)
    directives = [
        "default-src 'self'",
        "script-src " + " ".join(script_src),
        "style-src " + " ".join(style_src),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "frame-src 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    return Policy("; ".join(directives), script_hashes, style_hashes)


def policy_for(site_dir: Path | str) -> Policy:
    return build_policy(scan(site_dir))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("Aufruf: csp_hashes.py SITE_DIR", file=sys.stderr)
        return 2
    try:
        print(policy_for(args[0]).header)
    except InlineCodeError as error:
        print(f"csp_hashes: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
