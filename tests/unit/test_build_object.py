"""The build object, the URL scheme's targets, the preview's reuse cache, options with one default."""

from __future__ import annotations

import ast
import datetime as dt
import json
import os
from pathlib import Path

import pytest

from plugins.essen.build import Build, Settings
from plugins.essen.config import EssenConfig
from plugins.essen.errors import DataError
from plugins.essen.pages.render import GeneratedPage, ReuseCache, reuse_key
from plugins.essen.pages.urls import target_uri
from plugins.essen.places.gazetteer import gazetteer

from ..conftest import REPO, assert_built, build, make_project, parse_html, small_data, write_data

PLUGIN = REPO / "plugins" / "essen"
# The modules that talk to MkDocs; everything else in the plugin must work without it.
MKDOCS_BOUNDARY = {"plugin.py", "config.py", "check.py", "errors.py"}
OTHER_CONTRIBUTOR = "http://dcat-ap.de/def/contributors/stadtEssen"


def default_options() -> EssenConfig:
    config = EssenConfig()
    config.load_dict({})
    failed, warnings = config.validate()
    assert not failed and not warnings
    return config


def settings_for(project: Path, **changes: object) -> Settings:
    options = default_options()
    values: dict[str, object] = {
        "root": project,
        "data_dir": options.data_dir,
        "templates_dir": options.templates_dir,
        "site_url": "https://example.org/essen/",
        "site_name": "CONNECTED.ESSEN",
        "directory_urls": True,
        "stale_after_days": options.stale_after_days,
        "licence_name": options.data_licence_name,
        "licence_url": options.data_licence_url,
        "publisher_name": options.publisher_name,
        "contributor_id": options.dcat_contributor_id,
    }
    values.update(changes)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    return make_project(tmp_path, lambda d: write_data(d, small_data()))


def mkdocs_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] == "mkdocs"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "mkdocs":
            found.append(node.module or "")
    return found


def test_only_the_boundary_modules_import_mkdocs() -> None:
    domain = [
        path
        for path in sorted(PLUGIN.rglob("*.py"))
        if path.relative_to(PLUGIN).as_posix() not in MKDOCS_BOUNDARY
    ]
    assert PLUGIN / "build.py" in domain and PLUGIN / "pages" / "render.py" in domain
    offenders = {
        path.relative_to(PLUGIN).as_posix(): imports
        for path in domain
        if (imports := mkdocs_imports(path))
    }
    assert offenders == {}


def test_every_target_type_has_its_page(small_project: Path) -> None:
    made = Build.create(settings_for(small_project), dt.date(2025, 1, 1))
    site = made.site
    assert site.fields and site.initiatives and site.partners and site.contacts
    for field in site.fields:
        assert target_uri(field) == f"handlungsfelder/{field.id}/index.md"
    for initiative in site.initiatives:
        assert target_uri(initiative) == f"initiativen/{initiative.id}/index.md"
    for partner in site.partners:
        assert target_uri(partner) == f"partner/{partner.id}/index.md"
    assert {target_uri(contact) for contact in site.contacts} == {"kontakt/index.md"}
    assert target_uri("daten") == "daten/index.md"
    assert target_uri("") == "index.md"


@pytest.mark.parametrize("target", [None, 3, ("initiativen",), Path("daten")])
def test_a_target_without_a_page_is_refused(target: object) -> None:
    with pytest.raises(TypeError, match="no page for"):
        target_uri(target)


def test_build_without_site_url_is_a_data_error(small_project: Path) -> None:
    with pytest.raises(DataError) as raised:
        Build.create(settings_for(small_project, site_url=""), dt.date(2025, 1, 1))
    assert [(p.path, p.key) for p in raised.value.problems] == [("mkdocs.yml", "site_url")]


