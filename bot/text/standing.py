"""A member's standing in a community, and the moderators' queue of open reports."""

from __future__ import annotations

from datetime import datetime

from bot.guidelines.commands import Member
from bot.guidelines.record import GuidelinesRecord
from bot.guidelines.rulebook import Rulebook
from bot.guidelines.words import SCOPES, SECTIONS
from bot.text.guidelines import SHOWN_WHAT, day, file_words, incident_line

HOME_LONGEST = 2400  # well inside a Slack section's 3,000 characters, once escaped


def standing_words(state: GuidelinesRecord | None, member: Member, now: datetime) -> str:
    """Active strikes (and when each stops counting), suspensions, earlier incidents,
    cautions, and how many reports about the member are open (never who made them)."""
    lines = [f"Standing of {member.name} in this community:"]
    incidents = state.incidents_of(member.user_id) if state else ()
    active = state.active_strikes(member.user_id, now) if state else ()
    lines.append(f"Active strikes: {len(active)}.")
    lines += [f"  {incident_line(i, now)}" for i in active]
    for scope, held, ends in state.suspended(member.user_id, now) if state else ():
        lines.append(f"Suspended from {SCOPES[scope]} until {day(ends)} (I{held.number}).")
    earlier = [i for i in incidents if i not in active]
    if earlier:
        lines.append("Earlier incidents:")
        lines += [f"  {incident_line(i, now)}" for i in earlier]
    cautions = [c for c in state.cautions if c.member.user_id == member.user_id] \
        if state else []
    if cautions:
        lines.append("Reminders and warnings (not strikes):")
        lines += [f"  {day(c.at)}: a {c.kind}{f' ({c.rule})' if c.rule else ''}"
                  f"{f': {c.reason}' if c.reason else ''}" for c in cautions]
    reports = [r for r in state.reports if r.open and r.member.user_id == member.user_id] \
        if state else []
    lines.append(f"Open reports about {member.name}: {len(reports)}.")
    if not incidents and not cautions:
        lines.append("Nothing on record.")
    return "\n".join(lines)


def home_words(rulebook: Rulebook, state: GuidelinesRecord | None, member: Member,
               now: datetime, longest: int = HOME_LONGEST) -> str:
    """The guidelines on a member's home screen: their standing first, then the rulebook's
    rules by title, side by side, cut to `longest` characters in all (a large rulebook
    says how many more there are)."""
    active = len(state.active_strikes(member.user_id, now)) if state else 0
    standing = f"Your standing: {active} active strike{'' if active == 1 else 's'}"
    for scope, _, ends in state.suspended(member.user_id, now) if state else ():
        standing += f"; suspended from {SCOPES[scope]} until {day(ends)}"
    lines = [standing + ".",
             "`/mediate rules` reads the whole rulebook, `/mediate standing` your record, "
             "`/mediate report @member …` tells the moderators (on Discord, `/guidelines …`).",
             f"Rulebook version {rulebook.version}"
             + ("; the bot applies the rules a campaign check detects itself." if
                rulebook.automatic else ".")]
    room = longest - sum(len(line) + 1 for line in lines)
    for side, heading in SECTIONS:
        titles = [r.title for r in rulebook.rules if r.side is side]
        shown: list[str] = []
        for title in titles:  # as many as fit, leaving room to say how many more
            if len(heading) + sum(len(t) + 2 for t in (*shown, title)) + 60 > room:
                break
            shown.append(title)
        if not titles:
            continue
        more = len(titles) - len(shown)
        line = f"{heading}: {', '.join(shown)}" + (
            f"{', ' if shown else ''}…and {more} more (`/mediate rules`)." if more else ".")
        lines.append(line)
        room -= len(line) + 1
    return "\n".join(lines)


def open_reports_words(state: GuidelinesRecord | None, viewer: str) -> str:
    """The open reports, oldest first, for the community's mediators: a mediator's queue
    leaves out the reports about them."""
    reports = [r for r in state.reports if r.open and r.member.user_id != viewer] \
        if state else []
    if not reports:
        return "No report is waiting for the moderators."
    lines = [f"{len(reports)} report(s) waiting:"]
    for report in reports:
        what = report.what if len(report.what) <= SHOWN_WHAT else \
            report.what[: SHOWN_WHAT - 1] + "…"
        lines.append(f"R{report.number} {day(report.at)} from {report.reporter.name} about "
                     f"{report.member.name}: {what}{file_words(report)}")
    lines.append("Triage: `/mediate reports R<n> dismiss <reason>`, `remind [rule] [note]`, "
                 "`warn [rule] [note]`, `strike <rule> [note]` or `case [note]`.")
    return "\n".join(lines)
