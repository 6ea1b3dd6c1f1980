"""MkDocs event handlers: load data early, add the generated pages, watch the data."""

from __future__ import annotations

import datetime as dt
import logging
import os
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment
from mkdocs.config.base import ConfigErrors, ConfigWarnings, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import cms, configmessages
from .build import Build, ExportReuse, Settings
from .config import EssenConfig
from .errors import DataError
from .images import ImageStore
from .loading import ReadCache
from .navcache import SharedNavigation
from .pages.fields import FIELD_STYLESHEET, field_stylesheet
from .pages.render import GENERATED_SOURCE, GeneratedPage, ReuseCache
from .pages.urls import FIELDS_DIR, field_uri, page_src_uri
from .preview import remove_outputs, site_fingerprint, stale_outputs
from .search_index import build_search_index
from .staging import discard, move_into_place, staging_dir

log = get_plugin_logger("essen")

# Overrides the `advisories` option, e.g. `ESSEN_ADVISORIES=list mkdocs serve` for one session.
ADVISORIES_ENV = "ESSEN_ADVISORIES"
ADVISORIES_MODES = EssenConfig.advisories.choices


def _config_text(config_file_path: str | None) -> str:
    """mkdocs.yml's text for locating an option (empty when it cannot be read again)."""
    if not config_file_path:
        return ""
    try:
        return Path(config_file_path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""


class _GeneratedFile(File):
    """A generated file that a dirty rebuild (`mkdocs serve --dirty`) may skip when unchanged."""

    unchanged = False

    def is_modified(self) -> bool:
        return not (self.unchanged and os.path.isfile(self.abs_dest_path))


def _always_modified() -> bool:
    return True


class _RecordPage(Page):
    """The page of one record, made in on_files as MkDocs would make it later (it is not in the
    navigation). Its Markdown source holds no text, and its HTML comes at on_page_content, so
    Markdown does not convert it: a new Markdown instance per page was a tenth of a rebuild."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""
        self.toc = get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = set()
        self.links_to_anchors = {}


def _navigation_outline(items: list) -> list[object]:
    """Titles and URLs of the navigation: every page shows it, so a change rebuilds every page."""
    outline: list[object] = []
    for item in items:
        children = getattr(item, "children", None)
        outline.append(
            (item.title, getattr(item, "url", None), _navigation_outline(children or []))
        )
    return outline


def _hide_dirty_build_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("A 'dirty' build is being performed")


class EssenPlugin(BasePlugin[EssenConfig]):
    """Turns the YAML data into pages; see README.md and REDAKTION.md."""

    def __init__(self) -> None:
        self.build: Build | None = None
        # The generated pages by source URI: their metadata and HTML go in after Markdown read
        # the (data-free) source; Markdown would only re-parse the HTML.
        self.generated: dict[str, GeneratedPage] = {}
        self.serving = False
        self.dirty = False
        # The preview's dirty rebuilds: what shaped every page last time, and what was written.
        self.site_fingerprint: str | None = None
        self.outputs: set[str] = set()
        self.stale: list[Path] = []
        self.writing = False
        # Kept across `mkdocs serve` rebuilds (the plugin defines on_startup, so MkDocs keeps it).
        self.page_digests: dict[str, int] = {}
        self.search_indexed = False
        # `mkdocs build` writes into a staging folder, moved onto site_dir after a whole build.
        self.command: str | None = None
        self.mkdocs_config: MkDocsConfig | None = None
        self.site_dir: Path | None = None
        self.staging: Path | None = None
        self.build_complete = False
        self.reuse = ReuseCache()
        # The preview's data files as read and its exports: a rebuild reads only the changed
        # files and writes the exports again only when data or settings changed.
        self.data_cache = ReadCache()
        # The preview's images: unchanged files are not read or hashed again on a rebuild.
        self.image_store: ImageStore | None = None
        self.export_reuse = ExportReuse()
        self._docs_dir: tuple[tuple[str, str | None], str] | None = None
        self._cms_config: tuple[cms.CmsOptions, str] | None = None

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[ConfigErrors, ConfigWarnings]:
        # MkDocs prints each finding as »Config value 'plugins': Plugin 'essen' option 'x': …«;
        # the text after that becomes the German message with the line in mkdocs.yml.
        errors, warnings = super().load_config(options, config_file_path)
        if not errors and not warnings:
            return errors, warnings
        text = _config_text(config_file_path)
        names = [name for name, _ in EssenConfig._schema]

        def german(option: str, message: object) -> str:
            return configmessages.plugin_option_message(text, option, str(message), names)

        return (
            [(option, ValidationError(german(option, error))) for option, error in errors],
            [(option, german(option, warning)) for option, warning in warnings],
        )

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty
        self.command = command
        if self.serving and dirty:
            # MkDocs warns that a dirty build may leave navigation and links stale; in this
            # preview it does not (see preview.py and on_files), and editors should not learn to
            # ignore a WARNING line.
            logging.getLogger("mkdocs.commands.build").addFilter(_hide_dirty_build_warning)

    def _project_dir(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).resolve().parent

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Validate before MkDocs cleans site_dir: bad data never touches the published folder.
        settings = Settings(
            root=self._project_dir(config),
            data_dir=self.config.data_dir,
            templates_dir=self.config.templates_dir,
            site_url=config.site_url,
            site_name=config.site_name,
            directory_urls=config.use_directory_urls,
            stale_after_days=self.config.stale_after_days,
            licence_name=self.config.data_licence_name,
            licence_url=self.config.data_licence_url,
            publisher_name=self.config.publisher_name,
            contributor_id=self.config.dcat_contributor_id,
        )
        if self.serving and self.image_store is None:
            self.image_store = ImageStore.for_project(settings.root)
        build = Build.create(
            settings,
            dt.date.today(),
            self.reuse if self.serving else None,
            self.data_cache if self.serving else None,
            image_store=self.image_store if self.serving else None,
        )
        self.build = build
        config.extra[self.config.macros_key] = build.home_fragments()
        site = build.site
        log.info(
            "%d Handlungsfelder, %d Initiativen, %d Partner, %d Kontakte%s geladen",
            len(site.fields),
            len(site.initiatives),
            len(site.partners),
            len(site.contacts),
            f", {len(site.news)} Meldungen, {len(site.events)} Termine"
            if site.news or site.events
            else "",
        )
        images = build.renderer.images
        if images.renditions:
            # The cache's effect, visible in every build log (and measured by the tests).
            log.info(
                "%d Bilder, davon %d neu verarbeitet, %d aus dem Zwischenspeicher",
                len(images.renditions),
                images.encoded,
                len(images.renditions) - images.encoded,
            )
        self._log_advisories(build)
        if self.command in ("build", "gh-deploy"):
            # Resolved: a site folder that is a link is replaced where it really lives.
            self.site_dir = Path(config.site_dir).resolve()
            self.staging = staging_dir(self.site_dir)
            self.mkdocs_config = config
            self.build_complete = False
            config.site_dir = str(self.staging)
        return config

    def _log_advisories(self, build: Build) -> None:
        # Info lines, never warnings: advisories never fail a build, strict or not.
        found = build.advisories()
        mode = os.environ.get(ADVISORIES_ENV, "").strip() or self.config.advisories
        if mode not in ADVISORIES_MODES:
            log.warning(
                "%s=%s ist unbekannt — setzen Sie %s=list (alle Hinweise) oder =summary "
                "(eine Zeile)",
                ADVISORIES_ENV,
                mode,
                ADVISORIES_ENV,
            )
            mode = "summary"
        if mode == "list":
            for advisory in found:
                log.info("%s", advisory)
            return
        summary = build.advisory_summary(found)
        if summary is not None:
            log.info("%s", summary)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.build is not None
        exports = self.build.exports(self.export_reuse if self.serving else None)
        pages = self.build.all_pages(exports)
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
            if not page.is_overview:
                _RecordPage(None, file, config)
            self._add(files, file)
        self.page_digests = digests
        self.reuse.keep(self.build.renderer.rendered)
        if self.serving and self.dirty:
            # Hand-written pages may print data through macros; they are few, so they are
            # always rebuilt instead of tracking which figures each one reads.
            generated = set(self.generated)
            for file in files.documentation_pages():
                if file.src_uri not in generated:
                    file.is_modified = _always_modified  # type: ignore[method-assign]
        for path, content in exports:
            self._add(files, File.generated(config, path, content=content))
        # The processed images, copied from the cache (images/store.py) under their hashed names.
        for uri, cached in self.build.renderer.images.files.items():
            self._add(files, File.generated(config, uri, abs_src_path=str(cached)))
        stylesheet = field_stylesheet(self.build.site)
        self._add(files, File.generated(config, FIELD_STYLESHEET, content=stylesheet))
        self._add_form_editor(files, config)
        return files

    def _add_form_editor(self, files: Files, config: MkDocsConfig) -> None:
        """/admin/: the vendored Decap page and bundle, and its configuration from the contract."""
        options = cms.CmsOptions(
            gitlab_url=self.config.cms_gitlab_url,
            repo=self.config.cms_repo,
            branch=self.config.cms_branch,
            app_id=self.config.cms_app_id,
            local_backend_url=self.config.cms_local_backend_url,
        )
        for path in cms.admin_files():
            uri = f"{cms.ADMIN_DIR}/{path.relative_to(cms.ADMIN_ASSETS).as_posix()}"
            self._add(files, File.generated(config, uri, abs_src_path=str(path)))
        config_uri = f"{cms.ADMIN_DIR}/config.yml"
        # Derived from the contract and these options alone; 0.04 s each build.
        if self._cms_config is None or self._cms_config[0] != options:
            self._cms_config = (options, cms.config_text(options))
        self._add(files, File.generated(config, config_uri, content=self._cms_config[1]))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # A dirty rebuild never deletes: pages of removed records would keep answering.
        remove_outputs(Path(config.site_dir), self.stale)
        self.stale = []
        self.writing = False
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
        # A rebuild that failed while writing may have written some pages and not others: the
        # next one writes all. A data mistake stops it before (on_config): nothing to redo.
        if self.writing:
            self.site_fingerprint = None
            self.writing = False

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

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # MkDocs makes the theme's environment anew for every build; in the preview its
        # compiled templates are kept, as the generated pages' are (pages/render.py).
        if self.serving:
            env.bytecode_cache = self.reuse.bytecode
        # A new one per build: the navigation shared by the record pages is this build's.
        env.globals["essen_shared_nav"] = SharedNavigation()
        return env

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
        # Resolved once per build, not per page (two resolves per page were 0.05 s at 350).
        key = (config.docs_dir, config.config_file_path)
        if self._docs_dir is None or self._docs_dir[0] != key:
            docs_dir = Path(config.docs_dir).resolve().relative_to(self._project_dir(config))
            self._docs_dir = (key, docs_dir.as_posix())
        return quote(posixpath.relpath(source, self._docs_dir[1]))

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Show the fields of action under the overview's entry (fields are few, initiatives many)."""
        assert self.build is not None
        overview_uri = page_src_uri(FIELDS_DIR)
        for index, item in enumerate(nav.items):
            if not (isinstance(item, Page) and item.file.src_uri == overview_uri):
                continue
            children: list = [item]
            for field in self.build.site.fields:
                file = files.get_file_from_path(field_uri(field))
                if file is not None and isinstance(file.page, Page):
                    children.append(file.page)
            section = Section(item.title, children)
            for child in children:
                child.parent = section
            nav.items[index] = section
            nav.pages[nav.pages.index(item) + 1 : nav.pages.index(item) + 1] = children[1:]
        if self.serving:
            self._keep_preview_fresh(nav, config, files)
        return nav

    def _keep_preview_fresh(self, nav: Navigation, config: MkDocsConfig, files: Files) -> None:
        """Mark what a dirty rebuild must write; note the outputs that must go."""
        for page in nav.pages:
            generated = self.generated.get(page.file.src_uri)
            if generated is not None:
                # A dirty rebuild reads only modified pages; the others still need their
                # titles in every page's navigation and previous/next links.
                page.title = generated.meta["title"]
        root = self._project_dir(config)
        theme_dir = config.theme.custom_dir
        fingerprint = site_fingerprint(
            Path(config.config_file_path) if config.config_file_path else None,
            Path(theme_dir) if theme_dir else None,
            root / self.config.templates_dir,
            _navigation_outline(nav.items),
        )
        if fingerprint != self.site_fingerprint:
            for file in files.documentation_pages():
                if isinstance(file, _GeneratedFile):
                    file.unchanged = False
        self.site_fingerprint = fingerprint
        self.writing = True
        outputs = {file.dest_uri for file in files}
        self.stale = stale_outputs(Path(config.site_dir), self.outputs, outputs)
        self.outputs = outputs

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder
    ) -> LiveReloadServer:
        root = self._project_dir(config)
        # MkDocs watches docs/ and mkdocs.yml; the theme overrides only with --watch-theme.
        theme_dir = config.theme.custom_dir
        for path in (
            root / self.config.data_dir,
            root / self.config.templates_dir,
            *([Path(theme_dir)] if theme_dir else []),
        ):
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
