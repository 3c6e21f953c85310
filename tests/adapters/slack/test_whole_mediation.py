"""A whole mediation in a shared Slack channel, only through what people do in Slack: signed
slash commands, card buttons, modal submissions and thread messages, over real HTTP."""

from __future__ import annotations

from adapters.slack.app import SlackApp
from bot.text.witness import MILESTONES, record_fingerprint
from storage.repository import SqlCaseStore

from .conftest import kinds
from .fake_slack import FakeSlack
from .flows import CASE, open_case
from .workspace import Workspace


async def test_a_whole_mediation_from_open_to_signed_agreement(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore, slack_app: SlackApp) -> None:
    thread = await open_case(ws)
    assert await kinds(store, CASE) == ["case_opened"]
    assert "opened by Ana" in fake.thread(*thread)[0]
    assert any("opened mediation case" in t for t in fake.direct_to("UCLEO"))

    await ws.click("UCLEO", CASE, "join")
    await ws.click("UANA", CASE, "statement")
    await ws.submit("UANA", {"what_happened": "Advance paid, reel missing", "wants": "The reel",
                             "amount": "1500", "currency": "EUR"})
    await ws.click("UCLEO", CASE, "statement")
    await ws.submit("UCLEO", {"what_happened": "Brief changed <!channel>", "wants": "Full fee",
                              "position": "dispute"})
    await ws.say("UCLEO", "Happy to talk <@UANA>", thread)
    await ws.click("UANA", CASE, "propose")
    await ws.submit("UANA", {"amount": "1000", "currency": "EUR", "terms": "Reel by Friday"})
    await ws.click("UCLEO", CASE, "accept", 1)
    await ws.command("UANA", f"sign {CASE}")
    await ws.click("UCLEO", CASE, "sign")

    assert await kinds(store, CASE) == [
        "case_opened", "case_joined", "statement_submitted", "statement_submitted",
        "statements_revealed", "message_posted", "proposal_made", "proposal_accepted",
        "agreement_drafted", "agreement_signed", "agreement_signed", "case_closed"]
    entries = await store.entries(CASE)
    assert entries[-1].payload["reason"] == "settled"
    assert entries[5].payload["ref"].startswith("C1:")
    assert entries[0].actor_id == "slack:T1:UANA"
    said = "\n".join(fake.thread(*thread))
    # Each milestone showed the thread the record's fingerprint at that entry.
    for entry in entries:
        line = (f"Record fingerprint at entry {entry.seq}: "
                f"{record_fingerprint(entry.hash)}")
        assert (line in said) is (entry.kind in MILESTONES), (entry.kind, line)
    assert "agreed to mediate" in said and "Proposal #1 by Ana" in said
    assert "settled: both sides signed" in said
    _, _, card = ws.card(CASE)
    assert "settled" in str(card) and not [b for b in card if b["type"] == "actions"]
    assert any("statement is recorded" in t for t in fake.private_to("UANA"))


async def test_user_text_is_inert_in_everything_the_bot_posts(
        ws: Workspace, fake: FakeSlack) -> None:
    thread = await open_case(ws)
    await ws.click("UCLEO", CASE, "join")
    await ws.say("UCLEO", "<!channel> look <@UANA>", thread)
    await ws.command("UCLEO", f"history {CASE}")
    sent = fake.everything_sent()
    assert "&lt;!channel&gt;" in sent  # the text was repeated, escaped
    assert "&lt;@UOTTO&gt;" in sent
    for live in ("<!channel>", "<!here>", "<@UOTTO>", "<@UANA>"):
        assert live not in sent


async def test_card_buttons_follow_the_phase(ws: Workspace) -> None:
    await open_case(ws)
    actions = {b["action_id"] for b in ws.buttons(CASE)}
    assert {"mb:join", "mb:decline", "mb:status"} <= actions
    assert "mb:sign" not in actions
    await ws.click("UCLEO", CASE, "join")
    actions = {b["action_id"] for b in ws.buttons(CASE)}
    assert "mb:statement" in actions and "mb:join" not in actions
