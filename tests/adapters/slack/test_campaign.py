"""A campaign over the real Bolt app and the fake Slack, only through what people do in Slack:
the brand proposes it with the agreement file in a modal, both accept it by hash, its card and
thread appear, drafts go in, time passes (a review window closes in silence, a payment falls
overdue, a post goes live late), and the creator opens a case on it that settles on the
outcome the agreement computes."""

from __future__ import annotations

from adapters.slack.app import SlackApp
from adapters.wiring import App
from storage.repository import SqlCaseStore

from . import campaign_flow
from .campaign_flow import CP, Clock, campaign_card, propose, version_hash
from .conftest import kinds
from .fake_slack import FakeSlack
from .workspace import Workspace

CASE = "MB-000001"
D1 = "https://drive.example.com/glow/d1-draft.mp4"
D2 = "https://drive.example.com/glow/d2-draft.mp4"

# The campaign fixtures: the service on the test's clock, with campaign ids in order.
app, clock, timed = campaign_flow.app, campaign_flow.clock, campaign_flow.timed


async def fire(app: App, slack_app: SlackApp) -> None:
    """Every deadline due by now fires, and the outbox is delivered."""
    assert await app.service.fire_due() > 0
    await slack_app.slack.courier.deliver_due()


async def test_a_campaign_from_its_file_to_a_settled_case_on_it(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore, app: App, slack_app: SlackApp,
        timed: Clock) -> None:
    # The brand proposes from a channel: a modal with a file input.
    assert (await ws.command("UANA", "campaign propose")).status == 200
    [block] = [b for b in ws.last_view()["blocks"] if b["type"] == "input"]
    assert block["element"] == {"type": "file_input", "action_id": "file",
                                "filetypes": ["yaml", "yml", "json"], "max_files": 1}
    reply = await propose(ws, fake)
    assert reply.status == 200 and not reply.text
    assert [d.authorization for d in fake.downloads] == ["Bearer xoxb-test"]
    full = await version_hash(store)
    channel, ts, card = campaign_card(ws)
    assert channel == "C1" and f"Campaign {CP}: Spring Glow launch" in card
    assert f"hash {full}" in card and "Phase: proposed" in card
    assert "Ana (Glow Skincare) (brand)" in card and "Cleo Okafor (creator)" in card
    thread = (channel, ts)
    assert f"accept {full}" in fake.thread(*thread)[0]
    assert any(f"accept {full}" in text for text in fake.direct_to("UCLEO"))

    # Both accept by hash: typed with the campaign's id, or with the card's button.
    await ws.command("UANA", f"campaign accept {full[:12]} {CP}")
    _, _, card = campaign_card(ws)
    assert "awaiting acceptance by Cleo Okafor" in card and f"{CP}:{full}" in card
    assert (await campaign_flow.click_accept(ws, "UCLEO")).status == 200
    assert (await kinds(store, CP))[:4] == [
        "agreement_proposed", "agreement_accepted", "agreement_accepted", "agreement_agreed"]
    _, _, card = campaign_card(ws)
    assert "Phase: agreed" in card and f"In force: version 1, hash {full}" in card
    assert any("is agreed and in force" in text for text in fake.thread(*thread))

    # What people write in the campaign's thread is journaled in the campaign's chain.
    await ws.say("UCLEO", "Drafts by Thursday <!channel>", thread, event_id="EvTalk")
    entry = (await store.entries(CP))[-1]
    assert (entry.kind, entry.actor_id) == ("message_posted", "slack:T1:UCLEO")
    assert entry.payload == {"ref": f"C1:{entry.payload['ref'].split(':')[1]}",
                             "room": "thread", "text": "Drafts by Thursday @channel",
                             "markup": "Drafts by Thursday <!channel>"}
    assert entry.source == "slack:T1:EvTalk"
    assert "<!channel>" not in str(fake.called("chat.update"))

    # Drafts go in; Ana approves d1 and lets d2's review window pass.
    await ws.command("UCLEO", f"campaign draft d1 {D1} {CP}")
    await ws.command("UCLEO", f"campaign draft d2 {D2} {CP}")
    await ws.command("UANA", f"campaign approve d1 {CP}")
    _, _, before = campaign_card(ws)
    timed.advance(days=3)
    await fire(app, slack_app)
    said = "\n".join(fake.thread(*thread))
    assert "draft approved by silence" in said
    assert "Overdue in campaign" in said and "milestone m1" in said
    assert any("m1" in text and "overdue" in text for text in fake.direct_to("UANA"))
    [auto] = [e for e in await store.entries(CP) if e.kind == "draft_auto_approved"]
    assert auto.actor_id == "system"
    _, _, card = campaign_card(ws)  # the timers' notices updated the card too
    assert card != before and "the payment of milestone m1" in before
    assert "the payment of milestone m1" not in card  # noticed overdue: no longer timed
    await ws.command("UCLEO", f"campaign live d1 https://www.instagram.com/reel/GLOW1/ {CP} "
                              'caption="Week one with the Glow serum #ad @glowskincare"')
    timed.advance(days=5)
    await fire(app, slack_app)
    await ws.command("UCLEO", f"campaign live d2 https://www.tiktok.com/@cleo/video/7001 {CP} "
                              'caption="Glow serum, honest review #ad #GlowPartner"')
    _, _, card = campaign_card(ws)
    assert "m2" in card  # the card shows what the campaign waits for now

    # The App Home lists the campaign next to the cases.
    await ws.event({"type": "app_home_opened", "user": "UANA", "tab": "home"})
    home = str(fake.called("views.publish")[-1]["view"])
    assert f"{CP} Spring Glow launch" in home and "milestone m2" in home

    # The creator opens a case on the campaign, items d2 and m1, with the open modal.
    await ws.command("UCLEO", "open")
    fields = {b["block_id"] for b in ws.last_view()["blocks"] if b["type"] == "input"}
    assert {"campaign", "items"} <= fields
    reply = await ws.submit("UCLEO", {
        "counterpart": "UANA", "side": "creator", "title": "Late TikTok and unpaid deposit",
        "campaign": CP, "items": "d2, m1", "category": "non_payment",
        "summary": "The deposit due on signing was never paid.",
        "desired_outcome": "The fee as the agreement computes it."})
    assert reply.status == 200 and not reply.text, reply.text
    case_thread = ws.thread_of(CASE)
    opening = fake.thread(*case_thread)[0]
    assert f"version 1 (hash {full})" in opening and "2 days late" in opening
    assert "Computed outcome" in opening and "In dispute: d2, m1." in opening

    await ws.click("UANA", CASE, "join")
    await ws.command("UANA", f'statement {CASE} what_happened="Late by two days." '
                             'wants="The fee less the reduction." position=partly_admit')
    await ws.command("UCLEO", f'statement {CASE} what_happened="The deposit never came." '
                              'wants="The fee as computed."')
    assert (await ws.command("UCLEO", f"propose {CASE} computed")).status == 200
    [made] = [e for e in await store.entries(CASE) if e.kind == "proposal_made"]
    assert made.payload["terms"]["amount"] == "1800.00"
    assert f"hash {full}" in made.payload["terms"]["terms"]
    await ws.click("UANA", CASE, "accept", 1)
    await ws.click("UANA", CASE, "sign")
    await ws.command("UCLEO", f"sign {CASE}")
    entries = await store.entries(CASE)
    assert (entries[-1].kind, entries[-1].payload["reason"]) == ("case_closed", "settled")
    assert "settled: both sides signed" in "\n".join(fake.thread(*case_thread))


