"""A mediation told as a conversation, for domain tests (in the spirit of errbot's `testbot`).

`Session` holds one case and its journal. `do(actor, command)` decides the command at the
session's `now`, chains and folds the events exactly as the service does, and returns the new
entries; `refused(actor, command)` expects a `Refusal` and returns its message. After every move
the session checks that the journal still verifies and that replaying it gives the same case.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.case import Case
from bot.domain.commands import (
    Accept,
    Command,
    Join,
    OpenCase,
    Propose,
    Sign,
    SubmitStatement,
    Take,
)
from bot.domain.decide import decide, record
from bot.domain.errors import Refusal
from bot.domain.fold import replay
from bot.domain.identity import Actor, PartyKind
from bot.domain.journal import JournalEntry, verify_chain
from bot.domain.phases import Phase
from bot.domain.policy import Policy

T0 = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
CASE_ID = "MB-7K2Q9X"

ANA = Actor("console:ana", "Ana")  # a brand manager: opens the case, the claimant
CLEO = Actor("console:cleo", "Cleo")  # a creator: the respondent
MO = Actor("console:mo", "Mo", is_mediator=True)  # a community mediator
MAX = Actor("console:max", "Max", is_mediator=True)  # another mediator
OTTO = Actor("console:otto", "Otto")  # in the channel, not in the case

CLAIMANT_STATEMENT = {
    "what_happened": "Paid 50% up front, the reel never went live.",
    "wants": "The reel or the advance back",
    "amount": "1500.00",
    "currency": "EUR",
}
RESPONDENT_STATEMENT = {
    "what_happened": "The brief changed twice.",
    "wants": "Full fee",
    "position": "dispute",
}
TERMS = {"amount": "1000.00", "currency": "EUR", "deliverables": "One reel by 1 Dec"}


def open_command(**changes: object) -> OpenCase:
    values: dict[str, object] = {
        "case_id": CASE_ID,
        "community_id": "console:demo",
        "counterpart_id": CLEO.user_id,
        "counterpart_name": CLEO.name,
        "kind": PartyKind.BRAND,
        "counterpart_kind": PartyKind.CREATOR,
        "title": "Reel not delivered",
        "details": {
            "category": "late_or_missing_deliverable",
            "summary": "No reel",
            "desired_outcome": "The reel",
            "amount": "1500.00",
            "currency": "EUR",
        },
    }
    values.update(changes)
    return OpenCase(**values)  # type: ignore[arg-type]


@dataclass
class Session:
    """One case, its journal, and the time it is now."""

    policy: Policy = field(default_factory=Policy)
    now: datetime = T0
    case: Case | None = None
    journal: list[JournalEntry] = field(default_factory=list)

    # -- time -------------------------------------------------------------------------------
    def later(self, **delta: float) -> datetime:
        self.now = self.now + timedelta(**delta)
        return self.now

    # -- moves ------------------------------------------------------------------------------
    def do(self, actor: Actor, command: Command) -> list[JournalEntry]:
        """Decide and record `command`; return the entries it added to the journal."""
        events = decide(self.case, command, actor, self.now, self.policy)
        case_id = command.case_id if isinstance(command, OpenCase) else self.state.id
        entries, state = record(
            self.case,
            case_id,
            events,
            actor=actor,
            now=self.now,
            source=f"test:{len(self.journal) + 1}",
        )
        assert [e.kind for e in entries] == [e.kind for e in events]
        self.journal.extend(entries)
        self.case = state
        assert verify_chain(case_id, self.journal) is None
        assert replay(self.journal) == state, "the fold over the journal differs from the state"
        return entries

    def refused(self, actor: Actor, command: Command) -> str:
        """Expect `command` to be refused; return the message. Nothing may change."""
        before, journal = self.case, list(self.journal)
        with pytest.raises(Refusal) as refusal:
            decide(self.case, command, actor, self.now, self.policy)
        assert self.case == before and self.journal == journal
        message = refusal.value.message
        assert message.strip(), "a refusal must say why"
        return message

    # -- looking ----------------------------------------------------------------------------
    @property
    def state(self) -> Case:
        assert self.case is not None, "open a case first"
        return self.case

    @property
    def phase(self) -> Phase:
        return self.state.phase

    def kinds(self) -> list[str]:
        return [e.kind for e in self.journal]

    # -- well-trodden paths -----------------------------------------------------------------
    def opened(self, **changes: object) -> Session:
        self.do(ANA, open_command(**changes))
        return self

    def joined(self) -> Session:
        self.opened()
        self.do(CLEO, Join())
        return self

    def negotiating(self) -> Session:
        self.joined()
        self.do(ANA, SubmitStatement(CLAIMANT_STATEMENT))
        self.do(CLEO, SubmitStatement(RESPONDENT_STATEMENT))
        assert self.phase is Phase.NEGOTIATION
        return self

    def agreeing(self, terms: Mapping[str, str] = TERMS) -> Session:
        """Ana proposes #1, Cleo accepts it: an agreement awaits both signatures."""
        self.negotiating()
        self.do(ANA, Propose(terms))
        self.do(CLEO, Accept(1))
        assert self.phase is Phase.AGREEMENT
        return self

    def settled(self) -> Session:
        self.agreeing()
        self.do(ANA, Sign())
        self.do(CLEO, Sign())
        return self

    def mediated(self, by: Actor = MO) -> Session:
        """A mediator takes the (already opened) case."""
        self.do(by, Take())
        return self


def last(entries: list[JournalEntry], kind: str) -> JournalEntry:
    """The last entry of `kind` among `entries`."""
    found = [e for e in entries if e.kind == kind]
    assert found, f"no {kind} entry"
    return found[-1]
