"""The offline check of a history document: every link, every visible hash, the summary."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from bot.domain.commands import Sign
from bot.domain.entry_hash import canonical_json, commitment
from bot.domain.identity import Role
from bot.exports import check_document, render
from bot.exports.document import entry_from_json
from bot.exports.entry_check import check_entry
from bot.exports.scope import stub
from tests.domain.session import ANA, CLEO, MO, T0, TERMS, Session
from tests.exports.story import story


@pytest.fixture(scope="module")
def brand_doc() -> dict[str, Any]:
    s = story()
    doc: dict[str, Any] = json.loads(render("json", s.state, s.journal, ANA, Role.CLAIMANT,
                                            T0).content)
    return doc


@pytest.fixture(scope="module")
def full_doc() -> dict[str, Any]:
    s = story()
    doc: dict[str, Any] = json.loads(render("json", s.state, s.journal, MO, Role.MEDIATOR, T0,
                                            full=True).content)
    return doc


def first_visible(doc: dict[str, Any], kind: str) -> dict[str, Any]:
    item: dict[str, Any] = next(i for i in doc["entries"] if i.get("kind") == kind)
    return item


def test_an_untouched_document_holds(brand_doc: dict[str, Any]) -> None:
    assert check_document(brand_doc) is None


def test_a_changed_message_is_caught_at_its_entry(brand_doc: dict[str, Any]) -> None:
    doc = copy.deepcopy(brand_doc)
    item = first_visible(doc, "message_posted")
    item["payload_json"] = item["payload_json"].replace("10 March", "3 March")
    item["payload"] = json.loads(item["payload_json"])
    assert check_document(doc) == f"entry {item['seq']}: content does not match its commitment"


def test_a_payload_that_differs_from_the_hashed_text_is_caught(brand_doc: dict[str, Any]) -> None:
    doc = copy.deepcopy(brand_doc)
    item = first_visible(doc, "message_posted")
    item["payload"]["text"] = "something else"
    assert check_document(doc) == \
        f"entry {item['seq']}: payload differs from the hashed payload_json"


def test_a_changed_stub_hash_is_caught_at_the_stub(brand_doc: dict[str, Any]) -> None:
    doc = copy.deepcopy(brand_doc)
    index = next(i for i, item in enumerate(doc["entries"]) if item.get("redacted"))
    doc["entries"][index]["hash"] = "f" * 64
    assert check_document(doc) == f"entry {index + 1}: a redacted entry does not match its hash"


def test_an_edit_before_a_stub_cannot_be_hidden_by_repointing_the_stub(
        brand_doc: dict[str, Any]) -> None:
    """Rewriting a visible entry, re-hashing up to the next stub and pointing the stub at the
    new hash leaves everything after the stub as it was; the stub's own hash exposes it."""
    doc = copy.deepcopy(brand_doc)
    at = next(i for i, item in enumerate(doc["entries"]) if item.get("redacted"))
    edited = doc["entries"][at - 1]
    assert not edited.get("redacted")
    edited["payload"] = {**edited["payload"], "forged": True}
    edited["payload_json"] = canonical_json(edited["payload"])
    edited["content_hash"] = commitment(edited["salt"], edited["actor"]["name"],
                                        edited["payload_json"])
    edited["hash"] = entry_from_json(doc["case"]["id"], edited).computed_hash()
    doc["entries"][at]["prev_hash"] = edited["hash"]
    assert check_document(doc) == f"entry {at + 1}: a redacted entry does not match its hash"


def test_a_stub_that_carries_content_is_refused(brand_doc: dict[str, Any]) -> None:
    doc = copy.deepcopy(brand_doc)
    stub = next(item for item in doc["entries"] if item.get("redacted"))
    stub["payload"] = {"text": "smuggled"}
    assert "carries other fields than a stub's" in (check_document(doc) or "")


def test_a_removed_entry_is_caught(brand_doc: dict[str, Any]) -> None:
    doc = copy.deepcopy(brand_doc)
    del doc["entries"][4]
    assert check_document(doc) == "entry 5: missing (found 6 in its place)"


def test_a_cut_off_end_is_caught_by_the_chain_summary(brand_doc: dict[str, Any]) -> None:
    doc = copy.deepcopy(brand_doc)
    doc["entries"].pop()
    assert check_document(doc) == "chain: length or last hash does not match the entries"


