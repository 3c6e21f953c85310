"""Erasure, retention and legal holds through the real service and stores: what is erased is
gone from the database's files and the evidence folder, byte for byte; the chain, the exports
and the bundle still verify and say what was erased, when and why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.domain import kinds
from bot.domain.commands import EditMessage, EraseContent, PostMessage
from bot.domain.entry_hash import canonical_json
from bot.domain.errors import Refusal
from bot.domain.identity import operator
from bot.domain.journal import JournalEntry
from bot.domain.phases import Phase
from bot.domain.policy import Policy
from bot.exchange import Context
from bot.service.store_audit import verify_case
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore
from tests.exports.damage import with_history
from tests.test_independent_verifier import assert_agree

from .desk import ANA, CLEO, COMMUNITY, MO, PLATFORM, Desk

SAID = {  # what Cleo says, each phrase found nowhere else
    "message": "Zanzibar-7731: the reel went live on the 10th",
    "edit": "Narwhal-2208: it went live on the 12th",
    "description": "Ocelot-5150 screenshot of the insights",
    "statement": "The brief changed twice",
    "file": "Pangolin-9983 insights export",
}
KEPT = "Quetzal-6620: noted, thank you"  # Ana's, which stays
REASON = "GDPR Art. 17 request of 2 Dec"


async def _case_with_cleos_words(desk: Desk) -> str:
    case_id = await desk.case_in(Phase.NEGOTIATION)
    await desk.act(CLEO, case_id, PostMessage(text=SAID["message"], ref="m1"))
    await desk.act(CLEO, case_id, EditMessage(ref="m1", text=SAID["edit"], observed=True))
    await desk.act(ANA, case_id, PostMessage(text=KEPT, ref="m2"))
    await desk.attach(CLEO, case_id, f"%PDF-1.7 {SAID['file']}".encode(), "insights.pdf",
                      SAID["description"])
    await desk.say(CLEO, "accept 1", case_id)
    await desk.say(ANA, "sign", case_id)
    await desk.say(CLEO, "sign", case_id)
    return case_id


def _files(store: SqlCaseStore, evidence: FileEvidenceStore) -> list[Path]:
    database = Path(str(store.engine.url.database))
    found = [p for p in database.parent.glob(database.name + "*") if p.is_file()]
    return found + [p for p in evidence.root.rglob("*") if p.is_file()]


def _holding(paths: list[Path], phrase: str) -> list[str]:
    return [p.name for p in paths if phrase.encode() in p.read_bytes()]


async def _export(desk: Desk, case_id: str, form: str, viewer: str = "") -> bytes:
    [reply] = (await desk.say(MO if not viewer else ANA, f"export {form}", case_id)).replies
    assert reply.attachment is not None
    return reply.attachment.content


def _erasure_forgeries(bundle: bytes, erasure: int) -> list[bytes]:
    """The bundle with its erasures misread: an entry's content swapped for remains naming an
    entry that erased nothing, and an erasure that no longer lists what it erased."""

    def names_another(doc: dict[str, Any]) -> None:
        item = next(e for e in doc["entries"] if e.get("salt") is None and "payload" in e)
        item["payload"]["erased"]["entry"] = erasure - 1
        item["payload_json"] = canonical_json(item["payload"])

    def lists_less(doc: dict[str, Any]) -> None:
        item = doc["entries"][erasure - 1]
        item["payload"]["entries"] = item["payload"]["entries"][1:]
        item["payload_json"] = canonical_json(item["payload"])

    return [with_history(bundle, names_another), with_history(bundle, lists_less)]


async def test_erasing_one_persons_content_leaves_no_copy_and_the_record_verifies(
        desk: Desk, store: SqlCaseStore, evidence_store: FileEvidenceStore,
        tmp_path: Path) -> None:
    case_id = await _case_with_cleos_words(desk)
    sqlite = store.engine.dialect.name == "sqlite"
    if sqlite:
        assert _holding(_files(store, evidence_store), SAID["message"])  # before: there

    outcome = await desk.service.erasing.erase(case_id, CLEO.user_id, REASON, "dana")

    [erasure] = outcome.entries
    assert erasure.kind == kinds.CONTENT_ERASED and erasure.actor_id == "operator:dana"
    assert erasure.payload["person"] == CLEO.user_id and erasure.payload["reason"] == REASON
    entries = await desk.verified(case_id)
    assert await verify_case(desk.store, evidence_store, case_id) == []
    erased = [e for e in entries if e.seq in erasure.payload["entries"]]
    assert {e.kind for e in erased} >= {kinds.MESSAGE_POSTED, kinds.MESSAGE_EDITED,
                                        kinds.STATEMENT_SUBMITTED, kinds.STATEMENTS_REVEALED,
                                        kinds.EVIDENCE_ADDED}
    for entry in erased:
        assert entry.salt is None and entry.actor_name == ""
        assert entry.payload["erased"] == {"at": erasure.at, "reason": REASON,
                                           "entry": erasure.seq}
    assert any(e.payload.get("text") == KEPT for e in entries)  # Ana's words stay

    history = (await desk.say(MO, "history", case_id)).replies[0].text
    assert f"erased on {erasure.at[:10]} ({REASON}" in history
    for who in (ANA, CLEO, MO):
        for line in ("status", "history", "evidence-list"):
            said = " ".join(r.text for r in (await desk.say(who, line, case_id)).replies)
            assert not any(phrase in said for phrase in SAID.values()), (who, line)
    [told] = [m.text for m in await desk.store.pending_outbox(PLATFORM)
              if m.audience == "thread" and "Content was erased" in m.text]
    assert REASON in told and "still verifies" in told
    for form in ("json", "html", "bundle"):
        content = await _export(desk, case_id, form)
        for phrase in SAID.values():
            assert phrase.encode() not in content, (form, phrase)
        assert KEPT.encode() in content or form == "bundle"
    html = (await _export(desk, case_id, "html")).decode()
    assert "Erased on" in html and REASON in html
    for bundle in (await _export(desk, case_id, "bundle"),
                   await _export(desk, case_id, "bundle", "ana")):
        assert assert_agree(bundle, tmp_path)  # ours and the independent tool: OK
        for forgery in _erasure_forgeries(bundle, erasure.seq):
            assert not assert_agree(forgery, tmp_path)
    assert not await evidence_store.check(erased_sha(erased))
    if sqlite:
        for phrase in SAID.values():
            assert _holding(_files(store, evidence_store), phrase) == [], phrase
        assert _holding(_files(store, evidence_store), KEPT)


def erased_sha(entries: list[JournalEntry]) -> str:
    [sha] = {e.payload["sha256"] for e in entries if e.kind == kinds.EVIDENCE_ADDED}
    return str(sha)


async def test_only_the_operator_erases_and_a_stale_plan_is_made_again(desk: Desk) -> None:
    case_id = await desk.case_in(Phase.NEGOTIATION)
    version = await desk.version(case_id)
    for who in (CLEO, MO):
        with pytest.raises(Refusal, match="operator"):
            await desk.act(who, case_id, EraseContent(CLEO.user_id, "r", (2,), version))
    before = await desk.footprint(case_id)
    with pytest.raises(Refusal, match="Give a reason"):
        await desk.service.erasing.erase(case_id, CLEO.user_id, "  ", "dana")
    with pytest.raises(Refusal, match="wrote nothing"):
        await desk.service.erasing.erase(case_id, "console:nobody", REASON, "dana")
    assert await desk.footprint(case_id) == before


async def _retained_case(desk: Desk, days: int = 30) -> str:
    await desk.service.save_policy(COMMUNITY, PLATFORM, Policy(retention_days=days))
    case_id = await _case_with_cleos_words(desk)
    closing = [e for e in await desk.journal(case_id) if e.kind == kinds.RETENTION_SET]
    if not closing:  # signed with follow-ups: closed by the mediator instead
        await desk.say(MO, "take", case_id)
        await desk.say(MO, "close closed_by_mediator done", case_id)
    return case_id


async def test_retention_erases_a_closed_case_after_a_restart(
        desk: Desk, store: SqlCaseStore, evidence_store: FileEvidenceStore) -> None:
    case_id = await _retained_case(desk)
    [kept] = [e for e in await desk.journal(case_id) if e.kind == kinds.RETENTION_SET]
    row = await store.case(case_id)
    assert row is not None and [d.key for d in row.deadlines] == ["retention"]
    desk.clock.advance(days=29)
    assert await desk.service.fire_due() == 0

    desk.clock.advance(days=2)
    restarted = await Desk.over(store, evidence_store, desk.clock)  # a new process
    assert await restarted.service.fire_due() == 1
    await restarted.service.erasing.finish()
    entries = await restarted.verified(case_id)
    [erasure] = [e for e in entries if e.kind == kinds.CONTENT_ERASED]
    assert erasure.payload["through"] == erasure.seq - 1 and erasure.actor_id == "system"
    for entry in entries:
        if entry.kind not in (kinds.CONTENT_ERASED, kinds.RETENTION_SET):
            assert entry.salt is None, entry.kind
    assert kept.payload["days"] == 30
    row = await store.case(case_id)
    assert row is not None and row.deadlines == () and row.title == ""
    if store.engine.dialect.name == "sqlite":
        for phrase in (*SAID.values(), KEPT, "Reel not delivered"):
            assert _holding(_files(store, evidence_store), phrase) == [], phrase
    assert await restarted.service.fire_due() == 0  # nothing twice


async def test_a_legal_hold_stops_retention_and_erasure_until_lifted(
        desk: Desk, store: SqlCaseStore) -> None:
    case_id = await _retained_case(desk)
    await desk.service.erasing.hold(case_id, "claim 2026-114", "dana")
    row = await store.case(case_id)
    assert row is not None and row.deadlines == ()
    with pytest.raises(Refusal, match="legal hold"):
        await desk.service.erasing.erase(case_id, CLEO.user_id, REASON, "dana")
    with pytest.raises(Refusal, match="already under a legal hold"):
        await desk.service.erasing.hold(case_id, "again", "dana")
    desk.clock.advance(days=40)
    assert await desk.service.fire_due() == 0
    assert not any(e.kind == kinds.CONTENT_ERASED for e in await desk.journal(case_id))

    await desk.service.erasing.hold(case_id, "claim settled", "dana", lift=True)
    assert await desk.service.fire_due() == 1  # overdue since: fires at once
    entries = await desk.verified(case_id)
    assert [e.kind for e in entries[-3:]] == [kinds.LEGAL_HOLD_PLACED, kinds.LEGAL_HOLD_LIFTED,
                                             kinds.CONTENT_ERASED]


async def test_files_of_an_erasure_cut_short_go_at_the_next_finish(
        desk: Desk, evidence_store: FileEvidenceStore) -> None:
    case_id = await _case_with_cleos_words(desk)
    desk.service.journaling.writer.on_erased = None  # the process stops after the commit
    [added] = [e for e in await desk.journal(case_id) if e.kind == kinds.EVIDENCE_ADDED]
    plan = [e.seq for e in await desk.journal(case_id) if e.actor_id == CLEO.user_id]
    await desk.service.journaling.act(
        Context(operator("dana"), COMMUNITY, PLATFORM), case_id,
        EraseContent(CLEO.user_id, REASON, tuple(plan), await desk.version(case_id)))
    assert await evidence_store.check(added.payload["sha256"])  # still there
    assert await desk.service.erasing.finish() == 1
    assert not await evidence_store.check(added.payload["sha256"])
    assert json.loads((await desk.journal(case_id))[-1].payload_json)["person"] == CLEO.user_id
