"""schema.org structured data (JSON-LD) for initiative pages and the contact page."""

from __future__ import annotations

import json

from markupsafe import Markup

from ..model import Initiative, Site


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
