"""When the two sides report the same figure differently (CAMPAIGNS.md §3).

Two figures are about the same thing when they name the same post, metric, definition and
counting of paid boosts, for the same day (a daily figure) or read on the same day (a lifetime
figure). Within the KPI's tolerance (5% unless agreed otherwise, measured against the larger)
they agree, and both count as one figure: the better-ranked source's, or the average of the
two when they rank the same. Beyond it the figure is disputed: the better-ranked source counts
and the other is set aside; when both rank the same, neither counts, and a better source is
asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from bot.campaign.performance.observation import Observation
from bot.campaign.performance.reported import Reported
from bot.domain.identity import Side

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Disagreement:
    brand: Reported
    creator: Reported
    apart_percent: Decimal  # how far apart, in percent of the larger figure
    kept: Side | None  # whose figure counts: the better source; None when they rank the same

    @property
    def set_aside(self) -> tuple[Reported, ...]:
        if self.kept is None:
            return (self.brand, self.creator)
        return (self.creator,) if self.kept is Side.BRAND else (self.brand,)


def _same(seen: Observation) -> tuple[object, ...]:
    when = seen.day if seen.day is not None else (
        seen.as_of.date() if seen.as_of is not None else None)
    return (seen.post, seen.metric, seen.definition, seen.scope, seen.is_daily, when)


def disagreements(figures: Sequence[Reported], tolerance: Decimal
                  ) -> tuple[Disagreement, ...]:
    """Every pair of the brand's and the creator's figures about the same thing that lie
    further apart than `tolerance` percent."""
    creators: dict[tuple[object, ...], list[Reported]] = {}
    for item in figures:
        if item.side is Side.CREATOR:
            creators.setdefault(_same(item.observation), []).append(item)
    found: list[Disagreement] = []
    for brand in (f for f in figures if f.side is Side.BRAND):
        for creator in creators.get(_same(brand.observation), ()):
            apart = _apart(brand.observation.value, creator.observation.value)
            if apart > tolerance:
                kept = (None if brand.rank == creator.rank else
                        Side.BRAND if brand.rank > creator.rank else Side.CREATOR)
                found.append(Disagreement(brand, creator, apart, kept))
    return tuple(found)


def self_contradicting(figures: Sequence[Reported], tolerance: Decimal
                       ) -> tuple[list[Reported], list[str]]:
    """The figures left once a side's own reports of the same thing that disagree beyond the
    tolerance are all set aside (a side cannot outvote the other with a second, different
    file), and a line for each set aside."""
    groups: dict[tuple[Side, tuple[object, ...]], list[Reported]] = {}
    for item in figures:
        groups.setdefault((item.side, _same(item.observation)), []).append(item)
    aside: set[int] = set()
    said: list[str] = []
    for (side, _), items in groups.items():
        values = [i.observation.value for i in items]
        apart = _apart(max(values), min(values))
        if len(items) > 1 and apart > tolerance:
            aside |= {id(i) for i in items}
            seen = items[0].observation
            said.append(f"the {side.value}'s own reports of {seen.metric.value} for "
                        f"{seen.post or 'the account'} differ by {apart}%, so none of them "
                        "counts")
    return [f for f in figures if id(f) not in aside], said


def reconcile(figures: Sequence[Reported], found: Sequence[Disagreement],
              tolerance: Decimal) -> list[Reported]:
    """The figures that count: disputed ones set aside, agreeing pairs at their one value."""
    aside = {id(r) for d in found for r in d.set_aside}
    agreed: dict[int, Decimal] = {}
    creators: dict[tuple[object, ...], list[Reported]] = {}
    for item in figures:
        if item.side is Side.CREATOR and id(item) not in aside:
            creators.setdefault(_same(item.observation), []).append(item)
    for brand in (f for f in figures if f.side is Side.BRAND and id(f) not in aside):
        for creator in creators.get(_same(brand.observation), ()):
            if _apart(brand.observation.value, creator.observation.value) <= tolerance:
                value = _agreed(brand, creator)
                agreed.setdefault(id(brand), value)
                agreed.setdefault(id(creator), value)
    return [f if id(f) not in agreed else replace(
        f, observation=replace(f.observation, value=agreed[id(f)]))
        for f in figures if id(f) not in aside]


def _agreed(brand: Reported, creator: Reported) -> Decimal:
    if brand.rank != creator.rank:
        return (brand if brand.rank > creator.rank else creator).observation.value
    return (brand.observation.value + creator.observation.value) / 2


def _apart(first: Decimal, second: Decimal) -> Decimal:
    larger = max(abs(first), abs(second))
    return Decimal(0) if larger == 0 else (abs(first - second) * HUNDRED / larger).quantize(
        Decimal("0.1"))
