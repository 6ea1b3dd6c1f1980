"""Events (»Termine«): upcoming first, then past ones, and one page per event.

»Upcoming« is decided on the build's day (`Renderer.today`): an event is upcoming until its
last day is over. Between builds, assets/javascripts/events.js moves the events that ended
before the visitor's day; the scheduled daily build (deploy/) brings the files up to date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from ..model import Event, Site
from .render import GeneratedPage, Renderer
from .urls import EVENTS_CALENDAR, EVENTS_DIR, event_ics_path, event_uri, page_src_uri


def split(events: Iterable[Event], today: dt.date) -> tuple[tuple[Event, ...], tuple[Event, ...]]:
    """(upcoming by start, past with the most recent start first) on `today`."""
    events = list(events)
    upcoming = sorted((e for e in events if e.last_day >= today), key=_by_start)
    past = sorted((e for e in events if e.last_day < today), key=_by_start, reverse=True)
    return tuple(upcoming), tuple(past)


def _by_start(event: Event) -> tuple[dt.datetime, str]:
    return (event.sort_start, event.id)


def upcoming(events: Iterable[Event], today: dt.date, count: int) -> tuple[Event, ...]:
    return split(events, today)[0][:count]


def pages(site: Site, renderer: Renderer) -> Iterator[GeneratedPage]:
    coming, past = split(site.events, renderer.today)
    yield renderer.page(
        "events.html",
        page_src_uri(EVENTS_DIR),
        "Termine",
        "Veranstaltungen, Workshops und Beteiligungen der Initiativen von CONNECTED.ESSEN.",
        upcoming=coming,
        past=past,
        calendar=EVENTS_CALENDAR,
    )
    for event in site.events:
        yield renderer.page(
            "event.html",
            event_uri(event),
            f"Abgesagt: {event.title}" if event.cancelled else event.title,
            event.summary,
            event.source,
            event=event,
            ics=event_ics_path(event),
            # Said on the page from the build's day on; the daily build keeps it current.
            over=event.last_day < renderer.today,
        )
