"""The guidelines record decided and folded in memory: a penalty's step is the rung for the
count of the member's active strikes on its ladder, nothing else; the record folds back from
its journal to the same state; timers fire once; a forged rulebook does not fold."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.errors import Refusal
from bot.domain.identity import SYSTEM, Actor, Role
from bot.domain.journal import GENESIS_HASH, JournalEntry, chain, verify_chain
from bot.domain.policy import Policy
from bot.guidelines import fold, kinds
from bot.guidelines.commands import (
    AdoptRulebook,
    AppealPenalty,
    ApplyPenalty,
    Basis,
    DecideAppeal,
    FireGuidelinesTimer,
    GuidelinesCommand,
    Member,
)
from bot.guidelines.decide import StartGuidelines, decide_guidelines
from bot.guidelines.ladder import is_active
from bot.guidelines.presets import DEFAULT_RULEBOOK
from bot.guidelines.record import GuidelinesRecord, guidelines_id
from bot.guidelines.rulebook import Detection, Scope
from bot.guidelines.timers import guidelines_deadlines

T0 = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
MO = Actor("console:mo", "mo", is_mediator=True)
MAX = Actor("console:max", "max", is_mediator=True)
CLEO = Actor("console:cleo", "cleo")
SEEN = Basis(Detection.MEDIATOR, "seen in the channel")
POLICY = Policy()


class Record:
    """A record driven by commands, its journal kept as the service would keep it."""

    def __init__(self, community: str = "console:demo") -> None:
        self.community = community
        self.state: GuidelinesRecord | None = None
        self.entries: list[JournalEntry] = []

    def do(self, actor: Actor, command: GuidelinesCommand, now: datetime) -> list[JournalEntry]:
        wrapped = command if self.state else StartGuidelines(self.community, command)
        events = decide_guidelines(self.state, wrapped, actor, now, POLICY)
        record_id = guidelines_id(self.community)
        role = Role.SYSTEM if actor == SYSTEM else Role.MEDIATOR
        entries = chain(record_id, events, actor=actor, role=role, now=now,
                        after_seq=self.state.version if self.state else 0,
                        after_hash=self.state.last_hash if self.state else GENESIS_HASH,
                        source=None)
        for entry in entries:
            self.state = fold.apply(self.state, entry)
        self.entries += entries
        return entries


def penalize(record: Record, rule: str, now: datetime, member: Actor = CLEO) -> JournalEntry:
    return record.do(MO, ApplyPenalty(Member(member.user_id, member.name), rule, SEEN),
                     now)[-1]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 200), st.booleans()), min_size=1, max_size=12))
def test_a_step_depends_only_on_the_count_of_active_strikes(
        history: list[tuple[int, bool]]) -> None:
    """Incidents under one ladder at increasing times, some overturned on appeal: each got
    the rung for the count of earlier ones active (and standing) at its moment."""
    record = Record()
    ladder = DEFAULT_RULEBOOK.ladder_of("disclosure_missing")
    now = T0
    kept: list[datetime] = []
    for gap, overturn in history:
        now += timedelta(days=gap)
        entry = penalty = penalize(record, "disclosure_missing", now)
        active = sum(1 for at in kept if is_active(ladder, at, now))
        assert penalty.payload["strike"] == active + 1
        assert penalty.payload["step"]["kind"] == ladder.step_for(active).kind
        number = entry.payload["number"]
        if overturn:
            record.do(CLEO, AppealPenalty(number, "not me"), now)
            record.do(MAX, DecideAppeal(number, True, "agreed"), now)
        else:
            kept.append(now)
    assert fold_all(record.entries) == record.state
    assert verify_chain(guidelines_id("console:demo"), record.entries) is None


def fold_all(entries: list[JournalEntry]) -> GuidelinesRecord | None:
    state = None
    for entry in entries:
        state = fold.apply(state, entry)
    return state


def test_a_strike_expiry_fires_once_and_an_overturned_incident_keeps_no_timer() -> None:
    record = Record()
    penalize(record, "disclosure_missing", T0)
    penalize(record, "disclosure_missing", T0 + timedelta(days=1))
    assert record.state is not None
    rows = guidelines_deadlines(record.state)
    assert rows == {"strike:1": T0 + timedelta(days=90),
                    "strike:2": T0 + timedelta(days=91)}
    assert record.do(SYSTEM, FireGuidelinesTimer("strike:1"), T0 + timedelta(days=89)) == []
    fired = record.do(SYSTEM, FireGuidelinesTimer("strike:1"), T0 + timedelta(days=90))
    assert [e.kind for e in fired] == [kinds.STRIKE_EXPIRED]
    assert record.do(SYSTEM, FireGuidelinesTimer("strike:1"), T0 + timedelta(days=95)) == []
    record.do(CLEO, AppealPenalty(2, "that post was not mine"), T0 + timedelta(days=2))
    record.do(MAX, DecideAppeal(2, True, "it was another account"), T0 + timedelta(days=3))
    assert guidelines_deadlines(record.state) == {}
    for odd in ("strike:x", "strike:99", "suspension:1", "nonsense", "strike:-1"):
        assert record.do(SYSTEM, FireGuidelinesTimer(odd), T0 + timedelta(days=400)) == []


def test_a_suspension_holds_for_its_days_and_ends_by_its_timer() -> None:
    record = Record()
    penalize(record, "abusive_conduct", T0)  # zero tolerance: suspended at once
    assert record.state is not None
    assert record.state.suspension(CLEO.user_id, Scope.CAMPAIGNS, T0) is not None
    assert record.state.suspension(CLEO.user_id, Scope.NEW_CASES, T0) is None
    ends = T0 + timedelta(days=90)
    assert record.state.suspension(CLEO.user_id, Scope.CAMPAIGNS, ends) is None
    assert [e.kind for e in record.do(SYSTEM, FireGuidelinesTimer("suspension:1"), ends)] \
        == [kinds.SUSPENSION_ENDED]


def test_rulebooks_only_move_forward_and_a_forged_one_does_not_fold() -> None:
    record = Record()
    penalize(record, "ghosting", T0)
    with pytest.raises(Refusal, match="in force already"):
        record.do(MO, AdoptRulebook(DEFAULT_RULEBOOK), T0)
    with pytest.raises(Refusal, match="higher `version`"):
        record.do(MO, AdoptRulebook(dataclasses.replace(
            DEFAULT_RULEBOOK, ladders=DEFAULT_RULEBOOK.ladders[::-1])), T0)
    with pytest.raises(Refusal, match="mediators"):
        record.do(CLEO, AdoptRulebook(dataclasses.replace(DEFAULT_RULEBOOK, version=2)), T0)
    [adopted] = record.do(MO, AdoptRulebook(dataclasses.replace(DEFAULT_RULEBOOK, version=2)),
                          T0)
    assert adopted.payload["number"] == 2
    forged_text = adopted.payload["rulebook"].replace('"strike_days":90', '"strike_days":9')
    forged = dataclasses.replace(adopted, payload_json=adopted.payload_json.replace(
        adopted.payload["rulebook"].replace('"', '\\"'), forged_text.replace('"', '\\"')))
    assert forged.payload["rulebook"] != adopted.payload["rulebook"]
    with pytest.raises(ValueError, match="does not match its hash"):
        fold_all([*record.entries[:-1], forged])


def test_an_appeal_is_the_member_s_within_the_window_and_decided_by_another() -> None:
    record = Record()
    penalize(record, "ghosting", T0)
    with pytest.raises(Refusal, match="no incident I1"):
        record.do(MAX, AppealPenalty(1, "not mine to appeal"), T0)
    late = T0 + POLICY.appeal_window
    with pytest.raises(Refusal, match="time to appeal"):
        record.do(CLEO, AppealPenalty(1, "too late"), late)
    with pytest.raises(Refusal, match="no appeal of I1"):
        record.do(MAX, DecideAppeal(1, True, "nothing to decide"), T0)
    record.do(CLEO, AppealPenalty(1, "I answered by email"), T0)
    with pytest.raises(Refusal, match="another mediator"):
        record.do(MO, DecideAppeal(1, True, "mine"), T0)
    with pytest.raises(Refusal, match="Only the community's mediators"):
        record.do(CLEO, DecideAppeal(1, True, "I win"), T0)
    record.do(MAX, DecideAppeal(1, False, "no email on record"), T0)
    with pytest.raises(Refusal, match="no appeal of I1"):
        record.do(MAX, DecideAppeal(1, True, "again"), T0)
