"""iCalendar (RFC 5545): one file per event and the calendar of all events.

Written with the `icalendar` library, so escaping and line folding are its business. Times
are local time in Essen: DTSTART/DTEND carry TZID=Europe/Berlin and the calendar carries one
VTIMEZONE, written as the two yearly rules the EU has used since 1996 (what calendar
programs themselves write), so the component is small and the same in every build. All-day
events are VALUE=DATE with the exclusive end (the day after the last day), as RFC 5545 wants.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar

from ..model import Event
from ..pages.urls import event_uri
from ..richtext import RichText, plain_text
from .publication import Publication

TZID = "Europe/Berlin"
BERLIN = ZoneInfo(TZID)
PRODID = "-//CONNECTED.ESSEN//Termine//DE"
CALENDAR_NAME = "CONNECTED.ESSEN – Termine"
CANCELLED_PREFIX = "Abgesagt: "


def event_uid(event: Event, publication: Publication) -> str:
    """`<id>@<host of the site>`: the same in every build, so calendars update the event."""
    host = urlsplit(publication.base_url).hostname or "localhost"
    return f"{event.id}@{host}"


def local_time(value: dt.datetime) -> dt.datetime:
    """A naive local time of the data as a time in Essen (with its offset)."""
    return value.replace(tzinfo=BERLIN)


def _berlin_timezone() -> icalendar.Timezone:
    timezone = icalendar.Timezone()
    timezone.add("tzid", TZID)
    timezone.add("x-lic-location", TZID)
    for kind, start, rule, before, after, name in (
        # Summer time: last Sunday of March at 02:00 CET; winter time: last Sunday of October
        # at 03:00 CEST (the local time before each change, as RFC 5545 counts DTSTART).
        (icalendar.TimezoneDaylight, dt.datetime(1981, 3, 29, 2), 3, 1, 2, "CEST"),
        (icalendar.TimezoneStandard, dt.datetime(1996, 10, 27, 3), 10, 2, 1, "CET"),
    ):
        part = kind()
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": rule, "byday": "-1su"})
        part.add("tzoffsetfrom", dt.timedelta(hours=before))
        part.add("tzoffsetto", dt.timedelta(hours=after))
        part.add("tzname", name)
        timezone.add_component(part)
    return timezone


def _calendar() -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    calendar.add("x-wr-timezone", TZID)
    return calendar


def location_text(event: Event) -> str | None:
    """Place and address on one line; an online-only event's address is its link."""
    parts = [part for part in (event.place, event.address) if part]
    if not parts and event.online and event.url:
        parts = [event.url]
    return ", ".join(parts) or None


@cache
def _rich_text() -> RichText:
    return RichText()


def description_text(event: Event, page_url: str) -> str:
    """Plain text: summary, the description as its page shows it, the links.

    The description is the text of the page's sanitised HTML, not its Markdown source: a
    calendar program shows DESCRIPTION as text (no »**«), and some render HTML in it, so the raw
    HTML that the page drops must not reach them either.
    """
    parts = [event.summary]
    description = plain_text(_rich_text()(event.description))
    if description:
        parts.append(description)
    if event.online and event.url:
        parts.append(f"Online: {event.url}")
    if event.registration:
        parts.append(f"Anmeldung: {event.registration}")
    parts.append(f"Mehr: {page_url}")
    return "\n\n".join(parts)


def _vevent(event: Event, publication: Publication) -> icalendar.Event:
    page_url = publication.page_url(event_uri(event))
    component = icalendar.Event()
    component.add("uid", event_uid(event, publication))
    # When this description of the event was made: the build's day (at midnight UTC), so the
    # files are the same for every build of one day and a daily rebuild refreshes them.
    stamp = dt.datetime.combine(publication.today, dt.time(), tzinfo=dt.UTC)
    component.add("dtstamp", stamp)
    title = event.title
    component.add("summary", CANCELLED_PREFIX + title if event.cancelled else title)
    if event.all_day:
        component.add("dtstart", event.first_day)
        # The end of an all-day event is exclusive: the day after its last day.
        component.add("dtend", event.last_day + dt.timedelta(days=1))
    else:
        assert isinstance(event.start, dt.datetime)
        component.add("dtstart", local_time(event.start))
        # The contract gives start and end the same form: a timed event's end has a time too.
        if isinstance(event.end, dt.datetime):
            component.add("dtend", local_time(event.end))
    component.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    component.add("url", page_url)
    location = location_text(event)
    if location:
        component.add("location", location)
    component.add("description", description_text(event, page_url))
    return component


def calendar_bytes(events: Iterable[Event], publication: Publication) -> bytes:
    """An iCalendar file of the events, with the VTIMEZONE their times refer to."""
    events = list(events)
    calendar = _calendar()
    if any(not event.all_day for event in events):
        calendar.add_component(_berlin_timezone())
    for event in events:
        calendar.add_component(_vevent(event, publication))
    return calendar.to_ical()
