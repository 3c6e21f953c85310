"""Getting a case to a phase the way people would, for tests that start from there."""

from __future__ import annotations

from .workspace import Workspace

CASE = "MB-000001"
OPEN_FORM = {"counterpart": "UCLEO", "side": "brand", "title": "Reel late <!channel>",
             "category": "late_or_missing_deliverable", "amount": "1500", "currency": "EUR",
             "summary": "Paid half, ping <@UOTTO> & <!here>", "desired_outcome": "The reel"}


async def open_case(ws: Workspace) -> tuple[str, str]:
    """Ana opens a case against Cleo in C1; the card's (channel, ts)."""
    assert (await ws.command("UANA", "open")).status == 200
    reply = await ws.submit("UANA", OPEN_FORM)
    assert reply.status == 200 and not reply.text, reply.text
    return ws.thread_of(CASE)


async def joined(ws: Workspace) -> tuple[str, str]:
    thread = await open_case(ws)
    await ws.click("UCLEO", CASE, "join")
    return thread


async def negotiating(ws: Workspace) -> tuple[str, str]:
    """Both statements in; Ana's proposal #1 is open."""
    thread = await joined(ws)
    await ws.command("UANA", f'statement {CASE} what_happened="Reel missing" wants="The reel"')
    await ws.command("UCLEO", f'statement {CASE} what_happened="Brief changed" wants="Fee" '
                              "position=dispute")
    await ws.command("UANA", f"propose {CASE} amount=1000 currency=EUR")
    return thread
