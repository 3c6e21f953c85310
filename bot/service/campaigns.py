"""Campaigns in chat: `/mediate campaign …` requests and agreement files, journaled through
the one pipeline (`journaling.py`) under the campaign's own id (`CP-XXXXXX`).

A proposal, a counter or an amendment comes as a file (YAML or JSON) read exactly as
`mediator agreement` reads it; a party named `@name` in it is looked up among the members
here before the version is hashed, so the hash covers who the parties really are. Reading a
campaign (status, history) is for its parties and the community's mediators.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.campaign.checks.brief_payload import BriefPayload
from bot.campaign.checks.case_brief import brief_for_case
from bot.campaign.parties import CampaignRole
from bot.campaign.record.commands import (
    AmendAgreement,
    CampaignCommand,
    CounterAgreement,
    ProposeAgreement,
)
from bot.campaign.record.state import CampaignState, party_in
from bot.campaign.terms.agreement_file import LARGEST_FILE, FileFormat, import_agreement
from bot.campaign.terms.problems import InvalidAgreement
from bot.campaign.terms.terms import CampaignTerms
from bot.domain.errors import Refusal
from bot.domain.identity import PartyKind
from bot.exchange import ACTOR, Context, Outcome, Reply
from bot.input.agreement_form import COVER, DELIVERABLE, MOST_DELIVERABLES, agreement_document
from bot.input.campaign_requests import (
    CAMPAIGN_ID,
    FILE_MOVES,
    USAGE,
    CampaignRequest,
    campaign_command,
    campaign_request,
)
from bot.input.forms import validate
from bot.input.grammar import Request
from bot.ports import CAMPAIGN, Cases
from bot.service.journaling import Journaling
from bot.text.campaign_status import campaign_list_line, campaign_status
from bot.text.status import history

_ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PROBLEMS_SHOWN = 12


def random_campaign_id() -> str:
    return "CP-" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(6))


class Campaigns:
    def __init__(self, journaling: Journaling, cases: Cases, *,
                 clock: Callable[[], datetime],
                 known_community: Callable[[Context], Awaitable[None]],
                 new_campaign_id: Callable[[], str] = random_campaign_id,
                 may_propose: Callable[[Context], Awaitable[None]] | None = None) -> None:
        self.journaling = journaling
        # Refuses a member suspended from new campaigns (proposing one, or accepting one
        # not agreed yet).
        self.may_propose = may_propose
        self.moved: Callable[[CampaignState], Awaitable[None]] | None = None
        self.known_community = known_community  # a new workspace or server gets its row
        self.cases = cases
        self.clock = clock
        self.new_campaign_id = new_campaign_id

    async def campaign(self, campaign_id: str, community_id: str) -> CampaignState:
        """The campaign as journaled, or a Refusal: campaigns never show across
        communities, not even by their id."""
        state = await self.journaling.case(campaign_id)
        if not isinstance(state, CampaignState) or state.community_id != community_id:
            raise Refusal(f"There is no campaign {campaign_id}.")
        return state

    async def handle(self, request: Request, ctx: Context) -> Outcome:
        """`/mediate campaign <move> …` without a file."""
        wanted = campaign_request(request, ctx.case_id)
        if wanted.move in FILE_MOVES:
            raise Refusal(f"`campaign {wanted.move}` needs the agreement file (YAML or JSON): "
                          "attach it to the command (at the console, give its path).")
        if wanted.move == "list":
            return await self._list(ctx)
        if wanted.move == "help":
            return _answer(wanted.campaign_id, USAGE)
        if wanted.move == "new":
            raise Refusal("`campaign new` is a guided form, asked at the keyboard; otherwise "
                          "propose the agreement as a file: `campaign propose <file>`.")
        state = await self._named(wanted, ctx)
        if wanted.move in ("status", "history"):
            _may_read(state, ctx)
            if wanted.move == "status":
                return _answer(state.id, campaign_status(state, self.clock()))
            entries = await self.journaling.store.entries(state.id)
            return _answer(state.id, history(entries))
        if wanted.move == "accept" and state.agreed_version is None \
                and self.may_propose is not None:
            await self.may_propose(ctx)  # a suspended member joins no new campaign either
        return await self.act(ctx, state.id, campaign_command(wanted, state, self.clock()))

    async def with_file(self, request: Request, ctx: Context, content: bytes,
                        filename: str) -> Outcome:
        """`campaign propose|counter|amend` with the agreement file's content."""
        wanted = campaign_request(request, ctx.case_id)
        if wanted.move not in FILE_MOVES:
            raise Refusal(f"`campaign {wanted.move}` takes no file. {USAGE}")
        terms = await self._terms(content, filename, ctx)
        if wanted.move == "propose":
            if self.may_propose is not None:
                await self.may_propose(ctx)
            await self.known_community(ctx)
            proposal = ProposeAgreement(self.new_campaign_id(), ctx.community_id, terms)
            return await self.act(ctx, proposal.campaign_id, proposal)
        state = await self._named(wanted, ctx)
        command: CampaignCommand = (CounterAgreement(terms) if wanted.move == "counter"
                                    else AmendAgreement(terms))
        return await self.act(ctx, state.id, command)

    async def from_forms(self, ctx: Context, cover: Mapping[str, str],
                         deliverables: Sequence[Mapping[str, str]]) -> Outcome:
        """Propose the agreement the guided forms state (`bot.input.agreement_form`): it is
        read by the same importer as a file, so its terms follow the same rules."""
        values = validate(COVER, cover)
        wanted = int(values["deliverables"])
        if not 0 < wanted <= MOST_DELIVERABLES or wanted != len(deliverables):
            raise Refusal(f"An agreement made here has 1 to {MOST_DELIVERABLES} deliverables, "
                          "each with its form.")
        document = agreement_document(ctx.actor, values,
                                      [validate(DELIVERABLE, d) for d in deliverables])
        return await self.with_file(Request("campaign", None, ("propose",)), ctx,
                                    json.dumps(document).encode(), "agreement.json")

    async def act(self, ctx: Context, campaign_id: str, command: CampaignCommand) -> Outcome:
        try:
            outcome = await self.journaling.act(ctx, campaign_id, command)
        except Refusal as refusal:
            return await self.journaling.unless_seen(ctx, refusal)
        if outcome.campaign is not None and outcome.entries and self.moved is not None:
            await self.moved(outcome.campaign)  # breaches the guidelines notice
        return outcome

    async def case_on(self, fields: dict[str, str], ctx: Context) -> CampaignCase | None:
        """The campaign a case is opened on: `campaign=CP-…`, or the campaign whose thread
        `open` was typed in. Fills in each side from the parties' roles when not given."""
        named = fields.get("campaign", "").strip()
        campaign_id = named.upper() if CAMPAIGN_ID.match(named) else (
            ctx.case_id if ctx.case_id and CAMPAIGN_ID.match(ctx.case_id) else None)
        items = tuple(i for i in re.split(r"[\s,]+", fields.get("items", "")) if i)
        if campaign_id is None:
            if items:
                raise Refusal("`items` are a campaign's deliverables and milestones: open the "
                              "case in the campaign's thread, or name it (`campaign=CP-…`).")
            return None
        state = await self.campaign(campaign_id, ctx.community_id)
        terms = state.agreed_terms
        if terms is None:
            raise Refusal(f"Campaign {state.id} has no agreement in force yet: a case on it "
                          "is checked against agreed terms.")
        fields["campaign"] = f"{state.title} ({state.id})"[:150]
        me = party_in(terms, ctx.actor.user_id)
        if me is not None and not fields.get("side"):
            fields["side"] = _kind(me.role)
        counterpart = fields.get("counterpart", "")
        if counterpart and ctx.people is not None and not fields.get("counterpart_side"):
            person = await ctx.people.resolve(counterpart)
            other = party_in(terms, person.user_id) if person else None
            if other is not None:
                fields["counterpart_side"] = _kind(other.role)
        fields.pop("items", None)
        return CampaignCase(state, items)

    async def _named(self, wanted: CampaignRequest, ctx: Context) -> CampaignState:
        if wanted.campaign_id is None:
            raise Refusal(f"Which campaign? Use `campaign {wanted.move}` in the campaign's "
                          f"thread, or give its id: `campaign {wanted.move} CP-XXXXXX …`.")
        return await self.campaign(wanted.campaign_id, ctx.community_id)

    async def _list(self, ctx: Context) -> Outcome:
        mine = await self.cases.cases(user_id=ctx.actor.user_id, kind=CAMPAIGN)
        lines = []
        for summary in mine[:25]:
            state = await self.journaling.case(summary.id)
            if isinstance(state, CampaignState):
                lines.append(campaign_list_line(state))
        return _answer(None, "\n".join(lines) if lines else "You are in no open campaign.")

    async def _terms(self, content: bytes, filename: str, ctx: Context) -> CampaignTerms:
        """The terms of an agreement file, with `@name` parties looked up here."""
        if len(content) > LARGEST_FILE:
            raise Refusal(f"The agreement file is larger than {LARGEST_FILE // 1024} KiB.")
        kind = FileFormat.JSON if filename.lower().endswith(".json") else FileFormat.YAML
        try:
            terms = import_agreement(content, kind)
        except InvalidAgreement as invalid:
            shown = "\n".join(f"- {p}" for p in invalid.problems[:PROBLEMS_SHOWN])
            more = len(invalid.problems) - PROBLEMS_SHOWN
            tail = f"\n…and {more} more." if more > 0 else ""
            raise Refusal(f"The agreement in {filename} cannot be used; nothing was "
                          f"recorded:\n{shown}{tail}") from None
        parties = []
        unknown = []
        for index, party in enumerate(terms.parties):
            if party.user_id.startswith("@"):
                person = await ctx.people.resolve(party.user_id) if ctx.people else None
                if person is None:
                    unknown.append(f"parties[{index}].user_id: I don't know who "
                                   f"{party.user_id} is here")
                    continue
                party = replace(party, user_id=person.user_id)
            parties.append(party)
        if unknown:
            raise Refusal("The agreement names people who are not members here; nothing was "
                          "recorded:\n" + "\n".join(f"- {line}" for line in unknown))
        ids = [p.user_id for p in parties]
        if len(set(ids)) != len(ids):
            raise Refusal("The agreement names one person as two parties; nothing was "
                          "recorded.")
        return replace(terms, parties=tuple(parties))


