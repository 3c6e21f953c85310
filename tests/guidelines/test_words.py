"""The rulebook in the words members read: per side, each rule, its timing and its ladder."""

from __future__ import annotations

from decimal import Decimal

from bot.guidelines.presets import DEFAULT_RULEBOOK, THREE_STRIKES
from bot.guidelines.rulebook import Ladder, RuleSide, Scope, Step, StepKind
from bot.guidelines.words import ladder_words, ordinal, rulebook_words, step_words


def test_the_three_strikes_ladder_in_words() -> None:
    assert ladder_words(THREE_STRIKES) == (
        "1st and 2nd strike: a warning; 3rd and later active strike within 90 days: "
        "suspension from new campaigns for 30 days; strikes expire after 90 days")


def test_every_rung_is_said_and_a_short_window_is_said_too() -> None:
    ladder = Ladder("l", (Step(StepKind.REMINDER), Step(StepKind.WARNING),
                          Step(StepKind.FEE_ADJUSTMENT, percent=Decimal("2.5")),
                          Step(StepKind.SUSPENSION, days=1, scope=Scope.NEW_CASES)), 60, 30)
    assert ladder_words(ladder) == (
        "1st strike: a reminder; 2nd active strike within 30 days: a warning; "
        "3rd active strike within 30 days: the fee reduced by 2.5%; "
        "4th and later active strike within 30 days: suspension from new cases for 1 day; "
        "strikes expire after 60 days; only those of the last 30 days count")


def test_steps_and_ordinals() -> None:
    assert step_words(Step(StepKind.EXTENSION, days=14)) == "an extension of 14 days"
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 112)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "112th"]


def test_a_side_reads_its_own_rules_and_those_for_everyone() -> None:
    creator = rulebook_words(DEFAULT_RULEBOOK, RuleSide.CREATOR)
    assert creator.startswith("Community guidelines, version 1\n\nFor creators\n")
    assert "No reply at all (ghosting)" in creator and "Abusive conduct" in creator
    assert "Payment not made" not in creator
    everyone = rulebook_words(DEFAULT_RULEBOOK)
    assert "For brands\nPayment not made (non_payment)\n" in everyone
    assert ("  Detected by: a campaign check (its payment_past_due finding), a party's report, "
            "a mediator.\n  Evidence: the milestone and its due date; the record of payments.\n"
            "  Timing: 3 days of grace; 14 days to put it right.\n") in everyone
    assert "every strike: suspension from new campaigns for 90 days" in everyone
