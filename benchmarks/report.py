"""The benchmark's output: one table per N beside its calibration, the summary, the preview,
the phone visits and the image builds, the machine, and the verdict on every target of issues
6 and 13."""

from __future__ import annotations

# Targets of issue 6, checked at the end of a run (an N not named here has no limit).
TARGET_LINEAR_FACTOR = 1.2
TARGET_CALIBRATION_FACTOR = 1.3
TARGET_RSS_MB = {4000: 1024, 10000: 2048}
TARGET_TRANSFER_KB = {4000: 400}
TARGET_INDEX_KB = {4000: 600}
TARGET_PREVIEW_S = 2.0
# Issue 13: a phone's cold visit of the home page, everything nginx sends (gzip), images included.
TARGET_PHONE_HOME_KB = 350

# The preview's site-wide changes (benchmarks/preview.py), as they are keyed in its result.
SITE_WIDE_KEYS = ("plugin_dirty_config", "plugin_dirty_theme", "calibration_default_config")
PREVIEW_LABELS = {
    "plugin_default": "default",
    "plugin_dirty": "dirty",
    "plugin_dirty_config": "dirty, mkdocs.yml",
    "plugin_dirty_theme": "dirty, theme override",
}


def _peak(figures: dict) -> float:
    peaks = [float(figures["max_rss_mb"])]
    if "indexer" in figures:
        peaks.append(float(figures["indexer"]["max_rss_mb"]))
    return max(peaks)


def _size_rows(result: dict) -> list[tuple[str, object, object, object]]:
    """(label, plugin, calibration, ratio) for the table of one N.

    Long only because it is a table: one row per figure, in the order they are printed.
    """
    p, c = result["plugin"], result["calibration"]
    pt, ct = p["transfer"], c["transfer"]
    rows: list[tuple[str, object, object, object]] = [
        ("wall time s (fastest build + index)", p["wall_s"], c["wall_s"], result["ratio_wall"]),
        (
            "  builds, every run",
            " ".join(map(str, p["wall_s_all"])),
            " ".join(map(str, c["wall_s_all"])),
            "",
        ),
        ("CPU time s (user+sys)", p["cpu_s"], c["cpu_s"], result["ratio_cpu"]),
        ("ms per initiative (wall)", p["ms_per_initiative"], c["ms_per_initiative"], ""),
        ("peak RSS MB, build (/usr/bin/time)", p["max_rss_mb"], c["max_rss_mb"], ""),
        (
            "  per process MB (sampled)",
            _fmt_dict(p["rss_by_process_mb"]),
            _fmt_dict(c["rss_by_process_mb"]),
            "",
        ),
        (
            "site size MB (files)",
            f"{p['site_mb']} ({p['files']})",
            f"{c['site_mb']} ({c['files']})",
            "",
        ),
        (
            "/initiativen/ gzip KB",
            p["initiatives_index_gzip_kb"],
            c["initiatives_index_gzip_kb"],
            "",
        ),
        ("search engine", p["search_engine"], c["search_engine"], ""),
        ("cold visit gzip KB", pt["visit_gzip_kb"], ct["visit_gzip_kb"], ""),
        (
            "cold visit + first search gzip KB",
            pt["visit_and_search_gzip_kb"],
            ct["visit_and_search_gzip_kb"],
            "",
        ),
        (
            "  requests / results shown",
            f"{pt['requests']} / {pt['results_seen']}",
            f"{ct['requests']} / {ct['results_seen']}",
            "",
        ),
        ("build warnings", p["warnings"], c["warnings"], ""),
    ]
    for key, label in (
        ("search_index_gzip_kb", "search_index.json gzip KB"),
        ("pagefind_mb", "pagefind/ MB"),
    ):
        if key in p or key in c:
            rows.append((label, p.get(key, "–"), c.get(key, "–"), ""))
    if "indexer" in p:
        ix = p["indexer"]
        rows[2:2] = [
            ("  search index s / peak MB", f"{ix['wall_s']} / {ix['max_rss_mb']}", "–", ""),
            ("  search index per process MB", _fmt_dict(ix["rss_by_process_mb"]), "–", ""),
        ]
    if "pagefind_bundles" in p:
        rows.append(("Pagefind bundles", p["pagefind_bundles"], "–", ""))
    return rows


