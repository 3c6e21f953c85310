"""Campaigns in Slack refuse bad input clearly and record nothing: a malformed agreement file
(each problem by field), a file too big (by what Slack says of it, or by what comes down), a
file that is not YAML or JSON, an outsider accepting, and a retried acceptance."""

from __future__ import annotations

import pytest

from storage.repository import SqlCaseStore

from . import campaign_flow
from .campaign_flow import AGREEMENT, CP, Clock, agreed, propose, version_hash
from .conftest import kinds
from .fake_slack import ServedFile
from .workspace import Workspace

app, clock, timed = campaign_flow.app, campaign_flow.clock, campaign_flow.timed


async def nothing_recorded(store: SqlCaseStore) -> None:
    assert await store.cases(kind="campaign", open_only=False) == []
    assert await store.entries(CP) == []


def refusals(ws: Workspace, user: str) -> str:
    return "\n".join(ws.fake.private_to(user))


async def test_a_malformed_agreement_is_refused_by_field_and_nothing_is_recorded(
        ws: Workspace, store: SqlCaseStore) -> None:
    broken = (AGREEMENT.replace(b"title: Spring Glow launch\n", b"")
              .replace(b"review_window: 48 hours", b"review_window: soon"))
    reply = await propose(ws, ws.fake, content=broken)
    assert reply.status == 200 and not reply.text  # the file is read after the ack
    said = refusals(ws, "UANA")
    assert "cannot be used; nothing was recorded" in said
    assert "title" in said and "approval.review_window" in said
    assert "Traceback" not in ws.fake.everything_sent()
    await nothing_recorded(store)
    assert not [c for c in ws.fake.posted() if "thread_ts" not in c]  # no card


async def test_a_file_bigger_than_the_cap_is_refused_on_the_modal_or_when_it_comes_down(
        ws: Workspace, store: SqlCaseStore) -> None:
    huge = AGREEMENT + b"#" * (300 * 1024)
    reply = await propose(ws, ws.fake, content=huge)
    assert reply.json() == {"response_action": "errors", "errors": {
        "agreement": "The agreement file is larger than 256 KiB."}}
    assert ws.fake.downloads == []
    # Slack said it was small; what came down was not.
    file = campaign_flow.user_file(ws.fake, "UANA", "F2", "campaign.yaml", huge)
    file["size"] = 1000
    await ws.command("UANA", "campaign propose")
    assert (await ws.submit("UANA", {"agreement": [file]})).status == 200
    assert "larger than" in refusals(ws, "UANA")
    await nothing_recorded(store)


@pytest.mark.parametrize("name, content", [("contract.pdf", b"%PDF-1.7 not an agreement"),
                                           ("agreement", b"title: x")])
async def test_a_file_that_is_not_yaml_or_json_is_refused_on_the_modal(
        ws: Workspace, store: SqlCaseStore, name: str, content: bytes) -> None:
    reply = await propose(ws, ws.fake, content=content, name=name)
    assert reply.json()["errors"]["agreement"].startswith("The agreement must be a YAML")
    await nothing_recorded(store)


async def test_binary_content_under_a_yaml_name_is_refused_by_the_core(
        ws: Workspace, store: SqlCaseStore) -> None:
    reply = await propose(ws, ws.fake, content=bytes(range(256)) * 4)
    assert reply.status == 200 and not reply.text
    assert "cannot be used; nothing was recorded" in refusals(ws, "UANA")
    await nothing_recorded(store)


async def test_a_sign_in_page_instead_of_the_file_is_refused(
        ws: Workspace, store: SqlCaseStore) -> None:
    file = campaign_flow.user_file(ws.fake, "UANA", "F3", "campaign.yaml", AGREEMENT)
    ws.fake.files["T1/F3/campaign.yaml"] = ServedFile(b"<html>sign in</html>", "text/html")
    await ws.command("UANA", "campaign propose")
    await ws.submit("UANA", {"agreement": [file]})
    assert "files:read" in refusals(ws, "UANA")
    await nothing_recorded(store)


async def test_an_outsider_cannot_accept_and_nothing_is_recorded(
        ws: Workspace, store: SqlCaseStore) -> None:
    await propose(ws, ws.fake)
    short = (await version_hash(store))[:12]
    await ws.command("UOTTO", f"campaign accept {short} {CP}")
    assert "Not done" in refusals(ws, "UOTTO")
    assert await kinds(store, CP) == ["agreement_proposed"]
    await ws.command("UOTTO", f"campaign status {CP}")
    assert "Only the parties" in refusals(ws, "UOTTO")


