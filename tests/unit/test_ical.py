"""The events' calendar files (exports/ical.py), read back with the `icalendar` library."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

import icalendar

from plugins.essen.exports.ical import calendar_bytes, event_uid
from plugins.essen.exports.publication import Publication
from plugins.essen.model import Event
from plugins.essen.pages.filters import event_when

BERLIN = ZoneInfo("Europe/Berlin")
HOSTILE = 'Werkstatt, Teil 1; mit \\ Backslash\nund "Zeilenumbruch" {{ 7*7 }} <b>fett</b>'


def publication(today: dt.date = dt.date(2026, 12, 1)) -> Publication:
    return Publication(
        "https://termine.example/", "Lizenz", "https://lizenz.example/", "Stadt Essen", "x", today
    )


def event(event_id: str = "werkstatt", **changes: object) -> Event:
    base = Event(
        id=event_id,
        title="Werkstatt",
        start=dt.datetime(2026, 12, 8, 18, 0),
        end=dt.datetime(2026, 12, 8, 20, 30),
        summary="Kurz",
        place="Haus der Technik",
        address="Hollestraße 1, 45127 Essen",
        online=False,
        url=None,
        registration=None,
        initiatives=(),
        fields=(),
        description=None,
        cancelled=False,
        source=f"data/events/{event_id}.yml",
        line=1,
    )
    return replace(base, **changes)


def read(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def vevents(data: bytes) -> list[icalendar.Event]:
    return list(read(data).walk("VEVENT"))


def test_a_timed_event_is_local_time_in_essen_with_its_time_zone() -> None:
    winter = event(start=dt.datetime(2026, 12, 8, 18, 0), end=dt.datetime(2026, 12, 8, 20, 30))
    summer = event("sommer", start=dt.datetime(2027, 7, 1, 10, 0), end=dt.datetime(2027, 7, 1, 12))
    data = calendar_bytes([winter, summer], publication())
    first, second = vevents(data)
    assert first["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert first["DTEND"].params["TZID"] == "Europe/Berlin"
    assert first.decoded("DTSTART") == dt.datetime(2026, 12, 8, 18, 0, tzinfo=BERLIN)
    assert first.decoded("DTEND") == dt.datetime(2026, 12, 8, 20, 30, tzinfo=BERLIN)
    assert first.decoded("DTSTART").utcoffset() == dt.timedelta(hours=1)
    assert second.decoded("DTSTART").utcoffset() == dt.timedelta(hours=2)
    assert b"DTSTART;TZID=Europe/Berlin:20261208T180000\r\n" in data


def test_the_vtimezone_gives_the_offsets_of_essen_in_winter_and_summer() -> None:
    data = calendar_bytes([event()], publication())
    (timezone,) = read(data).walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/Berlin"
    # The component alone (not the system's zone data) decides the offsets a reader computes.
    tz = timezone.to_tz()
    for moment in (
        dt.datetime(2026, 1, 15, 12),
        dt.datetime(2026, 3, 29, 1, 59),
        dt.datetime(2026, 3, 29, 3, 1),
        dt.datetime(2026, 7, 1, 12),
        dt.datetime(2026, 10, 25, 3, 1),
        dt.datetime(2030, 12, 24, 18),
    ):
        assert moment.replace(tzinfo=tz).utcoffset() == moment.replace(tzinfo=BERLIN).utcoffset()


def test_an_all_day_event_is_a_date_with_the_exclusive_end() -> None:
    one_day = event("tag", start=dt.date(2026, 9, 12), end=None)
    three_days = event("tage", start=dt.date(2027, 7, 1), end=dt.date(2027, 7, 3))
    data = calendar_bytes([one_day, three_days], publication())
    first, second = vevents(data)
    assert first["DTSTART"].params["VALUE"] == "DATE"
    assert first.decoded("DTSTART") == dt.date(2026, 9, 12)
    assert first.decoded("DTEND") == dt.date(2026, 9, 13)
    assert second.decoded("DTSTART") == dt.date(2027, 7, 1)
    assert second.decoded("DTEND") == dt.date(2027, 7, 4)
    # Only dates: no time zone is referred to, so none is written.
    assert read(data).walk("VTIMEZONE") == []


def test_uids_are_stable_across_builds_and_unique_per_event() -> None:
    events = [event("a"), event("b", start=dt.date(2027, 1, 1), end=None)]
    today = calendar_bytes(events, publication(dt.date(2026, 12, 1)))
    later = calendar_bytes(list(reversed(events)), publication(dt.date(2027, 3, 4)))
    uids_today = {str(e["UID"]) for e in vevents(today)}
    uids_later = {str(e["UID"]) for e in vevents(later)}
    assert uids_today == uids_later == {"a@termine.example", "b@termine.example"}
    assert event_uid(events[0], publication()) == "a@termine.example"
    # DTSTAMP is a UTC time (RFC 5545 3.8.7.2), the build's day.
    stamps = {e.decoded("DTSTAMP") for e in vevents(later)}
    assert stamps == {dt.datetime(2027, 3, 4, tzinfo=dt.UTC)}


def test_a_cancelled_event_says_so() -> None:
    data = calendar_bytes([event(cancelled=True), event("findet-statt")], publication())
    cancelled, confirmed = vevents(data)
    assert cancelled["STATUS"] == "CANCELLED"
    assert str(cancelled["SUMMARY"]) == "Abgesagt: Werkstatt"
    assert confirmed["STATUS"] == "CONFIRMED"
    assert str(confirmed["SUMMARY"]) == "Werkstatt"


def test_text_round_trips_and_lines_are_folded() -> None:
    hostile = event(
        title=HOSTILE,
        place=HOSTILE,
        address=None,
        description=HOSTILE,
        registration="https://anmeldung.example/?a=1&b=2",
    )
    data = calendar_bytes([hostile], publication())
    (read_back,) = vevents(data)
    assert str(read_back["SUMMARY"]) == HOSTILE
    assert str(read_back["LOCATION"]) == HOSTILE
    description = str(read_back["DESCRIPTION"])
    # The description as its page shows it: a soft line break is a space, the tag's text stays.
    assert 'Werkstatt, Teil 1; mit \\ Backslash und "Zeilenumbruch" {{ 7*7 }} fett' in description
    assert "Anmeldung: https://anmeldung.example/?a=1&b=2" in description
    assert "Mehr: https://termine.example/termine/werkstatt/" in description
    assert str(read_back["URL"]) == "https://termine.example/termine/werkstatt/"
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")
    assert b"\n" not in b"".join(lines)
    assert all(len(line) <= 75 for line in lines)


def test_an_online_event_without_place_has_its_link_as_location() -> None:
    online = event(place=None, address=None, online=True, url="https://treffen.example/raum")
    (read_back,) = vevents(calendar_bytes([online], publication()))
    assert str(read_back["LOCATION"]) == "https://treffen.example/raum"
    assert "Online: https://treffen.example/raum" in str(read_back["DESCRIPTION"])


def test_german_times_with_uhr() -> None:
    assert event_when(event()) == "Dienstag, 8. Dezember 2026, 18:00–20:30 Uhr"
    assert event_when(event(end=None)) == "Dienstag, 8. Dezember 2026, 18:00 Uhr"
    assert (
        event_when(event(end=dt.datetime(2026, 12, 9, 9, 5)))
        == "Dienstag, 8. Dezember 2026, 18:00 Uhr bis Mittwoch, 9. Dezember 2026, 09:05 Uhr"
    )
    assert event_when(event(start=dt.date(2027, 7, 1), end=None)) == "Donnerstag, 1. Juli 2027"
    assert (
        event_when(event(start=dt.date(2027, 7, 1), end=dt.date(2027, 7, 3)))
        == "Donnerstag, 1. Juli 2027 bis Samstag, 3. Juli 2027"
    )


def test_the_description_is_the_text_its_page_shows_without_markdown_or_raw_html() -> None:
    described = event(
        description=(
            "Bitte **anmelden** <img src=x onerror=alert(1)> beim [Team](https://a.example/)"
            " oder [so](javascript:alert(2)).\n\n- Vortrag\n- Werkstatt\n\n<script>alert(3)</script>"
        )
    )
    (read_back,) = vevents(calendar_bytes([described], publication()))
    description = str(read_back["DESCRIPTION"])
    assert description.split("\n\n")[:3] == [
        "Kurz",
        "Bitte anmelden beim Team (https://a.example/) oder so.",
        "- Vortrag\n- Werkstatt",
    ]
    assert [part for part in ("<", "**", "javascript", "alert") if part in description] == []
