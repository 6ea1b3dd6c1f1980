"""Legal pages and footer: every page links to them, they carry their required parts, and facts
only the city can supply come from `extra.legal` in mkdocs.yml, visibly marked while open."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser

from ..conftest import (
    REPO,
    Node,
    Page,
    SampleSite,
    assert_built,
    build,
    chromium,
    html_files,
    make_project,
    page_path,
    serve_directory,
)

PLACEHOLDER_PREFIX = "[Platzhalter"

# Footer targets every page must link to (site-relative, directory URLs).
FOOTER_TARGETS = ["kontakt/", "impressum/", "datenschutz/", "barrierefreiheit/", "leichte-sprache/"]

LEGAL_SOURCES = {
    "impressum/": "impressum.md",
    "datenschutz/": "datenschutz.md",
    "barrierefreiheit/": "barrierefreiheit.md",
    "leichte-sprache/": "leichte-sprache.md",
}

# Where each fact of `extra.legal` has to appear.
FACT_PAGES = {
    "address": ["impressum/", "datenschutz/"],
    "phone": ["impressum/"],
    "email": ["impressum/", "datenschutz/"],
    "representative": ["impressum/"],
    "responsible": ["impressum/"],
    "supervisory_authority": ["impressum/"],
    "vat_id": ["impressum/"],
    "data_protection_officer": ["datenschutz/"],
    "hosting": ["datenschutz/"],
    "log_retention": ["datenschutz/"],
    "accessibility_statement_date": ["barrierefreiheit/"],
    "accessibility_contact": ["barrierefreiheit/"],
    "ombudsstelle_contact": ["barrierefreiheit/"],
}

# What each page must say (German law and the requirements), as visible text.
REQUIRED_TEXT = {
    "impressum/": [
        "§ 5 Digitale-Dienste-Gesetz (DDG)",
        "§ 18 Abs. 2 Medienstaatsvertrag (MStV)",
        "Stadt Essen",
        "vertreten durch den Oberbürgermeister",
        "Umsatzsteuer-Identifikationsnummer",
        "Aufsichtsbehörde",
    ],
    "datenschutz/": [
        "Diese Website setzt keine Cookies.",
        "„Local Storage“",
        "„Session Storage“",
        "Kein Tracking",
        "Systemschrift",
        "Server-Logdateien",
        "Art. 6 Abs. 1 Unterabs. 1 Buchst. e der Datenschutz-Grundverordnung (DSGVO)",
        "§ 3 Datenschutzgesetz Nordrhein-Westfalen (DSG NRW)",
        *(f"(Art. {article} DSGVO)" for article in range(15, 22)),
        "(Art. 77 DSGVO)",
        "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen (LDI NRW)",
    ],
    "barrierefreiheit/": [
        "Behindertengleichstellungsgesetz Nordrhein-Westfalen (BGG NRW)",
        "Barrierefreie-Informationstechnik-Verordnung Nordrhein-Westfalen (BITV NRW)",
        "teilweise vereinbar",
        "Nicht barrierefreie Inhalte",
        "axe-core",
        "Tastatur",
        "Barrieren melden",
        "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen",
        "Landesbehindertenbeauftragten Nordrhein-Westfalen",
    ],
    "leichte-sprache/": [
        "CONNECTED.ESSEN ist ein Name.",
        "Was ist eine Smart-City?",
        "Wen können Sie fragen?",
    ],
}

# Abbreviations Leichte Sprache avoids (rules of Netzwerk Leichte Sprache).
EASY_LANGUAGE_ABBREVIATIONS = [
    "z. B.",
    "z.B.",
    "bzw.",
    "usw.",
    "d. h.",
    "ca.",
    "ggf.",
    "u. a.",
    "etc.",
]
EASY_LANGUAGE_MAX_WORDS = 12


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml may contain `!!python/name:` and `!ENV` tags; their values do not matter here."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def legal_facts(config_file: Path) -> dict[str, str]:
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    return {key: str(value) for key, value in config["extra"]["legal"].items()}


def front_matter(source: Path) -> dict:
    text = source.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    assert match, f"{source.name} has no front matter"
    return yaml.safe_load(match.group(1))


def normalized(text: str) -> str:
    return " ".join(text.split())


def footer_of(page: Page) -> Node:
    footers = page.root.find_all("footer")
    assert len(footers) == 1, f"{page.rel_path}: {len(footers)} footers"
    return footers[0]


def placeholder_marks(page: Page) -> list[str]:
    return [
        normalized(node.text())
        for node in page.content.find_all("mark")
        if "ce-placeholder" in node.classes()
    ]


def set_legal_fact(project: Path, key: str, value: str) -> None:
    """Replace one `extra.legal` value in the project's mkdocs.yml (comments stay)."""
    config_file = project / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    pattern = re.compile(rf"^(    {re.escape(key)}: ).*$", re.MULTILINE)
    new_text, count = pattern.subn(lambda match: match.group(1) + json.dumps(value), text)
    assert count == 1, f"extra.legal.{key} not found once in mkdocs.yml"
    config_file.write_text(new_text, encoding="utf-8")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def project(sample_site: SampleSite) -> Path:
    """The repo's project as conftest's `sample_site` built it (read only)."""
    return sample_site.project


