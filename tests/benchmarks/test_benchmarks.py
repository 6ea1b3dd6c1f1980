"""The benchmark's synthetic data: valid under the data contract, deterministic, and complete
(every key, status and partner type appears), and its stock calibration builds cleanly."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

from benchmarks.calibration import write_calibration
from benchmarks.generate import generate_data, main, write_project
from benchmarks.vocabulary import CITYWIDE, DISTRICTS
from plugins.essen.loading import load_site
from plugins.essen.model import Site
from plugins.essen.pages.render import theme_icons_dir
from plugins.essen.places.gazetteer import gazetteer
from plugins.essen.rules import (
    CONTACT,
    FIELD,
    INITIATIVE,
    PARTNER,
    PARTNER_TYPE_LABELS,
    STATUS_LABELS,
)

from ..conftest import assert_built, build, parse_html, snapshot

N = 60
SEED = 7
# Essen lies within these bounds (city limits from about 51.34 to 51.53 N, 6.89 to 7.14 E).
ESSEN_LAT = (51.34, 51.54)
ESSEN_LON = (6.89, 7.14)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project written by the command line, as `python -m benchmarks.generate` does."""
    out = tmp_path_factory.mktemp("bench") / "project"
    assert main([str(N), str(out), "--seed", str(SEED)]) == 0
    return out


@pytest.fixture(scope="module")
def site(project: Path) -> Site:
    return load_site(project / "data", project, icons_dir=theme_icons_dir())


def read_records(project: Path) -> dict[str, list[dict]]:
    """The written files as an editor's YAML tool reads them."""
    data = project / "data"

    def load(path: Path) -> object:
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    return {
        "fields": load(data / "fields.yml"),
        "contacts": load(data / "contacts.yml"),
        "partners": [load(p) for p in sorted((data / "partners").glob("*.yml"))],
        "initiatives": [load(p) for p in sorted((data / "initiatives").glob("*.yml"))],
    }


