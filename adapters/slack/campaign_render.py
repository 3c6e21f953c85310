"""Campaigns → Slack Block Kit: the campaign card, the agreement-file modal, and the App Home
lines. Pure: no I/O. User text (titles, party names) goes through `render.escape` exactly once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from adapters.slack.render import Block, escape, plain, section
from adapters.slack.shapes import optional
from adapters.slack.translate import (
    CAMPAIGN_ACCEPT,
    Malformed,
    SharedFile,
    action_id,
    shared_file,
)
from bot.campaign.record.state import CampaignState, campaign_calendar
from bot.campaign.terms.agreement_file import LARGEST_FILE
from bot.input.campaign_requests import CAMPAIGN_ID, FILE_MOVES
from bot.input.forms import FormInvalid
from bot.text.campaign_agreement import awaited
from bot.text.campaign_status import campaign_list_line, campaign_phase, waiting_for

AGREEMENT_CALLBACK = "mb_agreement"
FILE_BLOCK = "agreement"  # the file_input's block_id: errors for the file go there
FILE_TYPES = ("yaml", "yml", "json")
SHOWN_WAITING = 6
RULEBOOK = "rules"  # the same modal asks a mediator for the community's rulebook file
MODAL_TITLES = {"propose": "Propose a campaign", "counter": "Counter the agreement",
                "amend": "Amend the agreement", RULEBOOK: "Set the rulebook"}


# -- the agreement-file modal --------------------------------------------------------------------
@dataclass(frozen=True)
class AgreementMeta:
    """What the agreement-file modal remembers: the move, the campaign (not for a proposal)
    and the channel it was asked from (where a new campaign's card goes)."""

    move: str
    campaign_id: str | None = None
    channel: str | None = None

    def to_json(self) -> str:
        data = {"m": self.move, "c": self.campaign_id, "ch": self.channel}
        return json.dumps({k: v for k, v in data.items() if v is not None},
                          separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: Any) -> AgreementMeta:
        try:
            data = json.loads(raw)
            meta = cls(data["m"], data.get("c"), data.get("ch"))
        except (TypeError, ValueError, KeyError):
            raise Malformed("the form's metadata is unreadable") from None
        if meta.move not in (*FILE_MOVES, RULEBOOK):
            raise Malformed(f"unknown agreement move {meta.move!r}")
        if meta.campaign_id is not None and not CAMPAIGN_ID.match(str(meta.campaign_id)):
            raise Malformed("the form names no campaign")
        if not optional("channel", meta.channel):
            raise Malformed("the form names no channel")
        return meta



def agreement_view(meta: AgreementMeta, heading: str = "") -> Block:
    """A modal asking for the agreement file (YAML or JSON, one file), or for the
    community's rulebook file."""
    intro = ("Attach the agreement file (YAML or JSON, as `mediator agreement` reads it). "
             "Parties named `@name` or `@U…` are looked up in this workspace; the version "
             "gets a hash that each party accepts by.")
    if meta.move == RULEBOOK:
        intro = ("Attach the rulebook file (YAML or JSON): `/mediate rules file` gives the one "
                 "in force; raise its `version`. It is in force once read.")
    if heading:
        intro = f"{heading}\n{intro}"
    return {"type": "modal", "callback_id": AGREEMENT_CALLBACK,
            "private_metadata": meta.to_json(),
            "title": plain(MODAL_TITLES[meta.move], 24),
            "submit": plain("Submit", 24), "close": plain("Cancel", 24),
            "blocks": [section(escape(intro)),
                       {"type": "input", "block_id": FILE_BLOCK,
                        "label": plain("Rulebook file" if meta.move == RULEBOOK
                                        else "Agreement file", 2000),
                        "element": {"type": "file_input", "action_id": "file",
                                    "filetypes": list(FILE_TYPES), "max_files": 1}}]}


def submitted_file(view: Mapping[str, Any]) -> SharedFile:
    """The file a submitted agreement modal carries (`state.values.<block>.<action>.files`).
    Raises FormInvalid (shown on the modal) for a missing file, another type or one too big,
    and Malformed when the payload does not have Slack's shape."""
    state = view.get("state")
    values = state.get("values") if isinstance(state, Mapping) else None
    block = values.get(FILE_BLOCK) if isinstance(values, Mapping) else None
    if not isinstance(block, Mapping):
        raise Malformed("the agreement form has no file input")
    files = [f for element in block.values() if isinstance(element, Mapping)
             for f in element.get("files") or [] if isinstance(f, Mapping)]
    if not files:
        raise FormInvalid({FILE_BLOCK: "Attach the agreement file."})
    if len(files) > 1:
        raise FormInvalid({FILE_BLOCK: "Attach one agreement file, not several."})
    shared = shared_file(files[0])
    if shared is None:
        raise Malformed("the attached file has no id or download address")
    if shared.name.rsplit(".", 1)[-1].lower() not in FILE_TYPES or "." not in shared.name:
        raise FormInvalid({FILE_BLOCK: "The agreement must be a YAML (.yaml, .yml) or JSON "
                                       "(.json) file."})
    if shared.size is not None and shared.size > LARGEST_FILE:
        raise FormInvalid({FILE_BLOCK: f"The agreement file is larger than "
                                       f"{LARGEST_FILE // 1024} KiB."})
    return shared


# -- the campaign card ---------------------------------------------------------------------------
def campaign_card(state: CampaignState, now: datetime) -> list[Block]:
    """The campaign card: title, id, the version in force or under discussion with its hash,
    the phase, the parties, and what the campaign waits for."""
    terms = state.current_terms
    lines = [f"*Campaign {state.id}: {state.title}*",
             f"Phase: {campaign_phase(state)}"]
    agreed, discussed = state.agreed_version, state.discussed_version
    if agreed is not None:
        lines.append(f"In force: version {agreed.number}, hash {agreed.hash}")
    if discussed is not None:
        still = ", ".join(awaited(state, discussed)) or "nobody"
        lines.append(f"Under discussion: version {discussed.number}, hash {discussed.hash} "
                     f"(awaiting acceptance by {still})")
    lines.append("Parties: " + "; ".join(f"{p.name} ({p.role.value})" for p in terms.parties))
    waiting = waiting_for(state, now, campaign_calendar(state))
    if waiting:
        lines.append("Waiting for:")
        lines += [f"• {line}" for line in waiting[:SHOWN_WAITING]]
        if len(waiting) > SHOWN_WAITING:
            lines.append(f"…and {len(waiting) - SHOWN_WAITING} more")
    blocks: list[Block] = [section(escape("\n".join(lines)))]
    if discussed is not None and not state.ended:
        # Each click is checked: only a party whose acceptance is awaited gets it recorded.
        blocks.append({"type": "actions", "block_id": "agreement", "elements": [{
            "type": "button", "text": plain(f"Accept version {discussed.number}", 75),
            "style": "primary", "action_id": action_id(CAMPAIGN_ACCEPT),
            "value": f"{state.id}:{discussed.hash}"}]})
    if not state.ended:
        hint = (f"Talk in this card's thread: everything written there is journaled. Moves: "
                f"`/mediate campaign <move> {state.id} …` (e.g. `accept <hash>`, `status`).")
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": escape(hint)}]})
    return blocks


def campaign_card_text(state: CampaignState) -> str:
    """The card's notification text (what a phone shows)."""
    return escape(f"Campaign {state.id}: {state.title} ({campaign_phase(state)})")


# -- App Home ------------------------------------------------------------------------------------
def campaign_home_blocks(campaigns: Sequence[tuple[CampaignState, list[str]]]) -> list[Block]:
    """The viewer's campaigns, each with its list line and its open items."""
    if not campaigns:
        return []
    blocks: list[Block] = [{"type": "header", "text": plain("Your campaigns", 150)}]
    for state, waiting in campaigns:
        lines = [f"*{campaign_list_line(state)}*"]
        lines += [f"• {line}" for line in waiting[:SHOWN_WAITING]] or ["• nothing timed"]
        blocks.append(section(escape("\n".join(lines))))
    return blocks
