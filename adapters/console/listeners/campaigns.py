"""Files at the console: `/mediate campaign propose|counter|amend <path>` reads the
agreement file from disk (and `/mediate rules set <path>` a rulebook), and `/wait <span>`
moves the console's clock on so that a script can show what the timers do (a review window
passing in silence, a payment falling overdue).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from adapters.console import translate as t
from adapters.console.files import read_chunks
from adapters.console.forms import ask_form
from bot.campaign.record import kinds
from bot.campaign.terms.agreement_file import LARGEST_FILE
from bot.domain.errors import Refusal
from bot.exchange import Outcome
from bot.guidelines.reading import LARGEST_FILE as LARGEST_RULEBOOK
from bot.input.agreement_form import COVER, DELIVERABLE, MOST_DELIVERABLES
from bot.input.review_requests import named_person

if TYPE_CHECKING:
    from adapters.console.session import ConsoleSession


def register(session: ConsoleSession) -> None:
    session.on(t.AttachAgreement, attach_agreement)
    session.on(t.AttachRulebook, attach_rulebook)
    session.on(t.ReportWithFile, report_with_file)
    session.on(t.Wait, wait, acts=False)


def read_local(given: str, largest: int) -> tuple[bytes, str]:
    """A file named at the console: at most `largest` + 1 bytes of it (so that a larger one
    is refused as such), and its name."""
    path = Path(given).expanduser()
    if not path.is_file():
        raise Refusal(f"There is no file at {given}.")
    try:
        with path.open("rb") as file:
            return file.read(largest + 1), path.name
    except OSError as problem:
        raise Refusal(f"Cannot read {given}: {problem.strerror or problem}.") from None


async def attach_agreement(session: ConsoleSession, action: t.AttachAgreement) -> Outcome:
    """Propose, counter or amend with a local agreement file; a proposal takes the person to
    the new campaign's thread."""
    content, name = read_local(action.path, LARGEST_FILE)
    outcome = await session.app.service.campaigns.with_file(
        action.request, session.context(), content, name)
    if any(e.kind == kinds.AGREEMENT_PROPOSED for e in outcome.entries) and outcome.case_id:
        session.case_id, session.room = outcome.case_id, "thread"
    return outcome


async def attach_rulebook(session: ConsoleSession, action: t.AttachRulebook) -> Outcome:
    """A mediator adopts the rulebook in a local file."""
    content, name = read_local(action.path, LARGEST_RULEBOOK)
    return await session.app.service.guidelines.adopt_file(session.context(), content, name)


async def report_with_file(session: ConsoleSession, action: t.ReportWithFile) -> Outcome:
    """A report to the moderators with a local file (stored as evidence is)."""
    service = session.app.service
    path = Path(action.path).expanduser()
    if not path.is_file():
        raise Refusal(f"There is no file at {action.path}.")
    ctx = session.context()
    person = await named_person(action.request, ctx)
    return await service.guidelines.report_with_file(action.request, ctx, person,
                                                     read_chunks(path), path.name)


async def new_agreement(session: ConsoleSession) -> Outcome | None:
    """`/mediate campaign new` at the keyboard: the cover page, then each deliverable's form,
    asked one field at a time; the agreement is proposed as a file would be."""
    cover = await ask_form(session, COVER, hints=True)
    if cover is None:
        return None
    count = cover.get("deliverables", "")
    if not (count.isascii() and count.isdigit()) or not 0 < int(count) <= MOST_DELIVERABLES:
        raise Refusal(f"An agreement made here has 1 to {MOST_DELIVERABLES} deliverables.")
    deliverables = []
    for number in range(1, int(count) + 1):
        session.out(f"  Deliverable d{number}:")
        answers = await ask_form(session, DELIVERABLE, hints=True)
        if answers is None:
            return None
        deliverables.append(answers)
    outcome = await session.app.service.campaigns.from_forms(session.context(), cover,
                                                            deliverables)
    if outcome.case_id:
        session.case_id, session.room = outcome.case_id, "thread"
    return outcome


async def wait(session: ConsoleSession, action: t.Wait) -> None:
    """The clock moves on; every deadline due by then fires, and its notices are shown."""
    session.clock.advance(action.span)
    session.out(f"  (the clock moves on {_span_words(action)}: it is now "
                f"{session.clock.now():%Y-%m-%d %H:%M} UTC)")
    await session.app.service.fire_due()
    await session.delivery.outbox()


def _span_words(action: t.Wait) -> str:
    seconds = int(action.span.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return str(action.span)
