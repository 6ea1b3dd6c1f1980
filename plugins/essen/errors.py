"""The plugin's one error type and the problems it reports."""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs.exceptions import PluginError


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
        return f"{location}: {self.key}: {self.message} — {self.hint}"


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
