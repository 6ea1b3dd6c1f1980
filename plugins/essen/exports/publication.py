"""The settings every published file shares, made once per build and passed as one object."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..pages.urls import UrlScheme


@dataclass(frozen=True)
class Publication:
    """Where and under which terms the site publishes its data.

    The values come from the plugin's options (config.py holds every default); nothing
    here has a default of its own except the URL style, which only tests leave out.
    """

    base_url: str
    licence_name: str
    licence_url: str
    publisher_name: str
    contributor_id: str
    today: dt.date
    urls: UrlScheme = field(default_factory=UrlScheme)
    # Image file in data/images/ → site path of the file the open data link to (images/store.py).
    image_paths: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if not self.base_url:
            raise ValueError(
                "site_url fehlt in mkdocs.yml — die offenen Daten brauchen absolute Adressen"
            )
        if not self.base_url.endswith("/"):
            # Every URL below is the base plus a relative path, so the slash is settled once.
            object.__setattr__(self, "base_url", self.base_url + "/")

    def url(self, path: str) -> str:
        """Absolute URL of a file of the site, given its site-relative path."""
        return self.base_url + path

    def image_url(self, file: str) -> str | None:
        """Absolute URL of the published image of a data file's image (None if not processed)."""
        path = dict(self.image_paths).get(file)
        return self.url(path) if path else None

    def page_url(self, src_uri: str) -> str:
        """Absolute URL of a page, given its source path, in the site's URL style."""
        return self.base_url + self.urls.url(src_uri)
