"""People in the fake Discord: they type, edit, delete, run `/mediate`, click and submit.

Each action is a gateway event, shaped as Discord sends it; the methods return the ids tests
wait on (`interaction:<id>`, `message:<id>`).
"""

from __future__ import annotations

from typing import Any

from tests.adapters.discord.fake import payloads as p
from tests.adapters.discord.fake.server import FakeDiscord, Person

Json = dict[str, Any]
USER_OPTIONS = ("counterpart", "party", "mediator", "person", "member")
FILE_OPTIONS = ("file", "agreement")
INT_OPTIONS = ("number", "report", "incident")


class Scene:
    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.interactions: dict[str, Json] = {}  # id → the INTERACTION_CREATE dispatched

    # -- messages -------------------------------------------------------------------------------
    async def say(self, person: Person, channel_id: str, content: str,
                  files: list[Json] | None = None, *, message_id: str | None = None) -> Json:
        message = p.message(message_id or p.snowflake(), channel_id, self.fake.guild_id,
                            person.user, content, author_member=person.member,
                            attachments=files)
        self.fake.said(message)
        await self.fake.dispatch("MESSAGE_CREATE", message)
        return message

    def said_unseen(self, person: Person, channel_id: str, content: str,
                    files: list[Json] | None = None) -> Json:
        """`person` posts while no gateway session listens: only the history has it."""
        message = p.message(p.snowflake(), channel_id, self.fake.guild_id, person.user,
                            content, attachments=files)
        self.fake.said(message)
        return message

    async def edit(self, message: Json, content: str, edited_at: str | None = None) -> Json:
        edited = message | {"content": content, "edited_timestamp": edited_at or p.now_iso()}
        await self.fake.dispatch("MESSAGE_UPDATE", edited)
        return edited

    async def delete(self, message: Json) -> None:
        await self.fake.dispatch("MESSAGE_DELETE", {"id": message["id"],
                                                    "channel_id": message["channel_id"],
                                                    "guild_id": self.fake.guild_id})

    async def purge(self, channel_id: str, message_ids: list[str]) -> None:
        """A moderator's purge (or a ban's clean-up): one MESSAGE_DELETE_BULK, its ids in the
        order given (Discord does not promise one)."""
        await self.fake.dispatch("MESSAGE_DELETE_BULK", {"ids": message_ids,
                                                         "channel_id": channel_id,
                                                         "guild_id": self.fake.guild_id})

    # -- interactions -------------------------------------------------------------------------
    def _invoker(self, person: Person) -> Json:
        return person.member | {"permissions": "2248473465835073"}

    async def _interact(self, kind: int, person: Person, channel_id: str | None, data: Json,
                        message: Json | None = None) -> str:
        interaction_id = p.snowflake()
        channel = self.fake.channel_json(channel_id or self.fake.channel["id"])
        payload = p.interaction(kind, interaction_id, self.fake.app_id, self.fake.guild_id,
                                channel, self._invoker(person), data, message_json=message)
        self.interactions[interaction_id] = payload
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        return interaction_id

    async def replay(self, interaction_id: str) -> None:
        """The same interaction delivered again, as a resumed gateway session replays it."""
        await self.fake.dispatch("INTERACTION_CREATE", self.interactions[interaction_id])

    def _command_data(self, sub: str, options: dict[str, Any],
                      focused: str | None = None, command: str = "mediate") -> Json:
        resolved: Json = {}
        built = []
        for name, value in options.items():
            if name in USER_OPTIONS:
                person = value
                built.append(p.option(name, person.id, kind=6))
                resolved.setdefault("users", {})[person.id] = person.user
                member = {k: v for k, v in person.member.items() if k != "user"}
                resolved.setdefault("members", {})[person.id] = member
            elif name in FILE_OPTIONS:
                built.append(p.option(name, value["id"], kind=11))
                resolved.setdefault("attachments", {})[value["id"]] = value
            elif isinstance(value, bool):
                built.append(p.option(name, value, kind=5))
            elif name in INT_OPTIONS and isinstance(value, int):
                built.append(p.option(name, value, kind=4))
            else:
                built.append(p.option(name, value, focused=name == focused))
        data: Json = {"id": "1", "name": command, "type": 1,
                      "options": [{"type": 1, "name": sub, "options": built}]}
        if resolved:
            data["resolved"] = resolved
        return data

    async def slash(self, person: Person, sub: str, channel_id: str | None = None, /, *,
                    command: str = "mediate", **options: Any) -> str:
        """`/<command> <sub> option:value ...` typed by `person` in a channel or thread."""
        return await self._interact(2, person, channel_id,
                                    self._command_data(sub, options, command=command))

    async def autocomplete(self, person: Person, sub: str, typed: str,
                           channel_id: str | None = None, **options: Any) -> str:
        data = self._command_data(sub, {**options, "case": typed}, focused="case")
        return await self._interact(4, person, channel_id, data)

    async def click(self, person: Person, message: Json, custom_id: str) -> str:
        """A click on a button of a message the bot posted (or a follow-up it sent)."""
        shown = {k: v for k, v in message.items() if not k.startswith("_")}  # not the record
        return await self._interact(3, person, message["channel_id"],
                                    {"custom_id": custom_id, "component_type": 2},
                                    message=shown)

    async def submit(self, person: Person, custom_id: str, values: dict[str, str],
                     channel_id: str | None = None) -> str:
        """A modal submitted with these text input values (each in a label, as Discord sends
        them for modals built with labels)."""
        rows = [{"type": 18, "id": index + 1,
                 "component": {"type": 4, "id": index + 100, "custom_id": name, "value": value}}
                for index, (name, value) in enumerate(values.items())]
        return await self._interact(5, person, channel_id,
                                    {"custom_id": custom_id, "components": rows})


def buttons(message: Json) -> dict[str, str]:
    """Label → custom id of the buttons on a message the bot sent."""
    found = {}
    for row in message.get("components") or []:
        for component in row.get("components") or []:
            if component.get("type") == 2 and "custom_id" in component:
                found[component["label"]] = component["custom_id"]
    return found
