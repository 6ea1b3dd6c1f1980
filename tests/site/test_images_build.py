"""Real strict builds with images (issue 13): the shared sample site (every image element
complete, every file it names published and clean, open data and link previews pointing at
real files), and a small project built twice with a cache of its own (nothing encoded again)."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from PIL import Image as PILImage

from ..conftest import (
    SampleSite,
    build_command,
    html_files,
    make_project,
    parse_html,
    small_data,
    write_data,
)

SITE_URL = "https://connected.essen.example/"
SAMPLE_IMAGES = Path(__file__).resolve().parents[2] / "data" / "images"
COUNTS = re.compile(r"(\d+) Bilder, davon (\d+) neu verarbeitet, (\d+) aus dem Zwischenspeicher")


def run(project: Path, site_dir: Path, cache: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ESSEN_IMAGE_CACHE": str(cache)}
    return subprocess.run(
        build_command(project, site_dir), capture_output=True, text=True, cwd=project, env=env
    )


def small_project(data_dir: Path) -> None:
    """The small data set with two sample images: one on an initiative, one logo (SVG)."""
    data = small_data()
    data["initiatives"]["aerztehaus"]["image"] = {
        "file": "smart-parking.jpg",
        "alt": "Eine Illustration",
        "credit": "Illustration: CONNECTED.ESSEN (Beispielbild), CC0 1.0",
    }
    data["partners"]["evv"]["logo"] = {"file": "giesssignal-labs.svg", "alt": "Logo"}
    write_data(data_dir, data)
    (data_dir / "images").mkdir()
    for name in ("smart-parking.jpg", "giesssignal-labs.svg"):
        (data_dir / "images" / name).write_bytes((SAMPLE_IMAGES / name).read_bytes())


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    base = tmp_path_factory.mktemp("images-build")
    project = make_project(base, small_project)
    cache = base / "cache"
    first = run(project, base / "site", cache)
    assert first.returncode == 0, first.stderr[-3000:]
    # The encoded files (manifests get their time renewed on use, see images/store.py ImageStore._prune).
    stamps = {p: p.stat().st_mtime_ns for p in (cache / "files").iterdir()}
    second = run(project, base / "site2", cache)
    assert second.returncode == 0, second.stderr[-3000:]
    return {
        "first": first.stderr,
        "second": second.stderr,
        "stamps": stamps,
        "after": {p: p.stat().st_mtime_ns for p in (cache / "files").iterdir()},
    }


def test_every_img_has_alt_width_height_and_srcset(sample_site: SampleSite) -> None:
    site = sample_site.site_dir
    checked = 0
    for page in html_files(site):
        for img in parse_html(page.read_text("utf-8")).find_all("img"):
            src = img.attrs.get("src", "")
            where = f"{page.relative_to(site)}: {src}"
            assert "alt" in img.attrs, where
            assert re.fullmatch(r"[1-9]\d*", img.attrs.get("width", "")), where
            assert re.fullmatch(r"[1-9]\d*", img.attrs.get("height", "")), where
            assert img.attrs.get("srcset"), where
            if "ce-picture__img" in img.classes():
                assert img.attrs.get("decoding") == "async", where
            checked += 1
    assert checked >= 50


def _targets(page: Path, site: Path, element) -> list[Path]:
    """The files an <img> or <source> names (src and every srcset candidate), on disk."""
    urls = [element.attrs["src"]] if "src" in element.attrs else []
    urls += [part.strip().split(" ")[0] for part in element.attrs.get("srcset", "").split(",")]
    base = "https://x/" + page.relative_to(site).as_posix()
    return [site / urlsplit(urljoin(base, url)).path.lstrip("/") for url in urls if url]


def test_every_file_named_exists_matches_its_size_and_carries_no_metadata(
    sample_site: SampleSite,
) -> None:
    site = sample_site.site_dir
    seen: set[Path] = set()
    for page in html_files(site):
        tree = parse_html(page.read_text("utf-8"))
        for img in tree.find_all("img"):
            if "ce-picture__img" not in img.classes():
                continue  # the theme's own (header wordmark): width/height are CSS pixels
            src = _targets(page, site, img)[0]  # the src comes first
            assert src.is_file(), (page, src)
            if src.suffix != ".svg":
                # width/height are those of the file in src (no layout shift, no stretching).
                with PILImage.open(src) as decoded:
                    assert decoded.size == (int(img.attrs["width"]), int(img.attrs["height"]))
        for element in [*tree.find_all("img"), *tree.find_all("source")]:
            for target in _targets(page, site, element):
                assert target.is_file(), (page, target)
                if target.parent.name == "images" and target.name.count(".") == 2:
                    seen.add(target)  # a hashed output of images/
    assert {path.suffix for path in seen} == {".avif", ".webp", ".jpg", ".png", ".svg"}
    for path in seen:
        content = path.read_bytes()
        for marker in (b"Exif\x00\x00", b"<x:xmpmeta", b"Photoshop 3.0"):
            assert marker not in content, (path, marker)
        if path.suffix != ".svg":
            assert len(PILImage.open(io.BytesIO(content)).getexif()) == 0, path


def test_record_pages_show_the_credit_and_load_their_image_eagerly(
    sample_site: SampleSite,
) -> None:
    site = sample_site.site_dir
    page = parse_html((site / "initiativen" / "smart-parking" / "index.html").read_text("utf-8"))
    # The record's image; the locator map is a figure of its own (issue 14).
    [figure] = [f for f in page.find_all("figure") if "ce-locator-figure" not in f.classes()]
    assert "Illustration: CONNECTED.ESSEN (Beispielbild), CC0 1.0" in figure.text()
    [img] = figure.find_all("img")
    assert img.attrs.get("fetchpriority") == "high" and "loading" not in img.attrs
    # Cards further down are lazy.
    listing = parse_html((site / "initiativen" / "index.html").read_text("utf-8"))
    cards = [img for img in listing.find_all("img") if "ce-picture__img" in img.classes()]
    assert cards and all(card.attrs.get("loading") == "lazy" for card in cards)
    # The home page's field tiles are in the first screen (tests/browser/test_home_layout.py): not lazy.
    home = parse_html((site / "index.html").read_text("utf-8"))
    tile_images = [img for tile in home.find_all("li") if "ce-tile" in tile.classes()
                   for img in tile.find_all("img")]  # fmt: skip
    assert tile_images and all("loading" not in img.attrs for img in tile_images)


def test_link_previews_and_open_data_point_at_published_files(sample_site: SampleSite) -> None:
    site = sample_site.site_dir
    page = parse_html((site / "initiativen" / "smart-parking" / "index.html").read_text("utf-8"))
    meta = {m.attrs.get("property") or m.attrs.get("name"): m.attrs.get("content") for m in page.find_all("meta")}  # fmt: skip
    assert meta["og:url"] == SITE_URL + "initiativen/smart-parking/"
    assert meta["og:locale"] == "de_DE" and meta["og:type"] == "article"
    assert meta["twitter:card"] == "summary_large_image"
    image = site / meta["og:image"].removeprefix(SITE_URL)
    assert PILImage.open(image).size == (1200, int(meta["og:image:height"]))
    assert meta["og:image:width"] == "1200"
    # The alt text of the record's image, as the data file says it.
    record = yaml.safe_load((sample_site.project / "data" / "initiatives" / "smart-parking.yml").read_text("utf-8"))  # fmt: skip
    assert meta["og:image:alt"] == record["image"]["alt"]
    # A field's decorative image: size given, no alt text to give.
    field_page = parse_html((site / "handlungsfelder" / "smart-mobility" / "index.html").read_text("utf-8"))  # fmt: skip
    field_meta = {m.attrs.get("property") or m.attrs.get("name"): m.attrs.get("content") for m in field_page.find_all("meta")}  # fmt: skip
    field_image = PILImage.open(site / field_meta["og:image"].removeprefix(SITE_URL))
    assert field_image.size == (int(field_meta["og:image:width"]), int(field_meta["og:image:height"]))  # fmt: skip
    assert "og:image:alt" not in field_meta
    home = parse_html((site / "index.html").read_text("utf-8"))
    home_meta = {m.attrs.get("property") or m.attrs.get("name"): m.attrs.get("content") for m in home.find_all("meta")}  # fmt: skip
    assert home_meta["og:type"] == "website" and home_meta["twitter:card"] == "summary"
    # The site's default image: its real size, and a German description.
    default = PILImage.open(site / home_meta["og:image"].removeprefix(SITE_URL))
    assert default.size == (int(home_meta["og:image:width"]), int(home_meta["og:image:height"]))
    assert "Illustration von CONNECTED.ESSEN" in home_meta["og:image:alt"]
    # schema.org: the Project names the same image with its credit.
    [project] = [
        json.loads(node.text())
        for node in page.find_all("script")
        if node.attrs.get("type") == "application/ld+json"
        and json.loads(node.text()).get("@type") == "Project"
    ]
    assert project["image"]["contentUrl"] == meta["og:image"]
    assert project["image"]["creditText"] == "Illustration: CONNECTED.ESSEN (Beispielbild), CC0 1.0"
    records = json.loads((site / "daten" / "initiativen.json").read_text("utf-8"))
    with_image = [r for r in records if r["image_url"]]
    assert len(with_image) >= 5
    for record in with_image:
        assert (site / record["image_url"].removeprefix(SITE_URL)).is_file()
        assert record["image_credit"]


def test_the_second_build_encodes_nothing(builds: dict) -> None:
    first = COUNTS.search(builds["first"])
    second = COUNTS.search(builds["second"])
    assert first and second, builds["second"][-2000:]
    total = int(first.group(1))
    assert total == 2
    assert (int(first.group(2)), int(first.group(3))) == (total, 0)
    assert (int(second.group(2)), int(second.group(3))) == (0, total)
    # And every encoded file is as the first build left it: nothing written again.
    assert builds["after"] == builds["stamps"]
