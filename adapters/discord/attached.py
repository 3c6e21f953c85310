"""Discord moves that come with an attached file besides evidence: an agreement file
(`/campaign propose|counter|amend`), a rulebook file (`/guidelines rules move:set`) and a
report's file (`/guidelines report … file`). Each is fetched only from Discord's CDN, capped,
and never for a move that would be refused for who asks; a replayed interaction gets what it
did the first time, unfetched."""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.discord import translate as t
from adapters.discord.campaign_translate import AgreementFile
from adapters.discord.files import check_size, check_url, download
from adapters.discord.guidelines_translate import ReportAttachment, RulebookFile
from bot.campaign.terms.agreement_file import LARGEST_FILE
from bot.domain.errors import Refusal
from bot.exchange import Context, Outcome
from bot.guidelines.reading import LARGEST_FILE as LARGEST_RULEBOOK
from bot.input.review_requests import named_person

if TYPE_CHECKING:
    from adapters.discord.handlers import Handler


async def act_with_file(handler: Handler, ctx: Context,
                        wanted: AgreementFile | RulebookFile | ReportAttachment) -> Outcome:
    if ctx.source is not None:  # a replayed interaction: what it did, nothing fetched
        earlier = await handler.app.store.entries_for_source(ctx.source)
        if earlier:
            return await handler.service.journaling.earlier_outcome(ctx, earlier)
    if isinstance(wanted, AgreementFile):
        return await agreement(handler, ctx, wanted)
    if isinstance(wanted, RulebookFile):
        return await rulebook(handler, ctx, wanted)
    return await report(handler, ctx, wanted)


async def agreement(handler: Handler, ctx: Context, wanted: AgreementFile) -> Outcome:
    """Propose, counter or amend with an attached agreement file, read by the core."""
    content = await document(handler, wanted.file, LARGEST_FILE)
    return await handler.service.campaigns.with_file(wanted.request, ctx, content,
                                                     wanted.file.filename)


async def rulebook(handler: Handler, ctx: Context, wanted: RulebookFile) -> Outcome:
    """`rules set` with an attached rulebook file, read by the core (a mediator's only:
    nothing is fetched for anyone else)."""
    if not ctx.actor.is_mediator:
        raise Refusal("Only the community's mediators may do that.")
    content = await document(handler, wanted.file, LARGEST_RULEBOOK)
    return await handler.service.guidelines.adopt_file(ctx, content, wanted.file.filename)


async def document(handler: Handler, file: t.FileRef, largest: int) -> bytes:
    """An attached document, fetched through the evidence path's checks and cap (the
    core's largest such file, at most)."""
    assert handler.session is not None
    cap = min(largest, handler.settings.attachment_max_bytes)
    chunks = download(handler.session, file, handler.settings.cdn_origins, cap)
    return b"".join([chunk async for chunk in chunks])


async def report(handler: Handler, ctx: Context, wanted: ReportAttachment) -> Outcome:
    """A report with a file: checked, downloaded and kept as evidence is."""
    assert handler.session is not None
    check_url(wanted.file.url, handler.settings.cdn_origins)
    check_size(wanted.file, handler.settings.attachment_max_bytes)
    chunks = download(handler.session, wanted.file, handler.settings.cdn_origins,
                      handler.settings.attachment_max_bytes)
    person = await named_person(wanted.request, ctx)
    return await handler.service.guidelines.report_with_file(
        wanted.request, ctx, person, chunks, wanted.file.filename)