def test_build_pages_are_the_families_then_the_data_page(small_project: Path) -> None:
    made = Build.create(settings_for(small_project), dt.date(2025, 1, 1))
    exports = made.exports()
    pages = made.all_pages(exports)
    uris = [page.src_uri for page in pages]
    assert len(uris) == len(set(uris))
    site = made.site
    expected = [
        "handlungsfelder/index.md",
        *(f"handlungsfelder/{f.id}/index.md" for f in site.fields),
        "initiativen/index.md",
        *(f"initiativen/{i.id}/index.md" for i in site.initiatives),
        "stadtteile/index.md",
        *(f"stadtteile/{b.slug}/index.md" for b in gazetteer().bezirke),
        "karte/index.md",
        "partner/index.md",
        *(f"partner/{p.id}/index.md" for p in site.partners),
        "kontakt/index.md",
        # Aktuelles and Termine exist without news and events too.
        "aktuelles/index.md",
        "termine/index.md",
        "daten/index.md",
    ]
    assert uris == expected
    # The data page lists the files the same build exported, with the build's base URL.
    data_page = parse_html(pages[-1].body)
    hrefs = set(data_page.hrefs())
    exported = {path for path, _ in exports}
    assert "daten/katalog.jsonld" in exported
    assert "katalog.jsonld" in hrefs


def test_reuse_cache_keeps_pages_only_for_an_equal_key() -> None:
    cache = ReuseCache()
    page = GeneratedPage("a/index.md", "A", None, "<p>A</p>")
    first = cache.valid_for("key-1")
    assert first == {}
    cache.keep({"context": page})
    assert cache.valid_for("key-1") == {"context": page}
    assert cache.valid_for("key-2") == {}
    assert cache.valid_for("key-1") == {}  # a change back does not revive dropped pages


def test_reuse_key_changes_with_templates_and_settings(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    template = templates / "page.html"
    template.write_text("{{ title }}", encoding="utf-8")
    os.utime(template, ns=(1_000_000_000, 1_000_000_000))
    key = reuse_key(templates, "https://example.org/", "CONNECTED.ESSEN", True)
    assert reuse_key(templates, "https://example.org/", "CONNECTED.ESSEN", True) == key
    assert reuse_key(templates, "https://example.org/x/", "CONNECTED.ESSEN", True) != key
    assert reuse_key(templates, "https://example.org/", "Essen", True) != key
    assert reuse_key(templates, "https://example.org/", "CONNECTED.ESSEN", False) != key
    os.utime(template, ns=(2_000_000_000, 2_000_000_000))
    assert reuse_key(templates, "https://example.org/", "CONNECTED.ESSEN", True) != key
    os.utime(template, ns=(1_000_000_000, 1_000_000_000))
    assert reuse_key(templates, "https://example.org/", "CONNECTED.ESSEN", True) == key
    (templates / "new.html").write_text("", encoding="utf-8")
    assert reuse_key(templates, "https://example.org/", "CONNECTED.ESSEN", True) != key


def contributor_ids(node: object) -> list[str]:
    """Every dcatde:contributorID in a JSON-LD document, wherever it sits."""
    if isinstance(node, dict):
        found = []
        for key, value in node.items():
            if key == "dcatde:contributorID":
                found.append(value["@id"] if isinstance(value, dict) else value)
            else:
                found += contributor_ids(value)
        return found
    if isinstance(node, list):
        return [found for item in node for found in contributor_ids(item)]
    return []


def built_contributors(project: Path) -> tuple[list[str], str]:
    result = build(project)
    assert_built(result)
    catalogue = json.loads((project / "site" / "daten" / "katalog.jsonld").read_text("utf-8"))
    data_page = parse_html((project / "site" / "daten" / "index.html").read_text("utf-8"))
    codes = " ".join(node.text() for node in data_page.find_all("code"))
    return contributor_ids(catalogue), codes


def test_contributor_id_defaults_once_and_the_option_reaches_catalogue_and_page(
    tmp_path: Path,
) -> None:
    default = default_options().dcat_contributor_id
    assert default != OTHER_CONTRIBUTOR
    project = make_project(tmp_path / "default", lambda d: write_data(d, small_data()))
    ids, codes = built_contributors(project)
    assert ids and set(ids) == {default}
    assert default in codes

    project = make_project(tmp_path / "option", lambda d: write_data(d, small_data()))
    mkdocs_yml = project / "mkdocs.yml"
    text = mkdocs_yml.read_text(encoding="utf-8")
    assert text.count("\n  - essen\n") == 1
    mkdocs_yml.write_text(
        text.replace(
            "\n  - essen\n", f"\n  - essen:\n      dcat_contributor_id: {OTHER_CONTRIBUTOR}\n"
        ),
        encoding="utf-8",
    )
    ids, codes = built_contributors(project)
    assert ids and set(ids) == {OTHER_CONTRIBUTOR}
    assert OTHER_CONTRIBUTOR in codes and default not in codes
