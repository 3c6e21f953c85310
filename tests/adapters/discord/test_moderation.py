"""The moderators' channel found by REST (a process that does not hold the server): a text
channel by id, else by name, never a category of the same name; none is a delivery error
that is tried again (an administrator may be creating the channel)."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.discord.moderation import find_moderators
from adapters.outbox import DeliveryError

CHANNELS = [{"id": "100", "name": "Moderators", "type": 4},  # a category, listed first
            {"id": "200", "name": "moderators", "type": 0, "parent_id": "100"},
            {"id": "300", "name": "announcements", "type": 5}]


class Http:
    async def get_all_guild_channels(self, guild_id: int) -> list[dict[str, Any]]:
        return CHANNELS


class Client:
    http = Http()

    def get_guild(self, guild_id: int) -> None:
        return None

    def get_partial_messageable(self, channel_id: int) -> int:
        return channel_id


@pytest.mark.parametrize(("wanted", "found"), [("moderators", 200), ("#Moderators", 200),
                                                ("300", 300), ("announcements", 300)])
async def test_a_text_channel_is_found_never_a_category(wanted: str, found: int) -> None:
    assert await find_moderators(Client(), 42, wanted) == found  # type: ignore[arg-type]


async def test_no_such_channel_is_tried_again_later() -> None:
    with pytest.raises(DeliveryError) as missing:
        await find_moderators(Client(), 42, "100")  # type: ignore[arg-type]
    assert not missing.value.permanent
    assert "DISCORD_MODERATORS_CHANNEL" in str(missing.value)
