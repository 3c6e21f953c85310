"""Words for double-blind bidding. No announcement, history line or export of anyone but the
bidder ever carries a bid: the thread hears that a bid is in, that a round ended, the amount it
settled at, or that bidding failed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.domain import kinds
from bot.domain.bidding import sides_due
from bot.domain.case import Case
from bot.domain.clock import format_time
from bot.domain.identity import Side
from bot.domain.journal import JournalEntry
from bot.exchange import ACTOR, Reply
from bot.text.phrases import when
from bot.text.record import EntryWords, fields_export, thread, told

_CAUSES = {"no_overlap": "the last round's bids did not come close enough",
           "deadline": "a round's deadline passed before both bids were in"}


def _rule_words(p: Mapping[str, Any]) -> str:
    tolerance = "they meet" if p["tolerance"] == "0" else (
        f"the offer comes within {p['tolerance']}"
        + (" of the demand" if p["tolerance"].endswith("%") else f" {p['currency']}"))
    split = "the midpoint" if p["split"] == 50 else f"{p['split']}% of the gap above the offer"
    return (f"up to {p['rounds']} round(s) in {p['currency']}; it settles when {tolerance}, "
            f"at {split}")


def _proposed(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    other = case.party(Side(p["by"]).other)
    text = (f"{entry.actor_name} proposes double-blind bidding on the amount: "
            f"{_rule_words(p)}. Each bid is sealed: nobody but its bidder ever sees it, the "
            f"mediators included. {other.name}: `bidding accept` or `bidding decline`.")
    return told(case, text, other.user_id)


def _opened(case: Case, entry: JournalEntry) -> list[Reply]:
    text = (f"Blind bidding is open. Round 1 until {when(entry.payload['due_at'])}: "
            f"{case.claimant.name} seals a demand, {case.respondent.name} an offer, each with "
            "`bid <amount>`.")
    return told(case, text, *(party.user_id for party in case.parties()))


def _declined(case: Case, entry: JournalEntry) -> list[Reply]:
    reason = f" ({entry.payload['reason']})" if entry.payload.get("reason") else ""
    return [thread(case, f"{entry.actor_name} declined blind bidding{reason}.")]


def _sealed(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    bidding = case.bidding
    currency = bidding.currency if bidding else ""
    return [Reply(ACTOR, f"Your {p['as']} for round {p['round']} is sealed: {p['amount']} "
                         f"{currency}. Nobody else sees it, now or later.", case.id),
            thread(case, f"A sealed bid for round {p['round']} is in.")]


def _round_ended(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    text = (f"Round {p['round']} of the blind bidding ended without a settlement; nothing is "
            f"revealed. Round {p['next']} until {when(p['due_at'])}: seal a new bid (a demand "
            "may only go down, an offer only up).")
    return told(case, text, *(party.user_id for party in case.parties()))


def _settled(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    return [thread(case, f"The blind bids met in round {p['round']}: the case settles at "
                         f"{p['amount']} {p['currency']}. The bids stay sealed.")]


def _failed(case: Case, entry: JournalEntry) -> list[Reply]:
    cause = _CAUSES.get(entry.payload["cause"], entry.payload["cause"])
    return [thread(case, f"Blind bidding ended without a settlement: {cause}. The bids stay "
                         "sealed for good; a mediator can help from here.")]


def _line(words: str) -> Any:
    def line(entry: JournalEntry) -> str:
        return words.format(**entry.payload)

    return line


BIDDING_WORDS: dict[str, EntryWords[Case]] = {
    kinds.BIDDING_PROPOSED: EntryWords(
        _proposed, lambda e: f"proposes blind bidding: {_rule_words(e.payload)}",
        fields_export("Blind bidding proposed", "tolerance", "split", "rounds", "currency")),
    kinds.BIDDING_OPENED: EntryWords(
        _opened, _line("agrees to blind bidding; round {round} until {due_at}"),
        fields_export("Blind bidding agreed", "due_at")),
    kinds.BIDDING_DECLINED: EntryWords(
        _declined, _line("declines blind bidding {reason}"),
        fields_export("Blind bidding declined", "reason")),
    kinds.BID_SEALED: EntryWords(
        _sealed, _line("seals a bid for round {round}: {as} of {amount}"),
        fields_export("Sealed bid, round {round}", "as", "amount")),
    kinds.BIDDING_ROUND_ENDED: EntryWords(
        _round_ended, _line("bidding round {round} ended; round {next} until {due_at}"),
        fields_export("Bidding round {round} ended", "next", "due_at")),
    kinds.BIDDING_SETTLED: EntryWords(
        _settled, _line("blind bids met in round {round}: {amount} {currency}"),
        fields_export("Settled by blind bidding", "round", "amount", "currency")),
    kinds.BIDDING_FAILED: EntryWords(
        _failed, _line("blind bidding failed in round {round} ({cause})"),
        fields_export("Blind bidding failed", "round", "cause")),
}


def bidding_lines(case: Case, side: Side | None) -> list[str]:
    """The bidding in a status: where it stands, and the viewer's own bids alone."""
    bidding = case.bidding
    if bidding is None:
        return []
    state = {"proposed": f"proposed by {case.party(bidding.proposed_by).name}",
             "open": f"round {bidding.round} of {bidding.rounds} open",
             "declined": "declined", "settled": f"settled in round {bidding.round}",
             "failed": "ended without a settlement"}[bidding.status]
    lines = [f"Blind bidding: {state}"]
    if side is not None:
        mine = [f"round {r}: {bids[side]}" for r, bids in sorted(bidding.bids.items())
                if side in bids]
        if mine:
            lines.append(f"  Your sealed bids ({bidding.currency}, only you see them): "
                         + ", ".join(mine))
    return lines


def bidding_waits(case: Case) -> list[str]:
    """Who the bidding waits for, and by when."""
    bidding = case.bidding
    if bidding is None or bidding.status not in ("proposed", "open"):
        return []
    if bidding.status == "proposed":
        other = case.party(bidding.proposed_by.other)
        return [f"{other.name} to `bidding accept` or `bidding decline`"]
    by = f" by {when(format_time(bidding.due_at))}" if bidding.due_at else ""
    return [f"{case.party(side).name} to seal a bid for round {bidding.round}{by}"
            for side in sides_due(case)]
