"""The places benchmark (benchmarks/places.py) at two tiny sizes: it runs, prints and records
each figure, and what it measures is the real place pages (the marker count is the data's)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import places


def test_places_benchmark_prints_and_records_every_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "places.json"
    assert places.main(["--sizes", "20,40", "--repeat", "1", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    results = json.loads(out.read_text(encoding="utf-8"))
    assert set(results["sizes"]) == {"20", "40"}
    for n, figures in results["sizes"].items():
        assert figures["initiatives"] == int(n)
        assert 0 < figures["located"] <= int(n)
        assert figures["family_s"] > 0 and figures["locators_s"] > 0
        # Every initiative located is at least as large as the data's own map.
        assert figures["karte_all_located_body_gzip_kb"] >= figures["karte_body_gzip_kb"] > 0
        assert figures["stadtteile_body_gzip_kb"] > 0
    assert "linear? time ×" in printed and "for ×2 initiatives" in printed
    assert printed.count("\n") >= 4
