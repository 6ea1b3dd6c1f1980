"""The header search (Pagefind) finds news items and events by the words of their titles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from ..conftest import SampleSite, serve_directory

INPUT = "#ce-search-input"
RESULTS = "#ce-search-results"
STATUS = "#ce-search-status"


@pytest.fixture(scope="module")
def base_url(sample_site: SampleSite) -> Iterator[str]:
    with serve_directory(sample_site.site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def page(browser: Browser) -> Iterator[Page]:
    page = browser.new_page()
    yield page
    page.close()


def found(page: Page, base_url: str, term: str) -> list[str]:
    page.goto(base_url + "aktuelles/")
    page.keyboard.press("/")
    expect(page.locator(INPUT)).to_be_focused()
    page.keyboard.type(term)
    expect(page.locator(f"{RESULTS}[aria-busy=false]")).to_be_attached()
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^(Keine Treffer|\d+ Treffer)"))
    more = page.locator("[data-ce-search-more]")
    while more.is_visible():
        count = page.locator(f"{RESULTS} > li").count()
        more.click()
        expect(page.locator(f"{RESULTS} > li")).not_to_have_count(count)
    hrefs = page.locator(f"{RESULTS} a").evaluate_all("links => links.map(a => a.href)")
    return [urlsplit(href).path.lstrip("/") for href in hrefs]


def test_a_news_item_and_an_event_are_found_by_their_titles(
    page: Page, base_url: str, sample_site: SampleSite
) -> None:
    site = sample_site.site
    item, event = site.news[0], site.events[0]
    assert f"aktuelles/{item.slug}/" in found(page, base_url, item.title)
    assert f"termine/{event.id}/" in found(page, base_url, event.title)
