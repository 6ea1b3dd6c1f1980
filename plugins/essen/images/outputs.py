"""What is made of each source image: widths, formats and encoder options, the one string of
them that is part of every output name and cache key, and how the output files are named."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from PIL import Image as PILImage
from PIL import features

OUTPUT_DIR = "assets/images"

AVIF = features.check("avif")
# Widths made of every content image (never above the source's width), and the one of the
# preview image for Open Graph / Twitter cards (1200 px is what the platforms recommend).
CONTENT_WIDTHS = (400, 800, 1280, 1920)
SHARE_WIDTH = 1200
# Page and hero show the image at up to 800 CSS px (1280 on a 2x screen); less looks blurred.
MIN_CONTENT_WIDTH = 800
# Logos are shown at this height (CSS px), with a second file for 2x screens.
LOGO_HEIGHT = 48
LOGO_HEIGHTS = (LOGO_HEIGHT, 2 * LOGO_HEIGHT)
MIN_LOGO_HEIGHT = LOGO_HEIGHT

ENCODERS: dict[str, tuple[str, str, dict[str, object]]] = {
    # mime: (Pillow format, file suffix, options)
    "image/avif": ("AVIF", "avif", {"quality": 60, "speed": 8, "max_threads": 1}),
    "image/webp": ("WEBP", "webp", {"quality": 80, "method": 4}),
    "image/jpeg": ("JPEG", "jpg", {"quality": 82, "optimize": True, "progressive": True}),
    "image/png": ("PNG", "png", {"optimize": True}),
}
MODERN = ("image/avif", "image/webp") if AVIF else ("image/webp",)
# Part of every output name and cache key: a change of settings makes new files.
SETTINGS = json.dumps(
    {
        "version": 1,
        "pillow": PILImage.__version__,
        "widths": CONTENT_WIDTHS,
        "share": SHARE_WIDTH,
        "logo": LOGO_HEIGHTS,
        "modern": MODERN,
        "encoders": {
            mime: [spec[0], spec[1], sorted(spec[2].items())] for mime, spec in ENCODERS.items()
        },
    },
    sort_keys=True,
)


@dataclass(frozen=True)
class Job:
    """One source to process: what to make of it and how the outputs are named."""

    kind: str  # "content" or "logo"
    file: str
    digest: str
    source: bytes = field(repr=False)
    shown: str = ""

    @property
    def stem(self) -> str:
        stem = self.file.rsplit(".", 1)[0].lower()
        return re.sub(r"[^a-z0-9]+", "-", stem).strip("-") or "bild"

    def name(self, label: str, suffix: str) -> str:
        return f"{self.stem}-{label}.{self.digest[:10]}.{suffix}"
