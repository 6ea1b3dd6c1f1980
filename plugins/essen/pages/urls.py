"""The URL scheme of the generated pages: where each page lives and how pages link to each other."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import singledispatch

from ..model import Contact, Event, Field, Initiative, NewsItem, Partner
from ..places.gazetteer import Bezirk, Stadtteil, gazetteer

FIELDS_DIR = "handlungsfelder"
INITIATIVES_DIR = "initiativen"
PARTNERS_DIR = "partner"
CONTACT_DIR = "kontakt"
PLACES_DIR = "stadtteile"
MAP_DIR = "karte"
# The overview's section of the city-wide initiatives (districts: Gesamtstadt).
CITYWIDE_ANCHOR = "gesamtstadt"
NEWS_DIR = "aktuelles"
EVENTS_DIR = "termine"
# The news feed and the calendar of all events lie in the folders of their pages.
NEWS_FEED = f"{NEWS_DIR}/feed.xml"
EVENTS_CALENDAR = f"{EVENTS_DIR}/kalender.ics"
# Further pages of the news list: /aktuelles/seite/2/ … (a news item's slug is one segment, so
# these never collide with /aktuelles/<slug>/, not even for a slug »seite«).
NEWS_PAGE_DIR = f"{NEWS_DIR}/seite"


def page_src_uri(*parts: str) -> str:
    """Every generated page is `<dir>/index.md`, so its URL is `<dir>/`."""
    return posixpath.join(*parts, "index.md")


CONTACT_URI = page_src_uri(CONTACT_DIR)
HOME_URI = "index.md"


@dataclass(frozen=True)
class UrlScheme:
    """Relative links between generated pages, for either MkDocs URL style."""

    directory_urls: bool = True

    def url(self, src_uri: str) -> str:
        """Site-relative URL of a page given its source path (MkDocs' rules)."""
        directory = posixpath.dirname(src_uri)
        if not self.directory_urls:
            return src_uri[: -len(".md")] + ".html"
        return f"{directory}/" if directory else ""

    def relative(self, from_src_uri: str, to_src_uri: str) -> str:
        # Plain segment arithmetic: posixpath.relpath resolves against the working directory
        # and showed up in profiles of large sites.
        start = posixpath.dirname(from_src_uri).split("/") if "/" in from_src_uri else []
        target_dir = posixpath.dirname(to_src_uri).split("/") if "/" in to_src_uri else []
        common = 0
        while common < min(len(start), len(target_dir)) and start[common] == target_dir[common]:
            common += 1
        parts = [".."] * (len(start) - common) + target_dir[common:]
        if self.directory_urls:
            return "/".join(parts) + "/" if parts else "./"
        return "/".join([*parts, posixpath.basename(self.url(to_src_uri))])


def field_uri(item: Field) -> str:
    return page_src_uri(FIELDS_DIR, item.id)


def initiative_uri(item: Initiative) -> str:
    return page_src_uri(INITIATIVES_DIR, item.id)


def partner_uri(item: Partner) -> str:
    return page_src_uri(PARTNERS_DIR, item.id)


def bezirk_uri(item: Bezirk) -> str:
    return page_src_uri(PLACES_DIR, item.slug)


def stadtteil_uri(item: Stadtteil) -> str:
    """A Stadtteil is a section of its Bezirk's page (anchor: its slug)."""
    return bezirk_uri(gazetteer().bezirk(item.bezirk_number))


def news_uri(item: NewsItem) -> str:
    return page_src_uri(NEWS_DIR, item.slug)


def event_uri(item: Event) -> str:
    return page_src_uri(EVENTS_DIR, item.id)


def news_list_uri(number: int) -> str:
    """The n-th page of the news list (1 is /aktuelles/)."""
    return page_src_uri(NEWS_DIR) if number == 1 else page_src_uri(NEWS_PAGE_DIR, str(number))


def event_ics_path(item: Event) -> str:
    """The event's calendar file, next to its page: /termine/<id>.ics."""
    return f"{EVENTS_DIR}/{item.id}.ics"


# Templates link to records and to folders by name (`url(initiative)`, `url("daten")`): one
# function per target type, so a new kind of page registers its own instead of growing a chain.
@singledispatch
def target_uri(target: object) -> str:
    """Source path of the page a template links to."""
    raise TypeError(f"no page for {target!r}")


target_uri.register(Field, field_uri)
target_uri.register(Initiative, initiative_uri)
target_uri.register(Partner, partner_uri)
target_uri.register(Bezirk, bezirk_uri)
target_uri.register(Stadtteil, stadtteil_uri)
target_uri.register(NewsItem, news_uri)
target_uri.register(Event, event_uri)


@target_uri.register
def _contact_uri(target: Contact) -> str:
    # All contacts share one page.
    return CONTACT_URI


@target_uri.register
def _folder_uri(target: str) -> str:
    # The empty name is the home page.
    return page_src_uri(target) if target else HOME_URI


def tel_href(phone: str) -> str:
    """`+49 201 8888109` → `tel:+492018888109` (RFC 3966 global number; Germany assumed for 0…)."""
    # "+49 (0)201 …": the bracketed trunk zero is not dialled from abroad.
    digits = re.sub(r"[^0-9+]", "", phone.replace("(0)", ""))
    if digits.startswith("+"):
        return f"tel:{digits}"
    if digits.startswith("00"):
        return f"tel:+{digits[2:]}"
    if digits.startswith("0"):
        return f"tel:+49{digits[1:]}"
    return f"tel:{digits};phone-context=+49"
