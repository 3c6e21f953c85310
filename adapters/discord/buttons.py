"""The bot's persistent buttons: one `DynamicItem` whose `custom_id` names the case and action.

discord.py matches the template on every click, also on messages sent before a restart, and
rebuilds the button from the id alone; the click then goes to the handler like a command.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from adapters.discord.custom_ids import BUTTON_TEMPLATE, ButtonId


class CaseButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=BUTTON_TEMPLATE):
    """A button on a case message: `mb:<action>:<case id>[:<proposal number>]`."""

    def __init__(self, button_id: ButtonId, label: str = "…",
                 style: discord.ButtonStyle = discord.ButtonStyle.secondary) -> None:
        super().__init__(discord.ui.Button(label=label[:80], style=style,
                                           custom_id=button_id.encode()))
        self.button_id = button_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str], /) -> CaseButton:
        number = match.group("number")
        button_id = ButtonId(match.group("action"), match.group("case"),
                             int(number) if number else None)
        label = getattr(item, "label", None) or "…"
        style = getattr(item, "style", discord.ButtonStyle.secondary)
        return cls(button_id, label, style)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        # The client carries the handler: buttons rebuilt after a restart find it there too.
        await interaction.client.handler.button(interaction, self.button_id)
