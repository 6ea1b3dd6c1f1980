"""The Atom feeds (RFC 4287): all initiatives, newest first, and the news (/aktuelles/feed.xml)."""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

from ..model import Initiative, Site
from ..pages.urls import (
    FIELDS_DIR,
    INITIATIVES_DIR,
    NEWS_DIR,
    NEWS_FEED,
    initiative_uri,
    news_uri,
    page_src_uri,
)
from ..richtext import RichText
from .catalogue import FEED_XML, NEWS_FEED_ENTRIES
from .publication import Publication

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"

# XML 1.0 cannot carry most control characters, which YAML escapes can produce.
_NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML_CHAR.sub("\ufffd", text)


def _atom_time(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def feed_date(initiative: Initiative) -> dt.date | None:
    """The date an initiative is listed by in the feed: `updated`, else the first day of `start`."""
    if initiative.updated is not None:
        return initiative.updated
    return initiative.start.first_day if initiative.start is not None else None


def feed_order(site: Site) -> list[Initiative]:
    """Newest `updated` (else `start`) first; undated initiatives last; ties in site order."""
    position = {initiative.id: index for index, initiative in enumerate(site.initiatives)}

    def key(initiative: Initiative) -> tuple[int, int, int]:
        day = feed_date(initiative)
        if day is None:
            return (1, 0, position[initiative.id])
        return (0, -day.toordinal(), position[initiative.id])

    return sorted(site.initiatives, key=key)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _xml_text(text)
    return element


def _feed_head(
    publication: Publication,
    feed_url: str,
    title: str,
    subtitle: str,
    updated: dt.date,
    page_dir: str,
) -> ET.Element:
    """A feed's own elements: id, titles, date, its links (itself, the page it follows), author,
    rights. Unprefixed names plus a literal xmlns: ElementTree's default_namespace option refuses
    unqualified attributes, and register_namespace is global."""
    feed = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: "de"})
    _sub(feed, "id", feed_url)
    _sub(feed, "title", title, type="text")
    _sub(feed, "subtitle", subtitle, type="text")
    _sub(feed, "updated", _atom_time(updated))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=feed_url)
    alternate = publication.page_url(page_src_uri(page_dir))
    _sub(feed, "link", rel="alternate", type="text/html", href=alternate)
    author = _sub(feed, "author")
    _sub(author, "name", publication.publisher_name)
    _sub(author, "uri", publication.base_url)
    _sub(feed, "rights", f"{publication.licence_name} ({publication.licence_url})", type="text")
    return feed


def feed_xml(site: Site, publication: Publication) -> bytes:
    """Atom (RFC 4287) feed of all initiatives; built as a tree, so escaping is by construction."""
    today = publication.today
    ordered = feed_order(site)
    # A `start` in the future must not claim a future modification.
    shown = {i.id: min(day, today) for i in ordered if (day := feed_date(i)) is not None}
    # Atom requires a date on every entry; undated ones get the oldest date of the
    # feed, so a reader sorting by date puts them behind every dated entry.
    undated = min(shown.values(), default=today)
    feed_url = publication.url(FEED_XML)

    feed = _feed_head(
        publication,
        feed_url,
        "CONNECTED.ESSEN – Initiativen",
        "Initiativen, Ideen und Maßnahmen der Smart-City-Initiative der Stadt Essen",
        max(shown.values(), default=today),
        INITIATIVES_DIR,
    )
    scheme = publication.page_url(page_src_uri(FIELDS_DIR))
    for initiative in ordered:
        url = publication.page_url(initiative_uri(initiative))
        entry = _sub(feed, "entry")
        _sub(entry, "id", url)
        _sub(entry, "title", initiative.title, type="text")
        _sub(entry, "updated", _atom_time(shown.get(initiative.id, undated)))
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        _sub(entry, "summary", initiative.summary, type="text")
        for field in initiative.fields:
            _sub(entry, "category", term=field.id, label=field.name, scheme=scheme)
    return _feed_bytes(feed)


def _feed_bytes(feed: ET.Element) -> bytes:
    ET.indent(feed)
    buffer = io.BytesIO()
    ET.ElementTree(feed).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue() + b"\n"


def news_feed_xml(site: Site, publication: Publication) -> bytes:
    """The newest NEWS_FEED_ENTRIES news items as an Atom feed, newest first (`site.news` order).

    An entry's `updated` is the item's `updated`, else its date; `published` its date. Each
    entry carries its summary as text, links to its page and, when the item has a body, the
    body as its page shows it (`content type="html"`, sanitised by the same RichText, so a feed
    reader shows the whole item): HTML as the text of an element, escaped by ElementTree, with
    `xml:base` the item's page, so relative links in the body resolve as they do there.
    """
    rich_text = RichText()
    feed_url = publication.url(NEWS_FEED)
    shown = site.news[:NEWS_FEED_ENTRIES]
    changed = [item.updated or item.date for item in shown]
    feed = _feed_head(
        publication,
        feed_url,
        "CONNECTED.ESSEN – Aktuelles",
        "Neuigkeiten der Smart-City-Initiative der Stadt Essen",
        max(changed, default=publication.today),
        NEWS_DIR,
    )
    scheme = publication.page_url(page_src_uri(FIELDS_DIR))
    for item in shown:
        url = publication.page_url(news_uri(item))
        entry = _sub(feed, "entry")
        _sub(entry, "id", url)
        _sub(entry, "title", item.title, type="text")
        _sub(entry, "published", _atom_time(item.date))
        _sub(entry, "updated", _atom_time(item.updated or item.date))
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        _sub(entry, "summary", item.summary, type="text")
        if item.body:
            _sub(entry, "content", str(rich_text(item.body)), type="html", **{XML_BASE: url})
        for field in item.fields:
            _sub(entry, "category", term=field.id, label=field.name, scheme=scheme)
    return _feed_bytes(feed)
