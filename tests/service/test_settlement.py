"""The settlement through the service, as users met it: what `help` and `status` offer around
the signatures, the ledger after an acceptance, the case's currency, and a case taken by one
mediator as the other mediators of the community see it."""

from __future__ import annotations

import json

import pytest

from bot.domain import kinds
from bot.domain.commands import PostMessage
from bot.domain.errors import Refusal
from bot.domain.identity import Actor
from bot.domain.phases import Phase
from bot.exchange import ACTOR, THREAD

from .desk import ANA, CLEO, MAX, MO, STATEMENT_LINES, Desk


def you_can(text: str) -> list[str]:
    [line] = [line for line in text.splitlines() if line.startswith("You can: ")]
    return line.removeprefix("You can: ").split(", ")


async def answer(desk: Desk, actor: Actor, line: str, case_id: str) -> str:
    [text] = (await desk.say(actor, line, case_id)).to(ACTOR)
    return text


async def test_status_and_help_offer_sign_before_and_confirm_after_both_signatures(
        desk: Desk) -> None:
    case_id = await desk.case_in(Phase.AGREEMENT)
    before = await answer(desk, ANA, "status", case_id)
    assert "awaiting signatures" in before
    assert "sign" in you_can(before) and "confirm" not in you_can(before)
    assert "confirm N" not in await answer(desk, ANA, "help", case_id)

    case_id = await desk.case_in(Phase.COMPLIANCE)
    after = await answer(desk, ANA, "status", case_id)
    assert "awaiting signatures" not in after and "signed; awaiting the follow-ups" in after
    assert "sign" not in you_can(after) and "withdraw" not in you_can(after)
    assert "confirm" in you_can(after)
    assert "Waiting for: ana to `confirm 1` (Payment of the fee)" in after
    helped = await answer(desk, ANA, "help", case_id)
    assert "confirm N" in helped and "  sign:" not in helped and "withdraw [reason]" not in helped
    refusal = await desk.refused(ANA, "withdraw I changed my mind", case_id)
    assert "`withdraw` is not possible" in refusal


async def test_accepting_one_proposal_closes_the_others_in_the_ledger(desk: Desk) -> None:
    case_id = await desk.case_in(Phase.NEGOTIATION)  # #1 by Ana, #2 by Cleo
    accepted = await desk.say(CLEO, "accept 1", case_id)
    assert [e.kind for e in accepted.entries] == [
        kinds.PROPOSAL_ACCEPTED, kinds.PROPOSAL_SUPERSEDED, kinds.AGREEMENT_DRAFTED]
    assert any("Proposal #2 is closed: superseded" in text for text in accepted.to(THREAD))
    said = await answer(desk, ANA, "status", case_id)
    assert "[open]" not in said and "[superseded]" in said
    assert "proposal superseded number=2" in await answer(desk, CLEO, "history", case_id)


async def test_a_proposal_in_another_currency_is_refused_saying_the_cases(desk: Desk) -> None:
    case_id = await desk.case_in(Phase.NEGOTIATION)  # the claim is in EUR
    refusal = await desk.refused(ANA, "propose amount=1000 currency=USD", case_id)
    assert f"Case {case_id} is in EUR" in refusal and "not USD" in refusal
    assert "is in EUR" in await desk.refused(CLEO, "counter 1 amount=1 currency=USD", case_id)
    said = await answer(desk, ANA, "status", case_id)
    assert "[accepted]" not in said


async def test_a_taken_case_is_its_mediators_alone(desk: Desk) -> None:
    case_id = await desk.case_in(Phase.STATEMENTS, taken=True)
    await desk.say(ANA, STATEMENT_LINES["ana"], case_id)  # sealed
    await desk.say(MO, "caucus @cleo", case_id)
    await desk.say(MO, "note Cleo might settle at 1200", case_id)
    for line in ("status", "history", "export json", "evidence-list", "caucus @ana",
                 "note me too", "take"):
        message = await desk.refused(MAX, line, case_id)
        assert message.startswith(f"Case {case_id} is taken: mo is already mediating it.")
    helped = await answer(desk, MAX, "help", case_id)
    assert "not its mediator: mo took it" in helped
    assert helped.splitlines()[1:] == ["  cases: your open cases", "  help: what you can do "
                                       "here, now"]
    with pytest.raises(Refusal, match="is taken"):
        await desk.act(MAX, case_id, PostMessage("psst", room="caucus:creator"))
    # The mediator who took it reads everything: the sealed statement, the caucus, the note.
    [reply] = (await desk.say(MO, "export json", case_id)).replies
    assert reply.attachment is not None
    document = json.loads(reply.attachment.content)
    assert not any(entry.get("redacted") for entry in document["entries"])
    assert "Advance paid" in await answer(desk, MO, "history", case_id)
