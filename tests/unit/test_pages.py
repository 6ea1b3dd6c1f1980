"""Generated page content without MkDocs: URLs, escaping, sanitizing and home page figures."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from plugins.essen.loading import id_from_filename, load_site
from plugins.essen.pages import site_pages
from plugins.essen.pages.fields import field_stylesheet
from plugins.essen.pages.home import home_fragments, recently_updated
from plugins.essen.pages.render import GENERATED_SOURCE, GeneratedPage, Renderer
from plugins.essen.pages.urls import UrlScheme, tel_href
from plugins.essen.places.gazetteer import gazetteer
from plugins.essen.rules import STATUS_LABELS, Invalid, Phone

from ..conftest import (
    HOSTILE_SUMMARY,
    HOSTILE_TITLE,
    JSON_SCRIPT_TYPES,
    REPO,
    Node,
    make_project,
    parse_html,
    small_data,
    unsafe_markup,
    write_data,
)

TEMPLATES = REPO / "overrides" / "essen"

# Its own description: more markup for nh3 to remove than conftest's (handlers, a mixed-case scheme).
HOSTILE_DESCRIPTION = """\
# Überschrift in den Daten

Text mit {{ 7*7 }} und {% raw %} darin.

<script>alert(2)</script>

<img src=x onerror=alert(3)>

[klick](javascript:alert(4))

<a href="JaVaScRiPt:alert(5)" onclick="alert(6)">mehr</a>

