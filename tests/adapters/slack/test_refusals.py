"""Illegal moves and bad input get a clear private answer and change nothing."""

from __future__ import annotations

import json

from storage.repository import SqlCaseStore

from .conftest import kinds
from .fake_slack import FakeSlack
from .flows import CASE, OPEN_FORM, joined, negotiating, open_case
from .workspace import Workspace


async def footprint(store: SqlCaseStore, fake: FakeSlack) -> tuple[object, ...]:
    head = await store.head(CASE)
    posts = [c for c in fake.calls if c.method in ("chat.postMessage", "chat.update")
             and not c.params["channel"].startswith("D")]  # private answers may go by DM
    return (head, len(posts), len(await store.pending_outbox("slack", 1000)))


async def test_an_outsider_clicking_accept_is_refused_privately_and_nothing_changes(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore) -> None:
    await negotiating(ws)
    before = await footprint(store, fake)
    assert (await ws.click("UOTTO", CASE, "accept", 1)).status == 200
    assert await footprint(store, fake) == before
    refusal = fake.private_to("UOTTO")[-1]
    assert f"You are not a party to case {CASE}" in refusal
    # The right person's click still works afterwards.
    await ws.click("UCLEO", CASE, "accept", 1)
    assert (await kinds(store, CASE))[-2:] == ["proposal_accepted", "agreement_drafted"]


async def test_a_side_cannot_accept_its_own_proposal(ws: Workspace, fake: FakeSlack,
                                                     store: SqlCaseStore) -> None:
    await negotiating(ws)
    before = await footprint(store, fake)
    await ws.click("UANA", CASE, "accept", 1)
    assert await footprint(store, fake) == before
    assert "Not done" in fake.private_to("UANA")[-1]


async def test_a_form_with_bad_values_gets_its_errors_in_the_ack(
        ws: Workspace, store: SqlCaseStore) -> None:
    await ws.command("UANA", "open")
    reply = await ws.submit("UANA", {**OPEN_FORM, "amount": "lots", "currency": "E1R"})
    assert reply.status == 200
    assert reply.json() == {"response_action": "errors", "errors": {
        "amount": "not a number",
        "currency": "a three-letter currency code such as EUR or USD"}}
    assert await store.case_ids() == []


async def test_a_statement_form_is_not_even_shown_to_someone_who_cannot_send_it(
        ws: Workspace, fake: FakeSlack) -> None:
    await joined(ws)
    opened = len(fake.called("views.open"))
    await ws.click("UOTTO", CASE, "statement")
    assert len(fake.called("views.open")) == opened
    assert "not a party" in fake.private_to("UOTTO")[-1]


async def test_unknown_cases_and_subcommands_are_explained(ws: Workspace,
                                                           fake: FakeSlack) -> None:
    await ws.command("UANA", "accept MB-ZZZZZZ 1")
    await ws.command("UANA", "dance")
    await ws.command("UANA", "join")
    said = fake.private_to("UANA")
    assert "There is no case MB-ZZZZZZ." in said[0]
    assert "There is no subcommand 'dance'" in said[1]
    assert "Which case?" in said[2]


async def test_malformed_payloads_are_answered_and_change_nothing(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore) -> None:
    await open_case(ws)
    before = await footprint(store, fake)
    element = ws.button(CASE, "join")
    channel, ts, _ = ws.card(CASE)
    forged = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": "UCLEO"},
              "trigger_id": "9.t", "channel": {"id": channel}, "container": {},
              "response_url": fake.response_url("UCLEO", 99),
              "actions": [{**element, "value": "DROP TABLE cases"}]}
    assert (await ws.interaction(forged)).status == 200
    view = {**ws.last_view(), "private_metadata": "{not json"}
    reply = await ws.submit("UCLEO", {}, view=view)
    assert reply.status == 200
    reply = await ws.post(b"payload=%7Bnot-json", "application/x-www-form-urlencoded")
    assert reply.status == 400
    assert await footprint(store, fake) == before
    said = fake.private_to("UCLEO") + fake.direct_to("UCLEO")
    assert any("names no case" in text for text in said)
    assert any("metadata is unreadable" in text for text in said)
    assert ts and json.dumps(said)
