"""What the bot offers is exactly what the rules allow.

Over every state a case reaches by legal moves (a random walk: people act, time passes,
deadlines fire), and for every person, `possible_moves` (what `help` and `status` offer)
holds a subcommand exactly when some way of using it is not refused. The oracle is the rules
themselves: `decide` for moves, `gate` for reads. `help`, `status` and every refusal's
"Possible now" are checked against the same oracle.
"""

from __future__ import annotations

import hashlib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.case import Case
from bot.domain.commands import (
    Accept,
    AddEvidence,
    AnswerBidding,
    Bid,
    Caucus,
    Close,
    Command,
    Confirm,
    Counter,
    Decline,
    FireDeadline,
    Join,
    Note,
    Propose,
    ProposeBidding,
    Reject,
    RequestMediator,
    Sign,
    SubmitStatement,
    Take,
    Withdraw,
    WithdrawProposal,
)
from bot.domain.deadlines import schedule
from bot.domain.decide import decide, gate
from bot.domain.errors import Refusal
from bot.domain.identity import SYSTEM, Actor, Side
from bot.domain.offers import possible_moves
from bot.domain.phases import MEDIATOR_CLOSE_REASONS, Phase
from bot.domain.policy import Decisions, Policy, ReviewBy
from bot.domain.proposals import case_currency
from bot.domain.review_commands import (
    AddObserver,
    AnswerRecommendation,
    Appeal,
    Decide,
    HandOff,
    OpenReview,
    Recommend,
    RemoveObserver,
    Reopen,
    SubmitPosition,
    Uphold,
)
from bot.domain.rules import RULES, RULES_BY_NAME
from bot.text.status import help_text, status

from .session import (
    ANA,
    CLAIMANT_STATEMENT,
    CLEO,
    MAX,
    MO,
    OTTO,
    RESPONDENT_STATEMENT,
    TERMS,
    Session,
)

DAN = Actor("console:dan", "Dan")  # a colleague, to read along
ACTORS = (ANA, CLEO, MO, MAX, OTTO, DAN)
BINDING = Policy(decisions=Decisions.BINDING, review_by=ReviewBy.PARTY)
SHA = hashlib.sha256(b"receipt").hexdigest()
CASE_SUBCOMMANDS = tuple(rule.subcommand for rule in RULES if rule.phases is not None)
FOLLOWUP_TERMS = {**TERMS, "followup": "Payment of the fee", "followup_due": "2026-12-15"}


def candidates(case: Case, actor: Actor) -> dict[str, list[Command]]:
    """For each subcommand that changes a case, the ways a person could use it here."""
    numbers = [*case.proposals, len(case.proposals) + 1]
    currency = case_currency(case) or "EUR"
    terms = {"amount": "900.00", "currency": currency}
    own = (RESPONDENT_STATEMENT if case.side_of(actor) is case.respondent.side
           else CLAIMANT_STATEMENT)
    return {
        "join": [Join()],
        "decline": [Decline("no")],
        "statement": [SubmitStatement(own)],
        "evidence": [AddEvidence(SHA, 10, "application/pdf", "receipt.pdf")],
        "propose": [Propose(terms), Propose({**FOLLOWUP_TERMS, "currency": currency})],
        "counter": [Counter(n, terms) for n in numbers],
        "accept": [Accept(n) for n in numbers],
        "reject": [Reject(n) for n in numbers],
        "withdraw-proposal": [WithdrawProposal(n) for n in numbers],
        "sign": [Sign()],
        "confirm": [Confirm(n) for n in (1, 2)],
        "mediator": [RequestMediator()],
        "take": [Take()],
        "caucus": [Caucus(party.user_id) for party in case.parties()],
        "note": [Note("first impressions")],
        "close": [Close(reason) for reason in MEDIATOR_CLOSE_REASONS],
        "withdraw": [Withdraw()],
        "bidding": [ProposeBidding(tolerance="5%"), AnswerBidding(accept=True),
                    AnswerBidding(accept=False)],
        "bid": [Bid("1000"), Bid("1200"), Bid("800")],
        "handoff": [HandOff(MAX, "A conflict of interest."), HandOff(MO, "Back to you."),
                    HandOff(Actor(f"console:m{len(case.recused)}", "Nia", is_mediator=True),
                            "Nia knows the field.")],
        "observer": [AddObserver(Actor(f"console:o{len(case.observers)}", "Ola")),
                     AddObserver(DAN), AddObserver(DAN, Side.BRAND),
                     AddObserver(DAN, Side.CREATOR, acts=True), RemoveObserver(DAN)],
        "review": [OpenReview()],
        "position": [SubmitPosition({"position": "My final word."})],
        "recommend": [Recommend(terms, "The evidence shows it.")],
        "recommendation": [AnswerRecommendation(True), AnswerRecommendation(False)],
        "decide": [Decide(terms, "The evidence shows it.")],
        "appeal": [Appeal("New emails show the brief changed.")],
        "uphold": [Uphold("The emails change nothing.")],
        "reopen": [Reopen("Both asked to talk again.")],
    }


