"""News (»Aktuelles«): the list, newest first, in pages of NEWS_PER_PAGE, and one page per item.

Paged rather than complete: at 1,000 items one list page would carry 1,000 summaries and
thumbnails (about 1 MB of HTML); a page of 20 stays the size of an initiative page, and the
feed and the open data hold every item.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Site
from .render import GeneratedPage, Renderer
from .urls import NEWS_FEED, news_list_uri, news_uri

NEWS_PER_PAGE = 20
NEWS_TITLE = "Aktuelles"
NEWS_DESCRIPTION = "Neuigkeiten aus den Initiativen von CONNECTED.ESSEN, die neuesten zuerst."


def _folder(number: int) -> str:
    """The list page's folder, as templates link to it (`url("aktuelles/seite/2")`)."""
    return news_list_uri(number)[: -len("/index.md")]


def pages(site: Site, renderer: Renderer) -> Iterator[GeneratedPage]:
    items = site.news
    total = max(1, -(-len(items) // NEWS_PER_PAGE))
    for number in range(1, total + 1):
        chunk = items[(number - 1) * NEWS_PER_PAGE : number * NEWS_PER_PAGE]
        yield renderer.page(
            "news.html",
            news_list_uri(number),
            NEWS_TITLE if number == 1 else f"{NEWS_TITLE} – Seite {number}",
            NEWS_DESCRIPTION,
            # The first page is the section's entry in the navigation; the others are not.
            is_overview=number == 1,
            # A search for a news item finds its own page; the further list pages would only
            # add »Aktuelles – Seite N« results for the same words (their lists are ignored).
            searchable=number == 1,
            items=chunk,
            number=number,
            total=total,
            previous=_folder(number - 1) if number > 1 else None,
            next=_folder(number + 1) if number < total else None,
            feed=NEWS_FEED,
        )
    for item in items:
        yield renderer.page(
            "news_item.html",
            news_uri(item),
            item.title,
            item.summary,
            item.source,
            news_item=item,
        )
