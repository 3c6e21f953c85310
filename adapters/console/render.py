"""Core replies → console text. Pure. The console prints user text as-is (a terminal cannot
be pinged) but strips terminal escape sequences, which the core's text cleaning already does."""

from __future__ import annotations

from bot.exchange import ACTOR, THREAD, Reply


def audience_label(audience: str, case_id: str | None, names: dict[str, str]) -> str:
    where = case_id or "bot"
    if audience == ACTOR:
        return "only you"
    if audience == THREAD:
        return f"thread {where}"
    if audience.startswith("side:"):
        return f"caucus {audience[5:]} {where}"
    if audience.startswith("user:"):
        user_id = audience[5:]
        return f"to {names.get(user_id, user_id.removeprefix('console:'))}"
    if audience == "mediators":
        return "to the mediators"
    return f"to {audience}"


def render(reply: Reply, names: dict[str, str] | None = None) -> str:
    label = audience_label(reply.audience, reply.case_id, names or {})
    body = reply.text.replace("\n", "\n    ")
    return f"  [{label}] {body}"


def render_refusal(message: str) -> str:
    return f"  [only you] Not done: {message}"
