"""Who is in a campaign and what each one is answerable for."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.domain.identity import Side


class CampaignRole(StrEnum):
    """What a person is in the campaign. An agency and a talent manager act for their side."""

    BRAND = "brand"
    AGENCY = "agency"
    CREATOR = "creator"
    TALENT_MANAGER = "talent_manager"

    @property
    def side(self) -> Side:
        return Side.BRAND if self in (CampaignRole.BRAND, CampaignRole.AGENCY) else Side.CREATOR


class Duty(StrEnum):
    """What the agreement makes a party answerable for, besides its role."""

    PAYER = "payer"  # pays the milestones (often the agency)
    PAYEE = "payee"  # is paid, and confirms each payment
    APPROVER = "approver"  # reviews drafts: approves, asks for changes, rejects


@dataclass(frozen=True)
class CampaignParty:
    user_id: str  # qualified like every actor: `slack:T1:U2`, `discord:42`, `console:ana`
    name: str
    role: CampaignRole
    duties: frozenset[Duty] = frozenset()

    @property
    def side(self) -> Side:
        return self.role.side
