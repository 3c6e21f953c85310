"""Evidence: recorded by hash, size, type and uploader; late files are accepted but flagged."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from bot.domain import kinds
from bot.domain.clock import format_time
from bot.domain.commands import AddEvidence, Withdraw
from bot.domain.policy import Policy

from .session import ANA, CLEO, MO, OTTO, Session

CONTRACT = hashlib.sha256(b"the signed contract").hexdigest()


def evidence(description: str = "", sha256: str = CONTRACT, size: int = 19) -> AddEvidence:
    return AddEvidence(sha256, size, "application/pdf", "contract.pdf", description)


def test_evidence_is_recorded_with_hash_size_type_uploader_and_time() -> None:
    s = Session().joined()
    s.later(hours=1)
    [entry] = s.do(CLEO, evidence("Signed contract"))
    assert entry.kind == kinds.EVIDENCE_ADDED and entry.visibility == "all"
    assert entry.payload == {
        "sha256": CONTRACT,
        "size": 19,
        "media_type": "application/pdf",
        "filename": "contract.pdf",
        "description": "Signed contract",
        "late": False,
    }
    [item] = s.state.evidence
    assert (item.seq, item.uploader, item.at, item.late) == (
        entry.seq,
        CLEO.user_id,
        format_time(s.now),
        False,
    )


def test_evidence_after_the_evidence_deadline_is_accepted_but_flagged_late() -> None:
    s = Session(policy=Policy(evidence_window=timedelta(days=2))).joined()
    due = s.state.deadlines["evidence"]
    s.now = due
    s.do(ANA, evidence("on the dot"))
    s.now = due + timedelta(microseconds=1)
    [late] = s.do(ANA, evidence("a moment too late"))
    assert late.payload["late"] is True
    assert [e.late for e in s.state.evidence] == [False, True]


def test_evidence_before_the_respondent_joins_is_never_late() -> None:
    s = Session().opened()
    s.later(days=60)
    [entry] = s.do(ANA, evidence())
    assert entry.payload["late"] is False


def test_late_evidence_in_negotiation_and_agreement_is_still_flagged() -> None:
    s = Session().agreeing()
    s.now = s.state.deadlines["evidence"] + timedelta(days=1)
    [entry] = s.do(CLEO, evidence())
    assert entry.payload["late"] is True


def test_only_parties_add_evidence_and_not_after_closing() -> None:
    s = Session().joined()
    assert "not a party" in s.refused(OTTO, evidence())
    assert "Only " in s.refused(MO, evidence())
    s.do(ANA, Withdraw())
    assert "`evidence` is not possible while case" in s.refused(ANA, evidence())


def test_a_bad_hash_or_size_is_refused() -> None:
    s = Session().joined()
    for bad in ("", "ab" * 31, CONTRACT.upper(), CONTRACT + "0", "g" * 64):
        assert "hash or size" in s.refused(ANA, evidence(sha256=bad))
    assert "hash or size" in s.refused(ANA, evidence(size=-1))
