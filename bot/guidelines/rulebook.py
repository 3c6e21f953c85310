"""A community's rulebook: rules for each side, how each is detected, and the ladders of steps
an incident under a rule gets. Frozen data; a rulebook that is not sound cannot be built.

A ladder's rungs are ordered by the count of a member's active strikes under it: every incident
decided under a rule counts as one strike on that rule's ladder, whatever step it got, until the
strike expires `strike_days` later. The first rung is for the first incident, the last rung
repeats for every incident beyond it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from enum import StrEnum

from bot.campaign.checks.finding import FindingKind
from bot.campaign.terms.problems import Problem

KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
# Controls, lone surrogates, and the invisible characters that reorder or hide text on screen.
HIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u200b-\u200f\u202a-\u202e\u2060-\u206f"
                    r"\ufeff]")
LONGEST_TITLE = 120
LONGEST_EVIDENCE = 200
MOST_EVIDENCE = 10
PERCENT_PLACES = 4
MOST_DAYS = 3650  # ten years: longer is a typo, not a policy
MOST_STEPS = 12
MOST_RULES = 100
MOST_LADDERS = 20
MOST_VERSION = 1_000_000


class StepKind(StrEnum):
    """What an incident brings its member."""

    REMINDER = "reminder"  # a nudge: nothing else changes
    WARNING = "warning"  # a formal warning, on the member's record
    STRIKE = "strike"  # a formal strike notice, and nothing more
    EXTENSION = "extension"  # more time to cure: `days` more
    FEE_ADJUSTMENT = "fee_adjustment"  # the fee reduced by `percent`
    SUSPENSION = "suspension"  # no new cases or campaigns for `days`


class Scope(StrEnum):
    """What a suspension keeps a member out of."""

    NEW_CASES = "new_cases"
    CAMPAIGNS = "campaigns"


class RuleSide(StrEnum):
    """Whom a rule binds."""

    CREATOR = "creator"
    BRAND = "brand"
    EITHER = "either"


class Detection(StrEnum):
    """How an incident under a rule comes to light."""

    FINDING = "finding"  # a campaign check's finding
    REPORT = "report"  # a party's report
    MEDIATOR = "mediator"  # a mediator's own observation


@dataclass(frozen=True)
class Step:
    """One rung of a ladder. `days` is for an extension or a suspension, `percent` for a fee
    adjustment, `scope` for a suspension; a field that does not belong to the kind stays unset."""

    kind: StepKind
    days: int | None = None
    percent: Decimal | None = None
    scope: Scope | None = None

    def problems(self, path: str) -> Iterator[Problem]:
        needs_days = self.kind in (StepKind.EXTENSION, StepKind.SUSPENSION)
        if needs_days and self.days is None:
            yield Problem(f"{path}.days", f"is missing: a {self.kind} lasts so many days")
        elif not needs_days and self.days is not None:
            yield Problem(f"{path}.days", f"is not part of a {self.kind}")
        elif self.days is not None and not 1 <= self.days <= MOST_DAYS:
            yield Problem(f"{path}.days", f"must be from 1 to {MOST_DAYS}, not {self.days}")
        if self.kind is StepKind.FEE_ADJUSTMENT:
            if self.percent is None:
                yield Problem(f"{path}.percent", "is missing: a fee adjustment is a percent")
            elif not Decimal(0) < self.percent <= Decimal(100):
                yield Problem(f"{path}.percent", f"must be above 0 and at most 100, "
                              f"not {self.percent}")
            elif self.percent != round(self.percent, PERCENT_PLACES):
                yield Problem(f"{path}.percent", f"has more than {PERCENT_PLACES} decimals")
        elif self.percent is not None:
            yield Problem(f"{path}.percent", f"is not part of a {self.kind}")
        if self.kind is StepKind.SUSPENSION and self.scope is None:
            yield Problem(f"{path}.scope", "is missing: new_cases or campaigns")
        elif self.kind is not StepKind.SUSPENSION and self.scope is not None:
            yield Problem(f"{path}.scope", f"is not part of a {self.kind}")


@dataclass(frozen=True)
class Ladder:
    """Steps by the count of a member's active strikes within `window_days`; a strike stays
    active for `strike_days` after its incident, then expires on its own."""

    key: str
    steps: tuple[Step, ...]
    strike_days: int
    window_days: int

    def step_for(self, active: int) -> Step:
        """The step an incident gets when `active` strikes already count: the rung for the
        (active + 1)th strike, the last rung for any beyond."""
        if active < 0:
            raise ValueError("a count of strikes is never negative")
        return self.steps[min(active, len(self.steps) - 1)]

    def problems(self, path: str) -> Iterator[Problem]:
        yield from _key_problems(self.key, f"{path}.key")
        if not 1 <= len(self.steps) <= MOST_STEPS:
            yield Problem(f"{path}.steps", f"must hold 1 to {MOST_STEPS} steps, "
                          f"not {len(self.steps)}")
        for index, step in enumerate(self.steps):
            yield from step.problems(f"{path}.steps[{index}]")
        for name, days in (("strike_days", self.strike_days), ("window_days", self.window_days)):
            if not 1 <= days <= MOST_DAYS:
                yield Problem(f"{path}.{name}", f"must be from 1 to {MOST_DAYS}, not {days}")


@dataclass(frozen=True)
class GuidelineRule:
    """One rule: whom it binds, how a breach is detected, the evidence it needs, the grace
    before it counts and the time to cure it, and the ladder its incidents climb."""

    key: str
    side: RuleSide
    title: str
    detected_by: frozenset[Detection]
    evidence: tuple[str, ...]
    grace_days: int
    cure_days: int
    ladder: str
    finding: FindingKind | None = None  # the campaign check's finding that detects it

    @property
    def grace(self) -> timedelta:
        return timedelta(days=self.grace_days)

    @property
    def cure(self) -> timedelta:
        return timedelta(days=self.cure_days)

    def problems(self, path: str) -> Iterator[Problem]:
        yield from _key_problems(self.key, f"{path}.key")
        yield from _text_problems(self.title, f"{path}.title", LONGEST_TITLE)
        if not self.detected_by:
            yield Problem(f"{path}.detected_by", "must name at least one of: "
                          + ", ".join(Detection))
        if (Detection.FINDING in self.detected_by) != (self.finding is not None):
            yield Problem(f"{path}.finding", "is needed exactly when detected_by has finding")
        if not 1 <= len(self.evidence) <= MOST_EVIDENCE:
            yield Problem(f"{path}.evidence", f"must list 1 to {MOST_EVIDENCE} kinds of "
                          f"evidence, not {len(self.evidence)}")
        for index, words in enumerate(self.evidence):
            yield from _text_problems(words, f"{path}.evidence[{index}]", LONGEST_EVIDENCE)
        for name, days in (("grace_days", self.grace_days), ("cure_days", self.cure_days)):
            if not 0 <= days <= MOST_DAYS:
                yield Problem(f"{path}.{name}", f"must be from 0 to {MOST_DAYS}, not {days}")


@dataclass(frozen=True)
class Rulebook:
    """A community's guidelines, one version: its rules and the ladders they use. Building one
    that is not sound raises `InvalidRulebook` naming every problem by its field."""

    version: int
    rules: tuple[GuidelineRule, ...]
    ladders: tuple[Ladder, ...]
    # The community opts in: the bot applies a rule itself on a campaign check's finding
    # that still stands once the rule's grace and cure have passed.
    automatic: bool = False
    _by_key: dict[str, GuidelineRule] = field(init=False, repr=False, compare=False)
    _ladders: dict[str, Ladder] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        found = list(rulebook_problems(self.version, self.rules, self.ladders))
        if found:
            raise InvalidRulebook(found)
        object.__setattr__(self, "_by_key", {r.key: r for r in self.rules})
        object.__setattr__(self, "_ladders", {ladder.key: ladder for ladder in self.ladders})

    def rule(self, key: str) -> GuidelineRule:
        """The rule with this key; `KeyError` if there is none."""
        return self._by_key[key]

    def ladder(self, key: str) -> Ladder:
        """The ladder with this key; `KeyError` if there is none."""
        return self._ladders[key]

    def ladder_of(self, rule_key: str) -> Ladder:
        """The ladder a rule's incidents climb."""
        return self._ladders[self.rule(rule_key).ladder]

    def rules_for(self, side: RuleSide) -> tuple[GuidelineRule, ...]:
        """The rules binding one side, those for either side included, in the book's order."""
        return tuple(r for r in self.rules if r.side in (side, RuleSide.EITHER))

    def rule_for_finding(self, kind: FindingKind) -> GuidelineRule | None:
        """The rule a campaign check's finding of this kind falls under, if any."""
        return next((r for r in self.rules if r.finding is kind), None)


