"""The contact page: leadership and every contact person on one page."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Site
from .render import GeneratedPage, Renderer
from .urls import CONTACT_URI


def pages(site: Site, renderer: Renderer) -> Iterator[GeneratedPage]:
    # One page made from contacts.yml, yet an overview: it belongs in the navigation.
    yield renderer.page(
        "contacts.html",
        CONTACT_URI,
        "Kontakt",
        "Leitung und Ansprechpersonen von CONNECTED.ESSEN.",
        site.contacts[0].source if site.contacts else None,
        is_overview=True,
        site=site,
    )
