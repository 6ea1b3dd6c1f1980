"""assets/javascripts/events.js in Chromium with a fixed clock: events that ended before the
visitor's day in Essen move from »Kommende« to »Vergangene Termine« and leave the home page's
next three, although the site was built earlier (the build's split is the fallback).

The events are those of tests/site/test_news_events_pages.py, dated from the day the tests run:
the sample data's events have fixed dates and would all be past one day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page

from plugins.essen.loading import load_site
from plugins.essen.model import Event, Site
from plugins.essen.pages.events import split

from ..conftest import assert_built, build, make_project, serve_directory, small_data, write_data
from ..site.test_news_events_pages import events_data

BERLIN = ZoneInfo("Europe/Berlin")

# The lists as the visitor sees them: titles of the visible rows of each list.
LISTS_JS = """
() => Object.fromEntries([...document.querySelectorAll("[data-ce-events]")].map((list) => [
  list.dataset.ceEvents,
  list.closest("[hidden]") ? null : [...list.children].filter((row) => !row.hidden)
    .map((row) => row.querySelector(".ce-event__title").textContent.trim()),
]))
"""


@dataclass(frozen=True)
class Built:
    site_dir: Path
    site: Site
    built_on: dt.date  # the build's day (when it ended)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("events-script")

    def writer(data_dir: Path) -> None:
        data = small_data()
        data["events"] = events_data()
        write_data(data_dir, data)

    project = make_project(tmp, writer)
    assert_built(build(project, tmp / "site"))
    return Built(tmp / "site", load_site(project / "data", project), dt.date.today())


@pytest.fixture(scope="module")
def base_url(built: Built) -> Iterator[str]:
    with serve_directory(built.site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def page(browser: Browser) -> Iterator[Page]:
    # The container's clock runs in UTC: the script must still count days in Essen.
    context = browser.new_context(timezone_id="UTC")
    page = context.new_page()
    yield page
    context.close()


def first_to_end(site: Site, built_on: dt.date) -> Event:
    """The upcoming event (at the build) that ends first: the next one the script has to move."""
    upcoming, _ = split(site.events, built_on)
    assert len(upcoming) >= 4, "the test data needs a few upcoming events"
    return min(upcoming, key=lambda e: (e.last_day, e.sort_start, e.id))


def heading(event: Event) -> str:
    """An event's heading as read out: a cancelled one says so first (visually hidden)."""
    return ("Abgesagt: " if event.cancelled else "") + event.title


def visit(page: Page, url: str, moment: dt.datetime) -> dict[str, list[str] | None]:
    page.clock.set_fixed_time(moment)
    page.goto(url)
    return page.evaluate(LISTS_JS)


def test_ended_events_move_on_the_visitors_day_in_essen(
    page: Page, base_url: str, built: Built
) -> None:
    site = built.site
    built_on = built.built_on
    event = first_to_end(site, built_on)
    # 23:30 in Essen on its last day (22:30 or 21:30 UTC): still to come.
    late = dt.datetime.combine(event.last_day, dt.time(23, 30), tzinfo=BERLIN)
    lists = visit(page, base_url + "termine/", late)
    assert lists["upcoming"] is not None and heading(event) in lists["upcoming"]
    # Half an hour later it is the next day in Essen (still the same day in UTC).
    next_day = late + dt.timedelta(hours=1)
    assert next_day.astimezone(dt.UTC).date() == event.last_day
    lists = visit(page, base_url + "termine/", next_day)
    upcoming, past = split(site.events, event.last_day + dt.timedelta(days=1))
    assert lists["upcoming"] == [heading(e) for e in upcoming]
    assert lists["past"] == [heading(e) for e in past]


def test_the_home_page_shows_the_next_three_of_the_visitors_day(
    page: Page, base_url: str, built: Built
) -> None:
    site = built.site
    event = first_to_end(site, built.built_on)
    moment = dt.datetime.combine(event.last_day + dt.timedelta(days=1), dt.time(8), tzinfo=BERLIN)
    lists = visit(page, base_url, moment)
    upcoming, _ = split(site.events, moment.date())
    # The build rendered six of its upcoming events; the script shows the first three left.
    rendered = split(site.events, built.built_on)[0][:6]
    expected = [heading(e) for e in rendered if e in upcoming][:3]
    assert lists == {"upcoming": expected}
    assert heading(event) not in expected
