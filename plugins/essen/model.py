"""The site's data after validation: frozen records with resolved references.

Every record keeps where it was read (`source`, `line` of the record, `key_lines` of each key),
so that advisories and later checks can point editors at the exact line.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from .rules import PARTNER_TYPE_LABELS, STATUS_LABELS, PartialDate


def sort_key(text: str) -> str:
    """Alphabetical order as in a German dictionary (ä sorts with a)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@dataclass(frozen=True)
class Image:
    """An image of a record (`image:`), a file in data/images/; `line` is that of `file:`."""

    file: str
    alt: str  # "" for a decorative image
    credit: str
    decorative: bool
    source: str
    line: int


@dataclass(frozen=True)
class Logo:
    """A partner's logo (`logo:`), a file in data/images/ (SVG or raster)."""

    file: str
    alt: str
    source: str
    line: int


@dataclass(frozen=True)
class Field:
    id: str
    name: str
    summary: str
    description: str
    icon: str | None
    source: str
    line: int
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    # `#rrggbb` (lower case, checked for contrast with white text), or None for the default.
    color: str | None = None
    image: Image | None = None


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    type: str
    short_name: str | None
    website: str | None
    description: str | None
    logo: Logo | None
    source: str
    # 0 means "no line known": a record made in code (tests, tools) rather than read from a file.
    line: int = 0
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def type_label(self) -> str:
        return PARTNER_TYPE_LABELS[self.type]


@dataclass(frozen=True)
class Contact:
    id: str
    name: str
    role: str
    organization: Partner
    phone: str | None
    email: str | None
    leadership: bool
    source: str
    line: int
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float


@dataclass(frozen=True)
class Initiative:
    id: str
    title: str
    fields: tuple[Field, ...]
    status: str
    summary: str
    description: str | None
    partners: tuple[Partner, ...]
    lead: Partner | None
    contacts: tuple[Contact, ...]
    districts: tuple[str, ...]
    start: PartialDate | None
    end: PartialDate | None
    tags: tuple[str, ...]
    links: tuple[Link, ...]
    location: Location | None
    featured: bool
    updated: dt.date | None
    source: str
    line: int
    # Line of each key in the source file, for messages about this record.
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    image: Image | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def organizations(self) -> tuple[Partner, ...]:
        """Lead first, then the other partners, each once."""
        seen: dict[str, Partner] = {}
        for partner in ((self.lead,) if self.lead else ()) + self.partners:
            seen.setdefault(partner.id, partner)
        return tuple(seen.values())


@dataclass(frozen=True)
class NewsItem:
    """A news item, `data/news/YYYY-MM-DD-<slug>.md`: front matter plus a Markdown body."""

    slug: str  # from the file name without the date; the URL is /aktuelles/<slug>/
    title: str
    date: dt.date
    summary: str
    body: str  # Markdown, rendered and sanitised like descriptions
    initiatives: tuple[Initiative, ...]
    fields: tuple[Field, ...]
    image: Image | None
    updated: dt.date | None
    source: str
    line: int
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Event:
    """An event, `data/events/<id>.yml`. Times are local time in Essen (Europe/Berlin), naive."""

    id: str
    title: str
    # A date for an all-day event, a datetime (naive, local) for one with a time.
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime | None
    summary: str
    place: str | None
    address: str | None
    online: bool
    url: str | None
    registration: str | None
    initiatives: tuple[Initiative, ...]
    fields: tuple[Field, ...]
    description: str | None
    cancelled: bool
    source: str
    line: int
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def first_day(self) -> dt.date:
        return self.start.date() if isinstance(self.start, dt.datetime) else self.start

    @property
    def last_day(self) -> dt.date:
        """The day it ends (its start day without an end): upcoming until that day is over."""
        end = self.end if self.end is not None else self.start
        return end.date() if isinstance(end, dt.datetime) else end

    @property
    def sort_start(self) -> dt.datetime:
        """Start as a datetime (an all-day event at midnight), for sorting both kinds together."""
        if isinstance(self.start, dt.datetime):
            return self.start
        return dt.datetime.combine(self.start, dt.time())


