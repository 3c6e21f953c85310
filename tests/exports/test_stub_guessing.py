"""An adversary with a party's export tries to read what the other side said in its caucus by
guessing: every integer from 0 to 100,000 in an offer, and a thousand common short phrases,
each with every field the format hashes guessed from the visible entries around the stub.
Under hash version 1 (content hashed directly) the offer is found; under version 2 (content
behind a salted commitment) nothing is."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
from collections.abc import Iterator, Sequence
from typing import Any

from bot.domain.commands import Caucus, PostMessage, RequestMediator
from bot.domain.entry_hash import canonical_json, hashed_text
from bot.domain.fold import replay
from bot.domain.identity import Role
from bot.domain.journal import GENESIS_HASH, JournalEntry
from bot.exports.document import build
from bot.exports.scope import scope_for
from tests.domain.session import ANA, CLEO, MO, Session

OFFER = "I would accept 900"
WORDS = ("yes", "no", "ok", "fine", "maybe", "agreed", "never", "please", "thanks", "sorry")
PLACES = ("", " EUR", " euros", " now", " today")


def common_phrases() -> list[str]:
    """A thousand short phrases people write in a negotiation."""
    phrases = [f"{a} {b}{c}" for a, b, c in itertools.product(WORDS, WORDS, PLACES)]
    phrases += [f"I can do {n}" for n in range(0, 1000, 2)]
    return phrases[:1000]


def journal_with_a_caucus_offer() -> list[JournalEntry]:
    s = Session().joined()
    s.do(CLEO, RequestMediator("We are stuck."))
    s.mediated(MO)
    s.do(MO, Caucus(ANA.user_id))
    s.do(ANA, PostMessage(OFFER, room="caucus:brand"))
    s.do(MO, PostMessage("Thank you, noted.", room="caucus:brand"))
    return s.journal


def as_version_1(entries: Sequence[JournalEntry]) -> list[JournalEntry]:
    """The same journal as it would have been hashed before salted commitments."""
    relinked, prev = [], GENESIS_HASH
    for entry in entries:
        old = dataclasses.replace(entry, salt=None, content_hash=None, prev_hash=prev)
        old = dataclasses.replace(old, hash=old.computed_hash())
        relinked.append(old)
        prev = old.hash
    return relinked


def guesses(doc: dict[str, Any], stub: dict[str, Any]) -> Iterator[str]:
    """Version 1 hash texts for a stub: its caucus post, by either party, at the moment of
    any visible entry, with each offer and phrase."""
    case_id = doc["case"]["id"]
    moments = {e["at"] for e in doc["entries"] if not e.get("redacted")}
    texts = [f"I would accept {n}" for n in range(100_001)] + common_phrases()
    for at, (actor_id, name, role) in itertools.product(moments, [
            (ANA.user_id, ANA.name, "claimant"), (CLEO.user_id, CLEO.name, "respondent")]):
        for text in texts:
            payload = canonical_json({"ref": f"m{stub['seq']}", "room": "caucus:brand",
                                      "text": text})
            yield hashed_text(case_id, stub["seq"], at, "message_posted", actor_id, name,
                              role, "side:brand", payload, f"test:{stub['seq']}",
                              stub["prev_hash"])


def found(entries: Sequence[JournalEntry]) -> int:
    """How many stubs of the creator's export a guess matches."""
    case = replay(entries)
    assert case is not None
    doc = build(entries, scope_for(case, CLEO, Role.RESPONDENT), case.opened_at)
    stubs = [e for e in doc["entries"] if e.get("redacted")]
    assert stubs, "the brand's caucus is hidden from the creator"
    matched = 0
    for stub in stubs:
        wanted = stub["hash"]
        if any(hashlib.sha256(text.encode()).hexdigest() == wanted
               for text in guesses(doc, stub)):
            matched += 1
    return matched


def test_guessing_finds_the_offer_in_a_version_1_export() -> None:
    assert found(as_version_1(journal_with_a_caucus_offer())) == 1


def test_guessing_finds_nothing_behind_salted_commitments() -> None:
    assert found(journal_with_a_caucus_offer()) == 0
