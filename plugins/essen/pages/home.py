"""The hand-written home page's figures and HTML blocks, handed to mkdocs-macros."""

from __future__ import annotations

from operator import attrgetter

from markupsafe import Markup

from ..model import Initiative, Site
from ..rules import STATUS_LABELS
from .events import upcoming
from .render import Renderer
from .urls import HOME_URI

# "Running": what a visitor can see at work now.
RUNNING_STATUSES = ("pilot", "implementation")
RECENT_COUNT = 5
# The latest news and the next events on the home page.
HOME_NEWS_COUNT = 3
HOME_EVENTS_COUNT = 3
# Events rendered beyond the three shown: when the visitor's day is later than the build's,
# assets/javascripts/events.js drops the ended ones and shows the next from these instead.
HOME_EVENTS_SPARE = 3


def recently_updated(site: Site, count: int = RECENT_COUNT) -> tuple[Initiative, ...]:
    """The `count` initiatives checked most recently (`updated`), newest first; ties by title."""
    dated = sorted(
        (i for i in site.initiatives if i.updated), key=attrgetter("updated"), reverse=True
    )
    # sorted() is stable: equal dates keep the site's (alphabetical) order.
    return tuple(dated[:count])


def home_fragments(site: Site, renderer: Renderer) -> dict[str, object]:
    """Figures and ready-made, escaped HTML blocks for the hand-written pages (macros)."""
    status_counts = {
        status: sum(1 for i in site.initiatives if i.status == status) for status in STATUS_LABELS
    }
    running = sum(status_counts[status] for status in RUNNING_STATUSES)
    home_html = renderer.render(
        "home.html",
        HOME_URI,
        site=site,
        running=running,
        running_statuses=RUNNING_STATUSES,
        recent=recently_updated(site),
        news=site.news[:HOME_NEWS_COUNT],
        events=upcoming(site.events, renderer.today, HOME_EVENTS_COUNT + HOME_EVENTS_SPARE),
        events_shown=HOME_EVENTS_COUNT,
    )
    return {
        "initiative_count": len(site.initiatives),
        "field_count": len(site.fields),
        "partner_count": len(site.partners),
        "contact_count": len(site.contacts),
        "running_count": running,
        "status_counts": status_counts,
        "home_html": Markup(home_html),
    }