@pytest.fixture(scope="module")
def site_dir(sample_site: SampleSite) -> Path:
    return sample_site.site_dir


@pytest.fixture(scope="module")
def facts(project: Path) -> dict[str, str]:
    return legal_facts(project / "mkdocs.yml")


# --------------------------------------------------------------------------- footer


def test_every_page_links_to_contact_and_legal_pages_in_its_footer(site_dir: Path) -> None:
    pages = html_files(site_dir)
    assert len(pages) > len(FOOTER_TARGETS)
    missing = {}
    for path in pages:
        page = Page(site_dir, path.relative_to(site_dir).as_posix())
        targets = page.targets(footer_of(page))
        absent = [target for target in FOOTER_TARGETS if target not in targets]
        if absent:
            missing[page.rel_path] = absent
    assert missing == {}


def test_footer_links_work_without_directory_urls(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\nuse_directory_urls: false\n", encoding="utf-8"
    )
    site = project / "site"
    assert_built(build(project, site))
    # Without directory URLs `impressum.md` becomes `impressum.html`; contact stays in its folder.
    flat_targets = [
        "kontakt/index.html",
        *(source.replace(".md", ".html") for source in LEGAL_SOURCES.values()),
    ]
    assert all((site / target).is_file() for target in flat_targets)
    missing = {}
    for path in html_files(site):
        page = Page(site, path.relative_to(site).as_posix())
        absent = [target for target in flat_targets if target not in page.targets(footer_of(page))]
        if absent:
            missing[page.rel_path] = absent
    assert missing == {}


def test_footer_targets_exist(site_dir: Path) -> None:
    for target in FOOTER_TARGETS:
        assert (site_dir / page_path(target)).is_file(), target


def test_footer_marks_the_current_page(site_dir: Path) -> None:
    for target in FOOTER_TARGETS:
        page = Page(site_dir, page_path(target))
        current = [
            page.resolve(str(link.attrs["href"]))
            for link in footer_of(page).find_all("a")
            if link.attrs.get("aria-current") == "page"
        ]
        assert current == [target]


def test_footer_shows_the_copyright_without_english_generator_notice(
    site_dir: Path, project: Path
) -> None:
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    footer = footer_of(Page(site_dir, "index.html"))
    assert normalized(config["copyright"]) in normalized(footer.text())
    assert "Made with" not in footer.text()


def test_every_page_is_german(site_dir: Path) -> None:
    languages = {
        path.relative_to(site_dir).as_posix(): Page(site_dir, path.relative_to(site_dir).as_posix())
        .root.find("html")
        .attrs.get("lang")
        for path in html_files(site_dir)
    }
    assert {lang for lang in languages.values()} == {"de"}, languages


# --------------------------------------------------------------------------- legal pages


@pytest.mark.parametrize("url", list(LEGAL_SOURCES))
def test_legal_page_has_title_from_front_matter_and_one_heading(site_dir: Path, url: str) -> None:
    meta = front_matter(REPO / "docs" / LEGAL_SOURCES[url])
    page = Page(site_dir, page_path(url))
    assert page.title == f"{meta['title']} - CONNECTED.ESSEN"
    assert page.h1
    assert page.meta_description == meta["description"]


@pytest.mark.parametrize("url", list(REQUIRED_TEXT))
def test_legal_page_contains_required_parts(site_dir: Path, url: str) -> None:
    text = normalized(Page(site_dir, page_path(url)).content.text())
    missing = [part for part in REQUIRED_TEXT[url] if part not in text]
    assert missing == []


def test_every_legal_fact_has_a_page(facts: dict[str, str]) -> None:
    assert set(facts) == set(FACT_PAGES)


@pytest.mark.parametrize("key", list(FACT_PAGES))
def test_legal_fact_from_config_is_shown_and_placeholders_are_marked(
    site_dir: Path, facts: dict[str, str], key: str
) -> None:
    value = normalized(facts[key])
    for url in FACT_PAGES[key]:
        page = Page(site_dir, page_path(url))
        assert value in normalized(page.content.text()), url
        if value.startswith(PLACEHOLDER_PREFIX):
            assert value in placeholder_marks(page), url
        else:
            assert value not in placeholder_marks(page), url


