"""The images of the data (issue 13): checked, stripped of metadata, resized, encoded, cached.

Every image a record names (`image:` of initiatives and fields, `logo:` of partners) is a file
in `data/images/`. At build time each is

- read like every data file (`yamlsource.safe_read_bytes`: inside `data/`, no link on the way,
  a regular file) and refused if it has more than one hard link or more than 20 MB;
- decoded by Pillow with its decompression-bomb limit (`Image.MAX_IMAGE_PIXELS`, the warning
  counts as the error), turned upright (`ImageOps.exif_transpose`), converted to sRGB (a
  colour profile is applied, then dropped with all other metadata: EXIF with any GPS position,
  XMP, IPTC, comments, text chunks — nothing of the file but its pixels is published);
- resized to a few widths (never enlarged) and written as AVIF (when this Pillow can), WebP
  and a JPEG (PNG for images with transparency) fallback, named by a hash of the source bytes
  and the settings, so a name never changes meaning (nginx caches them for a year);
- cached in `.cache/essen-images/` under the project: an unchanged image is never decoded or
  encoded again, by the next build, the preview or the check command.

SVG logos are parsed with expat and published byte for byte only without DOCTYPE, scripts,
event handlers, foreignObject or references to anything but a fragment of the same file.

No MkDocs types here: the plugin adds the files of `Catalogue.files` to the site and the
renderer prints `picture(...)` from `Catalogue.renditions`.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import difflib
import hashlib
import html
import io
import json
import multiprocessing
import os
import re
import stat
import time
import warnings
import xml.parsers.expat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError, features

from .errors import DataError, Problem
from .model import Image, Logo, Site
from .rules import IMAGES_DIR
from .yamlsource import safe_read_bytes

MAX_IMAGE_BYTES = 20 * 1024 * 1024
# Pillow's own bound (about 89 million pixels, 268 MB decoded as RGB); past it Pillow warns, past
# twice it refuses. Both are refused here: a photo has a fraction of that.
MAX_PIXELS = PILImage.MAX_IMAGE_PIXELS or 89_478_485
OUTPUT_DIR = "assets/images"
CACHE_DIR = ".cache/essen-images"
# Another cache folder, e.g. one shared by the many test builds of the same sample images
# (tests/conftest.py); entries are named by content hashes, so sharing one is safe.
CACHE_ENV = "ESSEN_IMAGE_CACHE"
# Cache entries no build has used for this long are deleted (the next build that needs one
# makes it again).
PRUNE_DAYS = 30

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
DECODERS = ["JPEG", "PNG", "WEBP", *(["AVIF"] if AVIF else [])]

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


@dataclass(frozen=True)
class Variant:
    name: str  # under OUTPUT_DIR
    width: int
    height: int
    mime: str


@dataclass(frozen=True)
class Rendition:
    """What a build made of one source file."""

    width: int  # upright, in pixels (for an SVG: its own units)
    height: int
    variants: tuple[Variant, ...]
    fallback: str  # mime of the fallback ("image/jpeg", "image/png", "image/svg+xml")
    share: str | None = None  # name of the Open Graph JPEG

    def of(self, mime: str) -> list[Variant]:
        return [v for v in self.variants if v.mime == mime]


@dataclass
class Catalogue:
    """Every image of a build: renditions by (kind, file), and the files to publish."""

    renditions: dict[tuple[str, str], Rendition] = field(default_factory=dict)
    # (path under the site, file in the cache)
    files: dict[str, Path] = field(default_factory=dict)
    # Sources decoded and encoded for this catalogue (the others came from the cache).
    encoded: int = 0

    @property
    def digest(self) -> str:
        """Equal for equal images: pages showing them may be reused (preview)."""
        names = sorted(self.files)
        return hashlib.sha256("\n".join(names).encode()).hexdigest()

    def open_data_paths(self) -> dict[str, str]:
        """Content image file → site path of its largest fallback file (JPEG or PNG), for the
        open data: the biggest picture published, in the format every program reads."""
        paths = {}
        for (kind, file), rendition in self.renditions.items():
            fallback = rendition.of(rendition.fallback)
            if kind == "content" and fallback:
                paths[file] = f"{OUTPUT_DIR}/{max(fallback, key=lambda v: v.width).name}"
        return paths

    def rendition(self, image: Image | Logo) -> Rendition | None:
        kind = "logo" if isinstance(image, Logo) else "content"
        return self.renditions.get((kind, image.file))


class _Refused(Exception):
    """One image cannot be used: (message, hint) for the record's `file` line."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