async def test_an_amendment_from_a_file_updates_the_card_and_is_accepted_by_hash(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore, timed: Clock) -> None:
    thread = await campaign_flow.agreed(ws, fake, store)
    await ws.command("UANA", f"campaign amend {CP}")
    view = ws.last_view()
    assert f"Campaign {CP}: Spring Glow launch" in str(view["blocks"][0])
    amended = campaign_flow.AGREEMENT.replace(b"edit_rounds: 1", b"edit_rounds: 2")
    file = campaign_flow.user_file(fake, "UANA", "F2", "amended.yaml", amended)
    assert (await ws.submit("UANA", {"agreement": [file]})).status == 200
    [amend] = [e for e in await store.entries(CP) if e.kind == "agreement_amended"]
    new = str(amend.payload["hash"])
    _, _, card = campaign_card(ws)
    assert f"Under discussion: version 2, hash {new}" in card
    assert "awaiting acceptance by Ana (Glow Skincare), Cleo Okafor" in card
    for user in ("UANA", "UCLEO"):
        await ws.command(user, f"campaign accept {new[:12]} {CP}")
    _, _, card = campaign_card(ws)
    assert f"In force: version 2, hash {new}" in card and "Under discussion" not in card
    assert "mb:campaign_accept" not in card
    assert any("version 2" in text for text in fake.thread(*thread))
