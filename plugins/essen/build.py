"""One build of the site, without MkDocs: the loaded data, the renderer, the publication settings.

The plugin makes one `Build` in on_config from its options and MkDocs' settings and then only
delegates to it; everything a build produces (pages, exports, home page fragments, advisories)
is a function of this object.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .advisories import Advisory, advisories, summary_line
from .errors import DataError, Problem
from .exports import export_files
from .exports.publication import Publication
from .images import ImageStore
from .loading import ReadCache, load_site
from .model import Site
from .pages import site_pages
from .pages.data import data_page
from .pages.home import home_fragments
from .pages.render import GeneratedPage, Renderer, ReuseCache, reuse_key, theme_icons_dir
from .pages.urls import UrlScheme

# (path under the site, content) of each open-data file, feed and vCard.
ExportFile = tuple[str, bytes]


@dataclass(frozen=True)
class Settings:
    """The plugin's options and the MkDocs settings a build depends on (defaults: config.py)."""

    root: Path  # the folder of mkdocs.yml; data_dir and templates_dir are relative to it
    data_dir: str
    templates_dir: str
    site_url: str | None
    site_name: str
    directory_urls: bool
    stale_after_days: int
    licence_name: str
    licence_url: str
    publisher_name: str
    contributor_id: str


@dataclass(frozen=True)
class Build:
    settings: Settings
    site: Site
    renderer: Renderer
    publication: Publication

    @classmethod
    def create(
        cls,
        settings: Settings,
        today: dt.date,
        reuse: ReuseCache | None = None,
        data_cache: ReadCache | None = None,
        image_store: ImageStore | None = None,
    ) -> Build:
        """Load and validate the data; `reuse` holds the previous preview build's pages,
        `data_cache` its data files as read.

        Raises DataError for a missing site_url or any data mistake, before anything is written.
        """
        site_url = _required_site_url(settings.site_url)
        icons_dir = theme_icons_dir()
        site = load_site(
            settings.root / settings.data_dir, settings.root, icons_dir=icons_dir, cache=data_cache
        )
        # Images are checked (and processed, or taken from the cache) with the data: a missing
        # or unusable image file stops the build here, before anything is written.
        store = image_store or ImageStore.for_project(settings.root)
        images = store.prepare(
            site, settings.root / settings.data_dir, settings.data_dir.strip("/") or "data"
        )
        templates_dir = settings.root / settings.templates_dir
        urls = UrlScheme(directory_urls=settings.directory_urls)
        reusable = None
        if reuse is not None:
            key = reuse_key(templates_dir, site_url, settings.site_name, settings.directory_urls)
            # An image replaced under the same file name gets new output names.
            reusable = reuse.valid_for((key, images.digest))
        renderer = Renderer(
            templates_dir,
            icons_dir=icons_dir,
            urls=urls,
            site_url=site_url,
            site_name=settings.site_name,
            reusable=reusable,
            bytecode_cache=reuse.bytecode if reuse is not None else None,
            images=images,
            today=today,
        )
        publication = Publication(
            base_url=site_url,
            licence_name=settings.licence_name,
            licence_url=settings.licence_url,
            publisher_name=settings.publisher_name,
            contributor_id=settings.contributor_id,
            today=today,
            urls=urls,
            image_paths=tuple(sorted(images.open_data_paths().items())),
        )
        return cls(settings, site, renderer, publication)

    def home_fragments(self) -> dict[str, object]:
        """Figures and HTML blocks for the hand-written home page (mkdocs-macros)."""
        return home_fragments(self.site, self.renderer)

    def advisories(self) -> list[Advisory]:
        """Things editors should look at; they never fail a build."""
        return advisories(self.site, self.publication.today, self.settings.stale_after_days)

    def advisory_summary(self, found: list[Advisory]) -> str | None:
        """The one line a build prints for `found` (None when there is nothing to say)."""
        return summary_line(found, self.settings.stale_after_days)

    def exports(self, reuse: ExportReuse | None = None) -> list[ExportFile]:
        """The open-data files, feed and vCards; `reuse` holds the previous preview build's."""
        if reuse is None:
            return export_files(self.site, self.publication)
        return reuse.files(self.site, self.publication)

    def all_pages(self, exports: list[ExportFile]) -> list[GeneratedPage]:
        """Every generated page: the page families, then the data page describing the exports."""
        return [
            *site_pages(self.site, self.renderer),
            data_page(self.site, self.renderer, self.publication, exports),
        ]


class ExportReuse:
    """The exports of the previous preview build (`mkdocs serve`), kept across rebuilds.

    They are a function of the data and the publication settings alone, so while both are
    equal (compared by value: each rebuild loads new objects) the files are the same; writing
    them took 0.1 s of CPU in every rebuild at 350 initiatives.
    """

    def __init__(self) -> None:
        self._key: tuple[Site, Publication] | None = None
        self._files: list[ExportFile] = []

    def files(self, site: Site, publication: Publication) -> list[ExportFile]:
        key = (site, publication)
        if self._key != key:
            self._files = export_files(site, publication)
            self._key = key
        return self._files


def _required_site_url(site_url: str | None) -> str:
    # Feed, open data and sitemap need absolute addresses; without them the build stops here.
    if not site_url:
        raise DataError(
            [
                Problem(
                    "mkdocs.yml",
                    0,
                    "site_url",
                    "die Adresse der Website fehlt (nötig für Feed, offene Daten und Sitemap)",
                    "tragen Sie site_url ein, z. B. site_url: https://connected.essen.de/",
                )
            ]
        )
    return site_url
