"""Fields of action: the overview and one page per field."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Site
from ..rules import COLOR_PATTERN
from .events import split
from .render import GeneratedPage, Renderer
from .urls import FIELDS_DIR, field_uri, page_src_uri

# The fields' colours as a stylesheet of the site (linked in mkdocs.yml, extra_css): the
# Content-Security-Policy allows no inline styles, and classes keep data out of attributes.
FIELD_STYLESHEET = "assets/stylesheets/fields.css"
_CLASS_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def pages(site: Site, renderer: Renderer) -> Iterator[GeneratedPage]:
    yield renderer.page(
        "fields.html",
        page_src_uri(FIELDS_DIR),
        "Handlungsfelder",
        "Die Handlungsfelder von CONNECTED.ESSEN und ihre Initiativen.",
        site=site,
    )
    for item in site.fields:
        yield renderer.page(
            "field.html",
            field_uri(item),
            item.name,
            item.summary,
            item.source,
            field=item,
            initiatives=site.initiatives_by_field[item.id],
            news=site.news_by_field[item.id],
            events=split(site.events_by_field[item.id], renderer.today),
        )


def field_stylesheet(site: Site) -> str:
    """`.ce-f-<id> { --ce-field: #rrggbb; }` for each field with a colour.

    Only a checked id (a slug) and a checked `#rrggbb` ever reach the CSS; anything else would
    be a bug upstream, so it stops the build rather than being written.
    """
    lines = ["/* Generated from data/fields.yml (color); see plugins/essen/pages/fields.py. */"]
    for item in site.fields:
        if item.color is None:
            continue
        if not (_CLASS_ID.fullmatch(item.id) and COLOR_PATTERN.fullmatch(item.color)):
            raise ValueError(f"unchecked field id or colour: {item.id!r} {item.color!r}")
        lines.append(f".ce-f-{item.id} {{ --ce-field: {item.color}; }}")
    return "\n".join(lines) + "\n"
