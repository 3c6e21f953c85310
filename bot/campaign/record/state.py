"""A campaign's state, folded from its journal (`fold.py`): the versions of its agreement and
who accepted which, the version in force and the one under discussion, the life of each
deliverable and payment milestone, and when the events its timers count from happened.

Immutable, like `bot.domain.case.Case`: the fold makes the next state from the last and one
more journal entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.campaign.calendar import Calendar
from bot.campaign.life.deliverable_life import DeliverableState
from bot.campaign.life.milestone_life import MilestoneState
from bot.campaign.parties import CampaignParty
from bot.campaign.schedule import Happened
from bot.campaign.terms.terms import CampaignTerms
from bot.campaign.terms.versions import AgreementVersion
from bot.domain.clock import format_time
from bot.domain.journal import GENESIS_HASH
from bot.domain.records import ThreadMessage


@dataclass(frozen=True)
class Acceptance:
    """One party's acceptance of one version: who, under which name, when."""

    user_id: str
    name: str
    at: datetime


@dataclass(frozen=True)
class CampaignState:
    id: str
    community_id: str
    title: str
    versions: tuple[AgreementVersion, ...] = ()  # in order: version 1 first
    acceptances: Mapping[str, tuple[Acceptance, ...]] = field(default_factory=dict)  # by hash
    agreed: str | None = None  # the hash of the version in force
    discussed: str | None = None  # the hash of the version under discussion, if any
    deliverables: Mapping[str, DeliverableState] = field(default_factory=dict)  # by key
    milestones: Mapping[str, MilestoneState] = field(default_factory=dict)  # by key
    happened: Happened = field(default_factory=Happened)
    ended: bool = False
    reminded: frozenset[str] = frozenset()  # timer marks (`key@due`) whose reminder went out
    noticed: frozenset[str] = frozenset()  # timer marks whose overdue notice went out
    messages: Mapping[str, ThreadMessage] = field(default_factory=dict)  # its thread's, by ref
    reports: tuple[Mapping[str, Any], ...] = ()  # figures reported, as journaled (in order)
    column_mapping: Mapping[str, str] | None = None  # how to read its other CSV exports
    version: int = 0  # the seq of the last entry folded in
    last_hash: str = GENESIS_HASH

    def version_of(self, version_hash: str) -> AgreementVersion | None:
        """The version a hash names, if it is one of this campaign's."""
        return next((v for v in self.versions if v.hash == version_hash), None)

    @property
    def agreed_version(self) -> AgreementVersion | None:
        """The version in force: what moves and timers are decided under."""
        return None if self.agreed is None else self.version_of(self.agreed)

    @property
    def discussed_version(self) -> AgreementVersion | None:
        """The version the parties are accepting or countering now, if any."""
        return None if self.discussed is None else self.version_of(self.discussed)

    @property
    def agreed_terms(self) -> CampaignTerms | None:
        """The terms in force: the last version every party accepted."""
        version = self.agreed_version
        return None if version is None else version.terms

    @property
    def current_terms(self) -> CampaignTerms:
        """The terms in force, or, before any agreement, the ones under discussion."""
        version = self.agreed_version or self.discussed_version or self.versions[-1]
        return version.terms

    def accepted_by(self, version_hash: str) -> frozenset[str]:
        """The user ids of the parties who accepted the version `version_hash`."""
        return frozenset(a.user_id for a in self.acceptances.get(version_hash, ()))


def who_must_accept(state: CampaignState, version: AgreementVersion) -> tuple[CampaignParty, ...]:
    """Everyone whose acceptance agrees `version`: the parties it names and, for an amendment,
    the parties to the version in force too, so that nobody is amended out of an agreement
    without accepting it."""
    named = version.terms.parties
    in_force = state.agreed_terms
    others = () if in_force is None else tuple(
        p for p in in_force.parties if party_in(version.terms, p.user_id) is None)
    return (*named, *others)


def party_in(terms: CampaignTerms, user_id: str) -> CampaignParty | None:
    """The party with this user id in `terms`, or None: an outsider to those terms."""
    return next((p for p in terms.parties if p.user_id == user_id), None)


def campaign_calendar(state: CampaignState) -> Calendar:
    """The calendar the campaign's timers are counted in: the zone of the terms in force (of
    the terms under discussion before any agreement)."""
    return Calendar.named(state.current_terms.time_zone)


def timer_mark(key: str, due: datetime) -> str:
    """What a reminder or notice remembers: the row and its due time, so a deadline that comes
    again (a second draft's review) is reminded and noticed again."""
    return f"{key}@{format_time(due)}"
