"""The HTML of an image: `<picture>` with srcset/sizes (in a `<figure>` with the credit for
pages and heroes), and the absolute URL of a record's Open Graph image."""

from __future__ import annotations

import html
from dataclasses import dataclass

from ..model import Image, Logo
from .outputs import LOGO_HEIGHT, MODERN, OUTPUT_DIR, SHARE_WIDTH
from .store import Catalogue, Rendition, Variant

# How each use shows an image: the widths offered and the `sizes` the browser picks by.
SIZES = {
    "card": "(min-width: 76em) 20rem, (min-width: 45em) 45vw, 100vw",
    "page": "(min-width: 76em) 46rem, 100vw",
    "hero": "100vw",
}
USE_WIDTHS = {"card": (400, 800), "page": (800, 1280), "hero": (800, 1280, 1920)}
# The width of the `src` (and of width/height) for browsers without srcset.
USE_DEFAULT = {"card": 400, "page": 800, "hero": 1280}
USES = (*SIZES, "logo")
# "lazy" below the fold; "eager" for images in the first screen (the home page's field tiles);
# "high" for the one image a page is about, which the browser should fetch first.
LOADING = {"lazy": ' loading="lazy"', "eager": "", "high": ' fetchpriority="high"'}


def picture_html(
    image: Image | Logo | None,
    use: str,
    rendition: Rendition | None,
    prefix: str,
    loading: str = "lazy",
) -> str:
    """`<picture>` (in a `<figure>` with the credit for "page" and "hero") for one image.

    `prefix` leads from the page to the site's root ("../../"); "" when nothing is to be shown.
    """
    if image is None or rendition is None:
        return ""
    if use not in USES:
        raise ValueError(f"unknown image use {use!r}; one of {USES}")
    if loading not in LOADING:
        raise ValueError(f"unknown image loading {loading!r}; one of {tuple(LOADING)}")

    def url(variant: Variant) -> str:
        return html.escape(f"{prefix}{OUTPUT_DIR}/{variant.name}", quote=True)

    alt = html.escape(image.alt, quote=True)
    attributes = LOADING[loading]
    classes = f"ce-picture ce-picture--{use}"
    if rendition.fallback == "image/svg+xml":
        only = rendition.variants[0]
        width = max(1, round(LOGO_HEIGHT * only.width / only.height))
        return (
            f'<img class="{classes} ce-picture__img" src="{url(only)}" srcset="{url(only)} 1x" '
            f'alt="{alt}" width="{width}" height="{LOGO_HEIGHT}"{attributes} decoding="async">'
        )
    if use == "logo":
        return _logo_picture(rendition, url, alt, classes, attributes)
    wanted = USE_WIDTHS[use]
    fallback = rendition.of(rendition.fallback)
    # The widths this use offers, plus the largest one below them when the source is small.
    chosen = [v for v in fallback if v.width in wanted] or fallback[-1:]
    widths = {v.width for v in chosen}
    default = min(chosen, key=lambda v: abs(v.width - USE_DEFAULT[use]))
    sizes = SIZES[use]

    def srcset(mime: str) -> str:
        return ", ".join(f"{url(v)} {v.width}w" for v in rendition.of(mime) if v.width in widths)

    sources = "".join(
        f'<source type="{mime}" srcset="{srcset(mime)}" sizes="{sizes}">'
        for mime in MODERN
        if rendition.of(mime)
    )
    img = (
        f'<img class="ce-picture__img" src="{url(default)}" srcset="{srcset(rendition.fallback)}" '
        f'sizes="{sizes}" width="{default.width}" height="{default.height}" alt="{alt}"'
        f'{attributes} decoding="async">'
    )
    picture = f'<picture class="{classes}">{sources}{img}</picture>'
    if use == "card" or not isinstance(image, Image):
        return picture
    credit = html.escape(image.credit)
    return (
        f'<figure class="ce-figure ce-figure--{use}">{picture}'
        f'<figcaption class="ce-credit">{credit}</figcaption></figure>'
    )


def _logo_picture(rendition: Rendition, url, alt: str, classes: str, loading: str) -> str:
    fallback = rendition.of(rendition.fallback)
    base = fallback[0]

    def srcset(mime: str) -> str:
        return ", ".join(f"{url(v)} {v.height / base.height:g}x" for v in rendition.of(mime))

    sources = "".join(
        f'<source type="{mime}" srcset="{srcset(mime)}">' for mime in MODERN if rendition.of(mime)
    )
    width = max(1, round(LOGO_HEIGHT * base.width / base.height))
    height = LOGO_HEIGHT if base.height >= LOGO_HEIGHT else base.height
    return (
        f'<picture class="{classes}">{sources}<img class="ce-picture__img" src="{url(base)}" '
        f'srcset="{srcset(rendition.fallback)}" width="{width}" height="{height}" alt="{alt}"'
        f'{loading} decoding="async"></picture>'
    )


@dataclass(frozen=True)
class ShareImage:
    """The Open Graph image of a record: absolute URL, size in pixels, text alternative."""

    url: str
    width: int
    height: int
    alt: str  # "" for a decorative image


def share_image(image: Image | None, catalogue: Catalogue, site_url: str) -> ShareImage | None:
    """The Open Graph image of a record's image (None without one)."""
    if image is None:
        return None
    rendition = catalogue.rendition(image)
    if rendition is None or rendition.share is None:
        return None
    # Made by raster.to_width(image, SHARE_WIDTH): never enlarged, height rounded the same way.
    width = min(SHARE_WIDTH, rendition.width)
    height = (
        rendition.height
        if width == rendition.width
        else max(1, round(rendition.height * width / rendition.width))
    )
    return ShareImage(
        f"{site_url.rstrip('/')}/{OUTPUT_DIR}/{rendition.share}", width, height, image.alt
    )
