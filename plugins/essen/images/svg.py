"""SVG logos: parsed with expat and published byte for byte only without DOCTYPE, scripts,
event handlers, foreignObject or references to anything but a fragment of the same file."""

from __future__ import annotations

import re
import xml.parsers.expat

from .outputs import Job
from .reading import Refused

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


def check_svg(source: bytes) -> tuple[str, tuple[float, float] | None]:
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


def process_svg(job: Job) -> tuple[dict, dict[str, bytes]]:
    problem, size = check_svg(job.source)
    if problem or size is None:
        # "kein gültiges SVG …", "weder viewBox …" read as they are; the rest is what it holds.
        holds = not problem.startswith(("kein", "weder"))
        raise Refused(
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
