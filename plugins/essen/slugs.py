"""Ids and URL segments from German names: `Bürger RatHaus Süd` → `buerger-rathaus-sued`."""

from __future__ import annotations

import unicodedata

from slugify import slugify

GERMAN_TRANSLITERATION = [
    ["Ä", "Ae"],
    ["Ö", "Oe"],
    ["Ü", "Ue"],
    ["ä", "ae"],
    ["ö", "oe"],
    ["ü", "ue"],
    ["ß", "ss"],
]


def german_slug(text: str) -> str:
    """Lowercase a–z, digits and hyphens, with German transliteration (ü → ue).

    NFC first: macOS writes `ü` in file names as `u` plus a combining diaeresis, which the
    transliteration would not see (`sud` instead of `sued`).
    """
    return slugify(unicodedata.normalize("NFC", text), replacements=GERMAN_TRANSLITERATION)
