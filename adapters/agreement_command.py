"""`mediator agreement FILE`: check a campaign agreement file offline, before it is proposed.

It reads the file exactly as the bot will (YAML or JSON, the same limits and checks), and
either lists every problem by its field, or prints the terms in brief with the hash the
parties will accept: the same file always gives the same hash, so both sides can compare it.
No database, no settings, no network.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from bot.campaign.calendar import Calendar
from bot.campaign.checks.remedies import Money, words
from bot.campaign.schedule import Happened, deliverable_dates, payment_due
from bot.campaign.terms.agreement_file import LARGEST_FILE, FileFormat, import_agreement
from bot.campaign.terms.problems import InvalidAgreement
from bot.campaign.terms.terms import CampaignTerms
from bot.campaign.terms.versions import first_version


def add_parser(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Add `agreement` through `add` (the CLI's subparsers')."""
    parser = add("agreement", help="check a campaign agreement file (YAML or JSON) and show "
                 "the hash its parties will accept")
    parser.add_argument("file", type=Path)
    parser.add_argument("--format", choices=[f.value for f in FileFormat], default=None,
                        help="default: from the file's name (.json is JSON, else YAML)")
    parser.add_argument("--accepted", metavar="WHEN", default=None,
                        help="also show the due dates if it were agreed then, e.g. 2026-05-01 "
                        "or 2026-05-01T14:00 (in the agreement's time zone)")


def check_file(path: Path, file_format: str | None, accepted: str | None = None) -> int:
    """0: the agreement is valid (printed in brief, with its due dates if `accepted`); 1: it
    is not (every problem listed); 2: the file cannot be read, or `accepted` is no time."""
    try:
        moment = datetime.fromisoformat(accepted.strip()) if accepted is not None else None
    except ValueError:
        print(f"--accepted: {accepted!r} is not a date or time such as 2026-05-01 or "
              "2026-05-01T14:00", file=sys.stderr)
        return 2
    chosen = FileFormat(file_format) if file_format else (
        FileFormat.JSON if path.suffix.lower() == ".json" else FileFormat.YAML)
    try:
        with path.open("rb") as file:
            content = file.read(LARGEST_FILE + 1)  # one byte more shows it is too large
    except OSError as problem:
        print(f"Cannot read {path}: {problem.strerror or problem}", file=sys.stderr)
        return 2
    try:
        terms = import_agreement(content, chosen)
    except InvalidAgreement as invalid:
        print(f"NOT VALID {path}: {len(invalid.problems)} problem(s)")
        for problem in invalid.problems:
            print(f"  {problem}")
        return 1
    version = first_version(terms)
    print(f"OK: {terms.title!r} is a valid agreement. As version 1 its hash is\n"
          f"  {version.hash}")
    named = [p.user_id for p in terms.parties if p.user_id.startswith("@")]
    if named:
        print(f"  (with {', '.join(named)} looked up where it is proposed, the hash to accept "
              "is the one the bot then announces)")
    for line in brief(terms):
        print(line)
    if moment is None:
        return 0
    calendar = Calendar.named(terms.time_zone)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=calendar.zone)
    for line in timeline(terms, moment, calendar):
        print(line)
    return 0


def timeline(terms: CampaignTerms, accepted_at: datetime, calendar: Calendar) -> list[str]:
    """When each deliverable and payment falls due if the agreement is accepted at
    `accepted_at`, in the agreement's zone; what counts from a later event says so."""
    happened = Happened(accepted_at=accepted_at)

    def local(moment: datetime) -> str:
        return moment.astimezone(calendar.zone).strftime("%a %d %b %Y %H:%M %Z")

    lines = [f"If agreed {local(accepted_at)}:"]
    for deliverable in terms.deliverables:
        dates = deliverable_dates(deliverable, happened, calendar)
        if dates.publish_from is None or dates.publish_by is None:
            lines.append(f"  {deliverable.key}: counts from the product's delivery")
            continue
        draft = f"draft by {local(dates.draft_due)}; " if dates.draft_due else ""
        lines.append(f"  {deliverable.key}: {draft}live from {local(dates.publish_from)} to "
                     f"{local(dates.publish_by)}")
    for milestone in terms.payment.milestones:
        due = payment_due(milestone, happened, calendar)
        lines.append(f"  {milestone.key}: paid by {local(due)}" if due else
                     f"  {milestone.key}: due {milestone.net_days} days after "
                     f"{milestone.trigger}")
    return lines


def brief(terms: CampaignTerms) -> list[str]:
    """The terms in a few lines: who, what, when, how much, and the remedies."""
    payment = terms.payment
    lines = [f"Relationship: {terms.relationship}; disclosure: {terms.disclosure_regime}; "
             f"timers counted in {terms.time_zone}."]
    lines += [f"Party: {p.name} ({p.role}{', ' if p.duties else ''}"
              f"{', '.join(sorted(p.duties))})" for p in terms.parties]
    for d in terms.deliverables:
        window = d.schedule.publish_window
        lines.append(f"Deliverable {d.key}: {d.quantity} × {d.format}, live between "
                     f"{window.start} and {window.end} after {d.schedule.anchor.event}, kept "
                     f"{d.schedule.keep_live_days} days; {len(d.requirements)} requirement(s)")
    total = Money(payment.total, payment.currency)
    lines.append(f"Payment: {total} in {len(payment.milestones)} milestone(s)")
    lines += [f"  {m.key}: {Money(m.due_amount(payment.total), payment.currency)} on "
              f"{m.trigger}, net {m.net_days} days" for m in payment.milestones]
    lines += [f"Clause {c.key} ({', '.join(c.deliverables)}): {words(c)}" for c in terms.clauses]
    return lines