def test_a_supplied_fact_replaces_its_placeholder_as_plain_escaped_text(
    tmp_path: Path, facts: dict[str, str]
) -> None:
    project = make_project(tmp_path)
    supplied = "Rathaus <b>Porscheplatz</b> & Co., 45127 Essen"
    set_legal_fact(project, "address", supplied)
    assert_built(build(project))
    for url in FACT_PAGES["address"]:
        page = Page(project / "site", page_path(url))
        text = normalized(page.content.text())
        assert supplied in text
        assert normalized(facts["address"]) not in text
        assert supplied not in placeholder_marks(page)
        # Configuration is text too: markup in a value is shown, never rendered.
        assert "<b>Porscheplatz</b>" in text
        assert page.content.find("b") is None
        # The other open facts stay marked.
        others = [normalized(facts[key]) for key in FACT_PAGES if url in FACT_PAGES[key]]
        assert set(placeholder_marks(page)) == {
            value for value in others if value.startswith(PLACEHOLDER_PREFIX)
        } - {normalized(facts["address"])}


def test_legal_pages_link_to_each_other_and_to_contact(site_dir: Path) -> None:
    expected = {
        "impressum/": {"kontakt/", "datenschutz/", "barrierefreiheit/", "leichte-sprache/"},
        "datenschutz/": {"impressum/"},
        "barrierefreiheit/": {"leichte-sprache/"},
        "leichte-sprache/": {"kontakt/", ""},
    }
    for url, targets in expected.items():
        page = Page(site_dir, page_path(url))
        assert targets <= page.targets(), url


def test_easy_language_page_uses_short_sentences_and_no_abbreviations(site_dir: Path) -> None:
    page = Page(site_dir, page_path("leichte-sprache/"))
    easy = next((node for node in page.content.iter() if "ce-easy" in node.classes()), None)
    assert easy is not None
    text = normalized(easy.text().replace("¶", " "))
    sentences = [part for part in re.split(r"(?<=[.?!:])\s+", text) if part]
    assert len(sentences) > 20
    long = [sentence for sentence in sentences if len(sentence.split()) > EASY_LANGUAGE_MAX_WORDS]
    assert long == []
    assert [word for word in EASY_LANGUAGE_ABBREVIATIONS if word in text] == []
    # Every abbreviation it does use is explained right away.
    assert "EVV ist eine Abkürzung." in text


def test_easy_language_page_counts_come_from_the_data(site_dir: Path) -> None:
    text = normalized(Page(site_dir, page_path("leichte-sprache/")).content.text())
    initiatives = len(list((site_dir / "initiativen").glob("*/index.html")))
    fields = len(list((site_dir / "handlungsfelder").glob("*/index.html")))
    partners = len(list((site_dir / "partner").glob("*/index.html")))
    assert f"zeigen wir Ihnen {initiatives} Initiativen" in text
    assert f"Es gibt {fields} Handlungs-Felder." in text
    assert f"stellen wir {partners} Partner vor" in text


# --------------------------------------------------------------------------- footer in Chromium

FOOTER_COLOURS_JS = """
() => {
  const parse = (value) => {
    const parts = value.match(/rgba?\\(([^)]*)\\)/)[1].split(/[\\s,\\/]+/).filter(Boolean);
    const [r, g, b] = parts.slice(0, 3).map(Number);
    return [r, g, b, parts.length > 3 ? Number(parts[3]) : 1];
  };
  const over = (top, bottom) => {
    const alpha = top[3] + bottom[3] * (1 - top[3]);
    const mix = (i) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / alpha;
    return [mix(0), mix(1), mix(2), alpha];
  };
  const background = (element) => {
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  return [...document.querySelectorAll(".md-footer-meta a, .md-copyright__highlight")]
    .map((element) => {
      const style = getComputedStyle(element);
      const back = background(element);
      return {
        text: element.textContent.trim(),
        link: element.tagName === "A",
        colour: over(parse(style.color), back),
        background: back,
        underline: style.textDecorationLine.includes("underline"),
      };
    });
}
"""


def contrast(first: list[float], second: list[float]) -> float:
    def luminance(colour: list[float]) -> float:
        channels = [value / 255 for value in colour[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_rule_matches_wcag_examples() -> None:
    assert contrast([0, 0, 0, 1], [255, 255, 255, 1]) == pytest.approx(21)
    assert contrast([118, 118, 118, 1], [255, 255, 255, 1]) == pytest.approx(4.54, abs=0.01)


def test_footer_text_has_enough_contrast_and_links_are_underlined(site_dir: Path) -> None:
    with serve_directory(site_dir) as base, chromium() as browser:
        elements = footer_colours(browser, base + "initiativen/")
    assert {element["text"] for element in elements if element["link"]} >= {
        "Kontakt",
        "Impressum",
        "Datenschutz",
        "Barrierefreiheit",
        "Leichte Sprache",
    }
    weak = [
        (element["text"], round(contrast(element["colour"], element["background"]), 2))
        for element in elements
        if contrast(element["colour"], element["background"]) < 4.5
    ]
    assert weak == []
    assert [
        element["text"] for element in elements if element["link"] and not element["underline"]
    ] == []


def footer_colours(browser: Browser, url: str) -> list[dict]:
    page = browser.new_page()
    try:
        page.goto(url, wait_until="load")
        return page.evaluate(FOOTER_COLOURS_JS)
    finally:
        page.close()
