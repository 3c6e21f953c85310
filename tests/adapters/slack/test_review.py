"""When talking fails, on Slack, through the real Bolt app and the fake Slack: the briefing a
mediator gets on taking a case (a modal, never the thread), a hand-off to another mediator
(briefed by DM; the caucus moves with the case), the review's forms (final position,
recommendation, decision) as modals, and user text escaped once in all of it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from adapters.slack.briefing import briefing_blocks, section_text
from adapters.slack.settings import SlackSettings
from storage.repository import SqlCaseStore

from .conftest import kinds
from .fake_slack import FakeSlack, ServedFile
from .flows import CASE, negotiating
from .workspace import SECRET, Workspace

Json = dict[str, Any]
HOSTILE = "<!channel> & <@UOTTO>"


@pytest.fixture
def slack_settings(fake: FakeSlack) -> SlackSettings:
    fake.users["UNEW"] = "Nell"
    return SlackSettings(bot_token="xoxb-test", signing_secret=SECRET, api_url=fake.api_url,
                         file_hosts=(fake.origin,), mediators=("UMO", "UNEW"))


async def asking_for_a_mediator(ws: Workspace, fake: FakeSlack) -> tuple[str, str]:
    """Negotiating, with a file as evidence; then Cleo asks for a mediator."""
    thread = await negotiating(ws)
    fake.files["T1/F1/brief.pdf"] = ServedFile(b"%PDF-1.7 the brief", "application/pdf")
    url = f"{fake.origin}/files/T1/F1/brief.pdf"
    files = [{"id": "F1", "name": "brief.pdf", "mimetype": "application/pdf",
              "url_private": url, "url_private_download": url, "size": 18}]
    await ws.event(ws.message("UANA", "the brief", thread, subtype="file_share", files=files))
    await ws.command("UCLEO", f"mediator {CASE} We are stuck on the amount")
    return thread


def view_text(view: Json) -> str:
    return json.dumps(view["blocks"], ensure_ascii=False)


def briefing_views(fake: FakeSlack) -> list[Json]:
    views = [c.params["view"] for c in fake.calls if c.method == "views.open" and c.ok]
    views = [json.loads(v) if isinstance(v, str) else v for v in views]
    return [v for v in views if v["title"]["text"].startswith("Briefing")]


def seen_in_thread(fake: FakeSlack, thread: tuple[str, str]) -> str:
    channel, ts = thread
    return json.dumps([p for p in fake.posted() if p.get("channel") == channel
                       and p.get("thread_ts") == ts], ensure_ascii=False)


async def test_taking_a_case_opens_the_briefing_for_the_mediator_alone(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore) -> None:
    thread = await asking_for_a_mediator(ws, fake)
    assert (await ws.command("UMO", f"take {CASE}")).status == 200
    [view] = briefing_views(fake)
    assert view["type"] == "modal" and view["title"]["text"] == f"Briefing: {CASE}"
    assert len(view["title"]["text"]) <= 24 and "submit" not in view
    sections = [b["text"]["text"] for b in view["blocks"] if b["type"] == "section"]
    assert sections[0].startswith(f"Briefing on case {CASE}: Reel late &lt;!channel&gt;")
    headings = [s.split("\n", 1)[0] for s in sections[1:]]
    assert headings == ["*Each side*", "*Evidence*", "*Offers so far*", "*Deadlines*"]
    shown = view_text(view)
    # The claim (escaped once), both statements, the evidence, the offer and the deadlines.
    assert "Paid half, ping &lt;@UOTTO&gt; &amp; &lt;!here&gt;" in shown
    assert "Reel missing" in shown and "Brief changed" in shown
    assert "Answer to the claim: dispute" in shown  # the respondent's, not the claimant's
    assert "Answer to the claim: claim" not in shown
    assert "E1 brief.pdf" in shown
    assert "P1 by Ana: amount 1000.00 EUR [open]" in sections[3]
    assert "proposal:1: " in sections[4] and "evidence: " in sections[4]
    assert all(len(s) <= 3000 for s in sections) and len(view["blocks"]) <= 100
    assert "briefing_given" in await kinds(store, CASE)
    # Nothing of the briefing in the thread, nor anywhere else but the modal.
    assert "Briefing on case" not in seen_in_thread(fake, thread)
    sent = [c.params for c in fake.calls if c.method != "views.open"]
    assert "Briefing on case" not in json.dumps(sent + [b for _, b in fake.responses])


async def test_without_a_trigger_the_briefing_comes_by_direct_message(
        ws: Workspace, fake: FakeSlack) -> None:
    await asking_for_a_mediator(ws, fake)
    fake.fail("views.open", status=200, error="expired_trigger_id")
    await ws.command("UMO", f"take {CASE}")
    assert not briefing_views(fake)
    [briefing] = [t for t in fake.direct_to("UMO") if t.startswith("Briefing on case")]
    assert "Paid half, ping &lt;@UOTTO&gt; &amp; &lt;!here&gt;" in briefing


def caucus_said(fake: FakeSlack, channel: str) -> list[str]:
    return [p["text"] for p in fake.posted() if p.get("channel") == channel]


async def test_a_hand_off_briefs_the_new_mediator_privately_and_moves_the_caucus(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore) -> None:
    thread = await asking_for_a_mediator(ws, fake)
    await ws.command("UMO", f"take {CASE}")
    await ws.command("UMO", f"caucus {CASE} <@UCLEO|cleo>")
    old, new = "GUCLEOUMO", "GUCLEOUNEW"
    assert any("private caucus" in t for t in caucus_said(fake, old))
    opened = len(briefing_views(fake))

    reply = await ws.command("UMO", f"handoff {CASE} <@UNEW|nell> conflict of interest "
                                    f"{HOSTILE}")
    assert reply.status == 200
    said = fake.thread(*thread)[-1]
    assert said == (f"Mo handed case {CASE} to Nell, who mediates it from now on. Reason: "
                    "conflict of interest &lt;!channel&gt; &amp; &lt;@UOTTO&gt;")
    # Nell did not act: her briefing comes by direct message, no modal; nothing in the thread.
    assert len(briefing_views(fake)) == opened
    [briefing] = [t for t in fake.direct_to("UNEW") if t.startswith("Briefing on case")]
    assert "Brief changed" in briefing and "E1 brief.pdf" in briefing
    assert "&lt;@UOTTO&gt; &amp; &lt;!here&gt;" in briefing
    assert "Briefing on case" not in seen_in_thread(fake, thread)
    assert (await kinds(store, CASE))[-2:] == ["mediator_handed_off", "briefing_given"]

    # Mo has stepped aside: refused, in private.
    await ws.command("UMO", f"note {CASE} still here")
    assert "stepped aside" in fake.private_to("UMO")[-1]

    # The caucus moved: a new group DM of Nell and Cleo; the old one is retired, told so.
    groups = [p["users"] for p in fake.called("conversations.open") if "," in p["users"]]
    assert sorted(groups[-1].split(",")) == ["UCLEO", "UNEW"]
    assert "no longer the creator side's caucus" in caucus_said(fake, old)[-1]
    assert "with Nell, who mediates the case now" in caucus_said(fake, new)[-1]
    count = len(await store.entries(CASE))
    await ws.say("UCLEO", "only for the old mediator", (old, ""))
    assert len(await store.entries(CASE)) == count  # not journaled any more
    await ws.say("UCLEO", "for Nell", (new, ""))
    entry = (await store.entries(CASE))[-1]
    assert (entry.kind, entry.visibility, entry.payload["room"]) == (
        "message_posted", "side:creator", "caucus:creator")
    # Nell mediates: typed in her caucus, a command needs no case id.
    await ws.command("UNEW", "note Nell has it", channel=new)
    assert (await kinds(store, CASE))[-1] == "mediator_note"


async def test_after_an_appeal_the_caucus_waits_for_the_next_mediator(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore) -> None:
    await ws.command("UMO", "config decisions=binding")
    await asking_for_a_mediator(ws, fake)
    await ws.command("UMO", f"take {CASE}")
    await ws.command("UMO", f"caucus {CASE} <@UCLEO|cleo>")
    await ws.command("UMO", f"review {CASE}")
    await ws.command("UANA", f'position {CASE} position="In full" amount=1500 currency=EUR')
    await ws.command("UCLEO", f'position {CASE} position="Half" amount=750 currency=EUR')
    await ws.command("UMO", f'recommend {CASE} amount=1200 currency=EUR reasons="Shared" '
                            "cites=P1")
    await ws.command("UANA", f"recommendation {CASE} reject too low")
    await ws.command("UMO", f"decide {CASE} recommended")
    await ws.command("UCLEO", f"appeal {CASE} The approval log shows the brief changed")
    assert "appeal_lodged" in await kinds(store, CASE)
    # Mo stepped aside: the caucus is retired until another mediator takes the case.
    assert "when another mediator takes the case" in caucus_said(fake, "GUCLEOUMO")[-1]
    count = len(await store.entries(CASE))
    await ws.say("UCLEO", "anyone?", ("GUCLEOUMO", ""))
    assert len(await store.entries(CASE)) == count
    # Nell takes it from the card's button: briefed in a modal; the caucus is hers now.
    await ws.click("UNEW", CASE, "take")
    [*_, view] = briefing_views(fake)
    assert "Decision #1 by Mo: amount 1200.00 EUR [appealed]" in view_text(view)
    assert "with Nell, who mediates the case now" in caucus_said(fake, "GUCLEOUNEW")[-1]
    await ws.say("UCLEO", "the log is attached", ("GUCLEOUNEW", ""))
    assert (await store.entries(CASE))[-1].payload["room"] == "caucus:creator"


def initial_values(view: Json) -> Json:
    return {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"]
            if b["type"] == "input" and b["element"].get("initial_value")}


async def test_positions_recommendation_and_decision_are_modals(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore) -> None:
    await ws.command("UMO", "config decisions=binding")
    thread = await asking_for_a_mediator(ws, fake)
    await ws.command("UMO", f"take {CASE}")
    await ws.command("UMO", f"review {CASE}")
    for user, position, amount in (("UANA", "The fee in full", "1500"),
                                   ("UCLEO", "Half, for the delay", "750")):
        await ws.command(user, f"position {CASE}")
        view = ws.last_view()
        assert json.loads(view["private_metadata"])["f"] == "position"
        assert view["title"]["text"] == "Your final position"
        reply = await ws.submit(user, {"position": position, "amount": amount,
                                       "currency": "EUR"})
        assert reply.status == 200 and not reply.text, reply.text
    assert (await kinds(store, CASE)).count("position_submitted") == 2

    await ws.command("UMO", f"recommend {CASE}")
    view = ws.last_view()
    names = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    assert names == ["amount", "currency", "deliverables", "dates", "terms", "followup",
                     "followup_due", "reasons", "cites"]
    assert len(view["blocks"]) <= 100
    reply = await ws.submit("UMO", {"amount": "1200", "currency": "EUR",
                                    "reasons": f"The delay was shared {HOSTILE}",
                                    "cites": "P1, E1"})
    assert reply.status == 200 and not reply.text, reply.text
    recommended = [t for t in fake.thread(*thread) if "1200.00 EUR" in t]
    assert recommended, fake.thread(*thread)[-3:]
    assert "The delay was shared &lt;!channel&gt; &amp; &lt;@UOTTO&gt;" in recommended[-1]

    await ws.command("UANA", f"recommendation {CASE} reject too low")
    await ws.command("UMO", f"decide {CASE}")
    view = ws.last_view()
    assert json.loads(view["private_metadata"])["f"] == "decide"
    prefilled = initial_values(view)
    assert prefilled["amount"] == "1200.00" and prefilled["currency"] == "EUR"
    assert prefilled["reasons"] == f"The delay was shared {HOSTILE}"  # plain text: not parsed
    assert prefilled["cites"] == "P1, E1"
    reply = await ws.submit("UMO", {**prefilled, "amount": "1100"})
    assert reply.status == 200 and not reply.text, reply.text
    assert "decision_made" in await kinds(store, CASE)
    assert any("1100.00 EUR" in t for t in fake.thread(*thread))


async def test_hostile_text_is_escaped_in_everything_posted(
        ws: Workspace, fake: FakeSlack) -> None:
    thread = await asking_for_a_mediator(ws, fake)
    await ws.command("UMO", f"take {CASE}")
    await ws.command("UMO", f"handoff {CASE} <@UNEW|nell> {HOSTILE}")
    texts = [p.get("text", "") for p in fake.posted()] + fake.private_to("UMO")
    texts += [json.dumps(v["blocks"]) for v in briefing_views(fake)]
    assert any("&lt;!channel&gt; &amp; &lt;@UOTTO&gt;" in t for t in fake.thread(*thread))
    for text in texts:
        assert "<!channel>" not in text and "<@UOTTO>" not in text and "<!here>" not in text
        assert "&amp;lt;" not in text  # escaped once, not twice


def test_a_long_briefing_is_cut_cleanly_to_slacks_limits() -> None:
    lines = [f"  E{n} evidence <@U{n}> & more {'x' * 40}" for n in range(200)]
    text = section_text("Evidence", lines, CASE)
    assert len(text) <= 3000 and text.startswith("*Evidence*\n")
    kept, note = text.rsplit("\n", 1)
    assert note == f"… (cut to fit Slack: `/mediate export {CASE}` has everything)"
    assert kept.split("\n")[-1] in [line.replace("&", "&amp;").replace("<", "&lt;")
                                     .replace(">", "&gt;") for line in lines]  # a whole line
    assert "<@U1>" not in text and "&lt;@U1&gt; &amp; more" in text
    one_long = section_text("Each side", ["&" * 5000], CASE)
    assert len(one_long) <= 3000 and one_long.endswith("has everything)")
    assert "&amp;…\n" in one_long  # cut between entities, never inside one
    blocks = briefing_blocks(["head"], [(f"Part {n}", ["a line"]) for n in range(150)], CASE)
    assert len(blocks) == 100 and blocks[-1]["type"] == "context"
    assert blocks[-1]["elements"][0]["text"].startswith("52 more parts")
    assert len(briefing_blocks(["head"], [("Part", ["x"])] * 99, CASE)) == 100
