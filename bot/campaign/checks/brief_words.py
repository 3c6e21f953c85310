"""A case brief read back from its journal payload alone (`brief_payload.BriefPayload`): the
words both sides see, and the proposal a party may put forward from it. Nothing here reads the
campaign, so a case's history or export shows the brief it was opened with, whatever the
campaign became since.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.campaign.checks.brief_payload import (
    BriefPayload,
    EvidencePayload,
    FindingPayload,
    ItemPayload,
    amount_text,
)
from bot.domain.clock import parse_time

ITEM_KINDS = {"deliverable": "deliverable", "milestone": "payment milestone"}
FIXES_NOTHING = ("Computed outcome: none. The agreement fixes nothing for these findings: the "
                 "outcome is for the parties to negotiate.")


@dataclass(frozen=True)
class ComputedProposal:
    """What a party would put forward from a brief's computed outcome, marked as computed from
    its clauses."""

    amount: str  # what the brand pays now: the unpaid balance less the reduction
    currency: str
    kill_fees: str  # owed by the brand for cancelling, on top of `amount`
    terms: str  # the proposal's words, step by step
    clauses: tuple[str, ...]  # the clauses it was computed from (`c1`, `cancellation.kill_fee`)


def computed_proposal(payload: BriefPayload) -> ComputedProposal | None:
    """The proposal the brief's outcome gives; None when the agreement fixes nothing for its
    findings and the outcome is for the parties to negotiate."""
    outcome = payload["outcome"]
    if outcome["for_negotiation"]:
        return None
    currency = outcome["currency"]
    try:
        pays = max(Decimal(outcome["unpaid"]) - Decimal(outcome["reduction"]), Decimal(0))
    except (ArithmeticError, TypeError, ValueError):  # erased: its amounts are gone
        return None
    return ComputedProposal(amount_text(pays, currency), currency, outcome["kill_fees"],
                            outcome["proposal"], tuple(outcome["clauses"]))


def brief_words(payload: BriefPayload) -> str:
    """The brief in words: the agreement cited, the terms in question on each disputed item,
    the findings with their verdicts and citations, and the computed outcome."""
    zone = _zone(payload["time_zone"])
    version = payload["version"]
    lines = [f"Campaign {payload['campaign']} ({payload['title']}), version {version['number']} "
             f"(hash {version['hash']}), as of {_moment(payload['as_of'], zone)}.",
             f"In dispute: {', '.join(payload['disputed'])}."]
    accepted = payload.get("acceptances", [])
    if accepted:
        lines.append("Accepted by: " + "; ".join(
            f"{a['name']} ({_moment(a['at'], zone)})" for a in accepted) + ".")
    moments = payload.get("timeline", [])
    if moments:
        lines.append("Timeline:")
        lines.extend(f"- {_moment(m['at'], zone)}: {m['item']} {m['what']}" for m in moments)
    lines.append("Terms in question:")
    lines.extend(_item(item) for item in payload["items"])
    lines.append("Findings:" if payload["findings"] else "Findings: none.")
    for finding in payload["findings"]:
        lines.extend(_finding(finding, zone))
    outcome = payload["outcome"]
    if outcome["for_negotiation"]:
        lines.append(FIXES_NOTHING)
    else:
        lines.append("Computed outcome:")
        lines.extend(f"  {line}" for line in outcome["proposal"].splitlines())
    return "\n".join(lines)


def _item(item: ItemPayload) -> str:
    kind = ITEM_KINDS.get(item["kind"], item["kind"])
    terms = "; ".join(item["terms"]) or "no finding cites a term"
    return f"- {item['key']} ({kind}, {item['path']}): {terms}"


def _finding(finding: FindingPayload, zone: ZoneInfo) -> list[str]:
    citation = finding["citation"]
    lines = [f"- {finding['item']}, {finding['kind'].replace('_', ' ')}: "
             f"{finding['verdict']}. {finding['words']}",
             f"  Cites {citation['path']} (version {citation['version'][:12]})."]
    if finding["evidence"]:
        shown = "; ".join(_evidence(e, zone) for e in finding["evidence"])
        lines.append(f"  Evidence: {shown}.")
    if finding["settle"] and finding["settle"] not in finding["words"]:
        lines.append(f"  To settle it: {finding['settle']}")
    return lines


def _evidence(evidence: EvidencePayload, zone: ZoneInfo) -> str:
    """"the live post, https://…, 2026-05-26 13:00 EDT"; "the record, as of 2026-05-27 …"."""
    text = evidence["what"]
    if evidence["reference"]:
        text += f", {evidence['reference']}"
    if evidence["at"] is not None:
        joint = " " if text.endswith(" of") else ", "
        text += f"{joint}{_moment(evidence['at'], zone)}"
    return text


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _moment(text: str, zone: ZoneInfo) -> str:
    """A journal time in the agreement's zone: "2026-05-26 13:00 EDT"; text that is not a
    journal time (a moment recorded without its zone) is shown as it is."""
    try:
        moment: datetime = parse_time(text)
    except ValueError:
        return text
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")
