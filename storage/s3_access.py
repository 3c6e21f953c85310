"""Reaching an S3-compatible bucket: the `EVIDENCE_URL` address, a boto3 client from the usual
AWS_* settings, whether the bucket answers, and its errors as the store reports them (codes and
messages, never credentials)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_MISSING = {"404", "NoSuchKey", "NotFound"}


@dataclass(frozen=True)
class EvidenceUrl:
    """`s3://bucket/prefix` as `EVIDENCE_URL` gives it."""

    bucket: str
    prefix: str

    @classmethod
    def parse(cls, url: str) -> EvidenceUrl:
        """ValueError, saying what is expected, for anything but `s3://bucket[/prefix]`."""
        scheme, _, rest = url.strip().partition("://")
        bucket, _, prefix = rest.partition("/")
        if scheme != "s3" or not re.fullmatch(r"[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]", bucket) \
                or ".." in bucket or ".-" in bucket or "-." in bucket \
                or re.fullmatch(r"\d+\.\d+\.\d+\.\d+", bucket) or "?" in prefix:
            raise ValueError("an s3://bucket/prefix address (a bucket named as S3 names them: "
                             "lowercase letters, digits, dots and hyphens; no credentials)")
        return cls(bucket, prefix.strip("/"))


def reachable(client: Any, bucket: str) -> str | None:
    """None when the bucket answers; otherwise what it answered (its error code)."""
    try:
        client.head_bucket(Bucket=bucket)
    except Exception as error:
        response = getattr(error, "response", None)
        code = response.get("Error", {}).get("Code") if isinstance(response, dict) else None
        return str(code or type(error).__name__)
    return None


def s3_client(env: Mapping[str, str]) -> Any:
    """A boto3 S3 client from the usual variables: `AWS_ENDPOINT_URL` (or
    `AWS_ENDPOINT_URL_S3`) for a store other than AWS, `AWS_REGION` or `AWS_DEFAULT_REGION`,
    and the credentials boto3 finds itself (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, a
    profile, an instance role)."""
    import boto3  # type: ignore[import-untyped]
    from botocore.config import Config  # type: ignore[import-untyped]

    endpoint = (env.get("AWS_ENDPOINT_URL_S3") or env.get("AWS_ENDPOINT_URL") or "").strip()
    region = (env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "").strip()
    config = Config(retries={"max_attempts": 5, "mode": "standard"},
                    s3={"addressing_style": "path"} if endpoint else None,
                    # Stores that speak S3 without its newest checksums (GCS, older MinIO)
                    # refuse them: the file's SHA-256 is worked out here anyway.
                    request_checksum_calculation="when_required",
                    response_checksum_validation="when_required")
    key_id = env.get("AWS_ACCESS_KEY_ID", "").strip() or None
    secret = env.get("AWS_SECRET_ACCESS_KEY", "").strip() or None
    token = env.get("AWS_SESSION_TOKEN", "").strip() or None
    return boto3.client("s3", endpoint_url=endpoint or None, region_name=region or None,
                        aws_access_key_id=key_id, aws_secret_access_key=secret,
                        aws_session_token=token, config=config)


def missing(error: Exception) -> bool:
    """Whether a boto3 error says there is no such object."""
    response = getattr(error, "response", None)
    code = response.get("Error", {}).get("Code") if isinstance(response, dict) else None
    return str(code) in _MISSING


class StoreUnavailable(OSError):
    """The bucket answered with an error other than "no such file" (no such bucket, access
    denied, a server error): its code and message, never the request's credentials."""

    def __init__(self, error: Exception) -> None:
        response = getattr(error, "response", None)
        problem = response.get("Error", {}) if isinstance(response, dict) else {}
        code = problem.get("Code") or type(error).__name__
        super().__init__(f"the evidence bucket answered {code}: "
                         f"{problem.get('Message') or error}")
