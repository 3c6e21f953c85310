"""Discord API objects as JSON, shaped like the documented payloads (API v10)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

_ids = itertools.count(1)
EPOCH_MS = 1420070400000

Json = dict[str, Any]


def snowflake() -> str:
    """A fresh id, made like Discord's (time in the top bits), unique in this process."""
    now_ms = int(datetime.now(UTC).timestamp() * 1000) - EPOCH_MS
    return str((now_ms << 22) | (next(_ids) & 0x3FFFFF))


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def user(user_id: str, name: str, *, bot: bool = False) -> Json:
    return {"id": user_id, "username": name.lower(), "global_name": name, "discriminator": "0",
            "avatar": None, "bot": bot, "public_flags": 0}


def member(user_json: Json, roles: list[str]) -> Json:
    return {"user": user_json, "roles": roles, "nick": None, "avatar": None,
            "joined_at": "2025-01-01T00:00:00+00:00", "deaf": False, "mute": False,
            "flags": 0, "pending": False, "premium_since": None}


def role(role_id: str, name: str, position: int, permissions: str = "0") -> Json:
    return {"id": role_id, "name": name, "color": 0, "hoist": False, "icon": None,
            "unicode_emoji": None, "position": position, "permissions": permissions,
            "managed": False, "mentionable": True, "flags": 0}


def text_channel(channel_id: str, guild_id: str, name: str) -> Json:
    return {"id": channel_id, "type": 0, "guild_id": guild_id, "name": name, "position": 0,
            "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None,
            "rate_limit_per_user": 0, "last_message_id": None, "flags": 0}


def thread(thread_id: str, guild_id: str, parent_id: str, owner_id: str, name: str,
           kind: int) -> Json:
    return {"id": thread_id, "type": kind, "guild_id": guild_id, "parent_id": parent_id,
            "owner_id": owner_id, "name": name, "last_message_id": None,
            "rate_limit_per_user": 0, "message_count": 0, "member_count": 0, "flags": 0,
            "thread_metadata": {"archived": False, "auto_archive_duration": 10080,
                                "archive_timestamp": now_iso(), "locked": False,
                                "invitable": kind != 12}}


def guild(guild_id: str, owner_id: str, roles: list[Json], channels: list[Json],
          members: list[Json]) -> Json:
    return {"id": guild_id, "name": "Creators Guild", "icon": None, "splash": None,
            "discovery_splash": None, "owner_id": owner_id, "afk_channel_id": None,
            "afk_timeout": 300, "verification_level": 0, "default_message_notifications": 0,
            "explicit_content_filter": 0, "roles": roles, "emojis": [], "stickers": [],
            "features": [], "mfa_level": 0, "application_id": None, "system_channel_id": None,
            "system_channel_flags": 0, "rules_channel_id": None, "vanity_url_code": None,
            "description": None, "banner": None, "premium_tier": 0,
            "preferred_locale": "en-US", "public_updates_channel_id": None, "nsfw_level": 0,
            "premium_progress_bar_enabled": False, "unavailable": False, "large": False,
            "member_count": len(members), "joined_at": "2025-01-01T00:00:00+00:00",
            "channels": channels, "threads": [], "members": members, "voice_states": [],
            "presences": [], "stage_instances": [], "guild_scheduled_events": [],
            "soundboard_sounds": []}


def message(message_id: str, channel_id: str, guild_id: str | None, author: Json,
            content: str, *, author_member: Json | None = None,
            attachments: list[Json] | None = None, embeds: list[Json] | None = None,
            components: list[Json] | None = None, flags: int = 0) -> Json:
    data: Json = {
        "id": message_id, "channel_id": channel_id, "author": author, "content": content,
        "timestamp": now_iso(), "edited_timestamp": None, "tts": False,
        "mention_everyone": False, "mentions": [], "mention_roles": [],
        "attachments": attachments or [], "embeds": embeds or [], "pinned": False, "type": 0,
        "flags": flags, "components": components or [],
    }
    if guild_id is not None:
        data["guild_id"] = guild_id
    if author_member is not None:
        data["member"] = {k: v for k, v in author_member.items() if k != "user"}
    return data


def attachment(attachment_id: str, filename: str, size: int, url: str,
               content_type: str = "application/octet-stream") -> Json:
    return {"id": attachment_id, "filename": filename, "size": size, "url": url,
            "proxy_url": url, "content_type": content_type}


def option(name: str, value: Any, *, kind: int = 3, focused: bool = False) -> Json:
    data: Json = {"name": name, "type": kind, "value": value}
    if focused:
        data["focused"] = True
    return data


def interaction(kind: int, interaction_id: str, app_id: str, guild_id: str, channel: Json,
                invoker: Json, data: Json, *, message_json: Json | None = None) -> Json:
    payload: Json = {
        "id": interaction_id, "application_id": app_id, "type": kind,
        "token": f"tok-{interaction_id}", "version": 1, "guild_id": guild_id,
        "channel_id": channel["id"], "channel": channel, "member": invoker, "data": data,
        "locale": "en-US", "guild_locale": "en-US", "app_permissions": "2248473465835073",
        "entitlements": [], "authorizing_integration_owners": {"0": guild_id}, "context": 0,
        "attachment_size_limit": 8 * 1024 * 1024,
    }
    if message_json is not None:
        payload["message"] = message_json
    return payload
