"""The navigation's markup rendered once per folder instead of once per page.

Material renders the navigation (tabs and the drawer's tree) for every page: at 350 initiatives
that was a third of the time a change to every page took in `mkdocs serve --dirty`. The record
pages are not in the navigation, so no entry is active on them and the markup is the same on
all of them except for the relative links, which depend only on the page's folder. Such pages
share one rendering per folder and build; pages in the navigation are rendered as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context


def _folder(url: str) -> tuple[str, str]:
    """(folder, last part) of a page URL, as MkDocs' relative links see it (a last part with a
    dot is a file name, e.g. `initiativen/x.html` without directory URLs)."""
    head, _, last = url.rpartition("/")
    if "." in last:
        return head, ""
    # `initiativen/x/`: the page's own folder is `initiativen/x`, its parent `initiativen`.
    head, _, last = url.rstrip("/").rpartition("/")
    return head, last


class SharedNavigation:
    """`{% call essen_shared_nav("nav") %}…{% endcall %}`: the block's output, shared.

    One instance per build (the plugin puts a new one into each build's environment), so the
    navigation of one build never reaches the pages of the next.
    """

    def __init__(self) -> None:
        self._markup: dict[tuple[str, str], Any] = {}
        self.rendered = 0

    def _key(self, name: str, page: Any, nav: Any) -> tuple[str, str] | None:
        if page is None or nav is None:
            return None
        pages = list(getattr(nav, "pages", ()))
        # An active entry (the page itself or its section) is marked in the markup.
        if any(getattr(item, "active", False) for item in pages) or page in pages:
            return None
        url = getattr(page, "url", None)
        if not isinstance(url, str) or not url:
            return None
        folder, last = _folder(url)
        # Relative links from pages of one folder are equal unless the target lies in the
        # page's own folder; the navigation never links below a record's page.
        if last:
            own = f"{folder}/{last}/" if folder else f"{last}/"
            if any(str(getattr(item, "url", "")).startswith(own) for item in pages):
                return None
        return name, folder

    @pass_context
    def __call__(self, context: Context, name: str, *, caller: Callable[[], Any]) -> Any:
        key = self._key(name, context.get("page"), context.get("nav"))
        if key is None:
            self.rendered += 1
            return caller()
        if key not in self._markup:
            self.rendered += 1
            self._markup[key] = caller()
        return self._markup[key]
