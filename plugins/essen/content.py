"""Page content as pure functions of the model (moving into `pages/`, see issue 11)."""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup

from .model import Partner, Site
from .pages.chart import ChartBar, status_chart
from .pages.filters import GERMAN_MONTHS, german_date
from .pages.jsonld import ESSEN_PLACE, json_ld, organization_json_ld, project_json_ld
from .pages.render import GENERATED_SOURCE, GeneratedPage, Renderer, theme_icons_dir
from .pages.urls import (
    CONTACT_DIR,
    CONTACT_URI,
    FIELDS_DIR,
    HOME_URI,
    INITIATIVES_DIR,
    PARTNERS_DIR,
    UrlScheme,
    field_uri,
    initiative_uri,
    page_src_uri,
    partner_uri,
    tel_href,
)
from .rules import PARTNER_TYPE_LABELS, STATUS_LABELS

__all__ = [
    "CONTACT_DIR", "CONTACT_URI", "ESSEN_PLACE", "FIELDS_DIR", "GENERATED_SOURCE",
    "GERMAN_MONTHS", "HOME_URI", "INITIATIVES_DIR", "PARTNERS_DIR", "ChartBar",
    "GeneratedPage", "Renderer", "UrlScheme", "field_uri", "german_date", "home_fragments",
    "initiative_uri", "json_ld", "organization_json_ld", "page_src_uri", "partner_uri",
    "partners_by_type", "project_json_ld", "site_pages", "status_chart", "tel_href",
    "theme_icons_dir",
]  # fmt: skip


def site_pages(site: Site, renderer: Renderer) -> Iterator[GeneratedPage]:
    """Every generated page of the site, in a stable order.

    A record's page gets only that record and its related lists, never the whole site, so
    its content is a function of a hashable context and can be reused (see Renderer.page).
    """
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
    yield renderer.page(
        "initiatives.html",
        page_src_uri(INITIATIVES_DIR),
        "Initiativen",
        "Alle Initiativen, Ideen und Maßnahmen von CONNECTED.ESSEN.",
        site=site,
    )
    for item in site.initiatives:
        yield renderer.page(
            "initiative.html",
            initiative_uri(item),
            item.title,
            item.summary,
            item.source,
            initiative=item,
        )
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
    yield renderer.page(
        "contacts.html",
        CONTACT_URI,
        "Kontakt",
        "Leitung und Ansprechpersonen von CONNECTED.ESSEN.",
        site.contacts[0].source if site.contacts else None,
        is_overview=True,
        site=site,
    )


def partners_by_type(site: Site) -> list[tuple[str, str, tuple[Partner, ...]]]:
    """(type, German label, partners) for each type that has partners, in contract order."""
    groups = []
    for partner_type, label in PARTNER_TYPE_LABELS.items():
        members = tuple(p for p in site.partners if p.type == partner_type)
        if members:
            groups.append((partner_type, label, members))
    return groups


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