def format_size(result: dict) -> str:
    p, c = result["plugin"], result["calibration"]
    pt, ct = p["transfer"], c["transfer"]
    rows = _size_rows(result)
    width = max(len(r[0]) for r in rows)
    lines = [
        f"N = {result['n']} initiatives ({result['partners']} partners, {result['contacts']} contacts, "
        f"{result.get('news', 0)} news, {result.get('events', 0)} events); "
        f"generated in {result['generate_s']} s",
        f"{'':{width}}  {'plugin':>22}  {'calibration':>22}  {'ratio':>6}",
    ]
    for label, a, b, ratio in rows:
        lines.append(f"{label:{width}}  {a!s:>22}  {b!s:>22}  {ratio!s:>6}")
    lines.append(
        f"transfer method: plugin {pt['method']}, calibration {ct['method']}; page /{result['page']}, "
        f"query »{result['query']}« (in {result['query_document_frequency']} initiatives)"
    )
    if "indexer" in p:
        lines.append(f"  search index: {p['indexer']['command']}, run by {p['indexer']['run_by']}")
    for label, t in (("plugin", pt), ("calibration", ct)):
        if t["note"]:
            lines.append(f"  note ({label}): {t['note']}")
        lines.append(f"  {label} by kind (gzip KB): {_fmt_dict(t['by_category_gzip_kb'])}")
    if "phone" in p:
        lines.extend(format_phone(p["phone"], f"this N = {result['n']} site"))
    return "\n".join(lines)


def format_phone(visits: dict, site: str) -> list[str]:
    """The phone visits of one site (`transfer.phone_visits`): total and KB per kind, the home
    page against its target."""
    lines = [f"Phone 412 px (DPR 1.75), cold visits of {site}, served by deploy/run-nginx:"]
    for name, visit in visits.items():
        kinds = ", ".join(f"{key} {value}" for key, value in visit["by_category_kb"].items())
        target = ""
        if name == "home":
            ok = float(visit["body_kb"]) <= TARGET_PHONE_HOME_KB
            target = f"  [target ≤ {TARGET_PHONE_HOME_KB} KB: {'met' if ok else 'MISSED'}]"
        lines.append(
            f"  {name} (/{visit['page']}): {visit['body_kb']} KB transferred{target}; "
            f"{visit['requests']} requests, {kinds}; "
            f"headers {round(int(visit['header_bytes']) / 1024, 1)} KB more"
        )
    return lines


def format_images(result: dict) -> str:
    """The image builds (`benchmarks.images.run`): without images, cold and warm cache."""

    def build(key: str) -> str:
        figures = result[key]
        return (
            f"{figures['wall_s']:.1f} s wall, {figures['cpu_s']:.1f} s CPU, "
            f"{figures['max_rss_mb']} MB peak"
        )

    warm = result["warm"]["image_counts"] or {}
    cold = result["cold"]["image_counts"] or {}
    lines = [
        f"Images at N={result['n']} (every initiative with its own 1600 × 900 JPEG, "
        f"{result['source_images_mb']} MB of sources):",
        f"  without images (2):  {build('without_images')}",
        f"  with images, cold:   {build('cold')}; encoded {cold.get('encoded')}, "
        f"from cache {cold.get('from_cache')}",
        f"  with images, warm:   {build('warm')}; encoded {warm.get('encoded')}, "
        f"from cache {warm.get('from_cache')}",
        f"  cache {result['cache_mb']} MB, {result['published_images']} published image files",
        "  warm build encoded "
        + (f"{warm['encoded']} images (must be 0): " if "encoded" in warm else "? images: ")
        + ("ok" if warm.get("encoded") == 0 else "WRONG (the build log did not say 0 new)"),
    ]
    if "phone" in result:
        lines.extend(format_phone(result["phone"], f"the N = {result['n']} site with images"))
    return "\n".join(lines)


def check_phone_targets(phones: dict[str, dict]) -> list[str]:
    """Issue 13: the home page's cold phone visit, for every site it was measured on."""
    lines = []
    for site, visits in phones.items():
        kb = float(visits["home"]["body_kb"])
        ok = kb <= TARGET_PHONE_HOME_KB
        lines.append(
            f"phone home page ({site}): {kb} KB (≤ {TARGET_PHONE_HOME_KB}): "
            f"{'met' if ok else 'MISSED'}"
        )
    return lines or ["phone home page: not measured"]


def check_images(result: dict | None) -> list[str]:
    """Issue 13: the warm build encodes nothing."""
    if not result:
        return ["image builds: not measured"]
    encoded = (result["warm"]["image_counts"] or {}).get("encoded")
    return [
        f"images at {result['n']}: warm build encoded {encoded} (must be 0): "
        f"{'met' if encoded == 0 else 'MISSED'}"
    ]


def _fmt_dict(values: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in values.items()) or "–"


