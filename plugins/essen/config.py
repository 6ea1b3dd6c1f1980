"""Options of the `essen` plugin in mkdocs.yml, and the one place their defaults live.

Other modules receive these values (the build, `essen-check` through the plugin's
on_config); none of them repeats a default.
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class EssenConfig(base.Config):
    # Folder with fields.yml, contacts.yml, initiatives/ and partners/, relative to mkdocs.yml.
    data_dir = c.Type(str, default="data")
    # Folder with the templates of the generated pages' bodies, relative to mkdocs.yml.
    templates_dir = c.Type(str, default="overrides/essen")
    # Initiatives whose `updated` is older than this many days are reported (never an error).
    stale_after_days = c.Type(int, default=365)
    # How a build shows those advisories: "summary", one line with counts per kind (a list on
    # every build would bury real errors), or "list", every one. ESSEN_ADVISORIES overrides it.
    advisories = c.Choice(("summary", "list"), default="summary")
    # Licence of the open data under /daten/ (name and URL of the licence text).
    data_licence_name = c.Type(str, default="Datenlizenz Deutschland – Zero – Version 2.0")
    data_licence_url = c.Type(str, default="https://www.govdata.de/dl-de/zero-2-0")
    # Publisher named in the open-data catalogue (DCAT-AP.de) and the feed.
    publisher_name = c.Type(str, default="Stadt Essen")
    # Contributor of the catalogue in DCAT-AP.de (dcatde:contributorID): the portal that
    # harvests it; Essen's data reaches GovData through Open.NRW.
    dcat_contributor_id = c.Type(str, default="http://dcat-ap.de/def/contributors/openNRW")
    # Key under `extra` that carries figures and HTML blocks to mkdocs-macros.
    macros_key = c.Type(str, default="essen")
    # The form editor at /admin/ (plugins/essen/cms.py): the GitLab instance, project and branch
    # it saves to in production, the OAuth application's id (REDAKTION.md, "Formular-Editor"),
    # and where the local backend (decap-server) answers when /admin/ is opened on localhost.
    cms_gitlab_url = c.Type(str, default="https://gitlab.com")
    cms_repo = c.Type(str, default="stadt-essen/connected-essen")
    cms_branch = c.Type(str, default="main")
    cms_app_id = c.Type(str, default="")
    cms_local_backend_url = c.Type(str, default="http://localhost:8081/api/v1")
