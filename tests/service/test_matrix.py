"""THE MATRIX: every subcommand, as every role, in every phase, through the real service and
real storage.

The roles: the claimant (Ana), the respondent (Cleo), the mediator, an outsider (Otto), an
observer Ana added to her side (Dan, who reads along and acts in nothing) and Cleo's delegate
(Eve, added with `act`: she acts as the respondent does). Every case is built with Dan and Eve
on it. The mediator is Mo, except under appeal: Mo decided, stepped aside and is an outsider
to the case there, so Max (who takes the appeal) is the mediator.

A cell succeeds exactly when `bot.domain.rules` admits the role in the phase; otherwise it is
refused with the very reason the rules table gives, listing what the person can do now
(`bot.domain.offers`), and the case's journal, version and the outbox stay as they were.
Reads never change anything.

Setup: each cell's case is built through the service in its phase (see `Desk.case_in`). The
finer rules are made to hold so that the table alone decides: Mo takes the case right after it
is opened for `caucus`, `note` and `close` (they need the mediator who took it); proposal #1
is Ana's and #2 Cleo's, so each side accepts, rejects or counters the other's and withdraws its
own; `close` gives a reason a mediator may give in every open phase; in compliance #1
promised a payment by a date and both sides have signed. On the review road: a party's
`review` is in a community that lets parties open it (`review_by=party`); `recommend` and
`decide` under review come once both final positions are in, and awaiting answers once Cleo
rejected the recommendation; the decision promises a payment by a date (follow-up #1), and
`close` comes once its appeal window passed (no one closes a case a party may still appeal). A few
cells the table admits can never be done as the road is built, and are refused by the finer
rules, not the table: `UNREACHABLE` lists them and why; they must be refused without a
change and not be offered by `help`. The guidelines' subcommands are the community's, not a
case's: `test_guidelines_matrix.py` is theirs. One database
serves the whole module (per backend); a cell expected to change its case
gets a fresh case, the others share one case per phase, rebuilt if a cell ever changed it.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.domain import kinds
from bot.domain.commands import FireDeadline
from bot.domain.errors import Refusal
from bot.domain.identity import SYSTEM, Actor, Role, Side
from bot.domain.offers import possible_moves
from bot.domain.phases import Phase
from bot.domain.rules import RULES_BY_NAME, SUBCOMMANDS, check
from bot.domain.visibility import can_see, effective
from bot.exchange import ACTOR, Outcome
from bot.input.guidelines_requests import GUIDELINES_SUBCOMMANDS

from .desk import (
    ANA,
    CLEO,
    DAN,
    EVE,
    MAX,
    MO,
    OTTO,
    STATEMENT_LINES,
    CaseIds,
    Desk,
    database,
)

ROLES = {"claimant": ANA, "respondent": CLEO, "mediator": MO, "outsider": OTTO,
         "observer": DAN, "delegate": EVE}
# The role each one holds in the case: a delegate holds its party's.
ROLE = {"claimant": Role.CLAIMANT, "respondent": Role.RESPONDENT, "mediator": Role.MEDIATOR,
        "outsider": Role.OUTSIDER, "observer": Role.OBSERVER, "delegate": Role.RESPONDENT}
SIDES = {"claimant": Side.BRAND, "respondent": Side.CREATOR, "observer": Side.BRAND,
         "delegate": Side.CREATOR}
PHASES = (
    Phase.AWAITING_RESPONSE,
    Phase.STATEMENTS,
    Phase.NEGOTIATION,
    Phase.AGREEMENT,
    Phase.COMPLIANCE,
    Phase.REVIEW,
    Phase.RECOMMENDATION,
    Phase.DECIDED,
    Phase.APPEAL,
    Phase.CLOSED,
)
NEEDS_THE_MEDIATOR_WHO_TOOK_IT = frozenset(
    {"caucus", "note", "close", "handoff", "observer", "review", "recommend", "decide", "uphold"})
# Admitted by the table, never doable as the road is built: the finer rules refuse them.
UNREACHABLE = {
    ("take", Phase.REVIEW): "the mediator who opened the review holds the case",
    ("take", Phase.RECOMMENDATION): "the mediator who recommended holds the case",
    ("take", Phase.DECIDED): "the mediator who decided holds the case",
    ("mediator", Phase.REVIEW): "the case has its mediator",
    ("mediator", Phase.RECOMMENDATION): "the case has its mediator",
    ("mediator", Phase.DECIDED): "the case has its mediator",
    ("mediator", Phase.APPEAL): "the appeal already asked for a mediator",
}
FIRST_KIND = {
    "open": kinds.CASE_OPENED,
    "join": kinds.CASE_JOINED,
    "decline": kinds.CASE_CLOSED,
    "statement": kinds.STATEMENT_SUBMITTED,
    "evidence": kinds.EVIDENCE_ADDED,
    "propose": kinds.PROPOSAL_MADE,
    "counter": kinds.PROPOSAL_MADE,
    "accept": kinds.PROPOSAL_ACCEPTED,
    "reject": kinds.PROPOSAL_REJECTED,
    "withdraw-proposal": kinds.PROPOSAL_WITHDRAWN,
    "sign": kinds.AGREEMENT_SIGNED,
    "confirm": kinds.FOLLOWUP_CONFIRMED,
    "mediator": kinds.MEDIATOR_REQUESTED,
    "take": kinds.MEDIATOR_ASSIGNED,
    "caucus": kinds.CAUCUS_OPENED,
    "note": kinds.MEDIATOR_NOTE,
    "close": kinds.CASE_CLOSED,
    "withdraw": kinds.CASE_CLOSED,
    "bidding": kinds.BIDDING_PROPOSED,
    "bid": kinds.BID_SEALED,
    "handoff": kinds.MEDIATOR_HANDED_OFF,
    "observer": kinds.OBSERVER_ADDED,
    "review": kinds.REVIEW_OPENED,
    "position": kinds.POSITION_SUBMITTED,
    "recommend": kinds.RECOMMENDATION_MADE,
    "recommendation": kinds.RECOMMENDATION_ANSWERED,
    "decide": kinds.DECISION_MADE,
    "appeal": kinds.APPEAL_LODGED,
    "uphold": kinds.DECISION_UPHELD,
    "reopen": kinds.CASE_REOPENED,
}
OPEN_FORM = (
    'title="Second dispute" category=non_payment summary="Invoice 12 unpaid" '
    'desired_outcome="Payment"'
)


def admitted(sub: str, role: str, phase: Phase) -> bool:
    rule = RULES_BY_NAME[sub]
    return ROLE[role] in rule.roles and (rule.phases is None or phase in rule.phases)


def actor_of(role: str, phase: Phase) -> Actor:
    """Who plays `role`: under appeal the mediator is Max (Mo decided and stepped aside)."""
    return MAX if role == "mediator" and phase is Phase.APPEAL else ROLES[role]


def line_for(sub: str, role: str, phase: Phase = Phase.NEGOTIATION) -> str:
    """The subcommand as `role` would type it, with valid arguments."""
    if role == "delegate":  # types what the respondent would
        role = "respondent"
    own, others = {"claimant": (1, 2), "respondent": (2, 1)}.get(role, (1, 1))
    return {
        "open": (
            f"open @ana side=creator {OPEN_FORM}"
            if role == "respondent"
            else f"open @cleo side=brand {OPEN_FORM}"
        ),
        "join": "join",
        "decline": "decline Not my contract",
        "statement": STATEMENT_LINES["ana" if role == "claimant" else "cleo"],
        "propose": "propose amount=900 currency=EUR",
        "counter": f"counter {others} amount=950 currency=EUR",
        "accept": f"accept {others}",
        "reject": f"reject {others} Too low",
        "withdraw-proposal": f"withdraw-proposal {own}",
        "sign": "sign",
        "confirm": "confirm 1",
        "mediator": "mediator We are stuck",
        "take": "take",
        "caucus": "caucus @cleo",
        "note": "note Cleo might settle at 1200",
        "close": "close closed_by_mediator No movement",
        "withdraw": "withdraw Settled elsewhere",
        "bidding": "bidding propose tolerance=5%",
        "bid": "bid 1000",
        # Under appeal Max mediates, and Mo stepped aside: Mia is the one left to hand it to.
        "handoff": "handoff @mia conflict" if phase is Phase.APPEAL else "handoff @max conflict",
        "observer": "observer add @fay brand" if role == "mediator" else "observer add @fay",
        "review": "review",
        "position": 'position position="x"',
        "recommend": 'recommend amount=900 currency=EUR reasons="r"',
        "recommendation": "recommendation accept",
        "decide": 'decide amount=900 currency=EUR reasons="r"',
        "appeal": "appeal new emails show otherwise",
        "uphold": "uphold stands",
        "reopen": "reopen asked again",
        "status": "status",
        "history": "history",
        "evidence-list": "evidence-list",
        "export": "export json",
        "cases": "cases",
        "campaign": "campaign list",
        "config": "config",
        "help": "help",
    }[sub]


class Matrix:
    """One desk on one database, and the shared case of each phase."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.shared: dict[tuple[Phase, bool], str] = {}

    async def build(self, phase: Phase, *, taken: bool) -> str:
        case_id = await self.desk.case_in(phase, taken=taken, watched=True)
        if phase is Phase.APPEAL and taken:  # Mo decided and stepped aside: Max takes it
            await self.desk.say(MAX, "take", case_id)
        return case_id

    async def case(self, phase: Phase, *, taken: bool, fresh: bool) -> str:
        if fresh:
            return await self.build(phase, taken=taken)
        key = (phase, taken)
        if key not in self.shared:
            self.shared[key] = await self.build(phase, taken=taken)
        return self.shared[key]

    def spoiled(self, phase: Phase, *, taken: bool) -> None:
        self.shared.pop((phase, taken), None)


