"""Markdown from data, rendered to HTML that can carry no markup of its own making.

Editors may write Markdown, but whatever HTML comes out (raw tags, event
attributes, `javascript:` links) is reduced to a small allow-list by nh3.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor
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


class _DemoteHeadings(Treeprocessor):
    """The page owns the only h1, so headings in data start at h2."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in {"h1", "h2", "h3", "h4", "h5"}:
                element.tag = f"h{int(element.tag[1]) + 1}"


class _DemoteHeadingsExtension(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_DemoteHeadings(md), "essen_demote_headings", 5)


class RichText:
    """Converts data Markdown to sanitized HTML; one instance is reused for speed."""

    def __init__(self) -> None:
        self._markdown = markdown.Markdown(
            extensions=["tables", "sane_lists", _DemoteHeadingsExtension()]
        )

    def __call__(self, text: str | None) -> Markup:
        if not text:
            return Markup("")
        html = self._markdown.reset().convert(text)
        clean = nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=ALLOWED_URL_SCHEMES,
            link_rel=LINK_REL,
        )
        return Markup(_LINK_WITHOUT_HREF.sub(r"\1", clean))
