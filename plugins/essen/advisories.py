"""Advisories: things editors should look at that never fail a build.

A build prints them as one summary line (counts per kind and the command that lists them):
32 hints on every build would bury the one real error. `essen-check --hinweise` and the plugin
option `advisories: list` show each one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from .errors import Problem
from .model import Initiative, Site
from .places.gazetteer import GESAMTSTADT, gazetteer

UNDATED = "undated"
STALE = "stale"
UNUSED_PARTNER = "unused-partner"
UNUSED_CONTACT = "unused-contact"
OTHER_BEZIRK = "other-bezirk"

# The command the summary names; editors run it in the project folder.
LIST_COMMAND = "essen-check --hinweise"

# Per kind: the summary's wording for one and for several (in this order in the line).
_COUNTED = {
    UNDATED: ("Initiative ohne Prüfdatum", "Initiativen ohne Prüfdatum"),
    STALE: (
        "Initiative seit über {days} Tagen nicht geprüft",
        "Initiativen seit über {days} Tagen nicht geprüft",
    ),
    UNUSED_PARTNER: ("Partner ohne Initiative", "Partner ohne Initiative"),
    UNUSED_CONTACT: ("Kontakt ohne Initiative", "Kontakte ohne Initiative"),
    OTHER_BEZIRK: (
        "Initiative mit Ort außerhalb ihrer Stadtteile",
        "Initiativen mit Ort außerhalb ihrer Stadtteile",
    ),
}


@dataclass(frozen=True, order=True)
class Advisory(Problem):
    """A Problem that never fails a build, with the kind the summary line counts it under."""

    kind: str = field(default="", compare=False)


def summary_line(found: list[Advisory], stale_after_days: int) -> str | None:
    """One line for all advisories: counts per kind and the command that lists them."""
    if not found:
        return None
    counts = Counter(advisory.kind for advisory in found)
    parts = [
        f"{counts[kind]} {(one if counts[kind] == 1 else several).format(days=stale_after_days)}"
        for kind, (one, several) in _COUNTED.items()
        if counts[kind]
    ]
    total = len(found)
    return (
        f"{total} {'Hinweis' if total == 1 else 'Hinweise'} zu den Daten ({', '.join(parts)}) "
        f"— einzeln anzeigen: {LIST_COMMAND}"
    )


def other_bezirk(initiative: Initiative) -> Advisory | None:
    """The location lies in a Stadtbezirk none of the listed districts belongs to (a mistake in
    one of the two, or a place the districts forgot). City-wide initiatives, and those that list
    no districts, may lie anywhere."""
    location = initiative.location
    if location is None or not initiative.districts or GESAMTSTADT in initiative.districts:
        return None
    places = gazetteer()
    found = places.bezirk_at(location.lat, location.lon)
    listed = places.bezirke_of(initiative.districts)
    if found is None or found in listed:
        return None
    each = [f"{bezirk.roman} ({bezirk.name})" for bezirk in listed]
    named = (
        f"im Stadtbezirk {each[0]}"
        if len(each) == 1
        else f"in den Stadtbezirken {', '.join(each[:-1])} und {each[-1]}"
    )
    return Advisory(
        initiative.source,
        initiative.key_lines.get("location", initiative.line),
        "location",
        f"Hinweis: der Ort liegt im Stadtbezirk {found.roman} ({found.name}), die Stadtteile "
        f"unter districts liegen {named}",
        "prüfen Sie location und districts: ergänzen Sie den Stadtteil des Ortes unter districts "
        "oder korrigieren Sie lat und lon",
        kind=OTHER_BEZIRK,
    )


def advisories(site: Site, today: dt.date, stale_after_days: int) -> list[Advisory]:
    """Stale or undated initiatives, partners nobody references, contacts nobody names,
    locations outside the Stadtbezirke of the listed districts.

    `stale_after_days` is the plugin option (its default lives in config.py).
    """
    found: list[Advisory] = []
    for initiative in site.initiatives:
        if initiative.updated is None:
            found.append(
                Advisory(
                    initiative.source,
                    initiative.key_lines.get("title", 1),
                    "updated",
                    "Hinweis: kein Prüfdatum angegeben",
                    f"prüfen Sie die Angaben und ergänzen Sie »updated: {today.isoformat()}«",
                    kind=UNDATED,
                )
            )
        elif (today - initiative.updated).days > stale_after_days:
            age = (today - initiative.updated).days
            found.append(
                Advisory(
                    initiative.source,
                    initiative.key_lines.get("updated", 1),
                    "updated",
                    f"Hinweis: seit {age} Tagen nicht geprüft (Grenze: {stale_after_days} Tage)",
                    f"prüfen Sie die Angaben und setzen Sie »updated: {today.isoformat()}«",
                    kind=STALE,
                )
            )
        elsewhere = other_bezirk(initiative)
        if elsewhere is not None:
            found.append(elsewhere)
    for partner in site.partners:
        if not site.initiatives_by_partner[partner.id]:
            found.append(
                Advisory(
                    partner.source,
                    partner.key_lines.get("name", partner.line),
                    "name",
                    "Hinweis: keine Initiative verweist auf diesen Partner",
                    "tragen Sie ihn bei einer Initiative unter partners oder lead ein oder löschen Sie die Datei",
                    kind=UNUSED_PARTNER,
                )
            )
    for contact in site.other_contacts:
        if not site.initiatives_by_contact[contact.id]:
            found.append(
                Advisory(
                    contact.source,
                    contact.line,
                    contact.id,
                    "Hinweis: keine Initiative nennt diesen Kontakt",
                    "tragen Sie die Kennung bei einer Initiative unter contacts ein oder löschen Sie den Eintrag",
                    kind=UNUSED_CONTACT,
                )
            )
    return sorted(found)
