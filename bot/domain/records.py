"""What a case holds besides its parties: its mediator, proposals, agreement and follow-ups,
evidence and the messages of its rooms. Immutable values; `bot.domain.case` folds them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from bot.domain.clock import parse_time
from bot.domain.identity import Side


@dataclass(frozen=True)
class Mediator:
    user_id: str
    name: str


@dataclass(frozen=True)
class Proposal:
    number: int
    by: Side
    answers: int | None
    terms: Mapping[str, str]
    expires_at: datetime
    status: str = "open"  # open | accepted | rejected | withdrawn | countered | expired
    #                       | superseded (another proposal was accepted)

    def is_open_at(self, now: datetime) -> bool:
        return self.status == "open" and now < self.expires_at

    def status_at(self, now: datetime) -> str:
        if self.status == "open" and now >= self.expires_at:
            return "expired"
        return self.status


@dataclass(frozen=True)
class FollowUp:
    """Something the agreement says must happen by a date, e.g. "payment of the fee"."""

    number: int
    what: str
    due_at: datetime
    confirmed: frozenset[Side] = frozenset()
    overdue: bool = False

    @property
    def done(self) -> bool:
        return len(self.confirmed) == len(Side)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FollowUp:
        """A follow-up as an agreement's or a decision's entry states it."""
        return cls(data["number"], data["what"], parse_time(data["due_at"]))


@dataclass(frozen=True)
class Agreement:
    proposal: int | None  # None: settled by blind bidding or a recommendation, or decided
    text: str
    text_hash: str
    signed: Mapping[Side, str] = field(default_factory=dict)
    followups: tuple[FollowUp, ...] = ()
    decision: int | None = None  # the terms of decision N: binding without signatures

    @property
    def fully_signed(self) -> bool:
        return len(self.signed) == len(Side)

    @property
    def in_force(self) -> bool:
        """Signed by both, or decided: its follow-ups are owed."""
        return self.fully_signed or self.decision is not None

    def followup(self, number: int) -> FollowUp | None:
        return next((f for f in self.followups if f.number == number), None)


@dataclass(frozen=True)
class Evidence:
    seq: int
    sha256: str
    size: int
    media_type: str
    filename: str
    description: str
    uploader: str
    at: str
    late: bool


class ThreadMessage(NamedTuple):
    """A message written in one of the case's rooms, as the fold keeps it. A tuple of plain
    values: a case may hold many thousands, and the garbage collector stops walking such
    tuples after it has seen them once."""

    ref: str
    author_id: str
    room: str
    versions: int = 1
    deleted: bool = False


@dataclass(frozen=True)
class Bidding:
    """Double-blind bidding on the amount: the claimant's sealed demands and the respondent's
    sealed offers, round by round, compared by the bot alone (`bot.domain.bidding`)."""

    proposed_by: Side
    currency: str
    tolerance: str  # how close is close enough: "10%" of the demand, or an amount ("50.00")
    split: int  # where in the gap it settles, in percent from the offer (50: the midpoint)
    rounds: int
    status: str = "proposed"  # proposed | open | declined | settled | failed
    round: int = 0
    due_at: datetime | None = None  # the open round's deadline
    # round -> side -> amount, as decimal text; the sides' own secrets, never shown to others
    bids: Mapping[int, Mapping[Side, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Observer:
    """Someone reading along with one side (a colleague, an account manager, a talent
    manager); with `acts`, a delegate who may also act as that side's party."""

    user_id: str
    name: str
    side: Side
    acts: bool = False


@dataclass(frozen=True)
class Review:
    """The review a mediator opens when talking stalls: each side's final position, sealed
    until both are in or `due_at` passes (`bot.domain.review`)."""

    opened_by: str  # "mediator", or the side that asked for it
    due_at: datetime | None  # the positions' deadline; None once they are revealed
    positions: Mapping[Side, Mapping[str, str]] = field(default_factory=dict)

    @property
    def revealed(self) -> bool:
        return self.due_at is None


@dataclass(frozen=True)
class Ruling:
    """A mediator's recommendation or decision: structured terms with reasons that cite the
    agreement's terms, the findings, the KPI results and evidence."""

    number: int
    by: Mediator
    terms: Mapping[str, str]
    reasons: str
    cites: tuple[str, ...]
    due_at: datetime | None  # a recommendation's answer window, a decision's appeal window
    # A recommendation: open | accepted | rejected | lapsed; a decision: in_force | appealed
    # | upheld | replaced.
    status: str
    answers: Mapping[Side, str] = field(default_factory=dict)  # side -> accepted | rejected
