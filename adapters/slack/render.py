"""Core replies and cases → Slack text and Block Kit. Pure: no I/O.

Everything the bot posts in mrkdwn goes through `escape` exactly once: user text may contain
`<!channel>` or `<@U123>`, and Slack turns those into pings unless `&`, `<` and `>` are
escaped. The journal holds text as people typed it (`markup` undoes Slack's escaping on the
way in), so escaping here once is what makes a typed `&` show as `&`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from adapters.slack.modals import FORM_CALLBACK, FormMeta
from adapters.slack.translate import action_id, action_value
from bot.domain.case import Case
from bot.domain.clock import format_time
from bot.domain.identity import Role
from bot.domain.phases import Phase
from bot.domain.rules import phase_words, possible_now
from bot.input.forms import Field, Form
from bot.text.case import CLOSED_WORDS
from bot.text.phrases import terms_words, when
from bot.text.status import waiting_for

SECTION_LIMIT = 3000  # characters in a section's text
MESSAGE_LIMIT = 39_000  # chat.postMessage text (Slack truncates at 40,000)
MODAL_TITLES = {"open": "Open a case", "statement": "Your statement",
                "propose": "Propose terms", "counter": "Counter proposal",
                "bid": "Seal your bid", "position": "Your final position",
                "recommend": "Recommend terms", "decide": "Decide the case"}
MAX_PROPOSAL_ROWS = 3  # open proposals with their own buttons on the card

Block = dict[str, Any]


def escape(text: str) -> str:
    """Text safe for Slack's mrkdwn: no mentions, no links, no `<!channel>`."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def message_text(text: str) -> str:
    """A core reply (plain text) as the body of a Slack message."""
    return clip(escape(text), MESSAGE_LIMIT)


def refusal_text(message: str) -> str:
    return message_text(f"Not done: {message}")


def plain(text: str, limit: int = 75) -> dict[str, Any]:
    # plain_text is never parsed for mentions; only the bot's own words go here.
    return {"type": "plain_text", "text": clip(text, limit), "emoji": False}


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": clip(text, SECTION_LIMIT)}


def section(escaped: str) -> Block:
    return {"type": "section", "text": _mrkdwn(escaped)}


def button(label: str, subcommand: str, case_id: str, number: int | None = None,
           style: str | None = None) -> Block:
    element: Block = {"type": "button", "text": plain(label),
                      # unique within its block: each proposal has a block of its own
                      "action_id": action_id(subcommand),
                      "value": action_value(case_id, number)}
    if style:
        element["style"] = style
    return element


def bid_round_blocks(text: str, case_id: str) -> list[Block]:
    """A thread message that opens a round of blind bidding, with the button that opens the
    bid modal (the same as `/mediate bid`: each click is checked; the bid stays private)."""
    return [section(message_text(text)),
            {"type": "actions", "block_id": "bid",
             "elements": [button("Seal my bid", "bid", case_id, style="primary")]}]


# -- the case card -------------------------------------------------------------------------------
def _party_buttons(case: Case) -> list[Block]:
    possible = set(possible_now(case.phase, Role.CLAIMANT)) | set(
        possible_now(case.phase, Role.RESPONDENT))
    cid = case.id
    buttons: list[Block] = []
    if "join" in possible:
        buttons += [button("Join", "join", cid, style="primary"),
                    button("Decline", "decline", cid, style="danger")]
    if "statement" in possible:
        buttons.append(button("Submit statement", "statement", cid, style="primary"))
    if "propose" in possible:
        buttons.append(button("Propose", "propose", cid))
    if "sign" in possible:
        buttons.append(button("Sign", "sign", cid, style="primary"))
    if "mediator" in possible and not case.mediation_requested:
        buttons.append(button("Ask for a mediator", "mediator", cid))
    if case.mediation_requested and case.mediator is None and case.is_open:
        buttons.append(button("Take (mediators)", "take", cid))
    buttons.append(button("Status", "status", cid))
    return buttons


def _proposal_rows(case: Case, now: datetime) -> list[Block]:
    if case.phase is not Phase.NEGOTIATION:
        return []
    open_ones = [p for p in case.proposals.values() if p.is_open_at(now)][-MAX_PROPOSAL_ROWS:]
    rows: list[Block] = []
    for proposal in open_ones:
        n = proposal.number
        by = case.party(proposal.by).name
        rows.append(section(escape(f"*Proposal #{n}* by {by}: {terms_words(proposal.terms)} "
                                   f"(open until {when(format_time(proposal.expires_at))})")))
        rows.append({"type": "actions", "block_id": f"proposal:{n}", "elements": [
            button(f"Accept #{n}", "accept", case.id, n, "primary"),
            button(f"Reject #{n}", "reject", case.id, n, "danger"),
            button(f"Counter #{n}", "counter", case.id, n)]})
    return rows


