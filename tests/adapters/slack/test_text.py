"""What people write in Slack reaches the journal as they typed it, and comes back escaped once.

Slack sends a typed `&`, `<` and `>` in message events as `&amp;`, `&lt;` and `&gt;`, and uses
`<…>` only for its markup (mentions, channels, links, broadcasts). The journal holds the text
as people read it, with Slack's markup next to it when there is some; whatever the bot posts
escapes it once more, for Slack, and no more.
"""

from __future__ import annotations

import json

from adapters.slack.app import SlackApp
from adapters.slack.backfill import backfill
from adapters.slack.markup import mentioned_users, readable, unescape
from storage.repository import SqlCaseStore

from .fake_slack import FakeSlack
from .flows import CASE, joined
from .workspace import Workspace

TYPED = "Offer: 1100 EUR & a repost <by Friday>"
AS_SLACK_SENDS = "Offer: 1100 EUR &amp; a repost &lt;by Friday&gt;"


async def last_message(store: SqlCaseStore) -> dict:
    said = [e.payload for e in await store.entries(CASE) if e.kind.startswith("message_")]
    return said[-1]


def test_slack_escaping_is_undone_once() -> None:
    assert unescape(AS_SLACK_SENDS) == TYPED
    assert unescape("&amp;amp; &amp;lt;") == "&amp; &lt;"  # what was typed as `&amp; &lt;`
    assert readable("a &lt;@U1&gt; b") == "a <@U1> b"  # typed, not a mention


def test_markup_is_shown_as_slack_shows_it() -> None:
    names = {"UCLEO": "Cleo"}
    assert readable("<@UCLEO> <@UX|old> <#C1|deals> <#C2>", names) == "@Cleo @old #deals #C2"
    assert readable("<!here> <!channel|channel> <!everyone>") == "@here @channel @everyone"
    assert readable("<!subteam^S1|@brand-team> <!subteam^S2>") == "@brand-team @S2"
    assert readable("<!date^1392734382^{date}|Feb 18, 2014>") == "Feb 18, 2014"
    assert readable("<http://ex.com|ex.com> <mailto:a@b.co|a@b.co> <https://x.io>") == (
        "ex.com a@b.co https://x.io"
    )
    assert readable("<https://x.io/?a=1&amp;b=2|the brief &amp; terms>") == (
        "the brief & terms (https://x.io/?a=1&b=2)"
    )
    assert mentioned_users("<@U1> &lt;@U2&gt; <@U1> <#C1>") == ["U1"]


async def test_a_typed_ampersand_and_angle_brackets_are_journaled_as_typed(
    ws: Workspace, fake: FakeSlack, store: SqlCaseStore
) -> None:
    thread = await joined(ws)
    event = await ws.say("UANA", AS_SLACK_SENDS, thread)
    assert await last_message(store) == {
        "ref": f"C1:{event['ts']}",
        "room": "thread",
        "text": TYPED,
    }

    await ws.command("UCLEO", f"history {CASE}")
    history = fake.private_to("UCLEO")[-1]
    assert AS_SLACK_SENDS in history  # escaped once for Slack: it shows what Ana typed
    assert "&amp;amp;" not in history and "&amp;lt;" not in history

    await ws.command("UCLEO", f"export {CASE} json")
    [export] = fake.shared_in("DUCLEO")
    assert export.content is not None
    texts = [e["payload"].get("text") for e in json.loads(export.content)["entries"]]
    assert TYPED in texts


async def test_an_edit_is_journaled_as_typed(ws: Workspace, store: SqlCaseStore) -> None:
    thread = await joined(ws)
    posted = await ws.say("UANA", "draft", thread)
    original = {k: posted[k] for k in ("user", "text", "ts", "thread_ts")}
    await ws.event(
        {
            "type": "message",
            "subtype": "message_changed",
            "channel": "C1",
            "hidden": True,
            "ts": "1700002000.000001",
            "message": {**original, "text": AS_SLACK_SENDS},
            "previous_message": original,
        }
    )
    said = await last_message(store)
    assert (said["version"], said["text"]) == (2, TYPED)


async def test_mentions_links_and_channels_stay_meaningful_and_typed_markup_stays_text(
    ws: Workspace, fake: FakeSlack, store: SqlCaseStore
) -> None:
    thread = await joined(ws)
    markup = (
        "Ask <@UCLEO> in <#C2|deals>, see <https://ex.com/b?a=1&amp;b=2|the brief> "
        "<!here>; I typed &lt;@UOTTO&gt; &amp; &lt;!channel&gt;"
    )
    await ws.say("UANA", markup, thread)
    said = await last_message(store)
    assert said["text"] == (
        "Ask @Cleo in #deals, see the brief (https://ex.com/b?a=1&b=2) "
        "@here; I typed <@UOTTO> & <!channel>"
    )
    assert said["markup"] == markup  # who was meant, by id, as Slack said it

    await ws.command("UCLEO", f"history {CASE}")
    history = fake.private_to("UCLEO")[-1]
    assert "I typed &lt;@UOTTO&gt; &amp; &lt;!channel&gt;" in history
    sent = fake.everything_sent()
    for live in ("<@UOTTO>", "<!channel>", "<!here>", "<@UCLEO>"):
        assert live not in sent


async def test_a_message_recovered_from_slacks_history_is_journaled_as_typed(
    ws: Workspace, fake: FakeSlack, slack_app: SlackApp, store: SqlCaseStore
) -> None:
    thread = await joined(ws)
    missed = ws.message("UANA", f"{AS_SLACK_SENDS}, <@UCLEO>", thread, ts="1700002000.000001")
    fake.said(thread[0], missed)  # in Slack's history; its event never came

    assert await backfill(slack_app.slack) == 1
    said = await last_message(store)
    assert said["recovered"] and said["text"] == f"{TYPED}, @Cleo"
    assert said["markup"] == f"{AS_SLACK_SENDS}, <@UCLEO>"
