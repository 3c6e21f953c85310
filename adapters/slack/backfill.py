"""Recovering what Slack holds and the journal lacks.

A message can fall between Slack and the journal: posted while every worker was down (Slack
gives up retrying after a few minutes), or delivered to a worker that died before answering.
On start-up each open case's rooms are read back from Slack (`conversations.replies` for a case
thread, `conversations.history` for a caucus conversation), and every person's message the
journal does not have is journaled once, in the order it was posted, marked as recovered. Files
whose download a crash interrupted are fetched too. Running it twice, or beside live events,
journals nothing twice: a message is known by its channel and ts, whichever way it came.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import translate as t
from adapters.slack.in_flight import nobody
from adapters.slack.mediation import SlackMediation
from adapters.slack.rooms import is_retired
from bot.domain.commands import PostMessage
from bot.domain.errors import Refusal

log = logging.getLogger(__name__)

PAGE = 200  # messages asked for per call (Slack allows up to 1,000; it advises 200)


async def backfill(slack: SlackMediation) -> int:
    """Journal what the open cases' Slack rooms hold and the journal lacks; how many."""
    recovered = 0
    for summary in await slack.store.cases(open_only=True):
        if summary.community_id.partition(":")[0] != t.PLATFORM:
            continue
        for platform, ref, room in await slack.store.rooms_of(summary.id):
            if platform != t.PLATFORM or is_retired(room):
                continue
            try:
                recovered += await _recover_room(slack, summary.id, ref, room)
            except SlackApiError as problem:  # e.g. the bot was removed from the channel
                log.warning("could not read a room back from Slack: %s",
                            problem.response.get("error"), extra={"case_id": summary.id})
    if recovered:
        log.info("recovered %d messages from Slack's history", recovered)
    return recovered


async def _recover_room(slack: SlackMediation, case_id: str, ref: str, room: str) -> int:
    team, channel, *thread = ref.split(":")
    client = await slack.client_for(team)
    if client is None:
        return 0
    known = (await slack.service.case(case_id)).messages
    recovered = 0
    for message in await posted(client, channel, thread[0] if thread else None):
        change = t.checked(t.message_change({**message, "channel": channel}))
        if not isinstance(change, t.Written):
            continue
        missing = t.message_ref(channel, change.ts) not in known
        if not (missing or change.files):
            continue  # journaled, with nothing to fetch
        source = t.event_source(team, f"recovered:{channel}:{change.ts}")
        ctx = await slack.context(client, team, change.user, case_id=case_id, room=room,
                                  source=source)
        names = await slack.directory.names(client, team, t.mentioned(change))
        command = t.room_command(change, room, names, recovered=True)
        if missing and isinstance(command, PostMessage) and command.text.strip():
            try:
                outcome = await slack.service.act(ctx, case_id, command)
                recovered += 0 if outcome.duplicate else 1
            except Refusal as refusal:  # e.g. delivered live a moment ago
                log.info("not recovered: %s", refusal.message, extra={"case_id": case_id})
        for shared in change.files:  # each is fetched only if its evidence is missing
            await slack.evidence(client, team, ctx, case_id, shared, t.said(change, names),
                                 nobody)
    return recovered


async def posted(client: AsyncWebClient, channel: str,
                 thread_ts: str | None) -> list[Mapping[str, Any]]:
    """Every message of a thread (or of a conversation's top level), oldest first."""
    messages: list[Mapping[str, Any]] = []
    cursor = ""
    while True:
        if thread_ts is None:
            answer = await client.conversations_history(channel=channel, limit=PAGE,
                                                        cursor=cursor or None)
        else:
            answer = await client.conversations_replies(channel=channel, ts=thread_ts,
                                                        limit=PAGE, cursor=cursor or None)
        messages += [m for m in answer.get("messages") or () if isinstance(m, Mapping)]
        metadata = answer.get("response_metadata") or {}
        cursor = metadata.get("next_cursor") if isinstance(metadata, Mapping) else ""
        if not cursor or not answer.get("has_more", True):
            break
    return sorted(messages, key=_posted_at)


def _posted_at(message: Mapping[str, Any]) -> tuple[int, int]:
    """A message's ts as numbers (`1700000000.000123`), for ordering without float rounding."""
    seconds, _, fraction = str(message.get("ts", "")).partition(".")
    return (int(seconds), int(fraction)) if seconds.isdigit() and fraction.isdigit() else (0, 0)
