"""What a case finds when it meets the agreement: each finding cites the term it is about and
the evidence it rests on, and says in plain words what it found (CAMPAIGNS.md §5).

A finding's kind names the breach it looks for (`late`, `usage_past_end`…); its verdict says
whether the record shows it. Missing data is never a breach: it is `indeterminate`, and the
finding says what evidence would settle it (CAMPAIGNS.md §3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.campaign.checks.disclosure import DisclosureReport
from bot.campaign.life.deliverable_life import DeliverablePhase
from bot.domain.identity import Side


class FindingKind(StrEnum):
    """The breach a finding looks for."""

    DRAFT_LATE = "draft_late"  # a draft came after its due date
    DRAFT_MISSED = "draft_missed"  # no draft by its due date
    LATE = "late"  # live after the publish window's end
    MISSED = "missed"  # the window's end passed with nothing live
    REQUIREMENT_MISSING = "requirement_missing"  # an objective requirement absent from the caption
    REQUIREMENT_NEEDS_REVIEW = "requirement_needs_review"  # a caption cannot show it
    DISCLOSURE = "disclosure"  # the caption not marked as advertising under the regime
    KEEP_LIVE_BROKEN = "keep_live_broken"  # taken down before its keep-live days ended
    USAGE_PAST_END = "usage_past_end"  # the content used after (or beyond) the usage rights
    AD_ACCESS_PAST_END = "ad_access_past_end"  # an ad running after its ad access ended
    PAYMENT_PAST_DUE = "payment_past_due"  # a milestone not paid by its due date
    REJECTION_NOT_OBJECTIVE = "rejection_not_objective"  # a rejection citing no objective one
    CANCELLED = "cancelled"  # a cancellation, priced by the kill fee for its stage
    KPI_SHORTFALL = "kpi_shortfall"  # a guaranteed KPI missed, judged on the figures reported


class Verdict(StrEnum):
    BREACH = "breach"
    MET = "met"
    INDETERMINATE = "indeterminate"  # the record cannot say (yet): `settle` says what would
    APPLIES = "applies"  # no one broke a term, but one applies: a cancellation's kill fee


@dataclass(frozen=True)
class Citation:
    """The term a finding is about: its field path in the agreement, as the terms' problems
    name fields (`deliverables[0].schedule.publish_window.end`), and the version's hash."""

    path: str
    version: str

    def __str__(self) -> str:
        return f"{self.path} (version {self.version[:12]})"


@dataclass(frozen=True)
class Evidence:
    """What a finding rests on: a publication's permalink and publish time, an observation's
    evidence file (its sha256) or link, a due date, the record's moment."""

    what: str  # "the live post", "the due date", "the record, as of"
    reference: str = ""  # a permalink, an evidence file's sha256, a link, a term's path
    at: datetime | None = None


@dataclass(frozen=True)
class Finding:
    """One thing a case found, citing the term and the evidence, in words for both sides."""

    kind: FindingKind
    item: str  # the deliverable's or the milestone's key
    term: Citation
    evidence: tuple[Evidence, ...]
    verdict: Verdict
    words: str
    settle: str = ""  # for an indeterminate finding: what evidence would settle it
    due: datetime | None = None  # the deadline measured against, if any
    measured_at: datetime | None = None  # what is measured: the live moment, or now
    stage: DeliverablePhase | None = None  # for a cancellation: the phase it was cancelled in
    cancelled_by: Side | None = None  # for a cancellation: whose side cancelled
    disclosure: DisclosureReport | None = None  # for a disclosure finding: the checks' report

    @property
    def is_breach(self) -> bool:
        return self.verdict is Verdict.BREACH