@dataclass(frozen=True)
class Site:
    """Everything the pages are made of. Lists are in display order."""

    fields: tuple[Field, ...]
    initiatives: tuple[Initiative, ...]
    partners: tuple[Partner, ...]
    contacts: tuple[Contact, ...]
    # Newest first (date, then slug); by start (then id). Both optional: () without the folder.
    news: tuple[NewsItem, ...] = ()
    events: tuple[Event, ...] = ()
    initiatives_by_field: dict[str, tuple[Initiative, ...]] = field(init=False, repr=False)
    initiatives_by_partner: dict[str, tuple[Initiative, ...]] = field(init=False, repr=False)
    initiatives_by_contact: dict[str, tuple[Initiative, ...]] = field(init=False, repr=False)
    contacts_by_partner: dict[str, tuple[Contact, ...]] = field(init=False, repr=False)
    # Every district named by an initiative, once, in German dictionary order.
    districts: tuple[str, ...] = field(init=False, repr=False)
    # News and events per initiative id and per field id, in the order of `news` / `events`.
    news_by_initiative: dict[str, tuple[NewsItem, ...]] = field(init=False, repr=False)
    news_by_field: dict[str, tuple[NewsItem, ...]] = field(init=False, repr=False)
    events_by_initiative: dict[str, tuple[Event, ...]] = field(init=False, repr=False)
    events_by_field: dict[str, tuple[Event, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_field: dict[str, list[Initiative]] = {f.id: [] for f in self.fields}
        by_partner: dict[str, list[Initiative]] = {p.id: [] for p in self.partners}
        by_contact: dict[str, list[Initiative]] = {c.id: [] for c in self.contacts}
        for initiative in self.initiatives:
            for f in initiative.fields:
                by_field[f.id].append(initiative)
            for partner in initiative.organizations:
                by_partner[partner.id].append(initiative)
            for contact in initiative.contacts:
                by_contact[contact.id].append(initiative)
        contacts_by_partner: dict[str, list[Contact]] = {p.id: [] for p in self.partners}
        for contact in self.contacts:
            contacts_by_partner[contact.organization.id].append(contact)

        def freeze(groups: dict[str, list]) -> dict[str, tuple]:
            return {key: tuple(values) for key, values in groups.items()}

        object.__setattr__(self, "initiatives_by_field", freeze(by_field))
        object.__setattr__(self, "initiatives_by_partner", freeze(by_partner))
        object.__setattr__(self, "initiatives_by_contact", freeze(by_contact))
        object.__setattr__(self, "contacts_by_partner", freeze(contacts_by_partner))
        named = {district for i in self.initiatives for district in i.districts}
        object.__setattr__(self, "districts", tuple(sorted(named, key=lambda d: (sort_key(d), d))))

        news_by_initiative: dict[str, list[NewsItem]] = {i.id: [] for i in self.initiatives}
        news_by_field: dict[str, list[NewsItem]] = {f.id: [] for f in self.fields}
        for item in self.news:
            for initiative in item.initiatives:
                news_by_initiative[initiative.id].append(item)
            for f in item.fields:
                news_by_field[f.id].append(item)
        events_by_initiative: dict[str, list[Event]] = {i.id: [] for i in self.initiatives}
        events_by_field: dict[str, list[Event]] = {f.id: [] for f in self.fields}
        for event in self.events:
            for initiative in event.initiatives:
                events_by_initiative[initiative.id].append(event)
            for f in event.fields:
                events_by_field[f.id].append(event)
        object.__setattr__(self, "news_by_initiative", freeze(news_by_initiative))
        object.__setattr__(self, "news_by_field", freeze(news_by_field))
        object.__setattr__(self, "events_by_initiative", freeze(events_by_initiative))
        object.__setattr__(self, "events_by_field", freeze(events_by_field))

    @property
    def featured(self) -> tuple[Initiative, ...]:
        return tuple(i for i in self.initiatives if i.featured)

    @property
    def leadership(self) -> tuple[Contact, ...]:
        return tuple(c for c in self.contacts if c.leadership)

    @property
    def other_contacts(self) -> tuple[Contact, ...]:
        return tuple(c for c in self.contacts if not c.leadership)