def rulebook_problems(version: int, rules: tuple[GuidelineRule, ...],
                      ladders: tuple[Ladder, ...]) -> Iterator[Problem]:
    """Everything wrong with a rulebook's parts, each at its field path (`rules[2].ladder`)."""
    if not 1 <= version <= MOST_VERSION:
        yield Problem("version", f"must be from 1 to {MOST_VERSION:,}, not {version}")
    if not 1 <= len(rules) <= MOST_RULES:
        yield Problem("rules", f"must hold 1 to {MOST_RULES} rules, not {len(rules)}")
    if not 1 <= len(ladders) <= MOST_LADDERS:
        yield Problem("ladders", f"must hold 1 to {MOST_LADDERS} ladders, not {len(ladders)}")
    ladder_keys: set[str] = set()
    for index, ladder in enumerate(ladders):
        path = f"ladders[{index}]"
        yield from ladder.problems(path)
        if ladder.key in ladder_keys:
            yield Problem(f"{path}.key", f"{ladder.key!r} is already a ladder's key")
        ladder_keys.add(ladder.key)
    rule_keys: set[str] = set()
    findings: set[FindingKind] = set()
    for index, rule in enumerate(rules):
        path = f"rules[{index}]"
        yield from rule.problems(path)
        if rule.key in rule_keys:
            yield Problem(f"{path}.key", f"{rule.key!r} is already a rule's key")
        rule_keys.add(rule.key)
        if rule.ladder not in ladder_keys:
            yield Problem(f"{path}.ladder", f"no ladder is called {_shown(rule.ladder)}")
        if rule.finding is not None and rule.finding in findings:
            yield Problem(f"{path}.finding", f"another rule already takes {rule.finding} "
                          "findings; a finding falls under one rule")
        if rule.finding is not None:
            findings.add(rule.finding)


class InvalidRulebook(ValueError):
    """A rulebook that cannot be accepted. Nothing was built or changed; every problem found is
    listed, each naming its field and what was expected."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _key_problems(key: str, path: str) -> Iterator[Problem]:
    if not KEY.fullmatch(key):
        yield Problem(path, f"{_shown(key)} is not a key: lowercase letters, digits and _, "
                      "starting with a letter, at most 40")


def _text_problems(text: str, path: str, longest: int) -> Iterator[Problem]:
    if not text.strip():
        yield Problem(path, "is empty")
    elif len(text) > longest:
        yield Problem(path, f"is {len(text):,} characters; at most {longest}")
    elif HIDDEN.search(text):
        yield Problem(path, "holds control or invisible characters; write plain text")


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")
