"""What people (and the bot's timers) ask of a community's guidelines record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.campaign.checks.finding import FindingKind
from bot.guidelines.rulebook import Detection, Rulebook


@dataclass(frozen=True)
class Member:
    """A member of the community, as the platform names them."""

    user_id: str
    name: str

    def to_json(self) -> dict[str, str]:
        return {"user_id": self.user_id, "name": self.name}


@dataclass(frozen=True)
class AdoptRulebook:
    """A mediator puts a new version of the rulebook in force (a file, or the preset)."""

    rulebook: Rulebook


@dataclass(frozen=True)
class ReportFile:
    """A file brought with a report: stored under its SHA-256 like a case's evidence."""

    sha256: str
    size: int
    media_type: str
    filename: str

    def to_json(self) -> dict[str, object]:
        return {"sha256": self.sha256, "size": self.size, "media_type": self.media_type,
                "filename": self.filename}


@dataclass(frozen=True)
class MakeReport:
    """Anyone reports a member to the moderators, in private (with a file, if they like)."""

    member: Member
    what: str
    file: ReportFile | None = None
    about_mediator: bool = False  # the member reported mediates: their queue leaves it out


class Triage(StrEnum):
    DISMISS = "dismiss"
    REMIND = "remind"
    WARN = "warn"
    STRIKE = "strike"
    CASE = "case"  # it needs a full mediation: the reporter is asked to open a case


@dataclass(frozen=True)
class TriageReport:
    """A mediator decides a report: dismissed with a reason, a reminder or a warning (outside
    any ladder, optionally naming a rule), a strike under a rule (its ladder's step), or a
    full case (the reporter is asked to open it, as only a party opens a case)."""

    number: int
    triage: Triage
    rule: str | None
    reason: str


@dataclass(frozen=True)
class Basis:
    """What a penalty rests on: how it came to light and where to look (`MB-…`, `R2`, a
    campaign's finding), in the mediator's words."""

    detection: Detection
    reference: str


@dataclass(frozen=True)
class ApplyPenalty:
    """A mediator (or the bot, under the community's opt-in) applies a rule to a member."""

    member: Member
    rule: str
    basis: Basis
    note: str = ""


@dataclass(frozen=True)
class AppealPenalty:
    """The member appeals one of their incidents, within the appeal window."""

    number: int
    reason: str


@dataclass(frozen=True)
class DecideAppeal:
    """Another mediator than the one who applied it upholds or overturns the incident."""

    number: int
    overturn: bool
    reason: str


@dataclass(frozen=True)
class NoticeBreach:
    """The bot: a campaign's finding is a breach under a rule the community lets the bot
    apply (`bot.guidelines.breaches`); the same breach (by its key) is noticed once."""

    key: str  # campaign:item:finding:member
    campaign_id: str
    item: str
    finding: FindingKind
    member: Member
    due: datetime
    words: str


@dataclass(frozen=True)
class FireGuidelinesTimer:
    """The bot: the timer row `key` (`strike:3`, `suspension:3`, `breach:2`) fell due. For a
    breach, `standing` says whether the campaign's finding still stands (read by the service
    from the campaign's record as the row fires)."""

    key: str
    standing: bool | None = None


GuidelinesCommand = (AdoptRulebook | MakeReport | TriageReport | ApplyPenalty | AppealPenalty
                     | DecideAppeal | NoticeBreach | FireGuidelinesTimer)
