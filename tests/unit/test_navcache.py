"""The navigation shared by pages outside it (plugins/essen/navcache.py): same markup, rendered
once per folder. Jinja with MkDocs' own `url` filter, no build."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from jinja2 import DictLoader, Environment
from mkdocs.utils.templates import url_filter

from plugins.essen.navcache import SharedNavigation

# Links to every entry as Material writes them (relative to the page), its active mark, and a
# marker of the page itself, so that markup that must not be shared would differ.
BODY = "{% for item in nav.pages %}{{ item.url | url }}{{ '*' if item.active }};{% endfor %}"
TEMPLATES = {
    "plain.html": BODY,
    "shared.html": '{% call essen_shared_nav("nav") %}' + BODY + "{% endcall %}",
}

NAV_URLS = ["", "handlungsfelder/", "handlungsfelder/mobilitaet/", "initiativen/", "partner/"]
NAV_FILES = ["index.html", "handlungsfelder/index.html", "initiativen/index.html"]


def _env() -> tuple[Environment, SharedNavigation]:
    env = Environment(loader=DictLoader(TEMPLATES))
    env.filters["url"] = url_filter
    shared = SharedNavigation()
    env.globals["essen_shared_nav"] = shared
    return env, shared


def _nav(urls: list[str]) -> SimpleNamespace:
    return SimpleNamespace(pages=[SimpleNamespace(url=url, active=False) for url in urls])


def _render(env: Environment, name: str, nav: SimpleNamespace, page: object) -> str:
    return env.get_template(name).render(nav=nav, page=page, base_url="..")


@pytest.mark.parametrize(
    ("nav_urls", "page_urls", "renderings"),
    [
        (
            NAV_URLS,
            ["initiativen/a/", "initiativen/b/", "partner/c/", "impressum/", "datenschutz/"],
            3,  # initiativen, partner, the top level
        ),
        (NAV_FILES, ["initiativen/a.html", "initiativen/b.html", "impressum.html"], 2),
    ],
    ids=["directory-urls", "file-urls"],
)
def test_pages_outside_the_navigation_get_the_same_markup_once_per_folder(
    nav_urls: list[str], page_urls: list[str], renderings: int
) -> None:
    env, shared = _env()
    nav = _nav(nav_urls)
    for url in page_urls:
        page = SimpleNamespace(url=url, active=True)
        assert _render(env, "shared.html", nav, page) == _render(env, "plain.html", nav, page)
    assert shared.rendered == renderings


def test_a_page_in_the_navigation_is_rendered_with_its_active_mark() -> None:
    env, shared = _env()
    nav = _nav(NAV_URLS)
    record = SimpleNamespace(url="initiativen/a/", active=True)
    first = _render(env, "shared.html", nav, record)
    for item in nav.pages[1:]:
        item.active = True
        html = _render(env, "shared.html", nav, item)
        assert html == _render(env, "plain.html", nav, item)
        assert "./*;" in html  # its own link, marked active
        item.active = False
    assert shared.rendered == len(nav.pages)  # the record once, each active entry once
    # The record pages' shared markup has no active entry and is still the same afterwards.
    assert "*" not in first
    assert _render(env, "shared.html", nav, record) == first


def test_no_sharing_when_the_navigation_links_into_the_page_folder() -> None:
    env, shared = _env()
    nav = _nav([*NAV_URLS, "initiativen/a/unterseite/"])
    for url in ("initiativen/a/", "initiativen/b/"):
        page = SimpleNamespace(url=url, active=True)
        assert _render(env, "shared.html", nav, page) == _render(env, "plain.html", nav, page)
    # initiativen/a/ is rendered on its own; initiativen/b/ is shared (once).
    assert shared.rendered == 2


def test_pages_without_page_or_navigation_are_rendered_each_time() -> None:
    env, shared = _env()
    nav = _nav(NAV_URLS)
    for _ in range(2):
        assert _render(env, "shared.html", nav, None) == _render(env, "plain.html", nav, None)
    assert shared.rendered == 2
