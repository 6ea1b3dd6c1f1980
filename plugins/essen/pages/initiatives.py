"""Initiatives: the overview with its filter and one page per initiative."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Site
from .events import split
from .places import district_groups, district_places, initiative_locator
from .render import GeneratedPage, Renderer
from .urls import INITIATIVES_DIR, initiative_uri, page_src_uri


def pages(site: Site, renderer: Renderer) -> Iterator[GeneratedPage]:
    yield renderer.page(
        "initiatives.html",
        page_src_uri(INITIATIVES_DIR),
        "Initiativen",
        "Alle Initiativen, Ideen und Maßnahmen von CONNECTED.ESSEN.",
        site=site,
        district_groups=district_groups(site.districts),
    )
    for item in site.initiatives:
        yield renderer.page(
            "initiative.html",
            initiative_uri(item),
            item.title,
            item.summary,
            item.source,
            initiative=item,
            news=site.news_by_initiative[item.id],
            events=split(site.events_by_initiative[item.id], renderer.today),
            places=district_places(item),
            locator=initiative_locator(item),
        )
