"""A community's guidelines record as folded from its journal: the rulebook in force, the
reports to the moderators, and each member's cautions and incidents (strikes).

A member's standing is read from it at a moment: which strikes are active (not expired, not
overturned), which suspension holds and until when, which reports about them are open.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.entry_hash import canonical_json
from bot.guidelines.commands import Member, ReportFile
from bot.guidelines.ladder import expires_at, is_active
from bot.guidelines.presets import DEFAULT_RULEBOOK
from bot.guidelines.reading import rulebook_document
from bot.guidelines.rulebook import Ladder, Rulebook, Scope, Step, StepKind

GUIDELINES_PREFIX = "GL-"
_ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def guidelines_id(community_id: str) -> str:
    """The id of a community's one guidelines record: derived from the community, so every
    worker finds the same one and no other community's."""
    digest = int.from_bytes(hashlib.sha256(community_id.encode()).digest()[:8], "big")
    return GUIDELINES_PREFIX + "".join(_ID_ALPHABET[(digest >> (5 * i)) & 31]
                                       for i in range(10))


def is_guidelines(record_id: str) -> bool:
    return record_id.startswith(GUIDELINES_PREFIX)


def rulebook_text(rulebook: Rulebook) -> str:
    """The rulebook as the canonical JSON text journaled (what its hash covers)."""
    return canonical_json(rulebook_document(rulebook))


def rulebook_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Report:
    number: int
    reporter: Member
    member: Member
    what: str
    at: datetime
    file: ReportFile | None = None  # brought with the report, stored by its SHA-256
    about_mediator: bool = False  # then the reported mediator's queue leaves it out
    outcome: str | None = None  # dismiss | remind | warn | strike | case, once triaged
    reason: str = ""
    triaged_by: str | None = None
    incident: int | None = None

    @property
    def open(self) -> bool:
        return self.outcome is None


@dataclass(frozen=True)
class Caution:
    """A reminder or a warning outside any ladder (it is no strike)."""

    member: Member
    kind: StepKind
    rule: str | None
    reason: str
    at: datetime
    by: str
    report: int | None


@dataclass(frozen=True)
class Appeal:
    reason: str
    at: datetime
    decided_by: str | None = None
    overturned: bool | None = None
    answer: str = ""


@dataclass(frozen=True)
class Incident:
    """One incident under a rule: a strike on its ladder, and the step it got."""

    number: int
    member: Member
    rule: str
    rule_title: str
    ladder: Ladder
    step: Step
    strike: int  # which active strike it was (1 for the first)
    detection: str
    reference: str
    note: str
    at: datetime
    by: str  # who applied it: a mediator's id, or `system`
    rulebook: int  # the adoption in force when it was applied (`rulebook_adopted` number)
    rulebook_version: int  # that rulebook's own `version`
    expired: bool = False
    suspension_over: bool = False
    appeal: Appeal | None = None

    @property
    def overturned(self) -> bool:
        return self.appeal is not None and self.appeal.overturned is True

    @property
    def expires_at(self) -> datetime:
        """When the strike stops counting: its ladder's `strike_days`, or its window if
        shorter."""
        return expires_at(self.ladder, self.at)

    def counts(self, now: datetime) -> bool:
        """Whether the strike is active at `now` (within its ladder's window, not
        overturned)."""
        return not self.overturned and is_active(self.ladder, self.at, now)

    @property
    def suspension_ends(self) -> datetime | None:
        if self.step.kind is not StepKind.SUSPENSION or self.step.days is None:
            return None
        return self.at + timedelta(days=self.step.days)

    def suspends(self, scope: Scope, now: datetime) -> bool:
        ends = self.suspension_ends
        return (ends is not None and not self.overturned and self.step.scope is scope
                and self.at <= now < ends)


@dataclass(frozen=True)
class Breach:
    """A campaign's finding noticed under a rule the bot applies itself: it counts at
    `counts_at` (its due date, plus the rule's grace and time to cure) unless put right."""

    number: int
    key: str
    campaign_id: str
    item: str
    finding: str
    rule: str
    member: Member
    due: datetime
    counts_at: datetime
    words: str
    outcome: str | None = None  # applied | cured
    incident: int | None = None

    @property
    def open(self) -> bool:
        return self.outcome is None


@dataclass(frozen=True)
class GuidelinesRecord:
    id: str
    community_id: str
    rulebook: Rulebook = DEFAULT_RULEBOOK
    rulebook_number: int = 0  # how many rulebooks were adopted here
    rulebook_hash: str = ""
    reports: tuple[Report, ...] = ()
    cautions: tuple[Caution, ...] = ()
    incidents: tuple[Incident, ...] = ()
    breaches: tuple[Breach, ...] = ()
    version: int = 0
    last_hash: str = ""

    def report(self, number: int) -> Report | None:
        return self.reports[number - 1] if 0 < number <= len(self.reports) else None

    def incident(self, number: int) -> Incident | None:
        return self.incidents[number - 1] if 0 < number <= len(self.incidents) else None

    def breach(self, number: int) -> Breach | None:
        return self.breaches[number - 1] if 0 < number <= len(self.breaches) else None

    def incidents_of(self, user_id: str) -> tuple[Incident, ...]:
        return tuple(i for i in self.incidents if i.member.user_id == user_id)

    def active_strikes(self, user_id: str, now: datetime) -> tuple[Incident, ...]:
        """The member's strikes that count at `now`."""
        return tuple(i for i in self.incidents_of(user_id) if i.counts(now) and not i.expired)

    def suspended(self, user_id: str, now: datetime
                  ) -> tuple[tuple[Scope, Incident, datetime], ...]:
        """For each scope the member is kept out of at `now`, the incident that keeps them
        out longest, and when it ends."""
        held = ((scope, self.suspension(user_id, scope, now)) for scope in Scope)
        return tuple((scope, incident, incident.suspension_ends) for scope, incident in held
                     if incident is not None and incident.suspension_ends is not None)

    def suspension(self, user_id: str, scope: Scope, now: datetime) -> Incident | None:
        """The incident whose suspension keeps the member out of `scope` longest, if any."""
        holding = [i for i in self.incidents_of(user_id) if i.suspends(scope, now)]
        return max(holding, key=lambda i: i.suspension_ends or i.at, default=None)
