"""The calibration: the benchmark's initiatives as hand-made Markdown pages for stock MkDocs.

The plugin is measured against this floor: the same text on the same URLs, built by MkDocs +
Material with only the `search` plugin (no essen plugin, no macros). The pages use the
product's labels, ids, sort order, URL folders and date wording, so only the way the pages are
made differs, not what they say.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from plugins.essen.loading import id_from_filename
from plugins.essen.model import sort_key
from plugins.essen.pages.filters import german_date
from plugins.essen.pages.urls import CONTACT_DIR, FIELDS_DIR, INITIATIVES_DIR, PARTNERS_DIR
from plugins.essen.rules import PARTNER_TYPE_LABELS, STATUS_LABELS, MonthOrDate

from .generate import empty_target

CALIBRATION_CONFIG = f"""\
site_name: CONNECTED.ESSEN
site_description: Kalibrierung – dieselben Initiativen als handgeschriebene Markdown-Seiten.
site_url: https://connected.essen.example/

theme:
  name: material
  language: de
  font: false
  palette:
    primary: indigo
    accent: indigo
  features:
    - navigation.tabs
    - navigation.indexes
    - navigation.top
    - search.highlight

# Only the top pages: initiative, field and partner pages stay out of the navigation.
nav:
  - Start: index.md
  - Handlungsfelder: {FIELDS_DIR}/index.md
  - Initiativen: {INITIATIVES_DIR}/index.md
  - Partner: {PARTNERS_DIR}/index.md
  - Kontakt: {CONTACT_DIR}/index.md

plugins:
  - search:
      lang: de

markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true

validation:
  omitted_files: info
  absolute_links: warn
  unrecognized_links: info
  anchors: warn
"""

Entry = tuple[str, dict]  # (initiative id, raw record)


def front_matter(title: str, description: str) -> str:
    """What an editor writes atop a hand-made page.

    Calibration only: the product writes no front matter (it sets page metadata itself), so
    there is no product code for this; JSON strings are valid double-quoted YAML scalars.
    """
    title_text = json.dumps(title, ensure_ascii=False)
    description_text = json.dumps(description, ensure_ascii=False)
    return f"---\ntitle: {title_text}\ndescription: {description_text}\n---\n\n"


def _german(value: object) -> str:
    # Read as the product reads a start, end or check date, then worded as its pages word it.
    return german_date(MonthOrDate().check(value))


@dataclass(frozen=True)
class _Data:
    """The raw data by id, with the initiatives in the product's display order."""

    fields: dict[str, dict]
    partners: dict[str, dict]
    contacts: dict[str, dict]
    initiatives: list[Entry]

    @classmethod
    def of(cls, data: dict) -> _Data:
        initiatives = sorted(
            ((id_from_filename(stem), record) for stem, record in data["initiatives"].items()),
            key=lambda item: (sort_key(item[1]["title"]), item[0]),
        )
        return cls(
            fields={f["id"]: f for f in data["fields"]},
            partners={id_from_filename(stem): p for stem, p in data["partners"].items()},
            contacts={c["id"]: c for c in data["contacts"]},
            initiatives=initiatives,
        )

    def by_field(self) -> dict[str, list[Entry]]:
        groups: dict[str, list[Entry]] = {f: [] for f in self.fields}
        for initiative_id, record in self.initiatives:
            for field_id in record["fields"]:
                groups[field_id].append((initiative_id, record))
        return groups

    def by_partner(self) -> dict[str, list[Entry]]:
        groups: dict[str, list[Entry]] = {p: [] for p in self.partners}
        for initiative_id, record in self.initiatives:
            lead = [record["lead"]] if "lead" in record else []
            for partner_id in dict.fromkeys(lead + record["partners"]):
                groups[partner_id].append((initiative_id, record))
        return groups

    def field_links(self, ids: list[str], prefix: str) -> str:
        return ", ".join(f"[{self.fields[f]['name']}]({prefix}{FIELDS_DIR}/{f}.md)" for f in ids)

    def partner_link(self, partner_id: str) -> str:
        return f"[{self.partners[partner_id]['name']}](../{PARTNERS_DIR}/{partner_id}.md)"

    def row(self, entry: Entry, prefix: str = "../") -> str:
        initiative_id, record = entry
        return (
            f"- [{record['title']}]({prefix}{INITIATIVES_DIR}/{initiative_id}.md)  \n"
            f"  {record['summary']}  \n"
            f"  *{STATUS_LABELS[record['status']]}* · {self.field_links(record['fields'], prefix)}"
        )


