"""Initiatives, partners, news and events as plain JSON values: the JSON files, and the source of
CSV and GeoJSON."""

from __future__ import annotations

import datetime as dt
import json

from ..model import Event, Initiative, NewsItem, Partner, Site
from ..pages.urls import event_ics_path, event_uri, initiative_uri, news_uri, partner_uri
from ..places import initiative_bezirke
from .catalogue import EVENT_COLUMNS, INITIATIVE_COLUMNS, NEWS_COLUMNS, PARTNER_COLUMNS
from .publication import Publication

Record = dict[str, object]


def json_bytes(value: object) -> bytes:
    """JSON as every file of the site writes it: UTF-8 text, indented, a final newline."""
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def initiative_record(initiative: Initiative, publication: Publication) -> Record:
    """One initiative as plain JSON values, keys in the order of INITIATIVE_COLUMNS."""
    location = initiative.location
    image = initiative.image
    bezirke = initiative_bezirke(initiative)
    record: Record = {
        "id": initiative.id,
        "url": publication.page_url(initiative_uri(initiative)),
        "title": initiative.title,
        "summary": initiative.summary,
        "description": initiative.description,
        "status": initiative.status,
        "status_label": initiative.status_label,
        "fields": [f.id for f in initiative.fields],
        "field_names": [f.name for f in initiative.fields],
        "lead": initiative.lead.id if initiative.lead else None,
        "partners": [p.id for p in initiative.partners],
        "contacts": [c.id for c in initiative.contacts],
        "districts": list(initiative.districts),
        "start": str(initiative.start) if initiative.start else None,
        "end": str(initiative.end) if initiative.end else None,
        "tags": list(initiative.tags),
        "links": [{"title": link.title, "url": link.url} for link in initiative.links],
        "lat": location.lat if location else None,
        "lon": location.lon if location else None,
        "featured": initiative.featured,
        "updated": initiative.updated.isoformat() if initiative.updated else None,
        "image_url": publication.image_url(image.file) if image else None,
        "image_alt": image.alt or None if image else None,
        "image_credit": image.credit if image else None,
        "bezirke": [bezirk.name for bezirk in bezirke],
        "bezirk_numbers": [bezirk.number for bezirk in bezirke],
    }
    assert list(record) == [column.name for column in INITIATIVE_COLUMNS]
    return record


def partner_record(site: Site, partner: Partner, publication: Publication) -> Record:
    record: Record = {
        "id": partner.id,
        "name": partner.name,
        "short_name": partner.short_name,
        "type": partner.type,
        "type_label": partner.type_label,
        "website": partner.website,
        "description": partner.description,
        "url": publication.page_url(partner_uri(partner)),
        "initiatives": [i.id for i in site.initiatives_by_partner[partner.id]],
    }
    assert list(record) == [column.name for column in PARTNER_COLUMNS]
    return record


def news_record(item: NewsItem, publication: Publication) -> Record:
    """One news item as plain JSON values, keys in the order of NEWS_COLUMNS."""
    image = item.image
    record: Record = {
        "slug": item.slug,
        "url": publication.page_url(news_uri(item)),
        "title": item.title,
        "date": item.date.isoformat(),
        "updated": item.updated.isoformat() if item.updated else None,
        "summary": item.summary,
        "body": item.body,
        "initiatives": [i.id for i in item.initiatives],
        "fields": [f.id for f in item.fields],
        "image_url": publication.image_url(image.file) if image else None,
        "image_alt": image.alt or None if image else None,
        "image_credit": image.credit if image else None,
    }
    assert list(record) == [column.name for column in NEWS_COLUMNS]
    return record


def local_moment(value: dt.date | None) -> str | None:
    """`2026-12-08T18:00` (local time in Essen, as editors write it) or `2026-12-08`."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    return value.isoformat()


def event_record(event: Event, publication: Publication) -> Record:
    """One event as plain JSON values, keys in the order of EVENT_COLUMNS."""
    record: Record = {
        "id": event.id,
        "url": publication.page_url(event_uri(event)),
        "ics_url": publication.url(event_ics_path(event)),
        "title": event.title,
        "start": local_moment(event.start),
        "end": local_moment(event.end),
        "all_day": event.all_day,
        "time_zone": "Europe/Berlin",
        "summary": event.summary,
        "place": event.place,
        "address": event.address,
        "online": event.online,
        "online_url": event.url,
        "registration": event.registration,
        "cancelled": event.cancelled,
        "initiatives": [i.id for i in event.initiatives],
        "fields": [f.id for f in event.fields],
        "description": event.description,
    }
    assert list(record) == [column.name for column in EVENT_COLUMNS]
    return record
