"""Advisories: things editors should look at that never fail a build."""

from __future__ import annotations

import datetime as dt

from .errors import Problem
from .model import Site


def advisories(site: Site, today: dt.date, stale_after_days: int) -> list[Problem]:
    """Stale or undated initiatives, partners nobody references, contacts nobody names.

    `stale_after_days` is the plugin option (its default lives in config.py).
    """
    found: list[Problem] = []
    for initiative in site.initiatives:
        if initiative.updated is None:
            found.append(
                Problem(
                    initiative.source,
                    initiative.key_lines.get("title", 1),
                    "updated",
                    "Hinweis: kein Prüfdatum angegeben",
                    f"prüfen Sie die Angaben und ergänzen Sie »updated: {today.isoformat()}«",
                )
            )
        elif (today - initiative.updated).days > stale_after_days:
            age = (today - initiative.updated).days
            found.append(
                Problem(
                    initiative.source,
                    initiative.key_lines.get("updated", 1),
                    "updated",
                    f"Hinweis: seit {age} Tagen nicht geprüft (Grenze: {stale_after_days} Tage)",
                    f"prüfen Sie die Angaben und setzen Sie »updated: {today.isoformat()}«",
                )
            )
    for partner in site.partners:
        if not site.initiatives_by_partner[partner.id]:
            found.append(
                Problem(
                    partner.source,
                    partner.key_lines.get("name", partner.line),
                    "name",
                    "Hinweis: keine Initiative verweist auf diesen Partner",
                    "tragen Sie ihn bei einer Initiative unter partners oder lead ein oder löschen Sie die Datei",
                )
            )
    for contact in site.other_contacts:
        if not site.initiatives_by_contact[contact.id]:
            found.append(
                Problem(
                    contact.source,
                    contact.line,
                    contact.id,
                    "Hinweis: keine Initiative nennt diesen Kontakt",
                    "tragen Sie die Kennung bei einer Initiative unter contacts ein oder löschen Sie den Eintrag",
                )
            )
    return sorted(found)
