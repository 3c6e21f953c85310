"""What is wrong with an agreement: each problem names the field it is about."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong, at a field path such as `deliverables[1].schedule.publish_window.end`."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InvalidAgreement(ValueError):
    """Terms or an agreement file that cannot be accepted. Nothing was built or changed; every
    problem found is listed, each naming its field and what was expected."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
