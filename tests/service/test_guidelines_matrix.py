"""THE GUIDELINES MATRIX: every guidelines move, as every role, through the real service and
real storage, each cell in a community of its own.

Each community starts the same way: Otto reported Cleo (R1); Mo applied two rules to Cleo
(I1, I2); Cleo appealed I1. The roles: Cleo (the member on record), Otto (the reporter), Mo
(the mediator who applied both), Max (another mediator) and Dan (a bystander). A cell is
done exactly when `ALLOWED` says so, and otherwise refused with a message, the record and the
outbox as they were. Reads change nothing.
"""

from __future__ import annotations

import pytest

from bot.domain.errors import Refusal
from bot.domain.identity import Actor
from bot.exchange import ACTOR, Context, Outcome
from bot.guidelines.record import guidelines_id
from bot.input.grammar import parse
from bot.ports import Community

from .desk import CLEO, MAX, MO, PLATFORM, Desk, person

OTTO, DAN = person("otto"), person("dan")
ROLES = {"member": CLEO, "reporter": OTTO, "mediator": MO, "other_mediator": MAX,
         "bystander": DAN}
EVERYONE = frozenset(ROLES)
MEDIATORS = frozenset({"mediator", "other_mediator"})
MOVES = {  # move: (line, who may, whether it writes)
    "rules": ("rules", EVERYONE, False),
    "rules file": ("rules file", EVERYONE, False),
    "rules reset": ("rules reset", MEDIATORS, True),
    "report": ("report @ana rude in the brief's comments", EVERYONE, True),
    "queue": ("reports", MEDIATORS, False),
    "triage": ("reports R1 dismiss no evidence of it", MEDIATORS, True),
    "penalize": ("penalize @ana ghosting seen two weeks of silence", MEDIATORS, True),
    "own standing": ("standing", EVERYONE, False),
    "cleo's standing": ("standing @cleo", frozenset({"member"}) | MEDIATORS, False),
    "appeal": ("standing appeal I2 that post was another account's", frozenset({"member"}),
               True),
    "decide appeal": ("standing overturn I1 the caption had #ad after all",
                      frozenset({"other_mediator"}), True),
}
CELLS = [pytest.param(move, role, id=f"{move.replace(' ', '_')}-{role}")
         for move in MOVES for role in ROLES]


async def say(desk: Desk, community: str, actor: Actor, line: str) -> Outcome:
    ctx = Context(actor, community, PLATFORM, desk.people)
    return await desk.service.handle(parse(line), ctx)


async def footprint(desk: Desk, community: str) -> tuple[int, int]:
    journal = await desk.journal(guidelines_id(community))
    return len(journal), len(await desk.store.pending_outbox(PLATFORM, limit=10_000))


@pytest.mark.parametrize(("move", "role"), CELLS)
async def test_cell(desk: Desk, move: str, role: str) -> None:
    community = f"console:{move.replace(' ', '_')}-{role}"
    await desk.service.ensure_community(Community(community, PLATFORM, community))
    await say(desk, community, OTTO, "report @cleo late again and silent")
    await say(desk, community, MO, "penalize @cleo disclosure_missing seen no #ad on d1")
    await say(desk, community, MO, "penalize @cleo requirement_missed seen no link on d2")
    await say(desk, community, CLEO, "standing appeal I1 the caption had #ad")
    line, allowed, writes = MOVES[move]
    before = await footprint(desk, community)
    try:
        outcome = await say(desk, community, ROLES[role], line)
    except Refusal as refusal:
        assert role not in allowed, f"refused, though {role} may: {refusal.message}"
        assert refusal.message.strip()
        assert await footprint(desk, community) == before, "a refusal changed something"
        return
    assert role in allowed, f"done, though {role} may not: {outcome.to(ACTOR)}"
    after = await footprint(desk, community)
    assert (after[0] > before[0]) is writes
    assert outcome.to(ACTOR), "every move answers whoever made it"
