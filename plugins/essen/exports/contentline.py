"""Content lines of vCard (RFC 6350) and iCalendar (RFC 5545): text escaping and folding.

Both formats share the rules: TEXT values escape backslash, comma, semicolon and line
breaks (RFC 6350 section 3.4, RFC 5545 section 3.3.11), and a line longer than 75 octets
is folded into continuation lines that start with one space (RFC 6350 section 3.2,
RFC 5545 section 3.1). Every writer of either format goes through this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

LINE_OCTETS = 75

# A backslash escape is one unit: a fold between backslash and its character is legal
# but some readers do not unfold it correctly.
_UNITS = re.compile(r"\\.|.", flags=re.DOTALL)


def escape_text(value: str) -> str:
    """A TEXT value: backslash, comma, semicolon and line breaks escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def fold_line(line: str) -> list[str]:
    """Split a content line into lines of at most 75 octets (continuations start with a space).

    Splits only between characters (never inside a UTF-8 sequence) and never
    inside a backslash escape.
    """
    lines: list[str] = []
    current, size = "", 0
    for unit in _UNITS.findall(line):
        octets = len(unit.encode("utf-8"))
        if size + octets > LINE_OCTETS:
            lines.append(current)
            current, size = " ", 1
        current += unit
        size += octets
    lines.append(current)
    return lines


def content_lines(lines: Iterable[str]) -> bytes:
    """Unfolded content lines as the file's bytes: folded, UTF-8, every line ended by CRLF."""
    folded = [part for line in lines for part in fold_line(line)]
    return ("\r\n".join(folded) + "\r\n").encode("utf-8")
