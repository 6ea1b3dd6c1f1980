"""The phone visit of the benchmark (issue 13) counts what nginx really sends: one cold visit of
the sample site's home page, served by deploy/run-nginx, in Chromium at 412 px."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from benchmarks.report import TARGET_PHONE_HOME_KB, check_phone_targets, format_phone
from benchmarks.transfer import PHONE_CATEGORIES, phone_visits

from ..conftest import SampleSite


@pytest.fixture(scope="module")
def visits(sample_site: SampleSite) -> dict[str, dict]:
    return phone_visits(sample_site.site_dir, {"home": ""})


def _file(site_dir: Path, path: str) -> bytes:
    return (site_dir / path.lstrip("/") / ("index.html" if path.endswith("/") else "")).read_bytes()


def test_the_home_page_visit_counts_every_response_with_the_bytes_nginx_sent(
    visits: dict[str, dict], sample_site: SampleSite
) -> None:
    home = visits["home"]
    responses = home["responses"]
    assert home["requests"] == len(responses) > 5
    assert all(r["status"] == 200 for r in responses), responses
    # The kinds add up to the total; every kind of the report is there, nothing is left over.
    assert set(PHONE_CATEGORIES) <= set(home["by_category_bytes"])
    assert sum(home["by_category_bytes"].values()) == home["body_bytes"] > 0
    assert home["body_kb"] == round(home["body_bytes"] / 1024, 1)
    for kind in ("html", "css", "js", "images"):
        assert home["by_category_bytes"][kind] > 0, kind
    # Images: the sample's field tiles as the 800 px AVIF a 412 px DPR 1.75 phone picks.
    avif = [name for name in home["image_files"] if name.endswith(".avif")]
    assert any(name.startswith("feld-") and "-800." in name for name in avif), avif
    for r in responses:
        served = _file(sample_site.site_dir, r["path"])
        if r["encoding"] == "gzip":
            # Compressed by nginx (level 5): what zlib makes of the file plus the few bytes of
            # chunked framing (nginx does not know the compressed length in advance).
            expected = len(gzip.compress(served, compresslevel=5))
            assert -16 <= r["body_bytes"] - expected <= 0.01 * expected + 48, (r, expected)
        else:
            # Sent as it is (an AVIF): exactly the file's bytes.
            assert r["encoding"] == "" and r["body_bytes"] == len(served), r
        assert r["header_bytes"] > 200, r  # the CSP and caching headers are counted apart
    html = next(r for r in responses if r["path"] == "/")
    assert html["encoding"] == "gzip" and html["category"] == "html"
    assert home["gzip_responses"] >= 10


def test_the_report_marks_the_home_page_target(visits: dict[str, dict]) -> None:
    kb = visits["home"]["body_kb"]
    [title, line] = format_phone(visits, "the sample site")
    assert "deploy/run-nginx" in title
    assert line.startswith(
        f"  home (/): {kb} KB transferred  [target ≤ {TARGET_PHONE_HOME_KB} KB: "
    )
    assert f"images {visits['home']['by_category_kb']['images']}" in line
    verdict = "met" if kb <= TARGET_PHONE_HOME_KB else "MISSED"
    assert check_phone_targets({"sample": visits}) == [
        f"phone home page (sample): {kb} KB (≤ {TARGET_PHONE_HOME_KB}): {verdict}"
    ]
