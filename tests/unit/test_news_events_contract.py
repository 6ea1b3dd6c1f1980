"""News (data/news/*.md, YAML front matter + Markdown) and events (data/events/*.yml): the
contract of issue 15 without MkDocs — what loads, in which order, and the German message of
every mistake, at its line."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from plugins.essen.contract import KINDS
from plugins.essen.errors import DataError, Problem
from plugins.essen.loading import BODY_KEY, ReadCache, load_site
from plugins.essen.model import Event, NewsItem
from plugins.essen.richtext import RichText
from plugins.essen.yamlsource import FILE_KEY

from ..conftest import REPO, news_file, parse_html, small_data, write_data

# The sample data's reference day: the site's sample is written as seen in December 2026.
SAMPLE_TODAY = dt.date(2026, 12, 1)


def news(**changes: object) -> dict:
    """A valid news item's front matter (with its body under "body"); None drops a key."""
    item: dict[str, object] = {
        "title": "Neue Ampeln",
        "date": dt.date(2026, 3, 1),
        "summary": "Die Ampeln sind vernetzt.",
        "initiatives": ["ampel"],
        "fields": ["smart-mobility"],
        "body": "Der **Text** der Meldung.\n",
    }
    item.update(changes)
    return {key: value for key, value in item.items() if value is not None}


def event(**changes: object) -> dict:
    """A valid event; None drops a key."""
    item: dict[str, object] = {
        "title": "Werkstatt",
        "start": "2027-03-15T18:00",
        "end": "2027-03-15T20:00",
        "summary": "Eine Werkstatt zum Mitmachen.",
        "place": "Stadtbibliothek",
        "address": "Hollestraße 3, 45127 Essen",
        "initiatives": ["ampel"],
        "fields": ["smart-living"],
    }
    item.update(changes)
    return {key: value for key, value in item.items() if value is not None}


def load(tmp_path: Path, news_items: dict | None = None, events: dict | None = None):
    data = small_data()
    if news_items is not None:
        data["news"] = news_items
    if events is not None:
        data["events"] = events
    data_dir = tmp_path / "data"
    write_data(data_dir, data)
    return load_site(data_dir, tmp_path)


def problems(tmp_path: Path, news_items: dict | None = None, events: dict | None = None):
    with pytest.raises(DataError) as caught:
        load(tmp_path, news_items, events)
    return caught.value.problems


def one(found: list[Problem]) -> Problem:
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


# --------------------------------------------------------------------------- the sample data


@pytest.fixture(scope="module")
def sample():
    return load_site(REPO / "data", REPO)


def test_the_sample_has_news_over_two_years_newest_first(sample) -> None:
    items = sample.news
    assert 8 <= len(items) <= 12
    assert {item.date.year for item in items} == {2025, 2026}
    assert [item.date for item in items] == sorted((item.date for item in items), reverse=True)
    assert sum(1 for item in items if item.initiatives) >= 5
    assert sum(1 for item in items if item.fields) >= 5
    assert any(item.image is not None for item in items)
    assert all(item.body for item in items)
    # Illustrative, and marked as such in the same way everywhere.
    assert all(item.summary.endswith("(Beispielmeldung)") for item in items)


def test_the_sample_events_cover_every_form(sample) -> None:
    events: tuple[Event, ...] = sample.events
    assert 8 <= len(events) <= 10
    assert [e.sort_start for e in events] == sorted(e.sort_start for e in events)
    assert any(e.last_day < SAMPLE_TODAY for e in events)
    assert any(e.first_day >= SAMPLE_TODAY for e in events)
    assert max(e.last_day for e in events) <= dt.date(2027, 7, 31)
    assert any(e.all_day for e in events) and any(not e.all_day for e in events)
    assert any(e.end is not None and e.last_day > e.first_day for e in events)  # several days
    assert any(e.online and e.url for e in events)
    assert any(e.registration for e in events)
    assert [e.cancelled for e in events].count(True) == 1
    assert all(e.summary.endswith("(Beispieltermin)") for e in events)


