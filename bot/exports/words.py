"""What an entry says, in words a reader of the HTML or PDF export understands.

Returns plain text (headline and labelled fields); each renderer escapes it for its format.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from bot.domain import kinds
from bot.domain.clock import parse_time
from bot.wording import size_words, terms_words

ROOM_WORDS = {"thread": "case thread", "caucus:brand": "brand caucus (private)",
              "caucus:creator": "creator caucus (private)"}
VISIBILITY_WORDS = {"all": "everyone in the case", "side:brand": "brand side and mediators",
                    "side:creator": "creator side and mediators", "mediators": "mediators only"}


@dataclass(frozen=True)
class Described:
    headline: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    text: str | None = None  # the person's own words, shown as a block


def stamp(at: str, zone: tzinfo | None) -> str:
    """`2026-11-21 19:00:00 UTC`, and the same moment in `zone` when one is given."""
    moment = parse_time(at)
    utc = f"{moment:%Y-%m-%d %H:%M:%S} UTC"
    if zone is None:
        return utc
    local = moment.astimezone(zone)
    return f"{utc} ({local:%Y-%m-%d %H:%M:%S} {local.tzname() or ''})".replace(" )", ")")


def zone_name(zone: tzinfo | None) -> str:
    return "UTC" if zone is None else str(zone)


def _terms(terms: Mapping[str, Any]) -> list[tuple[str, str]]:
    pairs = []
    if terms.get("amount"):
        pairs.append(("Amount", f"{terms['amount']} {terms.get('currency', '')}".strip()))
    for key in ("deliverables", "dates", "terms"):
        if terms.get(key):
            pairs.append((key.title(), str(terms[key])))
    return pairs


def describe(item: Mapping[str, Any]) -> Described:
    """The words for one visible entry of a history document."""
    k = item["kind"]
    p = item["payload"]
    if k == kinds.CASE_OPENED:
        details = p.get("details", {})
        pairs = [(key.replace("_", " ").title(), str(value)) for key, value in details.items()]
        return Described(f"Opened the case “{p['title']}”", pairs)
    if k in (kinds.MESSAGE_POSTED, kinds.MESSAGE_EDITED):
        room = ROOM_WORDS.get(p["room"], p["room"])
        if k == kinds.MESSAGE_EDITED:
            return Described(f"Edited message {p['ref']} (version {p['version']}) in {room}",
                             text=p["text"])
        recovered = " (recovered from the platform's history)" if p.get("recovered") else ""
        return Described(f"Message {p['ref']} in {room}{recovered}", text=p["text"])
    if k == kinds.MESSAGE_DELETED:
        return Described(f"Deleted message {p['ref']} (its versions stay in the journal)")
    if k == kinds.STATEMENT_SUBMITTED:
        s = p["statement"]
        pairs = [("What happened", str(s.get("what_happened", ""))),
                 ("Wants", str(s.get("wants", "")))]
        if s.get("amount"):
            pairs.append(("Amount", f"{s['amount']} {s.get('currency', '')}".strip()))
        if s.get("position"):
            pairs.append(("Position", str(s["position"]).replace("_", " ")))
        word = "Amended statement" if p.get("amended") else "Statement"
        return Described(f"{word} of the {p['side']} side (sealed until both are in)", pairs)
    if k == kinds.STATEMENTS_REVEALED:
        return Described("Both statements revealed to both sides")
    if k == kinds.EVIDENCE_ADDED:
        late = " (late)" if p.get("late") else ""
        return Described(f"Evidence: {p['filename']}{late}", [
            ("Type", f"{p['media_type']}, {size_words(p['size'])}"),
            ("SHA-256", p["sha256"]), ("Description", p.get("description", ""))])
    if k == kinds.PROPOSAL_MADE:
        answers = f", countering #{p['answers']}" if p.get("answers") else ""
        return Described(f"Proposal #{p['number']} by the {p['by']} side{answers}",
                         [*_terms(p["terms"]), ("Expires", stamp(p["expires_at"], None))])
    if k == kinds.PROPOSAL_SUPERSEDED:
        return Described(f"Proposal #{p['number']} superseded by the acceptance of #{p['by']}")
    if k in (kinds.PROPOSAL_ACCEPTED, kinds.PROPOSAL_REJECTED, kinds.PROPOSAL_WITHDRAWN):
        verb = k.removeprefix("proposal_")
        reason = [("Reason", p["reason"])] if p.get("reason") else []
        return Described(f"Proposal #{p['number']} {verb}", reason)
    if k == kinds.AGREEMENT_DRAFTED:
        return Described(f"Agreement drafted from proposal #{p['proposal']}",
                         [("SHA-256 of the text", p["text_hash"])], text=p["text"])
    if k == kinds.AGREEMENT_SIGNED:
        return Described(f"Agreement signed for the {p['side']} side",
                         [("Signed text SHA-256", p["text_hash"])])
    if k == kinds.MEDIATOR_REQUESTED:
        return Described("Asked for a mediator", [("Reason", p.get("reason", ""))])
    if k == kinds.MEDIATOR_ASSIGNED:
        return Described(f"{p['mediator']['name']} took the case as mediator")
    if k == kinds.CAUCUS_OPENED:
        return Described(f"Private caucus opened with the {p['side']} side")
    if k == kinds.MEDIATOR_NOTE:
        return Described("Mediator's note (mediators only)", text=p["text"])
    if k == kinds.CASE_CLOSED:
        note = [("Note", p["note"])] if p.get("note") else []
        return Described(f"Case closed: {str(p['reason']).replace('_', ' ')}", note)
    if k == kinds.CASE_JOINED:
        return Described("Agreed to mediate", [("Statements due", stamp(p["statements_due"],
                                                                         None))])
    pairs = [(key, json_text(value)) for key, value in p.items()]
    return Described(k.replace("_", " ").capitalize(), pairs)


def json_text(value: Any) -> str:
    return value if isinstance(value, str) else repr(value)


def terms_line(terms: Mapping[str, Any]) -> str:
    return terms_words(terms)


def proposal_status(status: str, expires_at: str, exported_at: str) -> str:
    """A proposal still open when its time ran out reads as expired."""
    if status == "open" and parse_time(exported_at) >= parse_time(expires_at):
        return "expired"
    return status


def moment(at: str) -> datetime:
    return parse_time(at)
