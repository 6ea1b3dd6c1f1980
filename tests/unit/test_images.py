"""Images (issue 13) without MkDocs: processing of tiny images made here, the cache, every
refusal with its exact German message and line, SVG safety and the markup of `picture`."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from PIL import Image as PILImage
from PIL import ImageCms

from plugins.essen import images
from plugins.essen.errors import DataError
from plugins.essen.images import ImageStore, picture_html, reading
from plugins.essen.loading import load_site
from plugins.essen.model import Image, Logo, Site

from ..conftest import small_data, write_data

CREDIT = "Foto: Probe, CC0 1.0"
SECRET = "GEHEIM-KAMERA-4711"  # in EXIF and XMP of the sources; must never reach an output


# --------------------------------------------------------------------------- making sources


def photo(width: int, height: int, orientation: int | None = None, mode: str = "RGB") -> bytes:
    """A JPEG (PNG for RGBA) with EXIF (camera, GPS position), XMP, IPTC and an ICC profile."""
    image = PILImage.new(
        mode, (width, height), (40, 90, 160) if mode == "RGB" else (40, 90, 160, 120)
    )
    # The stored top-left corner red, to see where orientation puts it.
    image.paste((255, 0, 0) if mode == "RGB" else (255, 0, 0, 255), (0, 0, width // 4, height // 4))
    exif = PILImage.Exif()
    exif[0x013B] = SECRET  # Artist
    exif[0x0110] = "Kamera " + SECRET  # Model
    if orientation:
        exif[0x0112] = orientation
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 27.0, 20.0), 3: "E", 4: (7.0, 0.0, 42.0)})
    xmp = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        f'22-rdf-syntax-ns#"><rdf:Description>{SECRET}</rdf:Description></rdf:RDF></x:xmpmeta>'
    ).encode()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    if mode == "RGBA":
        image.save(out, "PNG", exif=exif.tobytes(), icc_profile=icc)
        return out.getvalue()
    image.save(out, "JPEG", exif=exif.tobytes(), xmp=xmp, icc_profile=icc, quality=90)
    return _with_iptc(out.getvalue())


def _with_iptc(jpeg: bytes) -> bytes:
    """The JPEG with an APP13 segment (Photoshop 3.0, 8BIM 0x0404: IPTC caption) after SOI."""
    caption = f"Bildunterschrift {SECRET}".encode()
    iptc = b"\x1c\x02\x78" + len(caption).to_bytes(2, "big") + caption
    iptc += b"\x00" * (len(iptc) % 2)
    block = b"8BIM\x04\x04\x00\x00" + len(iptc).to_bytes(4, "big") + iptc
    payload = b"Photoshop 3.0\x00" + block
    segment = b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload
    return jpeg[:2] + segment + jpeg[2:]


def site_with(
    tmp_path: Path,
    image: dict | None = None,
    files: dict[str, bytes] | None = None,
    logo: dict | None = None,
) -> tuple[Path, Site]:
    """The small data set with `image` on the initiative "aerztehaus" (and `logo` on "evv")."""
    data = small_data()
    if image is not None:
        data["initiatives"]["aerztehaus"]["image"] = image
    if logo is not None:
        data["partners"]["evv"]["logo"] = logo
    project = tmp_path / "project"
    data_dir = project / "data"
    data_dir.mkdir(parents=True)
    write_data(data_dir, data)
    (data_dir / "images").mkdir()
    for name, content in (files or {}).items():
        (data_dir / "images" / name).write_bytes(content)
    return data_dir, load_site(data_dir, project)


def prepare(tmp_path: Path, site: Site, data_dir: Path) -> images.Catalogue:
    return ImageStore(tmp_path / "cache", workers=1).prepare(site, data_dir)


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line of `path` containing `text` (found independently)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def refusal(tmp_path: Path, image: dict, files: dict[str, bytes]) -> str:
    data_dir, site = site_with(tmp_path, image, files)
    with pytest.raises(DataError) as caught:
        prepare(tmp_path, site, data_dir)
    [problem] = caught.value.problems
    return str(problem)


def where(tmp_path: Path, text: str = "file:") -> str:
    path = tmp_path / "project" / "data" / "initiatives" / "aerztehaus.yml"
    return f"data/initiatives/aerztehaus.yml:{line_of(path, text)}"


def image_block(file: str = "probe.jpg") -> dict:
    return {"file": file, "alt": "Ein Probebild", "credit": CREDIT}


def outputs(tmp_path: Path, catalogue: images.Catalogue) -> dict[str, bytes]:
    return {uri: path.read_bytes() for uri, path in catalogue.files.items()}


# --------------------------------------------------------------------------- processing


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, images.Catalogue]:
    """One source, 1300 × 900, stored sideways (EXIF orientation 6), full of metadata."""
    tmp = tmp_path_factory.mktemp("processed")
    data_dir, site = site_with(tmp, image_block(), {"probe.jpg": photo(1300, 900, orientation=6)})
    return tmp, prepare(tmp, site, data_dir)


def test_orientation_is_applied(processed: tuple[Path, images.Catalogue]) -> None:
    _, catalogue = processed
    [rendition] = catalogue.renditions.values()
    # Orientation 6: the camera was turned; upright, the image is 900 wide and 1300 high.
    assert (rendition.width, rendition.height) == (900, 1300)
    for variant in rendition.variants:
        decoded = PILImage.open(catalogue.files[f"assets/images/{variant.name}"])
        assert decoded.size == (variant.width, variant.height)
        assert decoded.height > decoded.width
        # Turned 90° clockwise, the stored top-left corner is now top right.
        red = decoded.convert("RGB").getpixel((decoded.width - 5, 5))
        blue = decoded.convert("RGB").getpixel((5, 5))
        assert red[0] > 200 and red[2] < 80, (variant.name, red)
        assert blue[2] > 120 and blue[0] < 100, (variant.name, blue)


def test_no_metadata_survives_in_any_output(processed: tuple[Path, images.Catalogue]) -> None:
    tmp, catalogue = processed
    files = outputs(tmp, catalogue)
    assert {uri.rsplit(".", 1)[1] for uri in files} == {"avif", "webp", "jpg"}
    for uri, content in files.items():
        # Read back with Pillow: no EXIF (so no GPS block), no XMP, no ICC, no IPTC, no text.
        decoded = PILImage.open(io.BytesIO(content))
        assert len(decoded.getexif()) == 0, uri
        assert not decoded.getexif().get_ifd(0x8825), uri
        assert not set(decoded.info) & {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "photoshop", "comment"}, (uri, decoded.info)  # fmt: skip
        # And in the bytes: the markers of EXIF, XMP, IPTC/Photoshop, and the secret itself.
        for marker in (b"Exif\x00\x00", b"<x:xmpmeta", b"Photoshop 3.0", b"8BIM", SECRET.encode(), b"http://ns.adobe.com/xap"):  # fmt: skip
            assert marker not in content, (uri, marker)
    # The source really had all of it (otherwise the test proves nothing).
    source = photo(1300, 900, orientation=6)
    for marker in (b"Exif\x00\x00", b"<x:xmpmeta", b"Photoshop 3.0", SECRET.encode()):
        assert marker in source


def test_widths_are_never_upscaled(tmp_path: Path) -> None:
    data_dir, site = site_with(tmp_path, image_block(), {"probe.jpg": photo(900, 600)})
    catalogue = prepare(tmp_path, site, data_dir)
    [rendition] = catalogue.renditions.values()
    assert sorted({v.width for v in rendition.variants}) == [400, 800]
    assert all(v.width <= 900 for v in rendition.variants)
    # The preview image is 1200 wide only when the source is: here it stays at 900.
    assert PILImage.open(catalogue.files[f"assets/images/{rendition.share}"]).width == 900


def test_transparent_images_fall_back_to_png(tmp_path: Path) -> None:
    data_dir, site = site_with(tmp_path, image_block("probe.png"), {"probe.png": photo(1000, 600, mode="RGBA")})  # fmt: skip
    catalogue = prepare(tmp_path, site, data_dir)
    [rendition] = catalogue.renditions.values()
    assert rendition.fallback == "image/png"
    for uri, content in outputs(tmp_path, catalogue).items():
        assert SECRET.encode() not in content and b"Exif\x00\x00" not in content, uri
        assert len(PILImage.open(io.BytesIO(content)).getexif()) == 0, uri


def test_an_unchanged_image_is_not_encoded_again(tmp_path: Path) -> None:
    data_dir, site = site_with(tmp_path, image_block(), {"probe.jpg": photo(1000, 700)})
    first = ImageStore(tmp_path / "cache", workers=1)
    catalogue = first.prepare(site, data_dir)
    assert first.encoded == 1
    stamps = {path: path.stat().st_mtime_ns for path in catalogue.files.values()}
    # A new store (as in the next build): found in the cache folder, nothing decoded or written.
    second = ImageStore(tmp_path / "cache", workers=1)
    again = second.prepare(site, data_dir)
    assert second.encoded == 0
    assert again.files == catalogue.files
    assert {path: path.stat().st_mtime_ns for path in again.files.values()} == stamps
    # A changed image under the same name is encoded anew, under new names.
    (data_dir / "images" / "probe.jpg").write_bytes(photo(1000, 700, orientation=3))
    third = ImageStore(tmp_path / "cache", workers=1)
    changed = third.prepare(site, data_dir)
    assert third.encoded == 1
    assert not set(changed.files) & set(catalogue.files)


def test_many_images_are_encoded_in_worker_processes(tmp_path: Path) -> None:
    data = {f"b{n}.jpg": photo(820 + n, 500) for n in range(4)}
    data_dir, site = site_with(tmp_path, image_block("b0.jpg"), data)
    fields = site.fields
    # Four images on four records: the pool path (processes) must give the same kind of result.
    extra = [
        Image(f"b{n}.jpg", "Bild", CREDIT, False, "data/fields.yml", n + 1) for n in range(1, 4)
    ]
    site = Site(
        fields=tuple(f if i >= 3 else _with_image(f, extra[i]) for i, f in enumerate(fields)),
        initiatives=site.initiatives,
        partners=site.partners,
        contacts=site.contacts,
    )
    store = ImageStore(tmp_path / "cache", workers=2)
    catalogue = store.prepare(site, data_dir)
    assert store.encoded == 4
    assert len(catalogue.renditions) == 4


def _with_image(field: object, image: Image) -> object:
    import dataclasses

    return dataclasses.replace(field, image=image)


# --------------------------------------------------------------------------- refusals


def test_missing_file(tmp_path: Path) -> None:
    message = refusal(tmp_path, image_block("fehlt.jpg"), {"fehlt2.jpg": photo(900, 600)})
    assert message == (
        f"{where(tmp_path)}: image.file: die Bilddatei data/images/fehlt.jpg fehlt — "
        "meinten Sie »fehlt2.jpg«?"
    )


def test_not_an_image(tmp_path: Path) -> None:
    message = refusal(tmp_path, image_block(), {"probe.jpg": b"<html>kein Bild</html>"})
    assert message == (
        f"{where(tmp_path)}: image.file: data/images/probe.jpg ist kein Bild in einem lesbaren "
        f"Format (erlaubt: JPEG, PNG, WebP{', AVIF' if images.AVIF else ''}) — öffnen Sie die "
        "Datei in einem Bildprogramm und speichern Sie sie als JPEG oder PNG"
    )


def test_unsupported_format_with_an_allowed_name(tmp_path: Path) -> None:
    gif = io.BytesIO()
    PILImage.new("RGB", (900, 600)).save(gif, "GIF")
    message = refusal(tmp_path, image_block(), {"probe.jpg": gif.getvalue()})
    assert "ist kein Bild in einem lesbaren Format" in message


def test_truncated_image(tmp_path: Path) -> None:
    message = refusal(tmp_path, image_block(), {"probe.jpg": photo(900, 600)[:3000]})
    assert message.startswith(
        f"{where(tmp_path)}: image.file: data/images/probe.jpg ist beschädigt oder unvollständig ("
    )
    assert message.endswith(
        "— speichern Sie das Bild im Bildprogramm neu oder laden Sie es noch einmal herunter"
    )


def test_too_small_for_its_use(tmp_path: Path) -> None:
    message = refusal(tmp_path, image_block(), {"probe.jpg": photo(640, 480)})
    assert message == (
        f"{where(tmp_path)}: image.file: das Bild ist 640 × 480 Pixel groß; für Karten und Seiten "
        "nötig sind mindestens 800 Pixel Breite — verwenden Sie eine größere Fassung des Bildes "
        "(mindestens 800 Pixel breit); Vergrößern im Bildprogramm hilft nicht, das Bild wird "
        "unscharf"
    )


def test_too_small_a_logo(tmp_path: Path) -> None:
    small = io.BytesIO()
    PILImage.new("RGB", (80, 30), (0, 0, 0)).save(small, "PNG")
    data_dir, site = site_with(
        tmp_path, None, {"logo.png": small.getvalue()}, {"file": "logo.png", "alt": "Logo"}
    )
    with pytest.raises(DataError) as caught:
        prepare(tmp_path, site, data_dir)
    path = tmp_path / "project" / "data" / "partners" / "evv.yml"
    assert [str(p) for p in caught.value.problems] == [
        f"data/partners/evv.yml:{line_of(path, 'file:')}: logo.file: das Logo ist 80 × 30 Pixel "
        "groß; nötig sind mindestens 48 Pixel Höhe — verwenden Sie eine größere Fassung des "
        "Logos oder besser eine SVG-Datei"
    ]


def test_over_20_megabytes(tmp_path: Path) -> None:
    data_dir, site = site_with(tmp_path, image_block(), {"probe.jpg": b""})
    with open(data_dir / "images" / "probe.jpg", "wb") as big:
        big.truncate(21 * 1024 * 1024)  # sparse: nothing written, 21 MB by its size
    with pytest.raises(DataError) as caught:
        prepare(tmp_path, site, data_dir)
    assert [str(p) for p in caught.value.problems] == [
        f"{where(tmp_path)}: image.file: data/images/probe.jpg ist 21,0 MB groß, erlaubt sind "
        "höchstens 20 MB — speichern Sie das Bild kleiner, z. B. 2.000 Pixel breit als JPEG "
        "(Qualität 85)"
    ]


def test_over_the_decompression_bomb_limit(tmp_path: Path) -> None:
    bomb = io.BytesIO()
    # 10,000 × 10,000 one-bit pixels: 100 million, a few KB as a file.
    PILImage.new("1", (10_000, 10_000)).save(bomb, "PNG")
    assert len(bomb.getvalue()) < 100_000
    message = refusal(tmp_path, image_block("bombe.png"), {"bombe.png": bomb.getvalue()})
    assert message == (
        f"{where(tmp_path)}: image.file: data/images/bombe.png hat zu viele Pixel: erlaubt sind "
        "höchstens 89 Millionen (Schutz vor manipulierten Bilddateien) — speichern Sie das Bild "
        "kleiner, z. B. 2.000 Pixel breit"
    )


def test_missing_alt_and_missing_credit(tmp_path: Path) -> None:
    data = small_data()
    data["initiatives"]["aerztehaus"]["image"] = {"file": "probe.jpg"}
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    write_data(data_dir, data)
    with pytest.raises(DataError) as caught:
        load_site(data_dir, tmp_path)
    path = data_dir / "initiatives" / "aerztehaus.yml"
    # A missing key of a block is reported at the block's first line.
    line = line_of(path, "file: probe.jpg")
    assert [str(p) for p in caught.value.problems] == [
        f"data/initiatives/aerztehaus.yml:{line}: image.alt: Pflichtangabe fehlt: der "
        "Alternativtext des Bildes — ergänzen Sie »alt: …« mit dem, was auf dem Bild zu sehen "
        "ist (für Menschen, die es nicht sehen); nur bei reinem Schmuck stattdessen "
        "»decorative: true«",
        f"data/initiatives/aerztehaus.yml:{line}: image.credit: Pflichtangabe fehlt — ergänzen "
        "Sie »credit: …« (Urheber und Lizenz, z. B. Foto: Stadt Essen, CC BY 4.0)",
    ]


def test_decorative_image_with_alt(tmp_path: Path) -> None:
    data = small_data()
    data["initiatives"]["aerztehaus"]["image"] = {**image_block(), "decorative": True}
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    write_data(data_dir, data)
    with pytest.raises(DataError) as caught:
        load_site(data_dir, tmp_path)
    line = line_of(data_dir / "initiatives" / "aerztehaus.yml", "alt:")
    assert [str(p) for p in caught.value.problems] == [
        f"data/initiatives/aerztehaus.yml:{line}: image.alt: ein Bild mit decorative: true hat "
        "keinen Alternativtext — löschen Sie alt, oder löschen Sie decorative, wenn das Bild "
        "etwas zeigt, das zum Inhalt gehört"
    ]


@pytest.mark.parametrize(
    "file", ["../secret.jpg", "/etc/secret.jpg", "sub/x.jpg", "..\\x.jpg", ".x.jpg"]
)
def test_paths_outside_the_folder_are_refused_by_the_contract(tmp_path: Path, file: str) -> None:
    data = small_data()
    data["initiatives"]["aerztehaus"]["image"] = image_block(file)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    write_data(data_dir, data)
    with pytest.raises(DataError) as caught:
        load_site(data_dir, tmp_path)
    line = line_of(data_dir / "initiatives" / "aerztehaus.yml", "file:")
    assert [str(p) for p in caught.value.problems] == [
        f"data/initiatives/aerztehaus.yml:{line}: image.file: »{file}« ist kein bloßer "
        "Dateiname — Bilder liegen direkt im Ordner data/images/; schreiben Sie nur den "
        "Dateinamen ohne Ordner, z. B. file: aerztehaus.jpg"
    ]


def test_logo_as_a_plain_path_says_what_to_write(tmp_path: Path) -> None:
    data = small_data()
    data["partners"]["evv"]["logo"] = "assets/logos/evv.svg"
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    write_data(data_dir, data)
    with pytest.raises(DataError) as caught:
        load_site(data_dir, tmp_path)
    line = line_of(data_dir / "partners" / "evv.yml", "logo:")
    assert [str(p) for p in caught.value.problems] == [
        f"data/partners/evv.yml:{line}: logo: erwartet wird ein Abschnitt mit Schlüsseln (Logo), "
        "gefunden: »assets/logos/evv.svg« — das Logo ist jetzt ein Abschnitt: schreiben Sie "
        "»logo:« und darunter eingerückt »file: evv.svg« (die Datei im Ordner data/images/) "
        "und »alt: Logo der EVV«"
    ]


def test_a_link_in_the_images_folder_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "geheim.jpg"
    outside.write_bytes(photo(900, 600))
    data_dir, site = site_with(tmp_path, image_block("link.jpg"))
    (data_dir / "images" / "link.jpg").symlink_to(outside)
    with pytest.raises(DataError) as caught:
        prepare(tmp_path, site, data_dir)
    [problem] = caught.value.problems
    assert str(problem).startswith(f"{where(tmp_path)}: image.file: data/images/link.jpg: ")
    assert "symbolische Verknüpfung" in problem.message or "Link" in problem.message
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").rglob("*.jpg"))


def test_a_linked_images_folder_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "anderswo"
    elsewhere.mkdir()
    (elsewhere / "probe.jpg").write_bytes(photo(900, 600))
    data_dir, site = site_with(tmp_path, image_block())
    (data_dir / "images").rmdir()
    (data_dir / "images").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(DataError) as caught:
        prepare(tmp_path, site, data_dir)
    [problem] = caught.value.problems
    assert str(problem).startswith(f"{where(tmp_path)}: image.file: data/images: ")


def test_a_hard_link_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "geheim.jpg"
    outside.write_bytes(photo(900, 600))
    data_dir, site = site_with(tmp_path, image_block())
    os.link(outside, data_dir / "images" / "probe.jpg")
    with pytest.raises(DataError) as caught:
        prepare(tmp_path, site, data_dir)
    assert [str(p) for p in caught.value.problems] == [
        f"{where(tmp_path)}: image.file: data/images/probe.jpg ist eine Datei mit mehreren Namen "
        "(harter Link) und wird nicht gelesen — kopieren Sie das Bild als eigene Datei in den "
        "Ordner data/images/"
    ]


def test_every_record_naming_a_broken_file_is_told(tmp_path: Path) -> None:
    data = small_data()
    for stem in ("aerztehaus", "ampel"):
        data["initiatives"][stem]["image"] = image_block("fehlt.jpg")
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    write_data(data_dir, data)
    site = load_site(data_dir, tmp_path)
    with pytest.raises(DataError) as caught:
        prepare(tmp_path, site, data_dir)
    assert sorted(p.path for p in caught.value.problems) == [
        "data/initiatives/aerztehaus.yml",
        "data/initiatives/ampel.yml",
    ]


# --------------------------------------------------------------------------- SVG logos

SAFE_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"><defs><linearGradient id="g"/></defs><rect width="200" height="100" fill="url(#g)"/><use href="#g"/></svg>'  # fmt: skip


def svg_refusal(tmp_path: Path, svg: str) -> list[str]:
    data_dir, site = site_with(
        tmp_path, None, {"logo.svg": svg.encode()}, {"file": "logo.svg", "alt": "Logo der EVV"}
    )
    try:
        prepare(tmp_path, site, data_dir)
    except DataError as error:
        return [str(p) for p in error.problems]
    return []


def test_a_safe_svg_logo_is_published_byte_for_byte(tmp_path: Path) -> None:
    data_dir, site = site_with(
        tmp_path, None, {"logo.svg": SAFE_SVG.encode()}, {"file": "logo.svg", "alt": "Logo"}
    )
    catalogue = prepare(tmp_path, site, data_dir)
    [(uri, path)] = catalogue.files.items()
    assert re.fullmatch(r"assets/images/logo-logo\.[0-9a-f]{10}\.svg", uri)
    assert path.read_bytes() == SAFE_SVG.encode()
    [rendition] = catalogue.renditions.values()
    assert (rendition.width, rendition.height) == (200, 100)


UNSAFE_SVGS = {
    "script": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><script>alert(1)</script></svg>', "enthält ein Skript (<script>)"),
    "namespaced script": ('<s:svg xmlns:s="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><s:script>alert(1)</s:script></s:svg>', "enthält ein Skript (<script>)"),
    "event handler": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1" onload="alert(1)"/>', "enthält einen Ereignis-Handler (Attribut onload)"),
    "external href": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><image href="https://evil.example/x.png"/></svg>', "enthält einen Verweis auf eine andere Datei oder Adresse (https://evil.example/x.png)"),
    "xlink javascript": ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 1 1"><a xlink:href="javascript:alert(1)"><rect width="1" height="1"/></a></svg>', "enthält einen Verweis auf eine andere Datei oder Adresse (javascript:alert(1))"),
    "external url()": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1" style="fill:url(https://evil.example/a.svg#p)"/></svg>', "enthält einen Verweis mit url() auf eine andere Datei oder Adresse"),
    "style element": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><style>@import "https://evil.example/a.css";</style></svg>', "enthält einen Stil mit @import"),
    "foreignObject": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject></svg>', "enthält eingebettetes HTML (<foreignObject>)"),
    "doctype entity": ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><text>&a;</text></svg>', "enthält eine DOCTYPE-Angabe (sie kann Entitäten und fremde Dateien einbinden)"),
    "stylesheet instruction": ('<?xml-stylesheet href="https://evil.example/a.css"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>', "enthält eine Verarbeitungsanweisung (<?xml-stylesheet …?>)"),
    "animated href": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>', "enthält eine Animation, die einen Verweis ändert"),
}  # fmt: skip

SVG_HINT = (
    "exportieren Sie das Logo neu als einfaches SVG (ohne Skripte, Links und eingebettete "
    "Dateien) oder verwenden Sie eine PNG-Datei"
)


@pytest.mark.parametrize("case", list(UNSAFE_SVGS))
def test_unsafe_svg_logos_are_refused(tmp_path: Path, case: str) -> None:
    svg, what = UNSAFE_SVGS[case]
    [message] = svg_refusal(tmp_path, svg)
    path = tmp_path / "project" / "data" / "partners" / "evv.yml"
    assert message == (
        f"data/partners/evv.yml:{line_of(path, 'file:')}: logo.file: das SVG-Logo "
        f"data/images/logo.svg {what} — {SVG_HINT}"
    )


def test_broken_and_sizeless_svgs_are_refused(tmp_path: Path) -> None:
    [broken] = svg_refusal(tmp_path / "a", '<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>')
    assert (
        "das SVG-Logo data/images/logo.svg ist kein gültiges SVG (XML-Fehler in Zeile 1: " in broken
    )
    [sizeless] = svg_refusal(tmp_path / "b", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert "das SVG-Logo data/images/logo.svg hat weder viewBox noch width und height" in sizeless
    [html_root] = svg_refusal(tmp_path / "c", '<html viewBox="0 0 1 1"/>')
    assert "ist kein <svg>-Element im SVG-Namensraum als Wurzel" in html_root


# --------------------------------------------------------------------------- markup


def test_picture_markup(processed: tuple[Path, images.Catalogue]) -> None:
    _, catalogue = processed
    image = Image("probe.jpg", 'Ein "Probe"-Bild <b>', CREDIT + " & Co", False, "x", 1)
    rendition = catalogue.rendition(image)
    page = picture_html(image, "page", rendition, "../../", loading="high")
    assert page.startswith('<figure class="ce-figure ce-figure--page"><picture')
    assert 'alt="Ein &quot;Probe&quot;-Bild &lt;b&gt;"' in page
    assert '<figcaption class="ce-credit">Foto: Probe, CC0 1.0 &amp; Co</figcaption>' in page
    assert 'fetchpriority="high"' in page and 'loading="lazy"' not in page
    assert '<source type="image/webp" srcset="../../assets/images/' in page
    card = picture_html(image, "card", rendition, "")
    assert "<figure" not in card and 'loading="lazy"' in card and "fetchpriority" not in card
    first_screen = picture_html(image, "card", rendition, "", loading="eager")
    assert "loading=" not in first_screen and "fetchpriority" not in first_screen
    assert 'width="400" height="578"' in card  # 900 × 1300 upright, at 400
    decorative = Image("probe.jpg", "", CREDIT, True, "x", 1)
    assert 'alt=""' in picture_html(decorative, "card", rendition, "")
    assert picture_html(None, "card", rendition, "") == ""
    assert picture_html(Logo("probe.jpg", "L", "x", 1), "card", None, "") == ""
    with pytest.raises(ValueError):
        picture_html(image, "poster", rendition, "")
    with pytest.raises(ValueError):
        picture_html(image, "card", rendition, "", loading="soon")


def test_one_store_does_not_read_an_unchanged_file_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview keeps one store: a rebuild neither reads nor hashes unchanged images."""
    data_dir, site = site_with(tmp_path, image_block(), {"probe.jpg": photo(1000, 700)})
    reads: list[str] = []
    original = reading.read_image_file

    def counting(data: Path, file: str, shown: str) -> bytes:
        reads.append(file)
        return original(data, file, shown)

    monkeypatch.setattr(reading, "read_image_file", counting)
    store = ImageStore(tmp_path / "cache", workers=1)
    first = store.prepare(site, data_dir)
    assert reads == ["probe.jpg"]
    assert store.prepare(site, data_dir).files == first.files
    assert reads == ["probe.jpg"]
    # Saved again (new content, new times): read, and encoded under new names.
    (data_dir / "images" / "probe.jpg").write_bytes(photo(1000, 700, orientation=3))
    changed = store.prepare(site, data_dir)
    assert reads == ["probe.jpg", "probe.jpg"] and changed.files != first.files
    # Replaced by a link: refused, not served from memory.
    target = tmp_path / "anderswo.jpg"
    target.write_bytes(photo(1000, 700))
    (data_dir / "images" / "probe.jpg").unlink()
    (data_dir / "images" / "probe.jpg").symlink_to(target)
    with pytest.raises(DataError):
        store.prepare(site, data_dir)


