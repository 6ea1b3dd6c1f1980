"""The plugin's one error type and the problems it reports."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from mkdocs.exceptions import PluginError

# A quoted value longer than this is shortened in messages: the editor needs to recognise it, and
# a 50 KB value would bury every other line.
QUOTED_MAX_LENGTH = 60
_QUOTED = re.compile(r"»([^«]*)«")


def printable(text: str) -> str:
    """`text` on one line with every invisible or control character spelled out (U+XXXX).

    Messages echo what editors wrote; a newline, a terminal escape or a noncharacter in there
    must neither break the one-message-per-line format nor reach the terminal as it is.
    """
    return "".join(
        char if char == " " or unicodedata.category(char)[0] not in "CZ" else f"<U+{ord(char):04X}>"
        for char in text
    )


def _shortened(match: re.Match[str]) -> str:
    value = match.group(1)
    if len(value) <= QUOTED_MAX_LENGTH:
        return match.group(0)
    return f"»{value[:QUOTED_MAX_LENGTH]}…« ({len(value)} Zeichen)"


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the data, located as precisely as the data allows."""

    path: str
    line: int
    key: str
    message: str
    hint: str

    def __str__(self) -> str:
        location = f"{self.path}:{self.line}" if self.line else self.path
        message, hint = (
            printable(_QUOTED.sub(_shortened, text)) for text in (self.message, self.hint)
        )
        return f"{printable(location)}: {printable(self.key)}: {message} — {hint}"


class EssenError(PluginError):
    """The plugin's one PluginError subclass: MkDocs prints the message and stops the build."""


class DataError(EssenError):
    """Raised once per run with every problem found in the data."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        count = len(self.problems)
        heading = (
            "1 Fehler in den Daten" if count == 1 else f"{count} Fehler in den Daten"
        ) + " — die Website wurde nicht gebaut:"
        super().__init__("\n".join([heading, *(str(p) for p in self.problems)]))
