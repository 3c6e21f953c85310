"""Core replies and cases → Discord messages, embeds, buttons and modals. Pure: no I/O.

User text reaches Discord as typed (the journal keeps it so); what makes it harmless is that
every message goes out with `AllowedMentions.none()`, or pings exactly the person meant.
Markdown is not escaped, because the core's own text uses it (`join`, `sign`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import discord

from adapters.discord import layout
from adapters.discord.buttons import CaseButton
from adapters.discord.custom_ids import ButtonId
from adapters.discord.translate import ShowForm
from bot.domain.case import Case
from bot.domain.phases import Phase
from bot.domain.rules import phase_words
from bot.exchange import Attachment, Reply
from bot.text.mediation import MEDIATORS
from bot.text.status import waiting_for

MESSAGE_LIMIT = 2000
LABEL_LIMIT = 45
NO_MENTIONS = discord.AllowedMentions.none()

ButtonStyle = discord.ButtonStyle


@dataclass(frozen=True)
class Post:
    """One message to send: content, whom it may ping, and what comes with it."""

    content: str
    allowed_mentions: discord.AllowedMentions = NO_MENTIONS
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None
    attachment: Attachment | None = None

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `Messageable.send` / `Webhook.send`."""
        extra: dict[str, Any] = {"allowed_mentions": self.allowed_mentions}
        if self.embed is not None:
            extra["embed"] = self.embed
        if self.view is not None:
            extra["view"] = self.view
        if self.attachment is not None:
            import io  # only exports carry files

            extra["file"] = discord.File(io.BytesIO(self.attachment.content),
                                         filename=self.attachment.filename)
        return {"content": self.content, **extra}


