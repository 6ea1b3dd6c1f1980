"""Screenshots of every page kind of the sample site, at 1280 and 390 px (issue 13).

    .venv/bin/python tools/screenshots.py               # build, serve, write screenshots/*.png
    .venv/bin/python tools/screenshots.py --out /tmp/x  # somewhere else
    .venv/bin/python tools/screenshots.py news event    # only these page kinds

Builds the repo's project (mkdocs.yml, docs/, overrides/, data/) into a temporary folder, serves
it on 127.0.0.1 and saves one PNG per page kind and width with Debian's Chromium (Playwright):
the first three screen heights of each page (a full list page at 390 px is many metres long).
The files live outside docs/, so they are never published and test projects do not copy them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PIL import Image  # noqa: E402
from playwright.sync_api import Page, sync_playwright  # noqa: E402

from plugins.essen.loading import load_site  # noqa: E402
from plugins.essen.model import Site  # noqa: E402
from tests.conftest import serve_directory  # noqa: E402

OUT = REPO / "screenshots"
CHROMIUM = "/usr/bin/chromium"
# (width, height) of the viewport: a laptop and a phone.
VIEWPORTS = {"1280": (1280, 800), "390": (390, 844)}
SCREENS = 3  # how many screen heights each picture shows at most


def page_kinds(site: Site) -> dict[str, str]:
    """File name stem → site-relative URL of one page of each kind."""
    richest = max(site.initiatives, key=lambda i: (len(i.description or ""), len(i.links), i.id))
    busiest = max(site.partners, key=lambda p: (len(site.initiatives_by_partner[p.id]), p.id))
    # The item and event that show the most: image, long text, links; place, online, registration.
    richest_news = max(site.news, key=lambda n: (n.image is not None, len(n.body), n.slug))
    richest_event = max(
        site.events,
        key=lambda e: (
            sum(bool(v) for v in (e.place, e.address, e.online, e.registration, e.initiatives)),
            len(e.description or ""),
            e.id,
        ),
    )
    return {
        "home": "",
        "about": "ueber/",
        "fields": "handlungsfelder/",
        "field": f"handlungsfelder/{site.fields[0].id}/",
        "initiatives": "initiativen/",
        "initiative": f"initiativen/{richest.id}/",
        "places": "stadtteile/",
        "bezirk": "stadtteile/ruhrhalbinsel/",
        "map": "karte/",
        "news-index": "aktuelles/",
        "news": f"aktuelles/{richest_news.slug}/",
        "events-index": "termine/",
        "event": f"termine/{richest_event.id}/",
        "partners": "partner/",
        "partner": f"partner/{busiest.id}/",
        "contact": "kontakt/",
        "open-data": "daten/",
        "legal": "impressum/",
    }


def settle(page: Page) -> None:
    """Wait for what the picture shows: fonts, the filter's set-up, lazy images in range."""
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    if page.locator("#ce-filter").count():
        page.wait_for_selector("#ce-filter[data-ce-ready]", state="attached")
    # The pictured range shows its lazy images too: load them now instead of on scrolling.
    page.evaluate(
        "document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })"
    )
    page.wait_for_function("[...document.images].every(i => i.complete)")


def compress(path: Path) -> None:
    """256 colours, optimised: a page of text and flat colours loses nothing visible, and the
    committed pictures stay a fraction of their size."""
    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
    reduced.save(path, optimize=True)


def shoot(site_dir: Path, site: Site, out: Path, kinds: list[str] | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    chosen = {k: u for k, u in page_kinds(site).items() if not kinds or k in kinds}
    with serve_directory(site_dir) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for label, (width, height) in VIEWPORTS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                for stem, url in chosen.items():
                    page.goto(base + url)
                    settle(page)
                    full = page.evaluate("document.documentElement.scrollHeight")
                    path = out / f"{stem}-{label}.png"
                    page.screenshot(
                        path=str(path),
                        full_page=True,
                        clip={
                            "x": 0,
                            "y": 0,
                            "width": width,
                            "height": min(full, SCREENS * height),
                        },
                    )
                    compress(path)
                    written.append(path)
                page.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNG files")
    parser.add_argument(
        "kinds",
        nargs="*",
        metavar="KIND",
        help="only these page kinds (file name stems, e.g. home news-index event); default: all",
    )
    args = parser.parse_args(argv)
    site = load_site(REPO / "data", REPO)
    unknown = sorted(set(args.kinds) - set(page_kinds(site)))
    if unknown:
        parser.error(f"unknown page kinds {unknown}; known: {', '.join(page_kinds(site))}")
    with tempfile.TemporaryDirectory(prefix="essen-screenshots-") as tmp:
        site_dir = Path(tmp) / "site"
        mkdocs = Path(sys.executable).with_name("mkdocs")
        subprocess.run(
            [str(mkdocs), "build", "--quiet", "--strict", "--site-dir", str(site_dir)],
            cwd=REPO,
            check=True,
        )
        for path in shoot(site_dir, site, args.out, args.kinds):
            print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