# ---------------------------------------------------------------------------------- reading


def _read(data_dir: Path, file: str, shown_dir: str) -> bytes:
    """The bytes of data/images/<file>, or _Refused saying why not (never following a link)."""
    shown = f"{shown_dir}/{IMAGES_DIR}/{file}"
    folder = data_dir / IMAGES_DIR
    path = folder / file
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise _missing(folder, file, shown) from None
    except OSError:
        info = None  # safe_read_bytes names the folder that is in the way
    if info is not None and stat.S_ISREG(info.st_mode):
        if info.st_nlink > 1:
            # A hard link is the same file as another one, possibly outside data/.
            raise _Refused(
                f"{shown} ist eine Datei mit mehreren Namen (harter Link) und wird nicht gelesen",
                f"kopieren Sie das Bild als eigene Datei in den Ordner {shown_dir}/{IMAGES_DIR}/",
            )
        if info.st_size > MAX_IMAGE_BYTES:
            raise _too_big(shown, info.st_size)
    try:
        return safe_read_bytes(path, data_dir, shown, MAX_IMAGE_BYTES)
    except DataError as error:
        problem = error.problems[0]
        where = problem.path
        raise _Refused(f"{where}: {problem.message}", problem.hint) from None


def _stamp(data_dir: Path, file: str) -> tuple[int, ...] | None:
    """What lstat says of data/images/<file> (device, inode, size, times), None unless it is a
    regular file with one name in a real folder: a file saved, replaced or linked gets another."""
    try:
        folder = os.lstat(data_dir / IMAGES_DIR)
        info = os.lstat(data_dir / IMAGES_DIR / file)
    except OSError:
        return None
    if not stat.S_ISDIR(folder.st_mode) or not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _missing(folder: Path, file: str, shown: str) -> _Refused:
    try:
        present = [name for name in os.listdir(folder) if not name.startswith(".")]
    except OSError:
        present = []
    close = difflib.get_close_matches(file, present, n=1, cutoff=0.6)
    hint = (
        f"meinten Sie »{close[0]}«?"
        if close
        else f"legen Sie die Datei in den Ordner {shown.rsplit('/', 1)[0]}/ oder korrigieren Sie "
        "den Namen (Groß- und Kleinschreibung zählt)"
    )
    return _Refused(f"die Bilddatei {shown} fehlt", hint)


def _too_big(shown: str, size: int) -> _Refused:
    megabytes = f"{size / 1024 / 1024:.1f}".replace(".", ",")
    return _Refused(
        f"{shown} ist {megabytes} MB groß, erlaubt sind höchstens "
        f"{MAX_IMAGE_BYTES // 1024 // 1024} MB",
        "speichern Sie das Bild kleiner, z. B. 2.000 Pixel breit als JPEG (Qualität 85)",
    )


# ---------------------------------------------------------------------------------- decoding


