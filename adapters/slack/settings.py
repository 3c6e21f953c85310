"""Slack settings, read once from the environment in `runner.main()`. Secrets never reach logs."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from adapters.settings import SettingsError

SLACK_API_URL = "https://slack.com/api/"
DEFAULT_FILE_HOSTS = ("files.slack.com",)


def _list(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


def _file_host(entry: str) -> str:
    """`files.slack.com` (https only) or a full origin such as `http://127.0.0.1:8080`."""
    if "://" not in entry:
        if "/" in entry or not entry:
            raise SettingsError(f"SLACK_FILE_HOSTS: {entry!r} is not a host name")
        return entry.lower()
    parts = urlsplit(entry)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise SettingsError(f"SLACK_FILE_HOSTS: {entry!r} is not a host or an origin")
    return f"{parts.scheme}://{parts.netloc.lower()}"


@dataclass(frozen=True)
class SlackSettings:
    """What the Slack runner needs besides the shared `adapters.settings.Settings`."""

    bot_token: str | None = None
    signing_secret: str | None = None
    app_token: str | None = None  # set: Socket Mode
    api_url: str = SLACK_API_URL
    file_hosts: tuple[str, ...] = DEFAULT_FILE_HOSTS
    mediators: tuple[str, ...] = ()  # Slack user ids
    mediator_group: str | None = None  # a user group id (S…) whose members mediate
    client_id: str | None = None  # with client_secret: OAuth, many workspaces
    client_secret: str | None = None
    state_secret: str | None = None
    outbox_seconds: float = 2.0
    file_wait_seconds: float = 10.0  # how long file_shared waits for the file's message

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SlackSettings:
        """Read `SLACK_*` variables; raise SettingsError naming a setting that cannot work."""
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            return env.get(name, "").strip() or None

        api_url = get("SLACK_API_URL") or SLACK_API_URL
        if not api_url.startswith(("http://", "https://")):
            raise SettingsError(f"SLACK_API_URL must be an http(s) URL, not {api_url!r}")
        if not api_url.endswith("/"):
            api_url += "/"  # slack_sdk joins base_url + method
        hosts = _list(env.get("SLACK_FILE_HOSTS", "")) or DEFAULT_FILE_HOSTS
        mediators = tuple(m.lstrip("@").upper() for m in _list(env.get("SLACK_MEDIATORS", "")))
        raw_seconds = get("SLACK_OUTBOX_SECONDS") or "2"
        try:
            seconds = float(raw_seconds)
        except ValueError:
            seconds = -1.0
        if seconds <= 0:
            raise SettingsError(f"SLACK_OUTBOX_SECONDS must be a positive number, not "
                                f"{raw_seconds!r}")
        raw_wait = get("SLACK_FILE_WAIT_SECONDS") or "10"
        try:
            file_wait = float(raw_wait)
        except ValueError:
            file_wait = -1.0
        if not 0 <= file_wait <= 600:
            raise SettingsError(f"SLACK_FILE_WAIT_SECONDS must be a number of seconds from 0 "
                                f"to 600, not {raw_wait!r}")
        settings = cls(
            bot_token=get("SLACK_BOT_TOKEN"),
            signing_secret=get("SLACK_SIGNING_SECRET"),
            app_token=get("SLACK_APP_TOKEN"),
            api_url=api_url,
            file_hosts=tuple(_file_host(h) for h in hosts),
            mediators=mediators,
            mediator_group=get("SLACK_MEDIATOR_GROUP"),
            client_id=get("SLACK_CLIENT_ID"),
            client_secret=get("SLACK_CLIENT_SECRET"),
            state_secret=get("SLACK_STATE_SECRET"),
            outbox_seconds=seconds,
            file_wait_seconds=file_wait,
        )
        settings.check()
        return settings

    @property
    def oauth(self) -> bool:
        """Many workspaces: tokens come from installations, not SLACK_BOT_TOKEN."""
        return bool(self.client_id and self.client_secret)

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)

    def check(self) -> None:
        if not self.oauth and not self.bot_token:
            raise SettingsError("SLACK_BOT_TOKEN is not set (or set SLACK_CLIENT_ID and "
                                "SLACK_CLIENT_SECRET for many workspaces)")
        if self.socket_mode and not self.app_token.startswith("xapp-"):  # type: ignore[union-attr]
            raise SettingsError("SLACK_APP_TOKEN must be an app-level token (xapp-…)")
        if not self.socket_mode and not self.signing_secret:
            raise SettingsError("SLACK_SIGNING_SECRET is needed in HTTP mode (or set "
                                "SLACK_APP_TOKEN for Socket Mode)")
        if self.oauth and self.socket_mode:
            raise SettingsError("the OAuth install flow needs HTTP mode: unset SLACK_APP_TOKEN")

    def __repr__(self) -> str:  # secrets never reach logs
        mode = "socket" if self.socket_mode else "http"
        return f"SlackSettings(mode={mode}, api_url={self.api_url!r}, oauth={self.oauth})"
