"""MkDocs event handlers: load data early, add the generated pages, watch the data."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from pathlib import Path
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from .advisories import advisories
from .config import EssenConfig
from .content import (
    FIELDS_DIR,
    GENERATED_SOURCE,
    GeneratedPage,
    Renderer,
    UrlScheme,
    field_uri,
    home_fragments,
    page_src_uri,
    site_pages,
    theme_icons_dir,
)
from .errors import DataError, Problem
from .exports import data_page, export_files
from .loading import load_site
from .model import Site
from .search_index import build_search_index
from .staging import discard, move_into_place, staging_dir

log = get_plugin_logger("essen")


class _GeneratedFile(File):
    """A generated file that a dirty rebuild (`mkdocs serve --dirty`) may skip when unchanged."""

    unchanged = False

    def is_modified(self) -> bool:
        return not (self.unchanged and os.path.isfile(self.abs_dest_path))


class EssenPlugin(BasePlugin[EssenConfig]):
    """Turns the YAML data into pages; see README.md and REDAKTION.md."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.renderer: Renderer | None = None
        # The generated pages by source URI: their metadata and HTML go in after Markdown read
        # the (data-free) source; Markdown would only re-parse the HTML.
        self.generated: dict[str, GeneratedPage] = {}
        self.serving = False
        # Kept across `mkdocs serve` rebuilds (the plugin defines on_startup, so MkDocs keeps it).
        self.page_digests: dict[str, int] = {}
        self.search_indexed = False
        # `mkdocs build` writes into a staging folder, moved onto site_dir after a whole build.
        self.command: str | None = None
        self.mkdocs_config: MkDocsConfig | None = None
        self.site_dir: Path | None = None
        self.staging: Path | None = None
        self.build_complete = False
        self.reusable_pages: dict[object, GeneratedPage] = {}
        self.rendering_inputs: object = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.command = command

    def _project_dir(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).resolve().parent

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Validate before MkDocs cleans site_dir: bad data never touches the published folder.
        root = self._project_dir(config)
        if not config.site_url:
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
        self.site = load_site(root / self.config.data_dir, root, icons_dir=theme_icons_dir())
        templates_dir = root / self.config.templates_dir
        # Pages of the previous preview build can be reused only if nothing else that shapes a
        # page changed: the templates and the settings below.
        rendering_inputs = (
            sorted((path.name, path.stat().st_mtime_ns) for path in templates_dir.glob("*")),
            config.site_url,
            config.site_name,
            config.use_directory_urls,
        )
        if rendering_inputs != self.rendering_inputs:
            self.reusable_pages = {}
            self.rendering_inputs = rendering_inputs
        self.renderer = Renderer(
            templates_dir,
            icons_dir=theme_icons_dir(),
            urls=UrlScheme(directory_urls=config.use_directory_urls),
            site_url=config.site_url,
            site_name=config.site_name,
            reusable=self.reusable_pages if self.serving else None,
        )
        config.extra[self.config.macros_key] = home_fragments(self.site, self.renderer)
        log.info(
            "%d Handlungsfelder, %d Initiativen, %d Partner, %d Kontakte geladen",
            len(self.site.fields),
            len(self.site.initiatives),
            len(self.site.partners),
            len(self.site.contacts),
        )
        # Advisories are info lines: they never fail a build, strict or not.
        for advisory in advisories(self.site, dt.date.today(), self.config.stale_after_days):
            log.info("%s", advisory)
        if self.command in ("build", "gh-deploy"):
            # Resolved: a site folder that is a link is replaced where it really lives.
            self.site_dir = Path(config.site_dir).resolve()
            self.staging = staging_dir(self.site_dir)
            self.mkdocs_config = config
            self.build_complete = False
            config.site_dir = str(self.staging)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None and self.renderer is not None
        exports = export_files(
            self.site,
            site_url=config.site_url or "",
            licence_name=self.config.data_licence_name,
            licence_url=self.config.data_licence_url,
            publisher_name=self.config.publisher_name,
            today=dt.date.today(),
            urls=self.renderer.urls,
        )
        pages = [
            *site_pages(self.site, self.renderer),
            data_page(
                self.site,
                self.renderer,
                files=exports,
                licence_name=self.config.data_licence_name,
                licence_url=self.config.data_licence_url,
                publisher_name=self.config.publisher_name,
                site_url=config.site_url,
            ),
        ]
        digests: dict[str, int] = {}
        self.generated = {}
        for page in pages:
            # Markdown gets a source without data; metadata goes in at on_page_markdown and the
            # body, unchanged, at on_page_content.
            file = _GeneratedFile.generated(
                config,
                page.src_uri,
                content=GENERATED_SOURCE,
                inclusion=InclusionLevel.UNDEFINED
                if page.is_overview
                else InclusionLevel.NOT_IN_NAV,
            )
            digests[page.src_uri] = page.digest
            file.unchanged = self.page_digests.get(page.src_uri) == digests[page.src_uri]
            self.generated[page.src_uri] = page
            if page.source:
                file.edit_uri = self._edit_uri(config, page.source)
            self._add(files, file)
        self.page_digests = digests
        self.reusable_pages = self.renderer.rendered
        for path, content in exports:
            self._add(files, File.generated(config, path, content=content))
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # In the preview only the first build is indexed: indexing takes about as long as the
        # rebuild itself, and editors check pages, not search results.
        if self.serving and self.search_indexed:
            log.info("Suche: Index der ersten Vorschau wird weiterverwendet")
            return
        build_search_index(Path(config.site_dir))
        self.search_indexed = True
        # MkDocs may still fail the build after this event (strict mode counts warnings last);
        # the staging folder moves into place in on_shutdown, once that is settled.
        self.build_complete = True

    def on_build_error(self, *, error: Exception) -> None:
        self.build_complete = False

    def on_shutdown(self) -> None:
        if self.staging is None or self.site_dir is None:
            return
        staging, self.staging = self.staging, None
        if self.mkdocs_config is not None:
            self.mkdocs_config.site_dir = str(self.site_dir)
        if not self.build_complete:
            discard(staging)
            log.error("Die Website wurde nicht gebaut; %s bleibt unverändert.", self.site_dir)
            return
        move_into_place(staging, self.site_dir)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        generated = self.generated.get(page.file.src_uri)
        if generated is not None:
            page.meta.update(generated.meta)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.generated.get(page.file.src_uri)
        return html if generated is None else generated.body

    def _add(self, files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            log.warning(
                "docs/%s wird durch eine erzeugte Datei ersetzt — löschen Sie die Datei",
                file.src_uri,
            )
            files.remove(existing)
        files.append(file)

    def _edit_uri(self, config: MkDocsConfig, source: str) -> str:
        """The data file's path relative to docs_dir, as MkDocs' edit links expect."""
        docs_dir = Path(config.docs_dir).resolve().relative_to(self._project_dir(config))
        return quote(posixpath.relpath(source, docs_dir.as_posix()))

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Show the fields of action under the overview's entry (fields are few, initiatives many)."""
        assert self.site is not None
        overview_uri = page_src_uri(FIELDS_DIR)
        for index, item in enumerate(nav.items):
            if not (isinstance(item, Page) and item.file.src_uri == overview_uri):
                continue
            children: list = [item]
            for field in self.site.fields:
                file = files.get_file_from_path(field_uri(field))
                if file is not None and isinstance(file.page, Page):
                    children.append(file.page)
            section = Section(item.title, children)
            for child in children:
                child.parent = section
            nav.items[index] = section
            nav.pages[nav.pages.index(item) + 1 : nav.pages.index(item) + 1] = children[1:]
        return nav

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder
    ) -> LiveReloadServer:
        root = self._project_dir(config)
        for folder in (self.config.data_dir, self.config.templates_dir):
            path = root / folder
            if path.exists():
                server.watch(str(path))
        rebuild = server.builder

        def rebuild_keeping_last_site(config: MkDocsConfig | None = None) -> None:
            try:
                rebuild(config)
            except Abort as error:
                # A data mistake stops the build in on_config, before MkDocs cleans site_dir: the
                # last good site is intact, so serve it instead of holding every request.
                if not isinstance(error.__context__, DataError):
                    raise
                log.error("Die Vorschau zeigt weiter den letzten fehlerfreien Stand.")

        server.builder = rebuild_keeping_last_site
        return server
