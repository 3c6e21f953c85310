"""What people ask the mediation to do. Each command names its `/mediate` subcommand."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from bot.domain.identity import PartyKind
from bot.domain.phases import ClosedReason


@dataclass(frozen=True)
class Command:
    subcommand: ClassVar[str] = ""


@dataclass(frozen=True)
class OpenCase(Command):
    subcommand: ClassVar[str] = "open"
    case_id: str
    community_id: str
    counterpart_id: str
    counterpart_name: str
    kind: PartyKind
    counterpart_kind: PartyKind
    title: str
    details: Mapping[str, str]
    # Opened on a campaign: its brief (the version cited, the findings, the computed
    # outcome), as `bot.campaign.checks.case_brief` makes it for the journal.
    campaign: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Join(Command):
    subcommand: ClassVar[str] = "join"


@dataclass(frozen=True)
class Decline(Command):
    subcommand: ClassVar[str] = "decline"
    reason: str = ""


@dataclass(frozen=True)
class SubmitStatement(Command):
    subcommand: ClassVar[str] = "statement"
    statement: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AddEvidence(Command):
    subcommand: ClassVar[str] = "evidence"
    sha256: str
    size: int
    media_type: str
    filename: str
    description: str = ""
    # An analytics export's figures, as `bot.campaign.performance.report_payload` writes them;
    # journaled next to the evidence under the uploader's side.
    figures: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Propose(Command):
    subcommand: ClassVar[str] = "propose"
    terms: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Counter(Command):
    subcommand: ClassVar[str] = "counter"
    number: int
    terms: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Accept(Command):
    subcommand: ClassVar[str] = "accept"
    number: int


@dataclass(frozen=True)
class Reject(Command):
    subcommand: ClassVar[str] = "reject"
    number: int
    reason: str = ""


@dataclass(frozen=True)
class WithdrawProposal(Command):
    subcommand: ClassVar[str] = "withdraw-proposal"
    number: int


@dataclass(frozen=True)
class Sign(Command):
    subcommand: ClassVar[str] = "sign"


@dataclass(frozen=True)
class Confirm(Command):
    """A side confirms that follow-up N of the signed agreement was done."""

    subcommand: ClassVar[str] = "confirm"
    number: int


@dataclass(frozen=True)
class FireDeadline(Command):
    """A deadline row fell due (the bot itself acts: only the system actor sends this)."""

    subcommand: ClassVar[str] = "(deadline)"
    key: str
    due_at: datetime


@dataclass(frozen=True)
class RequestMediator(Command):
    subcommand: ClassVar[str] = "mediator"
    reason: str = ""


@dataclass(frozen=True)
class Take(Command):
    subcommand: ClassVar[str] = "take"


@dataclass(frozen=True)
class Caucus(Command):
    subcommand: ClassVar[str] = "caucus"
    party: str


@dataclass(frozen=True)
class Note(Command):
    subcommand: ClassVar[str] = "note"
    text: str


@dataclass(frozen=True)
class Close(Command):
    subcommand: ClassVar[str] = "close"
    reason: ClosedReason
    note: str = ""


@dataclass(frozen=True)
class Withdraw(Command):
    subcommand: ClassVar[str] = "withdraw"
    reason: str = ""


# Conversation in a case's rooms: not subcommands, but journaled all the same.
@dataclass(frozen=True)
class PostMessage(Command):
    subcommand: ClassVar[str] = "(message)"
    text: str
    room: str = "thread"
    ref: str | None = None
    # Found in the platform's history after a crash or an outage, not delivered as it was said.
    recovered: bool = False
    # The platform's own form of the text (Slack's markup, with user and channel ids), kept
    # next to it when it differs from what people read.
    markup: str | None = None


@dataclass(frozen=True)
class EditMessage(Command):
    """An edit. `observed` edits were seen on a platform and are facts to record, not requests."""

    subcommand: ClassVar[str] = "(edit)"
    ref: str
    text: str
    room: str = "thread"
    observed: bool = False
    markup: str | None = None


@dataclass(frozen=True)
class DeleteMessage(Command):
    subcommand: ClassVar[str] = "(delete)"
    ref: str
    room: str = "thread"
    observed: bool = False


@dataclass(frozen=True)
class ProposeBidding(Command):
    """Propose double-blind bidding: up to `rounds` rounds of sealed bids; it settles when
    the offer reaches the demand or comes within `tolerance` ("10%" or an amount), at
    `split` percent of the gap from the offer (50: the midpoint)."""

    subcommand: ClassVar[str] = "bidding"
    tolerance: str = "0"
    split: int = 50
    rounds: int = 3


@dataclass(frozen=True)
class AnswerBidding(Command):
    subcommand: ClassVar[str] = "bidding"
    accept: bool
    reason: str = ""


@dataclass(frozen=True)
class Bid(Command):
    """A sealed bid: the claimant's demand or the respondent's offer, for the open round."""

    subcommand: ClassVar[str] = "bid"
    amount: str


# What only an operator does (`mediator erase`, `mediator hold`): never a chat subcommand.
@dataclass(frozen=True)
class EraseContent(Command):
    """Remove one person's content from the case (`entries`, planned on the case at
    `version`: if it moved on since, the plan is made again)."""

    subcommand: ClassVar[str] = "(erase)"
    person: str
    reason: str
    entries: tuple[int, ...]
    version: int
    kept: int = 0  # of theirs, entries written before content could be erased


@dataclass(frozen=True)
class HoldCase(Command):
    """Place (or with `lift`, lift) a legal hold: while it holds, nothing is erased."""

    subcommand: ClassVar[str] = "(hold)"
    reason: str
    lift: bool = False
