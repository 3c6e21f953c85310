"""What people (and the bot, when a timer falls due) ask of a campaign. `decide.py` decides
each; the terms are typed here and become canonical JSON only in the events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.campaign.life.deliverable_commands import DeliverableCommand
from bot.campaign.life.milestone_commands import MilestoneCommand
from bot.campaign.performance.report_payload import FigureReport
from bot.campaign.terms.terms import CampaignTerms


@dataclass(frozen=True)
class ProposeAgreement:
    """Version 1 of a new campaign's agreement, put to its parties."""

    campaign_id: str
    community_id: str
    terms: CampaignTerms


@dataclass(frozen=True)
class CounterAgreement:
    """A new version answering the version under discussion (its parent)."""

    terms: CampaignTerms


@dataclass(frozen=True)
class AcceptAgreement:
    """One party accepts the version under discussion, naming its exact hash: what was read
    is what is accepted."""

    version_hash: str


@dataclass(frozen=True)
class AmendAgreement:
    """After agreement: a new version pointing at the agreed one, which stays in force until
    the amendment is agreed in turn."""

    terms: CampaignTerms


@dataclass(frozen=True)
class MoveDeliverable:
    """A move in the life of one deliverable of the agreed terms (`d1`: submit a draft...)."""

    deliverable: str
    command: DeliverableCommand


@dataclass(frozen=True)
class MoveMilestone:
    """A move in the life of one payment milestone of the agreed terms (`m1`: invoice...)."""

    milestone: str
    command: MilestoneCommand


@dataclass(frozen=True)
class ReportFigures:
    """A side reports figures read from an analytics export: the file is stored and hashed,
    the figures journaled with it, for the KPI targets to be judged against."""

    report: FigureReport


@dataclass(frozen=True)
class SetColumnMapping:
    """A party says, once for the campaign, how to read its CSV exports that no importer
    knows: the mapping form's fields (`post`, `metrics`, `day`…)."""

    fields: Mapping[str, str]


@dataclass(frozen=True)
class EndCampaign:
    """The campaign is over: its `campaign_end` milestones fall due; payments go on."""

    reason: str = ""


@dataclass(frozen=True)
class FireTimer:
    """The bot: the timer row `key` (`review:d1`, `remind:payment:m1`...) fell due. It fires
    only if the campaign, as it is now, still has that row and it is due by now: a row that no
    longer matches (the draft came, the due time moved later) fires nothing."""

    key: str


CampaignCommand = (
    ProposeAgreement | CounterAgreement | AcceptAgreement | AmendAgreement | MoveDeliverable
    | MoveMilestone | EndCampaign | FireTimer | ReportFigures | SetColumnMapping
)
