"""Whose export shows what: a party never sees the other side's caucus, the mediators' notes,
or the other side's sealed statement before the reveal; hidden entries become stubs."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.domain.identity import Actor, Role
from bot.domain.visibility import effective
from bot.exports import check_document, render
from tests.domain.session import ANA, CLEO, MO, T0
from tests.exports.story import (
    BRAND_SECRET,
    BRAND_STATEMENT,
    CREATOR_SECRET,
    CREATOR_STATEMENT,
    NOTE_SECRET,
    evidence_reader,
    opened_with_brand_statement,
    story,
)

BRAND_SEALED = BRAND_STATEMENT["what_happened"]
CREATOR_SEALED = CREATOR_STATEMENT["what_happened"]
VIEWERS = {"brand": (ANA, Role.CLAIMANT), "creator": (CLEO, Role.RESPONDENT),
           "mediator": (MO, Role.MEDIATOR)}


def exported(fmt: str, session: Any, who: str, full: bool = False) -> bytes:
    actor, role = VIEWERS[who]
    return render(fmt, session.state, session.journal, actor, role, T0, evidence_reader,
                  full=full).content


def document(session: Any, who: str, full: bool = False) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(exported("json", session, who, full))
    return doc


@pytest.fixture(scope="module")
def settled() -> Any:
    return story()


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_the_brand_sees_nothing_of_the_creator_caucus_nor_the_notes(settled: Any,
                                                                      fmt: str) -> None:
    text = exported(fmt, settled, "brand").decode()
    assert BRAND_SECRET in text
    assert CREATOR_SECRET not in text
    assert NOTE_SECRET not in text


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_the_creator_sees_nothing_of_the_brand_caucus_nor_the_notes(settled: Any,
                                                                      fmt: str) -> None:
    text = exported(fmt, settled, "creator").decode()
    assert CREATOR_SECRET in text
    assert BRAND_SECRET not in text
    assert NOTE_SECRET not in text


def test_a_sealed_statement_stays_out_until_the_reveal() -> None:
    before = opened_with_brand_statement()
    creator = exported("json", before, "creator").decode()
    brand = exported("json", before, "brand").decode()
    assert BRAND_SEALED not in creator
    assert BRAND_SEALED in brand  # a party sees its own sealed statement
    doc = json.loads(creator)
    assert doc["statements"] == []
    sealed = before.journal[2]
    assert doc["entries"][2] == {
        "seq": 3, "redacted": True, "at": sealed.at, "kind": "statement_submitted",
        "actor": {"id": sealed.actor_id, "role": sealed.actor_role},
        "visibility": sealed.visibility, "source": sealed.source,
        "content_hash": sealed.content_hash, "prev_hash": sealed.prev_hash,
        "hash": sealed.hash}  # every field its hash covers but the content
    assert check_document(doc) is None


def test_after_the_reveal_both_statements_are_in_both_exports(settled: Any) -> None:
    for who in ("brand", "creator"):
        text = exported("json", settled, who).decode()
        assert BRAND_SEALED in text and CREATOR_SEALED in text


def test_hidden_entries_are_stubs_that_keep_their_link_and_never_their_content(
        settled: Any) -> None:
    doc = document(settled, "brand")
    hidden = [e for e in settled.journal
              if effective(e.visibility, e.kind, True) in ("side:creator", "mediators")]
    assert hidden, "the story must have entries the brand may not see"
    stubs = {item["seq"]: item for item in doc["entries"] if item.get("redacted")}
    assert set(stubs) == {e.seq for e in hidden}
    for entry in hidden:
        stub = stubs[entry.seq]
        assert (stub["prev_hash"], stub["hash"], stub["content_hash"]) == (
            entry.prev_hash, entry.hash, entry.content_hash)
        assert "payload_json" not in stub and "salt" not in stub
        assert entry.actor_name not in json.dumps(stub)
    assert doc["chain"]["redacted"] == len(hidden)
    assert doc["chain"]["last_hash"] == settled.journal[-1].hash


@pytest.mark.parametrize("who", ["mediator", "full"])
def test_mediators_and_the_operator_see_every_entry(settled: Any, who: str) -> None:
    doc = document(settled, "mediator", full=who == "full")
    assert not any(item.get("redacted") for item in doc["entries"])
    assert [item["hash"] for item in doc["entries"]] == [e.hash for e in settled.journal]
    text = json.dumps(doc, ensure_ascii=False)
    assert all(s in text for s in (BRAND_SECRET, CREATOR_SECRET, NOTE_SECRET))
    assert doc["view"]["kind"] == ("full" if who == "full" else "mediator")


@pytest.mark.parametrize("who", ["brand", "creator", "mediator"])
def test_every_export_verifies_on_its_own(settled: Any, who: str) -> None:
    assert check_document(document(settled, who)) is None


def test_the_summary_comes_from_the_visible_entries(settled: Any) -> None:
    doc = document(settled, "brand")
    assert [p["number"] for p in doc["proposals"]] == [1, 2]
    assert [p["status"] for p in doc["proposals"]] == ["countered", "accepted"]
    assert doc["proposals"][1]["answers"] == 1
    assert set(doc["agreement"]["signed"]) == {"brand", "creator"}
    assert doc["case"]["phase"] == "closed" and doc["case"]["closed_reason"] == "settled"
    rooms = {m["room"] for m in doc["messages"]}
    assert "caucus:creator" not in rooms and "caucus:brand" in rooms
    edited = next(m for m in doc["messages"] if len(m["versions"]) == 2)
    assert [v["version"] for v in edited["versions"]] == [1, 2]
    assert any(m["deleted"] for m in doc["messages"])
    assert [p["role"] for p in doc["participants"]] == ["claimant", "respondent", "mediator"]


def test_an_outsider_sees_only_what_everyone_in_the_case_sees(settled: Any) -> None:
    otto = Actor("console:otto", "Otto")
    doc = json.loads(render("json", settled.state, settled.journal, otto, Role.OUTSIDER,
                            T0).content)
    visible = {effective(item["visibility"], item["kind"], True)
               for item in doc["entries"] if not item.get("redacted")}
    assert visible == {"all"}
    assert check_document(doc) is None


def test_a_journal_with_a_gap_is_refused(settled: Any) -> None:
    gappy = [e for e in settled.journal if e.seq != 5]
    with pytest.raises(ValueError, match="entry 5 is missing"):
        render("json", settled.state, gappy, ANA, Role.CLAIMANT, T0)


def test_an_unknown_format_or_zone_is_refused(settled: Any) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render("docx", settled.state, settled.journal, ANA, Role.CLAIMANT, T0)
    with pytest.raises(ValueError, match="unknown time zone"):
        render("html", settled.state, settled.journal, ANA, Role.CLAIMANT, T0, zone="Mars/Base")
