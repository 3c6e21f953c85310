"""Posting outcomes and the outbox at the console: everyone shares the terminal, so replies
and notifications for anyone are printed with their audience, and exports are written to a
folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from adapters.console.render import render
from adapters.console.translate import PLATFORM
from adapters.outbox import Courier
from bot.exchange import Outcome, Reply
from bot.ports import Outbox, OutboxMessage


class Delivery:
    """Prints outcomes; delivers the console's outbox as soon as a line has been handled."""

    def __init__(self, store: Outbox, out: Callable[[str], None], export_dir: Path) -> None:
        self.out = out
        self.export_dir = export_dir
        self.courier = Courier(store, PLATFORM, self._notice)

    def show(self, outcome: Outcome) -> None:
        """The outcome's replies; an attached export is written to the export folder."""
        for reply in outcome.replies:
            self.out(render(reply))
            if reply.attachment is not None:
                self.export_dir.mkdir(parents=True, exist_ok=True)
                target = self.export_dir / reply.attachment.filename
                target.write_bytes(reply.attachment.content)
                self.out(f"    written to {target}")

    async def outbox(self) -> None:
        """Notices for others are shown right away: they are at this terminal too."""
        await self.courier.deliver_due()

    async def _notice(self, message: OutboxMessage) -> None:
        self.out(render(Reply(message.audience, message.text, message.case_id)))
