"""A mediated case built in memory with the domain alone, for export tests.

Ana (brand) and Cleo (creator) state, argue, edit and delete, add a screenshot as evidence;
Mo mediates with a private caucus for each side and a note; a counter-offer is accepted and
signed. Each private remark carries a marker string a test can look for in an export.
"""

from __future__ import annotations

import hashlib
import struct
import zlib

from bot.domain.commands import (
    Accept,
    AddEvidence,
    Caucus,
    Counter,
    DeleteMessage,
    EditMessage,
    Join,
    Note,
    PostMessage,
    Propose,
    RequestMediator,
    Sign,
    SubmitStatement,
)
from tests.domain.session import ANA, CLEO, MO, Session

BRAND_SECRET = "BRAND-CAUCUS-SECRET: we could go to 1,700"
CREATOR_SECRET = "CREATOR-CAUCUS-SECRET: I would take 1,600"
NOTE_SECRET = "MEDIATOR-NOTE-SECRET: zone of agreement 1,600-1,700"
BRAND_STATEMENT = {"what_happened": "BRAND-SEALED: the video came a week late.",
                   "wants": "A fee of EUR 1,400", "amount": "1400", "currency": "EUR"}
CREATOR_STATEMENT = {"what_happened": "CREATOR-SEALED: the product shipped late.",
                     "wants": "The full fee", "position": "dispute"}


def png(width: int = 8, height: int = 6, rgb: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    """A real, tiny PNG of one colour."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


SCREENSHOT = png()
SCREENSHOT_SHA = hashlib.sha256(SCREENSHOT).hexdigest()


def evidence_reader(sha256: str) -> bytes | None:
    return SCREENSHOT if sha256 == SCREENSHOT_SHA else None


def opened_with_brand_statement() -> Session:
    """Up to the brand's sealed statement: the creator's is not in yet."""
    s = Session()
    s.opened()
    s.do(CLEO, Join())
    s.do(ANA, SubmitStatement(BRAND_STATEMENT))
    return s


def story(messages: tuple[str, ...] = ()) -> Session:
    """The whole mediation; `messages` are extra thread messages from Ana (hostile ones)."""
    s = opened_with_brand_statement()
    s.do(CLEO, SubmitStatement(CREATOR_STATEMENT))
    ref = s.do(ANA, PostMessage("The video went live on 10 March."))[0].payload["ref"]
    s.do(ANA, EditMessage(ref, "The video went live on 10 March, a week late."))
    gone = s.do(CLEO, PostMessage("That is not what happened!!"))[0].payload["ref"]
    s.do(CLEO, DeleteMessage(gone))
    for text in messages:
        s.do(ANA, PostMessage(text))
    s.do(ANA, AddEvidence(SCREENSHOT_SHA, len(SCREENSHOT), "image/png", "live-date.png",
                          "Screenshot of the publish date"))
    s.do(CLEO, RequestMediator("We are stuck on the amount."))
    s.mediated(MO)
    s.do(MO, Caucus(CLEO.user_id))
    s.do(MO, PostMessage("Cleo, what would you accept?", room="caucus:creator"))
    s.do(CLEO, PostMessage(CREATOR_SECRET, room="caucus:creator"))
    s.do(MO, Caucus(ANA.user_id))
    s.do(ANA, PostMessage(BRAND_SECRET, room="caucus:brand"))
    s.do(MO, Note(NOTE_SECRET))
    s.do(ANA, Propose({"amount": "1400", "currency": "EUR", "terms": "Paid in 7 days"}))
    s.do(CLEO, Counter(1, {"amount": "1650", "currency": "EUR", "terms": "Paid in 7 days"}))
    s.do(ANA, Accept(2))
    s.do(ANA, Sign())
    s.do(CLEO, Sign())
    return s
