"""Synthetic, valid data sets of N initiatives, written as a copy of this project.

    python -m benchmarks.generate N OUT_DIR [--seed S] [--calibration]

Without `--calibration`, OUT_DIR becomes a copy of this project (mkdocs.yml, docs/, overrides/)
with a synthetic `data/` folder. With `--calibration`, OUT_DIR becomes the stock MkDocs +
Material project of `benchmarks.calibration`: the same initiatives as hand-made Markdown pages,
the floor the generator is measured against.

The text is German smart-city prose composed from the pools in `benchmarks.vocabulary` with
random slots, so pages differ from each other; the vocabulary is still far smaller than real
text (a few thousand words), which flatters search indexes a little. Everything is a function of
N and the seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import re
import shutil
import sys
from pathlib import Path
from statistics import NormalDist

from plugins.essen.loading import id_from_filename
from plugins.essen.places.gazetteer import gazetteer
from plugins.essen.rules import PARTNER_TYPE_LABELS, STATUS_LABELS, SUMMARY_MAX_LENGTH

from .vocabulary import (
    ADMINISTRATION_UNITS,
    BACKGROUND,
    BUSINESS_WORDS,
    CITYWIDE,
    CIVIL_FORMS,
    CLOSING,
    COMPOUND,
    COMPOUND_HEADS,
    COMPOUND_TAILS,
    DETAIL,
    DISTRICTS,
    EVALUATION,
    FACILITIES,
    FIELDS,
    GOAL,
    HOW,
    INTRO,
    LEGAL_FORMS,
    LIST_INTRO,
    MUNICIPAL_COMPANIES,
    NAME_STEMS,
    PARTICIPATION,
    PARTNERS,
    PRIVACY,
    PROBLEM,
    RESEARCH_SUBJECTS,
    RESEARCH_UNITS,
    ROLES,
    SCALE,
    STARTUP_WORDS,
    STREETS,
    SUMMARY_FORMS,
    SURNAMES,
    TIMELINE,
    TITLE_FORMS,
    FieldText,
)

REPO = Path(__file__).resolve().parents[1]
# What a project needs besides data/.
PROJECT_ITEMS = ("mkdocs.yml", "docs", "overrides")
# Dates are relative to a fixed day, not to today, so a seed always gives the same files.
BASE_DAY = dt.date(2025, 10, 31)
DEFAULT_SEED = 1

# --------------------------------------------------------------------------- generation


COUNTS = (12, 20, 25, 40, 60, 75, 120, 150, 300, 500)


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _german_join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " und " + items[-1]


def _month(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


class _Generator:
    def __init__(self, n: int, seed: int) -> None:
        if n < 1:
            raise ValueError("N must be at least 1")
        self.n = n
        self.rng = random.Random(seed)

    # ----------------------------------------------------------------- partners and contacts

    def partners(self) -> dict[str, dict]:
        rng = self.rng
        count = max(12, round(self.n / 25))
        partners: dict[str, dict] = {
            "stadt-essen": {
                "name": "Stadt Essen",
                "type": "administration",
                "website": "https://www.essen.de/",
                "description": "Die Stadtverwaltung Essen koordiniert CONNECTED.ESSEN gemeinsam mit der EVV.",
                "logo": {"file": "stadt-essen.svg", "alt": "Logo der Stadt Essen"},
            },
            "evv": {
                "name": "Essener Versorgungs- und Verkehrsgesellschaft mbH",
                "short_name": "EVV",
                "type": "municipal-company",
                "description": "Die **Holding** des Konzerns Stadt Essen.",
            },
        }
        types = list(PARTNER_TYPE_LABELS)
        weights = {
            "administration": 1,
            "municipal-company": 1,
            "business": 4,
            "startup": 3,
            "research": 2,
            "civil-society": 3,
        }
        names = {p["name"] for p in partners.values()}
        index = 0
        while len(partners) < count:
            # The first rounds cycle through every type so small sets still hold all of them.
            kind = (
                types[index % len(types)]
                if index < 2 * len(types)
                else rng.choices(types, [weights[t] for t in types])[0]
            )
            index += 1
            name = self._partner_name(kind)
            if name in names:
                name = f"{name} ({rng.choice(DISTRICTS)})"
            if name in names:
                continue
            names.add(name)
            partner_id = id_from_filename(name)
            if not partner_id or partner_id in partners:
                continue
            record: dict = {"name": name, "type": kind}
            if rng.random() < 0.3:
                initials = "".join(word[0] for word in re.findall(r"[A-Za-zÄÖÜ]\w+", name))
                if len(initials) >= 2:
                    record["short_name"] = initials.upper()[:6]
            if rng.random() < 0.7:
                record["website"] = f"https://{partner_id}.example.org/"
            if rng.random() < 0.8:
                field = rng.choice(FIELDS)
                record["description"] = (
                    f"Fiktiver Partner aus dem Bereich {PARTNER_TYPE_LABELS[kind]}. "
                    f"Schwerpunkt: **{field.name}**, besonders {rng.choice(field.topics)[1]}."
                )
            partners[partner_id] = record
        return partners

    def _partner_name(self, kind: str) -> str:
        rng = self.rng
        if kind == "administration":
            return f"Stadt Essen – {rng.choice(ADMINISTRATION_UNITS)}"
        if kind == "municipal-company":
            return rng.choice(MUNICIPAL_COMPANIES)
        if kind == "business":
            return (
                f"{rng.choice(NAME_STEMS)} {rng.choice(BUSINESS_WORDS)} {rng.choice(LEGAL_FORMS)}"
            )
        if kind == "startup":
            return f"{rng.choice(NAME_STEMS)}{rng.choice(STARTUP_WORDS).lower()} {rng.choice(STARTUP_WORDS)}"
        if kind == "research":
            return f"{rng.choice(RESEARCH_UNITS)} {rng.choice(RESEARCH_SUBJECTS)} (fiktiv)"
        return rng.choice(CIVIL_FORMS).format(district=rng.choice(DISTRICTS))

    def contacts(self, partners: dict[str, dict]) -> list[dict]:
        rng = self.rng
        count = max(6, round(self.n / 50))
        contacts = [
            {
                "id": "leitung-stadt",
                "name": "Frau Tenbrink",
                "role": "Stadtdirektorin",
                "organization": "stadt-essen",
                "leadership": True,
            },
            {
                "id": "leitung-evv",
                "name": "Herr Albers",
                "role": "Geschäftsführer der EVV",
                "organization": "evv",
                "leadership": True,
            },
        ]
        partner_ids = list(partners)
        used = {c["id"] for c in contacts}
        number = 0
        while len(contacts) < count:
            number += 1
            organization = rng.choice(partner_ids)
            if rng.random() < 0.5:
                surname = rng.choice(SURNAMES)
                name = f"{rng.choice(('Frau', 'Herr'))} {surname}"
                contact_id = f"{id_from_filename(surname)}-{number}"
            else:
                field = rng.choice(FIELDS)
                topic = rng.choice(field.topics)[0]
                name = f"Projektteam {topic}"
                contact_id = f"projektteam-{id_from_filename(topic)}-{number}"
            if contact_id in used:
                continue
            used.add(contact_id)
            record: dict = {
                "id": contact_id,
                "name": name,
                "role": rng.choice(ROLES),
                "organization": organization,
            }
            # The first one has every key; the others are as incomplete as real lists are.
            if number == 1 or rng.random() < 0.7:
                record["phone"] = f"+49 201 555 {1000 + number:04d}"
            if number == 1 or rng.random() < 0.5:
                record["email"] = f"{contact_id}@example.org"
            contacts.append(record)
        return contacts

    # ----------------------------------------------------------------- initiatives

    def initiatives(self, partners: dict[str, dict], contacts: list[dict]) -> dict[str, dict]:
        rng = self.rng
        partner_ids = list(partners)
        lead_weights = [
            4 if partners[p]["type"] in ("administration", "municipal-company") else 1
            for p in partner_ids
        ]
        people = [c["id"] for c in contacts if not c.get("leadership")]
        leaders = [c["id"] for c in contacts if c.get("leadership")]
        featured = set(rng.sample(range(self.n), min(6, self.n)))
        titles: set[str] = set()
        ids: set[str] = set()
        initiatives: dict[str, dict] = {}
        # Every draw below and in the helpers happens in a fixed order: a seed gives the same files.
        # That order is why this loop stays long (68 lines): it is split only into helpers that
        # draw exactly where the loop did.
        for number in range(self.n):
            field = rng.choice(FIELDS)
            topic, phrase = rng.choice(field.topics)
            district = rng.choice(DISTRICTS)
            title, initiative_id = self._title(topic, district, titles, ids)
            # Editors name files either by id or by title (the loader slugs either).
            stem = title if rng.random() < 0.1 and "/" not in title else initiative_id
            lead = rng.choices(partner_ids, lead_weights)[0] if rng.random() < 0.85 else None
            members = self._members(number, lead, partner_ids)
            districts = self._districts(district)
            partner_names = [partners[p]["name"] for p in members if p != lead] or [
                "weiteren Partnern aus der Stadtgesellschaft"
            ]
            slots = {
                "title": title,
                "phrase": phrase,
                "Phrase": _capitalize(phrase),
                "district": district,
                "lead": partners[lead]["name"] if lead else "die Stadt Essen",
                "facility": rng.choice(FACILITIES),
                "street": rng.choice(STREETS),
                "partners": _german_join(partner_names[:3]),
            }
            fields = [field.id]
            if rng.random() < 0.25:
                other = rng.choice(FIELDS).id
                if other != field.id:
                    fields.append(other)
            record: dict = {
                "title": title,
                "fields": fields,
                "status": list(STATUS_LABELS)[number]
                if number < len(STATUS_LABELS)
                else rng.choices(list(STATUS_LABELS), (10, 20, 25, 30, 15))[0],
                "summary": self._summary(field, slots),
                "description": self._description(field, slots),
                "partners": members,
            }
            if lead:
                record["lead"] = lead
            self._optional_keys(record, number, people, leaders, districts)
            tags = list(dict.fromkeys([*rng.sample(field.tags, rng.randint(1, 3)), topic]))
            if rng.random() < 0.85:
                record["tags"] = tags
            if rng.random() < 0.4:
                record["links"] = self._links(members, partners)
            if rng.random() < 0.6:
                record["location"] = self._location(district)
            if number in featured:
                record["featured"] = True
            if rng.random() < 0.9:
                record["updated"] = BASE_DAY - dt.timedelta(days=rng.randrange(500))
            initiatives[stem] = record
        return initiatives

    def _title(self, topic: str, district: str, titles: set[str], ids: set[str]) -> tuple[str, str]:
        """A title and id no earlier initiative has (both are unique in real data too)."""
        rng = self.rng
        title = rng.choice(TITLE_FORMS).format(topic=topic, district=district)
        attempt = 1
        while title in titles or (initiative_id := id_from_filename(title)) in ids:
            attempt += 1
            form = rng.choice(TITLE_FORMS).format(topic=topic, district=district)
            title = f"{form} ({attempt}. Phase)"
        titles.add(title)
        ids.add(initiative_id)
        return title, initiative_id

    def _members(self, number: int, lead: str | None, partner_ids: list[str]) -> list[str]:
        rng = self.rng
        members = rng.sample(partner_ids, rng.randint(1, min(4, len(partner_ids))))
        # The first initiatives name every partner once, so none is left without initiative.
        if number < len(partner_ids) and partner_ids[number] not in members:
            members.append(partner_ids[number])
        if lead and rng.random() < 0.5 and lead not in members:
            members.insert(0, lead)
        return members

    def _districts(self, district: str) -> list[str]:
        rng = self.rng
        districts = [district]
        for _ in range(rng.choice((0, 0, 1, 2))):
            extra = rng.choice(DISTRICTS)
            if extra not in districts:
                districts.append(extra)
        if rng.random() < 0.05:
            districts.append(CITYWIDE)
        return districts

    def _optional_keys(
        self, record: dict, number: int, people: list[str], leaders: list[str], districts: list[str]
    ) -> None:
        """Contacts, districts and dates, each left out now and then as in real data."""
        rng = self.rng
        if people and (number < len(people) or rng.random() < 0.7):
            record["contacts"] = rng.sample(people, min(len(people), rng.randint(1, 2)))
            # The first initiatives name every contact once, so none is left without initiative.
            if number < len(people) and people[number] not in record["contacts"]:
                record["contacts"].append(people[number])
            if rng.random() < 0.05:
                record["contacts"].append(rng.choice(leaders))
        if rng.random() < 0.95:
            record["districts"] = districts
        self._dates(record)

    def _location(self, district: str) -> dict[str, float]:
        # A point in the Stadtbezirk of the initiative's first district, as real data has it (a
        # point elsewhere would be an advisory, one outside the city an error): drawn in the
        # Bezirk's bounding box until it lies inside, rounded as editors write coordinates.
        bezirk = gazetteer().bezirk_of_name(district)
        assert bezirk is not None, district
        west, south, east, north = bezirk.polygon.bounds
        while True:
            lat = round(self.rng.uniform(south, north), 4)
            lon = round(self.rng.uniform(west, east), 4)
            if bezirk.contains(lat, lon):
                return {"lat": lat, "lon": lon}

    def _summary(self, field: FieldText, slots: dict[str, str]) -> str:
        goal_sentence = _capitalize(self.rng.choice(GOAL).format(goal=self.rng.choice(field.goals)))
        summary = _capitalize(
            self.rng.choice(SUMMARY_FORMS).format(goal_sentence=goal_sentence, **slots)
        )
        if len(summary) > SUMMARY_MAX_LENGTH:
            summary = summary[: SUMMARY_MAX_LENGTH - 1].rsplit(" ", 1)[0] + "…"
        return summary

    def _description(self, field: FieldText, slots: dict[str, str]) -> str:
        rng = self.rng
        year = rng.randint(2018, 2025)
        values = dict(
            slots,
            year=str(year),
            year2=str(rng.randint(2025, 2029)),
            money=f"{rng.randint(2, 95) * 10_000:,}".replace(",", "."),
            days=str(rng.choice((7, 14, 30, 90))),
            problem=rng.choice(field.problems),
            goal=rng.choice(field.goals),
            technique=rng.choice(field.techniques),
            compound=rng.choice(COMPOUND_HEADS) + rng.choice(COMPOUND_TAILS),
        )

        def say(pool: tuple[str, ...], k: int = 1) -> str:
            sentences = []
            for sentence in rng.sample(pool, k):
                # A fresh figure per sentence, so two sentences never repeat the same number.
                values["count"] = str(rng.choice(COUNTS))
                sentences.append(_capitalize(sentence.format(**values)))
            return " ".join(sentences)

        first_goal, second_goal = rng.sample(GOAL, 2)
        other_goal = rng.choice([g for g in field.goals if g != values["goal"]])
        paragraphs = [
            " ".join(
                (
                    say(INTRO),
                    say(PROBLEM),
                    first_goal.format(goal=values["goal"]),
                    second_goal.format(goal=other_goal),
                )
            ),
            " ".join((say(BACKGROUND, 2), say(EVALUATION, 2))),
            " ".join((say(HOW), say(DETAIL, 2), say(SCALE, 2), say(COMPOUND))),
            rng.choice(LIST_INTRO)
            + "\n\n"
            + "\n".join(f"- {item}" for item in rng.sample(field.bullets, rng.randint(3, 5))),
            " ".join((say(PARTNERS), say(PARTICIPATION, 2), say(PRIVACY))),
            " ".join((say(TIMELINE, 2), say(CLOSING))),
        ]
        return "\n\n".join(paragraphs) + "\n"

    def _dates(self, record: dict) -> None:
        rng = self.rng
        if rng.random() < 0.9:
            start = _month(rng, dt.date(2018, 1, 1), dt.date(2025, 9, 30))
            record["start"] = start if rng.random() < 0.4 else f"{start:%Y-%m}"
            if rng.random() < 0.5 or record["status"] == "completed":
                end = start + dt.timedelta(days=rng.randrange(90, 1500))
                record["end"] = end if isinstance(record["start"], dt.date) else f"{end:%Y-%m}"
        elif rng.random() < 0.3:
            record["end"] = f"{rng.randint(2026, 2030)}-12"

    def _links(self, members: list[str], partners: dict[str, dict]) -> list[dict]:
        rng = self.rng
        links = []
        for partner_id in members[: rng.randint(1, 2)]:
            website = partners[partner_id].get("website")
            if website:
                links.append({"title": partners[partner_id]["name"], "url": website})
        if not links or rng.random() < 0.2:
            links.append({"title": "Projektteam anrufen", "url": "tel:+492015550100"})
        if rng.random() < 0.2:
            links.append(
                {"title": "E-Mail an das Projektteam", "url": "mailto:projekt@example.org"}
            )
        return links


def fields_data() -> list[dict]:
    return [
        {
            "id": f.id,
            "name": f.name,
            "summary": f.summary,
            "description": (
                f"{f.summary}\n\nTypische Vorhaben sind zum Beispiel:\n\n"
                + "\n".join(f"- {phrase}" for _, phrase in f.topics[:4])
                + "\n"
            ),
            "icon": f.icon,
            **({"color": FIELD_COLOURS[f.id]} if f.id in FIELD_COLOURS else {}),
        }
        for f in FIELDS
    ]


# The sample data's field colours (data/fields.yml), so the benchmark's pages look the same.
FIELD_COLOURS = {
    "smart-living": "#2e6b30",
    "smart-mobility": "#1d4e89",
    "smart-health": "#a3214a",
    "smart-energy": "#7a5200",
    "smart-government": "#0f5c55",
    "smart-economy": "#6b2c6e",
}


# Initiatives with an image when the caller does not say: enough to use every key of the
# contract, few enough that the large benchmark sizes do not turn into an image benchmark.
DEFAULT_IMAGES = 2
IMAGE_CREDIT = "Illustration: Benchmark (erzeugt), CC0 1.0"


def generate_data(n: int, seed: int = DEFAULT_SEED, images: int = DEFAULT_IMAGES) -> dict:
    """A valid data set of `n` initiatives, in the shape of the tests' `write_data`:
    {"fields": [...], "contacts": [...], "partners": {stem: {...}}, "initiatives": {stem: {...}}}.

    The first `images` initiatives (by file name) and the first field get an `image:`; the
    files are drawn by `write_project`. Images are added after every random draw, so a seed
    gives the same text with any number of images.
    """
    generator = _Generator(n, seed)
    partners = generator.partners()
    contacts = generator.contacts(partners)
    initiatives = generator.initiatives(partners, contacts)
    fields = fields_data()
    fields[0]["image"] = {"file": f"feld-{fields[0]['id']}.jpg", "credit": IMAGE_CREDIT, "decorative": True}  # fmt: skip
    for stem in sorted(initiatives)[:images]:
        initiatives[stem]["image"] = {
            "file": f"{id_from_filename(stem)}.jpg",
            "alt": f"Illustration zur Initiative »{initiatives[stem]['title']}«"[:300],
            "credit": IMAGE_CREDIT,
        }
    news, events = news_and_events(initiatives, seed)
    return {
        "fields": fields,
        "partners": partners,
        "contacts": contacts,
        "initiatives": initiatives,
        "news": news,
        "events": events,
    }


# A news item per four initiatives and an event per eight: 1,000 and 500 at 4,000 initiatives,
# in proportion to N so that the timings stay comparable across sizes.
NEWS_PER_INITIATIVE = 1 / 4
EVENTS_PER_INITIATIVE = 1 / 8
EVENT_PLACES = ("Haus der Technik", "BürgerRatHaus", "Zeche Zollverein", "Stadtbibliothek")


def news_and_events(initiatives: dict[str, dict], seed: int) -> tuple[dict, dict]:
    """News ({file name: front matter with "body"}) and events ({stem: record}) about the
    initiatives, from a random source of their own (the initiatives' draws stay unchanged)."""
    rng = random.Random(f"news-{seed}")
    stems = sorted(initiatives)
    news: dict[str, dict] = {}
    for number in range(int(len(stems) * NEWS_PER_INITIATIVE)):
        stem = rng.choice(stems)
        record = initiatives[stem]
        day = BASE_DAY - dt.timedelta(days=rng.randrange(3 * 365))
        paragraphs = (record.get("description") or record["summary"]).split("\n\n")
        news[f"{day.isoformat()}-meldung-{number:04d}.md"] = {
            # Not the initiative's title: a title edit in the preview benchmark must change
            # only the pages that show the initiative itself.
            "title": f"Meldung {number}: Neues aus dem Handlungsfeld {record['fields'][0]}",
            "date": day,
            "summary": record["summary"],
            "initiatives": [id_from_filename(stem)],
            "fields": record["fields"][:1],
            "body": "\n\n".join(paragraphs[:3]) + "\n",
        }
    events: dict[str, dict] = {}
    for number in range(int(len(stems) * EVENTS_PER_INITIATIVE)):
        stem = rng.choice(stems)
        record = initiatives[stem]
        day = BASE_DAY + dt.timedelta(days=rng.randrange(-365, 730))
        event: dict = {
            "title": f"Werkstatt {number} im Handlungsfeld {record['fields'][0]}",
            "summary": record["summary"],
        }
        if number % 3:
            hour = rng.choice((10, 14, 17, 18))
            event["start"] = f"{day.isoformat()}T{hour:02d}:00"
            event["end"] = f"{day.isoformat()}T{hour + 2:02d}:00"
        else:
            event["start"] = day
        if number % 5 == 0:
            event.update(online=True, url=f"https://treffen.example/{number}")
        else:
            event["place"] = rng.choice(EVENT_PLACES)
        event["initiatives"] = [id_from_filename(stem)]
        event["fields"] = record["fields"][:1]
        if number % 17 == 0:
            event["cancelled"] = True
        events[f"termin-{number:04d}"] = event
    return news, events


# --------------------------------------------------------------------------- YAML output

# YAML 1.1 reads these plain words as booleans or null.
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_PLAIN = re.compile(r"[A-Za-zÄÖÜäöüß][\w .,()–-]*[\w.)]|[A-Za-zÄÖÜäöüß]")


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    # JSON strings are valid double-quoted YAML scalars.
    return json.dumps(text, ensure_ascii=False)


def _yaml_lines(data: dict, indent: str = "") -> list[str]:
    """The block style editors write by hand; multi-line text as literal blocks."""
    lines = []
    for key, value in data.items():
        if isinstance(value, str) and "\n" in value:
            lines.append(f"{indent}{key}: |")
            lines.extend(
                f"{indent}  {line}" if line else "" for line in value.rstrip("\n").split("\n")
            )
        elif isinstance(value, dict):
            lines.append(f"{indent}{key}:")
            lines.extend(_yaml_lines(value, indent + "  "))
        elif isinstance(value, list):
            lines.append(f"{indent}{key}:")
            for item in value:
                if isinstance(item, dict):
                    item_lines = _yaml_lines(item, indent + "    ")
                    lines.append(f"{indent}  - {item_lines[0].lstrip()}")
                    lines.extend(item_lines[1:])
                else:
                    lines.append(f"{indent}  - {_scalar(item)}")
        else:
            lines.append(f"{indent}{key}: {_scalar(value)}")
    return lines


def to_yaml(data: dict | list) -> str:
    if isinstance(data, list):
        lines = []
        for item in data:
            item_lines = _yaml_lines(item, "  ")
            lines.append(f"- {item_lines[0].lstrip()}")
            lines.extend(item_lines[1:])
        return "\n".join(lines) + "\n"
    return "\n".join(_yaml_lines(data)) + "\n"


def write_data(data_dir: Path, data: dict) -> None:
    (data_dir / "partners").mkdir(parents=True, exist_ok=True)
    (data_dir / "initiatives").mkdir(parents=True, exist_ok=True)
    (data_dir / "fields.yml").write_text(to_yaml(data["fields"]), encoding="utf-8")
    (data_dir / "contacts.yml").write_text(to_yaml(data["contacts"]), encoding="utf-8")
    for stem, record in data["partners"].items():
        (data_dir / "partners" / f"{stem}.yml").write_text(to_yaml(record), encoding="utf-8")
    for stem, record in data["initiatives"].items():
        (data_dir / "initiatives" / f"{stem}.yml").write_text(to_yaml(record), encoding="utf-8")
    if data.get("news"):
        (data_dir / "news").mkdir()
        for name, front in data["news"].items():
            front = dict(front)
            body = front.pop("body")
            text = f"---\n{to_yaml(front)}---\n{body}"
            (data_dir / "news" / name).write_text(text, encoding="utf-8")
    if data.get("events"):
        (data_dir / "events").mkdir()
        for stem, record in data["events"].items():
            (data_dir / "events" / f"{stem}.yml").write_text(to_yaml(record), encoding="utf-8")


LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img">'
    '<rect width="10" height="10" fill="#3f51b5"/></svg>\n'
)


