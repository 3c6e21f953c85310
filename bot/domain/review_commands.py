"""What people ask once talking fails, and who besides the parties takes part: hand-off,
observers, review, final positions, recommendation, decision, appeal, reopening."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from bot.domain.commands import Command
from bot.domain.identity import Actor, Side


@dataclass(frozen=True)
class HandOff(Command):
    """The case's mediator hands it to another mediator, saying why."""

    subcommand: ClassVar[str] = "handoff"
    to: Actor
    reason: str


@dataclass(frozen=True)
class AddObserver(Command):
    """Someone reads along with `side` (a party adds to its own side); with `acts`, they may
    act as that side's party."""

    subcommand: ClassVar[str] = "observer"
    person: Actor
    side: Side | None = None
    acts: bool = False


@dataclass(frozen=True)
class RemoveObserver(Command):
    subcommand: ClassVar[str] = "observer"
    person: Actor


@dataclass(frozen=True)
class OpenReview(Command):
    subcommand: ClassVar[str] = "review"


@dataclass(frozen=True)
class SubmitPosition(Command):
    """A side's final position in the review, sealed until both are in or the deadline."""

    subcommand: ClassVar[str] = "position"
    position: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Recommend(Command):
    """The mediator's recommendation: settlement terms with reasons and what they cite."""

    subcommand: ClassVar[str] = "recommend"
    terms: Mapping[str, str] = field(default_factory=dict)
    reasons: str = ""
    cites: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnswerRecommendation(Command):
    subcommand: ClassVar[str] = "recommendation"
    accept: bool
    reason: str = ""


@dataclass(frozen=True)
class Decide(Command):
    """A binding decision: the terms, with reasons and what they cite (on appeal, it
    replaces the decision appealed)."""

    subcommand: ClassVar[str] = "decide"
    terms: Mapping[str, str] = field(default_factory=dict)
    reasons: str = ""
    cites: tuple[str, ...] = ()


@dataclass(frozen=True)
class Appeal(Command):
    """A party appeals the decision, bringing new information."""

    subcommand: ClassVar[str] = "appeal"
    reason: str


@dataclass(frozen=True)
class Uphold(Command):
    """The appeal's mediator confirms the decision appealed."""

    subcommand: ClassVar[str] = "uphold"
    reasons: str


@dataclass(frozen=True)
class Reopen(Command):
    subcommand: ClassVar[str] = "reopen"
    reason: str
