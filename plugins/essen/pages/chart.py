"""The status chart on field pages: initiatives per status as bars."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Initiative
from ..rules import STATUS_LABELS


@dataclass(frozen=True)
class ChartBar:
    status: str
    label: str
    count: int
    width: float  # share of the longest bar, 0..1


def status_chart(initiatives: tuple[Initiative, ...] | list[Initiative]) -> list[ChartBar]:
    """Initiatives per status, for the bar chart on field pages (every status, zeros too)."""
    counts = {status: 0 for status in STATUS_LABELS}
    for initiative in initiatives:
        counts[initiative.status] += 1
    longest = max(counts.values(), default=0) or 1
    return [
        ChartBar(status, label, counts[status], counts[status] / longest)
        for status, label in STATUS_LABELS.items()
    ]
