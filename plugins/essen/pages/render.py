"""The renderer: page bodies from the Jinja templates in `overrides/essen/`, with autoescaping.

Each generated page is a Markdown file whose front matter carries no data and whose body is
HTML rendered with autoescaping on, so every value from data reaches the page as text. Pages
whose whole context is unchanged are reused across preview rebuilds (`Renderer.page`).
"""

from __future__ import annotations

import datetime as dt
import html
import importlib.util
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..images import Catalogue, ShareImage, picture_html, share_image
from ..model import Event, Field, Image, Initiative, Logo, NewsItem, Site
from ..places.maps import count_label
from ..richtext import RichText
from ..rules import PARTNER_TYPE_LABELS, STATUS_LABELS
from .chart import status_chart
from .filters import event_when, german_date, german_month, iso_moment
from .jsonld import (
    event_json_ld,
    json_ld,
    news_article_json_ld,
    organization_json_ld,
    project_json_ld,
)
from .urls import CONTACT_DIR, UrlScheme, target_uri, tel_href

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
    # Material's `hide` (page metadata): a generated page needs no left navigation (its section
    # is one page), and its headings are HTML, which Material's table of contents does not list.
    hide: tuple[str, ...] = ("navigation", "toc")
    # The record's image for link previews (Open Graph), if it has one.
    share_image: ShareImage | None = None
    # False keeps the page out of the site search (overrides/main.html leaves out Pagefind's
    # `data-pagefind-body`): pages that only repeat what other pages say, like /aktuelles/seite/2/.
    searchable: bool = True

    @property
    def meta(self) -> dict[str, str | list[str] | dict[str, bool]]:
        """Title and description for the theme, HTML-escaped: Material prints them as HTML."""
        meta: dict[str, str | list[str] | dict[str, bool]] = {"title": html.escape(self.title)}
        meta["hide"] = list(self.hide)
        if not self.searchable:
            # Material's own name for it (`search: exclude: true` in a page's front matter).
            meta["search"] = {"exclude": True}
        if self.description:
            meta["description"] = html.escape(self.description, quote=True)
        if self.share_image:
            meta["share_image"] = html.escape(self.share_image.url, quote=True)
            meta["share_image_width"] = str(self.share_image.width)
            meta["share_image_height"] = str(self.share_image.height)
            meta["share_image_alt"] = html.escape(self.share_image.alt, quote=True)
        return meta

    @property
    def digest(self) -> int:
        """Equal for equal pages: a preview rebuild skips pages whose digest is unchanged."""
        return hash((self.title, self.description, self.body, self.share_image, self.searchable))


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory across preview rebuilds.

    Compiling the templates took a third of a dirty rebuild at 350 initiatives. Jinja stores
    each entry with a checksum of the template's source, so an edited template is compiled anew.
    """

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._store.clear()


class ReuseCache:
    """Pages of the previous preview build (`mkdocs serve`), kept across rebuilds.

    They can be reused only while nothing else that shapes a page is unchanged: the key
    holds the templates (names and modification times) and the settings that reach a page.
    The compiled templates are kept whatever the key (`MemoryBytecodeCache` checks sources).
    """

    def __init__(self) -> None:
        self.key: object = None
        self.pages: dict[object, GeneratedPage] = {}
        self.bytecode = MemoryBytecodeCache()

    def valid_for(self, key: object) -> dict[object, GeneratedPage]:
        """The pages that a build with this key may reuse (none after a change)."""
        if key != self.key:
            self.pages = {}
            self.key = key
        return self.pages

    def keep(self, rendered: dict[object, GeneratedPage]) -> None:
        """After a build: what it rendered or reused is what the next one may reuse."""
        self.pages = rendered


def reuse_key(
    templates_dir: Path, site_url: str | None, site_name: str, directory_urls: bool
) -> object:
    """Everything besides a page's own context that shapes its HTML."""
    return (
        sorted((path.name, path.stat().st_mtime_ns) for path in templates_dir.glob("*")),
        site_url,
        site_name,
        directory_urls,
    )


