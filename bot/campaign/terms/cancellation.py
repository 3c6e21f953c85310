"""What cancelling costs: a kill fee by how far the work had gone, and the product's cap."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class KillFee:
    """Percents of the total the brand owes if it cancels at each stage."""

    before_production: Decimal
    after_draft: Decimal
    after_approval: Decimal


@dataclass(frozen=True)
class Cancellation:
    kill_fee: KillFee
    # On non-delivery after receiving product, the brand may invoice the product up to this
    # amount, in the payment currency (Trend: up to $75). None: the product is not invoiced.
    product_invoice_cap: Decimal | None = None
