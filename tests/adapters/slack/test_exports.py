"""`/mediate export` in Slack: the file, made for the person who asked, arrives in their direct
messages (an ephemeral answer cannot carry one); when Slack will not take it, they are told why
and how an operator can make it, and nothing is posted anywhere else."""

from __future__ import annotations

import io
import json

from bot.exports import check_bundle
from bot.exports.document_check import check_document

from .fake_slack import FakeSlack
from .flows import CASE, open_case
from .workspace import Workspace


async def test_an_export_arrives_in_the_askers_direct_messages(
        ws: Workspace, fake: FakeSlack) -> None:
    await open_case(ws)
    await ws.click("UCLEO", CASE, "join")
    await ws.command("UANA", f'statement {CASE} what_happened="Reel missing" wants="The reel"')

    await ws.command("UANA", f"export {CASE} json")
    [sent] = fake.shared_in("DUANA")
    assert CASE in sent.filename and sent.filename.endswith(".json")
    assert sent.content is not None and len(sent.content) == sent.length
    document = json.loads(sent.content)
    assert document["case"]["id"] == CASE
    assert check_document(document) is None  # its chain holds, offline
    assert "Reel missing" in sent.content.decode()  # Ana's own sealed statement: hers to see
    assert "History of case" in (sent.comment or "")
    assert any("Sent to you in a direct message" in t for t in fake.private_to("UANA"))
    assert [u.channel for u in fake.uploads.values()] == ["DUANA"]  # nowhere else

    # Cleo's export is made for Cleo: Ana's statement is still sealed from her.
    await ws.command("UCLEO", f"export {CASE} bundle")
    [bundle] = fake.shared_in("DUCLEO")
    assert bundle.filename.endswith(".zip") and bundle.content is not None
    report = check_bundle(io.BytesIO(bundle.content))
    assert report.ok, report.problem
    assert report.redacted >= 1
    assert b"Reel missing" not in bundle.content


async def test_without_the_upload_scope_the_asker_is_told_why_and_what_to_do(
        ws: Workspace, fake: FakeSlack) -> None:
    await open_case(ws)
    fake.fail("files.getUploadURLExternal", status=200, error="missing_scope")
    await ws.command("UANA", f"export {CASE} html")
    told = "\n".join(fake.private_to("UANA"))
    assert "could not send you the file" in told and "files:write" in told
    assert f"mediator export {CASE}" in told
    assert not [u for u in fake.uploads.values() if u.channel]


async def test_an_upload_that_slack_refuses_leaves_nothing_shared(
        ws: Workspace, fake: FakeSlack) -> None:
    await open_case(ws)
    fake.fail("files.completeUploadExternal", status=200, error="invalid_channel")
    await ws.command("UANA", f"export {CASE} json")
    told = "\n".join(fake.private_to("UANA"))
    assert "could not send you the file: Slack answered invalid_channel" in told
    assert not [u for u in fake.uploads.values() if u.channel]