def test_a_summary_that_the_entries_do_not_say_is_caught(brand_doc: dict[str, Any]) -> None:
    doc = copy.deepcopy(brand_doc)
    doc["agreement"]["text"] = "The creator waives the fee."
    assert check_document(doc) == "section 'agreement' does not match the entries"


def test_a_full_export_may_not_hide_anything(full_doc: dict[str, Any]) -> None:
    doc = copy.deepcopy(full_doc)
    assert check_document(doc) is None
    note = first_visible(doc, "mediator_note")
    index = doc["entries"].index(note)
    doc["entries"][index] = stub(entry_from_json(doc["case"]["id"], note))
    doc["chain"]["redacted"] = 1
    assert check_document(doc) == "a full export with redacted entries"


@pytest.mark.parametrize("broken", [None, [], {"schema": "other"}, {"schema":
                                    "mediation-bot/history/2"}])
def test_something_else_is_not_a_history_document(broken: Any) -> None:
    problem = check_document(broken)
    assert problem is not None and "not a history document" in problem


def test_a_document_exported_before_the_compliance_phase_still_holds() -> None:
    # Signed with a follow-up still due: such a case was said to be in `agreement` before
    # `compliance` existed, and documents exported then must still verify offline.
    s = Session().agreeing({**TERMS, "followup": "Payment of the fee",
                            "followup_due": "2026-12-15"})
    s.do(ANA, Sign())
    s.do(CLEO, Sign())
    doc = json.loads(render("json", s.state, s.journal, ANA, Role.CLAIMANT, T0).content)
    assert doc["case"]["phase"] == "compliance" and check_document(doc) is None
    doc["case"]["phase"] = "agreement"
    assert check_document(doc) is None
    doc["case"]["phase"] = "negotiation"
    assert check_document(doc) == "section 'case' does not match the entries"


@pytest.mark.parametrize("salt", [None, "", "ab" * 15, "zz" * 16])
def test_content_without_its_salt_is_never_taken_on_trust(brand_doc: dict[str, Any],
                                                          salt: Any) -> None:
    """Dropping the salt must not let an edited message through on its commitment alone."""
    doc = copy.deepcopy(brand_doc)
    item = first_visible(doc, "message_posted")
    item["payload_json"] = item["payload_json"].replace("10 March", "3 March")
    item["payload"] = json.loads(item["payload_json"])
    item["salt"] = salt
    problem = check_document(doc)
    expected = ("its content is missing, and no erasure is named for it" if salt is None
                else "salt is not")
    assert problem is not None and problem.startswith(f"entry {item['seq']}: {expected}")


@pytest.mark.parametrize("named", [10_000, 0, "7", None])
def test_an_entry_said_erased_by_an_erasure_not_in_the_history_is_refused(
        brand_doc: dict[str, Any], named: Any) -> None:
    """Content swapped for remains that name no erasure (or one that is not there) fails."""
    doc = copy.deepcopy(brand_doc)
    item = first_visible(doc, "message_posted")
    payload = {**item["payload"], "text": "", "erased": {"at": "x", "reason": "y",
                                                         "entry": named}}
    item["payload"] = payload
    item["payload_json"] = json.dumps(payload, sort_keys=True, ensure_ascii=False,
                                      separators=(",", ":"))
    item["salt"] = None
    item["actor"]["name"] = ""
    problem = check_document(doc)
    assert problem is not None and "its content is missing" in problem


def test_a_version_2_entry_cannot_pass_as_version_1(brand_doc: dict[str, Any]) -> None:
    doc = copy.deepcopy(brand_doc)
    item = first_visible(doc, "message_posted")
    del item["salt"], item["content_hash"]
    assert check_document(doc) == f"entry {item['seq']}: content does not match its hash"


def test_a_checked_entry_is_the_journal_entry_it_stands_for() -> None:
    """The check makes each visible entry without `JournalEntry.__init__`: it must be the same
    entry, every field and the payload (flat or not) as a reader of `payload_json` has it."""
    s = story()
    doc = json.loads(render("json", s.state, s.journal, MO, Role.MEDIATOR, T0,
                            full=True).content)
    for number, (item, original) in enumerate(zip(doc["entries"], s.journal, strict=True), 1):
        checked = check_entry(doc["case"]["id"], item, number, original.prev_hash)
        assert checked.problem is None and checked.entry is not None
        assert checked.entry == original == entry_from_json(doc["case"]["id"], item)
        assert vars(checked.entry).keys() == vars(entry_from_json("", item)).keys() | {"payload"}
        assert checked.entry.payload == json.loads(original.payload_json)
