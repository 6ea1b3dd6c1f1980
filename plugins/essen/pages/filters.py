"""Jinja filters of the page templates that are plain functions of a value."""

from __future__ import annotations

import datetime as dt

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
