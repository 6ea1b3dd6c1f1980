"""schema.org structured data (JSON-LD) for initiative, news and event pages and the contact page."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from markupsafe import Markup

from ..model import Event, Initiative, NewsItem, Site


def json_ld(data: object) -> Markup:
    """JSON for a `<script type="application/ld+json">`: data can never close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _without_empty(data: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in data.items() if value not in (None, "", [], ())}


ESSEN_PLACE: dict[str, str] = {"@type": "City", "name": "Essen"}


def project_json_ld(initiative: Initiative, url: str | None) -> dict[str, object]:
    location = initiative.location
    return _without_empty(
        {
            "@context": "https://schema.org",
            "@type": "Project",
            "@id": url,
            "url": url,
            "name": initiative.title,
            "description": initiative.summary,
            "keywords": ", ".join(initiative.tags),
            "member": [
                {"@type": "Organization", "name": partner.name, "url": partner.website}
                if partner.website
                else {"@type": "Organization", "name": partner.name}
                for partner in initiative.organizations
            ],
            "areaServed": [
                # containedInPlace ranges over Place: the city as a node, not as text.
                {"@type": "Place", "name": district, "containedInPlace": ESSEN_PLACE}
                for district in initiative.districts
            ],
            "location": {
                "@type": "Place",
                "geo": {
                    "@type": "GeoCoordinates",
                    "latitude": location.lat,
                    "longitude": location.lon,
                },
            }
            if location
            else None,
            "foundingDate": str(initiative.start) if initiative.start else None,
            "dissolutionDate": str(initiative.end) if initiative.end else None,
        }
    )


def organization_json_ld(site: Site, name: str, url: str | None) -> dict[str, object]:
    return _without_empty(
        {
            "@context": "https://schema.org",
            "@type": "GovernmentOrganization",
            "name": name,
            "url": url,
            "areaServed": ESSEN_PLACE,
            "employee": [
                {
                    "@type": "Person",
                    "name": contact.name,
                    "jobTitle": contact.role,
                    "worksFor": {"@type": "Organization", "name": contact.organization.name},
                }
                for contact in site.leadership
            ],
            "contactPoint": [
                _without_empty(
                    {
                        "@type": "ContactPoint",
                        "name": contact.name,
                        "contactType": contact.role,
                        "telephone": contact.phone,
                        "email": contact.email,
                        "availableLanguage": "de",
                    }
                )
                for contact in site.contacts
                if contact.phone or contact.email
            ],
        }
    )


SCHEMA = "https://schema.org/"
# Event times in the data are local time in Essen; schema.org wants them with their offset.
ESSEN_TIME = ZoneInfo("Europe/Berlin")


def schema_moment(value: dt.date) -> str:
    """`2026-12-08T18:00:00+01:00` for a time (offset of that day in Essen), `2026-07-01` for a day."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=ESSEN_TIME).isoformat()
    return value.isoformat()


def news_article_json_ld(
    item: NewsItem, url: str | None, publisher: str, about_urls: list[str | None]
) -> dict[str, object]:
    return _without_empty(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "@id": url,
            "url": url,
            "mainEntityOfPage": url,
            "headline": item.title,
            "description": item.summary,
            "datePublished": item.date.isoformat(),
            "dateModified": (item.updated or item.date).isoformat(),
            "inLanguage": "de",
            "author": {"@type": "Organization", "name": publisher},
            "publisher": {"@type": "Organization", "name": publisher},
            "about": [
                _without_empty({"@type": "Project", "name": initiative.title, "url": about})
                for initiative, about in zip(item.initiatives, about_urls, strict=True)
            ],
        }
    )


def event_json_ld(event: Event, url: str | None, organizer: str) -> dict[str, object]:
    place: dict[str, object] | None = None
    if event.place or event.address:
        place = _without_empty(
            {"@type": "Place", "name": event.place or event.address, "address": event.address}
        )
    virtual = {"@type": "VirtualLocation", "url": event.url} if event.online and event.url else None
    if place and virtual:
        mode, location = "MixedEventAttendanceMode", [place, virtual]
    elif virtual:
        mode, location = "OnlineEventAttendanceMode", virtual
    else:
        # Without a place: somewhere in Essen, which is all the data says.
        mode, location = "OfflineEventAttendanceMode", place or ESSEN_PLACE
    return _without_empty(
        {
            "@context": "https://schema.org",
            "@type": "Event",
            "@id": url,
            "url": url,
            "name": event.title,
            "description": event.summary,
            "startDate": schema_moment(event.start),
            "endDate": schema_moment(event.end) if event.end is not None else None,
            "eventStatus": SCHEMA + ("EventCancelled" if event.cancelled else "EventScheduled"),
            "eventAttendanceMode": SCHEMA + mode,
            "location": location,
            "organizer": {"@type": "Organization", "name": organizer},
            "offers": {"@type": "Offer", "url": event.registration} if event.registration else None,
            "inLanguage": "de",
        }
    )