def _top_pages(d: _Data) -> dict[str, str]:
    contacts = "\n\n".join(
        f"## {c['name']} {{ #{c['id']} }}\n\n{c['role']}, {d.partner_link(c['organization'])}"
        + (f"  \nTelefon: {c['phone']}" if "phone" in c else "")
        + (f"  \nE-Mail: <{c['email']}>" if "email" in c else "")
        for c in d.contacts.values()
    )
    count = len(d.initiatives)
    return {
        "index.md": front_matter("Start", "Die Smart-City-Initiative der Stadt Essen.")
        + "# CONNECTED.ESSEN\n\n"
        + f"Auf diesen Seiten stellen wir Ihnen {count} Initiativen aus "
        + f"{len(d.fields)} Handlungsfeldern vor.\n\n"
        + f"[Alle Initiativen]({INITIATIVES_DIR}/index.md)\n",
        f"{INITIATIVES_DIR}/index.md": front_matter("Initiativen", "Alle Initiativen.")
        + f"# Initiativen\n\n{count} Initiativen, alphabetisch geordnet.\n\n"
        + "\n".join(d.row(entry) for entry in d.initiatives)
        + "\n",
        f"{FIELDS_DIR}/index.md": front_matter("Handlungsfelder", "Die Handlungsfelder.")
        + "# Handlungsfelder\n\n"
        + "\n".join(f"- [{f['name']}]({f['id']}.md): {f['summary']}" for f in d.fields.values())
        + "\n",
        f"{PARTNERS_DIR}/index.md": front_matter("Partner", "Alle Partner.")
        + "# Partner\n\n"
        + "\n".join(f"- [{p['name']}]({pid}.md)" for pid, p in d.partners.items())
        + "\n",
        f"{CONTACT_DIR}/index.md": front_matter("Kontakt", "Leitung und Ansprechpersonen.")
        + f"# Kontakt\n\n{contacts}\n",
    }


def _group_pages(d: _Data) -> dict[str, str]:
    pages = {}
    by_field, by_partner = d.by_field(), d.by_partner()
    for f in d.fields.values():
        pages[f"{FIELDS_DIR}/{f['id']}.md"] = (
            front_matter(f["name"], f["summary"])
            + f"# {f['name']}\n\n{f['summary']}\n\n{f['description']}\n## Initiativen\n\n"
            + "\n".join(d.row(entry) for entry in by_field[f["id"]])
            + "\n"
        )
    for pid, p in d.partners.items():
        pages[f"{PARTNERS_DIR}/{pid}.md"] = (
            front_matter(p["name"], p.get("short_name", p["name"]))
            + f"# {p['name']}\n\n*{PARTNER_TYPE_LABELS[p['type']]}*\n\n"
            + (f"{p['description']}\n\n" if "description" in p else "")
            + (f"[Website]({p['website']})\n\n" if "website" in p else "")
            + "## Initiativen\n\n"
            + "\n".join(d.row(entry) for entry in by_partner[pid])
            + "\n"
        )
    return pages


def _period(record: dict) -> str | None:
    start, end = record.get("start"), record.get("end")
    if start and end:
        return f"{_german(start)} bis {_german(end)}"
    if start:
        return f"seit {_german(start)}"
    if end:
        return f"bis {_german(end)}"
    return None


def _facts(d: _Data, r: dict) -> list[str]:
    """The fact list of an initiative page, in the order the product's page shows it."""
    facts = [
        f"- **Handlungsfelder:** {d.field_links(r['fields'], '../')}",
        f"- **Stand:** {STATUS_LABELS[r['status']]}",
    ]
    if "lead" in r:
        facts.append(f"- **Federführung:** {d.partner_link(r['lead'])}")
    others = [p for p in r["partners"] if p != r.get("lead")]
    if others:
        facts.append("- **Partner:** " + ", ".join(d.partner_link(p) for p in others))
    if "contacts" in r:
        people = (
            f"[{d.contacts[c]['name']}](../{CONTACT_DIR}/index.md#{c}), {d.contacts[c]['role']}"
            for c in r["contacts"]
        )
        facts.append("- **Ansprechpersonen:** " + "; ".join(people))
    period = _period(r)
    if period:
        facts.append(f"- **Zeitraum:** {period}")
    if "districts" in r:
        facts.append(f"- **Stadtteile:** {', '.join(r['districts'])}")
    if "tags" in r:
        facts.append(f"- **Schlagworte:** {', '.join(r['tags'])}")
    if "links" in r:
        links = (f"[{link['title']}]({link['url']})" for link in r["links"])
        facts.append("- **Links:** " + ", ".join(links))
    if "updated" in r:
        facts.append(f"- **Zuletzt geprüft:** {_german(r['updated'])}")
    return facts


def calibration_pages(data: dict) -> dict[str, str]:
    """Hand-made Markdown pages with the same text as the generated site: {docs path: Markdown}."""
    d = _Data.of(data)
    pages = {**_top_pages(d), **_group_pages(d)}
    for initiative_id, r in d.initiatives:
        pages[f"{INITIATIVES_DIR}/{initiative_id}.md"] = (
            front_matter(r["title"], r["summary"])
            + f"# {r['title']}\n\n{r['summary']}\n\n"
            + "\n".join(_facts(d, r))
            + "\n\n## Beschreibung\n\n"
            + r["description"]
            + "\n[Alle Initiativen](index.md)\n"
        )
    return pages


def write_calibration(out_dir: Path, data: dict) -> Path:
    """A stock MkDocs + Material project whose Markdown pages carry the data's text."""
    out_dir = Path(out_dir)
    empty_target(out_dir)
    (out_dir / "mkdocs.yml").write_text(CALIBRATION_CONFIG, encoding="utf-8")
    docs = out_dir / "docs"
    for rel_path, text in calibration_pages(data).items():
        path = docs / rel_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return out_dir
