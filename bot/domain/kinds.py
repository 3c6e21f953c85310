"""The kinds of journal entry. Their payloads are described in docs/journal.md."""

CASE_OPENED = "case_opened"
CASE_JOINED = "case_joined"
CASE_CLOSED = "case_closed"
STATEMENT_SUBMITTED = "statement_submitted"
STATEMENTS_REVEALED = "statements_revealed"
EVIDENCE_ADDED = "evidence_added"
METRICS_REPORTED = "metrics_reported"  # figures read from an analytics export, with their file
PROPOSAL_MADE = "proposal_made"
PROPOSAL_ACCEPTED = "proposal_accepted"
PROPOSAL_REJECTED = "proposal_rejected"
PROPOSAL_WITHDRAWN = "proposal_withdrawn"
PROPOSAL_SUPERSEDED = "proposal_superseded"
AGREEMENT_DRAFTED = "agreement_drafted"
AGREEMENT_SIGNED = "agreement_signed"
MEDIATOR_REQUESTED = "mediator_requested"
MEDIATOR_ASSIGNED = "mediator_assigned"
CAUCUS_OPENED = "caucus_opened"
MEDIATOR_NOTE = "mediator_note"
MESSAGE_POSTED = "message_posted"
MESSAGE_EDITED = "message_edited"
MESSAGE_DELETED = "message_deleted"
DEADLINE_PASSED = "deadline_passed"
REMINDER_SENT = "reminder_sent"
EVIDENCE_WINDOW_CLOSED = "evidence_window_closed"
PROPOSAL_EXPIRED = "proposal_expired"
FOLLOWUP_CONFIRMED = "followup_confirmed"
FOLLOWUP_OVERDUE = "followup_overdue"
# Retention, legal holds and erasure (`bot/domain/erasure.py`, docs/journal.md).
RETENTION_SET = "retention_set"  # a closed case's content is kept until a date
LEGAL_HOLD_PLACED = "legal_hold_placed"
LEGAL_HOLD_LIFTED = "legal_hold_lifted"
CONTENT_ERASED = "content_erased"
# Double-blind bidding on the amount (`bot/domain/bidding.py`).
BIDDING_PROPOSED = "bidding_proposed"
BIDDING_OPENED = "bidding_opened"
BIDDING_DECLINED = "bidding_declined"
BID_SEALED = "bid_sealed"  # visible to the bidder's side alone, never to the mediator
BIDDING_ROUND_ENDED = "bidding_round_ended"  # no overlap yet: the next round, nothing revealed
BIDDING_SETTLED = "bidding_settled"
BIDDING_FAILED = "bidding_failed"
# People beyond the parties (`bot/domain/roster.py`).
MEDIATOR_HANDED_OFF = "mediator_handed_off"  # to another mediator, with a reason
BRIEFING_GIVEN = "briefing_given"  # what a mediator taking the case was shown (mediators only)
OBSERVER_ADDED = "observer_added"
OBSERVER_REMOVED = "observer_removed"
# When talking fails (`bot/domain/review.py`, `bot/domain/ruling.py`).
REVIEW_OPENED = "review_opened"
POSITION_SUBMITTED = "position_submitted"  # a final position, sealed like a statement
POSITIONS_REVEALED = "positions_revealed"
RECOMMENDATION_MADE = "recommendation_made"
RECOMMENDATION_ANSWERED = "recommendation_answered"
RECOMMENDATION_LAPSED = "recommendation_lapsed"
DECISION_MADE = "decision_made"
APPEAL_LODGED = "appeal_lodged"
DECISION_UPHELD = "decision_upheld"
CASE_REOPENED = "case_reopened"
