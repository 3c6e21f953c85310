"""The one error the domain raises for an illegal move, and its transient kind."""

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


class TryAgain(Refusal):
    """Not refused by the rules: not recorded for a passing reason (the case kept moving under
    the command, the process is stopping). The same command may succeed later, so a platform
    event is best left for the platform to deliver again."""
