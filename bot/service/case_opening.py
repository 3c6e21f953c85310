"""Opening a case: the `open` form's values checked, the other side looked up, and on a
campaign the brief of the items in dispute computed from its record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.commands import OpenCase
from bot.domain.errors import Refusal
from bot.domain.identity import PartyKind
from bot.exchange import Context, Outcome
from bot.guidelines.rulebook import Scope
from bot.input.forms import OPEN, validate
from bot.input.grammar import Request
from bot.input.interpret import open_fields

if TYPE_CHECKING:
    from bot.service.mediation import MediationService


async def open_case(service: MediationService, request: Request, ctx: Context) -> Outcome:
    """Open a case; on a campaign (`campaign=CP-…` or in its thread), with the brief of
    the items in dispute computed from its record."""
    await service.guidelines.refuse_if_suspended(ctx.actor, ctx.community_id, Scope.NEW_CASES)
    fields = open_fields(request)
    on_campaign = await service.campaigns.case_on(fields, ctx)
    values = validate(OPEN, fields)
    await service.known_community(ctx)
    counterpart = None
    if ctx.people is not None:
        counterpart = await ctx.people.resolve(values["counterpart"])
    if counterpart is None:
        raise Refusal(f"I don't know who {values['counterpart']!r} is: name a member here.")
    kind = PartyKind(values["side"])
    other = values.get("counterpart_side") or (
        PartyKind.BRAND.value if kind is PartyKind.CREATOR else PartyKind.CREATOR.value)
    details: dict[str, str] = {
        k: values[k]
        for k in ("campaign", "category", "amount", "currency", "summary", "desired_outcome")
        if k in values
    }
    brief = None if on_campaign is None else on_campaign.brief(
        ctx.actor.user_id, counterpart.user_id, service.clock())
    command = OpenCase(service.new_case_id(), ctx.community_id, counterpart.user_id,
                       counterpart.name, kind, PartyKind(other), values["title"], details,
                       dict(brief) if brief is not None else None)
    return await service.journaling.act(ctx, command.case_id, command)
