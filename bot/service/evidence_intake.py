"""Evidence coming in: refused before anything is stored when the case would refuse it, then
stored (hashed, content-addressed), read for figures where it is an analytics export, and
journaled."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.domain.commands import AddEvidence
from bot.domain.decide import gate
from bot.domain.errors import Refusal
from bot.domain.text import clean_text
from bot.exchange import ACTOR, Context, Outcome, Reply
from bot.input.file_kind import display_name, sniff
from bot.input.interpret import REASON_LIMIT
from bot.ports import EvidenceTooLarge
from bot.service.streams import is_campaign

if TYPE_CHECKING:
    from bot.service.mediation import MediationService


async def add_evidence(service: MediationService, ctx: Context, case_id: str,
                       chunks: AsyncIterator[bytes], filename: str, description: str) -> Outcome:
    """Store a file (hashed, content-addressed) and journal it as evidence; on a campaign,
    figures read from an analytics export."""
    if is_campaign(case_id):
        return await service.figures.on_campaign(ctx, case_id, chunks, filename, description)
    case = await service.case(case_id, ctx.community_id)
    gate(case, "evidence", ctx.actor, service.clock())  # refuse before storing anything
    description = clean_text(description).strip()
    if len(description) > REASON_LIMIT:
        raise Refusal(f"The description is longer than {REASON_LIMIT} characters.")
    try:
        stored = await service.evidence.put(chunks)
    except EvidenceTooLarge as too_large:
        raise Refusal(str(too_large)) from None
    media_type = sniff(stored.head, filename)
    figures, unread, judgement = await service.figures.of_upload(
        case, ctx, stored, filename, media_type, description)
    command = AddEvidence(stored.sha256, stored.size, media_type, display_name(filename),
                          description, figures)
    outcome = await service.journaling.act(ctx, case_id, command)
    if unread and not outcome.duplicate:
        outcome = replace(outcome, replies=(*outcome.replies, Reply(ACTOR, unread, case_id)))
    return service.figures.with_table(outcome, judgement, case_id)
