"""The one error the domain raises for an illegal move."""

from __future__ import annotations


class Refusal(Exception):
    """A move that is not possible now. The message says why and, where known, what is.

    Nothing is journaled when a command is refused.
    """

    def __init__(self, reason: str, possible: tuple[str, ...] = ()) -> None:
        self.reason = reason
        self.possible = possible
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if not self.possible:
            return self.reason
        return f"{self.reason} Possible now: {', '.join(self.possible)}."