def _open(source: bytes, shown: str) -> PILImage.Image:
    """The decoded image (all pixels read), or _Refused."""
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
        raise _Refused(
            f"{shown} hat zu viele Pixel: erlaubt sind höchstens "
            f"{MAX_PIXELS / 1e6:.0f} Millionen (Schutz vor manipulierten Bilddateien)",
            "speichern Sie das Bild kleiner, z. B. 2.000 Pixel breit",
        ) from None
    except UnidentifiedImageError:
        raise _Refused(
            f"{shown} ist kein Bild in einem lesbaren Format (erlaubt: {formats})",
            "öffnen Sie die Datei in einem Bildprogramm und speichern Sie sie als JPEG oder PNG",
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise _Refused(
            f"{shown} ist beschädigt oder unvollständig ({str(error)[:80]})",
            "speichern Sie das Bild im Bildprogramm neu oder laden Sie es noch einmal herunter",
        ) from None
    return image


def _upright_srgb(image: PILImage.Image) -> PILImage.Image:
    """Turned as the camera meant, in sRGB, RGB or RGBA, with no metadata left."""
    image = ImageOps.exif_transpose(image) or image
    profile = image.info.get("icc_profile")
    if profile and features.check("littlecms2"):
        from PIL import ImageCms

        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            target = "RGBA" if _has_alpha(image) else "RGB"
            converted = ImageCms.profileToProfile(
                image, source_profile, ImageCms.createProfile("sRGB"), outputMode=target
            )
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the pixels as they are, which most viewers show anyway
    image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    # EXIF, XMP, IPTC, ICC, comments, PNG text chunks: all live in `info`; the encoders below
    # get no metadata arguments, so nothing but pixels is written.
    image.info = {}
    return image


def _has_alpha(image: PILImage.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def _encode(image: PILImage.Image, mime: str) -> bytes:
    pil_format, _suffix, options = ENCODERS[mime]
    out = io.BytesIO()
    image.save(out, pil_format, **options)
    return out.getvalue()


def _resized(image: PILImage.Image, width: int) -> PILImage.Image:
    if width >= image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    resized = image.resize((width, height), PILImage.Resampling.LANCZOS)
    resized.info = {}
    return resized


# ---------------------------------------------------------------------------------- plans


@dataclass(frozen=True)
class _Job:
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


def _process(job: _Job) -> tuple[dict, dict[str, bytes]]:
    """(manifest, files) of one raster source; raises _Refused. Runs in worker processes."""
    image = _upright_srgb(_open(job.source, job.shown))
    alpha = image.mode == "RGBA"
    fallback = "image/png" if alpha else "image/jpeg"
    mimes = (*MODERN, fallback)
    files: dict[str, bytes] = {}
    variants: list[dict] = []
    if job.kind == "logo":
        if image.height < MIN_LOGO_HEIGHT:
            raise _Refused(
                f"das Logo ist {image.width} × {image.height} Pixel groß; nötig sind mindestens "
                f"{MIN_LOGO_HEIGHT} Pixel Höhe",
                "verwenden Sie eine größere Fassung des Logos oder besser eine SVG-Datei",
            )
        sizes = sorted({min(h, image.height) for h in LOGO_HEIGHTS})
        scaled = [_resized(image, max(1, round(image.width * h / image.height))) for h in sizes]
    else:
        if image.width < MIN_CONTENT_WIDTH:
            raise _Refused(
                f"das Bild ist {image.width} × {image.height} Pixel groß; für Karten und Seiten "
                f"nötig sind mindestens {MIN_CONTENT_WIDTH} Pixel Breite",
                f"verwenden Sie eine größere Fassung des Bildes (mindestens {MIN_CONTENT_WIDTH} "
                "Pixel breit); Vergrößern im Bildprogramm hilft nicht, das Bild wird unscharf",
            )
        widths = [w for w in CONTENT_WIDTHS if w <= image.width]
        scaled = [_resized(image, w) for w in widths]
    for variant in scaled:
        for mime in mimes:
            suffix = ENCODERS[mime][1]
            label = f"h{variant.height}" if job.kind == "logo" else str(variant.width)
            name = job.name(label, suffix)
            files[name] = _encode(variant, mime)
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
        share = _resized(image, SHARE_WIDTH)
        if alpha:
            flat = PILImage.new("RGB", share.size, (255, 255, 255))
            flat.paste(share, mask=share.getchannel("A"))
            share = flat
        name = job.name("og", "jpg")
        files[name] = _encode(share, "image/jpeg")
        manifest["share"] = name
    return manifest, files


def _process_safely(job: _Job) -> tuple[dict, dict[str, bytes]] | tuple[str, str]:
    """`_process` for a worker process: a refusal comes back as (message, hint)."""
    try:
        return _process(job)
    except _Refused as refused:
        return refused.message, refused.hint


# ---------------------------------------------------------------------------------- SVG

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_FORBIDDEN_ELEMENTS = {
    "script": "ein Skript (<script>)",
    "foreignobject": "eingebettetes HTML (<foreignObject>)",
    "iframe": "einen eingebetteten Rahmen (<iframe>)",
    "embed": "eingebettete Inhalte (<embed>)",
    "object": "eingebettete Inhalte (<object>)",
    "handler": "ein Skript (<handler>)",
    "listener": "ein Skript (<listener>)",
}
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)


def _svg_refusal(source: bytes) -> tuple[str, tuple[float, float] | None]:
    """("", (width, height)) for a safe SVG, else (what is wrong, None)."""
    found: list[str] = []
    depth = 0
    size: list[tuple[float, float] | None] = [None]
    root_name: list[str] = []

    def refuse(what: str) -> None:
        if not found:
            found.append(what)

    def external(value: str) -> bool:
        return not value.strip().startswith("#")

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        namespace, _, local = name.rpartition(" ")
        if depth == 1:
            root_name.append(local)
            if local != "svg" or namespace != SVG_NAMESPACE:
                refuse("kein <svg>-Element im SVG-Namensraum als Wurzel")
            size[0] = _svg_size(attributes)
        if local.lower() in _FORBIDDEN_ELEMENTS:
            refuse(_FORBIDDEN_ELEMENTS[local.lower()])
        if local.lower() in ("set", "animate") and attributes.get(
            "attributeName", ""
        ).lower().endswith("href"):
            refuse("eine Animation, die einen Verweis ändert")
        for attribute, value in attributes.items():
            local_attribute = attribute.rpartition(" ")[2].lower()
            if local_attribute.startswith("on"):
                refuse(f"einen Ereignis-Handler (Attribut {local_attribute})")
            elif local_attribute == "href" and external(value):
                refuse(f"einen Verweis auf eine andere Datei oder Adresse ({value[:40]})")
            elif any(external(target) for _, target in _URL.findall(value)):
                refuse("einen Verweis mit url() auf eine andere Datei oder Adresse")
            elif local_attribute == "style" and "@import" in value.lower():
                refuse("einen Stil mit @import")

    def end(_name: str) -> None:
        nonlocal depth
        depth -= 1

    def text(data: str) -> None:
        lowered = data.lower()
        if "@import" in lowered:
            refuse("einen Stil mit @import")
        if any(external(target) for _, target in _URL.findall(data)):
            refuse("einen Verweis mit url() auf eine andere Datei oder Adresse")

    def doctype(*_args: object) -> None:
        refuse("eine DOCTYPE-Angabe (sie kann Entitäten und fremde Dateien einbinden)")

    def instruction(target: str, _data: str) -> None:
        refuse(f"eine Verarbeitungsanweisung (<?{target} …?>)")

    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    # No external entity or DTD is ever fetched.
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.ExternalEntityRefHandler = lambda *_args: 0
    try:
        parser.Parse(source, True)
    except xml.parsers.expat.ExpatError as error:
        if found:
            return found[0], None
        return (
            f"kein gültiges SVG (XML-Fehler in Zeile {error.lineno}: {xml.parsers.expat.ErrorString(error.code)})",
            None,
        )
    if found:
        return found[0], None
    if not root_name:
        return "kein gültiges SVG (leer)", None
    if size[0] is None:
        return "weder viewBox noch width und height (die Größe des Logos ist unbekannt)", None
    return "", size[0]


_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


def _svg_size(attributes: dict[str, str]) -> tuple[float, float] | None:
    width, height = attributes.get("width", ""), attributes.get("height", "")
    w, h = _LENGTH.match(width), _LENGTH.match(height)
    if w and h and float(w.group(1)) > 0 and float(h.group(1)) > 0:
        return float(w.group(1)), float(h.group(1))
    box = attributes.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4:
        try:
            box_w, box_h = float(box[2]), float(box[3])
        except ValueError:
            return None
        if box_w > 0 and box_h > 0:
            return box_w, box_h
    return None


def _svg(job: _Job) -> tuple[dict, dict[str, bytes]]:
    problem, size = _svg_refusal(job.source)
    if problem or size is None:
        # "kein gültiges SVG …", "weder viewBox …" read as they are; the rest is what it holds.
        holds = not problem.startswith(("kein", "weder"))
        raise _Refused(
            f"das SVG-Logo {job.shown} enthält {problem}"
            if holds
            else f"das SVG-Logo {job.shown} ist {problem}"
            if problem.startswith("kein")
            else f"das SVG-Logo {job.shown} hat {problem}",
            "exportieren Sie das Logo neu als einfaches SVG (ohne Skripte, Links und eingebettete "
            "Dateien) oder verwenden Sie eine PNG-Datei",
        )
    name = job.name("logo", "svg")
    width, height = size
    variant = {
        "name": name,
        "width": round(width),
        "height": round(height),
        "mime": "image/svg+xml",
    }
    manifest = {
        "width": round(width),
        "height": round(height),
        "fallback": "image/svg+xml",
        "variants": [variant],
        "share": None,
    }
    return manifest, {name: job.source}


# ---------------------------------------------------------------------------------- the store


def _references(site: Site) -> Iterator[tuple[str, Image | Logo, str]]:
    """(kind, image, key) of every image the data names."""
    for record in (*site.fields, *site.initiatives):
        if record.image is not None:
            yield "content", record.image, "image.file"
    for partner in site.partners:
        if partner.logo is not None:
            yield "logo", partner.logo, "logo.file"


class ImageStore:
    """Processes images into a cache folder; one store lives as long as the plugin (preview)."""

    def __init__(self, cache_dir: Path, workers: int | None = None) -> None:
        self.cache_dir = cache_dir
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        # Manifests already read or written by this process, by digest.
        self._known: dict[str, Rendition] = {}
        self._pruned = False
        # Digest of each source file as last read, by (kind, what lstat said of it).
        self._stamps: dict[tuple[str, tuple[int, ...]], str] = {}
        # How many sources were decoded and encoded (not found in the cache): tests count it.
        self.encoded = 0

    @classmethod
    def for_project(cls, root: Path) -> ImageStore:
        override = os.environ.get(CACHE_ENV, "").strip()
        return cls(Path(override) if override else root / CACHE_DIR)

    @property
    def files_dir(self) -> Path:
        return self.cache_dir / "files"

    def prepare(self, site: Site, data_dir: Path, shown_dir: str = "data") -> Catalogue:
        """The catalogue of every image of `site`; DataError lists every image that is unusable."""
        problems: list[Problem] = []
        jobs: dict[tuple[str, str], _Job] = {}
        # Refusals by (kind, file): each record naming the file gets the message at its line.
        refused: dict[tuple[str, str], _Refused] = {}
        uses: list[tuple[str, Image | Logo, str]] = list(_references(site))
        for kind, image, _key in uses:
            ref = (kind, image.file)
            if ref in jobs or ref in refused:
                continue
            shown = f"{shown_dir}/{IMAGES_DIR}/{image.file}"
            stamp = _stamp(data_dir, image.file)
            known = self._stamps.get((kind, stamp)) if stamp is not None else None
            if known is not None and self._cached(known) is not None:
                # The same file as in the last build of this process (the preview): not read
                # or hashed again.
                jobs[ref] = _Job(kind, image.file, known, b"", shown)
                continue
            try:
                source = _read(data_dir, image.file, shown_dir)
            except _Refused as refusal:
                refused[ref] = refusal
                continue
            digest = hashlib.sha256(source + b"\0" + kind.encode() + SETTINGS.encode()).hexdigest()
            jobs[ref] = _Job(kind, image.file, digest, source, shown)
            if stamp is not None:
                self._stamps[(kind, stamp)] = digest
        catalogue = Catalogue()
        before = self.encoded
        for ref, outcome in self._renditions(jobs.values()):
            if isinstance(outcome, _Refused):
                refused[ref] = outcome
            else:
                catalogue.renditions[ref] = outcome
                for variant in outcome.variants:
                    catalogue.files[f"{OUTPUT_DIR}/{variant.name}"] = self.files_dir / variant.name
                if outcome.share:
                    catalogue.files[f"{OUTPUT_DIR}/{outcome.share}"] = (
                        self.files_dir / outcome.share
                    )
        for kind, image, key in uses:
            refusal = refused.get((kind, image.file))
            if refusal is not None:
                problems.append(
                    Problem(image.source, image.line, key, refusal.message, refusal.hint)
                )
        if problems:
            raise DataError(problems)
        catalogue.encoded = self.encoded - before
        self._prune({job.digest for job in jobs.values()})
        return catalogue

    def _prune(self, used: set[str]) -> None:
        """Once per process: entries no build has used for PRUNE_DAYS go, so the cache does not
        grow with every replaced image. Used entries get their manifest's time renewed."""
        now = time.time()
        for digest in used:
            with contextlib.suppress(OSError):
                os.utime(self._manifest_path(digest), (now, now))
        if self._pruned:
            return
        self._pruned = True
        for manifest in sorted((self.cache_dir / "manifests").glob("*.json")):
            digest = manifest.stem
            try:
                if digest in used or now - manifest.stat().st_mtime < PRUNE_DAYS * 86400:
                    continue
                names = [
                    v.name for v in _rendition(json.loads(manifest.read_text("utf-8"))).variants
                ]
            except (OSError, ValueError, KeyError, TypeError):
                names = []
            # Every file of an entry carries the first ten digits of its digest.
            names += [p.name for p in self.files_dir.glob(f"*.{digest[:10]}.*")]
            for name in set(names):
                with contextlib.suppress(OSError):
                    (self.files_dir / name).unlink()
            with contextlib.suppress(OSError):
                manifest.unlink()
            self._known.pop(digest, None)

    def _renditions(
        self, jobs: Iterable[_Job]
    ) -> Iterator[tuple[tuple[str, str], Rendition | _Refused]]:
        pending: list[_Job] = []
        for job in jobs:
            known = self._cached(job.digest)
            if known is not None:
                yield (job.kind, job.file), known
            elif job.kind == "logo" and job.file.lower().endswith(".svg"):
                try:
                    stored = self._store(job, *_svg(job))
                    self.encoded += 1  # checked and written, though not re-encoded
                    yield (job.kind, job.file), stored
                except _Refused as refusal:
                    yield (job.kind, job.file), refusal
            else:
                pending.append(job)
        for job, result in self._run(pending):
            self.encoded += 1
            if len(result) == 2 and isinstance(result[0], str):
                yield (job.kind, job.file), _Refused(*result)  # type: ignore[arg-type]
            else:
                manifest, files = result  # type: ignore[misc]
                yield (job.kind, job.file), self._store(job, manifest, files)

    def _run(self, jobs: list[_Job]) -> Iterator[tuple[_Job, tuple]]:
        # Encoding is CPU-bound and Pillow holds the GIL for much of it: processes, once there is
        # enough work to pay for starting them (a fresh interpreter each, "spawn": no fork of
        # MkDocs' threads).
        if self.workers > 1 and len(jobs) >= 4:
            context = multiprocessing.get_context("spawn")
            with concurrent.futures.ProcessPoolExecutor(
                max_workers=min(self.workers, len(jobs)), mp_context=context
            ) as pool:
                yield from zip(jobs, pool.map(_process_safely, jobs, chunksize=2), strict=True)
            return
        for job in jobs:
            yield job, _process_safely(job)

    def _manifest_path(self, digest: str) -> Path:
        return self.cache_dir / "manifests" / f"{digest}.json"

    def _cached(self, digest: str) -> Rendition | None:
        if digest in self._known:
            return self._known[digest]
        try:
            manifest = json.loads(self._manifest_path(digest).read_text(encoding="utf-8"))
            rendition = _rendition(manifest)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        names = [v.name for v in rendition.variants] + (
            [rendition.share] if rendition.share else []
        )
        if not all((self.files_dir / name).is_file() for name in names):
            return None
        self._known[digest] = rendition
        return rendition

    def _store(self, job: _Job, manifest: dict, files: dict[str, bytes]) -> Rendition:
        self.files_dir.mkdir(parents=True, exist_ok=True)
        (self.cache_dir / "manifests").mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            _write_atomically(self.files_dir / name, content)
        # The manifest last: present means every file is.
        _write_atomically(
            self._manifest_path(job.digest), json.dumps(manifest, indent=1).encode("utf-8")
        )
        rendition = _rendition(manifest)
        self._known[job.digest] = rendition
        return rendition


def _rendition(manifest: dict) -> Rendition:
    return Rendition(
        width=int(manifest["width"]),
        height=int(manifest["height"]),
        variants=tuple(
            Variant(str(v["name"]), int(v["width"]), int(v["height"]), str(v["mime"]))
            for v in manifest["variants"]
        ),
        fallback=str(manifest["fallback"]),
        share=manifest.get("share"),
    )


def _write_atomically(path: Path, content: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)


# ---------------------------------------------------------------------------------- markup


def picture_html(
    image: Image | Logo | None,
    use: str,
    rendition: Rendition | None,
    prefix: str,
    eager: bool = False,
) -> str:
    """`<picture>` (in a `<figure>` with the credit for "page" and "hero") for one image.

    `prefix` leads from the page to the site's root ("../../"); "" when nothing is to be shown.
    """
    if image is None or rendition is None:
        return ""
    if use not in USES:
        raise ValueError(f"unknown image use {use!r}; one of {USES}")

    def url(variant: Variant) -> str:
        return html.escape(f"{prefix}{OUTPUT_DIR}/{variant.name}", quote=True)

    alt = html.escape(image.alt, quote=True)
    loading = ' fetchpriority="high"' if eager else ' loading="lazy"'
    classes = f"ce-picture ce-picture--{use}"
    if rendition.fallback == "image/svg+xml":
        only = rendition.variants[0]
        width = max(1, round(LOGO_HEIGHT * only.width / only.height))
        return (
            f'<img class="{classes} ce-picture__img" src="{url(only)}" srcset="{url(only)} 1x" '
            f'alt="{alt}" width="{width}" height="{LOGO_HEIGHT}"{loading} decoding="async">'
        )
    if use == "logo":
        return _logo_picture(rendition, url, alt, classes, loading)
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
        f'{loading} decoding="async">'
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


def share_url(image: Image | None, catalogue: Catalogue, site_url: str) -> str | None:
    """Absolute URL of the Open Graph image of a record's image (None without one)."""
    if image is None:
        return None
    rendition = catalogue.rendition(image)
    if rendition is None or rendition.share is None:
        return None
    return f"{site_url.rstrip('/')}/{OUTPUT_DIR}/{rendition.share}"
