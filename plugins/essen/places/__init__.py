"""Places in Essen: the gazetteer of Stadtbezirke and Stadtteile, and what is built from it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .gazetteer import Bezirk, gazetteer

if TYPE_CHECKING:  # the model imports the rules, which import the gazetteer
    from ..model import Initiative


def initiative_bezirke(initiative: Initiative) -> tuple[Bezirk, ...]:
    """The Stadtbezirke of an initiative (`Gazetteer.bezirke_of` of its districts and location):
    what the place pages count and the open data lists."""
    location = initiative.location
    point = (location.lat, location.lon) if location is not None else None
    return gazetteer().bezirke_of(initiative.districts, point)
