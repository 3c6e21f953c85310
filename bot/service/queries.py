"""Queries: a case's status, history, evidence and exports; help; a person's cases; and the
community's settings. Nothing here changes a case."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from bot.domain.case import Case
from bot.domain.errors import Refusal
from bot.domain.identity import Role
from bot.exchange import ACTOR, Attachment, Context, Outcome, Reply
from bot.exports import FORMATS, evidence_needed, render
from bot.input.grammar import Request
from bot.service.history_page import latest_visible
from bot.text.status import evidence_list, help_text, history, status, waiting_for

if TYPE_CHECKING:
    from bot.service.mediation import MediationService

log = logging.getLogger(__name__)


def answer(case_id: str | None, text: str, attachment: Attachment | None = None) -> Outcome:
    """An answer for the person who asked, only."""
    return Outcome(case_id, (), (Reply(ACTOR, text, case_id, attachment),))


async def read(
    service: MediationService, sub: str, case: Case, role: Role, request: Request, ctx: Context
) -> Outcome:
    """status, history, evidence-list and export, for a viewer of `case`."""
    side = case.side_of(ctx.actor)
    now = service.clock()
    if sub == "status":
        return answer(case.id, status(case, ctx.actor, now))
    if sub == "evidence-list":
        return answer(case.id, evidence_list(case))
    if sub == "history":
        shown, earlier = await latest_visible(service.store, case, role, side)
        return answer(case.id, history(shown, earlier))
    journal = await service.store.entries(case.id)
    fmt = request.args[0].lower() if request.args else "json"
    if fmt not in FORMATS:
        raise Refusal(f"Export as one of {', '.join(FORMATS)}: `export {FORMATS[0]}`.")
    files: dict[str, bytes | None] = {}
    for sha256 in evidence_needed(journal):
        try:
            files[sha256] = await service.evidence.read(sha256)
        except (OSError, ValueError):
            files[sha256] = None  # the export says the file is missing
    # The export redacts what this viewer may not see; rendering (PDF) runs in a thread.
    checkpoints = await service.store.checkpoints(case.id) if fmt == "bundle" else None
    rendered = await asyncio.to_thread(render, fmt, case, journal, ctx.actor, role, now,
                                       files.get, signer=service.signer,
                                       checkpoints=checkpoints)
    return answer(
        case.id,
        f"History of case {case.id} as you may see it: {rendered.filename}",
        Attachment(rendered.filename, rendered.content, rendered.media_type),
    )


async def configure(service: MediationService, request: Request, ctx: Context) -> Outcome:
    """A mediator sees the community's policy, or changes some of its settings."""
    if not ctx.actor.is_mediator:
        raise Refusal("Only this community's mediators can see or change its settings.")
    current = await service.policy(ctx.community_id)
    if not request.fields:
        return answer(
            None,
            "Settings of this community:\n"
            + current.words()
            + "\nChange one with `config name=value`, e.g. "
            "`config response_window=48h`.",
        )
    try:
        changed = current.with_settings(dict(request.fields))
    except ValueError as problem:
        raise Refusal(f"That setting cannot be used: {problem}.") from None
    await service.save_policy(ctx.community_id, ctx.platform, changed)
    log.info("policy changed by %s: %s", ctx.actor.user_id, dict(request.fields))
    return answer(None, "Saved. Settings of this community:\n" + changed.words())


async def help_for(service: MediationService, ctx: Context, case_id: str | None) -> Outcome:
    """What the person can do here, now (in a case, or anywhere)."""
    if case_id is None:
        return answer(None, help_text(None, None, service.clock()))
    case = await service.case(case_id, ctx.community_id)
    return answer(case_id, help_text(case, ctx.actor, service.clock()))


async def my_cases(service: MediationService, ctx: Context) -> Outcome:
    """The person's open cases, and for a mediator the cases asking for one."""
    mine = await service.store.cases(user_id=ctx.actor.user_id)
    lines = []
    now = service.clock()
    for summary in mine[:25]:
        case = await service.case(summary.id)
        waiting = "; ".join(waiting_for(case, now)) or "nothing"
        lines.append(f"{case.id}: {case.title} [{case.phase.value}] waiting for {waiting}")
    if ctx.actor.is_mediator:
        queue = [
            s
            for s in await service.store.cases(community_id=ctx.community_id)
            if s.mediation_requested and not any(p.role == "mediator" for p in s.participants)
        ]
        lines += [
            f"{s.id}: {s.title} asks for a mediator (`/mediate take {s.id}`)" for s in queue[:25]
        ]
    return answer(None, "\n".join(lines) if lines else "You have no open cases.")
