"""The journal's hash chain: a real chain verifies; any change to any stored field, a missing
entry or a reordering is caught and the exact entry is named."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.commands import (
    Accept,
    Caucus,
    EditMessage,
    Note,
    PostMessage,
    Propose,
    RequestMediator,
    Sign,
    SubmitStatement,
)
from bot.domain.entry_hash import (
    canonical_json,
    commitment,
    commitment_text,
    entry_fields,
    flat_json,
    hashed_text,
    hashed_text_v2,
    is_flat,
)
from bot.domain.errors import Refusal
from bot.domain.identity import Actor, Role
from bot.domain.journal import GENESIS_HASH, Event, JournalEntry, chain, verify_chain

from .session import (
    ANA,
    CASE_ID,
    CLAIMANT_STATEMENT,
    CLEO,
    MO,
    RESPONDENT_STATEMENT,
    TERMS,
    Session,
)

FIELDS = [f.name for f in dataclasses.fields(JournalEntry)]


def a_real_journal() -> list[JournalEntry]:
    """A settled case with a mediator, a caucus, a note, messages, an edit, and non-ASCII."""
    s = Session().joined()
    s.do(CLEO, PostMessage("Grüße — the brief changed 🙃", ref="r1"))
    s.do(CLEO, EditMessage("r1", "Grüße — the brief changed twice"))
    s.do(ANA, RequestMediator())
    s.mediated()
    s.do(MO, Caucus("@cleo"))
    s.do(MO, Note("Cleo wants the full fee"))
    s.do(ANA, SubmitStatement(CLAIMANT_STATEMENT))
    s.do(CLEO, SubmitStatement(RESPONDENT_STATEMENT))
    s.later(hours=2)
    s.do(ANA, Propose(TERMS))
    s.do(CLEO, Accept(1))
    s.do(ANA, Sign())
    s.do(CLEO, Sign())
    journal = list(s.journal)
    assert len(journal) >= 15 and len({e.visibility for e in journal}) == 4
    return journal


JOURNAL = a_real_journal()


def altered(entry: JournalEntry, name: str) -> JournalEntry:
    value = getattr(entry, name)
    if name == "seq":
        new: object = value + 100
    elif name == "source":
        new = None if value is not None else "slack:T1:Ev1"
    elif name in ("prev_hash", "hash"):
        new = ("f" if value[0] != "f" else "0") + value[1:]
    elif name == "payload_json":
        new = value.replace("}", ',"extra":1}', 1) if value != "{}" else '{"extra":1}'
    else:
        new = value + "x"
    assert new != value
    return dataclasses.replace(entry, **{name: new})


def test_a_real_chain_verifies() -> None:
    assert verify_chain(CASE_ID, JOURNAL) is None
    assert JOURNAL[0].prev_hash == GENESIS_HASH
    assert [e.seq for e in JOURNAL] == list(range(1, len(JOURNAL) + 1))
    assert verify_chain(CASE_ID, []) is None


@pytest.mark.parametrize("name", FIELDS)
def test_altering_any_field_of_any_entry_names_that_entry(name: str) -> None:
    for index, entry in enumerate(JOURNAL):
        tampered = [*JOURNAL[:index], altered(entry, name), *JOURNAL[index + 1 :]]
        problem = verify_chain(CASE_ID, tampered)
        assert problem is not None, f"{name} of entry {entry.seq} changed unnoticed"
        assert problem.seq == entry.seq, (name, entry.seq, problem)
        assert f"entry {entry.seq}:" in str(problem)


def test_a_rehashed_entry_breaks_the_next_link() -> None:
    """Whoever rewrites an entry and its hash still breaks the chain at the next entry."""
    for index, entry in enumerate(JOURNAL[:-1]):
        forged = dataclasses.replace(entry, payload_json='{"forged":true}')
        assert forged.salt is not None
        forged = dataclasses.replace(forged, content_hash=commitment(
            forged.salt, forged.actor_name, forged.payload_json))
        forged = dataclasses.replace(forged, hash=forged.computed_hash())
        problem = verify_chain(CASE_ID, [*JOURNAL[:index], forged, *JOURNAL[index + 1 :]])
        assert problem is not None and problem.seq == entry.seq + 1
        assert problem.reason == "previous-hash link does not match"


def test_a_missing_entry_is_named() -> None:
    # The last entry's absence leaves a valid shorter chain: the case row's head catches that
    # (bot/service/store_audit.py), not the chain alone.
    for index, entry in enumerate(JOURNAL[:-1]):
        problem = verify_chain(CASE_ID, [*JOURNAL[:index], *JOURNAL[index + 1 :]])
        assert problem is not None and problem.seq == entry.seq
        assert "missing" in problem.reason


def test_a_reordered_entry_is_named() -> None:
    for index in range(len(JOURNAL) - 1):
        swapped = list(JOURNAL)
        swapped[index], swapped[index + 1] = swapped[index + 1], swapped[index]
        problem = verify_chain(CASE_ID, swapped)
        assert problem is not None and problem.seq == index + 1


def test_another_cases_entry_is_named() -> None:
    problem = verify_chain("MB-OTHER1", JOURNAL)
    assert problem is not None and problem.seq == 1 and "belongs to case" in problem.reason


SALT = "00112233445566778899aabbccddeeff"


def test_the_canonical_encoding_is_stable() -> None:
    """A fixed entry hashes to what docs/journal.md's version 2 encoding gives, byte for
    byte: its content through a salted commitment, the rest in the clear."""
    zoe = Actor("slack:T1:U2", "Zoë")
    moment = datetime(2026, 11, 21, 19, 0, 0, 123456, tzinfo=UTC)
    [entry] = chain(
        "MB-7K2Q9X",
        [Event("message_posted", {"text": "Grüße 🙃", "ref": "r1", "room": "thread"})],
        actor=zoe,
        role=Role.RESPONDENT,
        now=moment,
        after_seq=4,
        after_hash="a" * 64,
        source="slack:T1:Ev9",
        salt=lambda: SALT,
    )
    payload = '{"ref":"r1","room":"thread","text":"Grüße 🙃"}'
    assert entry.payload_json == payload
    committed = ('{"actor_name":"Zoë","payload":"{\\"ref\\":\\"r1\\",\\"room\\":'
                 '\\"thread\\",\\"text\\":\\"Grüße 🙃\\"}",'
                 f'"salt":"{SALT}"}}')
    content = hashlib.sha256(committed.encode("utf-8")).hexdigest()
    assert (entry.salt, entry.content_hash) == (SALT, content)
    hashed = (
        '{"actor":{"id":"slack:T1:U2","role":"respondent"},'
        '"at":"2026-11-21T19:00:00.123456Z","case":"MB-7K2Q9X",'
        f'"content":"{content}","kind":"message_posted",'
        f'"prev":"{"a" * 64}","seq":5,"source":"slack:T1:Ev9","v":2,"visibility":"all"}}'
    )
    assert entry.hash_text() == hashed
    assert entry.hash == hashlib.sha256(hashed.encode("utf-8")).hexdigest()
    assert entry.hash == entry.computed_hash() and entry.hash_version == 2


def test_an_entry_written_under_version_1_still_verifies() -> None:
    """Chains written before salted commitments hash their content directly."""
    payload = '{"ref":"r1","room":"thread","text":"Grüße 🙃"}'
    hashed = (
        '{"actor":{"id":"slack:T1:U2","name":"Zoë","role":"respondent"},'
        '"at":"2026-11-21T19:00:00.123456Z","case":"MB-7K2Q9X","kind":"message_posted",'
        '"payload":"{\\"ref\\":\\"r1\\",\\"room\\":\\"thread\\",\\"text\\":'
        '\\"Grüße 🙃\\"}",'
        f'"prev":"{"a" * 64}","seq":5,"source":"slack:T1:Ev9","v":1,"visibility":"all"}}'
    )
    old = JournalEntry("MB-7K2Q9X", 5, "2026-11-21T19:00:00.123456Z", "message_posted",
                       "slack:T1:U2", "Zoë", "respondent", "all", payload, "slack:T1:Ev9",
                       "a" * 64, hashlib.sha256(hashed.encode("utf-8")).hexdigest())
    assert old.hash_version == 1 and old.hash_text() == hashed
    assert old.computed_hash() == old.hash and old.content_holds()


def test_a_stub_s_hash_cannot_be_matched_without_the_salt() -> None:
    """The content of a hidden entry enters its hash only with a 128-bit salt: trying the
    content and every other field, without the salt, never gives the hash."""
    [entry] = chain("MB-7K2Q9X", [Event("message_posted", {"text": "I would accept 900"})],
                    actor=Actor("u", "Ana"), role=Role.CLAIMANT,
                    now=datetime(2026, 1, 1, tzinfo=UTC), after_seq=0,
                    after_hash=GENESIS_HASH, source=None)
    guesses = {hashlib.sha256(hashed_text(
        entry.case_id, entry.seq, entry.at, entry.kind, entry.actor_id, entry.actor_name,
        entry.actor_role, entry.visibility, f'{{"text":"I would accept {n}"}}', None,
        entry.prev_hash).encode()).hexdigest() for n in range(0, 1001)}
    assert entry.hash not in guesses and len(entry.salt or "") == 32


def test_canonical_json_sorts_keys_and_writes_non_ascii_as_itself() -> None:
    assert canonical_json({"b": 1, "a": {"d": "é", "c": None}}) == '{"a":{"c":null,"d":"é"},"b":1}'


def test_entries_of_one_command_share_a_time_and_number_their_sources() -> None:
    events = [Event("a", {}), Event("b", {"x": 1}, "mediators"), Event("c")]
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    entries = chain(
        "MB-7K2Q9X",
        events,
        actor=MO,
        role=Role.MEDIATOR,
        now=moment,
        after_seq=0,
        after_hash=GENESIS_HASH,
        source="discord:msg:42",
    )
    assert [e.source for e in entries] == ["discord:msg:42", "discord:msg:42#2", "discord:msg:42#3"]
    assert {e.at for e in entries} == {"2026-01-01T00:00:00.000000Z"}
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    assert entries[1].visibility == "mediators"
    unsourced = chain(
        "MB-7K2Q9X",
        events,
        actor=MO,
        role=Role.MEDIATOR,
        now=moment,
        after_seq=0,
        after_hash=GENESIS_HASH,
        source=None,
    )
    assert [e.source for e in unsourced] == [None, None, None]
    assert verify_chain("MB-7K2Q9X", entries) is None


_text = st.text(st.characters(codec="utf-8") | st.sampled_from('"\\\n\t\x00\u2028/<>&'),
                max_size=40)


@settings(max_examples=300, deadline=None)
@given(fields=st.tuples(_text, st.integers(0, 2**63 - 1), _text, _text, _text, _text, _text,
                        _text, _text, st.none() | _text, _text))
def test_the_written_out_hash_text_is_the_canonical_encoding(fields: tuple[Any, ...]) -> None:
    assert hashed_text(*fields) == canonical_json(entry_fields(*fields))
    case, seq, at, kind, actor_id, name, role, visibility, payload, source, prev = fields
    assert hashed_text_v2(case, seq, at, kind, actor_id, role, visibility, payload, source,
                          prev) == canonical_json({
        "v": 2, "case": case, "seq": seq, "at": at, "kind": kind,
        "actor": {"id": actor_id, "role": role}, "visibility": visibility,
        "content": payload, "source": source, "prev": prev})
    assert commitment_text(at, name, payload) == canonical_json(
        {"actor_name": name, "payload": payload, "salt": at})


@settings(max_examples=200, deadline=None)
@given(payload=st.dictionaries(
    _text, st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _text
    | st.lists(st.integers(), max_size=3), max_size=5))
def test_a_fresh_entry_folds_the_payload_a_reader_of_its_text_gets(payload: dict[str, Any]
                                                                   ) -> None:
    [entry] = chain("MB-7K2Q9X", [Event("note", payload)], actor=Actor("u", "U"),
                    role=Role.CLAIMANT, now=datetime(2026, 1, 1, tzinfo=UTC), after_seq=0,
                    after_hash=GENESIS_HASH, source=None)
    assert entry.payload == json.loads(entry.payload_json)
    assert entry.computed_hash() == entry.hash


@settings(max_examples=300, deadline=None)
@given(payload=st.dictionaries(_text, st.none() | st.booleans() | st.integers() | _text,
                               max_size=6))
def test_a_flat_payload_is_written_as_the_general_encoder_writes_it(payload: dict[str, Any]
                                                                    ) -> None:
    assert is_flat(payload)
    assert flat_json(payload) == json.dumps(payload, sort_keys=True, ensure_ascii=False,
                                             separators=(",", ":"))


@pytest.mark.parametrize("where", ["actor", "payload", "source"])
def test_text_that_is_not_valid_unicode_is_refused_not_a_crash(where: str) -> None:
    """Adapters clean text and refuse malformed ids; if a lone surrogate still reached the
    chain, the journal refuses the command clearly instead of raising UnicodeEncodeError."""
    bad = "half \ud800 a pair"
    actor = Actor("slack:T1:U1", bad if where == "actor" else "Ana")
    event = Event("message_posted", {"text": bad if where == "payload" else "hi"})
    with pytest.raises(Refusal, match="not valid text"):
        chain(CASE_ID, [event], actor=actor, role=Role.CLAIMANT,
              now=datetime(2026, 1, 1, tzinfo=UTC), after_seq=0, after_hash=GENESIS_HASH,
              source=bad if where == "source" else None)
