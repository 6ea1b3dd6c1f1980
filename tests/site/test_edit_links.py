"""Edit links: with `repo_url` and `edit_uri`, each generated page links to the YAML file it is
made from (file names with spaces and umlauts URL-encoded); pages made from many files have
none; without the two settings there is no edit link at all."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

from plugins.essen.loading import id_from_filename

from ..conftest import (
    REPO,
    Page,
    assert_built,
    build,
    html_files,
    make_project,
    small_data,
    write_data,
)

REPO_URL = "https://example.org/stadt/connected-essen"
EDIT_URI = "edit/main/docs/"
# What the repository's web view puts before a path of the repository (edit_uri minus docs/).
EDIT_BASE = f"{REPO_URL}/edit/main/"
EDIT_FEATURE = "content.action.edit"  # Material shows page.edit_url only with this feature


def data_with_awkward_names() -> dict:
    data = small_data()
    data["initiatives"]["Bürger Haus Süd"] = data["initiatives"].pop("zentrum")
    data["partners"]["Grün & Co"] = {"name": "Grün & Co. KG", "type": "business"}
    data["initiatives"]["ampel"]["partners"].append("gruen-co")
    return data


def configure(project: Path, *, repo: bool) -> None:
    """Enable Material's edit action (see test_repo_config_enables_the_edit_action) and, with
    `repo`, set repo_url and edit_uri."""
    config_path = project / "mkdocs.yml"
    text = config_path.read_text(encoding="utf-8")
    if EDIT_FEATURE not in text:
        anchor = "  features:\n"
        assert text.count(anchor) == 1
        text = text.replace(anchor, f"{anchor}    - {EDIT_FEATURE}\n")
    if repo:
        text += f"\nrepo_url: {REPO_URL}\nedit_uri: {EDIT_URI}\n"
    config_path.write_text(text, encoding="utf-8")


def built(tmp_path_factory: pytest.TempPathFactory, name: str, *, repo: bool) -> tuple[Path, Path]:
    data = data_with_awkward_names()
    project = make_project(tmp_path_factory.mktemp(name), lambda d: write_data(d, data))
    configure(project, repo=repo)
    site_dir = project.parent / "site"
    assert_built(build(project, site_dir))
    return project, site_dir


@pytest.fixture(scope="module")
def with_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return built(tmp_path_factory, "with-repo", repo=True)


@pytest.fixture(scope="module")
def without_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return built(tmp_path_factory, "without-repo", repo=False)


def edit_links(site_dir: Path, rel_path: str) -> list[str]:
    page = Page(site_dir, rel_path)
    return [str(a.attrs["href"]) for a in page.root.find_all("a") if a.attrs.get("rel") == "edit"]


def edited_file(href: str) -> str:
    """The repository path an edit link opens, e.g. data/initiatives/Bürger Haus Süd.yml."""
    assert href.startswith(EDIT_BASE), href
    assert href.isascii() and " " not in href, f"not URL-encoded: {href}"
    return unquote(href[len(EDIT_BASE) :])


def only_edit_link(site_dir: Path, rel_path: str) -> str:
    links = edit_links(site_dir, rel_path)
    assert len(links) == 1, f"{rel_path}: {links}"
    return edited_file(links[0])


# --------------------------------------------------------------------------- with repo_url


def test_initiative_pages_link_to_their_file(with_repo: tuple[Path, Path]) -> None:
    project, site_dir = with_repo
    files = sorted((project / "data" / "initiatives").glob("*.yml"))
    assert any(" " in f.name and not f.name.isascii() for f in files)
    for path in files:
        rel = f"initiativen/{id_from_filename(path.stem)}/index.html"
        assert only_edit_link(site_dir, rel) == f"data/initiatives/{path.name}", rel


def test_partner_pages_link_to_their_file(with_repo: tuple[Path, Path]) -> None:
    project, site_dir = with_repo
    files = sorted((project / "data" / "partners").glob("*.yml"))
    assert any("&" in f.name for f in files)
    for path in files:
        rel = f"partner/{id_from_filename(path.stem)}/index.html"
        assert only_edit_link(site_dir, rel) == f"data/partners/{path.name}", rel


def test_field_pages_link_to_the_fields_file(with_repo: tuple[Path, Path]) -> None:
    project, site_dir = with_repo
    fields = yaml.safe_load((project / "data" / "fields.yml").read_text(encoding="utf-8"))
    for field in fields:
        rel = f"handlungsfelder/{field['id']}/index.html"
        assert only_edit_link(site_dir, rel) == "data/fields.yml", rel


def test_edit_link_is_material_s_labelled_edit_button(with_repo: tuple[Path, Path]) -> None:
    _, site_dir = with_repo
    page = Page(site_dir, "initiativen/ampel/index.html")
    (link,) = [a for a in page.root.find_all("a") if a.attrs.get("rel") == "edit"]
    assert {"md-content__button", "md-icon"} <= link.classes()
    assert (link.attrs.get("title") or "").strip()  # the icon's only label


@pytest.mark.parametrize(
    "rel", ["initiativen/index.html", "partner/index.html", "handlungsfelder/index.html"]
)
def test_overview_pages_made_from_many_files_have_no_edit_link(
    with_repo: tuple[Path, Path], rel: str
) -> None:
    _, site_dir = with_repo
    assert edit_links(site_dir, rel) == []


def test_open_data_page_has_no_edit_link(with_repo: tuple[Path, Path]) -> None:
    _, site_dir = with_repo
    assert edit_links(site_dir, "daten/index.html") == []


def test_hand_written_home_page_links_to_its_markdown(with_repo: tuple[Path, Path]) -> None:
    project, site_dir = with_repo
    assert only_edit_link(site_dir, "index.html") == "docs/index.md"
    assert (project / "docs" / "index.md").is_file()


def test_every_edit_link_opens_an_existing_file(with_repo: tuple[Path, Path]) -> None:
    """No page sends an editor to a file that does not exist (e.g. docs/kontakt/index.md)."""
    project, site_dir = with_repo
    seen = set()
    for path in html_files(site_dir):
        rel = path.relative_to(site_dir).as_posix()
        for href in edit_links(site_dir, rel):
            target = edited_file(href)
            assert (project / target).is_file(), f"{rel}: {target}"
            seen.add(target)
    assert "data/fields.yml" in seen
    # The contact page is made from contacts.yml alone: if it gets a link, it is that file.
    contact_links = [edited_file(h) for h in edit_links(site_dir, "kontakt/index.html")]
    assert contact_links in ([], ["data/contacts.yml"])


# --------------------------------------------------------------------------- without repo_url


def test_no_edit_link_without_repo_url_and_edit_uri(without_repo: tuple[Path, Path]) -> None:
    project, site_dir = without_repo
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "repo_url" not in config and "edit_uri" not in config
    assert EDIT_FEATURE in config["theme"]["features"]
    pages = html_files(site_dir)
    assert any(p.relative_to(site_dir).as_posix() == "initiativen/ampel/index.html" for p in pages)
    for path in pages:
        rel = path.relative_to(site_dir).as_posix()
        assert edit_links(site_dir, rel) == [], rel


def test_repo_config_enables_the_edit_action() -> None:
    """Material renders the edit link only with the `content.action.edit` feature, so setting
    repo_url and edit_uri in the real mkdocs.yml must be all it takes."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert EDIT_FEATURE in config["theme"]["features"], (
        f"add `- {EDIT_FEATURE}` to theme.features in mkdocs.yml"
    )