def allowed(s: Session, actor: Actor) -> tuple[set[str], list[tuple[Actor, Command]], set[str]]:
    """What the rules let `actor` do now, the moves that do it, and what refusals offered."""
    subs: set[str] = set()
    moves: list[tuple[Actor, Command]] = []
    offered_by_refusals: set[str] = set()
    ways = candidates(s.state, actor)
    for sub in CASE_SUBCOMMANDS:
        if not RULES_BY_NAME[sub].changes_case:
            try:
                gate(s.state, sub, actor, s.now)
            except Refusal as refusal:
                offered_by_refusals.update(refusal.possible)
                continue
            subs.add(sub)
            continue
        for command in ways[sub]:
            try:
                decide(s.state, command, actor, s.now, s.policy)
            except Refusal as refusal:
                offered_by_refusals.update(refusal.possible)
                continue
            subs.add(sub)
            moves.append((actor, command))
    return subs, moves, offered_by_refusals


def offered_in_words(case: Case, actor: Actor, s: Session) -> tuple[set[str], set[str]]:
    """What `status` and `help` say the person can do (status: none for whom it refuses)."""
    said = status(case, actor, s.now)
    found = re.search(r"^You can: (.*)$", said, re.MULTILINE)
    in_status = set(found.group(1).split(", ")) if found else set()
    usages = {rule.usage: rule.subcommand for rule in RULES}
    in_help = {usages[line.strip().rsplit(": ", 1)[0]]
               for line in help_text(case, actor, s.now).splitlines()[1:]}
    return in_status, in_help - {"cases", "help"}


def check_offers(s: Session) -> list[tuple[Actor, Command]]:
    moves: list[tuple[Actor, Command]] = []
    for actor in ACTORS:
        rules_allow, ways, offered_by_refusals = allowed(s, actor)
        moves += ways
        # A refusal's "Possible now" offers nothing the rules would refuse either.
        assert offered_by_refusals <= rules_allow, offered_by_refusals - rules_allow
        offered = set(possible_moves(s.state, actor, s.now))
        assert offered == rules_allow, (
            f"{actor.name} in {s.phase}: offered but refused {offered - rules_allow}, "
            f"allowed but not offered {rules_allow - offered}")
        in_status, in_help = offered_in_words(s.state, actor, s)
        assert in_help == rules_allow
        if s.state.is_open and "status" in rules_allow:
            assert in_status == rules_allow
    return moves


def fire_next_deadline(s: Session) -> None:
    rows = schedule(s.state, s.policy)
    if not rows:
        return
    key, due = min(rows.items(), key=lambda row: row[1])
    s.now = max(s.now, due)
    s.do(SYSTEM, FireDeadline(key, due))


def signed_with_followup() -> Session:
    s = Session().agreeing(FOLLOWUP_TERMS)
    s.do(ANA, Sign())
    s.do(CLEO, Sign())
    return s


def under_review() -> Session:
    """Binding decisions, reviews a party may open: a mediator reviews the negotiation."""
    s = Session(policy=BINDING).negotiating().mediated()
    s.do(MO, OpenReview())
    return s


def decided() -> Session:
    s = under_review()
    s.do(ANA, SubmitPosition({"position": "The advance back."}))
    s.do(CLEO, SubmitPosition({"position": "The full fee."}))
    s.do(MO, Decide(FOLLOWUP_TERMS, "The reel was late."))
    return s


STARTS = (Session.opened, Session.joined, Session.negotiating, Session.agreeing,
          lambda _: signed_with_followup(), lambda _: Session(policy=BINDING).negotiating(),
          lambda _: under_review(), lambda _: decided())


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(STARTS), st.data())
def test_help_and_status_offer_exactly_what_the_rules_allow(start: object,
                                                            data: st.DataObject) -> None:
    s: Session = start(Session())  # type: ignore[operator]
    for _ in range(data.draw(st.integers(0, 25), label="steps")):
        moves = check_offers(s)
        if not s.state.is_open and not moves:
            return
        kinds_of_move = sorted({command.subcommand for _, command in moves}
                               | {"(time passes)", "(a deadline falls due)"})
        kind = data.draw(st.sampled_from(kinds_of_move), label="move")
        if kind == "(time passes)":
            s.later(hours=data.draw(st.sampled_from((1, 20, 50))))
        elif kind == "(a deadline falls due)":
            fire_next_deadline(s)
        else:
            actor, command = data.draw(st.sampled_from(
                [(a, c) for a, c in moves if c.subcommand == kind]))
            s.do(actor, command)
    check_offers(s)


def test_the_walk_reaches_compliance_where_sign_and_withdraw_are_not_offered() -> None:
    s = signed_with_followup()
    check_offers(s)
    assert s.phase is Phase.COMPLIANCE
    assert possible_moves(s.state, ANA, s.now) == (
        "evidence", "confirm", "mediator", "observer", "status", "history", "evidence-list",
        "export")
    s = Session().agreeing(FOLLOWUP_TERMS)
    assert "confirm" not in possible_moves(s.state, ANA, s.now)
