"""The generated pages: URL scheme, renderer, filters, JSON-LD, and one module per page family.

A page family is a module with `pages(site, renderer)`; a new kind of content adds its module
to `PAGE_FAMILIES`. The data page is not among them: it describes the exports and so is added
where those are made (`build.Build.all_pages`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..model import Site
from . import contacts, events, fields, initiatives, news, partners, places
from .render import GeneratedPage, Renderer

PageFamily = Callable[[Site, Renderer], Iterable[GeneratedPage]]

# The build adds the generated pages in this order.
PAGE_FAMILIES: tuple[PageFamily, ...] = (
    fields.pages,
    initiatives.pages,
    places.pages,
    partners.pages,
    contacts.pages,
    news.pages,
    events.pages,
)


def site_pages(site: Site, renderer: Renderer) -> Iterator[GeneratedPage]:
    """Every page made from the records, in a stable order.

    A record's page gets only that record and its related lists, never the whole site, so
    its content is a function of a hashable context and can be reused (see Renderer.page).
    """
    for family in PAGE_FAMILIES:
        yield from family(site, renderer)
