"""Cases never show across communities (Slack workspaces, Discord servers), not even by id."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.commands import PostMessage
from bot.domain.errors import Refusal
from bot.domain.identity import Actor
from bot.exchange import Context
from bot.input.grammar import parse
from bot.service.mediation import MediationService
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore

NOW = datetime(2026, 11, 21, 19, 0, tzinfo=UTC)
ANA = Actor("slack:T1:UANA", "Ana")
BEN = Actor("slack:T1:UBEN", "Ben")
EVE = Actor("slack:T2:UEVE", "Eve", is_mediator=True)  # a mediator, elsewhere


class People:
    async def resolve(self, token: str) -> Actor | None:
        return BEN if token == "@ben" else None


async def test_a_case_is_invisible_from_another_community(
        store: SqlCaseStore, evidence_store: FileEvidenceStore) -> None:
    service = MediationService(store, evidence_store, clock=lambda: NOW)
    here = Context(ANA, "slack:T1", "slack", People())
    opened = await service.handle(parse(
        "/mediate open @ben Late post side=brand category=other summary=s desired_outcome=d"),
        here)
    case_id = opened.case_id
    assert case_id is not None
    before = await store.entries(case_id)
    elsewhere = Context(EVE, "slack:T2", "slack", People(), case_id)
    for line in ("status", "history", "take", "help"):
        with pytest.raises(Refusal, match=f"There is no case {case_id}"):
            await service.handle(parse(f"/mediate {line} {case_id}"), elsewhere)
    with pytest.raises(Refusal, match=f"There is no case {case_id}"):
        await service.act(elsewhere, case_id, PostMessage("hello from T2"))
    assert await store.entries(case_id) == before
    # The same mediator flag inside the case's own community does count.
    local = Context(Actor("slack:T1:UMIA", "Mia", is_mediator=True), "slack:T1", "slack")
    taken = await service.handle(parse(f"/mediate take {case_id}"), local)
    assert [e.kind for e in taken.entries] == ["mediator_assigned", "briefing_given"]