def format_summary(results: list[dict]) -> str:
    header = (
        f"{'N':>6} {'wall s':>8} {'calib s':>8} {'ratio':>6} {'ms/init':>8} {'RSS MB':>7} "
        f"{'site MB':>8} {'index KB':>9} {'visit+search KB':>16} {'calib KB':>9}"
    )
    lines = [header]
    for r in results:
        p, c = r["plugin"], r["calibration"]
        lines.append(
            f"{r['n']:>6} {p['wall_s']:>8} {c['wall_s']:>8} {r['ratio_wall']:>6} "
            f"{p['ms_per_initiative']:>8} {_peak(p):>7} {p['site_mb']:>8} "
            f"{p['initiatives_index_gzip_kb']:>9} {p['transfer']['visit_and_search_gzip_kb']:>16} "
            f"{c['transfer']['visit_and_search_gzip_kb']:>9}"
        )
    return "\n".join(lines)


def check_targets(results: list[dict], preview_result: dict | None) -> list[str]:
    by_n = {r["n"]: r for r in results}
    lines = []

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    base = by_n.get(1000)
    for n in (4000, 10000):
        if base and n in by_n:
            factor = by_n[n]["plugin"]["ms_per_initiative"] / base["plugin"]["ms_per_initiative"]
            lines.append(
                f"linear: ms/initiative at {n} = {factor:.2f} × at 1000 (≤ {TARGET_LINEAR_FACTOR}): {verdict(factor <= TARGET_LINEAR_FACTOR)}"
            )
        else:
            lines.append(f"linear at {n}: not measured (needs N=1000 and N={n})")
    for r in results:
        lines.append(
            f"calibration at {r['n']}: wall {r['ratio_wall']} × (≤ {TARGET_CALIBRATION_FACTOR}): "
            f"{verdict(r['ratio_wall'] <= TARGET_CALIBRATION_FACTOR)}; CPU {r['ratio_cpu']} ×"
        )
    for n, limit in TARGET_RSS_MB.items():
        if n in by_n:
            peak = _peak(by_n[n]["plugin"])
            lines.append(f"peak RSS at {n}: {peak} MB (≤ {limit}): {verdict(peak <= limit)}")
        else:
            lines.append(f"peak RSS at {n}: not measured")
    for n, limit in TARGET_TRANSFER_KB.items():
        if n in by_n:
            kb = by_n[n]["plugin"]["transfer"]["visit_and_search_gzip_kb"]
            lines.append(f"cold visit + search at {n}: {kb} KB (≤ {limit}): {verdict(kb <= limit)}")
        else:
            lines.append(f"cold visit + search at {n}: not measured")
    for n, limit in TARGET_INDEX_KB.items():
        if n in by_n:
            kb = by_n[n]["plugin"]["initiatives_index_gzip_kb"]
            lines.append(f"/initiativen/ at {n}: {kb} KB gzip (≤ {limit}): {verdict(kb <= limit)}")
        else:
            lines.append(f"/initiativen/ at {n}: not measured")
    if preview_result:
        for key in PREVIEW_LABELS:
            if key not in preview_result:
                continue
            median = preview_result[key]["median_s"]
            ok = median is not None and median <= TARGET_PREVIEW_S
            lines.append(
                f"preview ({PREVIEW_LABELS[key]}) at {preview_result['n']}: {median} s "
                f"(≤ {TARGET_PREVIEW_S}): {verdict(ok)}"
            )
    else:
        lines.append("preview: not measured")
    return lines


def format_machine(machine: dict) -> str:
    v = machine["versions"]
    return (
        f"CPU: {machine['cpu']}, {machine['cores']} cores, RAM {machine['ram_gb']} GB; "
        f"Python {machine['python']}; MkDocs {v.get('mkdocs')}, Material {v.get('material')}, "
        f"macros {v.get('mkdocs_macros')}, Pagefind {v.get('pagefind')}; "
        f"load average at start {machine['load_average_at_start']}"
    )


def _cpu(run: dict) -> str:
    if run.get("median_cpu_s") is None:
        return ""
    return f"; server CPU {run['cpu_s']} s (median {run['median_cpu_s']})"


def format_preview(result: dict) -> str:
    lines = [
        f"Editor preview at N={result['n']} (retitle one featured initiative, /{result['page']}; "
        "seconds from the save until every dependent page shows it):"
    ]
    for key in ("plugin_default", "plugin_dirty", "calibration_default", "calibration_dirty"):
        r = result[key]
        pages = len(r.get("pages", [result["page"]]))
        lines.append(
            f"  {key:<20} startup {r['startup_s']:>6} s, edit → every dependent page updated "
            f"({pages} pages): {r['edits_s']} s (median {r['median_s']}){_cpu(r)}"
        )
    site_wide = [key for key in SITE_WIDE_KEYS if key in result]
    if site_wide:
        pages = ", ".join(f"/{page}" for page in result.get("site_wide_pages", []))
        lines.append(f"Site-wide changes (every page shows them; awaited on {pages}):")
    for key in site_wide:
        r = result[key]
        lines.append(f"  {key:<27} {r['file']}: {r['edits_s']} s (median {r['median_s']}){_cpu(r)}")
    return "\n".join(lines)
