"""`/campaign <subcommand>` payloads → what the person means. Pure: plain JSON in, plain
values out, no I/O.

Each subcommand becomes the `Request("campaign", …)` the text grammar makes for
`/mediate campaign <move> …` (`bot.input.campaign_requests`), so the core reads a move from
Discord exactly as one typed at the console. The moves that carry an agreement file
(`propose`, `counter`, `amend`) become an `AgreementFile`: the attachment to download, then
`Campaigns.with_file`. `mapping` (how the campaign's other CSV exports are read) gives its
options as the fields of `campaign mapping post=… metrics="…"`, which the core checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from adapters.discord import options as o
from adapters.discord.translate import Ask, FileRef, Meaning, Problem, file_ref
from bot.campaign.performance.mapped_csv import DAY_ORDERS, LONGEST_HEADER, PLATFORMS
from bot.campaign.performance.observation import Scope
from bot.input.campaign_requests import (
    CAMPAIGN_ID,
    CAPTION_LIMIT,
    FILE_MOVES,
    LINK_LIMIT,
    TEXT_LIMIT,
)
from bot.input.grammar import Request

COMMAND = "campaign"
DELIVERABLE_MOVES = ("product", "draft", "approve", "changes", "reject", "live", "down",
                     "cancel")
PAYMENT_MOVES = ("invoice", "paid", "received", "dispute")
DETAILS_LIMIT = max(TEXT_LIMIT, LINK_LIMIT)  # a link (draft, live, invoice) or notes
ITEM_LIMIT = 20  # a deliverable's or milestone's key: d1, m2
HASH_LIMIT = 64  # a version's SHA-256, in hex
TIME_LIMIT = 40  # `published`: an ISO 8601 time
HEADER_LIMIT = LONGEST_HEADER  # `mapping`: a column's name
METRICS_LIMIT = 1000  # `mapping`: the `Header = metric; …` pairs
CHOICE_LIMIT = 20  # `mapping`: a choice's value (Discord sends only the declared ones)
# `mapping`: the options with a few values each, as the core's form names them.
MAPPING_CHOICES: dict[str, tuple[str, ...]] = {
    "day_order": DAY_ORDERS,
    "decimal_comma": ("yes", "no"),
    "scope": tuple(scope.value for scope in Scope),
    "platform": tuple(name for name in PLATFORMS if name),
}


@dataclass(frozen=True)
class AgreementFile:
    """A move with an agreement file: the request, and the attachment to fetch."""

    request: Request
    file: FileRef


CampaignMeaning = Meaning | AgreementFile


def is_campaign_command(data: Mapping[str, Any]) -> bool:
    return data.get("name") == COMMAND


def campaign_command(data: Mapping[str, Any]) -> CampaignMeaning:
    """What a `/campaign <subcommand>` interaction (type 2) asks for."""
    try:
        return _campaign_command(data)
    except o.Malformed as malformed:
        return Problem(str(malformed))


def _campaign_command(data: Mapping[str, Any]) -> CampaignMeaning:
    sub, values = o.subcommand(data)
    campaign = campaign_id(values)
    if sub in FILE_MOVES:
        ref = _attachment(data, values)
        if ref is None:
            return Problem(f"Attach the agreement file (YAML or JSON) to `/campaign {sub}` "
                           "(the `agreement` option).")
        return AgreementFile(request(sub, campaign if sub != "propose" else None), ref)
    if sub == "accept":
        given = _text(values, "hash", HASH_LIMIT)
        if not given:
            return Problem("`/campaign accept` needs the version's hash (its first 8 "
                           "characters are enough).")
        return Ask(request(sub, campaign, given))
    if sub == "end":
        return Ask(request(sub, campaign, _text(values, "reason", TEXT_LIMIT)))
    if sub in ("status", "list", "history"):
        return Ask(request(sub, campaign))
    if sub in ("deliverable", "payment"):
        return _item_move(sub, campaign, values)
    if sub == "mapping":
        return _mapping(campaign, values)
    return Problem("There is no such `/campaign` subcommand: try `/campaign status`.")


def _item_move(sub: str, campaign: str | None, values: Mapping[str, Any]) -> Meaning:
    moves = DELIVERABLE_MOVES if sub == "deliverable" else PAYMENT_MOVES
    move = _text(values, "move", 20)
    if move not in moves:
        return Problem(f"`/campaign {sub}` moves: {', '.join(moves)}.")
    item = _text(values, "item", ITEM_LIMIT)
    if not item or len(item.split()) != 1:
        example = "d1" if sub == "deliverable" else "m1"
        return Problem(f"Name the {sub}'s item by its key in the agreement, e.g. {example}.")
    fields = {}
    for name, limit in (("caption", CAPTION_LIMIT), ("published", TIME_LIMIT)):
        value = _text(values, name, limit) if sub == "deliverable" else ""
        if value:
            fields[name] = value
    return Ask(request(move, campaign, item, _text(values, "details", DETAILS_LIMIT), **fields))


def _mapping(campaign: str | None, values: Mapping[str, Any]) -> Meaning:
    """The column mapping's options as the fields the text grammar reads; the core checks
    them (a metric it does not know, a day order, a scope) and says what is wrong."""
    metrics = _text(values, "metrics", METRICS_LIMIT)
    if not metrics:
        return Problem("`/campaign mapping` needs the metric columns, e.g. "
                       "`Plays = views; Hearts = likes`.")
    fields = {"metrics": metrics}
    for name in ("post", "day"):
        fields[name] = _text(values, name, HEADER_LIMIT)
    for name in MAPPING_CHOICES:
        fields[name] = _text(values, name, CHOICE_LIMIT)
    return Ask(request("mapping", campaign, **{k: v for k, v in fields.items() if v}))


def request(move: str, campaign: str | None, *parts: str, **fields: str) -> Request:
    """`campaign <move> [CP-…] parts…` as the grammar parses it: `args` the words, `text`
    the tail as typed; fields given apart (a caption is not split into words)."""
    present = [p for p in (move, campaign or "", *parts) if p]
    args = tuple(word for part in present for word in part.split())
    return Request(COMMAND, None, args, dict(fields), " ".join(present))


def campaign_id(values: Mapping[str, Any]) -> str | None:
    """The `campaign` option as a campaign id; Malformed for anything else."""
    raw = o.text(values.get("campaign"), 200)
    if not raw:
        return None
    token = raw.split(":", 1)[0].strip()
    if not CAMPAIGN_ID.match(token):
        raise o.Malformed(f"{raw[:40]!r} is not a campaign id: they look like CP-7K2Q9X.")
    return token.upper()


def _attachment(data: Mapping[str, Any], values: Mapping[str, Any]) -> FileRef | None:
    resolved = data.get("resolved")
    found = resolved.get("attachments") if isinstance(resolved, dict) else None
    raw = found.get(str(values.get("agreement"))) if isinstance(found, dict) else None
    return file_ref(raw) if isinstance(raw, dict) else None


def _text(values: Mapping[str, Any], name: str, limit: int) -> str:
    """An option's text; longer than `limit` is refused (Discord enforces the declared
    length, so only a payload no Discord client sends gets here)."""
    value = o.text(values.get(name))
    if len(value) > limit:
        raise o.Malformed(f"The {name} is longer than {limit} characters.")
    return value
