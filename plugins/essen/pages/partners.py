"""Partners: the overview grouped by type and one page per partner."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Partner, Site
from ..rules import PARTNER_TYPE_GROUP_LABELS
from .render import GeneratedPage, Renderer
from .urls import PARTNERS_DIR, page_src_uri, partner_uri


def pages(site: Site, renderer: Renderer) -> Iterator[GeneratedPage]:
    yield renderer.page(
        "partners.html",
        page_src_uri(PARTNERS_DIR),
        "Partner",
        "Verwaltung, kommunale Unternehmen, Wirtschaft, Start-ups, Forschung und Zivilgesellschaft.",
        site=site,
        partners_by_type=partners_by_type(site),
    )
    for item in site.partners:
        yield renderer.page(
            "partner.html",
            partner_uri(item),
            item.name,
            item.short_name or item.name,
            item.source,
            partner=item,
            initiatives=site.initiatives_by_partner[item.id],
            contacts=site.contacts_by_partner[item.id],
        )


def partners_by_type(site: Site) -> list[tuple[str, str, tuple[Partner, ...]]]:
    """(type, German label, partners) for each type that has partners, in contract order."""
    groups = []
    for partner_type, label in PARTNER_TYPE_GROUP_LABELS.items():
        members = tuple(p for p in site.partners if p.type == partner_type)
        if members:
            groups.append((partner_type, label, members))
    return groups
