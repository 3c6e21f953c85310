"""Settings, read once from the environment in `main()`. `.env.example` lists every one."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import timedelta
from enum import StrEnum
from pathlib import Path

from bot.domain.policy import Policy, parse_duration, retention_days
from storage.database_url import DEFAULT_URL, normalize
from storage.signing_keys import SigningKeyProblem, check_keys


class SettingsError(ValueError):
    """A setting with a value that cannot work; the message names it."""


def _names(value: str) -> tuple[str, ...]:
    return tuple(name.strip().lstrip("@").casefold() for name in value.split(",") if name.strip())


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) <= 0:
        raise SettingsError(f"{name} must be a positive whole number, not {raw!r}")
    return int(raw)


def _evidence_url(raw: str, env: Mapping[str, str]) -> str:
    """`EVIDENCE_URL`, checked now: a bad address, no S3 client installed, or a bucket that
    does not answer stops the process with a message instead of failing on the first file.
    The address is never repeated: people paste credentials into it."""
    from storage.s3_access import EvidenceUrl, reachable, s3_client

    try:
        url = EvidenceUrl.parse(raw)
    except ValueError as problem:
        raise SettingsError(f"EVIDENCE_URL must be {problem}") from None
    try:
        import boto3  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        raise SettingsError("EVIDENCE_URL needs the S3 client: pip install "
                            "'mediation-bot[s3]'") from None
    problem = reachable(s3_client(env), url.bucket)
    if problem is not None:
        raise SettingsError(f"EVIDENCE_URL: the bucket {url.bucket!r} answered {problem} "
                            "(check AWS_ENDPOINT_URL, AWS_REGION and the credentials)")
    return raw


def _evidence_mb(env: Mapping[str, str]) -> int:
    """`EVIDENCE_MAX_MB`: at most 5 GiB, the largest object S3 copies in one call."""
    megabytes = _positive_int(env, "EVIDENCE_MAX_MB", 25)
    if megabytes > 5 * 1024:
        raise SettingsError(f"EVIDENCE_MAX_MB must be at most 5120 (5 GiB), not {megabytes}")
    return megabytes


def duration(name: str, raw: str) -> timedelta:
    """A duration setting (`72h`, `5d`, `1d12h`, `30m`); SettingsError naming `name` if not."""
    try:
        return parse_duration(raw)
    except ValueError as problem:
        raise SettingsError(f"{name} must be {problem}") from None


def _policy(env: Mapping[str, str]) -> Policy:
    """The default policy of every community, from POLICY_* settings (PRODUCT.md's defaults)."""
    changes: dict[str, object] = {}
    for f in fields(Policy):
        name = f"POLICY_{f.name.upper()}"
        raw = env.get(name, "").strip()
        if not raw:
            continue
        default = getattr(Policy(), f.name)
        if isinstance(default, StrEnum):  # on_silence, decisions, review_by
            choices = type(default)
            if raw not in {s.value for s in choices}:
                raise SettingsError(f"{name} must be {' or '.join(choices)}, not {raw!r}")
            changes[f.name] = choices(raw)
        elif f.name == "retention_days":
            try:
                changes[f.name] = retention_days(raw)
            except ValueError as problem:
                raise SettingsError(f"{name}: {problem}") from None
        else:
            changes[f.name] = duration(name, raw)
    policy = replace(Policy(), **changes)  # type: ignore[arg-type]
    try:
        return Policy.from_json(policy.to_json())  # the same bounds as stored policies
    except ValueError as problem:
        raise SettingsError(f"POLICY_*: {problem}") from None


def configure_logging(level: str) -> None:
    """One log format for every process: time, level, logger, message."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@dataclass(frozen=True)
class Settings:
    database_url: str
    evidence_dir: Path
    evidence_max_bytes: int
    console_mediators: tuple[str, ...]
    log_level: str
    evidence_url: str | None = None  # s3://bucket/prefix: evidence in object storage
    slack_bot_token: str | None = None
    discord_token: str | None = None
    policy: Policy = field(default_factory=Policy)
    sweep_seconds: float = 30.0
    checkpoint_every: int = 100  # a signed checkpoint every N entries (and at milestones)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        raw_url = env.get("DATABASE_URL", "").strip() or DEFAULT_URL
        try:
            database_url = normalize(raw_url)
        except ValueError as problem:
            raise SettingsError(f"DATABASE_URL: {problem}") from None
        try:
            check_keys(env)
        except SigningKeyProblem as problem:
            raise SettingsError(f"signing key: {problem}") from None
        level = env.get("LOG_LEVEL", "WARNING").strip().upper() or "WARNING"
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise SettingsError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {level!r}")
        evidence_url = env.get("EVIDENCE_URL", "").strip() or None
        if evidence_url is not None:
            evidence_url = _evidence_url(evidence_url, env)
        return cls(
            database_url=database_url,
            evidence_url=evidence_url,
            evidence_dir=Path(env.get("EVIDENCE_DIR", "").strip() or "evidence"),
            evidence_max_bytes=_evidence_mb(env) * 1024 * 1024,
            console_mediators=_names(env.get("CONSOLE_MEDIATORS", "mediator")),
            log_level=level,
            slack_bot_token=env.get("SLACK_BOT_TOKEN") or None,
            discord_token=env.get("DISCORD_TOKEN") or None,
            policy=_policy(env),
            sweep_seconds=duration("DEADLINE_SWEEP", env.get("DEADLINE_SWEEP", "") or "30s")
            .total_seconds(),
            checkpoint_every=_positive_int(env, "CHECKPOINT_EVERY", 100),
        )

    def __repr__(self) -> str:  # secrets never reach logs
        return f"Settings(database_url={self.database_url.split('@')[-1]!r}, ...)"