@pytest_asyncio.fixture(
    scope="module",
    loop_scope="module",
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
async def matrix(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Matrix]:
    folder: Path = tmp_path_factory.mktemp("matrix")
    async with database(request.param, folder) as (store, evidence):
        yield Matrix(await Desk.over(store, evidence, case_ids=CaseIds()))


async def issue(desk: Desk, sub: str, role: str, phase: Phase, case_id: str) -> Outcome:
    actor = actor_of(role, phase)
    if sub == "evidence":
        return await desk.attach(
            actor, case_id, b"%PDF-1.7 the second brief", "brief-v2.pdf", "The second brief"
        )
    return await desk.say(actor, line_for(sub, role, phase), case_id)


async def prepare(matrix: Matrix, sub: str, role: str, phase: Phase, taken: bool) -> str:
    """A fresh case where the finer rules let the cell's move be done."""
    desk = matrix.desk
    if sub == "review" and ROLE[role] is not Role.MEDIATOR:  # parties may open it here
        await desk.say(MO, "config review_by=party")
        try:
            return await matrix.case(phase, taken=taken, fresh=True)
        finally:
            await desk.say(MO, "config review_by=mediator")
    case_id = await matrix.case(phase, taken=taken, fresh=True)
    if sub == "bid":  # a bid is sealed in bidding both sides agreed to
        await desk.say(ANA, "bidding propose", case_id)
        await desk.say(CLEO, "bidding accept", case_id)
    if sub in ("recommend", "decide") and phase is Phase.REVIEW:  # both positions are in
        await desk.say(ANA, 'position position="The advance back."', case_id)
        await desk.say(CLEO, 'position position="The full fee."', case_id)
    if sub in ("recommend", "decide") and phase is Phase.RECOMMENDATION:  # answered: no
        await desk.say(CLEO, "recommendation reject too little", case_id)
    if sub == "close" and phase is Phase.DECIDED:  # the appeal window passed (follow-up due)
        case = await desk.service.case(case_id)
        await desk.act(SYSTEM, case_id, FireDeadline("appeal", case.deadlines["appeal"]))
    return case_id


CELLS = [
    pytest.param(sub, role, phase, id=f"{sub}-{role}-{phase.value}")
    for sub in SUBCOMMANDS if sub not in GUIDELINES_SUBCOMMANDS  # their own matrix
    for role in ROLES
    for phase in PHASES
]


def test_the_matrix_covers_every_subcommand_role_and_phase() -> None:
    assert len(CELLS) == len(set(SUBCOMMANDS) - GUIDELINES_SUBCOMMANDS) * 6 * len(Phase)
    assert set(ROLE.values()) == set(Role) - {Role.PARTY, Role.SYSTEM}
    assert set(FIRST_KIND) == {s for s in SUBCOMMANDS if RULES_BY_NAME[s].changes_case}
    assert set(PHASES) == set(Phase)


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize(("sub", "role", "phase"), CELLS)
async def test_cell(matrix: Matrix, sub: str, role: str, phase: Phase) -> None:
    rule = RULES_BY_NAME[sub]
    unreachable = (sub, phase) in UNREACHABLE
    allowed = admitted(sub, role, phase) and not unreachable
    taken = sub in NEEDS_THE_MEDIATOR_WHO_TOOK_IT
    changes = allowed and rule.changes_case
    desk = matrix.desk
    actor = actor_of(role, phase)
    if changes:
        case_id = await prepare(matrix, sub, role, phase, taken)
    else:
        case_id = await matrix.case(phase, taken=taken, fresh=False)
    assert (await desk.service.case(case_id)).role_of(actor) is ROLE[role]
    await desk.deliver_outbox()
    before = await desk.footprint(case_id)
    try:
        outcome = await issue(desk, sub, role, phase, case_id)
    except Refusal as refusal:
        after = await desk.footprint(case_id)
        if after != before:
            matrix.spoiled(phase, taken=taken)
        assert not allowed, f"refused, though the table admits it: {refusal.message}"
        assert after == before, "a refusal changed the case"
        case = await desk.service.case(case_id)
        if unreachable and admitted(sub, role, phase):  # the finer rules refuse it
            assert sub not in possible_moves(case, actor, desk.clock()), UNREACHABLE[sub, phase]
            return
        if rule.phases is None:  # community-level: not about this case's phase
            assert refusal.message.strip()
            return
        with pytest.raises(Refusal) as explained:
            check(rule, phase, ROLE[role], case_id)
        # The table's reason, and exactly what the person can do now, as `help` lists it.
        possible = possible_moves(case, actor, desk.clock()) if explained.value.possible \
            else ()
        assert refusal.message == Refusal(explained.value.reason, possible).message
        return
    after = await desk.footprint(case_id)
    if after != before and not changes:
        matrix.spoiled(phase, taken=taken)
    assert allowed, f"done, though the table refuses it: {[e.kind for e in outcome.entries]}"

    if sub == "open":
        assert after[:2] == before[:2], "opening a case changed another one"
        assert outcome.case_id not in (None, case_id)
        [opened] = await desk.verified(outcome.case_id)  # type: ignore[arg-type]
        assert opened.kind == kinds.CASE_OPENED and opened.actor_id == actor.user_id
        return
    if not rule.changes_case:
        assert after == before, "a read changed something"
        assert outcome.entries == ()
        [answer] = outcome.to(ACTOR)
        assert answer.strip()
        if sub == "export":
            [reply] = outcome.replies
            assert reply.attachment is not None
            document = json.loads(reply.attachment.content)
            assert document["case"]["id"] == case_id
            side = SIDES.get(role)
            revealed = (await desk.service.case(case_id)).revealed
            journal = await desk.journal(case_id)
            # What the viewer may not see is there as a stub: its place, kind and hash only.
            assert [e["seq"] for e in document["entries"]] == [e.seq for e in journal]
            assert [e["seq"] for e in document["entries"] if not e.get("redacted")] == [
                e.seq
                for e in journal
                if can_see(effective(e.visibility, e.kind, revealed), ROLE[role], side)
            ]
            assert all("payload" not in e for e in document["entries"] if e.get("redacted"))
        return
    entries = outcome.entries
    assert entries and entries[0].kind == FIRST_KIND[sub]
    assert {e.actor_role for e in entries} == {ROLE[role].value}
    assert after[0] == before[0] + len(entries)
    assert after[1] == before[1] + len(entries)
    stored = await desk.verified(case_id)
    assert stored[-len(entries) :] == list(entries)
