"""Real strict MkDocs builds into temporary folders."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urldefrag

import pytest
import yaml

from plugins.essen.loading import id_from_filename
from plugins.essen.rules import PARTNER_TYPE_GROUP_LABELS, PARTNER_TYPE_LABELS

from ..conftest import (
    BOLD_PARTNER,
    HOSTILE_SUMMARY,
    HOSTILE_TITLE,
    OTHER_DATA,
    QUOTED_CONTACT,
    Page,
    SampleSite,
    assert_built,
    build,
    html_files,
    line_of,
    make_project,
    page_path,
    parse_html,
    read_data,
    snapshot,
    unsafe_markup,
    write_data,
    write_small_data,
)

# --------------------------------------------------------------------------- helpers


class Site:
    """A built site folder with cached parsed pages."""

    def __init__(self, project: Path, site_dir: Path, data: dict) -> None:
        self.project = project
        self.dir = site_dir
        self.data = data
        self.config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
        self._pages: dict[str, Page] = {}

    def page(self, url: str) -> Page:
        rel = page_path(url)
        if rel not in self._pages:
            self._pages[rel] = Page(self.dir, rel)
        return self._pages[rel]

    def html_pages(self) -> list[str]:
        return [p.relative_to(self.dir).as_posix() for p in html_files(self.dir)]


def build_site(project: Path) -> Site:
    site_dir = project.parent / "site"
    result = build(project, site_dir)
    assert_built(result)
    return Site(project, site_dir, read_data(project / "data"))


def broken_links(site: Site) -> list[str]:
    """Every link between pages of the site that points at no file or at no anchor."""
    broken = []
    ids: dict[Path, set[str]] = {}
    for rel in site.html_pages():
        page = Page(site.dir, rel)
        for href in page.root.hrefs():
            target = page.resolve(href)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue  # other site, mailto:, tel:
            url, fragment = urldefrag(target)
            # A query selects filter options (/initiativen/?status=pilot); the page is the file.
            file = site.dir / page_path(url.split("?", 1)[0])
            if not file.is_file():
                broken.append(f"{rel}: {href} (no file)")
            elif fragment and file.suffix == ".html":
                if file not in ids:
                    ids[file] = set(parse_html(file.read_text(encoding="utf-8")).ids())
                if fragment not in ids[file]:
                    broken.append(f"{rel}: {href} (no anchor)")
    return broken


def initiative_targets(page: Page) -> set[str]:
    return {t for t in page.targets() if re.fullmatch(r"initiativen/[^/#]+/", t)}


# --------------------------------------------------------------------------- a. the repo's site


@pytest.fixture(scope="module")
def repo_site(sample_site: SampleSite) -> Site:
    # The shared build of the repo's project (conftest), read only here.
    return Site(sample_site.project, sample_site.site_dir, read_data(sample_site.project / "data"))


def test_repo_site_has_a_page_for_every_record(repo_site: Site) -> None:
    data = repo_site.data
    for url in ("", "handlungsfelder/", "initiativen/", "partner/", "kontakt/"):
        assert (repo_site.dir / page_path(url)).is_file(), url
    for field in data["fields"]:
        assert repo_site.page(f"handlungsfelder/{field['id']}/").h1.strip() == field["name"]
    for initiative_id, raw in data["initiatives"].items():
        assert repo_site.page(f"initiativen/{initiative_id}/").h1 == raw["title"]
    for partner_id, raw in data["partners"].items():
        assert repo_site.page(f"partner/{partner_id}/").h1 == raw["name"]


def test_repo_initiative_pages_link_to_fields_partners_and_contacts(repo_site: Site) -> None:
    for initiative_id, raw in repo_site.data["initiatives"].items():
        page = repo_site.page(f"initiativen/{initiative_id}/")
        expected = {f"handlungsfelder/{f}/" for f in raw["fields"]}
        expected |= {f"partner/{p}/" for p in raw.get("partners", [])}
        if raw.get("lead"):
            expected.add(f"partner/{raw['lead']}/")
        expected |= {f"kontakt/#{c}" for c in raw.get("contacts", [])}
        missing = expected - page.targets()
        assert not missing, f"{initiative_id}: {missing}"


def test_repo_field_pages_link_to_all_their_initiatives(repo_site: Site) -> None:
    for field in repo_site.data["fields"]:
        expected = {
            f"initiativen/{i}/"
            for i, raw in repo_site.data["initiatives"].items()
            if field["id"] in raw["fields"]
        }
        page = repo_site.page(f"handlungsfelder/{field['id']}/")
        assert initiative_targets(page) == expected, field["id"]


def test_repo_partner_pages_link_to_initiatives_they_lead_or_join(repo_site: Site) -> None:
    for partner_id in repo_site.data["partners"]:
        expected = {
            f"initiativen/{i}/"
            for i, raw in repo_site.data["initiatives"].items()
            if raw.get("lead") == partner_id or partner_id in raw.get("partners", [])
        }
        page = repo_site.page(f"partner/{partner_id}/")
        assert initiative_targets(page) == expected, partner_id


def test_repo_partner_overview_groups_partners_by_type(repo_site: Site) -> None:
    page = repo_site.page("partner/")
    groups: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    current = None
    for node in page.content.iter():
        if node.tag == "h2":
            current = str(node.attrs.get("id"))
            labels[current] = node.text().strip()
            groups[current] = set()
        elif node.tag == "a" and current is not None and node.attrs.get("href"):
            target = page.resolve(str(node.attrs["href"]))
            if re.fullmatch(r"partner/[^/#]+/", target):
                groups[current].add(target)
    expected: dict[str, set[str]] = {}
    for partner_id, raw in repo_site.data["partners"].items():
        expected.setdefault(raw["type"], set()).add(f"partner/{partner_id}/")
    assert groups == expected
    assert labels == {t: PARTNER_TYPE_GROUP_LABELS[t] for t in expected}


def expected_tel(phone: str) -> str:
    return "tel:" + ("+" if phone.strip().startswith("+") else "") + re.sub(r"\D", "", phone)


def check_contact_page(site: Site) -> None:
    page = site.page("kontakt/")
    contacts = site.data["contacts"]
    order = page.content.ids()
    for contact in contacts:
        element = page.by_id(contact["id"])
        assert element is not None, contact["id"]
        assert contact["name"] in element.text()
        hrefs = set(element.hrefs())
        if contact.get("phone"):
            assert expected_tel(contact["phone"]) in hrefs, contact["id"]
        if contact.get("email"):
            assert f"mailto:{contact['email']}" in hrefs, contact["id"]
        organization = {page.resolve(h) for h in hrefs}
        assert f"partner/{contact['organization']}/" in organization
    leaders = [order.index(c["id"]) for c in contacts if c.get("leadership")]
    others = [order.index(c["id"]) for c in contacts if not c.get("leadership")]
    assert leaders and others
    assert max(leaders) < min(others)


def test_repo_contact_page(repo_site: Site) -> None:
    check_contact_page(repo_site)


def test_repo_initiative_overview_links_every_initiative(repo_site: Site) -> None:
    page = repo_site.page("initiativen/")
    assert initiative_targets(page) == {f"initiativen/{i}/" for i in repo_site.data["initiatives"]}


def test_repo_home_page_shows_figures_and_featured_initiatives(repo_site: Site) -> None:
    page = repo_site.page("")
    data = repo_site.data
    figures = {
        " ".join(a.text().split()) for a in page.content.find_all("a") if "ce-figure" in a.classes()
    }
    running = sum(
        raw["status"] in ("pilot", "implementation") for raw in data["initiatives"].values()
    )
    assert figures == {
        f"{len(data['initiatives'])} Initiativen",
        f"{running} davon laufend (Pilotphase, Umsetzung)",
        f"{len(data['fields'])} Handlungsfelder",
        f"{len(data['partners'])} Partner",
    }
    text = " ".join(page.content.text().split())
    assert "{{" not in text and "essen." not in text
    featured = {
        f"initiativen/{i}/" for i, raw in data["initiatives"].items() if raw.get("featured")
    }
    assert featured
    assert featured <= initiative_targets(page)
    assert {f"handlungsfelder/{f['id']}/" for f in data["fields"]} <= page.targets()
    assert {f"partner/{p}/" for p in data["partners"]} <= page.targets()
    assert "ueber/" in page.targets()


def test_repo_about_page_has_the_long_texts_with_figures_from_the_data(repo_site: Site) -> None:
    page = repo_site.page("ueber/")
    data = repo_site.data
    assert page.h1.rstrip("¶") == "Über CONNECTED.ESSEN"
    headings = [h.text().strip().rstrip("¶") for h in page.content.find_all("h2")]
    assert {
        "Was ist eine Smart City?",
        "Zwölf Empfehlungen der Smart City Charta",
        "Der Essener Weg",
    } <= set(headings)
    charta = next(ol for ol in page.content.find_all("ol"))
    assert len(charta.find_all("li")) == 12
    text = " ".join(page.content.text().split())
    assert (
        f"{len(data['initiatives'])} Initiativen aus {len(data['fields'])} Handlungsfeldern" in text
    )
    assert f"{len(data['partners'])} Partner" in text
    assert "{{" not in text
    # Moved, not copied: the home page no longer carries the long texts.
    home = " ".join(repo_site.page("").content.text().split())
    assert "Zwölf Empfehlungen" not in home and "Sinngemäß lauten sie" not in home


def test_repo_navigation_lists_the_about_page_and_hides_the_sidebar_of_records(
    repo_site: Site,
) -> None:
    home = repo_site.page("")
    tabs = [
        " ".join(a.text().split())
        for a in home.root.find_all("a")
        if "md-tabs__link" in a.classes()
    ]
    assert tabs == [
        "Start",
        "Handlungsfelder",
        "Initiativen",
        "Stadtteile",
        "Aktuelles",
        "Termine",
        "Partner",
        "Über CONNECTED.ESSEN",
        "Offene Daten",
        "Kontakt",
    ]
    initiative = next(iter(repo_site.data["initiatives"]))
    partner = next(iter(repo_site.data["partners"]))
    field = repo_site.data["fields"][0]["id"]
    for url in (
        f"initiativen/{initiative}/",
        f"partner/{partner}/",
        f"handlungsfelder/{field}/",
        "kontakt/",
        "initiativen/",
        "partner/",
        "handlungsfelder/",
        "ueber/",
    ):
        sidebar = next(
            n for n in repo_site.page(url).root.iter() if "md-sidebar--primary" in n.classes()
        )
        assert "hidden" in sidebar.attrs, url


def test_repo_lists_of_initiatives_are_cards_with_thumbnail_status_and_fields(
    repo_site: Site,
) -> None:
    data = repo_site.data
    field = data["fields"][0]["id"]
    partner = next(iter(data["partners"]))
    for url in ("initiativen/", f"handlungsfelder/{field}/", f"partner/{partner}/", ""):
        page = repo_site.page(url)
        cards = [n for n in page.content.iter() if "ce-card" in n.classes()]
        assert cards, url
        for card in cards:
            target = page.resolve(str(card.find("a").attrs["href"]))
            raw = data["initiatives"][target.split("/")[1]]
            thumb = next(n for n in card.iter() if "ce-card__thumb" in n.classes())
            assert f"ce-f-{raw['fields'][0]}" in thumb.classes(), url
            status = [n for n in card.iter() if "ce-status" in n.classes()]
            assert [s.classes() >= {f"ce-status--{raw['status']}"} for s in status] == [True], url
            if not url.startswith("handlungsfelder/"):
                badges = [
                    page.resolve(str(a.attrs["href"]))
                    for a in card.find_all("a")
                    if "ce-badge" in a.classes()
                ]
                assert badges == [f"handlungsfelder/{f}/" for f in raw["fields"]], url


def test_repo_partners_show_their_logo_where_given_and_a_singular_type(repo_site: Site) -> None:
    """Home page, overview and record page show a partner's logo (with its alt) exactly when the
    data gives one; the record page names the type in the singular (»Art: Kommunales
    Unternehmen«, issue 13)."""
    partners = repo_site.data["partners"]
    assert any("logo" in raw for raw in partners.values())
    assert any("logo" not in raw for raw in partners.values())
    for url in ("", "partner/"):
        page = repo_site.page(url)
        entries = [n for n in page.content.iter() if "ce-partner" in n.classes()]
        shown = {}
        for entry in entries:
            target = page.resolve(str(entry.find("a").attrs["href"]))
            shown[target.split("/")[1]] = [img.attrs.get("alt") for img in entry.find_all("img")]
        assert shown == {
            pid: [raw["logo"]["alt"]] if "logo" in raw else [] for pid, raw in partners.items()
        }, url
    for pid, raw in partners.items():
        page = repo_site.page(f"partner/{pid}/")
        head = next(n for n in page.content.iter() if "ce-record-head" in n.classes())
        logos = [img.attrs.get("alt") for img in head.find_all("img")]
        assert logos == ([raw["logo"]["alt"]] if "logo" in raw else []), pid
        facts = next(n for n in page.content.iter() if "ce-facts" in n.classes())
        terms = [n for n in facts.children if not isinstance(n, str)]
        labels = {
            dt.text().strip(): " ".join(dd.text().split())
            for dt, dd in zip(terms[::2], terms[1::2], strict=True)
        }
        assert labels["Art"] == PARTNER_TYPE_LABELS[raw["type"]], pid


def test_repo_home_hero_has_the_claim_and_two_calls_to_action(repo_site: Site) -> None:
    page = repo_site.page("")
    hero = next(n for n in page.content.iter() if "ce-hero" in n.classes())
    assert [h1.text().strip() for h1 in hero.find_all("h1")] == [
        "CONNECTED.ESSEN – die Smart-City-Initiative der Stadt Essen"
    ]
    actions = next(n for n in hero.iter() if "ce-hero__actions" in n.classes())
    assert [page.resolve(h) for h in actions.hrefs()] == ["initiativen/", "ueber/"]


def test_repo_field_colours_reach_the_site_as_a_stylesheet(repo_site: Site) -> None:
    css = (repo_site.dir / "assets" / "stylesheets" / "fields.css").read_text(encoding="utf-8")
    expected = [(f["id"], f["color"].lower()) for f in repo_site.data["fields"] if f.get("color")]
    assert expected
    assert re.findall(r"\.ce-f-([a-z0-9-]+) \{ --ce-field: (#[0-9a-f]{6}); \}", css) == expected
    page = repo_site.page("")
    links = [str(link.attrs.get("href")) for link in page.root.find_all("link")]
    assert "assets/stylesheets/fields.css" in links
    # No inline styles anywhere (the Content-Security-Policy has no 'unsafe-inline').
    for rel in repo_site.html_pages():
        root = Page(repo_site.dir, rel).root
        assert not [n for n in root.iter() if "style" in n.attrs or n.tag == "style"], rel


def test_repo_sitemap_lists_every_page(repo_site: Site) -> None:
    site_url = repo_site.config["site_url"]
    tree = ET.parse(repo_site.dir / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {loc.text for loc in tree.getroot().findall("s:url/s:loc", namespace)}
    pages = {
        site_url + rel[: -len("index.html")]
        for rel in repo_site.html_pages()
        if rel.endswith("index.html")
    }
    data = repo_site.data
    records = {site_url + f"initiativen/{i}/" for i in data["initiatives"]}
    records |= {site_url + f"partner/{p}/" for p in data["partners"]}
    records |= {site_url + f"handlungsfelder/{f['id']}/" for f in data["fields"]}
    assert records <= pages
    assert locs == pages


def test_repo_search_index_covers_every_initiative(repo_site: Site) -> None:
    """The build runs Pagefind: every initiative page is marked for indexing and counted."""
    for initiative_id in repo_site.data["initiatives"]:
        raw = (repo_site.dir / "initiativen" / initiative_id / "index.html").read_text("utf-8")
        assert "data-pagefind-body" in raw, initiative_id
    entry = json.loads((repo_site.dir / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    indexed = sum(language["page_count"] for language in entry["languages"].values())
    assert indexed >= len(repo_site.data["initiatives"])


def test_repo_site_publishes_open_data_matching_the_data(repo_site: Site) -> None:
    data, daten = repo_site.data, repo_site.dir / "daten"
    initiatives = data["initiatives"]
    records = json.loads((daten / "initiativen.json").read_text("utf-8"))
    assert sorted(r["id"] for r in records) == sorted(initiatives)
    for record in records:
        assert record["title"] == initiatives[record["id"]]["title"]
        assert record["summary"] == initiatives[record["id"]]["summary"]
    rows = list(csv.DictReader(io.StringIO((daten / "initiativen.csv").read_text("utf-8-sig"))))
    assert sorted(row["id"] for row in rows) == sorted(initiatives)
    features = json.loads((daten / "initiativen.geojson").read_text("utf-8"))["features"]
    located = {i: raw["location"] for i, raw in initiatives.items() if "location" in raw}
    assert {f["properties"]["id"] for f in features} == set(located)
    for feature in features:
        place = located[feature["properties"]["id"]]
        assert feature["geometry"]["coordinates"] == [place["lon"], place["lat"]]
    partners = json.loads((daten / "partner.json").read_text("utf-8"))
    assert {p["id"] for p in partners} == set(data["partners"])
    json.loads((daten / "katalog.jsonld").read_text("utf-8"))
    feed = ET.parse(repo_site.dir / "feed.xml").getroot()
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == len(initiatives)
    targets = repo_site.page("daten/").targets()
    for name in ("initiativen.json", "initiativen.csv", "initiativen.geojson", "partner.json"):
        assert f"daten/{name}" in targets, name


def structured_data(page: Page) -> list[dict]:
    return [
        json.loads(node.text())
        for node in page.root.find_all("script")
        if node.attrs.get("type") == "application/ld+json"
    ]


def test_every_initiative_page_has_a_schema_org_project(repo_site: Site) -> None:
    for initiative_id, raw in repo_site.data["initiatives"].items():
        projects = [
            d
            for d in structured_data(repo_site.page(f"initiativen/{initiative_id}/"))
            if d.get("@type") == "Project"
        ]
        assert len(projects) == 1, initiative_id
        assert projects[0]["name"] == raw["title"]
        assert projects[0]["url"].endswith(f"/initiativen/{initiative_id}/")


def test_contact_page_has_organization_and_a_vcard_per_contact(repo_site: Site) -> None:
    page = repo_site.page("kontakt/")
    (organization,) = [d for d in structured_data(page) if d["@type"] == "GovernmentOrganization"]
    reachable = [c for c in repo_site.data["contacts"] if c.get("phone") or c.get("email")]
    assert len(organization["contactPoint"]) == len(reachable)
    targets = page.targets()
    for contact in repo_site.data["contacts"]:
        assert f"kontakt/{contact['id']}.vcf" in targets, contact["id"]
        card = (repo_site.dir / "kontakt" / f"{contact['id']}.vcf").read_bytes().decode("utf-8")
        assert card.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n")
        assert "FN:" in card


def nav_initiative_links(page: Page) -> list[str]:
    return [
        str(a.attrs["href"])
        for a in page.root.find_all("a")
        if "md-nav__link" in a.classes()
        and re.fullmatch(r"initiativen/[^/#]+/", urldefrag(page.resolve(str(a.attrs["href"])))[0])
    ]


def test_repo_navigation_does_not_list_initiatives(repo_site: Site) -> None:
    home = repo_site.page("")
    # the navigation is there and links the overview, but no single initiative
    nav_targets = {
        home.resolve(str(a.attrs["href"]))
        for a in home.root.find_all("a")
        if "md-nav__link" in a.classes()
    }
    assert "initiativen/" in nav_targets
    assert nav_initiative_links(home) == []
    some_initiative = next(iter(repo_site.data["initiatives"]))
    assert nav_initiative_links(repo_site.page(f"initiativen/{some_initiative}/")) == []
    assert nav_initiative_links(repo_site.page("initiativen/")) == []


def test_repo_site_has_no_broken_internal_links(repo_site: Site) -> None:
    assert broken_links(repo_site) == []


# --------------------------------------------------------------------------- b. other data


HOSTILE_ID = id_from_filename("Böse Initiative")


@pytest.fixture(scope="module")
def other_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    project = make_project(tmp_path_factory.mktemp("other"), lambda d: write_data(d, OTHER_DATA))
    return build_site(project)


def test_other_data_builds_with_ids_from_file_names(other_site: Site) -> None:
    for url in (
        "initiativen/buerger-rathaus-sued/",
        f"initiativen/{HOSTILE_ID}/",
        "initiativen/klima-plan/",
        "partner/gruen-co/",
        "partner/schule-am-park/",
        "handlungsfelder/klima/",
        "handlungsfelder/bildung/",
    ):
        assert (other_site.dir / page_path(url)).is_file(), url
    assert other_site.page("initiativen/buerger-rathaus-sued/").h1 == "Bürger-Rathaus Süd"
    assert other_site.page("partner/gruen-co/").h1 == "Grün & Co. KG"


def test_other_data_links_and_contacts(other_site: Site) -> None:
    page = other_site.page("initiativen/buerger-rathaus-sued/")
    assert {
        "handlungsfelder/bildung/",
        "handlungsfelder/klima/",
        "partner/gruen-co/",
        "partner/schule-am-park/",
        "kontakt/#quoter",
        "kontakt/#normal",
    } <= page.targets()
    check_contact_page(other_site)
    assert broken_links(other_site) == []


def test_no_page_contains_active_content_from_data(other_site: Site) -> None:
    for rel in other_site.html_pages():
        source = (other_site.dir / rel).read_text(encoding="utf-8")
        lowered = source.lower()
        assert "<script>alert" not in lowered, rel
        assert "onerror=" not in lowered, rel
        assert "onclick=" not in lowered, rel
        assert "javascript:" not in lowered, rel
        assert "<b>bold</b>" not in lowered, rel
        assert "<i>kursiv</i>" not in lowered, rel
        assert "<i>tag</i>" not in lowered, rel
        assert unsafe_markup(parse_html(source)) == [], rel


def test_template_syntax_in_data_is_never_evaluated(other_site: Site) -> None:
    for rel in other_site.html_pages():
        text = " ".join(Page(other_site.dir, rel).root.text().split())
        assert "alert(1)</script> 49" not in text, rel
        assert "fett</b> 49" not in text, rel
    page = other_site.page(f"initiativen/{HOSTILE_ID}/")
    paragraphs = [p.text() for p in page.content.find_all("p")]
    assert HOSTILE_SUMMARY in paragraphs
    assert "Beschreibung mit {{ 7*7 }} und {% raw %} darin." in paragraphs
    assert "{{ 7*7 }}" in [li.text() for li in page.content.find_all("li")]
    assert "49" not in page.content.text()


ENTITY = re.compile(r"&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);", re.I)


def test_text_from_data_is_escaped_exactly_once(other_site: Site) -> None:
    """No page shows an entity as text (which would mean data was escaped twice)."""
    for rel in other_site.html_pages():
        root = Page(other_site.dir, rel).root
        for node in root.iter():
            if node.tag == "script":
                continue
            for child in node.children:
                if isinstance(child, str):
                    assert not ENTITY.search(child), f"{rel}: {child.strip()[:120]!r}"
            for name, value in node.attrs.items():
                assert not ENTITY.search(value or ""), f"{rel}: {name}={value!r}"


def test_hostile_title_is_text_in_title_and_h1(other_site: Site) -> None:
    page = other_site.page(f"initiativen/{HOSTILE_ID}/")
    assert page.h1 == HOSTILE_TITLE
    assert page.title == f"{HOSTILE_TITLE} - {other_site.config['site_name']}"
    assert page.meta_description == HOSTILE_SUMMARY


def test_hostile_title_is_text_on_overview_and_home_pages(other_site: Site) -> None:
    for url in ("initiativen/", "handlungsfelder/klima/", "partner/bold-sons/", ""):
        page = other_site.page(url)
        link_texts = [
            a.text()
            for a in page.content.find_all("a")
            if page.resolve(str(a.attrs.get("href"))) == f"initiativen/{HOSTILE_ID}/"
        ]
        assert link_texts == [HOSTILE_TITLE], url


def test_names_with_markup_are_text(other_site: Site) -> None:
    partner = other_site.page("partner/bold-sons/")
    assert partner.h1 == BOLD_PARTNER
    assert partner.title == f"{BOLD_PARTNER} - {other_site.config['site_name']}"
    assert partner.meta_description == "B&S"
    overview = other_site.page("partner/")
    assert BOLD_PARTNER in [a.text() for a in overview.content.find_all("a")]
    contacts = other_site.page("kontakt/")
    element = contacts.by_id("quoter")
    assert element is not None
    heading = element.find("h3")
    assert heading is not None and heading.text() == QUOTED_CONTACT
    assert 'Leitung <script>alert(8)</script> "Chefin"' in element.text()
    assert element.find("i") is None and element.find("script") is None
    initiative = other_site.page(f"initiativen/{HOSTILE_ID}/")
    assert QUOTED_CONTACT in [a.text() for a in initiative.content.find_all("a")]
    link = [a for a in initiative.content.find_all("a") if a.text() == "<script>alert(9)</script>"]
    assert [a.attrs["href"] for a in link] == ["https://example.org/?a=1&b=2"]


# --------------------------------------------------------------------------- URL style


@pytest.fixture(scope="module")
def flat_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    project = make_project(tmp_path_factory.mktemp("flat"), write_small_data)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\nuse_directory_urls: false\n", encoding="utf-8"
    )
    return build_site(project)


def test_links_work_without_directory_urls(flat_site: Site) -> None:
    for initiative_id in flat_site.data["initiatives"]:
        assert (flat_site.dir / "initiativen" / initiative_id / "index.html").is_file()
    assert broken_links(flat_site) == []
    page = flat_site.page("initiativen/ampel/index.html")
    assert "handlungsfelder/smart-mobility/index.html" in page.targets()


# --------------------------------------------------------------------------- c. data errors


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(make_project(tmp_path_factory.mktemp("good"), write_small_data))


BROKEN_INITIATIVE = """\
title: Kaputt
fields:
  - smart-living
  - smart-livng