def empty_target(out_dir: Path) -> None:
    """Create `out_dir`, refusing one that holds anything (a benchmark never overwrites work)."""
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(f"{out_dir} exists and is not empty")
    out_dir.mkdir(parents=True, exist_ok=True)


def write_project(out_dir: Path, data: dict, repo: Path = REPO) -> Path:
    """A copy of this project (mkdocs.yml, docs/, overrides/) with `data` as its data/ folder."""
    out_dir = Path(out_dir)
    empty_target(out_dir)
    for item in PROJECT_ITEMS:
        source = repo / item
        if source.is_dir():
            shutil.copytree(source, out_dir / item)
        else:
            shutil.copy2(source, out_dir / item)
    write_data(out_dir / "data", data)
    images = out_dir / "data" / "images"
    images.mkdir()
    for record in data["partners"].values():
        if "logo" in record:
            (images / record["logo"]["file"]).write_text(LOGO_SVG, encoding="utf-8")
    for record in [*data["fields"], *data["initiatives"].values()]:
        if "image" in record:
            (images / record["image"]["file"]).write_bytes(draw_image(record["image"]["file"]))
    return out_dir


# Uniform bytes to a normal distribution (mean 128, sigma 24) by the inverse of its CDF.
NOISE_TABLE = [
    min(255, max(0, round(128 + 24 * NormalDist().inv_cdf((i + 0.5) / 256)))) for i in range(256)
]


