"""Attacks on erasure: forged bundles of an erased case, content left behind, the triggers,
retention and holds. Each test is a problem the review found (or a check that held)."""

from __future__ import annotations

import base64
import io
import json
import re
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.campaign.checks.brief_words import brief_words, computed_proposal
from bot.domain import kinds
from bot.domain.commands import Close, EraseContent, HoldCase
from bot.domain.decide import record
from bot.domain.entry_hash import canonical_json
from bot.domain.erasure import coverage, erasable, note, of_person, remains
from bot.domain.fold import replay
from bot.domain.identity import Actor, Role, operator
from bot.domain.journal import Event, JournalEntry, verify_chain
from bot.domain.phases import ClosedReason, Phase
from bot.exports import check_bundle, render
from bot.service.store_audit import verify_case
from bot.text.status import campaign_line
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore
from tests.adapters.test_console_campaign import campaign, rows
from tests.domain.session import ANA as ANA_D
from tests.domain.session import CLEO as CLEO_D
from tests.domain.session import MO as MO_D
from tests.domain.session import T0, Session
from tests.exports.bundles import VIEWERS
from tests.exports.story import (
    BRAND_SECRET,
    CREATOR_SECRET,
    NOTE_SECRET,
    SCREENSHOT,
    evidence_reader,
    story,
)
from tests.kpi_campaign import export
from tests.review.forge import forged, rehash_from
from tests.service.desk import ANA, CLEO, MO, Desk
from tests.service.test_campaigns import agreed
from tests.service.test_erasure import (
    REASON,
    _case_with_cleos_words,
    _files,
    _holding,
    _retained_case,
)
from tests.service.test_figures import campaign_with_a_live_reel, case_on
from tests.test_independent_verifier import assert_agree

OPERATOR = operator("dana")
__all__ = ["campaign"]  # a fixture
Edit = Callable[[dict[str, Any]], Any]


def _erased(doc: dict[str, Any], kind: str | None = None) -> dict[str, Any]:
    return next(e for e in doc["entries"] if e.get("salt", "") is None and "payload" in e
                and (kind is None or e["kind"] == kind))


def _set_payload(item: dict[str, Any], payload: dict[str, Any]) -> None:
    item["payload"] = payload
    item["payload_json"] = canonical_json(payload)


async def _erased_bundle(desk: Desk) -> tuple[bytes, int]:
    case_id = await _case_with_cleos_words(desk)
    outcome = await desk.service.erasing.erase(case_id, CLEO.user_id, REASON, "dana")
    [reply] = (await desk.say(MO, "export bundle", case_id)).replies
    assert reply.attachment is not None
    return reply.attachment.content, outcome.entries[0].seq


async def test_words_put_into_an_erased_message_do_not_verify(desk: Desk, tmp_path: Path
                                                              ) -> None:
    """An erased entry's payload is vouched for by nothing but its erasure: a forger who
    writes words into it (a confession in Cleo's name) must not get a bundle that verifies."""
    bundle, _ = await _erased_bundle(desk)
    assert assert_agree(bundle, tmp_path)

    def confess(doc: dict[str, Any]) -> None:
        item = _erased(doc, kinds.MESSAGE_POSTED)
        _set_payload(item, {**item["payload"], "text": "I never delivered and I admit it"})

    def named(doc: dict[str, Any]) -> None:
        _erased(doc)["actor"]["name"] = "Cleo the Fraud"

    def reason(doc: dict[str, Any]) -> None:
        item = _erased(doc)
        _set_payload(item, {**item["payload"],
                            "erased": {**item["payload"]["erased"], "reason": "she lied"}})

    def amount(doc: dict[str, Any]) -> None:
        item = _erased(doc, kinds.STATEMENT_SUBMITTED)
        _set_payload(item, {**item["payload"], "amount": 99999})

    for edit in (confess, named, reason, amount):
        assert not assert_agree(forged(bundle, edit), tmp_path), edit.__name__


