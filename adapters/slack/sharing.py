"""Which of the two events that announce a shared file turns it into evidence.

Slack announces a file shared in a conversation twice: a `message` (subtype `file_share`) whose
text is the uploader's comment, and a `file_shared` event with nothing but ids. They arrive in
either order, often at once. The message is the one to use, since only it carries the comment:
so `file_shared` gives the message a while to arrive (`SLACK_FILE_WAIT_SECONDS`) and steps back
when it does; only when no message comes does it fetch the file itself. Each file is fetched
under a lock of its own, and the journal is read again inside it, so one process downloads
and journals a file once whichever event comes first.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

REMEMBERED = 1000  # files whose turn is kept; far more than are shared at once


@dataclass
class _Turn:
    message_came: asyncio.Event = field(default_factory=asyncio.Event)
    fetching: asyncio.Lock = field(default_factory=asyncio.Lock)


class FileTurns:
    """Per file (its evidence source): whether its message came, and the lock for fetching."""

    def __init__(self, wait_seconds: float) -> None:
        self.wait_seconds = wait_seconds
        self._turns: OrderedDict[str, _Turn] = OrderedDict()

    def _turn(self, key: str) -> _Turn:
        turn = self._turns.pop(key, None) or _Turn()
        self._turns[key] = turn  # most recent last
        while len(self._turns) > REMEMBERED:
            self._turns.popitem(last=False)
        return turn

    def message_came(self, key: str) -> None:
        """The `file_share` message for this file is here: a `file_shared` event waiting for it
        steps back."""
        self._turn(key).message_came.set()

    async def wait_for_message(self, key: str) -> bool:
        """Wait (at most `wait_seconds`) for the file's message; whether it came."""
        came = self._turn(key).message_came
        if came.is_set():
            return True
        try:
            await asyncio.wait_for(came.wait(), self.wait_seconds)
        except TimeoutError:
            return False
        return True

    def fetching(self, key: str) -> asyncio.Lock:
        """Held while the file is checked against the journal, fetched and journaled."""
        return self._turn(key).fetching


def initial_comment(info: Mapping[str, Any]) -> str:
    """The comment `files.info` gives for a file shared with one (older uploads), else ""."""
    comment = info.get("initial_comment")
    text = comment.get("comment") if isinstance(comment, Mapping) else None
    return text if isinstance(text, str) else ""
