"""Refusals say why, and what is possible now, and change nothing."""

from __future__ import annotations

import pytest

from bot.domain.commands import Accept, Join, Propose, Sign, Take
from bot.domain.errors import Refusal
from bot.domain.identity import Role
from bot.domain.phases import Phase
from bot.domain.rules import RULES, RULES_BY_NAME, SUBCOMMANDS, check, possible_now

from .session import ANA, CASE_ID, CLEO, MO, OTTO, TERMS, Session

ROLES = (Role.CLAIMANT, Role.RESPONDENT, Role.MEDIATOR, Role.OBSERVER, Role.OUTSIDER)


def test_a_phase_refusal_lists_exactly_what_the_actor_can_do_now() -> None:
    s = Session().joined()
    message = s.refused(CLEO, Join())
    assert message == (
        f"`join` is not possible while case {CASE_ID} is collecting statements. "
        "Possible now: statement, evidence, mediator, observer, status, history, evidence-list, "
        "export."
    )


def test_a_role_refusal_names_who_may_and_lists_what_the_actor_can_do() -> None:
    s = Session().agreeing()
    message = s.refused(ANA, Take())
    assert message.startswith(f"Only a mediator can use `take` in case {CASE_ID}.")
    assert message.endswith(
        "Possible now: evidence, sign, mediator, observer, withdraw, status, history, "
        "evidence-list, export."
    )


def test_an_outsider_is_told_they_are_not_a_party() -> None:
    s = Session().negotiating()
    s.do(ANA, Propose(TERMS))
    assert s.refused(OTTO, Accept(1)) == (
        f"You are not a party to case {CASE_ID}: only its parties and mediators can act in it."
    )


def test_a_closed_case_refuses_every_change_and_still_offers_the_reads() -> None:
    s = Session().settled()
    for actor in (ANA, CLEO):
        message = s.refused(actor, Sign())
        assert message.endswith("Possible now: status, history, evidence-list, export.")
    assert s.refused(MO, Take()).endswith(
        "Possible now: reopen, status, history, evidence-list, export.")


@pytest.mark.parametrize("phase", list(Phase))
@pytest.mark.parametrize("role", ROLES)
def test_the_table_and_its_explanations_agree(phase: Phase, role: Role) -> None:
    possible = possible_now(phase, role)
    for name in SUBCOMMANDS:
        rule = RULES_BY_NAME[name]
        if rule.phases is None:
            check(rule, phase, role, CASE_ID)  # open, cases, help: never gated by a case
            assert name not in possible
            continue
        admitted = role in rule.roles and phase in rule.phases
        assert (name in possible) is admitted
        if admitted:
            check(rule, phase, role, CASE_ID)
            continue
        with pytest.raises(Refusal) as refusal:
            check(rule, phase, role, CASE_ID)
        assert refusal.value.message.strip()
        if role is Role.OUTSIDER:
            assert "not a party" in refusal.value.message
        else:
            assert refusal.value.possible == possible
            assert f"`{name}`" in refusal.value.message


def test_every_subcommand_has_one_rule() -> None:
    assert len(SUBCOMMANDS) == len(RULES)
    assert all(rule.usage.split()[0] == rule.subcommand for rule in RULES)


def test_nothing_but_a_mediator_reopening_changes_a_closed_case() -> None:
    changing = [rule for rule in RULES
                if rule.changes_case and rule.phases is not None and Phase.CLOSED in rule.phases]
    assert [(r.subcommand, r.roles) for r in changing] == [("reopen", {Role.MEDIATOR})]
