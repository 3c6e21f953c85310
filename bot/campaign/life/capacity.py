"""In what capacity someone acts on a deliverable or a payment: the duties the agreement gives
them, their side, or the bot itself when a timer runs out."""

from __future__ import annotations

from enum import StrEnum

from bot.campaign.parties import CampaignParty, Duty
from bot.domain.identity import SYSTEM, Actor, Side


class Capacity(StrEnum):
    APPROVER = "approver"
    PAYER = "payer"
    PAYEE = "payee"
    CREATOR_SIDE = "creator_side"
    BRAND_SIDE = "brand_side"
    SYSTEM = "system"


# Who moves a deliverable or a milestone: a party to the campaign, or the bot (`SYSTEM`). Any
# other actor is an outsider to the campaign and has no capacity at all.
Mover = CampaignParty | Actor

EITHER_SIDE = frozenset({Capacity.CREATOR_SIDE, Capacity.BRAND_SIDE})

_BY_DUTY = {Duty.APPROVER: Capacity.APPROVER, Duty.PAYER: Capacity.PAYER,
            Duty.PAYEE: Capacity.PAYEE}
_BY_SIDE = {Side.CREATOR: Capacity.CREATOR_SIDE, Side.BRAND: Capacity.BRAND_SIDE}

CAPACITY_WORDS = {
    Capacity.APPROVER: "the approver",
    Capacity.PAYER: "the payer",
    Capacity.PAYEE: "the payee",
    Capacity.CREATOR_SIDE: "the creator's side",
    Capacity.BRAND_SIDE: "the brand's side",
    Capacity.SYSTEM: "the bot (when a timer runs out)",
}


def capacities(mover: Mover) -> frozenset[Capacity]:
    """Every capacity `mover` acts in: a party's duties and side; the bot's timers; else none."""
    if isinstance(mover, CampaignParty):
        return frozenset({_BY_SIDE[mover.side], *(_BY_DUTY[duty] for duty in mover.duties)})
    if mover == SYSTEM:
        return frozenset({Capacity.SYSTEM})
    return frozenset()


def who_words(who: frozenset[Capacity]) -> str:
    """`the approver`, `the creator's side or the brand's side`: for refusals and the tables."""
    return " or ".join(CAPACITY_WORDS[c] for c in Capacity if c in who)