async def test_a_retained_case_cannot_have_its_erasure_records_rewritten(
        desk: Desk, tmp_path: Path) -> None:
    """`through` covers every entry before the retention erasure, the records of earlier
    erasures and holds too; those are never erased, so one without its salt is a forgery
    (here: the legal hold's reason and the retention period invented)."""
    case_id = await _retained_case(desk)
    desk.clock.advance(days=31)
    assert await desk.service.fire_due() == 1
    [reply] = (await desk.say(MO, "export bundle", case_id)).replies
    assert reply.attachment is not None
    bundle = reply.attachment.content
    assert assert_agree(bundle, tmp_path)

    def rewrite_record(doc: dict[str, Any]) -> None:
        item = next(e for e in doc["entries"] if e.get("kind") == kinds.RETENTION_SET)
        last = doc["entries"][-1]["seq"]
        item["salt"] = None
        _set_payload(item, {"until": "2099-01-01T00:00:00.000000Z", "days": 99999,
                            "erased": {"at": "x", "reason": "retention", "entry": last}})

    assert not assert_agree(forged(bundle, rewrite_record), tmp_path)


@pytest.mark.parametrize("through", [10**18, 2**63, 10**40])
async def test_a_huge_through_is_answered_at_once(desk: Desk, through: int,
                                                  tmp_path: Path) -> None:
    """A forged chain whose erasure says `through` 10**18 (hashed by the forger): checking
    it must not build a set of that many numbers."""
    bundle, seq = await _erased_bundle(desk)

    def huge(doc: dict[str, Any]) -> None:
        item = doc["entries"][seq - 1]
        _set_payload(item, {**item["payload"], "through": through})
        rehash_from(doc, seq - 1)

    start = time.monotonic()
    forgery = forged(bundle, huge)
    report = check_bundle(io.BytesIO(forgery))
    assert time.monotonic() - start < 10
    assert report.ok  # the forger's own chain, with the forger's own hashes: it holds
    assert assert_agree(forgery, tmp_path)


# -- a whole mediated case, erased, still folds and renders for every viewer ------------------
def _erase_in_memory(s: Session, person: str | None) -> JournalEntry:
    """Erase like the store does: one person's content, or (None) everything, as retention."""
    if person is None:
        s.do(OPERATOR, HoldCase("claim 2026-114"))  # placed, then lifted: records kept
        s.do(OPERATOR, HoldCase("settled", lift=True))
        payload = {"reason": "retention", "person": None, "through": len(s.journal)}
        [erasure], s.case = record(s.case, s.state.id, [Event(kinds.CONTENT_ERASED, payload)],
                                   actor=OPERATOR, now=s.now, source=None)
        s.journal.append(erasure)
    else:
        seqs = tuple(of_person(s.journal, person))
        [erasure] = s.do(OPERATOR, EraseContent(person, "GDPR request", tuple(
            n for n in seqs if erasable(s.journal[n - 1])), s.state.version))
    made = note(erasure.at, erasure.payload["reason"], erasure.seq)
    covers = coverage(erasure.payload)
    for n in range(1, erasure.seq):
        entry = s.journal[n - 1]
        if covers(n) and erasable(entry):
            s.journal[n - 1] = replace(entry, actor_name="", salt=None, payload_json=canonical_json(
                remains(entry.kind, entry.payload, made)))
    s.case = replay(s.journal)
    return erasure


@pytest.mark.parametrize("person", [None, ANA_D.user_id, CLEO_D.user_id, MO_D.user_id])
def test_an_erased_mediation_renders_for_every_viewer(person: str | None,
                                                      tmp_path: Path) -> None:
    s = story()
    if s.state.phase is not Phase.CLOSED:
        s.do(MO_D, Close(ClosedReason("closed_by_mediator"), "done"))
    _erase_in_memory(s, person)
    assert verify_chain(s.state.id, s.journal) is None
    for who, (actor, role) in VIEWERS.items():
        for fmt in ("json", "html", "pdf", "bundle"):
            content = render(fmt, s.state, s.journal, actor, role, T0, evidence_reader).content
            if person is None:
                for secret in (BRAND_SECRET, CREATOR_SECRET, NOTE_SECRET):
                    assert secret.encode() not in content, (who, fmt, secret)
                # A short number can turn up by chance in a binary format (a PDF's random
                # /ID, an offset) and inside a hash or a salt: the erased amount is looked
                # for in the text formats, as a number of its own.
                if fmt in ("json", "html"):
                    assert not re.search(rb"(?<![0-9A-Za-z])1650(?![0-9A-Za-z])", content), (
                        who, fmt)
            if fmt == "bundle":
                assert assert_agree(content, tmp_path), (who, person)
    full = render("bundle", s.state, s.journal, MO_D, Role.MEDIATOR, T0, evidence_reader,
                  full=True).content
    assert assert_agree(full, tmp_path)