def split(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Text in pieces Discord accepts, cut at line ends where possible."""
    text = text.strip() or "…"
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > limit // 2 else limit
        pieces.append(text[:cut])
        text = text[cut:].lstrip("\n")
    pieces.append(text)
    return pieces


def texts(lines: list[str], attachment: Attachment | None = None,
          view: discord.ui.View | None = None) -> list[Post]:
    """Replies as posts without pings; the attachment and buttons ride on the last one."""
    pieces = [piece for text in lines for piece in split(text)] or ["Done."]
    posts = [Post(piece) for piece in pieces[:-1]]
    posts.append(Post(pieces[-1], attachment=attachment, view=view))
    return posts


def replies(said: Sequence[Reply], view: discord.ui.View | None = None) -> list[Post]:
    """Replies as posts without pings, each reply's file (a KPI chart) on that reply's own
    last piece, so a long text split in several messages keeps its file next to it; the
    buttons ride on the last post."""
    posts: list[Post] = []
    for reply in said:
        *pieces, last = split(reply.text)
        posts += [Post(piece) for piece in pieces]
        posts.append(Post(last, attachment=reply.attachment))
    if not posts:
        return [Post("Done.", view=view)]
    if view is not None:
        posts[-1] = replace(posts[-1], view=view)
    return posts


def refusal(message: str) -> str:
    return f"Not done: {message}"


def notice(audience: str, text: str, mediator_role_id: int | None) -> list[Post]:
    """An outbox notification, in as many posts as its length needs; the first pings exactly
    its addressee (a Discord user, or the mediators' role), the others nobody."""
    ping: str | None = None
    mentions = NO_MENTIONS
    if audience.startswith("user:discord:") and audience.removeprefix("user:discord:").isdigit():
        member = int(audience.removeprefix("user:discord:"))
        ping = f"<@{member}>"
        mentions = discord.AllowedMentions(everyone=False, roles=False, replied_user=False,
                                           users=[discord.Object(member)])
    elif audience == MEDIATORS and mediator_role_id is not None:
        ping = f"<@&{mediator_role_id}>"
        mentions = discord.AllowedMentions(everyone=False, users=False, replied_user=False,
                                           roles=[discord.Object(mediator_role_id)])
    if ping is None:
        return [Post(piece) for piece in split(text)]
    first, *rest = split(text, MESSAGE_LIMIT - len(ping) - 1)
    return [Post(f"{ping} {first}", mentions), *(Post(piece) for piece in rest)]


# -- the case card and its buttons --------------------------------------------------------------
@dataclass(frozen=True)
class Action:
    button: ButtonId
    label: str
    style: discord.ButtonStyle


def next_actions(case: Case, now: datetime) -> list[Action]:
    """The buttons for what someone in the case can do now (the service still checks who)."""
    def act(action: str, label: str, style: ButtonStyle = ButtonStyle.secondary,
            number: int | None = None) -> Action:
        return Action(ButtonId(action, case.id, number), label, style)

    actions: list[Action] = []
    if case.phase is Phase.AWAITING_RESPONSE:
        actions += [act("join", "Join the mediation", ButtonStyle.success),
                    act("decline", "Decline", ButtonStyle.danger)]
    elif case.phase is Phase.STATEMENTS:
        actions.append(act("statement", "Submit statement", ButtonStyle.primary))
    elif case.phase is Phase.NEGOTIATION:
        if case.bidding is not None and case.bidding.status == "open":
            actions.append(act("bid", "Seal my bid", ButtonStyle.primary))  # opens the modal
        actions.append(act("propose", "Propose terms", ButtonStyle.primary))
        open_ones = [p for p in case.proposals.values() if p.is_open_at(now)][-4:]
        for p in open_ones:
            actions += [act("accept", f"Accept #{p.number}", ButtonStyle.success, p.number),
                        act("counter", f"Counter #{p.number}", number=p.number),
                        act("reject", f"Reject #{p.number}", ButtonStyle.danger, p.number)]
    elif case.phase is Phase.AGREEMENT:
        actions.append(act("sign", "Sign the agreement", ButtonStyle.success))
    elif case.phase is Phase.COMPLIANCE and case.agreement is not None:
        for followup in case.agreement.followups:
            if not followup.done:
                actions.append(act("confirm", f"Confirm follow-up #{followup.number}",
                                   ButtonStyle.success, followup.number))
    if case.is_open:
        if case.mediator is None and not case.mediation_requested:
            actions.append(act("mediator", "Ask for a mediator"))
        elif case.mediator is None:
            actions.append(act("take", "Take the case (mediators)", ButtonStyle.primary))
        actions.append(act("status", "Status"))
    return actions


def actions_view(case: Case, now: datetime) -> discord.ui.View | None:
    """A persistent view (no timeout) with the case's next-action buttons, or None."""
    actions = next_actions(case, now)
    if not actions:
        return None
    view = discord.ui.View(timeout=None)
    for index, action in enumerate(actions[:25]):
        item = CaseButton(action.button, action.label, action.style)
        item.row = index // 5
        view.add_item(item)
    return view


def case_card(case: Case, now: datetime) -> discord.Embed:
    """The case message at the top of its thread."""
    embed = discord.Embed(title=f"Case {case.id}: {case.title}"[:256],
                          description=case.details.get("summary", "")[:4096] or None)
    embed.add_field(name="Phase", value=phase_words(case.phase), inline=True)
    embed.add_field(name="Opened by", value=f"{case.claimant.name} ({case.claimant.kind})"[:1024])
    embed.add_field(name="Respondent",
                    value=f"{case.respondent.name} ({case.respondent.kind})"[:1024])
    category = case.details.get("category", "other").replace("_", " ")
    embed.add_field(name="Category", value=category)
    if case.details.get("amount"):
        embed.add_field(name="Amount in dispute",
                        value=f"{case.details['amount']} {case.details.get('currency', '')}")
    waiting = waiting_for(case, now)
    if waiting:
        embed.add_field(name="Waiting for", value="\n".join(waiting)[:1024], inline=False)
    return embed


def card_post(case: Case, now: datetime) -> Post:
    return Post(f"Mediation case {case.id}. Use the buttons, or `/mediate` in this thread.",
                embed=case_card(case, now), view=actions_view(case, now))


# -- forms as modals ------------------------------------------------------------------------------
MODAL_TITLES = {"open": "Open a mediation case", "statement": "Your sealed statement",
                "propose": "Propose settlement terms", "counter": "Counter proposal #{n}",
                "bid": "Seal your bid (nobody else sees it)",
                "position": "Your final position (sealed)",
                "recommend": "Recommend settlement terms",
                "decide": "Decide the case (binding)"}
MODAL_SECONDS = 900  # an interaction token lives 15 minutes; submissions go by custom id anyway


def prefill(value: str | None, max_length: int) -> str | None:
    """A pre-filled value as its input takes it: Discord refuses the whole modal (400, code
    50035) when a default is longer than the input's `max_length`."""
    return value[:max_length] or None if value else None


def modal(show: ShowForm) -> discord.ui.Modal:
    """The modal for a form (laid out by `layout`); its custom id carries the case, and the
    first step of `open`."""
    form_id = show.form
    title = MODAL_TITLES[form_id.form].format(n=form_id.number)
    view = discord.ui.Modal(title=title[:LABEL_LIMIT], custom_id=form_id.encode(),
                            timeout=MODAL_SECONDS)
    for spec in layout.inputs(form_id.form):
        text_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id=spec.custom_id,
            style=discord.TextStyle.paragraph if spec.paragraph else discord.TextStyle.short,
            required=spec.required,
            max_length=spec.max_length,
            placeholder=spec.hint[:100] or None,
            default=prefill(show.prefill.get(spec.custom_id), spec.max_length),
        )
        # A label (Discord's current modal layout) carries the field's name.
        view.add_item(discord.ui.Label(text=spec.label[:LABEL_LIMIT], component=text_input))
    return view