def case_card(case: Case, now: datetime) -> list[Block]:
    """The case card in the channel: phase, parties, what it waits for, next deadline, and
    buttons for the next moves (each person's click is checked; refusals are private)."""
    phase = phase_words(case.phase)
    if case.closed_reason is not None:
        phase = CLOSED_WORDS[case.closed_reason]
    lines = [f"*Case {case.id}: {case.title}*",
             f"Phase: {phase}",
             f"Parties: {case.claimant.name} ({case.claimant.kind}, opened the case) and "
             f"{case.respondent.name} ({case.respondent.kind})"]
    amount = case.details.get("amount")
    if amount:
        lines.append(f"In dispute: {amount} {case.details.get('currency', '')}".rstrip())
    if case.mediator:
        lines.append(f"Mediator: {case.mediator.name}")
    waiting = waiting_for(case, now)
    if waiting:
        lines.append("Waiting for: " + "; ".join(waiting))
    if case.deadlines:
        key, due = min(case.deadlines.items(), key=lambda item: item[1])
        lines.append(f"Next deadline: {when(format_time(due))} ({key})")
    blocks: list[Block] = [section(escape("\n".join(lines)))]
    if case.is_open:
        blocks += _proposal_rows(case, now)
        blocks.append({"type": "actions", "block_id": "moves",
                       "elements": _party_buttons(case)[:25]})
        blocks.append({"type": "context", "elements": [_mrkdwn(
            "Talk in this card's thread: everything written there is journaled.")]})
    return blocks


def card_text(case: Case) -> str:
    """The notification text of the card (what a phone shows)."""
    return escape(f"Mediation case {case.id}: {case.title} ({phase_words(case.phase)})")


# -- modals --------------------------------------------------------------------------------------
def _element(spec: Field, prefill: str) -> Block:
    if spec.kind == "choice":
        options = [{"text": plain(choice.replace("_", " ")), "value": choice}
                   for choice in spec.choices]
        element: Block = {"type": "static_select", "action_id": "value", "options": options}
        if prefill in spec.choices:
            element["initial_option"] = next(o for o in options if o["value"] == prefill)
        return element
    if spec.name == "counterpart":
        element = {"type": "users_select", "action_id": "value"}
        if prefill.startswith("<@") and prefill.endswith(">"):
            element["initial_user"] = prefill[2:-1].split("|")[0]
        return element
    element = {"type": "plain_text_input", "action_id": "value",
               "multiline": spec.kind == "text", "max_length": spec.max_length}
    if prefill:
        element["initial_value"] = prefill[: spec.max_length]
    if spec.hint:
        element["placeholder"] = plain(spec.hint, 150)
    return element


def form_view(form: Form, meta: FormMeta, prefill: dict[str, str] | None = None,
              heading: str = "") -> Block:
    """A modal for one of the core's forms: one input per field, block_id = field name, so
    `validate`'s errors map straight onto `response_action: errors`."""
    prefill = prefill or {}
    blocks: list[Block] = []
    intro = form.title + (f"\n{heading}" if heading else "")
    blocks.append(section(escape(intro)))
    for spec in form.fields:
        blocks.append({"type": "input", "block_id": spec.name, "optional": not spec.required,
                       "label": plain(spec.label, 2000),
                       "element": _element(spec, prefill.get(spec.name, ""))})
    return {"type": "modal", "callback_id": FORM_CALLBACK, "private_metadata": meta.to_json(),
            "title": plain(MODAL_TITLES.get(meta.form, "Mediation"), 24),
            "submit": plain("Submit", 24), "close": plain("Cancel", 24), "blocks": blocks}


def form_errors(errors: dict[str, str], form: Form) -> dict[str, str]:
    """`FormInvalid.errors` for the ack; problems with no input of their own go on the first."""
    names = [f.name for f in form.fields]
    shown: dict[str, str] = {}
    for name, problem in errors.items():
        target = name if name in names else names[0]
        shown[target] = clip((shown.get(target, "") + " " + problem).strip(), 150)
    return shown


# -- App Home ------------------------------------------------------------------------------------
def home_view(cases: Sequence[tuple[Case, list[str]]], queue: Iterable[Case] = (),
              campaigns: Sequence[Block] = (), guidelines: str = "") -> Block:
    """The App Home tab: the viewer's open cases and what each waits for, then the blocks of
    their campaigns (`campaign_render.campaign_home_blocks`); for mediators, the cases asking
    for one; last, the community's guidelines and the viewer's standing."""
    blocks: list[Block] = [{"type": "header", "text": plain("Your mediation cases", 150)}]
    if not cases:
        blocks.append(section("You have no open cases. Open one with `/mediate open` in a "
                              "channel you share with the other side."))
    for case, waiting in cases:
        lines = [f"*{case.id}: {case.title}*", f"Phase: {phase_words(case.phase)}",
                 "Waiting for: " + ("; ".join(waiting) or "nothing")]
        blocks.append(section(escape("\n".join(lines))))
    blocks += campaigns
    queue = list(queue)
    if queue:
        blocks.append({"type": "header", "text": plain("Asking for a mediator", 150)})
        for case in queue:
            blocks.append(section(escape(f"*{case.id}: {case.title}*")))
            blocks.append({"type": "actions", "elements": [button("Take", "take", case.id)]})
    if guidelines:
        blocks = blocks[:97]
        standing, _, rules = guidelines.partition("\n")  # the standing never cut off
        blocks.append({"type": "header", "text": plain("Community guidelines", 150)})
        blocks.append(section(escape(standing)))
        if rules:
            blocks.append(section(escape(rules)))
    return {"type": "home", "blocks": blocks[:100]}
