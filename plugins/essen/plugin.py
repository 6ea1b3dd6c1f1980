"""MkDocs event handlers: load data early, add the generated pages, watch the data."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from .config import EssenConfig
from .content import Renderer, UrlScheme, home_fragments, site_pages
from .loading import load_site
from .model import Site

log = get_plugin_logger(__name__)


def _theme_icons_dir() -> Path | None:
    try:
        import material
    except ImportError:
        return None
    return Path(material.__file__).parent / "templates" / ".icons"


class EssenPlugin(BasePlugin[EssenConfig]):
    """Turns the YAML data into pages; see README.md and REDAKTION.md."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.renderer: Renderer | None = None

    def _project_dir(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).resolve().parent

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Validate before MkDocs cleans site_dir: bad data never touches the published folder.
        root = self._project_dir(config)
        self.site = load_site(root / self.config.data_dir, root)
        self.renderer = Renderer(
            root / self.config.templates_dir,
            icons_dir=_theme_icons_dir(),
            urls=UrlScheme(directory_urls=config.use_directory_urls),
        )
        config.extra[self.config.macros_key] = home_fragments(self.site, self.renderer)
        log.info(
            "%d Handlungsfelder, %d Initiativen, %d Partner, %d Kontakte geladen",
            len(self.site.fields),
            len(self.site.initiatives),
            len(self.site.partners),
            len(self.site.contacts),
        )
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None and self.renderer is not None
        for page in site_pages(self.site, self.renderer):
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                log.warning(
                    "docs/%s wird durch eine erzeugte Seite ersetzt — löschen Sie die Datei",
                    page.src_uri,
                )
                files.remove(existing)
            files.append(File.generated(config, page.src_uri, content=page.content))
        return files

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder
    ) -> LiveReloadServer:
        root = self._project_dir(config)
        for folder in (self.config.data_dir, self.config.templates_dir):
            path = root / folder
            if path.exists():
                server.watch(str(path))
        return server
