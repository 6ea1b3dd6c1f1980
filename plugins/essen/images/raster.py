"""Raster images with Pillow: decoded within the decompression-bomb limit, turned upright,
converted to sRGB with every piece of metadata dropped, resized (never enlarged) and encoded.

`process` runs in worker processes (see store.ImageStore), so it takes a picklable `Job` and
returns plain data.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError, features

from .outputs import (
    AVIF,
    CONTENT_WIDTHS,
    ENCODERS,
    LOGO_HEIGHTS,
    MIN_CONTENT_WIDTH,
    MIN_LOGO_HEIGHT,
    MODERN,
    SHARE_WIDTH,
    Job,
)
from .reading import Refused

# Pillow's own bound (about 89 million pixels, 268 MB decoded as RGB); past it Pillow warns, past
# twice it refuses. Both are refused here: a photo has a fraction of that.
MAX_PIXELS = PILImage.MAX_IMAGE_PIXELS or 89_478_485
DECODERS = ["JPEG", "PNG", "WEBP", *(["AVIF"] if AVIF else [])]


def open_image(source: bytes, shown: str) -> PILImage.Image:
    """The decoded image (all pixels read), or Refused."""
    formats = ", ".join("WebP" if f == "WEBP" else f for f in DECODERS)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            image = PILImage.open(io.BytesIO(source), formats=DECODERS)
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise PILImage.DecompressionBombError(f"{width * height} pixels")
            image.load()
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise Refused(
            f"{shown} hat zu viele Pixel: erlaubt sind höchstens "
            f"{MAX_PIXELS / 1e6:.0f} Millionen (Schutz vor manipulierten Bilddateien)",
            "speichern Sie das Bild kleiner, z. B. 2.000 Pixel breit",
        ) from None
    except UnidentifiedImageError:
        raise Refused(
            f"{shown} ist kein Bild in einem lesbaren Format (erlaubt: {formats})",
            "öffnen Sie die Datei in einem Bildprogramm und speichern Sie sie als JPEG oder PNG",
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise Refused(
            f"{shown} ist beschädigt oder unvollständig ({str(error)[:80]})",
            "speichern Sie das Bild im Bildprogramm neu oder laden Sie es noch einmal herunter",
        ) from None
    return image


def upright_srgb(image: PILImage.Image) -> PILImage.Image:
    """Turned as the camera meant, in sRGB, RGB or RGBA, with no metadata left."""
    image = ImageOps.exif_transpose(image) or image
    profile = image.info.get("icc_profile")
    if profile and features.check("littlecms2"):
        from PIL import ImageCms

        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            target = "RGBA" if has_alpha(image) else "RGB"
            converted = ImageCms.profileToProfile(
                image, source_profile, ImageCms.createProfile("sRGB"), outputMode=target
            )
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the pixels as they are, which most viewers show anyway
    image = image.convert("RGBA" if has_alpha(image) else "RGB")
    # EXIF, XMP, IPTC, ICC, comments, PNG text chunks: all live in `info`; the encoders below
    # get no metadata arguments, so nothing but pixels is written.
    image.info = {}
    return image


def has_alpha(image: PILImage.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def encode(image: PILImage.Image, mime: str) -> bytes:
    pil_format, _suffix, options = ENCODERS[mime]
    out = io.BytesIO()
    image.save(out, pil_format, **options)
    return out.getvalue()


def to_width(image: PILImage.Image, width: int) -> PILImage.Image:
    if width >= image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    resized = image.resize((width, height), PILImage.Resampling.LANCZOS)
    resized.info = {}
    return resized


def process(job: Job) -> tuple[dict, dict[str, bytes]]:
    """(manifest, files) of one raster source; raises Refused. Runs in worker processes."""
    image = upright_srgb(open_image(job.source, job.shown))
    alpha = image.mode == "RGBA"
    fallback = "image/png" if alpha else "image/jpeg"
    mimes = (*MODERN, fallback)
    files: dict[str, bytes] = {}
    variants: list[dict] = []
    if job.kind == "logo":
        if image.height < MIN_LOGO_HEIGHT:
            raise Refused(
                f"das Logo ist {image.width} × {image.height} Pixel groß; nötig sind mindestens "
                f"{MIN_LOGO_HEIGHT} Pixel Höhe",
                "verwenden Sie eine größere Fassung des Logos oder besser eine SVG-Datei",
            )
        sizes = sorted({min(h, image.height) for h in LOGO_HEIGHTS})
        scaled = [to_width(image, max(1, round(image.width * h / image.height))) for h in sizes]
    else:
        if image.width < MIN_CONTENT_WIDTH:
            raise Refused(
                f"das Bild ist {image.width} × {image.height} Pixel groß; für Karten und Seiten "
                f"nötig sind mindestens {MIN_CONTENT_WIDTH} Pixel Breite",
                f"verwenden Sie eine größere Fassung des Bildes (mindestens {MIN_CONTENT_WIDTH} "
                "Pixel breit); Vergrößern im Bildprogramm hilft nicht, das Bild wird unscharf",
            )
        widths = [w for w in CONTENT_WIDTHS if w <= image.width]
        scaled = [to_width(image, w) for w in widths]
    for variant in scaled:
        for mime in mimes:
            suffix = ENCODERS[mime][1]
            label = f"h{variant.height}" if job.kind == "logo" else str(variant.width)
            name = job.name(label, suffix)
            files[name] = encode(variant, mime)
            variants.append(
                {"name": name, "width": variant.width, "height": variant.height, "mime": mime}
            )
    manifest: dict = {
        "width": image.width,
        "height": image.height,
        "fallback": fallback,
        "variants": variants,
        "share": None,
    }
    if job.kind == "content":
        share = to_width(image, SHARE_WIDTH)
        if alpha:
            flat = PILImage.new("RGB", share.size, (255, 255, 255))
            flat.paste(share, mask=share.getchannel("A"))
            share = flat
        name = job.name("og", "jpg")
        files[name] = encode(share, "image/jpeg")
        manifest["share"] = name
    return manifest, files


def process_safely(job: Job) -> tuple[dict, dict[str, bytes]] | tuple[str, str]:
    """`process` for a worker process: a refusal comes back as (message, hint)."""
    try:
        return process(job)
    except Refused as refused:
        return refused.message, refused.hint
