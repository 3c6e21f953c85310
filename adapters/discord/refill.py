"""A refused form, filled in again with what was typed.

Discord cannot answer a modal submission with another modal, and a modal shows no errors of
its own. So a refused form is answered with the reasons, the typed answers as a small file
(`your-answers.json`, only the submitter sees it) and a *Fill in again* button. The button's
custom id carries the form (`mba:` + the modal's custom id without `mbf:`); a click reads
the answers back from the message it is on and opens the modal with them. Nothing is kept
in memory: the answers live on the refusal message, so the button works after a restart and
on any process.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Mapping
from typing import Any

import aiohttp
import discord

from adapters.discord import layout
from adapters.discord.custom_ids import FORM_PREFIX, FormId, parse_form
from adapters.discord.files import FileRefused, download
from adapters.discord.translate import FileRef
from bot.domain.text import clean_text
from bot.exchange import Attachment

log = logging.getLogger(__name__)

ANSWERS_FILE = "your-answers.json"
AGAIN_PREFIX = "mba:"
AGAIN_TEMPLATE = re.escape(AGAIN_PREFIX) + r"(?P<form>[a-z]+:.{1,90})"
MAX_ANSWERS_BYTES = 256 * 1024  # five inputs of 4,000 characters, as JSON, fit easily
READ_SECONDS = 2.0  # a modal must answer the click within Discord's three seconds


def again_id(form: FormId) -> str:
    """The *Fill in again* button's custom id for a form."""
    return AGAIN_PREFIX + form.encode().removeprefix(FORM_PREFIX)


def answers(form: FormId, submitted: Mapping[str, str]) -> Attachment:
    """The typed answers of the form's inputs (by input id), as the file on the refusal."""
    known = {i.custom_id for i in layout.inputs(form.form)}
    typed = {name: value for name, value in submitted.items()
             if name in known and value.strip()}
    content = json.dumps({"form": form.form, "answers": typed}, ensure_ascii=False, indent=1)
    return Attachment(ANSWERS_FILE, content.encode("utf-8"), "application/json")


def read_answers(form: FormId, content: bytes) -> dict[str, str]:
    """The answers in a `your-answers.json`, for the form's inputs only; {} when the file is
    not one (text is cleaned, so nothing odd reaches the modal)."""
    try:
        data = json.loads(content.decode("utf-8"))
    except (ValueError, RecursionError):  # not UTF-8, not JSON, or absurdly nested
        return {}
    typed = data.get("answers") if isinstance(data, dict) else None
    if not isinstance(typed, dict) or data.get("form") != form.form:
        return {}
    known = {i.custom_id for i in layout.inputs(form.form)}
    return {name: clean_text(value) for name, value in typed.items()
            if name in known and isinstance(value, str)}


async def answers_on(message: discord.Message | None, form: FormId,
                     session: aiohttp.ClientSession, origins: tuple[str, ...]
                     ) -> dict[str, str]:
    """The answers on the refusal message a *Fill in again* click came from; {} (the form
    opens empty, one log line) when they cannot be read in time."""
    found = next((a for a in (message.attachments if message else [])
                  if a.filename == ANSWERS_FILE), None)
    if found is None:
        return {}
    ref = FileRef(str(found.id), found.url, found.filename, found.size)

    async def fetch() -> bytes:
        return b"".join([chunk async for chunk in download(session, ref, origins,
                                                           MAX_ANSWERS_BYTES)])
    try:
        return read_answers(form, await asyncio.wait_for(fetch(), READ_SECONDS))
    except (FileRefused, aiohttp.ClientError, OSError, TimeoutError) as failed:
        log.info("the typed answers could not be read (%s); the form opens empty", failed)
        return {}


class FillAgain(discord.ui.DynamicItem[discord.ui.Button[Any]], template=AGAIN_TEMPLATE):
    """*Fill in again* on a refused form's answer: opens the form with the typed answers."""

    def __init__(self, form: FormId | None, custom_id: str | None = None) -> None:
        super().__init__(discord.ui.Button(label="Fill in again",
                                           style=discord.ButtonStyle.primary,
                                           custom_id=custom_id or again_id(form or FormId(""))))
        self.form = form  # None: an id no version of the bot made (said so on the click)

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str], /) -> FillAgain:
        return cls(parse_form(FORM_PREFIX + match.group("form")), match.group(0))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.client.handler.refill(interaction, self.form)


def view(form: FormId) -> discord.ui.View:
    """The persistent view with the *Fill in again* button."""
    buttons = discord.ui.View(timeout=None)
    buttons.add_item(FillAgain(form))
    return buttons