async def test_an_outsider_clicking_accept_or_a_forged_button_changes_nothing(
        ws: Workspace, store: SqlCaseStore) -> None:
    await propose(ws, ws.fake)
    assert (await campaign_flow.click_accept(ws, "UOTTO")).status == 200
    assert "Not done" in refusals(ws, "UOTTO")
    await campaign_flow.click_accept(ws, "UCLEO", value=f"{CP}:<!channel>")
    await campaign_flow.click_accept(ws, "UCLEO", value="MB-000001:1")
    assert await kinds(store, CP) == ["agreement_proposed"]
    assert refusals(ws, "UCLEO").count("names no campaign version") == 2
    assert "<!channel>" not in ws.fake.everything_sent()


async def test_a_retried_acceptance_is_recorded_once(ws: Workspace, store: SqlCaseStore) -> None:
    await propose(ws, ws.fake)
    short = (await version_hash(store))[:12]
    body = ws.command_body("UANA", f"campaign accept {short} {CP}")
    for _ in range(3):  # the same request (same trigger) delivered again
        assert (await ws.post(body, "application/x-www-form-urlencoded")).status == 200
    assert await kinds(store, CP) == ["agreement_proposed", "agreement_accepted"]
    accepted = [t for t in ws.fake.thread(*campaign_flow.campaign_card(ws)[:2])
                if "accepted version 1" in t]
    assert len(accepted) == 1


async def test_counter_needs_the_campaign_and_moves_after_agreement_need_its_id(
        ws: Workspace, store: SqlCaseStore, timed: Clock) -> None:
    await agreed(ws, ws.fake, store)
    opened = len(ws.fake.called("views.open"))
    await ws.command("UCLEO", "campaign counter")
    assert "Which campaign?" in refusals(ws, "UCLEO")
    assert len(ws.fake.called("views.open")) == opened
    await ws.command("UCLEO", "campaign draft d1 https://drive.example.com/d1.mp4")
    assert "Which campaign?" in refusals(ws, "UCLEO")
    await ws.command("UCLEO", f"campaign draft d9 https://drive.example.com/d9.mp4 {CP}")
    assert "'d9' is not one of the deliverables" in refusals(ws, "UCLEO")
    assert "draft_submitted" not in await kinds(store, CP)


async def test_a_proposal_submitted_twice_makes_one_campaign(
        ws: Workspace, store: SqlCaseStore) -> None:
    await ws.command("UANA", "campaign propose")
    view = ws.last_view()
    file = campaign_flow.user_file(ws.fake, "UANA", "F9", "campaign.yaml", AGREEMENT)
    payload = {"type": "view_submission", "team": {"id": "T1"}, "user": {"id": "UANA"},
               "api_app_id": "A1", "token": "x", "trigger_id": "9.trigger",
               "view": {**view, "id": "V77777", "team_id": "T1", "state": {"values": {
                   "agreement": {"file": {"type": "file_input", "files": [file]}}}}}}
    for _ in range(2):
        assert (await ws.interaction(payload)).status == 200
    assert [s.id for s in await store.cases(kind="campaign", open_only=False)] == [CP]
    cards = [c for c in ws.fake.posted() if c["channel"] == "C1" and "thread_ts" not in c]
    assert len(cards) == 1


async def test_a_typed_case_on_a_campaign_is_for_its_parties_and_items_need_a_campaign(
        ws: Workspace, store: SqlCaseStore, timed: Clock) -> None:
    await agreed(ws, ws.fake, store)
    line = ('open <@UANA> Late post items=d2,m1 category=non_payment summary="Late" '
            'desired_outcome="The fee"')
    await ws.command("UOTTO", f"{line} side=creator campaign={CP}")
    assert "You are not a party to campaign" in refusals(ws, "UOTTO")
    await ws.command("UCLEO", line + " side=creator")
    assert "`items` are a campaign's deliverables" in refusals(ws, "UCLEO")
    assert await store.cases(open_only=False) == []
    await ws.command("UCLEO", f"{line} campaign={CP}")  # the side comes from the campaign
    [case] = await store.cases(open_only=False)
    [opened] = await store.entries(case.id)
    assert [i["key"] for i in opened.payload["campaign"]["items"]] == ["d2", "m1"]
    assert opened.actor_id == "slack:T1:UCLEO"
