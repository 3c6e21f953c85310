"""A community's guidelines in chat: `/mediate rules|report|reports|penalize|standing`,
journaled through the one pipeline (`journaling.py`) in the community's guidelines record
(`GL-…`, begun under the default rulebook the first time anything is journaled in it).

Reading: the rulebook is for anyone; a member's standing for the member and the mediators;
the reports' queue for the mediators. Nothing here shows across communities: the record's
id is derived from the community, and every read starts from the asker's community.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from datetime import datetime

from bot.domain.errors import Refusal
from bot.domain.identity import Actor
from bot.domain.policy import Policy
from bot.evidence_files import EvidenceStore, EvidenceTooLarge
from bot.exchange import ACTOR, Attachment, Context, Outcome, Reply
from bot.guidelines.commands import (
    AdoptRulebook,
    AppealPenalty,
    ApplyPenalty,
    DecideAppeal,
    GuidelinesCommand,
    MakeReport,
    Member,
    ReportFile,
    Triage,
    TriageReport,
)
from bot.guidelines.decide import StartGuidelines, decide_guidelines
from bot.guidelines.presets import DEFAULT_RULEBOOK
from bot.guidelines.reading import LARGEST_FILE, DocumentFormat, import_rulebook, rulebook_yaml
from bot.guidelines.record import GuidelinesRecord, guidelines_id
from bot.guidelines.rulebook import MOST_VERSION, InvalidRulebook, Rulebook, Scope
from bot.guidelines.words import SCOPES, rulebook_words
from bot.input.file_kind import display_name, sniff
from bot.input.grammar import Request
from bot.input.guidelines_requests import (
    PENALIZE_USAGE,
    REPORTS_USAGE,
    RULES_USAGE,
    STANDING_USAGE,
    numbered,
    penalty_basis,
    rest_after,
    triage_wanted,
)
from bot.service.journaling import Journaling
from bot.text.guidelines import day
from bot.text.standing import home_words, open_reports_words, standing_words

log = logging.getLogger(__name__)
PROBLEMS_SHOWN = 12


class Guidelines:
    def __init__(self, journaling: Journaling, *, clock: Callable[[], datetime],
                 known_community: Callable[[Context], Awaitable[None]],
                 case_in: Callable[[str, str], Awaitable[object]],
                 platform_of: Callable[[str], Awaitable[str]],
                 evidence: EvidenceStore) -> None:
        self.journaling = journaling
        self.evidence = evidence  # files brought with reports, kept as cases' evidence is
        self.clock = clock
        self.known_community = known_community
        self.platform_of = platform_of
        self.case_in = case_in  # the case of that id in that community, or a Refusal

    async def record(self, community_id: str) -> GuidelinesRecord | None:
        """The community's record (None before anything was journaled in it); a Refusal
        when its entries do not fold (tampered with: `mediator verify` says where)."""
        try:
            state = await self.journaling.case(guidelines_id(community_id))
        except (KeyError, ValueError, TypeError):
            log.exception("the guidelines record of %s cannot be read", community_id)
            raise Refusal("This community's guidelines record cannot be read; the operator "
                          "should run `mediator verify`.") from None
        return state if isinstance(state, GuidelinesRecord) else None

    async def rulebook(self, community_id: str) -> Rulebook:
        state = await self.record(community_id)
        return state.rulebook if state else DEFAULT_RULEBOOK

    async def act(self, ctx: Context, command: GuidelinesCommand) -> Outcome:
        """Journal `command` in the community's record (begun if it is not yet)."""
        record_id = guidelines_id(ctx.community_id)
        try:
            if await self.record(ctx.community_id) is None:
                await self.known_community(ctx)
                return await self.journaling.act(
                    ctx, record_id, StartGuidelines(ctx.community_id, command))
            return await self.journaling.act(ctx, record_id, command)
        except Refusal as refusal:
            return await self.journaling.unless_seen(ctx, refusal)

    async def refuse_if_suspended(self, actor: Actor, community_id: str, scope: Scope) -> None:
        """A member suspended from new cases (or campaigns) cannot start one. A record that
        cannot be read (`mediator verify` says why) keeps nobody out: a dispute must still be
        able to start."""
        try:
            state = await self.record(community_id)
        except Refusal:
            return
        holding = state.suspension(actor.user_id, scope, self.clock()) if state else None
        if holding is not None and holding.suspension_ends is not None:
            raise Refusal(
                f"You are suspended from {SCOPES[scope]} in this community until "
                f"{day(holding.suspension_ends)}, under the rule \"{holding.rule_title}\" "
                f"(I{holding.number}). `/mediate standing` (on Discord `/guidelines standing`) "
                "shows your record and how to appeal.")

    async def home_words(self, ctx: Context) -> str:
        """The guidelines and the member's standing, for a home screen (Slack's App Home)."""
        state = await self.record(ctx.community_id)
        rulebook = state.rulebook if state else DEFAULT_RULEBOOK
        return home_words(rulebook, state, Member(ctx.actor.user_id, ctx.actor.name),
                          self.clock())

    # -- requests ---------------------------------------------------------------------------
    async def handle(self, request: Request, ctx: Context,
                     person: Actor | None) -> Outcome:
        sub = request.subcommand
        if sub == "rules":
            return await self._rules(request, ctx)
        if sub == "report":
            member = _member(person, "report")
            what = rest_after(request, 1)
            return await self.act(ctx, MakeReport(member, what, about_mediator=bool(
                person and person.is_mediator)))
        if sub == "reports":
            _mediator(ctx)
            if not request.args:
                return self._answer(ctx, open_reports_words(await self.record(
                    ctx.community_id), ctx.actor.user_id))
            if len(request.args) == 2 and request.args[1].lower() == "file":
                return await self._report_file(ctx, numbered("R", request.args[0],
                                                             REPORTS_USAGE))
            wanted = triage_wanted(request)
            if wanted.triage in (Triage.REMIND, Triage.WARN) and wanted.rule \
                    and "rule" not in request.fields:
                known = {r.key for r in (await self.rulebook(ctx.community_id)).rules}
                if wanted.rule not in known:  # the note's first word, not a rule
                    wanted = replace(wanted, rule=None, reason=rest_after(request, 2))
            return await self.act(ctx, TriageReport(wanted.number, wanted.triage,
                                                    wanted.rule, wanted.reason))
        if sub == "penalize":
            _mediator(ctx)
            member = _member(person, "penalize")
            rule, basis, note = penalty_basis(request)
            if basis.reference.startswith("case "):
                await self.case_in(basis.reference.removeprefix("case "), ctx.community_id)
            return await self.act(ctx, ApplyPenalty(member, rule, basis, note))
        return await self._standing(request, ctx, person)

    async def _rules(self, request: Request, ctx: Context) -> Outcome:
        move = request.args[0].lower() if request.args else ""
        rulebook = await self.rulebook(ctx.community_id)
        if move == "":
            return self._answer(ctx, rulebook_words(rulebook))
        if move == "file":
            text = rulebook_yaml(rulebook)
            return Outcome(guidelines_id(ctx.community_id), (), (Reply(
                ACTOR, f"The rulebook in force (version {rulebook.version}) as YAML: edit it, "
                "raise its `version`, and give it to `rules set`.",
                guidelines_id(ctx.community_id),
                Attachment("rulebook.yaml", text.encode(), "application/yaml")),))
        if move == "reset":
            _mediator(ctx)
            if rulebook.version >= MOST_VERSION:
                raise Refusal(f"The rulebook in force has the highest version there is "
                              f"({MOST_VERSION:,}): no rulebook can follow it.")
            return await self.act(ctx, AdoptRulebook(replace(
                DEFAULT_RULEBOOK, version=rulebook.version + 1)))
        if move == "set":
            raise Refusal("`rules set` needs the rulebook file (YAML or JSON): attach it to "
                          "the command (at the console, give its path).")
        raise Refusal(f"Rules: {RULES_USAGE}.")

    async def report_with_file(self, request: Request, ctx: Context, person: Actor | None,
                               chunks: AsyncIterator[bytes], filename: str) -> Outcome:
        """`report @member <what>` with a file: refused before anything is stored when the
        report would be, then stored under its SHA-256 and journaled with the report."""
        try:
            member, what = await self.check_report(request, ctx, person)
            try:
                stored = await self.evidence.put(chunks)
            except EvidenceTooLarge as too_large:
                raise Refusal(str(too_large)) from None
            file = ReportFile(stored.sha256, stored.size, sniff(stored.head, filename),
                              display_name(filename))
        except Refusal as refusal:
            return await self.journaling.unless_seen(ctx, refusal)
        return await self.act(ctx, MakeReport(member, what, file, about_mediator=bool(
            person and person.is_mediator)))

    async def check_report(self, request: Request, ctx: Context, person: Actor | None
                           ) -> tuple[Member, str]:
        """Refuse a report as journaling it would (before a file is fetched or stored); the
        member and what happened, when it would be taken."""
        member = _member(person, "report")
        what = rest_after(request, 1)
        state = await self.record(ctx.community_id) or GuidelinesRecord(
            guidelines_id(ctx.community_id), ctx.community_id)
        decide_guidelines(state, MakeReport(member, what), ctx.actor, self.clock(), Policy())
        return member, what

    async def _report_file(self, ctx: Context, number: int) -> Outcome:
        """The file report R<n> brought, for the mediators, checked against its hash."""
        state = await self.record(ctx.community_id)
        report = state.report(number) if state else None
        if report is None:
            raise Refusal(f"There is no report R{number}.")
        if report.file is None:
            raise Refusal(f"Report R{number} brought no file.")
        try:
            content = await self.evidence.read(report.file.sha256)
        except (OSError, KeyError, LookupError):
            content = b""
        if hashlib.sha256(content).hexdigest() != report.file.sha256:
            raise Refusal(f"The file of report R{number} is missing or altered in the "
                          "evidence store; `mediator verify` says more.")
        record_id = guidelines_id(ctx.community_id)
        return Outcome(record_id, (), (Reply(
            ACTOR, f"Report R{number}'s file: {report.file.filename} (SHA-256 "
            f"{report.file.sha256}).", record_id,
            Attachment(report.file.filename, content, report.file.media_type)),))

    async def adopt_file(self, ctx: Context, content: bytes, filename: str) -> Outcome:
        """`rules set` with the rulebook file's content (mediators)."""
        try:
            _mediator(ctx)
            if len(content) > LARGEST_FILE:
                raise Refusal(f"A rulebook file is at most {LARGEST_FILE // 1024} KiB.")
            file_format = DocumentFormat.JSON if filename.lower().endswith(".json") \
                else DocumentFormat.YAML
            try:
                rulebook = import_rulebook(content, file_format)
            except InvalidRulebook as invalid:
                shown = [f"- {p}" for p in invalid.problems[:PROBLEMS_SHOWN]]
                more = len(invalid.problems) - len(shown)
                raise Refusal("That rulebook cannot be adopted:\n" + "\n".join(shown)
                              + (f"\n…and {more} more." if more > 0 else "")) from None
        except Refusal as refusal:
            return await self.journaling.unless_seen(ctx, refusal)
        return await self.act(ctx, AdoptRulebook(rulebook))

    async def _standing(self, request: Request, ctx: Context,
                        person: Actor | None) -> Outcome:
        move = request.args[0].lower() if request.args else ""
        if move in ("appeal", "uphold", "overturn"):
            if len(request.args) < 2:
                raise Refusal(f"Standing: {STANDING_USAGE}.")
            number = numbered("I", request.args[1], STANDING_USAGE)
            reason = rest_after(request, 2)
            if move == "appeal":
                return await self.act(ctx, AppealPenalty(number, reason))
            _mediator(ctx)
            return await self.act(ctx, DecideAppeal(number, move == "overturn", reason))
        if request.args and person is None:
            raise Refusal(f"I do not know {request.args[0][:40]!r} here: {STANDING_USAGE}.")
        member = Member(person.user_id, person.name) if person else Member(
            ctx.actor.user_id, ctx.actor.name)
        if member.user_id != ctx.actor.user_id and not ctx.actor.is_mediator:
            raise Refusal("A member's standing is for them and the mediators.")
        state = await self.record(ctx.community_id)
        return self._answer(ctx, standing_words(state, member, self.clock()))

    @staticmethod
    def _answer(ctx: Context, text: str) -> Outcome:
        record_id = guidelines_id(ctx.community_id)
        return Outcome(record_id, (), (Reply(ACTOR, text, record_id),))


def _mediator(ctx: Context) -> None:
    if not ctx.actor.is_mediator:
        raise Refusal("Only the community's mediators may do that.")


def _member(person: Actor | None, sub: str) -> Member:
    if person is None:
        usage = PENALIZE_USAGE if sub == "penalize" else "`report @member <what happened>`"
        raise Refusal(f"Name the member with an @mention: {usage}.")
    return Member(person.user_id, person.name)
