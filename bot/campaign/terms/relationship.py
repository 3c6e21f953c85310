"""What kind of deal the campaign is: it decides what counts as owed, and so as a breach."""

from __future__ import annotations

from enum import StrEnum


class Relationship(StrEnum):
    """What the creator owes for what. Gifting with no ask creates no obligation to post."""

    PAID = "paid"
    GIFTED_NO_ASK = "gifted_no_ask"
    GIFTED_SOFT_ASK = "gifted_soft_ask"
    GIFTED_DELIVERABLE_ASK = "gifted_deliverable_ask"
    AFFILIATE = "affiliate"  # paid by commission, tracked elsewhere
    HYBRID = "hybrid"  # a fee and product, or a fee and commission

    @property
    def gifted(self) -> bool:
        """A gift pays no fee: the payment total is zero."""
        return self.value.startswith("gifted")

    @property
    def pays_fee(self) -> bool:
        """A fee is owed: the payment total is more than zero."""
        return self in (Relationship.PAID, Relationship.HYBRID)
