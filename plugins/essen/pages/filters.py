"""Jinja filters of the page templates that are plain functions of a value."""

from __future__ import annotations

import datetime as dt

from ..model import Event

GERMAN_MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip


def german_date(value: object) -> str:
    """`2024-03-05` → `5. März 2024`; a partial date (month and year, no day) → `März 2024`."""
    if isinstance(value, dt.date):
        return f"{value.day}. {GERMAN_MONTHS[value.month - 1]} {value.year}"
    day = getattr(value, "day", None)
    month = getattr(value, "month", None)
    year = getattr(value, "year", None)
    if month and year:
        month_name = GERMAN_MONTHS[month - 1]
        return f"{day}. {month_name} {year}" if day else f"{month_name} {year}"
    return str(value)


GERMAN_WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


def _clock(value: dt.datetime) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def _day(value: dt.date) -> str:
    return f"{GERMAN_WEEKDAYS[value.weekday()]}, {german_date(value)}"


def event_when(event: Event) -> str:
    """When an event takes place, in German: weekday, date, time with »Uhr«.

    `Dienstag, 8. Dezember 2026, 18:00–20:00 Uhr`; an all-day event `Dienstag, 8. Dezember
    2026`, over several days `Mittwoch, 1. Juli 2026 bis Freitag, 3. Juli 2026`; a timed event
    over several days names both days with their times. Start and end have the same form (the
    contract refuses a day and a time together).
    """
    start, end = event.start, event.end
    if not isinstance(start, dt.datetime):
        if end is None or end == start:
            return _day(start)
        return f"{_day(start)} bis {_day(end)}"
    first = f"{_day(start.date())}, {_clock(start)}"
    if not isinstance(end, dt.datetime):
        return f"{first} Uhr"
    if end.date() == start.date():
        return f"{first}–{_clock(end)} Uhr"
    return f"{first} Uhr bis {_day(end.date())}, {_clock(end)} Uhr"


def iso_moment(value: dt.date) -> str:
    """The value of a `<time datetime>`: `2026-12-08` or `2026-12-08T18:00` (local time)."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    return value.isoformat()


def german_month(value: dt.date) -> str:
    """`2026-12-08` → `Dezember` (the sheet of an event in lists, the year on a line of its own:
    »Dezember 2026« is wider than the sheet and wrapped while »Mai 2027« did not)."""
    return GERMAN_MONTHS[value.month - 1]
