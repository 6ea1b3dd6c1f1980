"""The hand-written home page's figures and HTML blocks, handed to mkdocs-macros."""

from __future__ import annotations

from markupsafe import Markup

from ..model import Site
from ..rules import STATUS_LABELS
from .render import Renderer
from .urls import HOME_URI


def home_fragments(site: Site, renderer: Renderer) -> dict[str, object]:
    """Figures and ready-made, escaped HTML blocks for the hand-written home page (macros)."""
    return {
        "initiative_count": len(site.initiatives),
        "field_count": len(site.fields),
        "partner_count": len(site.partners),
        "contact_count": len(site.contacts),
        "status_counts": {
            status: sum(1 for i in site.initiatives if i.status == status)
            for status in STATUS_LABELS
        },
        "fields_html": Markup(renderer.render("home-fields.html", HOME_URI, site=site)),
        "featured_html": Markup(renderer.render("home-featured.html", HOME_URI, site=site)),
    }
