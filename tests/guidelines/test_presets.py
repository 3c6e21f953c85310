"""The shipped presets and the default rulebook: sound, covering every rule of issue 17, and
mapped onto the campaign checks' findings that fit."""

from __future__ import annotations

import pytest

from bot.campaign.checks.finding import FindingKind
from bot.guidelines.presets import DEFAULT_RULEBOOK, PRESET_LADDERS
from bot.guidelines.rulebook import (
    Detection,
    GuidelineRule,
    InvalidRulebook,
    Ladder,
    Rulebook,
    RuleSide,
    Step,
    StepKind,
    rulebook_problems,
)

CREATOR_RULES = ("non_delivery", "late_delivery", "requirement_missed", "disclosure_missing",
                 "early_removal", "unapproved_post", "exclusivity_breach", "ghosting")
BRAND_RULES = ("non_payment", "late_payment", "usage_overreach", "ad_access_overrun",
               "review_silence", "product_not_sent")


def test_the_default_rulebook_is_sound_and_covers_every_rule() -> None:
    book = DEFAULT_RULEBOOK
    assert list(rulebook_problems(book.version, book.rules, book.ladders)) == []
    assert {r.key for r in book.rules if r.side is RuleSide.CREATOR} == set(CREATOR_RULES)
    assert {r.key for r in book.rules if r.side is RuleSide.BRAND} == set(BRAND_RULES)
    assert [r.key for r in book.rules if r.side is RuleSide.EITHER] == ["abusive_conduct"]
    assert {ladder.key for ladder in PRESET_LADDERS} >= {"three_strikes", "expiry_ladder",
                                                         "late_fee"}


def test_ghosting_is_zero_tolerance() -> None:
    ladder = DEFAULT_RULEBOOK.ladder_of("ghosting")
    assert ladder.step_for(0).kind is StepKind.SUSPENSION


def test_three_strikes_suspends_at_the_third() -> None:
    ladder = DEFAULT_RULEBOOK.ladder("three_strikes")
    kinds = [ladder.step_for(n).kind for n in range(5)]
    assert kinds == [StepKind.WARNING, StepKind.WARNING] + [StepKind.SUSPENSION] * 3


def test_the_expiry_ladder_removes_after_two_expiries() -> None:
    kinds = [s.kind for s in DEFAULT_RULEBOOK.ladder("expiry_ladder").steps]
    assert kinds == [StepKind.REMINDER, StepKind.EXTENSION, StepKind.STRIKE,
                     StepKind.REMINDER, StepKind.EXTENSION, StepKind.SUSPENSION]


@pytest.mark.parametrize(("kind", "rule"), [
    (FindingKind.MISSED, "non_delivery"), (FindingKind.LATE, "late_delivery"),
    (FindingKind.REQUIREMENT_MISSING, "requirement_missed"),
    (FindingKind.DISCLOSURE, "disclosure_missing"),
    (FindingKind.KEEP_LIVE_BROKEN, "early_removal"),
    (FindingKind.PAYMENT_PAST_DUE, "non_payment"), (FindingKind.USAGE_PAST_END,
                                                    "usage_overreach"),
    (FindingKind.AD_ACCESS_PAST_END, "ad_access_overrun"),
])
def test_findings_fall_under_their_rule(kind: FindingKind, rule: str) -> None:
    found = DEFAULT_RULEBOOK.rule_for_finding(kind)
    assert found is not None and found.key == rule
    assert Detection.FINDING in found.detected_by


def test_lookups_by_side_and_key() -> None:
    brand = DEFAULT_RULEBOOK.rules_for(RuleSide.BRAND)
    assert [r.key for r in brand] == [*BRAND_RULES, "abusive_conduct"]
    assert DEFAULT_RULEBOOK.rule("late_delivery").grace.days == 1
    assert DEFAULT_RULEBOOK.rule_for_finding(FindingKind.CANCELLED) is None
    with pytest.raises(KeyError):
        DEFAULT_RULEBOOK.rule("speeding")


def test_an_unsound_rulebook_cannot_be_built() -> None:
    rule = DEFAULT_RULEBOOK.rule("ghosting")
    stray = GuidelineRule(rule.key, rule.side, rule.title, rule.detected_by, rule.evidence,
                          rule.grace_days, rule.cure_days, "nowhere")
    fee = Ladder("fee", (Step(StepKind.FEE_ADJUSTMENT),), 30, 30)
    with pytest.raises(InvalidRulebook) as refused:
        Rulebook(0, (stray, stray), (fee,))
    assert [str(p) for p in refused.value.problems] == [
        "version: must be from 1 to 1,000,000, not 0",
        "ladders[0].steps[0].percent: is missing: a fee adjustment is a percent",
        "rules[0].ladder: no ladder is called 'nowhere'",
        "rules[1].key: 'ghosting' is already a rule's key",
        "rules[1].ladder: no ladder is called 'nowhere'",
    ]
