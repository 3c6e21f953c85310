"""A case's state: who is in it, what it holds, where it stands.

`Case` is immutable; `bot.domain.fold` makes the next state from the last and one more
journal entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import immutables

from bot.domain.identity import Actor, Party, Role, Side
from bot.domain.journal import GENESIS_HASH
from bot.domain.phases import ClosedReason, Phase
from bot.domain.records import (
    Agreement,
    Bidding,
    Evidence,
    FollowUp,
    Mediator,
    Observer,
    Proposal,
    Review,
    Ruling,
    ThreadMessage,
)


@dataclass(frozen=True)
class Case:
    id: str
    community_id: str
    title: str
    details: Mapping[str, str]
    claimant: Party
    respondent: Party
    opened_at: datetime
    phase: Phase = Phase.AWAITING_RESPONSE
    closed_reason: ClosedReason | None = None
    version: int = 0
    last_hash: str = GENESIS_HASH
    mediator: Mediator | None = None
    mediation_requested: bool = False
    caucuses: frozenset[Side] = frozenset()
    statements: Mapping[Side, Mapping[str, str]] = field(default_factory=dict)
    revealed: bool = False
    evidence: tuple[Evidence, ...] = ()
    proposals: Mapping[int, Proposal] = field(default_factory=dict)
    agreement: Agreement | None = None
    deadlines: Mapping[str, datetime] = field(default_factory=dict)
    reminded: frozenset[str] = frozenset()  # deadline keys whose reminder went out
    evidence_closed: bool = False
    # A persistent map: each message adds in O(log n) instead of copying every earlier one.
    messages: immutables.Map[str, ThreadMessage] = field(default_factory=immutables.Map)
    # Opened on a campaign: the brief journaled at opening (`case_opened`'s `campaign`).
    campaign: Mapping[str, Any] | None = None
    reports: tuple[Mapping[str, Any], ...] = ()  # figures reported in the case (`evidence`)
    bidding: Bidding | None = None  # double-blind bidding on the amount, if proposed
    # People beyond the two parties and the mediator (`bot.domain.roster`).
    observers: Mapping[str, Observer] = field(default_factory=dict)
    recused: frozenset[str] = frozenset()  # mediators who handed the case on or were appealed
    # When talking fails (`bot.domain.review`, `bot.domain.ruling`): the rules the case was
    # joined under, the review, and the mediators' recommendations and decisions, in order.
    binding: bool = False  # a mediator's decision binds the parties
    party_review: bool = False  # a party may open the review
    review: Review | None = None
    recommendations: tuple[Ruling, ...] = ()
    decisions: tuple[Ruling, ...] = ()
    # Retention and erasure (`bot/domain/erasure.py`).
    closed_at: datetime | None = None
    closed_from: Phase | None = None  # the phase it closed in (a reopening goes back there)
    retain_until: datetime | None = None  # when retention erases a closed case's content
    legal_hold: str | None = None  # the hold's reason while one is placed
    retained: bool = False  # retention has erased the case's content

    # -- who is who --------------------------------------------------------------------------
    def party(self, side: Side) -> Party:
        return self.claimant if self.claimant.side is side else self.respondent

    def parties(self) -> tuple[Party, Party]:
        return (self.claimant, self.respondent)

    def role_of(self, actor: Actor) -> Role:
        """A party is a party even if it is also a mediator elsewhere; mediators come next.
        Once a mediator has taken the case it is theirs: other mediators are outsiders to it
        (its caucuses, notes and sealed statements are not theirs to read or write)."""
        if actor.user_id == "system":
            return Role.SYSTEM
        if actor.user_id == self.claimant.user_id:
            return Role.CLAIMANT
        if actor.user_id == self.respondent.user_id:
            return Role.RESPONDENT
        observer = self.observers.get(actor.user_id)
        if observer is not None:
            return self.role_of_side(observer.side) if observer.acts else Role.OBSERVER
        if self.mediator is not None:
            return Role.MEDIATOR if self.mediator.user_id == actor.user_id else Role.OUTSIDER
        if actor.user_id in self.recused:
            return Role.OUTSIDER
        return Role.MEDIATOR if actor.is_mediator else Role.OUTSIDER

    def role_of_side(self, side: Side) -> Role:
        return Role.CLAIMANT if side is self.claimant.side else Role.RESPONDENT

    def taken_from(self, actor: Actor) -> bool:
        """Whether `actor` is a mediator of the community and another one took this case."""
        return (actor.is_mediator and self.mediator is not None
                and self.mediator.user_id != actor.user_id and self.side_of(actor) is None)

    def side_of(self, actor: Actor) -> Side | None:
        for party in self.parties():
            if party.user_id == actor.user_id:
                return party.side
        observer = self.observers.get(actor.user_id)
        return observer.side if observer is not None else None

    def find_party(self, reference: str) -> Party | None:
        """A party by user id, `@name` or name (case-insensitive)."""
        wanted = reference.strip().lstrip("@").casefold()
        for party in self.parties():
            if wanted in (party.user_id.casefold(), party.name.casefold()):
                return party
            if party.user_id.casefold().endswith(":" + wanted):
                return party
        return None

    def deadlines_but(self, key: str) -> dict[str, datetime]:
        """The case's deadlines without `key`'s."""
        return {k: v for k, v in self.deadlines.items() if k != key}

    @property
    def is_open(self) -> bool:
        return self.phase is not Phase.CLOSED

    def next_proposal_number(self) -> int:
        return len(self.proposals) + 1

    @property
    def judged(self) -> Mapping[str, Any] | None:
        """The KPIs as last judged on the figures reported in the case, if any."""
        return next((r["judged"] for r in reversed(self.reports) if "judged" in r), None)

    @property
    def recommendation(self) -> Ruling | None:
        """The latest recommendation, if any."""
        return self.recommendations[-1] if self.recommendations else None

    @property
    def decision(self) -> Ruling | None:
        """The decision in force (or under appeal), if any."""
        return self.decisions[-1] if self.decisions else None


# The records are imported from here too: a case and what it holds, in one place.
__all__ = ["Agreement", "Case", "Evidence", "FollowUp", "Mediator", "Observer", "Proposal",
           "Review", "Ruling", "ThreadMessage"]