def draw_image(name: str, size: tuple[int, int] = (1600, 900)) -> bytes:
    """A JPEG of soft circles on a tinted ground, different for every name (no photo, no text):
    as large and about as compressible as an editor's photo after resizing."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(name)
    width, height = size
    base = tuple(rng.randint(40, 200) for _ in range(3))
    image = Image.new("RGB", size, base)  # type: ignore[arg-type]
    layer = ImageDraw.Draw(image, "RGBA")
    for _ in range(14):
        r = rng.randint(40, 360)
        x, y = rng.randint(0, width), rng.randint(0, height)
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        layer.ellipse((x - r, y - r, x + r, y + r), fill=(*colour, rng.randint(80, 200)))
    image = image.filter(ImageFilter.GaussianBlur(1.5))
    # Fine noise: a photo's texture, so the encoders have real work to do. Drawn from `rng`
    # (Pillow's effect_noise uses C's rand(), which differs between calls in one process), and
    # shaped by a table to a normal spread around 128 with sigma 24, as effect_noise(size, 24).
    noise = (
        Image.frombytes("L", size, rng.randbytes(width * height)).point(NOISE_TABLE).convert("RGB")
    )
    image = Image.blend(image, noise, 0.08)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate",
        description="Write a project with N synthetic initiatives (or its stock calibration).",
    )
    parser.add_argument("n", type=int, help="number of initiatives")
    parser.add_argument("out_dir", type=Path, help="target folder (must be empty or missing)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--images",
        type=int,
        default=DEFAULT_IMAGES,
        help="how many initiatives get an image (default: %(default)s)",
    )
    parser.add_argument(
        "--calibration",
        action="store_true",
        help="write the same initiatives as a stock MkDocs + Material project instead",
    )
    args = parser.parse_args(argv)
    data = generate_data(args.n, args.seed, args.images)
    if args.calibration:
        # Imported here: the calibration builds on this module's data and target folder.
        from .calibration import write_calibration

        write_calibration(args.out_dir, data)
    else:
        write_project(args.out_dir, data)
    print(f"{args.n} Initiativen nach {args.out_dir} geschrieben", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
