"""The briefing a mediator gets on taking a case (or having it handed to them): one screen
with each side's claim and position, the terms in dispute with their findings, the KPI
results, the evidence, the offers so far and where they stand, and the deadlines. It is
read from the case as a mediator may see it: sealed statements and positions, never bids."""

from __future__ import annotations

from datetime import datetime

from bot.domain.case import Case
from bot.domain.clock import format_time
from bot.domain.identity import Side
from bot.domain.rules import phase_words
from bot.text.phrases import size_words, terms_words, when

Section = tuple[str, list[str]]
_CLAIM = (("category", "Category"), ("amount", "Amount"), ("summary", "What happened"),
          ("desired_outcome", "Wants"))
_STATEMENT = (("what_happened", "What happened"), ("wants", "Wants"), ("amount", "Amount"),
              ("position", "Answer to the claim"))


def _said(fields: tuple[tuple[str, str], ...], values: dict[str, str]) -> list[str]:
    lines = []
    for key, label in fields:
        value = values.get(key, "")
        if key == "amount" and value:
            value = f"{value} {values.get('currency', '')}".strip()
        if value:
            lines.append(f"  {label}: {value}")
    return lines


def _sides(case: Case) -> Section:
    lines = [f"{case.claimant.name} ({case.claimant.kind}) opened the case:",
             *_said(_CLAIM, dict(case.details))]
    for side in (case.claimant.side, case.respondent.side):
        party = case.party(side)
        statement = case.statements.get(side)
        sealed = "" if case.revealed else " (sealed: the other side has not seen it)"
        lines.append(f"{party.name}'s statement{sealed}:" if statement else
                     f"{party.name}: no statement")
        said = dict(statement or {})
        if side is case.claimant.side:
            said.pop("position", None)  # always "claim": the answer is the respondent's
        lines += _said(_STATEMENT, said)
        position = case.review.positions.get(side) if case.review else None
        if position:
            hidden = "" if case.review and case.review.revealed else " (sealed)"
            lines.append(f"  Final position{hidden}: {position.get('position', '')}")
    return "Each side", lines


def _dispute(case: Case) -> Section | None:
    brief = case.campaign
    if not brief:
        return None
    lines = [f"Campaign {brief.get('campaign')}, agreement version "
             f"{brief.get('version', {}).get('number')}; in dispute: "
             + ", ".join(str(k) for k in brief.get("disputed", ()))]
    for item in brief.get("items", ()):
        lines.append(f"  {item.get('key')}: " + ", ".join(item.get("terms", ())))
    for n, finding in enumerate(brief.get("findings", ()), start=1):
        lines.append(f"  F{n} [{finding.get('verdict')}] {finding.get('words')}")
    outcome = brief.get("outcome", {})
    if outcome.get("proposal"):
        lines.append(f"  Computed outcome: {outcome['proposal']}")
    return "Terms in dispute and findings", lines


def _kpis(case: Case) -> Section | None:
    judged = case.judged
    if judged is None:
        return None
    lines = [f"As judged at {when(judged['at'])}:"]
    for n, kpi in enumerate(judged.get("kpis", ()), start=1):
        lines += [f"  K{n} {line}" if i == 0 else f"     {line}"
                  for i, line in enumerate(kpi.get("lines", ()))]
    return "KPI results", lines


def _evidence(case: Case) -> Section:
    names = {p.user_id: p.name for p in case.parties()}
    lines = [f"  E{n} {e.filename} ({size_words(e.size)}) by {names.get(e.uploader, 'the bot')}"
             f", SHA-256 {e.sha256[:16]}…{' LATE' if e.late else ''}"
             for n, e in enumerate(case.evidence, start=1)]
    return "Evidence", lines or ["  none yet"]


def _offers(case: Case, now: datetime) -> Section:
    lines = [f"  P{p.number} by {case.party(p.by).name}: {terms_words(p.terms)} "
             f"[{p.status_at(now)}]" for p in case.proposals.values()]
    if case.bidding is not None:
        lines.append(f"  Blind bidding: {case.bidding.status} (bids are sealed from "
                     "everyone but their bidder, the mediator included)")
    for r in case.recommendations:
        lines.append(f"  Recommendation #{r.number} by {r.by.name}: {terms_words(r.terms)} "
                     f"[{r.status}]")
    for d in case.decisions:
        lines.append(f"  Decision #{d.number} by {d.by.name}: {terms_words(d.terms)} "
                     f"[{d.status}]")
    return "Offers so far", lines or ["  none yet"]


def _deadlines(case: Case) -> Section:
    lines = [f"  {key}: {when(format_time(due))}" for key, due in sorted(
        case.deadlines.items(), key=lambda item: item[1])]
    return "Deadlines", lines or ["  none"]


def briefing_sections(case: Case, now: datetime) -> list[Section]:
    """The briefing's sections, each a heading and its lines."""
    sections = [_sides(case), _dispute(case), _kpis(case), _evidence(case),
                _offers(case, now), _deadlines(case)]
    people = [f"  {o.name} with the {o.side} side{' (acts for it)' if o.acts else ''}"
              for o in case.observers.values()]
    if people:
        sections.append(("Observers", people))
    return [s for s in sections if s is not None]


def briefing_head(case: Case) -> list[str]:
    """The briefing's first lines: which case, its phase and its sides."""
    return [f"Briefing on case {case.id}: {case.title}",
            f"Phase: {phase_words(case.phase)}; opened {when(format_time(case.opened_at))}; "
            f"sides: {case.party(Side.BRAND).name} (brand side), "
            f"{case.party(Side.CREATOR).name} (creator side). Only mediators see this."]


def briefing_text(case: Case, now: datetime) -> str:
    """The briefing as one text (for the console and where no screen is available)."""
    head = briefing_head(case)
    body = [f"{heading}:\n" + "\n".join(lines) for heading, lines in
            briefing_sections(case, now)]
    return "\n\n".join(["\n".join(head), *body])