def theme_icons_dir() -> Path | None:
    """Material's bundled icons (`material/bus` → `<dir>/material/bus.svg`), if installed."""
    spec = importlib.util.find_spec("material")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "templates" / ".icons"


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
        bytecode_cache: jinja2.BytecodeCache | None = None,
        images: Catalogue | None = None,
        today: dt.date | None = None,
    ) -> None:
        self.urls = urls or UrlScheme()
        # The build's day: which events are still to come (pages/events.py, pages/home.py).
        self.today = today or dt.date.today()
        # The processed images (images/); without one (unit tests of pages) none are shown.
        self.images = images or Catalogue()
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
            bytecode_cache=bytecode_cache,
        )
        self.environment.filters.update(
            markdown=self.rich_text,
            tel_href=tel_href,
            german_date=german_date,
            event_when=event_when,
            german_month=german_month,
            iso_moment=iso_moment,
            count_label=count_label,
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
            picture=self.picture,
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

    @jinja2.pass_context
    def picture(
        self,
        context: jinja2.runtime.Context,
        image: Image | Logo | None,
        use: str,
        loading: str = "lazy",
    ) -> Markup:
        """`{{ picture(initiative.image, "card") }}`: the image as `<picture>`, "" for None.

        "page" and "hero" come in a `<figure>` with the credit; "card" and "logo" without
        (the record's page shows the credit). `loading`: "lazy" below the fold, "eager" in the
        first screen, "high" for the one image the page is about.
        """
        if image is None:
            return Markup("")
        src_uri = context.get("page_src_uri", "")
        prefix = "../" * src_uri.count("/")
        rendition = self.images.rendition(image)
        # Every value in the markup is escaped by picture_html.
        return Markup(picture_html(image, use, rendition, prefix, loading))

    def share_image(self, subject: object) -> ShareImage | None:
        """The Open Graph image of a record page (None: the site's default)."""
        image = getattr(subject, "image", None)
        if self.site_url is None or not isinstance(subject, Initiative | Field | NewsItem):
            return None
        return share_image(image, self.images, self.site_url)

    def absolute_url(self, target: object) -> str | None:
        """Absolute URL of a page for structured data; None when site_url is not configured."""
        if self.site_url is None:
            return None
        return self.site_url + self.urls.url(target_uri(target))

    def structured_data(self, subject: Initiative | NewsItem | Event | Site) -> dict[str, object]:
        """schema.org JSON-LD: a Project per initiative, a NewsArticle per news item, an Event
        per event, the organisation with its contact points."""
        if isinstance(subject, NewsItem):
            article = news_article_json_ld(
                subject,
                self.absolute_url(subject),
                self.site_name,
                [self.absolute_url(initiative) for initiative in subject.initiatives],
            )
            shared = self.share_image(subject)
            if shared and subject.image is not None:
                article["image"] = {
                    "@type": "ImageObject",
                    "contentUrl": shared.url,
                    "creditText": subject.image.credit,
                }
            return article
        if isinstance(subject, Event):
            return event_json_ld(subject, self.absolute_url(subject), self.site_name)
        if isinstance(subject, Initiative):
            project = project_json_ld(subject, self.absolute_url(subject))
            shared = self.share_image(subject)
            if shared and subject.image is not None:
                # The link-preview JPEG, with the credit the licence asks for.
                project["image"] = {
                    "@type": "ImageObject",
                    "contentUrl": shared.url,
                    "creditText": subject.image.credit,
                    **({"description": subject.image.alt} if subject.image.alt else {}),
                }
            return project
        return organization_json_ld(subject, self.site_name, self.absolute_url(CONTACT_DIR))

    def link_function(self, from_src_uri: str) -> Callable[[object], str]:
        def url(target: object) -> str:
            return self.urls.relative(from_src_uri, target_uri(target))

        return url

    def file_function(self, from_src_uri: str) -> Callable[[str], str]:
        """Links to files of the site (feeds, calendar files) relative to the page's URL."""
        start = posixpath.dirname(self.urls.url(from_src_uri)) or "."

        def file_url(path: str) -> str:
            return posixpath.relpath(path, start)

        return file_url

    def render(self, template: str, src_uri: str, **context: object) -> str:
        return self.environment.get_template(template).render(
            url=self.link_function(src_uri),
            file_url=self.file_function(src_uri),
            page_src_uri=src_uri,
            **context,
        )

    def page(
        self,
        template: str,
        src_uri: str,
        title: str,
        description: str | None = None,
        source: str | None = None,
        is_overview: bool | None = None,
        hide: tuple[str, ...] = ("navigation", "toc"),
        searchable: bool = True,
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
            hide,
            searchable,
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
            hide=hide,
            searchable=searchable,
            share_image=self.share_image(
                context.get("initiative") or context.get("field") or context.get("news_item")
            ),
        )
        if key is not None:
            self.rendered[key] = page
        return page
