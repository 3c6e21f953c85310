"""The guidelines on Slack, through the real Bolt app and the fake Slack: a report reaches
the mediators by direct message, a mediator strikes under a rule from the queue, the member
is told privately what happened and how to appeal, the reporter only that it was acted on,
and user text is escaped once everywhere."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from adapters.slack.campaign_render import RULEBOOK, AgreementMeta, agreement_view
from adapters.slack.render import home_view
from adapters.slack.translate import actor_id, community_id
from bot.guidelines import kinds as guideline_kinds
from bot.guidelines.commands import Member
from bot.guidelines.record import guidelines_id
from bot.guidelines.rulebook import (
    Detection,
    GuidelineRule,
    Ladder,
    Rulebook,
    RuleSide,
    Step,
    StepKind,
)
from bot.text.standing import home_words
from storage.repository import SqlCaseStore
from tests.service.test_guidelines import CUSTOM

from .campaign_flow import user_file
from .conftest import kinds
from .fake_slack import TEAM, FakeSlack
from .workspace import Workspace

HOSTILE = "<!channel> & <@UOTTO>"


async def test_a_report_becomes_a_strike_and_each_side_hears_its_part(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore) -> None:
    record = guidelines_id(community_id(TEAM))
    assert (await ws.command("UANA", f"report <@UCLEO> No reply for two weeks {HOSTILE}")
            ).status == 200
    assert any("R1" in text and "moderators" in text for text in fake.private_to("UANA"))
    [queued] = [t for t in fake.direct_to("UMO") if "Report R1" in t]
    assert "from Ana about Cleo" in queued
    assert "&lt;!channel&gt; &amp; &lt;@UOTTO&gt;" in queued and "<!channel>" not in queued
    assert (await ws.command("UMO", "reports")).status == 200
    assert any("R1" in t for t in fake.private_to("UMO"))
    assert (await ws.command("UCLEO", "reports R1 dismiss nothing to see")).status == 200
    assert any("mediators" in t for t in fake.private_to("UCLEO"))
    await ws.command("UMO", "reports R1 strike ghosting two weeks of silence")
    assert await kinds(store, record) == [
        guideline_kinds.GUIDELINES_STARTED, guideline_kinds.RULEBOOK_ADOPTED,
        guideline_kinds.REPORT_MADE, guideline_kinds.REPORT_TRIAGED,
        guideline_kinds.PENALTY_APPLIED]
    [told] = [t for t in fake.direct_to("UCLEO") if "No reply at all" in t]
    assert "suspension from new campaigns for 90 days" in told
    assert "standing appeal I1" in told and "Ana" not in told
    [outcome] = [t for t in fake.direct_to("UANA") if "R1" in t]
    assert "acted on" in outcome and "suspension" not in outcome
    await ws.command("UCLEO", "standing")
    assert any("Active strikes: 1" in t for t in fake.private_to("UCLEO"))
    await ws.command("UOTTO", "standing <@UCLEO>")
    assert any("for them and the mediators" in t for t in fake.private_to("UOTTO"))
    assert actor_id(TEAM, "UCLEO") in {e.payload["member"]["user_id"]
                                        for e in await store.entries(record)
                                        if e.kind == guideline_kinds.PENALTY_APPLIED}


async def test_the_app_home_shows_the_rulebook_and_the_member_s_standing(
        ws: Workspace, fake: FakeSlack) -> None:
    await ws.command("UMO", "penalize <@UCLEO> abusive_conduct seen insults in #collab")
    await ws.event({"type": "app_home_opened", "user": "UCLEO", "tab": "home"})
    home = json.dumps(fake.called("views.publish")[-1]["view"], ensure_ascii=False)
    assert "Community guidelines" in home and "Rulebook version 1" in home
    assert "Content not delivered" in home and "Abusive conduct" in home
    assert "Your standing: 1 active strike; suspended from new campaigns until" in home


async def test_a_mediator_sets_the_rulebook_with_the_modal_s_file(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore) -> None:
    assert (await ws.command("UCLEO", "rules set")).status == 200
    assert any("Only the community's mediators" in t for t in fake.private_to("UCLEO"))
    assert (await ws.command("UMO", "rules set")).status == 200
    assert ws.last_view()["title"]["text"] == "Set the rulebook"
    bad = await ws.submit("UMO", {"agreement": [user_file(fake, "UMO", "F9", "rules.yaml",
                                                         b"version: 3\nrules: []\n")]})
    assert bad.status == 200
    assert any("cannot be adopted" in t for t in fake.private_to("UMO"))
    assert await store.entries(guidelines_id(community_id(TEAM))) == []
    await ws.command("UMO", "rules set")
    await ws.submit("UMO", {"agreement": [user_file(fake, "UMO", "F10", "rules.yaml",
                                                    CUSTOM.encode())]})
    assert any("version 2 is in force" in t for t in fake.private_to("UMO"))
    await ws.command("UCLEO", "rules")
    assert any("Missed the mediation call" in t for t in fake.private_to("UCLEO"))


async def test_a_forged_rulebook_form_from_a_member_fetches_nothing(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore) -> None:
    """A view_submission made up by a member (the modal's metadata says `rules`): refused
    before the bot downloads anything with its token."""
    view = agreement_view(AgreementMeta(RULEBOOK, None, None))
    reply = await ws.submit("UCLEO", {"agreement": [user_file(
        fake, "UCLEO", "F77", "rules.yaml", CUSTOM.encode())]}, view=view)
    assert reply.status == 200
    assert fake.downloads == []
    told = fake.private_to("UCLEO") + fake.direct_to("UCLEO")
    assert any("Only the community's mediators" in t for t in told), told
    assert await store.entries(guidelines_id(community_id(TEAM))) == []


def test_the_home_keeps_the_standing_whole_under_a_large_rulebook() -> None:
    ladder = Ladder("l", (Step(StepKind.WARNING),), 90, 90)
    rules = tuple(GuidelineRule(f"r{i}", RuleSide.CREATOR, f"{'T' * 100} & <{i:03d}>",
                                frozenset({Detection.REPORT}), ("the messages",), 0, 1, "l")
                  for i in range(100))
    words = home_words(Rulebook(2, rules, (ladder,)), None, Member("slack:T1:U1", "Cleo"),
                       datetime.now(UTC))
    view = home_view([], (), (), words)
    sections = [b["text"]["text"] for b in view["blocks"] if b["type"] == "section"]
    assert sections[-2] == "Your standing: 0 active strikes."
    assert len(sections[-1]) <= 3000 and "more (`/mediate rules`)" in sections[-1]
    assert "&amp; &lt;000&gt;" in sections[-1] and not sections[-1].endswith("&am")


async def test_a_report_with_a_file_through_the_modal(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore) -> None:
    assert (await ws.command("UANA", "report")).status == 200
    assert ws.last_view()["title"]["text"] == "Report to the moderators"
    missing = await ws.submit("UANA", {"member": "UCLEO", "what": "  "})
    assert missing.json()["errors"] == {"what": "Say what happened."}
    assert (await ws.command("UANA", "report")).status == 200
    shot = b"\x89PNG\r\n\x1a\n the repost"
    mine = await ws.submit("UANA", {"member": "UANA", "what": "me", "file": [user_file(
        fake, "UANA", "F20", "self.png", shot, "image/png")]})
    assert mine.status == 200 and fake.downloads == []  # refused before any fetch
    assert any("yourself" in t for t in fake.private_to("UANA") + fake.direct_to("UANA"))
    assert (await ws.command("UANA", "report")).status == 200
    await ws.submit("UANA", {"member": "UCLEO", "what": f"Reposted my photo {HOSTILE}",
                             "file": [user_file(fake, "UANA", "F21", "repost.png", shot,
                                                "image/png")]})
    record = guidelines_id(community_id(TEAM))
    [made] = [e for e in await store.entries(record) if e.kind == guideline_kinds.REPORT_MADE]
    assert made.payload["file"]["filename"] == "repost.png"
    assert made.payload["member"]["user_id"] == actor_id(TEAM, "UCLEO")
    [queued] = [t for t in fake.direct_to("UMO") if "Report R1" in t]
    assert "File: repost.png" in queued and "&lt;!channel&gt;" in queued
    await ws.command("UMO", "reports R1 file")
    [sent] = fake.shared_in("DUMO")
    assert sent.filename == "repost.png" and sent.content == shot
