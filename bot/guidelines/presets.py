"""The shipped ladders and the default community rulebook, as data.

- `three_strikes` (as Aspire does it): a warning, a second warning, then suspension from new
  campaigns at the third active strike; strikes expire after 90 days.
- `expiry_ladder` (as Skeepers does it): a reminder, an extension, then the deliverable expires
  (a strike); the same again, and the second expiry removes the member from campaigns.
- `late_fee`: a late-delivery clause's shape as a ladder: a reminder, then the fee reduced.
- `zero_tolerance`: suspension at once, for ghosting and abuse.
"""

from __future__ import annotations

from decimal import Decimal

from bot.campaign.checks.finding import FindingKind
from bot.guidelines.rulebook import (
    Detection,
    GuidelineRule,
    Ladder,
    Rulebook,
    RuleSide,
    Scope,
    Step,
    StepKind,
)

REMINDER = Step(StepKind.REMINDER)
WARNING = Step(StepKind.WARNING)
STRIKE = Step(StepKind.STRIKE)

THREE_STRIKES = Ladder("three_strikes", (
    WARNING,
    WARNING,
    Step(StepKind.SUSPENSION, days=30, scope=Scope.CAMPAIGNS),
), strike_days=90, window_days=90)

EXPIRY_LADDER = Ladder("expiry_ladder", (
    REMINDER,
    Step(StepKind.EXTENSION, days=14),
    STRIKE,  # the deliverable expired: its credit is lost
    REMINDER,
    Step(StepKind.EXTENSION, days=14),
    Step(StepKind.SUSPENSION, days=180, scope=Scope.CAMPAIGNS),  # the second expiry: removal
), strike_days=365, window_days=365)

LATE_FEE = Ladder("late_fee", (
    REMINDER,
    Step(StepKind.FEE_ADJUSTMENT, percent=Decimal(5)),
    Step(StepKind.FEE_ADJUSTMENT, percent=Decimal(10)),
), strike_days=60, window_days=60)

ZERO_TOLERANCE = Ladder("zero_tolerance", (
    Step(StepKind.SUSPENSION, days=90, scope=Scope.CAMPAIGNS),
), strike_days=365, window_days=365)

PRESET_LADDERS = (THREE_STRIKES, EXPIRY_LADDER, LATE_FEE, ZERO_TOLERANCE)

FINDING = frozenset({Detection.FINDING, Detection.REPORT, Detection.MEDIATOR})
REPORTED = frozenset({Detection.REPORT, Detection.MEDIATOR})


def _rule(key: str, side: RuleSide, title: str, evidence: tuple[str, ...], ladder: Ladder,
          grace: int = 0, cure: int = 0, finding: FindingKind | None = None) -> GuidelineRule:
    return GuidelineRule(key, side, title, FINDING if finding else REPORTED, evidence, grace,
                         cure, ladder.key, finding)


C, B = RuleSide.CREATOR, RuleSide.BRAND
DEFAULT_RULES = (
    _rule("non_delivery", C, "Content not delivered", ("the agreed publish window",
          "the creator's channel with nothing live"), EXPIRY_LADDER, 0, 7, FindingKind.MISSED),
    _rule("late_delivery", C, "Content delivered late", ("the agreed publish window",
          "the live post and when it went live"), LATE_FEE, 1, 0, FindingKind.LATE),
    _rule("requirement_missed", C, "A stated requirement missing", ("the agreed requirement",
          "the live post or its caption"), THREE_STRIKES, 0, 3,
          FindingKind.REQUIREMENT_MISSING),
    _rule("disclosure_missing", C, "Advertising not disclosed", ("the live post's caption",
          "the disclosure rules that apply"), THREE_STRIKES, 0, 1, FindingKind.DISCLOSURE),
    _rule("early_removal", C, "Content taken down early", ("the agreed keep-live days",
          "when the post was taken down"), THREE_STRIKES, 0, 3, FindingKind.KEEP_LIVE_BROKEN),
    _rule("unapproved_post", C, "Content posted without approval", ("the approval the "
          "agreement requires", "the live post"), THREE_STRIKES, 0, 2),
    _rule("exclusivity_breach", C, "Exclusivity broken", ("the agreed exclusivity",
          "the competing post"), THREE_STRIKES, 0, 0),
    _rule("ghosting", C, "No reply at all", ("the messages sent",
          "the days without a reply"), ZERO_TOLERANCE, 7, 0),
    _rule("non_payment", B, "Payment not made", ("the milestone and its due date",
          "the record of payments"), THREE_STRIKES, 3, 14, FindingKind.PAYMENT_PAST_DUE),
    _rule("late_payment", B, "Payment made late", ("the milestone and its due date",
          "when it was paid"), LATE_FEE, 3, 0),
    _rule("usage_overreach", B, "Content used beyond the rights", ("the agreed usage rights",
          "the use past them"), THREE_STRIKES, 0, 7, FindingKind.USAGE_PAST_END),
    _rule("ad_access_overrun", B, "Ads run past their access", ("the agreed ad access",
          "the ad still running"), THREE_STRIKES, 0, 3, FindingKind.AD_ACCESS_PAST_END),
    _rule("review_silence", B, "A draft left without review", ("the draft and when it was "
          "sent", "the agreed review window"), THREE_STRIKES, 0, 3),
    _rule("product_not_sent", B, "Product not sent", ("the agreed shipment",
          "the creator's word that nothing arrived"), THREE_STRIKES, 7, 7),
    _rule("abusive_conduct", RuleSide.EITHER, "Abusive conduct", ("the messages",),
          ZERO_TOLERANCE, 0, 0),
)

DEFAULT_RULEBOOK = Rulebook(1, DEFAULT_RULES, PRESET_LADDERS)