<p onmouseover="alert(7)">Absatz</p>
"""


def hostile_data() -> dict:
    data = small_data()
    data["fields"][0]["color"] = "#2E6B30"  # upper case in the data, lower case in the CSS
    data["initiatives"]["boese"] = {
        "title": HOSTILE_TITLE,
        "fields": ["smart-living"],
        "status": "idea",
        "summary": HOSTILE_SUMMARY,
        "description": HOSTILE_DESCRIPTION,
        "lead": "stadt-essen",
    }
    return data


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory):
    data = hostile_data()
    project = make_project(tmp_path_factory.mktemp("content"), lambda d: write_data(d, data))
    return data, load_site(project / "data", project)


@pytest.fixture(scope="module")
def pages(loaded) -> dict[str, GeneratedPage]:
    _, site = loaded
    result = {}
    for page in site_pages(site, Renderer(TEMPLATES)):
        assert page.src_uri not in result, f"{page.src_uri} generated twice"
        result[page.src_uri] = page
    return result


def split_page(page: GeneratedPage) -> tuple[dict, str]:
    return page.meta, page.body


def test_one_page_per_record_with_the_readme_url_scheme(loaded, pages) -> None:
    data, _ = loaded
    expected = {
        "handlungsfelder/index.md",
        "initiativen/index.md",
        "partner/index.md",
        "kontakt/index.md",
    }
    expected |= {f"handlungsfelder/{f['id']}/index.md" for f in data["fields"]}
    expected |= {f"initiativen/{id_from_filename(s)}/index.md" for s in data["initiatives"]}
    expected |= {f"partner/{id_from_filename(s)}/index.md" for s in data["partners"]}
    # The place pages exist whatever the data: the overview, one per Stadtbezirk, the map.
    expected |= {"stadtteile/index.md", "karte/index.md"}
    expected |= {f"stadtteile/{b.slug}/index.md" for b in gazetteer().bezirke}
    # Aktuelles and Termine exist without news and events too (they are in the navigation).
    expected |= {"aktuelles/index.md", "termine/index.md"}
    assert set(pages) == expected


def test_every_page_has_a_title_and_one_heading(pages) -> None:
    for uri, page in pages.items():
        meta, body = split_page(page)
        assert meta.get("title"), uri
        assert len(parse_html(body).find_all("h1")) == 1, uri


def test_generated_markdown_source_holds_no_data_and_opts_out_of_macros() -> None:
    # Whatever happens to it, the Markdown MkDocs reads for a generated page carries no data.
    assert yaml.safe_load(GENERATED_SOURCE.strip().strip("-")) == {"render_macros": False}


def test_record_pages_carry_their_data_file(loaded, pages) -> None:
    data, _ = loaded
    for stem in data["initiatives"]:
        page = pages[f"initiativen/{id_from_filename(stem)}/index.md"]
        assert page.source == f"data/initiatives/{stem}.yml"
    for stem in data["partners"]:
        page = pages[f"partner/{id_from_filename(stem)}/index.md"]
        assert page.source == f"data/partners/{stem}.yml"


def test_titles_of_records_are_shown_as_text(loaded, pages) -> None:
    data, _ = loaded
    for stem, raw in data["initiatives"].items():
        meta, body = split_page(pages[f"initiativen/{id_from_filename(stem)}/index.md"])
        assert html.unescape(meta["title"]) == raw["title"]
        assert parse_html(body).find("h1").text() == raw["title"]
    for field in data["fields"]:
        meta, body = split_page(pages[f"handlungsfelder/{field['id']}/index.md"])
        assert html.unescape(meta["title"]) == field["name"]
        assert parse_html(body).find("h1").text() == field["name"]


def test_hostile_title_is_escaped_in_front_matter_and_body(pages) -> None:
    meta, body = split_page(pages["initiativen/boese/index.md"])
    # Material prints the title as HTML: the front matter value must be escaped text
    assert "<" not in meta["title"] and ">" not in meta["title"]
    assert html.unescape(meta["title"]) == HOSTILE_TITLE
    assert "{{ 7*7 }}" in meta["title"]
    assert "<script>alert(1)" not in body
    tree = parse_html(body)
    assert tree.find("h1").text() == HOSTILE_TITLE
    assert unsafe_markup(tree) == []


def test_hostile_summary_is_a_safe_meta_description(pages) -> None:
    meta, body = split_page(pages["initiativen/boese/index.md"])
    description = meta["description"]
    # Material puts it into content="…" as it is: no quote or tag may survive unescaped
    for char in '<>"':
        assert char not in description
    assert html.unescape(description) == HOSTILE_SUMMARY
    lead = [p for p in parse_html(body).find_all("p") if "ce-lead" in p.classes()]
    assert [p.text() for p in lead] == [HOSTILE_SUMMARY]


def assert_harmless(tree: Node, where: str) -> None:
    assert unsafe_markup(tree) == [], where


def test_markdown_from_data_is_sanitized(pages) -> None:
    _, body = split_page(pages["initiativen/boese/index.md"])
    tree = parse_html(body)
    assert_harmless(tree, "initiativen/boese")
    description = tree.by_id("beschreibung")
    assert description is not None
    for node in tree.iter():
        assert node.tag not in {"img", "iframe", "object", "embed"}, node
        if node.tag == "script":
            assert node.attrs.get("type") in JSON_SCRIPT_TYPES, node
    assert "javascript:" not in body.lower()
    assert "onerror" not in body.lower()
    text = tree.text()
    assert "{{ 7*7 }}" in text
    assert "{% raw %}" in text
    assert "Absatz" in text  # harmless text survives, only the markup is removed


def test_no_generated_page_contains_active_content(pages) -> None:
    for uri, page in pages.items():
        _, body = split_page(page)
        assert_harmless(parse_html(body), uri)


def test_markdown_formatting_is_kept(pages, loaded) -> None:
    data, _ = loaded
    field = data["fields"][0]
    _, body = split_page(pages[f"handlungsfelder/{field['id']}/index.md"])
    assert "**" in field["description"]
    assert parse_html(body).find("strong") is not None


def test_period_is_shown_in_german(pages, loaded) -> None:
    data, _ = loaded
    months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August"]
    months += ["September", "Oktober", "November", "Dezember"]
    for stem, raw in data["initiatives"].items():
        if "start" in raw and "end" in raw:
            start_year, start_month = (int(x) for x in raw["start"].split("-"))
            end_year, end_month = (int(x) for x in raw["end"].split("-"))
            _, body = split_page(pages[f"initiativen/{id_from_filename(stem)}/index.md"])
            text = parse_html(body).text()
            expected = (
                f"{months[start_month - 1]} {start_year} bis {months[end_month - 1]} {end_year}"
            )
            assert expected in text


# --------------------------------------------------------------------------- links

SOURCES = [
    "index.md",
    "handlungsfelder/index.md",
    "handlungsfelder/smart-living/index.md",
    "initiativen/index.md",
    "initiativen/buerger-rathaus/index.md",
    "initiativen/andere/index.md",
    "partner/evv/index.md",
    "kontakt/index.md",
]


@pytest.mark.parametrize(
    ("directory_urls", "source", "url"),
    [
        (True, "index.md", ""),
        (True, "kontakt/index.md", "kontakt/"),
        (True, "initiativen/x/index.md", "initiativen/x/"),
        (False, "index.md", "index.html"),
        (False, "kontakt/index.md", "kontakt/index.html"),
        (False, "initiativen/x/index.md", "initiativen/x/index.html"),
    ],
)
def test_url_of_a_page(directory_urls: bool, source: str, url: str) -> None:
    assert UrlScheme(directory_urls).url(source) == url


@pytest.mark.parametrize(
    ("directory_urls", "source", "target", "href"),
    [
        (True, "initiativen/a/index.md", "handlungsfelder/b/index.md", "../../handlungsfelder/b/"),
        (True, "initiativen/a/index.md", "kontakt/index.md", "../../kontakt/"),
        (True, "initiativen/a/index.md", "initiativen/index.md", "../"),
        (True, "initiativen/index.md", "initiativen/a/index.md", "a/"),
        (True, "index.md", "initiativen/a/index.md", "initiativen/a/"),
        (True, "initiativen/a/index.md", "index.md", "../../"),
        (True, "kontakt/index.md", "kontakt/index.md", "./"),
        (
            False,
            "initiativen/a/index.md",
            "handlungsfelder/b/index.md",
            "../../handlungsfelder/b/index.html",
        ),
        (False, "index.md", "kontakt/index.md", "kontakt/index.html"),
        (False, "kontakt/index.md", "index.md", "../index.html"),
        (False, "initiativen/index.md", "initiativen/a/index.md", "a/index.html"),
    ],
)
def test_relative_links(directory_urls: bool, source: str, target: str, href: str) -> None:
    assert UrlScheme(directory_urls).relative(source, target) == href


@pytest.mark.parametrize("directory_urls", [True, False])
def test_relative_links_resolve_to_the_target_from_every_page(directory_urls: bool) -> None:
    scheme = UrlScheme(directory_urls)
    root = "https://example.invalid/site/"
    for source in SOURCES:
        for target in SOURCES:
            href = scheme.relative(source, target)
            assert not href.startswith("/"), href
            assert urljoin(root + scheme.url(source), href) == root + scheme.url(target), (
                source,
                target,
                href,
            )


def test_renderer_links_follow_the_url_scheme(loaded) -> None:
    _, site = loaded
    for directory_urls in (True, False):
        scheme = UrlScheme(directory_urls)
        renderer = Renderer(TEMPLATES, urls=scheme)
        for page in site_pages(site, renderer):
            if not page.src_uri.startswith("initiativen/boese"):
                continue
            _, body = split_page(page)
            hrefs = set(parse_html(body).hrefs())
            assert scheme.relative(page.src_uri, "handlungsfelder/smart-living/index.md") in hrefs
            assert scheme.relative(page.src_uri, "partner/stadt-essen/index.md") in hrefs


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("+49 201 8888109", "tel:+492018888109"),
        ("+49 (201) 555-0101", "tel:+492015550101"),
        ("+49 201/80950", "tel:+4920180950"),
    ],
)
def test_tel_href(phone: str, href: str) -> None:
    assert tel_href(phone) == href


def test_every_valid_phone_number_gives_a_dialable_link() -> None:
    """German numbers are often written `+49 (0)201 …`; the (0) must not be dialled after +49.
    Either the contract rejects the notation or the link leaves the trunk prefix out."""
    phone = "+49 (0)201 8888109"
    try:
        Phone().check(phone)
    except Invalid:
        return
    assert tel_href(phone) == "tel:+492018888109"


@pytest.mark.parametrize("contact_id", ["leitung", "ansprechpersonen"])
def test_contact_anchors_are_unique_on_the_contact_page(tmp_path: Path, contact_id: str) -> None:
    """A contact id is a valid slug such as `leitung`; its anchor must still be unique."""
    data = small_data()
    data["contacts"][0]["id"] = contact_id
    for raw in data["initiatives"].values():
        raw["contacts"] = [contact_id if c == "adelskamp" else c for c in raw.get("contacts", [])]
    project = make_project(tmp_path, lambda d: write_data(d, data))
    site = load_site(project / "data", project)
    page = next(p for p in site_pages(site, Renderer(TEMPLATES)) if p.src_uri == "kontakt/index.md")
    ids = parse_html(split_page(page)[1]).ids()
    assert ids.count(contact_id) == 1, ids


# --------------------------------------------------------------------------- home page


def section_after(root, heading: str):
    """The <section> of the home page whose h2 reads `heading` (None if there is none)."""
    for section in root.find_all("section"):
        h2 = section.find("h2")
        if h2 is not None and h2.text().strip() == heading:
            return section
    return None


def test_home_fragments_match_the_data(loaded) -> None:
    data, site = loaded
    fragments = home_fragments(site, Renderer(TEMPLATES))
    assert fragments["initiative_count"] == len(data["initiatives"])
    assert fragments["field_count"] == len(data["fields"])
    assert fragments["partner_count"] == len(data["partners"])
    assert fragments["contact_count"] == len(data["contacts"])
    statuses = Counter(raw["status"] for raw in data["initiatives"].values())
    assert fragments["status_counts"] == {status: statuses[status] for status in STATUS_LABELS}
    assert fragments["running_count"] == statuses["pilot"] + statuses["implementation"]

    home = parse_html(str(fragments["home_html"]))
    assert [h1.text() for h1 in home.find_all("h1")] == [
        "CONNECTED.ESSEN – die Smart-City-Initiative der Stadt Essen"
    ]
    figures = next(n for n in home.iter() if "ce-figures" in n.classes())
    numbers = [n.text() for n in figures.iter() if "ce-figure__n" in n.classes()]
    assert numbers == [
        str(len(data["initiatives"])),
        str(fragments["running_count"]),
        str(len(data["fields"])),
        str(len(data["partners"])),
    ]

    featured = section_after(home, "Ausgewählte Initiativen")
    assert featured is not None
    featured_ids = {
        id_from_filename(stem) for stem, raw in data["initiatives"].items() if raw.get("featured")
    }
    assert featured_ids
    cards = [n for n in featured.iter() if "ce-card" in n.classes()]
    assert {c.find("a").attrs["href"] for c in cards} == {f"initiativen/{i}/" for i in featured_ids}

    fields = section_after(home, "Handlungsfelder")
    assert fields is not None
    tiles = [n for n in fields.iter() if "ce-tile" in n.classes()]
    assert [t.find("a").attrs["href"] for t in tiles] == [
        f"handlungsfelder/{f['id']}/" for f in data["fields"]
    ]
    # Each tile carries its field's colour class (fields.css) and its count.
    for tile, field in zip(tiles, data["fields"], strict=True):
        assert f"ce-f-{field['id']}" in tile.classes()
        count = sum(field["id"] in raw["fields"] for raw in data["initiatives"].values())
        assert f"{count} Initiative" in tile.text()

    partners = section_after(home, "Partner")
    assert partners is not None
    assert {h for h in partners.hrefs()} == {
        f"partner/{id_from_filename(stem)}/" for stem in data["partners"]
    }
    # No news yet: no heading for them either.
    assert section_after(home, "Neuigkeiten") is None


def test_recently_updated_lists_the_five_newest_checks(tmp_path: Path) -> None:
    data = small_data()
    stems = list(data["initiatives"])
    extra = {f"neu-{n}": dict(data["initiatives"][stems[0]], title=f"Neu {n}") for n in range(3)}
    data["initiatives"].update(extra)
    days = {
        stem: dt.date(2025, 1, 1) + dt.timedelta(days=n)
        for n, stem in enumerate(data["initiatives"])
    }
    undated = stems[-1]
    for stem, raw in data["initiatives"].items():
        raw.pop("updated", None)
        if stem != undated:
            raw["updated"] = days[stem]
    project = make_project(tmp_path, lambda d: write_data(d, data))
    site = load_site(project / "data", project)
    newest = sorted((s for s in data["initiatives"] if s != undated), key=days.get, reverse=True)
    assert [i.id for i in recently_updated(site)] == [id_from_filename(s) for s in newest[:5]]

    home = parse_html(str(home_fragments(site, Renderer(TEMPLATES))["home_html"]))
    recent = section_after(home, "Zuletzt aktualisiert")
    assert recent is not None
    assert [a.attrs["href"] for a in recent.find_all("a")] == [
        f"initiativen/{id_from_filename(s)}/" for s in newest[:5]
    ]
    assert [t.attrs["datetime"] for t in recent.find_all("time")] == [
        days[s].isoformat() for s in newest[:5]
    ]


def test_field_stylesheet_holds_only_checked_ids_and_colours(loaded) -> None:
    _, site = loaded
    css = field_stylesheet(site)
    rules = re.findall(r"^\.ce-f-([a-z0-9-]+) \{ --ce-field: (#[0-9a-f]{6}); \}$", css, re.M)
    assert rules == [(f.id, f.color) for f in site.fields if f.color]
    assert rules, "the hostile data set gives its fields colours"
    # Nothing but the comment and the rules: no text from data beyond ids and colours.
    assert len(css.strip().splitlines()) == len(rules) + 1
    with pytest.raises(ValueError):
        bad = dataclasses.replace(site.fields[0], color="red;}body{display:none")
        field_stylesheet(dataclasses.replace(site, fields=(bad, *site.fields[1:])))


def test_generated_pages_hide_the_navigation_and_toc(pages) -> None:
    for page in pages.values():
        assert page.meta["hide"] == ["navigation", "toc"], page.src_uri


def test_icons_are_inlined_when_the_theme_provides_them(loaded, tmp_path: Path) -> None:
    _, site = loaded
    icons = tmp_path / "icons"
    (icons / "material").mkdir(parents=True)
    (icons / "material" / "home-city.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>', encoding="utf-8"
    )
    renderer = Renderer(TEMPLATES, icons_dir=icons)
    for page in site_pages(site, renderer):
        if page.src_uri == "handlungsfelder/smart-living/index.md":
            _, body = split_page(page)
            svg = parse_html(body).find("svg")
            assert svg is not None
            assert svg.attrs.get("aria-hidden") == "true"
            break
    else:
        pytest.fail("no page for smart-living")


# --------------------------------------------------------------------------- reuse in the preview


def test_preview_reuses_exactly_the_pages_whose_context_is_unchanged(tmp_path: Path) -> None:
    """A rebuild reuses a record's page only while everything it shows is unchanged."""
    data = small_data()
    project = make_project(tmp_path / "before", lambda d: write_data(d, data))
    first = Renderer(TEMPLATES)
    before = {p.src_uri: p for p in site_pages(load_site(project / "data", project), first)}

    renamed = next(iter(data["partners"]))
    data["partners"][renamed]["name"] = "Umbenannter Partner"
    project = make_project(tmp_path / "after", lambda d: write_data(d, data))
    site = load_site(project / "data", project)
    after = {p.src_uri: p for p in site_pages(site, Renderer(TEMPLATES, reusable=first.rendered))}

    assert before.keys() == after.keys()
    outcomes = set()
    for initiative in site.initiatives:
        uri = f"initiativen/{initiative.id}/index.md"
        shows_partner = any(p.id == renamed for p in initiative.organizations) or any(
            c.organization.id == renamed for c in initiative.contacts
        )
        outcomes.add(shows_partner)
        if shows_partner:
            assert after[uri] is not before[uri]
            assert "Umbenannter Partner" in after[uri].body
        else:
            assert after[uri] is before[uri], f"{uri} was rendered again"
    assert outcomes == {True, False}, "the data set must have pages of both kinds"
    # Overview pages show the whole site: never reused.
    for uri in ("initiativen/index.md", "partner/index.md", "kontakt/index.md"):
        assert after[uri] is not before[uri]


