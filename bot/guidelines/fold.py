"""A community's guidelines record as a fold over its journal entries: `apply(state, entry)`
returns the next state. A rulebook is rebuilt from its canonical JSON and its hash checked;
an incident takes its ladder from the rulebook it was applied under."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bot.campaign.terms.plain_json import load_json
from bot.domain.clock import parse_time
from bot.domain.journal import JournalEntry
from bot.guidelines import kinds
from bot.guidelines.commands import Member, ReportFile
from bot.guidelines.reading import read_rulebook
from bot.guidelines.record import (
    Appeal,
    Breach,
    Caution,
    GuidelinesRecord,
    Incident,
    Report,
    rulebook_hash,
)
from bot.guidelines.rulebook import StepKind
from bot.guidelines.steps import step_from

Payload = Mapping[str, Any]


def apply(state: GuidelinesRecord | None, entry: JournalEntry) -> GuidelinesRecord:
    p = entry.payload
    if state is None:
        if entry.kind != kinds.GUIDELINES_STARTED:
            raise ValueError(f"a guidelines record starts with {kinds.GUIDELINES_STARTED}, "
                             f"not {entry.kind}")
        state = GuidelinesRecord(entry.case_id, p["community_id"])
    else:
        state = _folded(state, entry, p)
    return replace(state, version=entry.seq, last_hash=entry.hash)


def _member(p: Payload) -> Member:
    return Member(p["user_id"], p["name"])


def _folded(state: GuidelinesRecord, entry: JournalEntry, p: Payload) -> GuidelinesRecord:
    kind = entry.kind
    at = parse_time(entry.at)
    if kind == kinds.RULEBOOK_ADOPTED:
        if rulebook_hash(p["rulebook"]) != p["sha256"]:
            raise ValueError(f"rulebook {p['number']} does not match its hash")
        rulebook = read_rulebook(load_json(p["rulebook"], "a rulebook"))
        return replace(state, rulebook=rulebook, rulebook_number=p["number"],
                       rulebook_hash=p["sha256"])
    if kind == kinds.REPORT_MADE:
        file = p.get("file")
        report = Report(p["number"], Member(entry.actor_id, entry.actor_name),
                        _member(p["member"]), p["what"], at,
                        ReportFile(file["sha256"], file["size"], file["media_type"],
                                   file["filename"]) if file else None,
                        p.get("about_mediator", False))
        return replace(state, reports=(*state.reports, report))
    if kind == kinds.REPORT_TRIAGED:
        number = p["number"]
        report = replace(state.reports[number - 1], outcome=p["outcome"], reason=p["reason"],
                         triaged_by=entry.actor_id, incident=p.get("incident"))
        reports = list(state.reports)
        reports[number - 1] = report
        return replace(state, reports=tuple(reports))
    if kind == kinds.MEMBER_CAUTIONED:
        caution = Caution(_member(p["member"]), StepKind(p["kind"]), p["rule"] or None,
                          p["reason"], at, entry.actor_id, p.get("report"))
        return replace(state, cautions=(*state.cautions, caution))
    if kind == kinds.PENALTY_APPLIED:
        ladder = state.rulebook.ladder(p["ladder"])
        incident = Incident(p["number"], _member(p["member"]), p["rule"], p["rule_title"],
                            ladder, step_from(p["step"]), p["strike"], p["detection"],
                            p["reference"], p["note"], at, entry.actor_id, p["rulebook"],
                            p["rulebook_version"])
        state = replace(state, incidents=(*state.incidents, incident))
        if p.get("breach"):
            state = _breach(state, p["breach"], outcome="applied", incident=incident.number)
        return state
    if kind == kinds.BREACH_NOTICED:
        breach = Breach(p["number"], p["key"], p["campaign"], p["item"], p["finding"],
                        p["rule"], _member(p["member"]), parse_time(p["due"]),
                        parse_time(p["counts_at"]), p["words"])
        return replace(state, breaches=(*state.breaches, breach))
    if kind == kinds.BREACH_CURED:
        return _breach(state, p["number"], outcome="cured")
    if kind == kinds.STRIKE_EXPIRED:
        return _incident(state, p["number"], expired=True)
    if kind == kinds.SUSPENSION_ENDED:
        return _incident(state, p["number"], suspension_over=True)
    if kind == kinds.PENALTY_APPEALED:
        return _incident(state, p["number"], appeal=Appeal(p["reason"], at))
    if kind == kinds.APPEAL_DECIDED:
        appeal = state.incidents[p["number"] - 1].appeal
        assert appeal is not None
        return _incident(state, p["number"], appeal=replace(
            appeal, decided_by=entry.actor_id, overturned=p["outcome"] == "overturned",
            answer=p["reason"]))
    return state  # an entry of a kind this version does not know changes nothing


def _breach(state: GuidelinesRecord, number: int, **changes: Any) -> GuidelinesRecord:
    breaches = list(state.breaches)
    breaches[number - 1] = replace(breaches[number - 1], **changes)
    return replace(state, breaches=tuple(breaches))


def _incident(state: GuidelinesRecord, number: int, **changes: Any) -> GuidelinesRecord:
    incidents = list(state.incidents)
    incidents[number - 1] = replace(incidents[number - 1], **changes)
    return replace(state, incidents=tuple(incidents))
