"""The Discord adapter's settings: `DISCORD_*` from the environment, read once in `main()`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from adapters.settings import SettingsError

DISCORD_API_URL = "https://discord.com/api/v10"
DISCORD_GATEWAY_URL = "wss://gateway.discord.gg/"
CDN_ORIGINS = ("https://cdn.discordapp.com", "https://media.discordapp.net")


def _ids(env: Mapping[str, str], name: str) -> tuple[int, ...]:
    raw = env.get(name, "").strip()
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if not all(part.isdigit() for part in parts):
        raise SettingsError(f"{name} must be comma-separated numeric ids, not {raw!r}")
    return tuple(int(part) for part in parts)


def _url(env: Mapping[str, str], name: str, default: str, schemes: tuple[str, ...]) -> str:
    value = env.get(name, "").strip() or default
    parts = urlsplit(value)
    if parts.scheme not in schemes or not parts.netloc:
        raise SettingsError(f"{name} must be a {' or '.join(schemes)} URL, not {value!r}")
    return value


def origin(url: str) -> str:
    """`scheme://host[:port]` of a URL, lower-cased: what CDN checks compare."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _origins(env: Mapping[str, str]) -> tuple[str, ...]:
    raw = env.get("DISCORD_CDN_ORIGINS", "").strip()
    if not raw:
        return CDN_ORIGINS
    found = []
    for item in (part.strip() for part in raw.split(",") if part.strip()):
        parts = urlsplit(item)
        if parts.scheme not in ("https", "http") or not parts.netloc or parts.path not in ("", "/"):
            raise SettingsError(f"DISCORD_CDN_ORIGINS: {item!r} is not scheme://host[:port]")
        found.append(origin(item))
    return tuple(found)


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be true or false, not {raw!r}")


@dataclass(frozen=True)
class DiscordSettings:
    """Everything the Discord process needs besides storage (see `adapters.settings`)."""

    token: str
    api_url: str = DISCORD_API_URL
    gateway_url: str = DISCORD_GATEWAY_URL
    guild_ids: tuple[int, ...] = ()  # sync commands to these guilds; none: globally
    sync_commands: bool = True
    mediator_role: str = "Mediator"  # a role name or id
    moderators_channel: str = "moderators"  # the guidelines' queue: a channel name or id
    cdn_origins: tuple[str, ...] = CDN_ORIGINS
    attachment_max_bytes: int = 25 * 1024 * 1024
    sharded: bool = False  # AutoShardedClient
    shard_count: int | None = None  # None with `sharded`: Discord's recommendation
    shard_ids: tuple[int, ...] | None = None
    outbox_interval: float = 5.0  # seconds between rounds of outbox delivery
    sweep_seconds: float = 30.0  # seconds between deadline sweeps (DEADLINE_SWEEP)
    guild_ready_timeout: float = 2.0

    @classmethod
    def from_env(cls, env: Mapping[str, str], attachment_max_bytes: int, *,
                 sweep_seconds: float = 30.0) -> DiscordSettings:
        """Read and check every DISCORD_* setting; SettingsError names a bad one. The
        deadline sweep's interval is the common `DEADLINE_SWEEP` (`Settings.sweep_seconds`)."""
        token = env.get("DISCORD_TOKEN", "").strip()
        if not token:
            raise SettingsError("DISCORD_TOKEN is not set (the bot token from the Developer "
                                "Portal, Bot page)")
        shards = env.get("DISCORD_SHARD_COUNT", "").strip().lower()
        if shards and shards != "auto" and not (shards.isdigit() and int(shards) > 0):
            raise SettingsError(f"DISCORD_SHARD_COUNT must be a positive number or auto, "
                                f"not {shards!r}")
        shard_ids = _ids(env, "DISCORD_SHARD_IDS") or None
        count = int(shards) if shards.isdigit() else None
        if shard_ids is not None and (count is None or max(shard_ids) >= count):
            raise SettingsError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT larger than "
                                "every id")
        interval = env.get("DISCORD_OUTBOX_SECONDS", "").strip() or "5"
        try:
            outbox_interval = float(interval)
        except ValueError:
            outbox_interval = -1.0
        if not 0 < outbox_interval <= 3600:
            raise SettingsError(f"DISCORD_OUTBOX_SECONDS must be between 0 and 3600, "
                                f"not {interval!r}")
        role = env.get("DISCORD_MEDIATOR_ROLE", "").strip() or "Mediator"
        return cls(
            token=token,
            api_url=_url(env, "DISCORD_API_URL", DISCORD_API_URL, ("https", "http")).rstrip("/"),
            gateway_url=_url(env, "DISCORD_GATEWAY_URL", DISCORD_GATEWAY_URL, ("wss", "ws")),
            guild_ids=_ids(env, "DISCORD_GUILD_IDS"),
            sync_commands=_flag(env, "DISCORD_SYNC_COMMANDS", True),
            mediator_role=role,
            moderators_channel=env.get("DISCORD_MODERATORS_CHANNEL", "").strip() or "moderators",
            cdn_origins=_origins(env),
            attachment_max_bytes=attachment_max_bytes,
            sharded=bool(shards),
            shard_count=count,
            shard_ids=shard_ids,
            outbox_interval=outbox_interval,
            sweep_seconds=sweep_seconds,
        )

    def __repr__(self) -> str:  # the token never reaches logs
        return (f"DiscordSettings(api_url={self.api_url!r}, guild_ids={self.guild_ids!r}, "
                f"sharded={self.sharded!r}, ...)")
