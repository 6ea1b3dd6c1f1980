"""Fields of action: the overview and one page per field."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Site
from .render import GeneratedPage, Renderer
from .urls import FIELDS_DIR, field_uri, page_src_uri


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
        )
