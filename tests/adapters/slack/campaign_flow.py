"""A campaign agreed in Slack the way people would do it, for the campaign tests: the brand
proposes it with the agreement file (examples/console/files/campaign.yaml, its parties as this
workspace's Ana and Cleo), both accept it by its hash. Time is a clock the test moves."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from adapters.slack.app import SlackApp
from adapters.wiring import App
from bot.service.mediation import MediationService
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore

from .conftest import CaseIds
from .fake_slack import TEAM, FakeSlack, ServedFile
from .workspace import Reply, Workspace

ROOT = Path(__file__).resolve().parents[3]
CP = "CP-000001"
# The console example's agreement, its parties named by Slack user id: Ana is the brand,
# Cleo the creator.
AGREEMENT = ((ROOT / "examples/console/files/campaign.yaml").read_text()
             .replace('"@Ana"', '"@UANA"').replace('"@Ben"', '"@UCLEO"')
             .replace("name: Ben Okafor", "name: Cleo Okafor").encode())


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime(2026, 5, 4, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class CampaignIds:
    """Campaign ids in order: CP-000001, CP-000002, …"""

    def __init__(self) -> None:
        self.issued = 0

    def __call__(self) -> str:
        self.issued += 1
        return f"CP-{self.issued:06d}"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(store: SqlCaseStore, evidence_store: FileEvidenceStore, clock: Clock) -> App:
    service = MediationService(store, evidence_store, clock=clock, new_case_id=CaseIds(),
                               new_campaign_id=CampaignIds())
    return App(service, store, evidence_store)


@pytest.fixture
def timed(slack_app: SlackApp, clock: Clock) -> Clock:
    """The Slack side on the test's clock too: cards, App Home and the outbox courier."""
    slack = slack_app.slack
    slack.clock = slack.delivery.clock = slack.courier.clock = clock
    return clock


def user_file(fake: FakeSlack, user: str, file_id: str, name: str, content: bytes,
              content_type: str = "text/plain") -> dict[str, Any]:
    """A file `user` uploaded in a modal's `file_input` (shared in no conversation): served
    by the fake for download, and the object Slack puts in the view_submission's
    `state.values.<block>.<action>.files`."""
    path = f"{TEAM}/{file_id}/{name}"
    fake.files[path] = ServedFile(content, content_type)
    url = f"{fake.origin}/files/{path}"
    kind = name.rsplit(".", 1)[-1]
    return {"id": file_id, "created": 1700000000, "timestamp": 1700000000, "name": name,
            "title": name, "mimetype": content_type, "filetype": kind,
            "pretty_type": kind.upper(), "user": user, "user_team": TEAM, "editable": False,
            "size": len(content), "mode": "hosted", "is_external": False, "external_type": "",
            "is_public": False, "public_url_shared": False, "display_as_bot": False,
            "username": "", "url_private": url, "url_private_download": url,
            "permalink": f"https://acme.slack.com/files/{user}/{file_id}/{name}",
            "has_rich_preview": False, "file_access": "visible"}


async def propose(ws: Workspace, fake: FakeSlack, user: str = "UANA",
                  content: bytes = AGREEMENT, name: str = "campaign.yaml",
                  file_id: str = "F1", **kw: Any) -> Reply:
    """`user` types `/mediate campaign propose` and attaches the file in the modal."""
    assert (await ws.command(user, "campaign propose")).status == 200
    return await ws.submit(user, {"agreement": [user_file(fake, user, file_id, name, content)]},
                           **kw)


def campaign_card(ws: Workspace, campaign_id: str = CP) -> tuple[str, str, str]:
    """(channel, ts, text of the blocks) of a campaign's card as last posted or updated."""
    posted = [c for c in ws.fake.calls if c.method == "chat.postMessage"
              and "thread_ts" not in c.params
              and f"Campaign {campaign_id}:" in json.dumps(c.params.get("blocks", []))]
    assert posted, f"no card for {campaign_id}"
    channel, ts = posted[-1].params["channel"], posted[-1].answer["ts"]
    blocks = posted[-1].params["blocks"]
    for update in ws.fake.called("chat.update"):
        if update.get("channel") == channel and update.get("ts") == ts:
            blocks = update["blocks"]
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    return channel, ts, json.dumps(blocks, ensure_ascii=False)


async def version_hash(store: SqlCaseStore, campaign_id: str = CP) -> str:
    [proposed] = [e for e in await store.entries(campaign_id)
                  if e.kind == "agreement_proposed"]
    return str(proposed.payload["hash"])


async def agreed(ws: Workspace, fake: FakeSlack, store: SqlCaseStore) -> tuple[str, str]:
    """Ana proposes the campaign, both accept it; the campaign's thread."""
    reply = await propose(ws, fake)
    assert reply.status == 200 and not reply.text, reply.text
    short = (await version_hash(store))[:12]
    await ws.command("UANA", f"campaign accept {short} {CP}")
    await ws.command("UCLEO", f"campaign accept {CP} {short}")
    channel, ts, _ = campaign_card(ws)
    return channel, ts


async def click_accept(ws: Workspace, user: str, campaign_id: str = CP,
                       value: str | None = None) -> Reply:
    """`user` clicks "Accept version N" on the campaign card (`value`: a forged one)."""
    channel, ts, blocks = campaign_card(ws, campaign_id)
    [button] = [e for b in json.loads(blocks) if b["type"] == "actions"
                for e in b["elements"] if e["action_id"] == "mb:campaign_accept"]
    return await ws.interaction({
        "type": "block_actions", "team": {"id": "T1", "domain": "acme"},
        "user": {"id": user, "team_id": "T1"}, "api_app_id": "A1", "token": "x",
        "trigger_id": f"{user}.{ts}.trigger",
        "container": {"type": "message", "message_ts": ts, "channel_id": channel},
        "channel": {"id": channel}, "message": {"ts": ts},
        "actions": [{**button, "value": value or button["value"], "block_id": "agreement",
                     "action_ts": "1"}]})
