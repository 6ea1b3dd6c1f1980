"""The images of the data (issue 13): checked, stripped of metadata, resized, encoded, cached.

Every image a record names (`image:` of initiatives and fields, `logo:` of partners) is a file
in `data/images/`. At build time each is

- read like every data file and refused if it has more than one hard link or more than 20 MB
  (`reading`);
- decoded by Pillow with its decompression-bomb limit (`Image.MAX_IMAGE_PIXELS`, the warning
  counts as the error), turned upright (`ImageOps.exif_transpose`), converted to sRGB (a
  colour profile is applied, then dropped with all other metadata: EXIF with any GPS position,
  XMP, IPTC, comments, text chunks — nothing of the file but its pixels is published);
- resized to a few widths (never enlarged) and written as AVIF (when this Pillow can), WebP
  and a JPEG (PNG for images with transparency) fallback (`raster`), named by a hash of the
  source bytes and the settings (`outputs`), so a name never changes meaning (nginx caches
  them for a year);
- cached in `.cache/essen-images/` under the project: an unchanged image is never decoded or
  encoded again, by the next build, the preview or the check command (`store`).

SVG logos are parsed with expat and published byte for byte only without DOCTYPE, scripts,
event handlers, foreignObject or references to anything but a fragment of the same file (`svg`).

No MkDocs types here: the plugin adds the files of `Catalogue.files` to the site and the
renderer prints `picture(...)` from `Catalogue.renditions` (`markup`).
"""

from .markup import (
    SIZES,
    USE_DEFAULT,
    USE_WIDTHS,
    USES,
    ShareImage,
    picture_html,
    share_image,
)
from .outputs import (
    AVIF,
    CONTENT_WIDTHS,
    ENCODERS,
    LOGO_HEIGHT,
    LOGO_HEIGHTS,
    MIN_CONTENT_WIDTH,
    MIN_LOGO_HEIGHT,
    MODERN,
    OUTPUT_DIR,
    SETTINGS,
    SHARE_WIDTH,
)
from .raster import DECODERS, MAX_PIXELS
from .reading import MAX_IMAGE_BYTES
from .store import CACHE_DIR, CACHE_ENV, PRUNE_DAYS, Catalogue, ImageStore, Rendition, Variant

__all__ = [
    "AVIF",
    "CACHE_DIR",
    "CACHE_ENV",
    "CONTENT_WIDTHS",
    "DECODERS",
    "ENCODERS",
    "LOGO_HEIGHT",
    "LOGO_HEIGHTS",
    "MAX_IMAGE_BYTES",
    "MAX_PIXELS",
    "MIN_CONTENT_WIDTH",
    "MIN_LOGO_HEIGHT",
    "MODERN",
    "OUTPUT_DIR",
    "PRUNE_DAYS",
    "SETTINGS",
    "SHARE_WIDTH",
    "SIZES",
    "USES",
    "USE_DEFAULT",
    "USE_WIDTHS",
    "Catalogue",
    "ImageStore",
    "Rendition",
    "ShareImage",
    "Variant",
    "picture_html",
    "share_image",
]
