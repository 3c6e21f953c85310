"""What a failed Slack Web API call means for an outbox message: try again when Slack says
(429, Retry-After), try again with backoff (5xx, transient errors), or give up for good (errors
that cannot get better)."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from adapters.outbox import DeliveryError

log = logging.getLogger(__name__)

# Web API errors that trying again cannot fix: the conversation, the user or the token is gone
# or not allowed, or the request itself is wrong. Anything else is retried (within the limit).
PERMANENT_ERRORS = frozenset({
    "channel_not_found", "not_in_channel", "is_archived", "channel_is_archived",
    "user_not_found", "users_not_found", "user_not_visible", "user_disabled", "cannot_dm_bot",
    "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired",
    "no_permission", "missing_scope", "not_allowed_token_type", "team_access_not_granted",
    "restricted_action", "restricted_action_read_only_channel",
    "restricted_action_thread_only_channel", "restricted_action_non_threadable_channel",
    "ekm_access_denied", "org_login_required", "app_missing_action_url",
    "msg_too_long", "no_text", "invalid_blocks", "invalid_arguments", "invalid_arg_name",
    "method_deprecated", "deprecated_endpoint", "too_many_users", "invalid_charset",
})


def retry_after(headers: object) -> float | None:
    """Seconds from a Retry-After header (Slack sends whole seconds); None if absent or bad."""
    get = getattr(headers, "get", None)
    if get is None:
        return None
    raw = get("Retry-After") or get("retry-after")
    try:
        seconds = float(raw)
    except (TypeError, ValueError):
        return None
    return seconds if seconds >= 0 else None


def slack_failure(problem: SlackApiError) -> DeliveryError:
    """What a failed Web API call means for an outbox message: retry when Slack says (429),
    retry with backoff (5xx, transient errors), or give up (errors that cannot get better)."""
    response = problem.response
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    data = getattr(response, "data", None)
    error = data.get("error") if isinstance(data, dict) else None
    if status == 429 or error == "ratelimited":
        wait = retry_after(getattr(response, "headers", None))
        return DeliveryError(f"ratelimited (HTTP {status}, Retry-After {wait})",
                             retry_after=wait)
    if error in PERMANENT_ERRORS:
        return DeliveryError(str(error), permanent=True)
    if isinstance(status, int) and 400 <= status < 500 and status not in (408, 425):
        return DeliveryError(f"HTTP {status} {error or ''}".rstrip(), permanent=True)
    if isinstance(status, int) and status != 200:
        return DeliveryError(f"HTTP {status} {error or ''}".rstrip())
    return DeliveryError(str(error or problem))  # unknown: retried, up to the courier's limit


def not_uploaded(problem: Exception, case_id: str | None) -> str:
    """Why Slack did not take a file, in words for the people who were to get it."""
    answer = problem.response if isinstance(problem, SlackApiError) else None
    if answer is None:
        log.warning("could not upload a file: %s", problem, extra={"case_id": case_id})
        return "Slack could not be reached"
    error = str((answer.get("error") if isinstance(answer, AsyncSlackResponse) else None)
                or "an error")
    log.warning("could not upload a file: %s", error, extra={"case_id": case_id})
    return ("this app may not upload files (the `files:write` scope): an admin can reinstall "
            "it to allow it" if error in ("missing_scope", "no_permission")
            else f"Slack answered {error}")