def test_cache_entries_unused_for_a_month_are_deleted(tmp_path: Path) -> None:
    data_dir, site = site_with(tmp_path, image_block(), {"probe.jpg": photo(1000, 700)})
    old = ImageStore(tmp_path / "cache", workers=1).prepare(site, data_dir)
    # The image is replaced; the old entry is left, and made to look 31 days unused.
    (data_dir / "images" / "probe.jpg").write_bytes(photo(1000, 700, orientation=3))
    [manifest] = (tmp_path / "cache" / "manifests").glob("*.json")
    month_ago = manifest.stat().st_mtime - 31 * 86400
    os.utime(manifest, (month_ago, month_ago))
    new = ImageStore(tmp_path / "cache", workers=1).prepare(site, data_dir)
    assert all(not path.exists() for path in old.files.values())
    assert all(path.is_file() for path in new.files.values())
    assert len(list((tmp_path / "cache" / "manifests").glob("*.json"))) == 1
    # An entry in use is kept however old its manifest was: its time is renewed.
    [current] = (tmp_path / "cache" / "manifests").glob("*.json")
    os.utime(current, (month_ago, month_ago))
    ImageStore(tmp_path / "cache", workers=1).prepare(site, data_dir)
    assert all(path.is_file() for path in new.files.values())
