"""Hypothesis strategies for sound rulebooks and for strike histories."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from bot.campaign.checks.finding import FindingKind
from bot.guidelines.rulebook import (
    MOST_DAYS,
    Detection,
    GuidelineRule,
    Ladder,
    Rulebook,
    RuleSide,
    Scope,
    Step,
    StepKind,
)

keys = st.from_regex(r"[a-z][a-z0-9_]{0,39}", fullmatch=True)
texts = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), min_size=1,
                max_size=120).filter(str.strip)
some_days = st.integers(1, MOST_DAYS)
percents = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100), places=4)


@st.composite
def steps(draw: st.DrawFn) -> Step:
    kind = draw(st.sampled_from(StepKind))
    if kind in (StepKind.EXTENSION, StepKind.SUSPENSION):
        scope = draw(st.sampled_from(Scope)) if kind is StepKind.SUSPENSION else None
        return Step(kind, days=draw(some_days), scope=scope)
    if kind is StepKind.FEE_ADJUSTMENT:
        return Step(kind, percent=draw(percents))
    return Step(kind)


def ladders(key: st.SearchStrategy[str] = keys) -> st.SearchStrategy[Ladder]:
    return st.builds(Ladder, key, st.lists(steps(), min_size=1, max_size=12).map(tuple),
                     some_days, some_days)


@st.composite
def rulebooks(draw: st.DrawFn) -> Rulebook:
    ladder_keys = draw(st.lists(keys, min_size=1, max_size=5, unique=True))
    book_ladders = tuple(draw(ladders(st.just(k))) for k in ladder_keys)
    rule_keys = draw(st.lists(keys, min_size=1, max_size=8, unique=True))
    findings = iter(draw(st.permutations(list(FindingKind))))
    rules = []
    for key in rule_keys:
        detected = draw(st.frozensets(st.sampled_from(Detection), min_size=1))
        rules.append(GuidelineRule(
            key, draw(st.sampled_from(RuleSide)), draw(texts), detected,
            tuple(draw(st.lists(texts, min_size=1, max_size=3))),
            draw(st.integers(0, MOST_DAYS)), draw(st.integers(0, MOST_DAYS)),
            draw(st.sampled_from(ladder_keys)),
            next(findings) if Detection.FINDING in detected else None))
    return Rulebook(draw(st.integers(1, 1_000_000)), tuple(rules), book_ladders)


START = datetime(2026, 1, 1, tzinfo=UTC)
moments = st.integers(0, 3 * 365 * 24 * 60).map(lambda minutes: START + timedelta(minutes=minutes))
