"""The kinds of journal entry a campaign's record holds.

Payloads hold text, whole numbers and lists only, so an entry is hashed into the journal and
read back exactly. Terms travel as their canonical JSON text (`terms/versions.py`), which is
what a version's hash covers: the fold reads the terms back from it and checks the hash.
"""

from __future__ import annotations

from bot.campaign.life.deliverable_life import DELIVERABLE_TRANSITIONS
from bot.campaign.life.milestone_life import MILESTONE_TRANSITIONS

# The agreement. A proposal, a counter and an amendment each add a version, with its number,
# its parent's hash (none for version 1), its own hash and its terms as canonical JSON.
AGREEMENT_PROPOSED = "agreement_proposed"
AGREEMENT_COUNTERED = "agreement_countered"  # a new version answering the one discussed
AGREEMENT_ACCEPTED = "agreement_accepted"  # one party, citing the exact hash it accepted
AGREEMENT_AMENDED = "agreement_amended"  # after agreement: a new version of the agreed one
AGREEMENT_AGREED = "agreement_agreed"  # every party named in the version accepted it

# The lives of deliverables and milestones: the kinds their LifeEvents carry, declared once in
# the lifecycles' tables (`deliverable_started`, `draft_submitted`, `milestone_due`...).
DELIVERABLE_KINDS = frozenset(t.kind for t in DELIVERABLE_TRANSITIONS)
MILESTONE_KINDS = frozenset(t.kind for t in MILESTONE_TRANSITIONS)

# The timers.
CAMPAIGN_REMINDER_SENT = "campaign_reminder_sent"  # before a deadline a person must act on
CAMPAIGN_OVERDUE = "campaign_overdue"  # a deadline passed: names who must act

CAMPAIGN_ENDED = "campaign_ended"

# How to read a CSV export no importer knows, given once by a party: its `fields` as the
# mapping form writes them (`bot.campaign.performance.mapped_csv.mapping_fields`).
COLUMN_MAPPING_SET = "column_mapping_set"

AGREEMENT_KINDS = frozenset({AGREEMENT_PROPOSED, AGREEMENT_COUNTERED, AGREEMENT_ACCEPTED,
                             AGREEMENT_AMENDED, AGREEMENT_AGREED})
ALL = AGREEMENT_KINDS | DELIVERABLE_KINDS | MILESTONE_KINDS | {
    CAMPAIGN_REMINDER_SENT, CAMPAIGN_OVERDUE, CAMPAIGN_ENDED, COLUMN_MAPPING_SET}
