"""Who takes part in a case: actors, their roles and the two sides of a dispute."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Side(StrEnum):
    """The two sides of an influencer-marketing dispute; an agency sits on the brand side."""

    BRAND = "brand"
    CREATOR = "creator"

    @property
    def other(self) -> Side:
        return Side.CREATOR if self is Side.BRAND else Side.BRAND


class PartyKind(StrEnum):
    """What a party is in the campaign."""

    BRAND = "brand"
    AGENCY = "agency"
    CREATOR = "creator"

    @property
    def side(self) -> Side:
        return Side.CREATOR if self is PartyKind.CREATOR else Side.BRAND


class Role(StrEnum):
    """A person's role in one case."""

    CLAIMANT = "claimant"
    RESPONDENT = "respondent"
    MEDIATOR = "mediator"
    OBSERVER = "observer"  # reads what one side reads; acts only as that side's delegate
    OUTSIDER = "outsider"
    PARTY = "party"  # a party to a campaign's agreement, in the campaign's own record
    SYSTEM = "system"


PARTY_ROLES = frozenset({Role.CLAIMANT, Role.RESPONDENT})


@dataclass(frozen=True)
class Actor:
    """A person (or the bot itself) acting through some platform.

    `user_id` is qualified by platform and community (`slack:T1:U2`, `discord:42`, `console:ana`);
    `is_mediator` is decided by the adapter from the community's configuration.
    """

    user_id: str
    name: str
    is_mediator: bool = False


SYSTEM = Actor(user_id="system", name="mediation-bot")
OPERATOR = "operator:"  # the prefix of an operator's id at the `mediator` command line


def operator(login: str) -> Actor:
    """The deployment's operator, acting at the command line (no platform id starts so)."""
    return Actor(user_id=f"{OPERATOR}{login}", name=login)


@dataclass(frozen=True)
class Party:
    """One side's representative in a case."""

    user_id: str
    name: str
    kind: PartyKind
    side: Side

    def to_json(self) -> dict[str, str]:
        return {"user_id": self.user_id, "name": self.name, "kind": self.kind, "side": self.side}

    @classmethod
    def from_json(cls, data: dict[str, str]) -> Party:
        return cls(data["user_id"], data["name"], PartyKind(data["kind"]), Side(data["side"]))
