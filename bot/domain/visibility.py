"""Who may see an entry: everyone in the case, one side and the mediators, mediators only, or
one side alone (a sealed bid: not even the mediators)."""

from __future__ import annotations

from bot.domain.identity import Role, Side
from bot.domain.kinds import STATEMENT_SUBMITTED

ALL = "all"
MEDIATORS = "mediators"


def side_only(side: Side) -> str:
    """Visible to one side and to the mediators (caucus, sealed statements)."""
    return f"side:{side.value}"


def sealed(side: Side) -> str:
    """Visible to one side alone: not to the mediators either (a blind bid)."""
    return f"sealed:{side.value}"


def effective(visibility: str, kind: str, revealed: bool) -> str:
    """Sealed statements are seen by everyone in the case once both are revealed."""
    if revealed and kind == STATEMENT_SUBMITTED:
        return ALL
    return visibility


def can_see(visibility: str, role: Role, side: Side | None) -> bool:
    """Whether a viewer with `role` (and `side`, for a party) may see an entry."""
    if role is Role.SYSTEM:
        return True
    if visibility.startswith("sealed:"):
        return side is not None and role is not Role.MEDIATOR and visibility == sealed(side)
    if role is Role.MEDIATOR or visibility == ALL:
        return True
    if visibility == MEDIATORS:
        return False
    return side is not None and visibility == side_only(side)
