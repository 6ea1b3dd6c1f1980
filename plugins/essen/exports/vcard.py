"""One vCard 4.0 (RFC 6350) per contact, next to the contact page."""

from __future__ import annotations

from ..model import Contact
from ..pages.urls import CONTACT_URI, tel_href
from .catalogue import VCARD_DIR
from .contentline import content_lines, escape_text
from .publication import Publication

# The data do not say whether a contact is a person (rules.py has no such key yet), so the kind
# is read from the name. German names of teams and offices start with the noun that says so,
# alone or at the end of a compound: "Projektteam Smart Parking", "Smart-City-Team",
# "Bürgerbüro Überruhr", "Geschäftsstelle CONNECTED.ESSEN". A person's name does not start
# like that; "Teamleiterin Meier" stays a person, because only the end of the first word counts.
VCARD_GROUP_NOUNS = ("team", "gruppe", "arbeitskreis", "netzwerk")
VCARD_ORG_NOUNS = (
    "büro", "stelle", "amt", "sekretariat", "redaktion", "zentrale", "hotline", "service",
    "verwaltung", "abteilung", "referat",
)  # fmt: skip


def vcard_kind(contact: Contact) -> str:
    """RFC 6350 KIND: `group` for a team, `org` for an office, else `individual`."""
    words = contact.name.split(maxsplit=1)
    first = words[0].casefold().rstrip(",;:.") if words else ""
    if first.endswith(VCARD_GROUP_NOUNS):
        return "group"
    if first.endswith(VCARD_ORG_NOUNS):
        return "org"
    return "individual"


def vcard(contact: Contact, publication: Publication) -> bytes:
    """vCard 4.0 (RFC 6350), UTF-8, CRLF line ends, folded lines."""
    kind = vcard_kind(contact)
    organization = escape_text(contact.organization.name)
    properties = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"KIND:{kind}",
        f"FN:{escape_text(contact.name)}",
        # ORG is organisation name, then units: a team or office is a unit of its organisation.
        f"ORG:{organization}"
        if kind == "individual"
        else f"ORG:{organization};{escape_text(contact.name)}",
        f"TITLE:{escape_text(contact.role)}",
    ]
    if contact.phone:
        # The contact page's tel: link and the card's number are one conversion.
        properties.append(f"TEL;VALUE=uri;TYPE=work,voice:{tel_href(contact.phone)}")
    if contact.email:
        properties.append(f"EMAIL;TYPE=work:{escape_text(contact.email)}")
    properties.append(f"URL:{publication.page_url(CONTACT_URI)}#{contact.id}")
    properties.append("END:VCARD")
    return content_lines(properties)


def vcard_path(contact: Contact) -> str:
    return f"{VCARD_DIR}/{contact.id}.vcf"
