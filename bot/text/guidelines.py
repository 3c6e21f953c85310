"""What the bot says about a community's guidelines record: the notices each new entry
causes (to the reporter, the member, the moderators), a member's standing, and the queue of
open reports. The member reported never learns who reported them; the reporter never
learns the member's record, only whether their report was acted on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.domain.identity import SYSTEM
from bot.domain.journal import JournalEntry
from bot.exchange import ACTOR, Reply, to_user
from bot.guidelines import kinds
from bot.guidelines.record import GuidelinesRecord, Incident, Report
from bot.guidelines.words import SCOPES, ordinal, step_words
from bot.text.mediation import MEDIATORS
from bot.text.phrases import size_words

SHOWN_WHAT = 300


def day(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def _short(text: str) -> str:
    return text if len(text) <= SHOWN_WHAT else text[: SHOWN_WHAT - 1] + "…"


def _to(state: GuidelinesRecord, user_id: str, text: str) -> Reply:
    return Reply(to_user(user_id), text, state.id)


def _mods(state: GuidelinesRecord, text: str) -> Reply:
    return Reply(MEDIATORS, text, state.id)


def _me(state: GuidelinesRecord, text: str) -> Reply:
    return Reply(ACTOR, text, state.id)


def basis_words(incident: Incident) -> str:
    """What an incident rests on, in words."""
    if incident.detection == "finding":
        return f"the campaign check's finding {incident.reference}"
    if incident.detection == "report":
        return f"report {incident.reference}"
    if incident.reference.startswith("case "):
        return incident.reference
    return f"a mediator's observation: {incident.reference}"


_TRIAGED = {"dismiss": "dismissed", "remind": "a reminder sent", "warn": "a warning sent",
            "strike": "a strike applied", "case": "referred to a full case"}


def incident_line(incident: Incident, now: datetime) -> str:
    """One incident as its member (or a mediator) reads it."""
    if incident.overturned:
        status = "overturned on appeal"
    elif incident.expired or not incident.counts(now):
        status = f"expired {day(incident.expires_at)}"
    else:
        status = f"active until {day(incident.expires_at)}"
    appeal = incident.appeal
    if appeal is not None and appeal.decided_by is None:
        status += "; appeal waiting for a mediator"
    elif appeal is not None and not appeal.overturned:
        status += "; upheld on appeal"
    return (f"I{incident.number} {day(incident.at)}: {incident.rule_title} — "
            f"{step_words(incident.step)} ({ordinal(incident.strike)} strike on the "
            f"{incident.ladder.key} ladder; on {basis_words(incident)}); {status}")


def _penalty(state: GuidelinesRecord, entry: JournalEntry) -> list[Reply]:
    incident = state.incidents[entry.payload["number"] - 1]
    member = incident.member
    suspension = ""
    if incident.suspension_ends is not None and incident.step.scope is not None:
        suspension = (f" You cannot start {SCOPES[incident.step.scope]} here until "
                      f"{day(incident.suspension_ends)}.")
    note = f" Note: {incident.note}" if incident.note else ""
    told = (f"Under this community's rule \"{incident.rule_title}\" (rulebook version "
            f"{incident.rulebook_version}), on {basis_words(incident)}: "
            f"{step_words(incident.step)}. This is your {ordinal(incident.strike)} active "
            f"strike under it; it stops counting on {day(incident.expires_at)}.{suspension}"
            f"{note} To appeal: `/mediate standing appeal I{incident.number} <why>` "
            "(on Discord `/guidelines appeal`); another mediator decides.")
    said = f"I{incident.number}: {member.name} — {step_words(incident.step)} " \
           f"({ordinal(incident.strike)} strike under {incident.rule})."
    replies = [_to(state, member.user_id, told)]
    if entry.actor_id == SYSTEM.user_id:
        replies.append(_mods(state, f"Applied on its own under the community's opt-in: {said}"))
    else:
        replies.append(_me(state, said))
    return replies


def reporter_words(report: Report) -> str:
    """Who made a report, as the moderators' notice says it: not when it is about one of
    them (they all read the notice; `reports` names the reporter to the others)."""
    if report.about_mediator:
        return "from a member (`reports` says who, to the other mediators)"
    return f"from {report.reporter.name}"


def file_words(report: Report) -> str:
    """The file a report brought, as the moderators see it; "" for none."""
    file = report.file
    if file is None:
        return ""
    return (f"\nFile: {file.filename} ({size_words(file.size)}, SHA-256 {file.sha256[:12]}…): "
            f"`/mediate reports R{report.number} file` fetches it.")


def _report(state: GuidelinesRecord, entry: JournalEntry) -> list[Reply]:
    report = state.reports[entry.payload["number"] - 1]
    return [
        _me(state, f"Your report R{report.number} about {report.member.name} is with the "
                   "moderators, in private. You will be told what they decide."),
        _mods(state, f"Report R{report.number} {reporter_words(report)} about "
                     f"{report.member.name}: {_short(report.what)}{file_words(report)}\n"
                     f"Triage it: `/mediate reports R{report.number} dismiss <reason>`, "
                     "`remind [rule]`, `warn [rule]`, `strike <rule>` or `case` (on Discord "
                     "`/guidelines reports`)."),
    ]


def _triaged(state: GuidelinesRecord, entry: JournalEntry) -> list[Reply]:
    report = state.reports[entry.payload["number"] - 1]
    about = f"Your report R{report.number} about {report.member.name}"
    if report.outcome == "dismiss":
        told = f"{about} was dismissed: {report.reason}"
    elif report.outcome == "case":
        note = f" {report.reason}" if report.reason else ""
        told = (f"{about}: the moderators think it needs a full mediation.{note} Open a case "
                f"with {report.member.name} (`/mediate open`) in a channel you share; a "
                "mediator will take it.")
    else:
        told = (f"{about} was acted on by the moderators. What it means for them stays "
                "between them and the moderators.")
    return [_to(state, report.reporter.user_id, told),
            _me(state, f"Report R{report.number}: "
                       f"{_TRIAGED.get(report.outcome or '', report.outcome)}.")]


def _cautioned(state: GuidelinesRecord, entry: JournalEntry) -> list[Reply]:
    caution = state.cautions[-1]
    under = ""
    if caution.rule:
        try:
            under = f" under the rule \"{state.rulebook.rule(caution.rule).title}\""
        except KeyError:
            under = f" under the rule {caution.rule}"
    reason = f": {caution.reason}" if caution.reason else "."
    return [_to(state, caution.member.user_id,
                f"A {caution.kind} from this community's moderators{under}{reason} "
                "It is not a strike."),
            _me(state, f"{caution.member.name} was sent a {caution.kind}.")]


def _adopted(state: GuidelinesRecord, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    if p["number"] == 1:  # the default, as the record begins
        return []
    return [_me(state, f"Rulebook version {p['version']} is in force from now (adoption "
                       f"#{p['number']}, sha256 {p['sha256'][:12]}…). Members read it with "
                       "`/mediate rules` (on Discord `/guidelines rules`).")]


def _expired(state: GuidelinesRecord, entry: JournalEntry) -> list[Reply]:
    incident = state.incidents[entry.payload["number"] - 1]
    return [_to(state, incident.member.user_id,
                f"Your strike I{incident.number} (\"{incident.rule_title}\") expired: it no "
                "longer counts.")]


def _suspension_ended(state: GuidelinesRecord, entry: JournalEntry) -> list[Reply]:
    incident = state.incidents[entry.payload["number"] - 1]
    return [_to(state, incident.member.user_id,
                f"Your suspension (I{incident.number}) is over.")]


def _appealed(state: GuidelinesRecord, entry: JournalEntry) -> list[Reply]:
    incident = state.incidents[entry.payload["number"] - 1]
    assert incident.appeal is not None
    return [_me(state, f"Your appeal of I{incident.number} is with the moderators; a mediator "
                       "other than the one who applied it decides."),
            _mods(state, f"{incident.member.name} appeals I{incident.number} "
                         f"({incident.rule_title}, {step_words(incident.step)}): "
                         f"{_short(incident.appeal.reason)}\nAnother mediator than the one "
                         f"who applied it decides: `/mediate standing uphold "
                         f"I{incident.number} <why>` or `overturn I{incident.number} <why>` "
                         "(on Discord `/guidelines uphold|overturn`).")]


def _appeal_decided(state: GuidelinesRecord, entry: JournalEntry) -> list[Reply]:
    incident = state.incidents[entry.payload["number"] - 1]
    appeal = incident.appeal
    assert appeal is not None
    if appeal.overturned:
        told = (f"Your appeal of I{incident.number} succeeded: it is overturned and no longer "
                f"counts, nor does anything it brought. {appeal.answer}")
    else:
        told = f"Your appeal of I{incident.number} was not upheld: {appeal.answer}"
    outcome = "overturned" if appeal.overturned else "upheld"
    return [_to(state, incident.member.user_id, told),
            _me(state, f"I{incident.number} {outcome}; {incident.member.name} is told.")]


def _noticed(state: GuidelinesRecord, entry: JournalEntry) -> list[Reply]:
    breach = state.breaches[entry.payload["number"] - 1]
    rule = state.rulebook.rule(breach.rule)
    return [_to(state, breach.member.user_id,
                f"Campaign {breach.campaign_id}, {breach.item}: {breach.words} Under this "
                f"community's rule \"{rule.title}\", it counts on {day(breach.counts_at)} "
                "unless it is put right by then; the bot then applies the rule itself.")]


def _cured(state: GuidelinesRecord, entry: JournalEntry) -> list[Reply]:
    breach = state.breaches[entry.payload["number"] - 1]
    return [_to(state, breach.member.user_id,
                f"Campaign {breach.campaign_id}, {breach.item}: no penalty "
                f"({entry.payload['reason']}).")]


_WORDS: dict[str, Callable[[GuidelinesRecord, JournalEntry], list[Reply]]] = {
    kinds.GUIDELINES_STARTED: lambda state, entry: [],
    kinds.RULEBOOK_ADOPTED: _adopted,
    kinds.REPORT_MADE: _report,
    kinds.REPORT_TRIAGED: _triaged,
    kinds.MEMBER_CAUTIONED: _cautioned,
    kinds.PENALTY_APPLIED: _penalty,
    kinds.STRIKE_EXPIRED: _expired,
    kinds.SUSPENSION_ENDED: _suspension_ended,
    kinds.PENALTY_APPEALED: _appealed,
    kinds.APPEAL_DECIDED: _appeal_decided,
    kinds.BREACH_NOTICED: _noticed,
    kinds.BREACH_CURED: _cured,
}


def guidelines_replies_for(state: GuidelinesRecord, entry: JournalEntry) -> list[Reply]:
    words = _WORDS.get(entry.kind)
    return [] if words is None else words(state, entry)
