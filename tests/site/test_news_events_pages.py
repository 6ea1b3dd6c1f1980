"""Aktuelles and Termine (issue 15): the pages, their order, the links from initiatives, fields
and the home page, the feed, the calendar files, JSON-LD and open data, in one built site.

The site is built today, so its events lie before and after today's date; the build decides
upcoming and past by the day it runs (the browser script is tested in tests/browser/test_events_script.py, with these events).
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import feedparser
import icalendar
import pytest
import yaml

from plugins.essen.model import Site
from plugins.essen.pages import site_pages
from plugins.essen.pages.filters import GERMAN_MONTHS
from plugins.essen.pages.home import home_fragments
from plugins.essen.pages.render import Renderer
from plugins.essen.search_index import content_pages
from tests.conftest import (
    REPO,
    SITE_ROOT,
    Page,
    assert_built,
    build,
    make_project,
    parse_html,
    small_data,
    unsafe_markup,
    write_data,
)

TODAY = dt.date.today()
# The repo's mkdocs.yml, which the test project copies.
BASE = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
HOST = "connected.essen.example"
NEWS_COUNT = 23  # two list pages of 20
TEMPLATE_BODY = (
    "Im Text: {{ 7*7 }} und {% if true %}ja{% endif %}.\n\n<script>alert(1)</script>\n\n"
    "Siehe [die Ampel](../../initiativen/ampel/) und [das hier](javascript:alert(2)).\n"
)
TEMPLATE_SUMMARY = "Kurz: {{ 7*7 }} {% if x %}"


# A sample image (its encodings are in the tests' shared image cache) on the second item.
NEWS_IMAGE = {
    "file": "hitzewarnung.jpg",
    "alt": "Kreise und Bänder in Beerenrot",
    "credit": "Illustration: CONNECTED.ESSEN (Beispielbild), CC0 1.0",
}


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def news_data() -> dict[str, dict]:
    news = {}
    for number in range(NEWS_COUNT):
        date = day(-3 * number - 1)
        front: dict = {
            "title": f"Meldung {number:02d}",
            "date": date.isoformat(),
            "summary": f"Zusammenfassung {number:02d}.",
            "body": f"Text der Meldung {number:02d}.",
        }
        if number == 0:
            front.update(
                summary=TEMPLATE_SUMMARY,
                body=TEMPLATE_BODY,
                initiatives=["ampel"],
                fields=["smart-energy"],
                updated=day(0).isoformat(),
            )
        if number == 1:
            front["image"] = dict(NEWS_IMAGE)
        news[f"{date.isoformat()}-meldung-{number:02d}.md"] = front
    return news


def events_data() -> dict[str, dict]:
    at = lambda offset, hour: f"{day(offset).isoformat()}T{hour:02d}:00"  # noqa: E731
    return {
        "vorbei": {
            "title": "Vorbei",
            "start": day(-10).isoformat(),
            "summary": "Lange her.",
            "place": "Rathaus",
        },
        "gestern": {
            "title": "Gestern",
            "start": at(-1, 18),
            "end": at(-1, 20),
            "summary": "Gestern Abend.",
            "place": "Zeche Zollverein",
            "initiatives": ["ampel"],
        },
        "heute": {
            "title": "Heute ganztägig",
            "start": day(0).isoformat(),
            "summary": "Den ganzen Tag.",
            "address": "Hollestraße 1, 45127 Essen",
        },
        "werkstatt": {
            "title": "Werkstatt",
            "start": at(5, 17),
            "end": at(5, 19),
            "summary": "Mitmachen.",
            "place": "Haus der Technik",
            "address": "Hollestraße 1, 45127 Essen",
            "registration": "https://anmeldung.example/werkstatt",
            "initiatives": ["ampel"],
            "fields": ["smart-energy"],
            "description": "Bitte **anmelden**. {{ 7*7 }}",
        },
        "abgesagt": {
            "title": "Fällt aus",
            "start": at(7, 10),
            "summary": "Leider nicht.",
            "place": "Rathaus",
            "cancelled": True,
            "initiatives": ["ampel"],
        },
        "online": {
            "title": "Online-Sprechstunde",
            "start": at(9, 18),
            "end": at(9, 19),
            "summary": "Im Netz.",
            "online": True,
            "url": "https://treffen.example/raum",
        },
        "sommer": {
            "title": "Sommerschule",
            "start": day(30).isoformat(),
            "end": day(32).isoformat(),
            "summary": "Drei Tage.",
            "place": "Universität",
        },
    }


@dataclass
class Built:
    project: Path
    site_dir: Path

    def page(self, url: str) -> Page:
        return Page(self.site_dir, url + "index.html" if url.endswith("/") or not url else url)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("news-events")

    def writer(data_dir: Path) -> None:
        data = small_data()
        data["news"] = news_data()
        data["events"] = events_data()
        write_data(data_dir, data)
        (data_dir / "images").mkdir(exist_ok=True)
        name = NEWS_IMAGE["file"]
        (data_dir / "images" / name).write_bytes((REPO / "data" / "images" / name).read_bytes())

    project = make_project(tmp, writer)
    site_dir = tmp / "site"
    assert_built(build(project, site_dir))
    return Built(project, site_dir)


def items(page: Page, css_class: str) -> list:
    return [node for node in page.content.iter() if css_class in node.classes()]


def titles(page: Page, css_class: str) -> list[str]:
    return [node.text().strip() for node in items(page, css_class)]


# --------------------------------------------------------------------------- news


def test_news_list_is_newest_first_in_pages_of_twenty(built: Built) -> None:
    first = built.page("aktuelles/")
    second = built.page("aktuelles/seite/2/")
    assert first.h1 == "Aktuelles"
    assert titles(first, "ce-news-item__title") == [f"Meldung {n:02d}" for n in range(20)]
    assert titles(second, "ce-news-item__title") == [f"Meldung {n:02d}" for n in range(20, 23)]
    assert titles(first, "ce-news-item__summary") == [TEMPLATE_SUMMARY] + [
        f"Zusammenfassung {n:02d}." for n in range(1, 20)
    ]
    dates = [node.attrs["datetime"] for node in first.content.find_all("time")]
    assert dates == sorted(dates, reverse=True) and len(dates) == 20
    assert "Seite 1 von 2" in first.content.text()
    pager = {
        a.attrs.get("rel"): first.resolve(a.attrs["href"])
        for a in first.content.find_all("a")
        if a.attrs.get("rel")
    }
    assert pager == {"next": "aktuelles/seite/2/"}
    back = {
        a.attrs.get("rel"): second.resolve(a.attrs["href"])
        for a in second.content.find_all("a")
        if a.attrs.get("rel")
    }
    assert back == {"prev": "aktuelles/"}
    assert "aktuelles/meldung-22/" in second.targets()
    assert not (built.site_dir / "aktuelles" / "seite" / "3").exists()


def test_a_news_page_shows_its_text_literally_with_links_to_initiative_and_field(
    built: Built,
) -> None:
    page = built.page("aktuelles/meldung-00/")
    assert page.h1 == "Meldung 00"
    text = page.content.text()
    assert "{{ 7*7 }}" in text and "{% if true %}ja{% endif %}" in text and "49" not in text
    assert TEMPLATE_SUMMARY in text
    assert "alert(1)" not in page.source
    assert unsafe_markup(page.root) == []
    assert {"initiativen/ampel/", "handlungsfelder/smart-energy/", "aktuelles/"} <= page.targets()
    times = [node.attrs["datetime"] for node in page.content.find_all("time")]
    assert times == [day(-1).isoformat(), day(0).isoformat()]
    assert page.meta_description == TEMPLATE_SUMMARY


def test_a_news_image_is_a_thumbnail_in_the_list_and_the_picture_of_its_page(
    built: Built,
) -> None:
    listed = next(
        node
        for node in items(built.page("aktuelles/"), "ce-news-item")
        if "Meldung 01" in node.text()
    )
    assert "ce-news-item--image" in listed.classes()
    (thumb,) = listed.find_all("img")
    assert thumb.attrs["alt"] == NEWS_IMAGE["alt"] and thumb.attrs["loading"] == "lazy"
    assert (built.site_dir / built.page("aktuelles/").resolve(thumb.attrs["src"])).is_file()
    others = [
        n for n in items(built.page("aktuelles/"), "ce-news-item") if "Meldung 01" not in n.text()
    ]
    assert len(others) == 19
    assert all(not n.find_all("img") for n in others)
    page = built.page("aktuelles/meldung-01/")
    (picture,) = page.content.find_all("img")
    assert picture.attrs["alt"] == NEWS_IMAGE["alt"]
    assert picture.attrs.get("fetchpriority") == "high" and "loading" not in picture.attrs
    assert NEWS_IMAGE["credit"] in page.content.text()
    (script,) = [
        s for s in page.root.find_all("script") if s.attrs.get("type") == "application/ld+json"
    ]
    image = json.loads(script.text())["image"]
    assert image["creditText"] == NEWS_IMAGE["credit"]
    og = {
        m.attrs.get("property"): m.attrs.get("content")
        for m in page.root.find_all("meta")
        if m.attrs.get("property")
    }
    assert og["og:image"] == image["contentUrl"]
    assert (built.site_dir / image["contentUrl"].removeprefix(BASE)).is_file()


def test_the_news_feed_reads_back_newest_first_and_is_announced(built: Built) -> None:
    feed = feedparser.parse((built.site_dir / "aktuelles" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "CONNECTED.ESSEN – Aktuelles"
    assert [entry.title for entry in feed.entries] == [f"Meldung {n:02d}" for n in range(23)]
    first = feed.entries[0]
    assert first.link == BASE + "aktuelles/meldung-00/"
    assert first.summary == TEMPLATE_SUMMARY
    # The body as the page shows it, for readers that show whole items: sanitised HTML whose
    # relative links resolve against the item's page (xml:base), literal template syntax.
    (content,) = first.content
    assert content.type == "text/html"
    body = parse_html(content.value)
    assert "{{ 7*7 }}" in body.text() and "49" not in body.text()
    assert [a.attrs.get("href") for a in body.find_all("a")] == [BASE + "initiativen/ampel/"]
    # Read raw as well: feedparser sanitises content itself and would hide a leak.
    raw = ET.parse(built.site_dir / "aktuelles" / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    html = raw.find(f"{atom}entry/{atom}content").text
    assert "<script" not in html and "alert(" not in html and "javascript:" not in html
    assert 'href="../../initiativen/ampel/"' in html
    assert all(
        e.find(f"{atom}content") is not None for e in raw.findall(f"{atom}entry")
    )  # every sample item has a body
    assert first.published.startswith(day(-1).isoformat())
    assert first.updated.startswith(day(0).isoformat())
    assert [tag.term for tag in first.tags] == ["smart-energy"]
    for url in ("", "aktuelles/", "termine/werkstatt/"):
        links = [
            link.attrs
            for link in built.page(url).root.find_all("link")
            if "alternate" in (link.attrs.get("rel") or "").split()
        ]
        assert ("application/atom+xml", "aktuelles/feed.xml") in [
            (link["type"], built.page(url).resolve(link["href"])) for link in links
        ]


# --------------------------------------------------------------------------- events


def test_events_list_upcoming_by_start_then_past_most_recent_first(built: Built) -> None:
    page = built.page("termine/")
    upcoming = next(n for n in page.content.iter() if n.attrs.get("data-ce-events") == "upcoming")
    past = next(n for n in page.content.iter() if n.attrs.get("data-ce-events") == "past")
    names = lambda node: [t.text().strip() for t in node.iter() if "ce-event__title" in t.classes()]  # noqa: E731
    # Today's all-day event is upcoming until the day is over.
    assert names(upcoming) == [
        "Heute ganztägig",
        "Werkstatt",
        # Heard by screen readers going from heading to heading; shown struck through.
        "Abgesagt: Fällt aus",
        "Online-Sprechstunde",
        "Sommerschule",
    ]
    assert names(past) == ["Gestern", "Vorbei"]
    assert [h.text() for h in page.content.find_all("h2")] == [
        "Kommende Termine",
        "Vergangene Termine",
    ]
    cancelled = next(n for n in upcoming.iter() if "ce-event--cancelled" in n.classes())
    assert "Abgesagt" in cancelled.text()
    # The calendar sheet: day, month and year each on their own line (one span each).
    sheet = next(n for n in cancelled.iter() if "ce-event__sheet" in n.classes())
    assert [span.text() for span in sheet.find_all("span")] == [
        f"{day(7).day}.",
        GERMAN_MONTHS[day(7).month - 1],
        str(day(7).year),
    ]
    assert page.resolve("kalender.ics") in page.targets()


def test_an_event_page_has_time_place_links_and_its_calendar_file(built: Built) -> None:
    page = built.page("termine/werkstatt/")
    start = dt.datetime.combine(day(5), dt.time(17))
    text = " ".join(page.content.text().split())
    assert f"{day(5).day}." in text and "17:00–19:00 Uhr" in text
    assert "Haus der Technik" in text and "Hollestraße 1, 45127 Essen" in text
    assert "{{ 7*7 }}" in text
    targets = page.targets()
    assert {
        "https://anmeldung.example/werkstatt",
        "termine/werkstatt.ics",
        "initiativen/ampel/",
        "handlungsfelder/smart-energy/",
        "termine/",
    } <= targets
    (moment,) = {n.attrs["datetime"] for n in page.content.find_all("time")}
    assert moment == start.strftime("%Y-%m-%dT%H:%M")
    online = built.page("termine/online/")
    assert "https://treffen.example/raum" in online.targets()
    assert "bereits stattgefunden" not in text
    assert (
        "Dieser Termin hat bereits stattgefunden." in built.page("termine/gestern/").content.text()
    )
    cancelled = built.page("termine/abgesagt/")
    assert cancelled.title.startswith("Abgesagt: Fällt aus")
    assert "Abgesagt: Dieser Termin findet nicht statt." in cancelled.content.text()


def test_calendar_files_read_back(built: Built) -> None:
    folder = built.site_dir / "termine"
    calendar = icalendar.Calendar.from_ical((folder / "kalender.ics").read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    host = HOST
    assert set(events) == {f"{name}@{host}" for name in events_data()}
    assert len(calendar.walk("VTIMEZONE")) == 1
    werkstatt = events[f"werkstatt@{host}"]
    assert werkstatt.decoded("DTSTART") == dt.datetime.combine(
        day(5), dt.time(17), tzinfo=werkstatt.decoded("DTSTART").tzinfo
    )
    assert werkstatt["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert str(werkstatt["URL"]) == BASE + "termine/werkstatt/"
    assert events[f"abgesagt@{host}"]["STATUS"] == "CANCELLED"
    # The description as the page shows it (no Markdown marks), template syntax as text.
    assert "Bitte anmelden. {{ 7*7 }}" in str(werkstatt["DESCRIPTION"])
    assert events[f"sommer@{host}"].decoded("DTEND") == day(33)
    for name in events_data():
        (single,) = icalendar.Calendar.from_ical((folder / f"{name}.ics").read_bytes()).walk(
            "VEVENT"
        )
        assert str(single["UID"]) == f"{name}@{host}"


# --------------------------------------------------------------------------- other pages


def test_home_shows_the_latest_three_news_and_the_next_three_events(built: Built) -> None:
    page = built.page("")
    assert titles(page, "ce-news-item__title") == ["Meldung 00", "Meldung 01", "Meldung 02"]
    rows = items(page, "ce-event")
    shown = [r for r in rows if "hidden" not in r.attrs]
    assert [r.find("a").text() for r in shown] == ["Heute ganztägig", "Werkstatt", "Abgesagt: Fällt aus"]
    # Spares for the script when the visitor's day is later than the build's: hidden.
    assert [r.find("a").text() for r in rows if "hidden" in r.attrs] == [
        "Online-Sprechstunde",
        "Sommerschule",
    ]
    assert {
        "aktuelles/",
        "termine/",
        "aktuelles/meldung-00/",
        "termine/werkstatt/",
    } <= page.targets()


def test_initiative_and_field_pages_list_their_news_and_events(built: Built) -> None:
    initiative = built.page("initiativen/ampel/")
    assert titles(initiative, "ce-news-item__title") == ["Meldung 00"]
    assert titles(initiative, "ce-event__title") == ["Werkstatt", "Abgesagt: Fällt aus", "Gestern"]
    headings = [
        h.text() for h in initiative.content.find_all("h2") + initiative.content.find_all("h3")
    ]
    assert {"Aktuelles", "Termine", "Kommende Termine", "Vergangene Termine"} <= set(headings)
    field = built.page("handlungsfelder/smart-energy/")
    assert titles(field, "ce-news-item__title") == ["Meldung 00"]
    assert titles(field, "ce-event__title") == ["Werkstatt"]
    other = built.page("initiativen/zentrum/")
    assert not {"Aktuelles", "Termine"} & {h.text() for h in other.content.find_all("h2")}


def test_structured_data_of_news_and_events(built: Built) -> None:
    def ld(url: str) -> dict:
        (script,) = [
            s
            for s in built.page(url).root.find_all("script")
            if s.attrs.get("type") == "application/ld+json"
        ]
        return json.loads(script.text())

    article = ld("aktuelles/meldung-00/")
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == "Meldung 00"
    assert article["datePublished"] == day(-1).isoformat()
    assert article["about"][0]["url"] == BASE + "initiativen/ampel/"
    event = ld("termine/werkstatt/")
    assert event["@type"] == "Event"
    assert event["startDate"].startswith(f"{day(5).isoformat()}T17:00:00+0")
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["location"] == {
        "@type": "Place",
        "name": "Haus der Technik",
        "address": "Hollestraße 1, 45127 Essen",
    }
    assert ld("termine/abgesagt/")["eventStatus"] == "https://schema.org/EventCancelled"
    online = ld("termine/online/")
    assert online["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert online["location"] == {"@type": "VirtualLocation", "url": "https://treffen.example/raum"}
    assert ld("termine/sommer/")["startDate"] == day(30).isoformat()


def test_open_data_sitemap_and_search_cover_news_and_events(built: Built) -> None:
    news = json.loads((built.site_dir / "daten" / "aktuelles.json").read_text(encoding="utf-8"))
    assert [item["slug"] for item in news] == [f"meldung-{n:02d}" for n in range(23)]
    assert news[0]["body"].strip() == TEMPLATE_BODY.strip()
    events = json.loads((built.site_dir / "daten" / "termine.json").read_text(encoding="utf-8"))
    assert {e["id"] for e in events} == set(events_data())
    werkstatt = next(e for e in events if e["id"] == "werkstatt")
    assert werkstatt["start"] == f"{day(5).isoformat()}T17:00"
    assert werkstatt["ics_url"] == BASE + "termine/werkstatt.ics"
    data_page = built.page("daten/")
    assert {
        "daten/aktuelles.json",
        "daten/termine.json",
        "termine/kalender.ics",
        "aktuelles/feed.xml",
    } <= data_page.targets()
    catalogue = json.loads(
        (built.site_dir / "daten" / "katalog.jsonld").read_text(encoding="utf-8")
    )
    downloads = {
        d["dcat:downloadURL"]["@id"] for d in catalogue["dcat:dataset"][0]["dcat:distribution"]
    }
    assert {
        BASE + "daten/aktuelles.json",
        BASE + "daten/termine.json",
        BASE + "aktuelles/feed.xml",
    } <= downloads
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {
        loc.text
        for loc in ET.parse(built.site_dir / "sitemap.xml")
        .getroot()
        .findall("s:url/s:loc", namespace)
    }
    assert {
        BASE + u
        for u in (
            "aktuelles/",
            "aktuelles/seite/2/",
            "aktuelles/meldung-07/",
            "termine/",
            "termine/sommer/",
        )
    } <= locs
    for url in ("aktuelles/", "aktuelles/meldung-00/", "termine/werkstatt/"):
        assert "data-pagefind-body" in built.page(url).source
    # The further list pages are not search results (»Aktuelles – Seite 2« for every word of
    # their summaries): the items' own pages are.
    indexed = {p.relative_to(built.site_dir).as_posix() for p in content_pages(built.site_dir)}
    assert "data-pagefind-body" not in built.page("aktuelles/seite/2/").source
    assert "aktuelles/seite/2/index.html" not in indexed
    assert {"aktuelles/index.html", "aktuelles/meldung-22/index.html"} <= indexed
    entry = json.loads(
        (built.site_dir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
    )
    assert entry["languages"]["de"]["page_count"] == len(indexed)


# --------------------------------------------------------------------------- a site without news


def test_a_site_without_news_or_events_leaves_the_sections_out(tmp_path: Path) -> None:
    from plugins.essen.loading import load_site

    write_data(tmp_path, small_data())
    site: Site = load_site(tmp_path, tmp_path)
    assert site.news == () and site.events == ()
    renderer = Renderer(REPO / "overrides" / "essen", site_url=SITE_ROOT)
    pages = {page.src_uri: page for page in site_pages(site, renderer)}
    home = parse_html(str(home_fragments(site, renderer)["home_html"]))
    headings = lambda tree: {h.text() for tag in ("h2", "h3") for h in tree.find_all(tag)}  # noqa: E731
    assert not {"Aktuelles", "Nächste Termine"} & headings(home)
    for uri in ("initiativen/ampel/index.md", "handlungsfelder/smart-energy/index.md"):
        assert not {"Aktuelles", "Termine"} & headings(parse_html(pages[uri].body)), uri
    assert "Noch keine Meldungen." in parse_html(pages["aktuelles/index.md"].body).text()
    assert "Noch keine Termine." in parse_html(pages["termine/index.md"].body).text()
    assert not headings(parse_html(pages["termine/index.md"].body))
    assert "aktuelles/seite/2/index.md" not in pages


# --------------------------------------------------------------------------- hostile values

# Markup, template syntax, a script end tag (the JSON-LD case), a right-to-left word with its
# mark and a word longer than any line, in every text key of a news item and an event.
HOSTILE = (
    '</script><script>alert(1)</script> {{ 7*7 }} {% raw %} <b onclick="alert(2)">b</b> '
    "\u200f\u05e9\u05dc\u05d5\u05dd " + "Donaudampfschifffahrtskapitän" * 3
)


def test_hostile_values_stay_text_in_pages_json_ld_feed_and_calendar(tmp_path: Path) -> None:
    from plugins.essen.exports import Publication, export_files
    from plugins.essen.loading import load_site

    data = small_data()
    links = "[a](javascript:alert(3)) <a href='JaVaScRiPt:alert(4)'>b</a> <iframe src=x></iframe>"
    data["news"] = {
        "2026-11-01-boese.md": {
            "title": HOSTILE,
            "date": "2026-11-01",
            "summary": HOSTILE,
            "initiatives": ["ampel"],
            "body": f"{HOSTILE}\n\n{links}\n",
        }
    }
    data["events"] = {
        "boese": {
            "title": HOSTILE,
            "start": "2026-12-08T18:00",
            "summary": HOSTILE,
            "place": HOSTILE,
            "address": HOSTILE,
            "registration": "https://anmeldung.example/?a=</script>&b=\"'<>",
            "description": f"{HOSTILE}\n\n{links}\n",
        }
    }
    write_data(tmp_path, data)
    site = load_site(tmp_path, tmp_path)
    renderer = Renderer(REPO / "overrides" / "essen", site_url=SITE_ROOT)
    pages = {page.src_uri: page for page in site_pages(site, renderer)}
    for uri in ("aktuelles/boese/index.md", "termine/boese/index.md", "aktuelles/index.md"):
        body = pages[uri].body
        tree = parse_html(body)
        assert unsafe_markup(tree) == [], uri
        assert " ".join(HOSTILE.split()) in " ".join(tree.text().split()), uri
        assert "49" not in tree.text() and "<script>alert" not in body, uri
        for script in tree.find_all("script"):  # JSON-LD: the data cannot close the element
            raw = script.text()
            assert "</" not in raw and "<" not in raw, uri
            ld = json.loads(raw)
            assert HOSTILE in (ld.get("headline"), ld.get("name")), uri
    publication = Publication(
        base_url=SITE_ROOT,
        licence_name="CC0",
        licence_url="https://creativecommons.org/publicdomain/zero/1.0/",
        publisher_name="Stadt Essen",
        contributor_id="x",
        today=dt.date(2026, 12, 1),
    )
    files = dict(export_files(site, publication))
    feed = feedparser.parse(files["aktuelles/feed.xml"])
    assert not feed.bozo and feed.entries[0].title == HOSTILE == feed.entries[0].summary
    atom = "{http://www.w3.org/2005/Atom}"
    content = ET.fromstring(files["aktuelles/feed.xml"]).find(f"{atom}entry/{atom}content").text
    for active in ("<script", "onclick", "javascript", "iframe", "alert("):
        assert active not in content.lower(), active
    (vevent,) = icalendar.Calendar.from_ical(files["termine/boese.ics"]).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == HOSTILE
    assert str(vevent["LOCATION"]) == f"{HOSTILE}, {HOSTILE}"
    # Summary (plain text, as on the page), then the description as its page shows it.
    summary, text, refused, *links_after = str(vevent["DESCRIPTION"]).split("\n\n")
    assert summary == HOSTILE
    assert text.startswith("{{ 7*7 }} {% raw %} b \u200f") and refused == "a b"
    for active in ("<", "onclick", "javascript", "alert("):
        assert active not in text + refused, active
    # The registration link as given (a calendar shows it as text; it was checked as a URL).
    assert links_after[0] == "Anmeldung: https://anmeldung.example/?a=</script>&b=\"'<>"


def test_the_news_feed_carries_the_newest_fifty(tmp_path: Path) -> None:
    from plugins.essen.exports import Publication, export_files
    from plugins.essen.exports.catalogue import NEWS_FEED_ENTRIES
    from plugins.essen.loading import load_site

    data = small_data()
    start = dt.date(2026, 1, 1)
    data["news"] = {
        f"{(start + dt.timedelta(days=n)).isoformat()}-tag-{n:02d}.md": {
            "title": f"Tag {n:02d}",
            "date": (start + dt.timedelta(days=n)).isoformat(),
            "summary": "Kurz.",
            "body": f"Text {n:02d}.",
        }
        for n in range(NEWS_FEED_ENTRIES + 5)
    }
    write_data(tmp_path, data)
    site = load_site(tmp_path, tmp_path)
    publication = Publication(
        base_url=SITE_ROOT,
        licence_name="CC0",
        licence_url="https://creativecommons.org/publicdomain/zero/1.0/",
        publisher_name="Stadt Essen",
        contributor_id="x",
        today=dt.date(2026, 12, 1),
    )
    files = dict(export_files(site, publication))
    feed = feedparser.parse(files["aktuelles/feed.xml"])
    newest = range(NEWS_FEED_ENTRIES + 4, 4, -1)
    assert [entry.title for entry in feed.entries] == [f"Tag {n:02d}" for n in newest]
    assert feed.feed.updated.startswith((start + dt.timedelta(days=54)).isoformat())
    # Every item stays in the open data.
    assert len(json.loads(files["daten/aktuelles.json"])) == NEWS_FEED_ENTRIES + 5
