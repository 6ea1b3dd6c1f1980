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
