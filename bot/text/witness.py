"""The record's fingerprint, posted in the thread at a mediation's milestones: the case
opened, statements revealed, a proposal accepted (or blind bids met), the agreement signed,
the case closed.

Each party then holds, in their own chat, the fingerprint of the chain as it stood at that
moment (the first 32 hex characters of that entry's hash, in groups of four). Nobody, the
operator included, can later rewrite anything up to that entry without the fingerprint
changing: `mediator verify` prints the same fingerprints for a party to compare.
"""

from __future__ import annotations

from dataclasses import replace

from bot.domain import kinds
from bot.domain.journal import JournalEntry
from bot.exchange import THREAD, Reply
from bot.signatures import grouped

MILESTONES = frozenset({kinds.CASE_OPENED, kinds.STATEMENTS_REVEALED, kinds.PROPOSAL_ACCEPTED,
                        kinds.BIDDING_SETTLED, kinds.AGREEMENT_SIGNED, kinds.CASE_CLOSED,
                        kinds.DECISION_MADE, kinds.DECISION_UPHELD, kinds.CASE_REOPENED})


def record_fingerprint(entry_hash: str) -> str:
    """`a1b2 c3d4 … (8 groups)`: the first 32 hex characters (128 bits) of a hash, as people
    compare it; fewer would let whoever writes the entries prepare two with the same one."""
    return grouped(entry_hash)


def witness_line(entry: JournalEntry) -> str:
    return (f"Record fingerprint at entry {entry.seq}: {record_fingerprint(entry.hash)} "
            "(keep it: `mediator verify` shows the same for this entry).")


def witnessed(replies: list[Reply], entry: JournalEntry) -> list[Reply]:
    """The replies with the record's fingerprint added to the thread's announcement, at a
    milestone; unchanged otherwise."""
    if entry.kind not in MILESTONES:
        return replies
    for index, reply in enumerate(replies):
        if reply.audience == THREAD:
            shown = replace(reply, text=f"{reply.text}\n{witness_line(entry)}")
            return [*replies[:index], shown, *replies[index + 1:]]
    return [*replies, Reply(THREAD, witness_line(entry), entry.case_id)]