def test_counts_of_one_take_the_singular_on_every_page(tmp_path: Path) -> None:
    """One field, one initiative, one partner: no page says »1 Initiativen« (issue 13)."""
    data = small_data()
    data["fields"] = data["fields"][:1]
    data["partners"] = {"stadt-essen": data["partners"]["stadt-essen"]}
    data["contacts"] = [c for c in data["contacts"] if c["organization"] == "stadt-essen"]
    data["initiatives"] = {
        "solo": {
            "title": "Einzige Initiative",
            "fields": ["smart-living"],
            "status": "pilot",
            "summary": "Die einzige.",
            "lead": "stadt-essen",
            "featured": True,
        }
    }
    project = make_project(tmp_path, lambda d: write_data(d, data))
    site = load_site(project / "data", project)
    renderer = Renderer(TEMPLATES)
    texts = {page.src_uri: parse_html(page.body).text() for page in site_pages(site, renderer)}
    texts["index.md"] = parse_html(str(home_fragments(site, renderer)["home_html"])).text()
    plural_after_one = re.compile(
        r"(?<![\d.,])1 (Initiativen|Handlungsfeldern|Handlungsfelder|Partnern)\b"
    )
    wrong = {uri: plural_after_one.findall(text) for uri, text in texts.items()}
    assert {uri: found for uri, found in wrong.items() if found} == {}
    # The labels the pages do use for one (so the test cannot pass on empty pages).
    assert "1 Initiative" in texts["index.md"]
    assert "1 Handlungsfeld" in texts["handlungsfelder/index.md"]
