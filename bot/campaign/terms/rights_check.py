"""The rules usage rights, ad access, exclusivity and cancellation terms keep."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bot.campaign.terms import limits
from bot.campaign.terms.money import minor_units
from bot.campaign.terms.problems import Problem
from bot.campaign.terms.rights import AdAccessKind, Exclusivity, UsageRights

if TYPE_CHECKING:
    from bot.campaign.terms.terms import CampaignTerms

WORLDWIDE = "worldwide"
SPARK_DAYS = (7, 365)  # what TikTok allows a Spark code


def right_problems(terms: CampaignTerms, keys: set[str]) -> Iterator[Problem]:
    """Every problem in what the brand may do afterwards and what cancelling costs."""
    for index, rights in enumerate(terms.usage_rights):
        yield from _usage(rights, f"usage_rights[{index}]")
    for index, access in enumerate(terms.ad_access):
        path = f"ad_access[{index}]"
        least, most = SPARK_DAYS if access.kind is AdAccessKind.SPARK_CODE else (1, 3650)
        yield from limits.whole(access.days, f"{path}.days", least=least, most=most)
        yield from limits.references(access.deliverables, keys, f"{path}.deliverables")
    if terms.exclusivity is not None:
        yield from _exclusivity(terms.exclusivity, "exclusivity")
    if terms.cancellation is not None:  # a cap in an unknown currency is reported as such
        fee = terms.cancellation.kill_fee
        for stage, percent in (("before_production", fee.before_production),
                               ("after_draft", fee.after_draft),
                               ("after_approval", fee.after_approval)):
            yield from limits.percent(percent, f"cancellation.kill_fee.{stage}")
        cap = terms.cancellation.product_invoice_cap
        if cap is not None and minor_units(terms.payment.currency) is not None:
            yield from limits.amount(cap, terms.payment.currency,
                                     "cancellation.product_invoice_cap")


def _usage(rights: UsageRights, path: str) -> Iterator[Problem]:
    yield from limits.whole(rights.days, f"{path}.days", least=1, most=36_500)
    if not rights.channels:
        yield Problem(f"{path}.channels", "name at least one channel, like `instagram`")
    for index, channel in enumerate(rights.channels):
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", channel):
            yield Problem(f"{path}.channels[{index}]", "a channel is a lowercase word like "
                          f"`instagram` or `brand_website`, not {channel!r}")
    territory = rights.territory
    if not territory:
        yield Problem(f"{path}.territory", "name `worldwide` or at least one country code")
    if WORLDWIDE in territory and len(territory) > 1:
        yield Problem(f"{path}.territory", "`worldwide` stands alone")
    for index, place in enumerate(territory):
        if place != WORLDWIDE and not re.fullmatch(r"[A-Z]{2}", place):
            yield Problem(f"{path}.territory[{index}]", "a territory is `worldwide` or an ISO "
                          f"3166 two-letter country code like `US`, not {place!r}")


def _exclusivity(exclusivity: Exclusivity, path: str) -> Iterator[Problem]:
    yield from limits.whole(exclusivity.days_before, f"{path}.days_before", most=3650)
    yield from limits.whole(exclusivity.days_after, f"{path}.days_after", most=3650)
    if exclusivity.category is None and not exclusivity.competitors:
        yield Problem(path, "name a category, competitors, or both")
    if exclusivity.category is not None:
        yield from limits.text(exclusivity.category, f"{path}.category", longest=200)
    for index, name in enumerate(exclusivity.competitors):
        yield from limits.text(name, f"{path}.competitors[{index}]", longest=200)
