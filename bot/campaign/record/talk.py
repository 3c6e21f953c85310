"""What people write in a campaign's thread, journaled in the campaign's own record like a
case's thread: every message, every edit (each version) and every deletion (its content kept).
The payloads are a case's (`bot.domain.conversation`), so history, exports and their words are
the same; a campaign has one room, its thread.

Its parties (under any version) and the community's mediators write there; anyone else is
refused. An edit or a deletion seen on the platform (`observed`) is a fact to record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bot.campaign.record.state import CampaignState, party_in
from bot.domain import kinds
from bot.domain.commands import DeleteMessage, EditMessage, PostMessage
from bot.domain.errors import Refusal
from bot.domain.identity import Actor
from bot.domain.journal import Event, JournalEntry
from bot.domain.records import ThreadMessage
from bot.domain.text import MESSAGE_LIMIT, clean_text

THREAD = "thread"
Talk = PostMessage | EditMessage | DeleteMessage
TALK_KINDS = frozenset({kinds.MESSAGE_POSTED, kinds.MESSAGE_EDITED, kinds.MESSAGE_DELETED})


def talk(state: CampaignState, command: Talk, actor: Actor) -> list[Event]:
    """The entry a message, an edit or a deletion in the campaign's thread makes."""
    if command.room != THREAD:
        raise Refusal(f"Campaign {state.id} has one room, its thread.")
    observed = not isinstance(command, PostMessage) and command.observed
    if not observed and not actor.is_mediator and not any(
            party_in(v.terms, actor.user_id) for v in state.versions):
        raise Refusal(f"Only the parties to campaign {state.id} and the mediators here write "
                      "in its thread.")
    if isinstance(command, PostMessage):
        ref = command.ref or f"m{state.version + 1}"
        if ref in state.messages:
            raise Refusal(f"Message {ref} is already recorded.")
        said: dict[str, Any] = {"ref": ref, "room": THREAD, "text": _text(command.text)}
        if command.recovered:
            said["recovered"] = True
        return [Event(kinds.MESSAGE_POSTED, _markup(said, command.markup))]
    known = state.messages.get(command.ref)
    if not observed:
        if known is None or known.deleted:
            raise Refusal(f"There is no message {command.ref} in campaign {state.id}.")
        if known.author_id != actor.user_id:
            raise Refusal("You can only change your own messages.")
    if isinstance(command, DeleteMessage):
        return [Event(kinds.MESSAGE_DELETED, {"ref": command.ref, "room": THREAD})]
    version = (known.versions if known else 1) + 1
    said = {"ref": command.ref, "room": THREAD, "version": version,
            "text": _text(command.text)}
    return [Event(kinds.MESSAGE_EDITED, _markup(said, command.markup))]


def heard(state: CampaignState, entry: JournalEntry, p: Mapping[str, Any]) -> CampaignState:
    """The state after a message entry: which messages there are, by whom, how often edited,
    whether deleted (for the next edit or deletion)."""
    ref = p["ref"]
    known = state.messages.get(ref)
    if entry.kind == kinds.MESSAGE_POSTED:
        known = ThreadMessage(ref, entry.actor_id, THREAD)
    elif known is None and entry.kind == kinds.MESSAGE_EDITED:
        known = ThreadMessage(ref, entry.actor_id, THREAD, versions=0)
    if known is None:
        return state
    if entry.kind == kinds.MESSAGE_EDITED:
        known = known._replace(versions=p["version"])
    elif entry.kind == kinds.MESSAGE_DELETED:
        known = known._replace(deleted=True)
    return replace(state, messages={**state.messages, ref: known})


def _text(text: str) -> str:
    text = clean_text(text)
    if not text.strip():
        raise Refusal("An empty message has nothing to record.")
    if len(text) > MESSAGE_LIMIT:
        raise Refusal(f"That message is longer than {MESSAGE_LIMIT:,} characters: split it.")
    return text


def _markup(payload: dict[str, Any], markup: str | None) -> dict[str, Any]:
    """The platform's markup next to the text, only when it says more than the text."""
    if markup is not None and (cleaned := clean_text(markup)) != payload["text"]:
        payload["markup"] = cleaned
    return payload
