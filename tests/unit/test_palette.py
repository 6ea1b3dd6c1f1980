"""The palette (docs/assets/stylesheets/palette.css) and the field colours: WCAG contrast, computed.

The pairs below are the text/background combinations the stylesheets use, named by the custom
properties they use; each must reach 4.5:1 (WCAG 2.1 AA for normal text). The values are read
from the CSS itself, so a changed colour that breaks a pair fails here.
"""

from __future__ import annotations

import re

import pytest

from plugins.essen.errors import DataError
from plugins.essen.loading import load_site
from plugins.essen.rules import COLOR_PATTERN, Color, Invalid, contrast_ratio

from ..conftest import REPO, line_of, make_project, small_data, write_data

STYLESHEETS = REPO / "docs" / "assets" / "stylesheets"
PALETTE = STYLESHEETS / "palette.css"

_DECLARATION = re.compile(r"(--[a-z0-9-]+)\s*:\s*([^;]+);")
_VAR = re.compile(r"^var\((--[a-z0-9-]+)\)$")


def custom_properties(css: str) -> dict[str, str]:
    """Every custom property declared in `css` (comments removed), later declarations winning."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return {name: value.strip() for name, value in _DECLARATION.findall(css)}


def resolve(properties: dict[str, str], name: str) -> str:
    """The `#rrggbb` a property ends at after following `var(--…)` references."""
    seen = []
    value = properties[name]
    while match := _VAR.match(value):
        seen.append(value)
        assert len(seen) < 10, f"{name}: var() cycle {seen}"
        value = properties[match.group(1)]
    assert COLOR_PATTERN.fullmatch(value), f"{name} = {value}: not a #rrggbb colour"
    return value.lower()


# (text, background, where): every pair of the site's own stylesheets and Material's use of
# the palette (header, tabs, links, buttons, footer).
PAIRS = [
    ("--md-default-fg-color", "--md-default-bg-color", "text on the page"),
    ("--md-typeset-color", "--md-default-bg-color", "article text"),
    ("--md-default-fg-color--light", "--md-default-bg-color", "secondary text (Material)"),
    ("--md-default-fg-color--lighter", "--md-default-bg-color", "faint text (Material)"),
    ("--md-typeset-a-color", "--md-default-bg-color", "links"),
    ("--md-accent-fg-color", "--md-default-bg-color", "links on hover and focus"),
    ("--md-primary-bg-color", "--md-primary-fg-color", "header, tabs, primary button"),
    ("--md-primary-fg-color", "--md-default-bg-color", "outlined button"),
    ("--md-primary-fg-color", "--ce-sand", "outlined button in the hero"),
    ("--md-code-fg-color", "--md-code-bg-color", "fact boxes, code"),
    ("--md-typeset-a-color", "--md-code-bg-color", "links in fact boxes"),
    ("--md-default-fg-color--light", "--md-code-bg-color", "secondary text in fact boxes"),
    ("--ce-ink", "--ce-sand", "hero title and claim"),
    ("--ce-ink", "--ce-white", "cards, tiles, figures"),
    ("--ce-muted", "--ce-white", "counts on tiles and partner cards"),
    ("--ce-subtle", "--ce-white", "faint text on cards"),
    ("--ce-brick-dark", "--ce-white", "key figures, links on cards"),
    ("--md-footer-fg-color", "--md-footer-bg-color", "footer"),
    ("--ce-white", "--ce-field-default", "badges and tiles of a field without colour"),
    *(
        ("--ce-white", f"--ce-status-{status}", f"status badge {status}")
        for status in ("idea", "planning", "pilot", "implementation", "completed")
    ),
]


@pytest.fixture(scope="module")
def palette() -> dict[str, str]:
    return custom_properties(PALETTE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("text", "background", "where"), PAIRS)
def test_text_and_background_reach_4_5_to_1(
    palette: dict[str, str], text: str, background: str, where: str
) -> None:
    ratio = contrast_ratio(resolve(palette, text), resolve(palette, background))
    assert ratio >= 4.5, f"{where}: {text} on {background} is {ratio:.2f}:1"


def test_the_palette_replaces_materials_indigo(palette: dict[str, str]) -> None:
    assert resolve(palette, "--md-primary-fg-color") != "#4051b5"
    # System fonts only: the font stack names no web font file.
    assert "url(" not in PALETTE.read_text(encoding="utf-8")
    assert palette["--md-text-font"] == "var(--ce-font)"


def test_stylesheets_use_no_colour_outside_the_palette_for_text() -> None:
    """`color:` in the site's own stylesheets is a palette property (or inherits); a literal
    colour there would bypass the contrast check above."""
    found = []
    for path in sorted(STYLESHEETS.glob("*.css")):
        if path == PALETTE:
            continue
        css = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        for value in re.findall(r"(?<![-\w])color\s*:\s*([^;]+);", css):
            if not value.strip().startswith(("var(--", "inherit", "currentcolor")):
                found.append(f"{path.name}: color: {value.strip()}")
    # The footer and the legal pages' placeholder keep their own checked colours (footer.css).
    allowed = {"footer.css: color: #ffffff", "footer.css: color: #000000"}
    assert set(found) <= allowed, sorted(set(found) - allowed)


def test_contrast_ratio_is_wcag_2() -> None:
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#ffffff", "#777777") == contrast_ratio("#777777", "#ffffff")


@pytest.mark.parametrize(
    ("value", "clean"), [("#2E6B30", "#2e6b30"), ("#0f5c55", "#0f5c55"), (" #1d4e89 ", "#1d4e89")]
)
def test_color_accepts_six_hex_digits(value: str, clean: str) -> None:
    assert Color().check(value) == clean


@pytest.mark.parametrize(
    "value",
    ["red", "#fff", "#12345g", "2e6b30", "#2e6b30; background: url(x)", "var(--x)", 0x2E6B30, None],
)
def test_color_rejects_everything_else(value: object) -> None:
    with pytest.raises(Invalid):
        Color().check(value)
    assert not re.search(Color().json_schema()["pattern"], str(value))


def test_a_light_field_colour_stops_the_build_naming_file_line_and_ratio(tmp_path) -> None:
    data = small_data()
    data["fields"][1]["color"] = "#ffd8a8"
    data["fields"][2]["color"] = "#0f5c55"  # dark enough: no message
    project = make_project(tmp_path, lambda d: write_data(d, data))
    with pytest.raises(DataError) as caught:
        load_site(project / "data", project)
    text = (project / "data" / "fields.yml").read_text(encoding="utf-8")
    line = line_of(text, "color: ", 1)
    assert [str(p) for p in caught.value.problems] == [
        f"data/fields.yml:{line}: color: weiße Schrift auf der Farbe #ffd8a8 hat ein "
        "Kontrastverhältnis von nur 1,34:1, nötig sind mindestens 4,5:1 — wählen Sie eine "
        "dunklere Farbe (z. B. #1f5e2a) oder löschen Sie die Zeile (dann gilt die Standardfarbe)"
    ]


def test_the_sample_fields_have_colours_that_pass() -> None:
    site = load_site(REPO / "data", REPO)
    assert all(field.color for field in site.fields)
    assert len({field.color for field in site.fields}) == len(site.fields)
