"""The agreement: drafted from the accepted proposal, hashed, signed once by each side."""

from __future__ import annotations

import hashlib

from bot.domain import kinds
from bot.domain.clock import format_time
from bot.domain.commands import Accept, Propose, Sign
from bot.domain.phases import ClosedReason, Phase

from .session import ANA, CASE_ID, CLEO, MO, OTTO, TERMS, Session, last


def test_the_agreement_text_states_the_terms_and_its_hash_is_recorded() -> None:
    s = Session().negotiating()
    s.do(ANA, Propose({**TERMS, "dates": "Reel live by 1 Dec", "terms": "Usage 6 months"}))
    s.later(hours=3)
    drafted = last(s.do(CLEO, Accept(1)), kinds.AGREEMENT_DRAFTED)
    text = drafted.payload["text"]
    assert drafted.payload["proposal"] == 1
    assert drafted.payload["text_hash"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert text.splitlines() == [
        f"Settlement agreement for case {CASE_ID}: Reel not delivered",
        "",
        "Between Ana (brand) and Cleo (creator).",
        f"Proposal #1 by Ana, accepted by Cleo on {format_time(s.now)}.",
        "",
        "Terms:",
        "- Amount: 1000.00 EUR",
        "- Deliverables: One reel by 1 Dec",
        "- Dates: Reel live by 1 Dec",
        "- Further terms: Usage 6 months",
        "",
        "By signing, each party confirms these terms settle the dispute recorded in this case.",
    ]
    agreement = s.state.agreement
    assert agreement is not None
    assert (agreement.text, agreement.text_hash, dict(agreement.signed)) == (
        text,
        drafted.payload["text_hash"],
        {},
    )


def test_the_same_acceptance_drafts_the_same_bytes() -> None:
    one, two = Session().agreeing(), Session().agreeing()
    assert one.state.agreement == two.state.agreement
    # The same entry, byte for byte; its hash differs only by its commitment's own salt.
    assert one.journal[-1].payload_json == two.journal[-1].payload_json
    assert one.journal[-1].salt != two.journal[-1].salt


def test_each_side_signs_once_then_the_case_closes_as_settled() -> None:
    s = Session().agreeing()
    text_hash = s.state.agreement.text_hash  # type: ignore[union-attr]
    [signed] = s.do(CLEO, Sign())
    assert signed.payload == {"side": "creator", "text_hash": text_hash}
    assert s.phase is Phase.AGREEMENT
    assert "already signed" in s.refused(CLEO, Sign())
    entries = s.do(ANA, Sign())
    assert [e.kind for e in entries] == [kinds.AGREEMENT_SIGNED, kinds.CASE_CLOSED]
    assert entries[1].payload == {"reason": "settled", "note": ""}
    assert s.phase is Phase.CLOSED and s.state.closed_reason is ClosedReason.SETTLED
    assert set(s.state.agreement.signed) == {"brand", "creator"}  # type: ignore[union-attr]
    assert "`sign` is not possible while case" in s.refused(ANA, Sign())


def test_nobody_signs_before_there_is_an_agreement() -> None:
    s = Session().negotiating()
    message = s.refused(ANA, Sign())
    assert "`sign` is not possible while case" in message and "in negotiation" in message


def test_only_the_parties_sign() -> None:
    s = Session().agreeing()
    assert "not a party" in s.refused(OTTO, Sign())
    assert "Only " in s.refused(MO, Sign())
