"""Draw the sample data's illustrative images into data/images/ (issue 13).

    .venv/bin/python tools/sample_images.py           # (re)draw every sample image
    .venv/bin/python tools/sample_images.py --check   # exit 1 if a committed image differs

Abstract shapes in the colours of the fields of action (data/fields.yml), no text, no photos:
nothing here pretends to show a real person or place. Each image is a function of its name, so
running the script again gives the same files (a seed per name, no clock, no randomness of the
machine). The records credit them as "Illustration: CONNECTED.ESSEN (Beispielbild), CC0 1.0".
The logos are drawn only for the fictional sample partners, never for real organisations.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import sys
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFilter

REPO = Path(__file__).resolve().parents[1]
IMAGES = REPO / "data" / "images"
# The site's own link-preview image (og:image of pages without an image of their own).
SHARE_DEFAULT = REPO / "overrides" / "assets" / "images" / "teilen.jpg"
WIDTH, HEIGHT = 1600, 900
CREDIT = "Illustration: CONNECTED.ESSEN (Beispielbild), CC0 1.0"

# Initiatives with a sample image: (file stem, field whose colour it takes).
INITIATIVES = {
    "buergerrathaus": "smart-government",
    "baldeneysee-dashboard": "smart-living",
    "smart-parking": "smart-mobility",
    "strassenlaternen": "smart-energy",
    "hitzewarnung": "smart-health",
    "startup-programm": "smart-economy",
    "ladepunkte-wohnquartiere": "smart-energy",
    "rufbus-auf-abruf": "smart-mobility",
}
# Fictional sample partners only: (file, colour).
LOGOS = {
    "giesssignal-labs.svg": "#2e6b30",
    "lumenkraft-sensorik.svg": "#7a5200",
    "rufwerk-mobility.png": "#1d4e89",
}


def field_colours() -> dict[str, str]:
    fields = yaml.safe_load((REPO / "data" / "fields.yml").read_text(encoding="utf-8"))
    return {entry["id"]: entry.get("color", "#2b4a6f") for entry in fields}


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def draw(name: str, colour: str, size: tuple[int, int] = (WIDTH, HEIGHT)) -> bytes:
    """A JPEG (1600×900 by default) of soft circles, bands and a network of dots in tints of
    `colour`."""
    width, height = size
    rng = random.Random(hashlib.sha256(name.encode()).digest())
    base = _rgb(colour)
    white, ink = (255, 255, 255), (20, 24, 28)
    image = Image.new("RGB", (width, height), _mix(base, white, 0.82))
    layer = ImageDraw.Draw(image, "RGBA")
    for _ in range(3):  # diagonal bands
        x = rng.randint(-400, width)
        shade = _mix(base, white, rng.uniform(0.35, 0.7))
        layer.polygon(
            [(x, 0), (x + 260, 0), (x - 240, height), (x - 500, height)], fill=(*shade, 150)
        )
    for _ in range(9):  # circles, some large and soft
        r = rng.randint(60, 320)
        cx, cy = rng.randint(0, width), rng.randint(0, height)
        shade = _mix(base, rng.choice([white, ink]), rng.uniform(0.0, 0.45))
        layer.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(*shade, rng.randint(90, 200)))
    image = image.filter(ImageFilter.GaussianBlur(2))
    layer = ImageDraw.Draw(image, "RGBA")
    step = 64
    for gx in range(step // 2, width, step):  # a network of nodes: the "connected" city
        for gy in range(step // 2, height, step):
            if rng.random() < 0.16:
                layer.ellipse((gx - 5, gy - 5, gx + 5, gy + 5), fill=(*white, 210))
                if rng.random() < 0.5:
                    layer.line(
                        (gx, gy, gx + step, gy + rng.choice([-step, 0, step])),
                        fill=(*white, 150),
                        width=3,
                    )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=78, optimize=True, progressive=True)
    return out.getvalue()


def logo_svg(name: str, colour: str) -> bytes:
    """A plain mark: rings and a dot, no text, no script, no external reference."""
    rng = random.Random(hashlib.sha256(name.encode()).digest())
    rings = "".join(
        f'<circle cx="{rng.randint(60, 180)}" cy="60" r="{r}" fill="none" stroke="{colour}" '
        f'stroke-width="8" opacity="{0.4 + i * 0.2:.1f}"/>'
        for i, r in enumerate((48, 32, 16))
    )
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 120" width="240" height="120">'
        f'<rect x="4" y="4" width="232" height="112" rx="18" fill="#ffffff" stroke="{colour}" '
        f'stroke-width="4"/>{rings}<circle cx="200" cy="60" r="14" fill="{colour}"/></svg>\n'
    )
    return svg.encode("utf-8")


def logo_png(name: str, colour: str) -> bytes:
    image = Image.new("RGBA", (480, 240), (0, 0, 0, 0))
    layer = ImageDraw.Draw(image)
    base = _rgb(colour)
    layer.rounded_rectangle((8, 8, 472, 232), 36, fill=(255, 255, 255, 255), outline=base, width=8)
    for i, x in enumerate((120, 240, 360)):
        layer.ellipse((x - 60, 60, x + 60, 180), fill=(*_mix(base, (255, 255, 255), i * 0.3), 255))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def images() -> dict[str, bytes]:
    colours = field_colours()
    made = {f"feld-{field_id}.jpg": draw(field_id, colour) for field_id, colour in colours.items()}
    for stem, field_id in INITIATIVES.items():
        made[f"{stem}.jpg"] = draw(stem, colours[field_id])
    for file, colour in LOGOS.items():
        made[file] = logo_svg(file, colour) if file.endswith(".svg") else logo_png(file, colour)
    return made


def outputs() -> dict[Path, bytes]:
    made = {IMAGES / name: content for name, content in images().items()}
    made[SHARE_DEFAULT] = draw("connected-essen", "#1d4e89", (1200, 630))
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="nur vergleichen, nichts schreiben")
    args = parser.parse_args(argv)
    IMAGES.mkdir(parents=True, exist_ok=True)
    differing = []
    for path, content in outputs().items():
        if args.check:
            if not path.is_file() or path.read_bytes() != content:
                differing.append(path.relative_to(REPO).as_posix())
            continue
        path.write_bytes(content)
        print(f"{path.relative_to(REPO)}: {len(content) // 1024} KB")
    if differing:
        print("anders als gezeichnet: " + ", ".join(differing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
