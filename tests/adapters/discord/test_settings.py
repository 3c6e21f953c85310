"""DISCORD_* settings: defaults, overrides, and clear errors for values that cannot work."""

from __future__ import annotations

import pytest

from adapters.discord.files import FileRefused, check_url
from adapters.discord.settings import CDN_ORIGINS, DiscordSettings
from adapters.settings import SettingsError

CAP = 25 * 1024 * 1024


def test_defaults_point_at_discord() -> None:
    settings = DiscordSettings.from_env({"DISCORD_TOKEN": "s3cret-token"}, CAP)
    assert settings.api_url == "https://discord.com/api/v10"
    assert settings.gateway_url == "wss://gateway.discord.gg/"
    assert settings.cdn_origins == CDN_ORIGINS
    assert (settings.mediator_role, settings.sharded, settings.guild_ids) == (
        "Mediator", False, ())
    assert "s3cret" not in repr(settings)  # no token in logs


def test_overrides() -> None:
    settings = DiscordSettings.from_env({
        "DISCORD_TOKEN": "t", "DISCORD_API_URL": "http://proxy:8080/api/v10/",
        "DISCORD_GATEWAY_URL": "ws://proxy:8081", "DISCORD_GUILD_IDS": "1, 2",
        "DISCORD_MEDIATOR_ROLE": "Mods", "DISCORD_SHARD_COUNT": "4", "DISCORD_SHARD_IDS": "0,1",
        "DISCORD_CDN_ORIGINS": "https://CDN.example", "DISCORD_SYNC_COMMANDS": "no"}, CAP)
    assert settings.api_url == "http://proxy:8080/api/v10"
    assert settings.guild_ids == (1, 2)
    assert (settings.sharded, settings.shard_count, settings.shard_ids) == (True, 4, (0, 1))
    assert settings.cdn_origins == ("https://cdn.example",)
    assert settings.sync_commands is False


@pytest.mark.parametrize(("env", "named"), [
    ({}, "DISCORD_TOKEN"),
    ({"DISCORD_API_URL": "ftp://x"}, "DISCORD_API_URL"),
    ({"DISCORD_GUILD_IDS": "abc"}, "DISCORD_GUILD_IDS"),
    ({"DISCORD_SHARD_COUNT": "0"}, "DISCORD_SHARD_COUNT"),
    ({"DISCORD_SHARD_IDS": "3", "DISCORD_SHARD_COUNT": "2"}, "DISCORD_SHARD_IDS"),
    ({"DISCORD_CDN_ORIGINS": "https://cdn.example/path"}, "DISCORD_CDN_ORIGINS"),
    ({"DISCORD_OUTBOX_SECONDS": "soon"}, "DISCORD_OUTBOX_SECONDS"),
])
def test_bad_values_name_the_setting(env: dict[str, str], named: str) -> None:
    full = {"DISCORD_TOKEN": "t", **env} if named != "DISCORD_TOKEN" else env
    with pytest.raises(SettingsError, match=named):
        DiscordSettings.from_env(full, CAP)


@pytest.mark.parametrize("url", [
    "https://cdn.discordapp.com.evil.example/a.png", "http://cdn.discordapp.com/a.png",
    "https://user@cdn.discordapp.com@evil.example/a.png", "file:///etc/passwd",
    "https://127.0.0.1/a.png",
])
def test_only_the_cdn_origins_are_fetched(url: str) -> None:
    with pytest.raises(FileRefused):
        check_url(url, CDN_ORIGINS)
    check_url("https://cdn.discordapp.com/attachments/1/2/a.png?ex=1", CDN_ORIGINS)
