"""The kinds of journal entry a community's guidelines record holds (`GL-…`): the rulebooks
it adopted, the reports members made to the moderators and how each was triaged, the steps
applied to members, their strikes expiring, and appeals.

Payloads hold text, whole numbers and lists only. A rulebook travels as its canonical JSON
text with its SHA-256, so that what a penalty cites is exactly what members were shown.
"""

from __future__ import annotations

GUIDELINES_STARTED = "guidelines_started"  # the community's record begins
RULEBOOK_ADOPTED = "rulebook_adopted"  # a version of the rulebook is in force from now

REPORT_MADE = "report_made"  # a member's report to the moderators (mediators only)
REPORT_TRIAGED = "report_triaged"  # dismissed, or acted on (mediators only)

MEMBER_CAUTIONED = "member_cautioned"  # a reminder or warning outside any ladder
PENALTY_APPLIED = "penalty_applied"  # an incident under a rule: one strike, its ladder's step
STRIKE_EXPIRED = "strike_expired"  # a strike stopped counting on its own
SUSPENSION_ENDED = "suspension_ended"  # a suspension's days are over

BREACH_NOTICED = "breach_noticed"  # a campaign's finding: it counts at a moment unless cured
BREACH_CURED = "breach_cured"  # put right in time (or no longer applied automatically)

PENALTY_APPEALED = "penalty_appealed"  # the member asks another mediator to look again
APPEAL_DECIDED = "appeal_decided"  # upheld, or overturned (the strike no longer counts)

ALL = frozenset({GUIDELINES_STARTED, RULEBOOK_ADOPTED, REPORT_MADE, REPORT_TRIAGED,
                 MEMBER_CAUTIONED, PENALTY_APPLIED, STRIKE_EXPIRED, SUSPENSION_ENDED,
                 PENALTY_APPEALED, APPEAL_DECIDED, BREACH_NOTICED, BREACH_CURED})