def test_sample_news_and_events_contain_no_template_syntax() -> None:
    for path in [*(REPO / "data/news").glob("*.md"), *(REPO / "data/events").glob("*.yml")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\{\{|\{%|\{#", text), path


# --------------------------------------------------------------------------- what loads


def test_a_news_item_becomes_a_record_with_lines(tmp_path: Path) -> None:
    site = load(tmp_path, {"2026-03-01-neue-ampeln.md": news(updated=dt.date(2026, 3, 2))})
    (item,) = site.news
    assert isinstance(item, NewsItem)
    assert item.slug == "neue-ampeln"
    assert item.date == dt.date(2026, 3, 1)
    assert item.updated == dt.date(2026, 3, 2)
    assert [i.id for i in item.initiatives] == ["ampel"]
    assert [f.id for f in item.fields] == ["smart-mobility"]
    assert item.body == "Der **Text** der Meldung."
    assert item.source == "data/news/2026-03-01-neue-ampeln.md"
    # Line 1 is the fence; the keys follow in the order written; the body after the closing fence.
    assert item.key_lines["title"] == 2
    assert item.key_lines["date"] == 3
    assert item.key_lines["body"] == 11
    assert site.news_by_initiative["ampel"] == (item,)
    assert site.news_by_field["smart-mobility"] == (item,)


def test_news_are_newest_first_then_by_name(tmp_path: Path) -> None:
    items = {
        "2026-03-01-b.md": news(),
        "2026-03-01-a.md": news(),
        "2025-12-24-c.md": news(date=dt.date(2025, 12, 24)),
        "2026-04-30-d.md": news(date=dt.date(2026, 4, 30)),
    }
    site = load(tmp_path, items)
    assert [item.slug for item in site.news] == ["d", "a", "b", "c"]


def test_a_news_item_may_have_no_body_and_only_the_required_keys(tmp_path: Path) -> None:
    front = news(initiatives=None, fields=None, body="")
    site = load(tmp_path, {"2026-03-01-kurz.md": front})
    (item,) = site.news
    assert (item.body, item.initiatives, item.fields, item.image) == ("", (), (), None)


def test_the_slug_comes_from_the_name_after_the_date_like_other_ids(tmp_path: Path) -> None:
    site = load(tmp_path, {"2026-03-01-Neues Bürgerbüro.md": news()})
    assert site.news[0].slug == "neues-buergerbuero"


def test_template_syntax_and_html_stay_text(tmp_path: Path) -> None:
    """Nothing an editor writes is a template: it reaches the model as written, and the body's
    raw HTML is removed when it is rendered, as in descriptions."""
    body = "{{ config.site_name }} und {% include 'x' %}\n\n<script>alert(1)</script>\n<b onclick=x>fett</b>\n"
    front = news(summary="Preis: {{ 1 + 1 }} {% if x %}", body=body)
    site = load(tmp_path, {"2026-03-01-vorlage.md": front})
    item = site.news[0]
    assert item.summary == "Preis: {{ 1 + 1 }} {% if x %}"
    assert "{{ config.site_name }}" in item.body and "{% include 'x' %}" in item.body
    html = str(RichText()(item.body))
    root = parse_html(html)
    assert root.find("script") is None
    assert all("onclick" not in node.attrs for node in root.iter())
    assert "{{ config.site_name }} und {% include 'x' %}" in root.text()


def test_an_event_becomes_a_record(tmp_path: Path) -> None:
    site = load(tmp_path, events={"werkstatt": event(online=True, url="https://example.org/x")})
    (found,) = site.events
    assert found.id == "werkstatt"
    assert found.start == dt.datetime(2027, 3, 15, 18, 0)
    assert found.end == dt.datetime(2027, 3, 15, 20, 0)
    assert found.online and found.url == "https://example.org/x"
    assert not found.all_day and not found.cancelled
    assert site.events_by_initiative["ampel"] == (found,)
    assert site.events_by_field["smart-living"] == (found,)


def test_all_day_events_and_their_order(tmp_path: Path) -> None:
    events = {
        "b": event(start=dt.date(2027, 3, 15), end=dt.date(2027, 3, 17)),
        "a": event(start="2027-03-15", end=None, cancelled=True),
        "c": event(start="2027-03-15T09:00", end=None),
        "d": event(start="2027-03-14T23:59", end=None),
    }
    site = load(tmp_path, events=events)
    assert [e.id for e in site.events] == ["d", "a", "b", "c"]
    by_id = {e.id: e for e in site.events}
    assert by_id["b"].all_day and by_id["b"].last_day == dt.date(2027, 3, 17)
    assert by_id["a"].cancelled and by_id["a"].start == dt.date(2027, 3, 15)


def test_an_online_event_needs_no_place(tmp_path: Path) -> None:
    online = event(place=None, address=None, online=True, url="https://example.org/")
    site = load(tmp_path, events={"online": online, "nur-adresse": event(place=None)})
    assert {e.id for e in site.events} == {"online", "nur-adresse"}


def test_without_or_with_empty_folders_the_site_loads(tmp_path: Path) -> None:
    site = load(tmp_path / "without")
    assert (site.news, site.events) == ((), ())
    site = load(tmp_path / "empty", {}, {})
    assert (site.news, site.events) == ((), ())
    assert (tmp_path / "empty/data/news").is_dir()


def test_the_preview_cache_keeps_unchanged_news_and_events(tmp_path: Path) -> None:
    data = small_data()
    data["news"] = {"2026-03-01-a.md": news(), "2026-03-02-b.md": news(date="2026-03-02")}
    data["events"] = {"werkstatt": event()}
    data_dir = tmp_path / "data"
    write_data(data_dir, data)
    cache = ReadCache()
    load_site(data_dir, tmp_path, cache=cache)
    assert "data/news/2026-03-01-a.md" in cache.read
    assert "data/events/werkstatt.yml" in cache.read
    site = load_site(data_dir, tmp_path, cache=cache)
    assert cache.read == []
    assert len(site.news) == 2
    (data_dir / "news/2026-03-02-b.md").write_text(
        news_file(news(date="2026-03-02", title="Geändert")), encoding="utf-8"
    )
    site = load_site(data_dir, tmp_path, cache=cache)
    assert cache.read == ["data/news/2026-03-02-b.md"]
    assert site.news[0].title == "Geändert"


# --------------------------------------------------------------------------- news: mistakes


def test_missing_and_empty_required_keys(tmp_path: Path) -> None:
    found = problems(tmp_path, {"2026-03-01-a.md": news(title=None, summary="")})
    assert [(p.line, p.key, p.message) for p in found] == [
        (2, "title", "Pflichtangabe fehlt"),
        (3, "summary", "der Wert ist leer"),
    ]
    assert str(found[0]).startswith("data/news/2026-03-01-a.md:2: title: Pflichtangabe fehlt — ")


def test_an_unknown_key_gets_a_suggestion(tmp_path: Path) -> None:
    found = one(problems(tmp_path, {"2026-03-01-a.md": news(sumary="x")}))
    # After the fence (1) and six lines of keys and two lists (2-8).
    assert (found.line, found.key, found.hint) == (9, "sumary", "meinten Sie »summary«?")


def test_a_body_key_in_the_front_matter_is_unknown(tmp_path: Path) -> None:
    text = news_file({**news(), "body": "im Vorspann"}, "Text")
    found = one(problems(tmp_path, {"2026-03-01-a.md": text}))
    assert (found.key, found.message) == ("body", "unbekannter Schlüssel")


@pytest.mark.parametrize(
    "name",
    [
        "neue-ampeln.md",  # no date
        "2026-3-1-neue-ampeln.md",  # not the JJJJ-MM-TT form
        "2026-02-30-neue-ampeln.md",  # no such day
        "2026-03-01.md",  # no name after the date
        "2026-03-01-.md",
    ],
)
def test_a_wrong_file_name_names_the_expected_form(tmp_path: Path, name: str) -> None:
    found = one(problems(tmp_path, {name: news()}))
    assert (found.path, found.line, found.key) == (f"data/news/{name}", 0, FILE_KEY)
    assert found.message == "der Dateiname hat nicht die Form JJJJ-MM-TT-name.md"
    assert "2026-03-15-neues-buergerbuero.md" in found.hint


def test_a_name_without_letters_after_the_date_gives_no_id(tmp_path: Path) -> None:
    found = one(problems(tmp_path, {"2026-03-01-!!.md": news()}))
    assert found.message == "aus dem Dateinamen lässt sich keine Kennung bilden"


def test_the_date_of_the_file_name_and_the_date_key_must_agree(tmp_path: Path) -> None:
    found = one(problems(tmp_path, {"2026-03-02-a.md": news()}))
    assert (found.line, found.key) == (3, "date")
    assert found.message == (
        "das Datum 2026-03-01 stimmt nicht mit dem Datum im Dateinamen (2026-03-02) überein"
    )


def test_two_news_with_the_same_name_on_other_days_name_both_files(tmp_path: Path) -> None:
    items = {"2026-03-01-ampeln.md": news(), "2026-04-01-Ampeln.md": news(date="2026-04-01")}
    found = one(problems(tmp_path, items))
    both = {found.path, re.search(r"wie (\S+)", found.message).group(1)}
    assert both == {"data/news/2026-03-01-ampeln.md", "data/news/2026-04-01-Ampeln.md"}
    assert "»ampeln«" in found.message


def test_unknown_initiatives_and_fields_get_suggestions(tmp_path: Path) -> None:
    front = news(initiatives=["ampel", "ampl"], fields=["smart-mobilty"])
    found = problems(tmp_path, {"2026-03-01-a.md": front})
    assert [str(p) for p in found] == [
        "data/news/2026-03-01-a.md:7: initiatives[2]: die Initiative »ampl« gibt es nicht "
        "— meinten Sie »ampel«?",
        "data/news/2026-03-01-a.md:9: fields[1]: das Handlungsfeld »smart-mobilty« gibt es "
        "nicht — meinten Sie »smart-mobility«?",
    ]


def test_invalid_values(tmp_path: Path) -> None:
    front = news(date="1. März 2026", updated="2026-02-30", title=["a"], summary="x" * 301)
    found = problems(tmp_path, {"2026-03-01-a.md": front})
    assert {p.key: p.line for p in found} == {"title": 2, "date": 4, "summary": 5, "updated": 10}
    assert all(str(p).startswith("data/news/2026-03-01-a.md:") for p in found)


def test_updated_before_the_date(tmp_path: Path) -> None:
    found = one(problems(tmp_path, {"2026-03-01-a.md": news(updated="2026-02-28")}))
    assert (found.key, found.line) == ("updated", 9)
    assert "vor dem Datum der Meldung" in found.message


def test_the_image_is_checked_as_on_initiatives(tmp_path: Path) -> None:
    front = news(image={"file": "bild.jpg", "credit": "Foto: Stadt Essen"})
    found = one(problems(tmp_path, {"2026-03-01-a.md": front}))
    assert (found.key, found.line) == ("image.alt", 10)  # the line of image.file


def test_a_file_without_front_matter(tmp_path: Path) -> None:
    found = one(problems(tmp_path, {"2026-03-01-a.md": "title: Ampeln\n\nText\n"}))
    assert (found.line, found.key) == (1, FILE_KEY)
    assert "beginnt nicht mit dem Vorspann" in found.message


def test_front_matter_that_is_not_closed(tmp_path: Path) -> None:
    text = "---\ntitle: Ampeln\ndate: 2026-03-01\nsummary: x\n\nDer Text.\n"
    found = one(problems(tmp_path, {"2026-03-01-a.md": text}))
    assert (found.line, found.key) == (1, FILE_KEY)
    assert "wird nicht mit einer zweiten Zeile »---« abgeschlossen" in found.message


def test_empty_front_matter(tmp_path: Path) -> None:
    found = one(problems(tmp_path, {"2026-03-01-a.md": "---\n# nichts\n---\nText\n"}))
    assert found.message == "der Vorspann zwischen den Zeilen »---« enthält keine Angaben"


def test_front_matter_that_is_no_mapping(tmp_path: Path) -> None:
    found = one(problems(tmp_path, {"2026-03-01-a.md": "---\n- a\n- b\n---\nText\n"}))
    assert (found.line, found.key) == (2, FILE_KEY)
    assert found.message.startswith("erwartet wird ein Abschnitt mit Schlüsseln (Meldung)")


def test_a_syntax_error_in_the_front_matter_is_at_its_line_in_the_file(tmp_path: Path) -> None:
    text = '---\ntitle: Ampeln\ndate: 2026-03-01\nsummary: "offen\n---\nText\n'
    found = one(problems(tmp_path, {"2026-03-01-a.md": text}))
    assert (found.line, found.key) == (4, FILE_KEY)
    assert found.message.startswith("YAML-Syntaxfehler: das Anführungszeichen")


def test_yaml_anchors_and_tags_are_refused_in_front_matter(tmp_path: Path) -> None:
    text = (
        "---\ntitle: &t Ampeln\ndate: 2026-03-01\nsummary: *t\n"
        "fields: !!python/name:os.system\n---\nText\n"
    )
    found = problems(tmp_path, {"2026-03-01-a.md": text})
    assert [(p.line, p.message.split(" (")[0]) for p in found] == [
        (2, "Anker mit »&«"),
        (4, "Verweise mit »*«"),
        (5, "Typangaben mit »!«"),
    ]


def test_windows_line_endings_keep_the_lines(tmp_path: Path) -> None:
    text = "---\r\ntitle: Ampeln\r\ndate: 2026-03-01\r\nsummary: x\r\nfoo: 1\r\n---\r\nA\r\nB\r\n"
    found = one(problems(tmp_path, {"2026-03-01-a.md": text}))
    assert (found.line, found.key) == (5, "foo")
    site = load(tmp_path / "ok", {"2026-03-01-a.md": text.replace("foo: 1\r\n", "")})
    assert site.news[0].body == "A\nB"


def test_a_mistake_in_the_body_is_at_the_body_line(tmp_path: Path) -> None:
    body = "\n\nErster Absatz mit \u202e verdrehter Schrift.\n"
    found = one(problems(tmp_path, {"2026-03-01-a.md": news(body=body)}))
    # Fence (1), keys and lists (2-8), fence (9), two blank lines (10, 11).
    assert (found.line, found.key) == (12, BODY_KEY)
    assert str(found).startswith("data/news/2026-03-01-a.md:12: (Text): ")


def test_a_too_long_body(tmp_path: Path) -> None:
    found = one(problems(tmp_path, {"2026-03-01-a.md": news(body="x" * 20_001)}))
    assert (found.line, found.key) == (10, BODY_KEY)
    assert "20.001 Zeichen" in found.message


def test_stray_files_in_the_news_folder(tmp_path: Path) -> None:
    data = small_data()
    data["news"] = {"2026-03-01-a.md": news()}
    data_dir = tmp_path / "data"
    write_data(data_dir, data)
    (data_dir / "news/2026-03-02-b.yml").write_text("title: x\n", encoding="utf-8")
    (data_dir / "news/2026-03-03-c.yaml").write_text("title: x\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_site(data_dir, tmp_path)
    messages = {p.path: p.message for p in caught.value.problems}
    assert messages == {
        "data/news/2026-03-02-b.yml": "die Datei wird nicht gelesen, weil sie nicht auf .md endet",
        "data/news/2026-03-03-c.yaml": "die Datei wird nicht gelesen, weil sie nicht auf .md endet",
    }


# --------------------------------------------------------------------------- events: mistakes


def test_missing_event_keys(tmp_path: Path) -> None:
    found = problems(tmp_path, events={"e": event(title=None, start=None, summary=None)})
    assert sorted(p.key for p in found) == ["start", "summary", "title"]
    assert all(p.message == "Pflichtangabe fehlt" for p in found)


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (
            "2027-03-15 18:00",
            "»2027-03-15 18:00« ist kein gültiges Datum und kein Datum mit Uhrzeit",
        ),
        (
            "2027-03-15T25:00",
            "»2027-03-15T25:00« ist kein gültiges Datum und kein Datum mit Uhrzeit",
        ),
        ("2027-02-30", "»2027-02-30« ist kein gültiges Datum und kein Datum mit Uhrzeit"),
        ("15.03.2027", "»15.03.2027« ist kein gültiges Datum und kein Datum mit Uhrzeit"),
        (
            dt.datetime(2027, 3, 15, 18, 0, 30),
            "»2027-03-15 18:00:30« hat Sekunden oder eine Zeitzone",
        ),
        (2027, "erwartet wird ein Datum oder ein Datum mit Uhrzeit, gefunden: Zahl"),
    ],
)
def test_invalid_start(tmp_path: Path, start: object, message: str) -> None:
    found = one(problems(tmp_path, events={"e": event(start=start, end=None)}))
    assert (found.key, found.line, found.message) == ("start", 2, message)
    assert "2027-03-15T18:30" in found.hint


def test_end_before_start(tmp_path: Path) -> None:
    found = one(problems(tmp_path, events={"e": event(end="2027-03-15T17:59")}))
    assert str(found) == (
        "data/events/e.yml:3: end: das Ende 2027-03-15T17:59 liegt vor dem Beginn "
        "2027-03-15T18:00 — prüfen Sie start und end"
    )
    found = one(
        problems(tmp_path / "days", events={"e": event(start="2027-03-15", end="2027-03-14")})
    )
    assert found.message == "das Ende 2027-03-14 liegt vor dem Beginn 2027-03-15"


def test_start_and_end_of_different_forms(tmp_path: Path) -> None:
    found = one(problems(tmp_path, events={"e": event(end="2027-03-16")}))
    assert (found.key, found.line) == ("end", 3)
    assert found.message == "start und end haben verschiedene Formen: start mit Uhrzeit, end ohne"


def test_online_without_url_and_url_without_online(tmp_path: Path) -> None:
    events = {
        "ohne-url": event(online=True),
        "ohne-online": event(url="https://example.org/"),
        "online-false": event(online=False, url="https://example.org/"),
    }
    found = {p.path: p for p in problems(tmp_path, events=events)}
    assert set(found) == {f"data/events/{e}.yml" for e in events}
    assert found["data/events/ohne-url.yml"].key == "url"
    assert found["data/events/ohne-url.yml"].line == 11  # the line of online: true
    assert found["data/events/ohne-online.yml"].message.startswith(
        "url ist die Adresse der Online-Teilnahme"
    )


def test_an_event_needs_a_place_or_online(tmp_path: Path) -> None:
    found = one(problems(tmp_path, events={"e": event(place=None, address=None)}))
    assert (found.key, found.line) == ("place", 1)
    assert found.message == "Pflichtangabe fehlt: wo der Termin stattfindet"


@pytest.mark.parametrize("key", ["registration", "url"])
def test_javascript_and_other_schemes_are_refused(tmp_path: Path, key: str) -> None:
    for scheme in ["javascript:alert(1)", "mailto:info@essen.de", "data:text/html,x"]:
        changes = {key: scheme, "online": True} if key == "url" else {key: scheme}
        found = one(problems(tmp_path / scheme[:4], events={"e": event(**changes)}))
        assert found.key == key
        assert found.message.endswith("ist keine erlaubte Adresse")
        assert "https:, http:" in found.hint


def test_event_flags_and_references(tmp_path: Path) -> None:
    events = {"e": event(cancelled="ja", initiatives=["zentrm"], fields=["smart-lving"])}
    found = problems(tmp_path, events=events)
    assert {p.key: p.message for p in found} == {
        "initiatives[1]": "die Initiative »zentrm« gibt es nicht",
        "fields[1]": "das Handlungsfeld »smart-lving« gibt es nicht",
        "cancelled": "erwartet wird true oder false, gefunden: »ja«",
    }
    hints = {p.key: p.hint for p in found}
    assert hints["initiatives[1]"] == "meinten Sie »zentrum«?"
    assert hints["fields[1]"] == "meinten Sie »smart-living«?"


def test_raw_html_in_an_event_description_is_removed_when_shown(tmp_path: Path) -> None:
    description = '<img src=x onerror="alert(1)"> [Link](javascript:alert(1)) {{ x }}'
    site = load(tmp_path, events={"e": event(description=description)})
    root = parse_html(str(RichText()(site.events[0].description)))
    assert root.find("img") is None
    assert all("javascript" not in href for href in root.hrefs())
    assert "{{ x }}" in root.text()


def test_every_message_is_one_line_without_traceback(tmp_path: Path) -> None:
    items = {"2026-03-02-a.md": news(title=None), "falsch.md": news()}
    events = {"e": event(end="2027-03-16", online=True)}
    with pytest.raises(DataError) as caught:
        load(tmp_path, items, events)
    lines = str(caught.value).splitlines()
    assert lines[0] == f"{len(lines) - 1} Fehler in den Daten — die Website wurde nicht gebaut:"
    for line in lines[1:]:
        assert re.match(r"^data/(news|events)/[^:]+(:\d+)?: [^:]+: .+ — .+$", line), line
        assert "Traceback" not in line


# --------------------------------------------------------------------------- the editors' guide

GUIDE_SECTIONS = {
    "news": "## Aktuelles: `data/news/*.md`",
    "events": "## Termine: `data/events/*.yml`",
}


def guide_section(kind_name: str) -> str:
    guide = (REPO / "REDAKTION.md").read_text(encoding="utf-8")
    heading = GUIDE_SECTIONS[kind_name]
    assert guide.count(heading + "\n") == 1, heading
    return guide.split(heading + "\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("kind_name", sorted(GUIDE_SECTIONS))
def test_the_guide_lists_exactly_the_keys_of_the_contract(kind_name: str) -> None:
    (kind,) = [kind for kind in KINDS if kind.name == kind_name]
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in guide_section(kind_name).splitlines()
        if line.startswith("| `")
    ]
    assert [(row[0], row[2]) for row in rows] == [
        (f"`{key.name}`", "Pflicht" if key.required else "optional") for key in kind.record.keys
    ]


def test_the_guides_examples_load_with_the_sample_data(tmp_path: Path) -> None:
    """The example news item and event of the guide, added to a copy of the sample data, are
    valid (and name only initiatives and fields that exist)."""
    blocks = {
        name: re.findall(r"`(data/\S+)`:\n\n```\w+\n(.*?)```", guide_section(name), re.S)
        for name in GUIDE_SECTIONS
    }
    assert [len(found) for found in blocks.values()] == [1, 1]
    data_dir = tmp_path / "data"
    shutil.copytree(REPO / "data", data_dir)
    shutil.rmtree(data_dir / "news")
    shutil.rmtree(data_dir / "events")
    for ((path, text),) in blocks.values():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    site = load_site(data_dir, tmp_path)
    assert [item.slug for item in site.news] == ["digitale-terminvergabe"]
    assert [e.id for e in site.events] == ["smart-city-forum-2027"]
    assert site.news[0].updated == dt.date(2026, 1, 25)