def test_an_erased_file_is_not_shown_before_it_is_deleted(tmp_path: Path) -> None:
    """Between the erasure's commit and the deletion of its files (or when that deletion
    failed), the store still has the file: an export must not draw it into the HTML or PDF
    (the bundle's HTML then no longer re-renders from its JSON either)."""
    s = story()
    _erase_in_memory(s, ANA_D.user_id)  # Ana added the screenshot
    drawn = base64.b64encode(SCREENSHOT).decode()
    for fmt in ("html", "bundle"):
        content = render(fmt, s.state, s.journal, MO_D, Role.MEDIATOR, T0,
                         evidence_reader).content
        assert drawn.encode() not in content, fmt
    pdf = render("pdf", s.state, s.journal, MO_D, Role.MEDIATOR, T0, evidence_reader).content
    assert pdf == render("pdf", s.state, s.journal, MO_D, Role.MEDIATOR, T0, None).content
    bundle = render("bundle", s.state, s.journal, MO_D, Role.MEDIATOR, T0,
                    evidence_reader).content
    assert assert_agree(bundle, tmp_path)


# -- a case opened on a campaign: its brief is in the opening ----------------------------------
async def test_a_campaign_case_whose_opening_is_erased_still_answers(desk: Desk) -> None:
    """The opening carries the campaign's brief (amounts as text, the outcome computed from
    them); once the claimant's content is erased, the brief's remains must still read: status,
    history and the exports, for each viewer."""
    campaign_id = await agreed(desk)
    opened = await desk.say(ANA, 'open @cleo title="Late TikTok" category=non_payment '
                            'summary="Zebra-4411 summary" desired_outcome="d" items=d2,m1',
                            campaign_id)
    assert opened.case is not None
    case_id = opened.case.id
    await desk.service.erasing.erase(case_id, ANA.user_id, REASON, "dana")
    for who in (ANA, CLEO, MO):
        for line in ("status", "history", "evidence-list"):
            said = " ".join(r.text for r in (await desk.say(who, line, case_id)).replies)
            assert "Zebra-4411" not in said, (who, line)
    for form in ("json", "html", "pdf", "bundle"):
        [reply] = (await desk.say(MO, f"export {form}", case_id)).replies
        assert reply.attachment is not None
        assert b"Zebra-4411" not in reply.attachment.content


def test_an_erased_brief_with_a_computed_outcome_still_reads(
        campaign: tuple[Path, str]) -> None:
    """A brief whose outcome the agreement computes (unpaid, reduction: amounts as text);
    erased, those are "" and the words, the status line and `propose computed` must not
    fail on them (status, history and every export read the opening's brief)."""
    work, _ = campaign
    [(payload,)] = rows(work, "SELECT payload FROM journal_entries WHERE kind = 'case_opened'")
    opened = json.loads(str(payload))
    assert opened["campaign"]["outcome"]["for_negotiation"] is False
    left = remains(kinds.CASE_OPENED, opened, note("2027-01-01T00:00:00.000000Z", "r", 99))
    brief = left["campaign"]
    assert computed_proposal(brief) is None  # nothing left to compute from
    words = brief_words(brief) + campaign_line(brief)
    assert "1800" not in words and "200.00" not in words