def test_generated_data_loads_without_problems_and_has_the_requested_size(
    project: Path, site: Site
) -> None:
    assert len(site.initiatives) == N
    assert len(site.fields) == 6
    assert len(site.partners) >= 12
    assert len(site.contacts) >= 6
    assert len(site.leadership) == 2
    # In proportion to N: 1,000 news and 500 events at 4,000 initiatives.
    assert (len(site.news), len(site.events)) == (N // 4, N // 8)
    # The project is a copy of this repository's with only data/ replaced.
    repo = Path(__file__).parents[2]
    assert (project / "mkdocs.yml").read_bytes() == (repo / "mkdocs.yml").read_bytes()
    assert snapshot(project / "overrides") == snapshot(repo / "overrides")


def test_every_key_status_and_partner_type_is_used(project: Path, site: Site) -> None:
    records = read_records(project)
    for rule, items in (
        (FIELD, records["fields"]),
        (CONTACT, records["contacts"]),
        (PARTNER, records["partners"]),
        (INITIATIVE, records["initiatives"]),
    ):
        used = {key for item in items for key in item}
        assert used == set(rule.by_name), rule.title
    assert {i.status for i in site.initiatives} == set(STATUS_LABELS)
    assert {p.type for p in site.partners} == set(PARTNER_TYPE_LABELS)
    # Every partner and every contact outside the leadership is named (no dead records).
    assert all(site.initiatives_by_partner[p.id] for p in site.partners)
    assert all(site.initiatives_by_contact[c.id] for c in site.other_contacts)
    # Start as month and as day, to exercise both forms of the contract.
    starts = [i.start for i in site.initiatives if i.start]
    assert any(s.day is None for s in starts) and any(s.day is not None for s in starts)


def test_text_is_realistic_and_varied(site: Site) -> None:
    titles = [i.title for i in site.initiatives]
    assert len(set(titles)) == len(titles)
    descriptions = [i.description or "" for i in site.initiatives]
    assert len(set(descriptions)) == len(descriptions)
    words = [len(re.findall(r"\w+", text)) for text in descriptions]
    assert min(words) >= 220 and sum(words) / len(words) >= 270, words
    assert all(re.search(r"^- ", text, re.M) for text in descriptions)  # a list in every text
    assert any("ü" in text or "ä" in text or "ß" in text for text in descriptions)


def test_districts_and_locations_are_in_essen(site: Site) -> None:
    assert len(set(DISTRICTS)) == 50
    for initiative in site.initiatives:
        assert set(initiative.districts) <= {*DISTRICTS, CITYWIDE}
        if initiative.location:
            lat, lon = initiative.location.lat, initiative.location.lon
            assert ESSEN_LAT[0] < lat < ESSEN_LAT[1] and ESSEN_LON[0] < lon < ESSEN_LON[1]
            # Inside the city and in the Bezirk of a listed district: no error, no advisory.
            assert gazetteer().contains(lat, lon)
            if initiative.districts:
                assert gazetteer().bezirk_at(lat, lon) in gazetteer().bezirke_of(
                    initiative.districts
                )
    assert any(i.location for i in site.initiatives)


def test_the_same_seed_gives_the_same_files(tmp_path: Path, project: Path) -> None:
    again = write_project(tmp_path / "again", generate_data(N, SEED))
    assert snapshot(again / "data") == snapshot(project / "data")
    other = generate_data(N, SEED + 1)
    assert other["initiatives"] != generate_data(N, SEED)["initiatives"]


def test_generate_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_project(tmp_path, generate_data(3, SEED))
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_calibration_pages_carry_the_same_text_and_build_with_stock_mkdocs(
    tmp_path: Path, site: Site
) -> None:
    calibration = write_calibration(tmp_path / "calibration", generate_data(N, SEED))
    config = yaml.safe_load((calibration / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == [{"search": {"lang": "de"}}]
    assert config["theme"]["name"] == "material"
    nav_targets = [next(iter(item.values())) for item in config["nav"]]
    assert not any(re.fullmatch(r"initiativen/.+(?<!index)\.md", t) for t in nav_targets)

    result = build(calibration, tmp_path / "site")
    assert_built(result)
    for initiative in site.initiatives:
        page = tmp_path / "site" / "initiativen" / initiative.id / "index.html"
        root = parse_html(page.read_text(encoding="utf-8"))
        article = root.find("article")
        assert article is not None
        text = " ".join(article.text().split())
        assert [h.text().strip("¶ ") for h in article.find_all("h1")] == [initiative.title]
        assert initiative.summary in text
        first_sentence = (initiative.description or "").split(". ")[0]
        assert " ".join(first_sentence.split()) in text


def test_profile_groups_name_functions_the_product_defines() -> None:
    # The profile's entry points are taken from the product's functions, so a move of the code
    # cannot leave a group pointing at a file or function that no longer exists.
    from benchmarks.profiling import PROFILE_GROUPS

    repo = Path(__file__).parents[2]
    product = [(fragment, name) for _, fragment, name in PROFILE_GROUPS if "essen" in fragment]
    assert len(product) == 6
    for fragment, name in product:
        source = (repo / fragment).read_text(encoding="utf-8")
        assert re.search(rf"^\s*def {name}\(", source, re.M), (fragment, name)


def test_a_small_run_measures_both_sites_and_counts_the_pagefind_bundle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m benchmarks.run` at a small N, without browser, preview and profile, with the
    image builds at N = 2 (the phone visits have their own test, test_phone_transfer.py)."""
    from benchmarks.run import main as run_main
    from plugins.essen.images import CACHE_ENV

    if not Path("/usr/bin/time").is_file():
        pytest.fail("the benchmark measures builds with GNU time: apt-get install time")
    out = tmp_path / "results.json"
    arguments = ["--sizes", "12", "--preview-n", "0", "--no-browser", "--no-profile"]
    cache_setting = os.environ.get(CACHE_ENV)
    assert (
        run_main([*arguments, "--images-n", "2", "--out", str(out), "--workdir", str(tmp_path)])
        == 0
    )
    assert os.environ.get(CACHE_ENV) == cache_setting  # the tests' image cache is named again
    report = json.loads(out.read_text(encoding="utf-8"))
    # The image builds: 2 initiative images + a field image + the logo; the warm build encodes
    # none of them, and says so in the output and the targets.
    images = report["images"]
    assert images["cold"]["image_counts"] == {"images": 4, "encoded": 4, "from_cache": 0}
    assert images["warm"]["image_counts"] == {"images": 4, "encoded": 0, "from_cache": 4}
    assert images["without_images"]["image_counts"]["encoded"] == 0
    printed = capsys.readouterr().out
    assert "  warm build encoded 0 images (must be 0): ok" in printed
    assert "images at 2: warm build encoded 0 (must be 0): met" in report["targets"]
    assert "sample_phone" not in report  # no browser
    [result] = report["results"]
    plugin, calibration = result["plugin"], result["calibration"]
    assert (plugin["search_engine"], calibration["search_engine"]) == ("pagefind", "material")
    assert plugin["pagefind_bundles"] == 1 and plugin["indexer"]["max_rss_mb"] > 0
    # The files fetched from the bundle count as search, not as scripts or other files.
    assert plugin["transfer"]["method"] == "static"
    assert plugin["transfer"]["by_category_gzip_kb"]["search"] > 0
    assert calibration["transfer"]["by_category_gzip_kb"]["search"] > 0
    assert result["page"].startswith("initiativen/")
    assert any(line.startswith("calibration at 12: wall ") for line in report["targets"])
    assert list(tmp_path.iterdir()) == [out]  # the temporary projects are gone
