"""A rulebook as members read it: for each side, each rule's title, how a breach comes to
light, the evidence it needs, its grace and cure, and its ladder in plain words."""

from __future__ import annotations

from bot.guidelines.rulebook import (
    Detection,
    GuidelineRule,
    Ladder,
    Rulebook,
    RuleSide,
    Scope,
    Step,
    StepKind,
)

SECTIONS = ((RuleSide.CREATOR, "For creators"), (RuleSide.BRAND, "For brands"),
            (RuleSide.EITHER, "For everyone"))
SCOPES = {Scope.NEW_CASES: "new cases", Scope.CAMPAIGNS: "new campaigns"}


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th… 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def step_words(step: Step) -> str:
    """What a step does to the member: "suspension from new campaigns for 30 days"."""
    if step.kind is StepKind.EXTENSION and step.days is not None:
        return f"an extension of {days(step.days)}"
    if step.kind is StepKind.FEE_ADJUSTMENT and step.percent is not None:
        return f"the fee reduced by {step.percent:f}%"
    if step.kind is StepKind.SUSPENSION and step.days is not None and step.scope is not None:
        return f"suspension from {SCOPES[step.scope]} for {days(step.days)}"
    return {StepKind.REMINDER: "a reminder", StepKind.WARNING: "a warning",
            StepKind.STRIKE: "a strike on record"}.get(step.kind, str(step.kind))


def ladder_words(ladder: Ladder) -> str:
    """The ladder's rungs, runs of the same step said once: "1st and 2nd strike: a warning;
    3rd and later active strike within 90 days: suspension …; strikes expire after 90 days"."""
    runs: list[tuple[int, int, Step]] = []  # first and last rung (from 1), and the step
    for number, step in enumerate(ladder.steps, start=1):
        if runs and runs[-1][2] == step:
            runs[-1] = (runs[-1][0], number, step)
        else:
            runs.append((number, number, step))
    said = []
    for index, (first, last, step) in enumerate(runs):
        final = index == len(runs) - 1
        if final and first == 1:
            which = "every strike"
        elif final:
            which = f"{ordinal(first)} and later active strike within {days(ladder.window_days)}"
        elif first == last:
            which = f"{ordinal(first)} strike"
        else:
            joint = "and" if last == first + 1 else "to"
            which = f"{ordinal(first)} {joint} {ordinal(last)} strike"
        if first > 1 and not final:
            which = which.replace(" strike", f" active strike within {days(ladder.window_days)}")
        said.append(f"{which}: {step_words(step)}")
    said.append(f"strikes expire after {days(ladder.strike_days)}")
    if ladder.window_days < ladder.strike_days:
        said.append(f"only those of the last {days(ladder.window_days)} count")
    return "; ".join(said)


def detection_words(rule: GuidelineRule) -> str:
    """How a breach of the rule comes to light, in the order of `Detection`."""
    said = {Detection.FINDING: f"a campaign check (its {rule.finding} finding)",
            Detection.REPORT: "a party's report", Detection.MEDIATOR: "a mediator"}
    return ", ".join(said[d] for d in Detection if d in rule.detected_by)


def rule_words(rule: GuidelineRule, ladder: Ladder) -> str:
    """One rule, as a member reads it: a few lines."""
    grace = f"{days(rule.grace_days)} of grace" if rule.grace_days else "no grace period"
    cure = f"{days(rule.cure_days)} to put it right" if rule.cure_days else "no time to cure"
    return "\n".join((
        f"{rule.title} ({rule.key})",
        f"  Detected by: {detection_words(rule)}.",
        f"  Evidence: {'; '.join(rule.evidence)}.",
        f"  Timing: {grace}; {cure}.",
        f"  Penalties: {ladder_words(ladder)}.",
    ))


def rulebook_words(rulebook: Rulebook, side: RuleSide | None = None) -> str:
    """The whole rulebook for members, side by side; with `side`, only what binds that side
    (its own rules and those for everyone)."""
    lines = [f"Community guidelines, version {rulebook.version}"]
    if rulebook.automatic:
        lines.append("Rules detected by a campaign check are applied by the bot itself when "
                     "the finding still stands after the rule's grace and time to cure.")
    for section, heading in SECTIONS:
        if side is not None and section not in (side, RuleSide.EITHER):
            continue
        rules = [r for r in rulebook.rules if r.side is section]
        if rules:
            lines += ["", heading]
            lines += [rule_words(r, rulebook.ladder(r.ladder)) for r in rules]
    return "\n".join(lines)
