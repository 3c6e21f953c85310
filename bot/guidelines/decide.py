"""Deciding a command on a community's guidelines record: the events to journal, or a
`Refusal` saying why not (nothing is written either way).

Who may do what: anyone reports a member (not themselves); mediators adopt rulebooks, triage
reports and apply rules (never about themselves, never on reports they made); a member
appeals their own incident within the community's appeal window, and another mediator than
the one who applied it decides the appeal. The bot fires the record's timers and, where a
community opts in, applies rules on campaign findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.campaign.checks.finding import FindingKind
from bot.domain.clock import format_time
from bot.domain.errors import Refusal
from bot.domain.identity import SYSTEM, Actor
from bot.domain.journal import Event
from bot.domain.policy import Policy
from bot.domain.visibility import MEDIATORS
from bot.guidelines import kinds
from bot.guidelines.breaches import counts_at
from bot.guidelines.commands import (
    AdoptRulebook,
    AppealPenalty,
    ApplyPenalty,
    Basis,
    DecideAppeal,
    FireGuidelinesTimer,
    GuidelinesCommand,
    MakeReport,
    Member,
    NoticeBreach,
    Triage,
    TriageReport,
)
from bot.guidelines.ladder import active_count
from bot.guidelines.presets import DEFAULT_RULEBOOK
from bot.guidelines.record import (
    Breach,
    GuidelinesRecord,
    guidelines_id,
    rulebook_hash,
    rulebook_text,
)
from bot.guidelines.rulebook import Detection, GuidelineRule, Rulebook, RuleSide, StepKind
from bot.guidelines.steps import penalty_payload

MOST_OPEN_REPORTS = 10  # by one reporter at once: the moderators' queue is not a weapon
LONGEST_WHAT = 3000


@dataclass(frozen=True)
class StartGuidelines:
    """The community's record does not exist yet: begin it (under the default rulebook),
    then decide `then`. On a record that exists, only `then` is decided."""

    community_id: str
    then: GuidelinesCommand


def decide_guidelines(state: GuidelinesRecord | None,
                      command: GuidelinesCommand | StartGuidelines, actor: Actor,
                      now: datetime, policy: Policy) -> list[Event]:
    if isinstance(command, StartGuidelines):
        if state is not None:
            return decide_guidelines(state, command.then, actor, now, policy)
        fresh = GuidelinesRecord(guidelines_id(command.community_id), command.community_id,
                                 rulebook_number=1,
                                 rulebook_hash=rulebook_hash(rulebook_text(DEFAULT_RULEBOOK)))
        return [*_started(command.community_id),
                *decide_guidelines(fresh, command.then, actor, now, policy)]
    if state is None:
        raise Refusal("This community has no guidelines record yet.")
    if isinstance(command, FireGuidelinesTimer):
        return _fire(state, command, now)
    if isinstance(command, MakeReport):
        return _report(state, command, actor)
    if isinstance(command, AppealPenalty):
        return _appeal(state, command, actor, now, policy)
    if isinstance(command, NoticeBreach):
        if actor != SYSTEM:
            raise Refusal("Only the bot notices a campaign's breaches.")
        return notice(state, command)
    if not actor.is_mediator:
        raise Refusal("Only the community's mediators may do that.")
    if isinstance(command, AdoptRulebook):
        return _adopt(state, command.rulebook)
    if isinstance(command, TriageReport):
        return _triage(state, command, actor, now)
    if isinstance(command, ApplyPenalty):
        return [_penalty(state, command.member, command.rule, command.basis, command.note,
                         actor, now)]
    return _decide_appeal(state, command, actor)


def _started(community_id: str) -> list[Event]:
    text = rulebook_text(DEFAULT_RULEBOOK)
    return [Event(kinds.GUIDELINES_STARTED, {"community_id": community_id}),
            Event(kinds.RULEBOOK_ADOPTED, {"number": 1, "version": DEFAULT_RULEBOOK.version,
                                           "rulebook": text, "sha256": rulebook_hash(text),
                                           "preset": "default"})]


def _adopt(state: GuidelinesRecord, rulebook: Rulebook) -> list[Event]:
    text = rulebook_text(rulebook)
    if rulebook_hash(text) == state.rulebook_hash:
        raise Refusal("That rulebook is the one in force already.")
    if rulebook.version <= state.rulebook.version:
        raise Refusal(f"A new rulebook needs a higher `version` than the one in force "
                      f"({state.rulebook.version}), not {rulebook.version}.")
    return [Event(kinds.RULEBOOK_ADOPTED, {
        "number": state.rulebook_number + 1, "version": rulebook.version, "rulebook": text,
        "sha256": rulebook_hash(text), "preset": ""})]


def _report(state: GuidelinesRecord, command: MakeReport, actor: Actor) -> list[Event]:
    what = command.what.strip()
    if command.member.user_id == actor.user_id:
        raise Refusal("You cannot report yourself.")
    if command.member.user_id == SYSTEM.user_id:
        raise Refusal("The bot itself cannot be reported; tell a mediator what happened.")
    if not what:
        raise Refusal("Say what happened: `report @member <what happened>`.")
    if len(what) > LONGEST_WHAT:
        raise Refusal(f"A report is at most {LONGEST_WHAT} characters.")
    mine = [r for r in state.reports if r.open and r.reporter.user_id == actor.user_id]
    same = next((r for r in mine if r.member.user_id == command.member.user_id), None)
    if same is not None:
        raise Refusal(f"Your report R{same.number} about {same.member.name} is still with "
                      "the moderators; they will tell you what they decide.")
    if len(mine) >= MOST_OPEN_REPORTS:
        raise Refusal(f"You have {len(mine)} reports waiting for the moderators; please wait "
                      "for their answers before reporting again.")
    payload: dict[str, object] = {"number": len(state.reports) + 1,
                                  "member": command.member.to_json(), "what": what}
    if command.file is not None:
        payload["file"] = command.file.to_json()
    if command.about_mediator:
        payload["about_mediator"] = True
    return [Event(kinds.REPORT_MADE, payload, visibility=MEDIATORS)]


def _triage(state: GuidelinesRecord, command: TriageReport, actor: Actor,
            now: datetime) -> list[Event]:
    report = state.report(command.number)
    if report is None:
        raise Refusal(f"There is no report R{command.number}.")
    if not report.open:
        raise Refusal(f"Report R{report.number} was triaged already ({report.outcome}).")
    if actor.user_id in (report.reporter.user_id, report.member.user_id):
        raise Refusal(f"You are part of report R{report.number}: another mediator triages it.")
    reason = command.reason.strip()
    if command.triage is Triage.DISMISS and not reason:
        raise Refusal("Say why the report is dismissed: the reporter is told.")
    rule = _rule(state, command.rule) if command.rule else None
    if command.triage is Triage.STRIKE and rule is None:
        raise Refusal("A strike is under a rule: `reports R2 strike <rule> [note]` "
                      "(`rules` lists them).")
    triaged = {"number": report.number, "outcome": str(command.triage), "reason": reason,
               "rule": rule.key if rule else ""}
    if command.triage in (Triage.DISMISS, Triage.CASE):
        return [Event(kinds.REPORT_TRIAGED, triaged, visibility=MEDIATORS)]
    if command.triage is Triage.STRIKE:
        assert rule is not None
        penalty = _penalty(state, report.member, rule.key,
                           Basis(Detection.REPORT, f"R{report.number}"), reason, actor, now)
        return [Event(kinds.REPORT_TRIAGED, {**triaged, "incident": len(state.incidents) + 1},
                      visibility=MEDIATORS), penalty]
    kind = StepKind.REMINDER if command.triage is Triage.REMIND else StepKind.WARNING
    return [Event(kinds.REPORT_TRIAGED, triaged, visibility=MEDIATORS),
            Event(kinds.MEMBER_CAUTIONED, {
                "member": report.member.to_json(), "kind": str(kind),
                "rule": rule.key if rule else "", "reason": reason,
                "report": report.number})]


def _rule(state: GuidelinesRecord, key: str) -> GuidelineRule:
    try:
        return state.rulebook.rule(key)
    except KeyError:
        raise Refusal(f"There is no rule {key!r} in the rulebook in force; `rules` lists "
                      "them.") from None


def _penalty(state: GuidelinesRecord, member: Member, rule_key: str, basis: Basis, note: str,
             actor: Actor, now: datetime, breach: int | None = None) -> Event:
    rule = _rule(state, rule_key)
    if member.user_id == actor.user_id:
        raise Refusal("You cannot apply a rule to yourself: another mediator must.")
    if basis.detection not in rule.detected_by:
        raise Refusal(f"Rule {rule.key!r} is applied on "
                      + ", ".join(sorted(d.value for d in rule.detected_by))
                      + f", not on a {basis.detection.value}.")
    ladder = state.rulebook.ladder(rule.ladder)
    earlier = [i.at for i in state.incidents_of(member.user_id)
               if i.ladder.key == ladder.key and i.counts(now)]
    active = active_count(ladder, earlier, now)
    return Event(kinds.PENALTY_APPLIED, penalty_payload(
        number=len(state.incidents) + 1, member=member, rule=rule, ladder=ladder,
        step=ladder.step_for(active), strike=active + 1, basis=basis, note=note.strip(),
        rulebook=state.rulebook_number, version=state.rulebook.version, breach=breach))


def notice(state: GuidelinesRecord, command: NoticeBreach) -> list[Event]:
    """A breach noticed once, under the rule its finding falls under, where the community
    lets the bot apply rules."""
    rule = state.rulebook.rule_for_finding(command.finding)
    if not state.rulebook.automatic or rule is None or any(
            b.key == command.key for b in state.breaches):
        return []
    counts = counts_at(rule, command.due)
    return [Event(kinds.BREACH_NOTICED, {
        "number": len(state.breaches) + 1, "key": command.key,
        "campaign": command.campaign_id, "item": command.item,
        "finding": command.finding.value, "rule": rule.key,
        "member": command.member.to_json(), "due": format_time(command.due),
        "counts_at": format_time(counts), "words": command.words[:LONGEST_WHAT]})]


def counted(state: GuidelinesRecord, breach: Breach, standing: bool,
            now: datetime) -> list[Event]:
    """The moment a breach counts: applied if its finding still stands and the rulebook in
    force still has the bot apply its rule; recorded as put right otherwise."""
    rule = state.rulebook.rule_for_finding(FindingKind(breach.finding))
    if not standing or not state.rulebook.automatic or rule is None or rule.key != breach.rule \
            or rule.side is RuleSide.EITHER:
        reason = "put right in time" if not standing else \
            "the rulebook in force no longer has the bot apply it"
        return [Event(kinds.BREACH_CURED, {"number": breach.number, "reason": reason})]
    basis = Basis(Detection.FINDING, f"{breach.campaign_id} {breach.item} {breach.finding}")
    return [_penalty(state, breach.member, rule.key, basis, "", SYSTEM, now,
                     breach=breach.number)]


def _appeal(state: GuidelinesRecord, command: AppealPenalty, actor: Actor, now: datetime,
            policy: Policy) -> list[Event]:
    incident = state.incident(command.number)
    if incident is None or incident.member.user_id != actor.user_id:
        raise Refusal(f"You have no incident I{command.number} to appeal; `standing` "
                      "lists yours.")
    if incident.appeal is not None:
        raise Refusal(f"I{incident.number} was appealed already: each incident is appealed "
                      "once.")
    if now >= incident.at + policy.appeal_window:
        raise Refusal(f"The time to appeal I{incident.number} ended on "
                      f"{(incident.at + policy.appeal_window):%Y-%m-%d %H:%M} UTC.")
    reason = command.reason.strip()
    if not reason:
        raise Refusal("Say why the incident should be looked at again: "
                      f"`standing appeal I{incident.number} <why>`.")
    if len(reason) > LONGEST_WHAT:
        raise Refusal(f"An appeal is at most {LONGEST_WHAT} characters.")
    return [Event(kinds.PENALTY_APPEALED, {"number": incident.number, "reason": reason})]


def _decide_appeal(state: GuidelinesRecord, command: DecideAppeal,
                   actor: Actor) -> list[Event]:
    incident = state.incident(command.number)
    if incident is None or incident.appeal is None or incident.appeal.decided_by is not None:
        raise Refusal(f"There is no appeal of I{command.number} waiting for a decision.")
    reported = state.report(int(incident.reference[1:])) \
        if incident.detection == "report" and incident.reference[1:].isdigit() else None
    if actor.user_id in (incident.by, incident.member.user_id) or (
            reported is not None and actor.user_id == reported.reporter.user_id):
        raise Refusal(f"An appeal goes to another mediator than the one who applied "
                      f"I{incident.number} (and than whoever reported it).")
    reason = command.reason.strip()
    if not reason:
        raise Refusal("Say why: the member is told.")
    return [Event(kinds.APPEAL_DECIDED, {"number": incident.number,
                                         "outcome": "overturned" if command.overturn
                                         else "upheld", "reason": reason})]


def _fire(state: GuidelinesRecord, command: FireGuidelinesTimer, now: datetime
          ) -> list[Event]:
    what, _, number_text = command.key.partition(":")
    if what == "breach":
        breach = state.breach(int(number_text)) if number_text.isdigit() else None
        if breach is None or not breach.open or now < breach.counts_at:
            return []
        return counted(state, breach, command.standing is True, now)
    incident = state.incident(int(number_text)) if number_text.isdigit() else None
    if incident is None or incident.overturned:
        return []
    if what == "strike" and not incident.expired and now >= incident.expires_at:
        return [Event(kinds.STRIKE_EXPIRED, {"number": incident.number})]
    ends = incident.suspension_ends
    if what == "suspension" and ends is not None and not incident.suspension_over \
            and now >= ends:
        return [Event(kinds.SUSPENSION_ENDED, {"number": incident.number})]
    return []
