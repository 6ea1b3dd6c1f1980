"""Page content as pure functions of the model.

Each generated page is a Markdown file whose front matter carries the title
and whose body is HTML rendered from the templates in `overrides/essen/` with
autoescaping on, so every value from data reaches the page as text.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib.util
import json
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from .model import Contact, Field, Initiative, Partner, Site
from .richtext import RichText
from .rules import PARTNER_TYPE_LABELS, STATUS_LABELS

FIELDS_DIR = "handlungsfelder"
INITIATIVES_DIR = "initiativen"
PARTNERS_DIR = "partner"
CONTACT_DIR = "kontakt"

GERMAN_MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip


# The Markdown source of every generated page. It holds no text from data, so nothing from data
# can reach a template engine even if this front matter were lost or mangled; macros are opt-in
# (`render_by_default: false`) as well. Title and description reach the theme as page metadata
# (`GeneratedPage.meta`, set by the plugin), the body after Markdown (`on_page_content`).
GENERATED_SOURCE = "---\nrender_macros: false\n---\n"


@dataclass(frozen=True)
class GeneratedPage:
    """A page to add to the site: where it lives, its title, its HTML, and the data file behind it."""

    src_uri: str
    title: str  # plain text
    description: str | None
    body: str  # HTML
    source: str | None = None
    # Overview pages belong in the navigation; one-per-record pages never do.
    is_overview: bool = False

    @property
    def meta(self) -> dict[str, str]:
        """Title and description for the theme, HTML-escaped: Material prints them as HTML."""
        meta = {"title": html.escape(self.title)}
        if self.description:
            meta["description"] = html.escape(self.description, quote=True)
        return meta

    @property
    def digest(self) -> int:
        """Equal for equal pages: a preview rebuild skips pages whose digest is unchanged."""
        return hash((self.title, self.description, self.body))


def page_src_uri(*parts: str) -> str:
    """Every generated page is `<dir>/index.md`, so its URL is `<dir>/`."""
    return posixpath.join(*parts, "index.md")


@dataclass(frozen=True)
class UrlScheme:
    """Relative links between generated pages, for either MkDocs URL style."""

    directory_urls: bool = True

    def url(self, src_uri: str) -> str:
        """Site-relative URL of a page given its source path (MkDocs' rules)."""
        directory = posixpath.dirname(src_uri)
        if not self.directory_urls:
            return src_uri[: -len(".md")] + ".html"
        return f"{directory}/" if directory else ""

    def relative(self, from_src_uri: str, to_src_uri: str) -> str:
        # Plain segment arithmetic: posixpath.relpath resolves against the working directory
        # and showed up in profiles of large sites.
        start = posixpath.dirname(from_src_uri).split("/") if "/" in from_src_uri else []
        target_dir = posixpath.dirname(to_src_uri).split("/") if "/" in to_src_uri else []
        common = 0
        while common < min(len(start), len(target_dir)) and start[common] == target_dir[common]:
            common += 1
        parts = [".."] * (len(start) - common) + target_dir[common:]
        if self.directory_urls:
            return "/".join(parts) + "/" if parts else "./"
        return "/".join([*parts, posixpath.basename(self.url(to_src_uri))])


def field_uri(item: Field) -> str:
    return page_src_uri(FIELDS_DIR, item.id)


def initiative_uri(item: Initiative) -> str:
    return page_src_uri(INITIATIVES_DIR, item.id)


def partner_uri(item: Partner) -> str:
    return page_src_uri(PARTNERS_DIR, item.id)


CONTACT_URI = page_src_uri(CONTACT_DIR)
HOME_URI = "index.md"


def _target_uri(target: object) -> str:
    if isinstance(target, Field):
        return field_uri(target)
    if isinstance(target, Initiative):
        return initiative_uri(target)
    if isinstance(target, Partner):
        return partner_uri(target)
    if isinstance(target, Contact):
        return CONTACT_URI
    if isinstance(target, str):
        return page_src_uri(target) if target else HOME_URI
    raise TypeError(f"no page for {target!r}")


def theme_icons_dir() -> Path | None:
    """Material's bundled icons (`material/bus` → `<dir>/material/bus.svg`), if installed."""
    spec = importlib.util.find_spec("material")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "templates" / ".icons"


def tel_href(phone: str) -> str:
    """`+49 201 8888109` → `tel:+492018888109` (RFC 3966 global number; Germany assumed for 0…)."""
    # "+49 (0)201 …": the bracketed trunk zero is not dialled from abroad.
    digits = re.sub(r"[^0-9+]", "", phone.replace("(0)", ""))
    if digits.startswith("+"):
        return f"tel:{digits}"
    if digits.startswith("00"):
        return f"tel:+{digits[2:]}"
    if digits.startswith("0"):
        return f"tel:+49{digits[1:]}"
    return f"tel:{digits};phone-context=+49"


def german_date(value: object) -> str:
    if isinstance(value, dt.date):
        return f"{value.day}. {GERMAN_MONTHS[value.month - 1]} {value.year}"
    day = getattr(value, "day", None)
    month = getattr(value, "month", None)
    year = getattr(value, "year", None)
    if month and year:
        month_name = GERMAN_MONTHS[month - 1]
        return f"{day}. {month_name} {year}" if day else f"{month_name} {year}"
    return str(value)


def json_ld(data: object) -> Markup:
    """JSON for a `<script type="application/ld+json">`: data can never close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@dataclass(frozen=True)
class ChartBar:
    status: str
    label: str
    count: int
    width: float  # share of the longest bar, 0..1


def status_chart(initiatives: tuple[Initiative, ...] | list[Initiative]) -> list[ChartBar]:
    """Initiatives per status, for the bar chart on field pages (every status, zeros too)."""
    counts = {status: 0 for status in STATUS_LABELS}
    for initiative in initiatives:
        counts[initiative.status] += 1
    longest = max(counts.values(), default=0) or 1
    return [
        ChartBar(status, label, counts[status], counts[status] / longest)
        for status, label in STATUS_LABELS.items()
    ]


def _without_empty(data: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in data.items() if value not in (None, "", [], ())}


ESSEN_PLACE: dict[str, str] = {"@type": "City", "name": "Essen"}


def project_json_ld(initiative: Initiative, url: str | None) -> dict[str, object]:
    location = initiative.location
    return _without_empty(
        {
            "@context": "https://schema.org",
            "@type": "Project",
            "@id": url,
            "url": url,
            "name": initiative.title,
            "description": initiative.summary,
            "keywords": ", ".join(initiative.tags),
            "member": [
                {"@type": "Organization", "name": partner.name, "url": partner.website}
                if partner.website
                else {"@type": "Organization", "name": partner.name}
                for partner in initiative.organizations
            ],
            "areaServed": [
                # containedInPlace ranges over Place: the city as a node, not as text.
                {"@type": "Place", "name": district, "containedInPlace": ESSEN_PLACE}
                for district in initiative.districts
            ],
            "location": {
                "@type": "Place",
                "geo": {
                    "@type": "GeoCoordinates",
                    "latitude": location.lat,
                    "longitude": location.lon,
                },
            }
            if location
            else None,
            "foundingDate": str(initiative.start) if initiative.start else None,
            "dissolutionDate": str(initiative.end) if initiative.end else None,
        }
    )


def organization_json_ld(site: Site, name: str, url: str | None) -> dict[str, object]:
    return _without_empty(
        {
            "@context": "https://schema.org",
            "@type": "GovernmentOrganization",
            "name": name,
            "url": url,
            "areaServed": ESSEN_PLACE,
            "employee": [
                {
                    "@type": "Person",
                    "name": contact.name,
                    "jobTitle": contact.role,
                    "worksFor": {"@type": "Organization", "name": contact.organization.name},
                }
                for contact in site.leadership
            ],
            "contactPoint": [
                _without_empty(
                    {
                        "@type": "ContactPoint",
                        "name": contact.name,
                        "contactType": contact.role,
                        "telephone": contact.phone,
                        "email": contact.email,
                        "availableLanguage": "de",
                    }
                )
                for contact in site.contacts
                if contact.phone or contact.email
            ],
        }
    )


class Renderer:
    """Renders page bodies from the Jinja templates with autoescaping."""

    def __init__(
        self,
        templates_dir: Path,
        icons_dir: Path | None = None,
        urls: UrlScheme | None = None,
        site_url: str | None = None,
        site_name: str = "CONNECTED.ESSEN",
        reusable: dict[object, GeneratedPage] | None = None,
    ) -> None:
        self.urls = urls or UrlScheme()
        self.site_url = site_url.rstrip("/") + "/" if site_url else None
        self.site_name = site_name
        # Pages of an earlier build with the same templates and settings (`mkdocs serve`), and
        # the ones this renderer produced: a page whose whole context is equal is not rendered
        # again.
        self.reusable = reusable or {}
        self.rendered: dict[object, GeneratedPage] = {}
        self.icons_dir = icons_dir
        self.rich_text = RichText()
        self.environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates_dir)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.environment.filters.update(
            markdown=self.rich_text,
            tel_href=tel_href,
            german_date=german_date,
            json_ld=json_ld,
        )
        self.environment.globals.update(
            status_labels=STATUS_LABELS,
            partner_type_labels=PARTNER_TYPE_LABELS,
            icon=self.icon,
            absolute_url=self.absolute_url,
            site_name=site_name,
            status_chart=status_chart,
            structured_data=self.structured_data,
        )
        self._icon_cache: dict[str, Markup] = {}

    def icon(self, name: str | None) -> Markup:
        """Inline SVG of a theme icon such as `material/bus`; empty if unknown."""
        if not name or self.icons_dir is None:
            return Markup("")
        if name not in self._icon_cache:
            path = self.icons_dir / f"{name}.svg"
            svg = path.read_text(encoding="utf-8") if path.is_file() else ""
            self._icon_cache[name] = Markup(svg.replace("<svg ", '<svg aria-hidden="true" ', 1))
        return self._icon_cache[name]

    def absolute_url(self, target: object) -> str | None:
        """Absolute URL of a page for structured data; None when site_url is not configured."""
        if self.site_url is None:
            return None
        return self.site_url + self.urls.url(_target_uri(target))

    def structured_data(self, subject: Initiative | Site) -> dict[str, object]:
        """schema.org JSON-LD: a Project per initiative, the organisation with its contact points."""
        if isinstance(subject, Initiative):
            return project_json_ld(subject, self.absolute_url(subject))
        return organization_json_ld(subject, self.site_name, self.absolute_url(CONTACT_DIR))

    def link_function(self, from_src_uri: str) -> Callable[[object], str]:
        def url(target: object) -> str:
            return self.urls.relative(from_src_uri, _target_uri(target))

        return url

    def render(self, template: str, src_uri: str, **context: object) -> str:
        return self.environment.get_template(template).render(
            url=self.link_function(src_uri), **context
        )

    def page(
        self,
        template: str,
        src_uri: str,
        title: str,
        description: str | None = None,
        source: str | None = None,
        is_overview: bool | None = None,
        **context: object,
    ) -> GeneratedPage:
        """A page; by default pages made from one data file are records, the others overviews."""
        key: object = (
            template,
            src_uri,
            title,
            description,
            source,
            is_overview,
            *sorted(context.items()),
        )
        try:
            reused = self.reusable.get(key)
        except TypeError:  # a context with the whole Site is not hashable: always rendered
            key, reused = None, None
        if reused is not None:
            self.rendered[key] = reused
            return reused
        body = self.render(template, src_uri, title=title, **context)
        page = GeneratedPage(
            src_uri,
            title,
            description,
            body,
            source,
            is_overview=source is None if is_overview is None else is_overview,
        )
        if key is not None:
            self.rendered[key] = page
        return page


def site_pages(site: Site, renderer: Renderer) -> Iterator[GeneratedPage]:
    """Every generated page of the site, in a stable order.

    A record's page gets only that record and its related lists, never the whole site, so
    its content is a function of a hashable context and can be reused (see Renderer.page).
    """
    yield renderer.page(
        "fields.html",
        page_src_uri(FIELDS_DIR),
        "Handlungsfelder",
        "Die Handlungsfelder von CONNECTED.ESSEN und ihre Initiativen.",
        site=site,
    )
    for item in site.fields:
        yield renderer.page(
            "field.html",
            field_uri(item),
            item.name,
            item.summary,
            item.source,
            field=item,
            initiatives=site.initiatives_by_field[item.id],
        )
    yield renderer.page(
        "initiatives.html",
        page_src_uri(INITIATIVES_DIR),
        "Initiativen",
        "Alle Initiativen, Ideen und Maßnahmen von CONNECTED.ESSEN.",
        site=site,
    )
    for item in site.initiatives:
        yield renderer.page(
            "initiative.html",
            initiative_uri(item),
            item.title,
            item.summary,
            item.source,
            initiative=item,
        )
    yield renderer.page(
        "partners.html",
        page_src_uri(PARTNERS_DIR),
        "Partner",
        "Verwaltung, kommunale Unternehmen, Wirtschaft, Start-ups, Forschung und Zivilgesellschaft.",
        site=site,
        partners_by_type=partners_by_type(site),
    )
    for item in site.partners:
        yield renderer.page(
            "partner.html",
            partner_uri(item),
            item.name,
            item.short_name or item.name,
            item.source,
            partner=item,
            initiatives=site.initiatives_by_partner[item.id],
            contacts=site.contacts_by_partner[item.id],
        )
    yield renderer.page(
        "contacts.html",
        CONTACT_URI,
        "Kontakt",
        "Leitung und Ansprechpersonen von CONNECTED.ESSEN.",
        site.contacts[0].source if site.contacts else None,
        is_overview=True,
        site=site,
    )


def partners_by_type(site: Site) -> list[tuple[str, str, tuple[Partner, ...]]]:
    """(type, German label, partners) for each type that has partners, in contract order."""
    groups = []
    for partner_type, label in PARTNER_TYPE_LABELS.items():
        members = tuple(p for p in site.partners if p.type == partner_type)
        if members:
            groups.append((partner_type, label, members))
    return groups


def home_fragments(site: Site, renderer: Renderer) -> dict[str, object]:
    """Figures and ready-made, escaped HTML blocks for the hand-written home page (macros)."""
    return {
        "initiative_count": len(site.initiatives),
        "field_count": len(site.fields),
        "partner_count": len(site.partners),
        "contact_count": len(site.contacts),
        "status_counts": {
            status: sum(1 for i in site.initiatives if i.status == status)
            for status in STATUS_LABELS
        },
        "fields_html": Markup(renderer.render("home-fields.html", HOME_URI, site=site)),
        "featured_html": Markup(renderer.render("home-featured.html", HOME_URI, site=site)),
    }
