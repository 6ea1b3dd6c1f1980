"""Go-live guard: what in mkdocs.yml must not reach the public site.

The repository's mkdocs.yml ships with marked placeholders for the legal facts only the city can
supply (`extra.legal`, shown highlighted on the legal pages) and an example `site_url`. Published,
they would put an incomplete imprint online and point canonical links and the sitemap at a host
that does not exist. `deploy/publish publish` refuses while any of them is left, unless told
`--allow-placeholders` (test systems).

The file is composed, not constructed: nodes keep their lines, and tags MkDocs projects use
(`!!python/name:` for Material's emoji, `!relative`) need no constructor here. Only `!ENV` is
resolved, as MkDocs resolves it, so a value set through the environment counts as set.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import yaml
import yaml_env_tag

from plugins.essen.errors import Problem

PLACEHOLDER_PREFIX = "[Platzhalter"
EXAMPLE_SITE_URL = "https://connected.essen.example/"
# Names reserved by RFC 2606 and RFC 6761 (with their subdomains): no public site lives there.
RESERVED_HOST_SUFFIXES = (".example", ".invalid", ".test", ".localhost")
RESERVED_HOSTS = ("localhost", "example.com", "example.net", "example.org")
CONFIG_NAME = "mkdocs.yml"

_REPLACE_PLACEHOLDER = "tragen Sie die Angabe der Stadt als einfachen Text ein"
_REPLACE_SITE_URL = (
    "tragen Sie die Adresse ein, unter der die Website öffentlich erreichbar sein wird"
)


def _scalars(node: yaml.Node, path: str, loader: yaml.SafeLoader) -> Iterator[tuple[str, int, str]]:
    """(key path, line, text) of every string value; lists count from 1, as in data messages."""
    line = node.start_mark.line + 1
    if node.tag == "!ENV":
        value = yaml_env_tag.construct_env_tag(loader, node)
        if isinstance(value, str):
            yield path, line, value
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from _scalars(value, f"{path}.{key.value}" if path else key.value, loader)
    elif isinstance(node, yaml.SequenceNode):
        for number, item in enumerate(node.value, start=1):
            yield from _scalars(item, f"{path}[{number}]", loader)
    elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
        yield path, line, node.value


def _is_example_url(url: str) -> bool:
    host = (urlsplit(url.strip()).hostname or "").rstrip(".")
    return (
        url.strip() == EXAMPLE_SITE_URL
        or any(host == name or host.endswith(f".{name}") for name in RESERVED_HOSTS)
        or host.endswith(RESERVED_HOST_SUFFIXES)
    )


def go_live_problems(config: Path) -> list[Problem]:
    """Every placeholder and example value left in `config`; empty when the site may go live.

    A file that cannot be read or parsed yields no problems here: the build reports it in the
    words of MkDocs and essen-check, and publish stops there.
    """
    try:
        root = yaml.compose(config.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    loader = yaml.SafeLoader("")
    problems = []
    site_url_seen = False
    for path, line, value in _scalars(root, "", loader):
        if path == "site_url":
            site_url_seen = bool(value.strip())
        if value.lstrip().startswith(PLACEHOLDER_PREFIX):
            problems.append(
                Problem(CONFIG_NAME, line, path, f"noch ein Platzhalter: »{value}«",
                        _REPLACE_PLACEHOLDER)
            )  # fmt: skip
        elif path == "site_url" and _is_example_url(value):
            problems.append(
                Problem(CONFIG_NAME, line, path, f"»{value}« ist eine Beispieladresse",
                        _REPLACE_SITE_URL)
            )  # fmt: skip
    if not site_url_seen:
        problems.append(
            Problem(CONFIG_NAME, 0, "site_url", "die Adresse der Website fehlt",
                    _REPLACE_SITE_URL + " (ohne sie fehlen Sitemap und kanonische Links)")
        )  # fmt: skip
    return sorted(problems, key=lambda problem: (problem.line, problem.key))
