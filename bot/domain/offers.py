"""What a person can do in a case now: the rules table, narrowed by the finer rules each move
checks (whose proposal is open, who has signed, who mediates). `help` and `status` offer
exactly these, so the bot never offers a move it would refuse; a property test holds this
against `decide` over every state a case can reach."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.domain.agreement import APPEAL_KEY
from bot.domain.bidding import may_bid, may_use_bidding
from bot.domain.case import Case
from bot.domain.identity import Actor, Side
from bot.domain.phases import Phase
from bot.domain.proposals import acceptable, answerable, withdrawable
from bot.domain.review import may_answer, may_position, may_recommend
from bot.domain.roster import may_change_observers
from bot.domain.rules import possible_now
from bot.domain.ruling import may_appeal, may_decide

Finer = Callable[[Case, Actor, Side | None, datetime], bool]


def _mediates(case: Case, actor: Actor) -> bool:
    return case.mediator is not None and case.mediator.user_id == actor.user_id


def _may_sign(case: Case, actor: Actor, side: Side | None, now: datetime) -> bool:
    return case.agreement is not None and side not in case.agreement.signed


def _may_confirm(case: Case, actor: Actor, side: Side | None, now: datetime) -> bool:
    agreement = case.agreement
    return (agreement is not None and agreement.in_force
            and any(side not in f.confirmed for f in agreement.followups))


_FINER: dict[str, Finer] = {
    "counter": lambda case, actor, side, now: bool(answerable(case, side, now)),
    "accept": lambda case, actor, side, now: bool(acceptable(case, side, now)),
    "reject": lambda case, actor, side, now: bool(answerable(case, side, now)),
    "withdraw-proposal": lambda case, actor, side, now: bool(withdrawable(case, side, now)),
    "sign": _may_sign,
    "confirm": _may_confirm,
    "mediator": lambda case, actor, side, now: (case.mediator is None
                                                and not case.mediation_requested),
    "take": lambda case, actor, side, now: case.mediator is None,
    "caucus": lambda case, actor, side, now: (_mediates(case, actor)
                                              and len(case.caucuses) < len(Side)),
    "note": lambda case, actor, side, now: _mediates(case, actor),
    "close": lambda case, actor, side, now: _mediates(case, actor)
    and not (case.phase is Phase.DECIDED and APPEAL_KEY in case.deadlines),
    "bidding": lambda case, actor, side, now: may_use_bidding(case, side, now),
    "bid": lambda case, actor, side, now: may_bid(case, side, now),
    "handoff": lambda case, actor, side, now: _mediates(case, actor),
    "observer": lambda case, actor, side, now: may_change_observers(case, side)
    and (side is not None or _mediates(case, actor)),
    "review": lambda case, actor, side, now: (
        (_mediates(case, actor) if side is None else case.party_review)
        and (case.bidding is None or case.bidding.status not in ("proposed", "open"))),
    "position": lambda case, actor, side, now: may_position(case, side),
    "recommend": lambda case, actor, side, now: _mediates(case, actor) and may_recommend(case),
    "recommendation": lambda case, actor, side, now: may_answer(case, side, now),
    "decide": lambda case, actor, side, now: _mediates(case, actor) and may_decide(case),
    "appeal": lambda case, actor, side, now: may_appeal(case, now),
    "uphold": lambda case, actor, side, now: _mediates(case, actor),
    "reopen": lambda case, actor, side, now: not case.retained,
}


def possible_moves(case: Case, actor: Actor, now: datetime) -> tuple[str, ...]:
    """The subcommands `actor` can use on `case` at `now` without being refused."""
    side = case.side_of(actor)
    return tuple(
        sub for sub in possible_now(case.phase, case.role_of(actor))
        if sub not in _FINER or _FINER[sub](case, actor, side, now)
    )
