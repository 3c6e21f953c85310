"""Reads: where a case stands, what it waits for, its history as one viewer may see it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import cast

from bot.campaign.checks.brief_payload import BriefPayload
from bot.campaign.checks.brief_words import computed_proposal
from bot.domain.case import Case
from bot.domain.clock import format_time
from bot.domain.identity import Actor, Role, Side
from bot.domain.journal import JournalEntry
from bot.domain.offers import possible_moves
from bot.domain.phases import Phase
from bot.domain.proposals import case_currency
from bot.domain.rules import RULES, RULES_BY_NAME, phase_words
from bot.domain.visibility import can_see, effective
from bot.text.bidding import bidding_lines, bidding_waits
from bot.text.case import CLOSED_WORDS
from bot.text.phrases import size_words, terms_words, when
from bot.text.review import review_lines, review_waits
from bot.text.table import history_line


def waiting_for(case: Case, now: datetime) -> list[str]:
    """What the case waits for, from whom, by when: one line each."""
    due = case.deadlines
    lines: list[str] = []
    if case.phase is Phase.AWAITING_RESPONSE:
        if "response" in due:
            lines.append(f"{case.respondent.name} to `join` or `decline` by "
                         f"{when(format_time(due['response']))}")
    elif case.phase is Phase.STATEMENTS:
        by = f" by {when(format_time(due['statements']))}" if "statements" in due else ""
        for party in case.parties():
            if party.side not in case.statements:
                lines.append(f"{party.name} to submit a statement{by}")
    elif case.phase is Phase.NEGOTIATION:
        open_ones = [p for p in case.proposals.values() if p.is_open_at(now)]
        for proposal in open_ones:
            other = case.party(proposal.by.other)
            lines.append(f"{other.name} to answer proposal #{proposal.number}"
                         f" by {when(format_time(proposal.expires_at))}")
        lines += bidding_waits(case)
        if not open_ones:
            currency = case_currency(case)
            lines.append("either side to `propose` terms"
                         + (f" (amounts in {currency})" if currency else ""))
    elif case.phase is Phase.AGREEMENT and case.agreement is not None:
        for party in case.parties():
            if party.side not in case.agreement.signed:
                lines.append(f"{party.name} to `sign` the agreement")
    elif case.phase in (Phase.COMPLIANCE, Phase.DECIDED) and case.agreement is not None:
        for f in case.agreement.followups:
            late = " (overdue)" if f.overdue else ""
            for party in case.parties():
                if party.side not in f.confirmed:
                    lines.append(f"{party.name} to `confirm {f.number}` ({f.what}) by "
                                 f"{when(format_time(f.due_at))}{late}")
    lines += review_waits(case, now)
    if case.mediation_requested and case.mediator is None:
        lines.append("a mediator to `take` the case")
    return [line for line in lines if line]


def status(case: Case, actor: Actor, now: datetime) -> str:
    """Where the case stands, and what `actor` can do in it now."""
    lines = [f"Case {case.id}: {case.title}",
             f"Phase: {phase_words(case.phase)}"
             + (f" ({CLOSED_WORDS[case.closed_reason]})" if case.closed_reason else ""),
             f"Parties: {case.claimant.name} ({case.claimant.kind}, opened the case) and "
             f"{case.respondent.name} ({case.respondent.kind})"]
    if case.mediator:
        lines.append(f"Mediator: {case.mediator.name}")
    if case.campaign:
        lines.append(campaign_line(cast(BriefPayload, case.campaign)))
    if case.phase is Phase.STATEMENTS:
        submitted = [case.party(s).name for s in case.statements]
        lines.append("Statements in (sealed): " + (", ".join(submitted) or "none yet"))
    if case.proposals:
        lines.append("Proposals:")
        for proposal in case.proposals.values():
            lines.append(f"  #{proposal.number} by {case.party(proposal.by).name}: "
                         f"{terms_words(proposal.terms)} [{proposal.status_at(now)}]")
    lines += bidding_lines(case, case.side_of(actor))
    lines += review_lines(case)
    agreement = case.agreement
    if agreement and agreement.decision is not None:
        lines.append(f"Binding: decision #{agreement.decision}, SHA-256 {agreement.text_hash}")
    elif agreement:
        signed = [case.party(s).name for s in agreement.signed]
        recommended = case.recommendation
        origin = (f"proposal #{agreement.proposal}" if agreement.proposal is not None
                  else f"recommendation #{recommended.number}"
                  if recommended is not None and recommended.status == "accepted"
                  else "blind bidding")
        lines.append(f"Agreement from {origin}, SHA-256 "
                     f"{agreement.text_hash}; signed by: {', '.join(signed) or 'nobody yet'}")
    if case.evidence:
        lines.append(f"Evidence: {len(case.evidence)} file(s)")
    judged = case.judged
    if judged is not None:
        lines.append(f"KPIs as judged at {judged['at'][:16].replace('T', ' ')} UTC, on the "
                     "figures reported:")
        lines += [line for kpi in judged["kpis"] for line in kpi["lines"]]
    waiting = waiting_for(case, now)
    if waiting:
        lines.append("Waiting for: " + "; ".join(waiting))
    possible = possible_moves(case, actor, now)
    if case.is_open and possible:
        lines.append("You can: " + ", ".join(possible))
    return "\n".join(lines)


def campaign_line(brief: BriefPayload) -> str:
    """The campaign a case was opened on: the version it cites and what it computed."""
    version = brief["version"]
    computed = computed_proposal(brief)
    outcome = ("the agreement fixes nothing for these findings"
               if brief["outcome"]["for_negotiation"] else
               "erased" if computed is None else
               f"the brand pays {computed.amount} {computed.currency} (computed from "
               f"{', '.join(computed.clauses)}; `propose computed`)")
    return (f"Campaign: {brief['campaign']} ({brief['title']}), agreement version "
            f"{version['number']}, hash {version['hash']}; in dispute: "
            f"{', '.join(brief['disputed'])}; computed outcome: {outcome}")


def visible_entries(entries: Iterable[JournalEntry], role: Role, side: Side | None,
                    revealed: bool) -> list[JournalEntry]:
    """The entries a viewer may see; sealed statements count as `all` once revealed."""
    return [e for e in entries if can_see(effective(e.visibility, e.kind, revealed), role, side)]


def history(entries: Iterable[JournalEntry], earlier: bool = False) -> str:
    """`/mediate history`: one line per entry, its words from the entry kind's `EntryWords`;
    with `earlier` entries left out before them, a first line saying so."""
    lines = [f"#{e.seq} {when(e.at)} {e.actor_name} ({e.actor_role}): "
             f"{history_line(e)}" for e in entries]
    if earlier and lines:
        lines.insert(0, f"The latest {len(lines)} entries you can see; `export` gives the "
                        "whole history, earlier ones too, as a file.")
    return "\n".join(lines) if lines else "No entries you can see yet."


def evidence_list(case: Case) -> str:
    if not case.evidence:
        return f"No evidence in case {case.id} yet."
    lines = [f"Evidence in case {case.id}:"]
    for number, item in enumerate(case.evidence, start=1):
        late = " LATE" if item.late else ""
        lines.append(f"{number}. {item.filename} ({item.media_type}, {size_words(item.size)}) "
                     f"by entry #{item.seq} at {when(item.at)}{late}\n   SHA-256 {item.sha256}"
                     + (f"\n   {item.description}" if item.description else ""))
    return "\n".join(lines)


def help_text(case: Case | None, actor: Actor | None, now: datetime) -> str:
    """What `actor` can do in `case` now (exactly what would not be refused), or every
    subcommand outside a case."""
    if case is None or actor is None:
        lines = ["`/mediate <subcommand>`; inside a case thread the case id may be left out."]
        lines += [f"  {rule.usage}: {rule.summary}" for rule in RULES]
        return "\n".join(lines)
    role = case.role_of(actor)
    possible = (*possible_moves(case, actor, now), "cases", "help")
    if case.taken_from(actor) and case.mediator is not None:
        who = f"not its mediator: {case.mediator.name} took it"
    else:
        who = "the " + role.value if role is not Role.OUTSIDER else "not a party"
    lines = [f"In case {case.id} ({phase_words(case.phase)}) you are {who}. You can:"]
    lines += [f"  {RULES_BY_NAME[name].usage}: {RULES_BY_NAME[name].summary}"
              for name in possible]
    return "\n".join(lines)
