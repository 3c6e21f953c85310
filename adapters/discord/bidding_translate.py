"""A `/bidding <sub>` interaction's options as the request it makes. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from adapters.discord import options as o
from adapters.discord.custom_ids import FormId
from bot.input.grammar import Request

GROUP = "bidding"
SETTINGS = ("tolerance", "split", "rounds")


def bidding_request(sub: str, case_id: str | None, values: Mapping[str, Any]
                    ) -> Request | FormId:
    """The request a `/bidding <sub>` interaction makes: `bid <amount>`, or `bidding <sub>`
    with its settings or reason; `bid` without an amount is the bid form (a modal)."""
    if sub == "bid":
        amount = o.text(values.get("amount"), 24)
        if not amount:
            return FormId("bid", case_id)
        return Request("bid", case_id, (amount,), {}, amount)
    reason = o.text(values.get("reason"), 3000) if sub == "decline" else ""
    settings = {name: o.text(values[name], 12) for name in SETTINGS
                if sub == "propose" and values.get(name) is not None}
    return Request(GROUP, case_id, (sub, *reason.split()), settings,
                   f"{sub} {reason}".strip())