# -- names: a person's every entry erased ------------------------------------------------------
async def test_a_mediators_erased_name_is_left_nowhere(desk: Desk, store: SqlCaseStore,
                                                        evidence_store: FileEvidenceStore
                                                        ) -> None:
    """The mediator (named unlike their id, as on Slack) takes the case and writes; erasing
    their content empties their name on every entry of theirs. No copy of the name may stay
    in the store's files (the participants row, the case summary)."""
    name = "Mortimer-Quince-7719"
    mo = Actor(MO.user_id, name, is_mediator=True)
    case_id = await desk.case_in(Phase.NEGOTIATION)
    await desk.say(CLEO, "mediator", case_id)
    await desk.say(mo, "take", case_id)
    await desk.say(mo, 'note "Walrus-5521 private note"', case_id)
    await desk.service.erasing.erase(case_id, MO.user_id, REASON, "dana")
    assert await verify_case(desk.store, evidence_store, case_id) == []
    for who in (ANA, CLEO, mo):
        for line in ("status", "history"):
            said = " ".join(r.text for r in (await desk.say(who, line, case_id)).replies)
            assert name not in said and "Walrus-5521" not in said, (who, line, said)
    if store.engine.dialect.name == "sqlite":
        await desk.service.erasing.finish()
        for phrase in (name, "Walrus-5521"):
            assert _holding(_files(store, evidence_store), phrase) == [], phrase


HOSTILE = [True, False, -1, 0, 2**64, -(2**64), "3", 3.0, None, [], [[3]], {"3": 3}, [True],
           [3.0], ["3"], [None], 10**400]


@pytest.mark.parametrize("key", ["entries", "through"])
async def test_hostile_erasure_lists_are_answered_alike_without_a_traceback(
        desk: Desk, key: str, tmp_path: Path) -> None:
    """A forger's own chain (hashed again) whose `content_erased` says `entries` or `through`
    is a bool, a negative, a huge or nested value, text: both verifiers answer each alike,
    with a line, never a traceback."""
    bundle, seq = await _erased_bundle(desk)
    for value in HOSTILE:
        def hostile(doc: dict[str, Any], value: Any = value) -> None:
            item = doc["entries"][seq - 1]
            payload = {k: v for k, v in item["payload"].items() if k != "entries"}
            _set_payload(item, {**payload, key: value})
            rehash_from(doc, seq - 1)

        forgery = forged(bundle, hostile)
        report = check_bundle(io.BytesIO(forgery))
        assert "could not be read" not in (report.problem or ""), (value, report.problem)
        assert_agree(forgery, tmp_path)
        if not (key == "through" and type(value) is int and value >= seq - 1):
            assert not report.ok, value


@pytest.mark.parametrize("value", [*HOSTILE, {"at": 1}, "x", {"entry": None}])
async def test_hostile_erasure_notes_are_refused_alike(desk: Desk, value: Any,
                                                       tmp_path: Path) -> None:
    bundle, _ = await _erased_bundle(desk)

    def hostile(doc: dict[str, Any]) -> None:
        item = _erased(doc, kinds.MESSAGE_POSTED)
        _set_payload(item, {**item["payload"], "erased": value})

    forgery = forged(bundle, hostile)
    report = check_bundle(io.BytesIO(forgery))
    assert not report.ok and "could not be read" not in (report.problem or "")
    assert not assert_agree(forgery, tmp_path)


async def test_a_kpi_case_goes_on_after_the_creators_figures_are_erased(desk: Desk) -> None:
    """Cleo's export carried her figures (`metrics_reported`); erased, they are remains with
    no numbers. The case goes on: Ana's counter-report is judged, status and the exports read,
    and Cleo's figure is nowhere."""
    campaign_id = await campaign_with_a_live_reel(desk)
    case_id = await case_on(desk, campaign_id)
    desk.clock.advance(days=8)
    await desk.attach(CLEO, case_id, export("84,213"), "posts.csv")
    await desk.service.erasing.erase(case_id, CLEO.user_id, REASON, "dana")
    desk.clock.advance(hours=1)
    await desk.attach(ANA, case_id, export("61,000"), "brand-posts.csv")
    for who in (ANA, CLEO, MO):
        for line in ("status", "history"):
            said = " ".join(r.text for r in (await desk.say(who, line, case_id)).replies)
            assert "84,213" not in said and "84213" not in said, (who, line)
    for form in ("json", "html", "pdf", "bundle"):
        [reply] = (await desk.say(MO, f"export {form}", case_id)).replies
        assert reply.attachment is not None
        assert b"84213" not in reply.attachment.content
    await desk.verified(case_id)
