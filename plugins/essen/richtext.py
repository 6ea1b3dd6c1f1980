"""Markdown from data, rendered to HTML that can carry no markup of its own making.

Editors may write Markdown, but whatever HTML comes out (raw tags, event
attributes, `javascript:` links) is reduced to a small allow-list by nh3.

The parser is markdown-it-py (CommonMark plus tables): its time grows linearly with the
input, also for the inputs on which Python-Markdown needs minutes (thousands of `[`,
repeated `<![CDATA[`, `![` chains, see tests/unit/test_richtext.py). Raw HTML is passed
through to nh3 rather than escaped, so that harmless inline links written as HTML keep
working; nh3 (html5ever) is linear as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote", "hr",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"https", "http", "mailto", "tel"}
LINK_REL = "noopener noreferrer"
# A link nh3 took the target from (a scheme outside the allow-list) or that had none: `rel`
# without `href` is invalid HTML (Nu Html Checker) and a link to nowhere is only text. nh3 writes
# every attribute value in double quotes, keeps only `title` besides `href` and appends `rel`
# last, and links never nest in its output, so this matches exactly those links.
_LINK_WITHOUT_HREF = re.compile(rf'<a(?: title="[^"]*")? rel="{LINK_REL}">(.*?)</a>', re.DOTALL)

# markdown-it stops parsing blocks (and drops the rest of the text) at this depth of open
# elements; the rules reject texts nested deeper than MAX_CONTAINER_DEPTH long before that, so
# nothing an editor wrote is ever dropped silently.
PARSER_MAX_NESTING = 64
# Lists and quotes inside each other: more levels than anyone reads, fewer than the parser limit
# (each list level opens two elements, list and item).
MAX_CONTAINER_DEPTH = 12

_CONTAINERS = {"blockquote_open", "bullet_list_open", "ordered_list_open"}
_CONTAINERS_CLOSE = {"blockquote_close", "bullet_list_close", "ordered_list_close"}


def markdown_parser() -> MarkdownIt:
    """The one configuration of the parser, shared by the rules (depth check) and rendering."""
    parser = MarkdownIt("commonmark", {"html": True, "maxNesting": PARSER_MAX_NESTING})
    # Every link becomes an element and nh3 alone decides which targets stay: markdown-it's own
    # check would show a refused `[text](javascript:…)` as its Markdown source instead.
    parser.validateLink = lambda url: True
    return parser.enable("table")


def container_depth(tokens: Iterable[Token]) -> int:
    """The deepest nesting of lists and block quotes in a parsed text."""
    depth = deepest = 0
    for token in tokens:
        if token.type in _CONTAINERS:
            depth += 1
            deepest = max(deepest, depth)
        elif token.type in _CONTAINERS_CLOSE:
            depth -= 1
    return deepest


def _adjust(tokens: list[Token]) -> None:
    for token in tokens:
        if token.type in {"heading_open", "heading_close"} and token.tag in {
            "h1", "h2", "h3", "h4", "h5",
        }:  # fmt: skip
            # The page owns the only h1, so headings in data start at h2.
            token.tag = f"h{int(token.tag[1]) + 1}"
        elif token.type in {"th_open", "td_open"}:
            # Column alignment is dropped, as before: the CSP allows no inline styles and
            # `align` is obsolete HTML.
            token.attrs.pop("style", None)


class RichText:
    """Converts data Markdown to sanitized HTML; one instance is reused for speed."""

    def __init__(self) -> None:
        self._markdown = markdown_parser()

    def __call__(self, text: str | None) -> Markup:
        if not text:
            return Markup("")
        tokens = self._markdown.parse(text)
        _adjust(tokens)
        html = self._markdown.renderer.render(tokens, self._markdown.options, {})
        clean = nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=ALLOWED_URL_SCHEMES,
            link_rel=LINK_REL,
        )
        return Markup(_LINK_WITHOUT_HREF.sub(r"\1", clean))


# The elements nh3 lets through that end a line of text (the others are inline).
_BLOCKS = {"p", "pre", "blockquote", "hr", "h2", "h3", "h4", "h5", "h6", "table"}
_SPACE = re.compile(r"\s+")


class _PlainText(HTMLParser):
    """The text of sanitised HTML as a calendar program shows it: paragraphs apart, list items
    on lines of their own, a link's address after its text. Only RichText's output comes here,
    so the tags are the allow-list's and well nested."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.lists: list[list] = []  # [tag, items so far] of each open list
        self.links: list[tuple[str | None, int]] = []  # href, where its text starts
        self.pre = 0
        self.cells = 0

    def _break(self, newlines: int) -> None:
        """End the line with at least `newlines` line breaks (2: a blank line), never fewer."""
        if self.text:
            kept = self.text.rstrip(" \n")
            there = self.text[len(kept) :].count("\n")
            self.text = kept + "\n" * max(newlines, there)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._break(2)
        if tag in {"ul", "ol"}:
            self._break(1 if self.lists else 2)
            self.lists.append([tag, 0])
        elif tag == "li" and self.lists:
            self._break(1)
            self.lists[-1][1] += 1
            kind, number = self.lists[-1]
            marker = f"{number}. " if kind == "ol" else "- "
            self.text += "  " * (len(self.lists) - 1) + marker
        elif tag == "br":
            self.text = self.text.rstrip(" ") + "\n"
        elif tag == "a":
            self.links.append((dict(attrs).get("href"), len(self.text)))
        elif tag == "pre":
            self.pre += 1
        elif tag == "tr":
            self._break(1)
            self.cells = 0
        elif tag in {"td", "th"}:
            if self.cells:
                self.text = self.text.rstrip(" ") + " | "
            self.cells += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links:
            href, start = self.links.pop()
            label = self.text[start:].strip()
            if href and href not in {label, f"mailto:{label}", f"tel:{label}"}:
                self.text += f" ({href})"
        elif tag in {"ul", "ol"} and self.lists:
            self.lists.pop()
            self._break(1 if self.lists else 2)
        elif tag == "pre":
            self.pre -= 1
        if tag in _BLOCKS:
            self._break(2)

    def handle_data(self, data: str) -> None:
        if self.pre:
            self.text += data
            return
        data = _SPACE.sub(" ", data)
        if data == " " and (not self.text or self.text.endswith((" ", "\n"))):
            return  # the line breaks between block elements in the HTML
        if self.text.endswith(("\n", " ")) or not self.text:
            data = data.lstrip(" ")
        self.text += data


def plain_text(html: str) -> str:
    """Sanitised HTML (RichText's output) as plain text, e.g. for a calendar file's DESCRIPTION."""
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    return re.sub(r"\n{3,}", "\n\n", parser.text).strip()