@dataclass(frozen=True)
class CampaignCase:
    """A case about to open on a campaign: the campaign as it is, and the items disputed."""

    state: CampaignState
    items: tuple[str, ...]

    def brief(self, claimant: str, respondent: str, now: datetime) -> BriefPayload:
        """The brief the case opens with; both sides must be parties to the agreement."""
        terms = self.state.agreed_terms
        for user_id, who in ((claimant, "You are"), (respondent, "The other side is")):
            if terms is not None and party_in(terms, user_id) is None:
                raise Refusal(f"{who} not a party to campaign {self.state.id}: a case on a "
                              "campaign is between its parties.")
        return brief_for_case(self.state, self.items, now).to_payload()


def _may_read(state: CampaignState, ctx: Context) -> None:
    if ctx.actor.is_mediator:
        return
    if any(party_in(v.terms, ctx.actor.user_id) for v in state.versions):
        return
    raise Refusal(f"Only the parties to campaign {state.id} and the mediators here can "
                  "read it.")


def _kind(role: CampaignRole) -> str:
    """A campaign role as a case's kind of party (a talent manager speaks for the creator)."""
    return PartyKind.CREATOR.value if role is CampaignRole.TALENT_MANAGER else role.value


def _answer(campaign_id: str | None, text: str) -> Outcome:
    return Outcome(campaign_id, (), (Reply(ACTOR, text, campaign_id),))