status: idea
summary: Ein Handlungsfeld ist falsch geschrieben.
"""


def break_unknown_field(data_dir: Path) -> str:
    (data_dir / "initiatives" / "kaputt.yml").write_text(BROKEN_INITIATIVE, encoding="utf-8")
    line = line_of(BROKEN_INITIATIVE, "- smart-livng")
    return f"data/initiatives/kaputt.yml:{line}: fields[2]: "


def break_yaml_syntax(data_dir: Path) -> str:
    path = data_dir / "partners" / "evv.yml"
    text = path.read_text(encoding="utf-8") + "website: https://x.example/: oops\n"
    path.write_text(text, encoding="utf-8")
    return f"data/partners/evv.yml:{len(text.splitlines())}: (Datei): "


def break_encoding(data_dir: Path) -> str:
    path = data_dir / "partners" / "uni.yml"
    path.write_bytes(path.read_bytes() + "description: Gr\u00fc\u00dfe\n".encode("latin-1"))
    return f"data/partners/uni.yml:{len(path.read_bytes().splitlines())}: (Datei): "


def break_contact_reference(data_dir: Path) -> str:
    path = data_dir / "contacts.yml"
    text = path.read_text(encoding="utf-8").replace(
        "organization: lumenkraft", "organization: lumen"
    )
    path.write_text(text, encoding="utf-8")
    return f"data/contacts.yml:{line_of(text, 'organization: lumen')}: organization: "


@pytest.mark.parametrize(
    "breaker",
    [break_unknown_field, break_yaml_syntax, break_encoding, break_contact_reference],
    ids=["unknown-field", "yaml-syntax", "encoding", "contact-reference"],
)
def test_data_error_stops_the_build_and_keeps_the_old_site(
    good_build: Site, tmp_path: Path, breaker
) -> None:
    project = tmp_path / "project"
    site_dir = tmp_path / "site"
    shutil.copytree(good_build.project, project)
    shutil.copytree(good_build.dir, site_dir)
    before = snapshot(site_dir)
    assert "index.html" in before and "initiativen/ampel/index.html" in before

    expected = breaker(project / "data")
    result = build(project, site_dir)

    assert result.returncode != 0
    assert expected in result.stderr, result.stderr
    assert snapshot(site_dir) == before
