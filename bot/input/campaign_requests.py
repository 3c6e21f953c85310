"""`/mediate campaign <move> [CP-XXXXXX] …`: what a request asks of a campaign's record.

One grammar (`bot.input.grammar`) parses the line; here its words become a campaign command.
The campaign is the one named by its id anywhere in the arguments, or else the one whose
thread the request was typed in. Moves on a deliverable or a milestone name it by its key in
the terms (`d1`, `m2`). Malformed requests are refused with the form they take.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.campaign.life.deliverable_commands import (
    Approve,
    Cancel,
    ConfirmProductReceived,
    DeliverableCommand,
    MarkLive,
    Reject,
    ReportTakenDown,
    RequestChanges,
    SubmitDraft,
)
from bot.campaign.life.milestone_commands import (
    ConfirmPayment,
    Dispute,
    Invoice,
    MarkPaid,
    MilestoneCommand,
)
from bot.campaign.record.commands import (
    AcceptAgreement,
    CampaignCommand,
    EndCampaign,
    MoveDeliverable,
    MoveMilestone,
    SetColumnMapping,
)
from bot.campaign.record.state import CampaignState
from bot.domain.errors import Refusal
from bot.input.grammar import Request
from bot.input.interpret import REASON_LIMIT

CAMPAIGN_ID = re.compile(r"^CP-[0-9A-Z]{6}$", re.IGNORECASE | re.ASCII)
HASH_PREFIX = re.compile(r"^[0-9a-f]{8,64}$", re.ASCII)
TEXT_LIMIT = REASON_LIMIT
LINK_LIMIT = 2000
CAPTION_LIMIT = 5000  # the longest caption a platform allows is 2,200 (Instagram, TikTok 4,000)

# Moves that carry a file of terms.
FILE_MOVES = ("propose", "counter", "amend")


@dataclass(frozen=True)
class CampaignRequest:
    """A `/mediate campaign …` request, split: the move, the campaign named (if any), the
    remaining words, the fields and the text after the move's own words."""

    move: str
    campaign_id: str | None
    words: tuple[str, ...]
    fields: Mapping[str, str]
    text: str


def campaign_request(request: Request, thread_id: str | None) -> CampaignRequest:
    """Split a `campaign` request. `thread_id`: the case or campaign whose thread it was
    typed in, if any (only a campaign's counts)."""
    words = list(request.args)
    if not words:
        raise Refusal(f"What about the campaign? {USAGE}")
    move = words.pop(0).lower()
    named = next((w for w in words if CAMPAIGN_ID.match(w)), None)
    if named is not None:
        words.remove(named)
    elif thread_id is not None and CAMPAIGN_ID.match(thread_id):
        named = thread_id
    text = request.text.split(None, 1)[1] if len(request.text.split(None, 1)) > 1 else ""
    if named is not None:
        text = " ".join(part for part in text.split(" ") if part != named)
    return CampaignRequest(move, named.upper() if named else None, tuple(words),
                           dict(request.fields), text.strip())


def campaign_command(request: CampaignRequest, state: CampaignState, now: datetime
                     ) -> CampaignCommand:
    """The command a request asks of the campaign `state`; Refusal when it is malformed."""
    move = request.move
    if move == "accept":
        return AcceptAgreement(_version_hash(request, state))
    if move == "end":
        return EndCampaign(_text(request.text, "reason"))
    if move == "mapping":
        fields = dict(request.fields)
        fields["metrics"] = fields.get("metrics", "").replace(";", "\n")
        return SetColumnMapping(fields)
    deliverable = _DELIVERABLE_MOVES.get(move)
    if deliverable is not None:
        key = _key(request, state, "deliverable")
        return MoveDeliverable(key, deliverable(_after_key(request), now))
    milestone = _MILESTONE_MOVES.get(move)
    if milestone is not None:
        key = _key(request, state, "milestone")
        return MoveMilestone(key, milestone(_after_key(request), now))
    raise Refusal(f"There is no campaign move {move!r}. {USAGE}")


USAGE = (
    "Campaign moves: `new` (a guided form), `propose <file>`, `counter <file>`, "
    "`amend <file>`, `accept <hash>`, `status`, `list`, `history`, `help`, `end [reason]`, "
    "`mapping post=<column> metrics=\"<column> = <metric>; …\" [day=<column>]` (how to read "
    "a CSV export no importer knows); "
    "a deliverable: `product d1`, "
    "`draft d1 <link>`, `approve d1`, `changes d1 <notes>`, `reject d1 <requirement> "
    "[notes]`, `live d1 <permalink> caption=\"…\" [published=<time>]`, `down d1 [notes]`, "
    "`cancel d1 [reason]`; a payment milestone: `invoice m1 <number>`, `paid m1 "
    "[reference]`, `received m1`, `dispute m1 <reason>`.")


@dataclass(frozen=True)
class _After:
    """What follows the item's key: its words, the text as typed and the fields."""

    words: tuple[str, ...]
    text: str
    fields: Mapping[str, str]


def _after_key(request: CampaignRequest) -> _After:
    words = request.words[1:]
    parts = request.text.split(None, 1)
    text = parts[1] if len(parts) > 1 else ""
    # Fields are not free text: `caption="…"` is read as a field, not as notes.
    for name, value in request.fields.items():
        for typed in (f'{name}="{value}"', f"{name}={value}"):
            text = text.replace(typed, "")
    return _After(words, " ".join(text.split()), request.fields)


def _key(request: CampaignRequest, state: CampaignState, what: str) -> str:
    terms = state.agreed_terms
    if terms is None:
        raise Refusal(f"Campaign {state.id} has no agreement in force yet: its "
                      f"{what}s move once every party has accepted a version.")
    keys = ([d.key for d in terms.deliverables] if what == "deliverable"
            else [m.key for m in terms.payment.milestones])
    given = request.words[0] if request.words else ""
    if given not in keys:
        asked = f"{given!r} is not one" if given else "Name one"
        raise Refusal(f"{asked} of the {what}s of campaign {state.id}: "
                      f"{', '.join(keys)}.")
    return given


def _version_hash(request: CampaignRequest, state: CampaignState) -> str:
    given = request.words[0].lower() if request.words else ""
    if not HASH_PREFIX.match(given):
        shown = state.discussed_version
        hint = f" (the version under discussion: {shown.hash})" if shown else ""
        raise Refusal("Accept a version by its hash, at least its first 8 characters: "
                      f"`campaign accept <hash>`{hint}.")
    matches = [v.hash for v in state.versions if v.hash.startswith(given)]
    if len(matches) != 1:
        raise Refusal(f"No version of campaign {state.id} has the hash {given}."
                      if not matches else f"{given} is the start of more than one hash: "
                      "give more of it.")
    return matches[0]


def _text(text: str, what: str, limit: int = TEXT_LIMIT, required: bool = False) -> str:
    text = text.strip()
    if required and not text:
        raise Refusal(f"Give the {what}.")
    if len(text) > limit:
        raise Refusal(f"The {what} is longer than {limit} characters.")
    return text


def _time(value: str, now: datetime) -> datetime:
    """`published=` as the platform shows it: an ISO time, UTC unless it says its zone."""
    if not value:
        return now
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise Refusal(f"published={value!r} is not a time such as 2026-05-19T14:30 or "
                      "2026-05-19T14:30+02:00.") from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if moment > now:
        raise Refusal("The publish time is in the future: give the time the platform shows.")
    return moment.astimezone(UTC)


def _link(after: _After, what: str) -> str:
    link = after.words[0] if after.words else ""
    return _text(link, what, LINK_LIMIT, required=True)


def _live(after: _After, now: datetime) -> MarkLive:
    return MarkLive(_link(after, "permalink"), _time(after.fields.get("published", ""), now),
                    _text(after.fields.get("caption", ""), "caption as posted", CAPTION_LIMIT))


def _reject(after: _After, now: datetime) -> Reject:
    requirement = after.words[0] if after.words else ""
    if not requirement:
        raise Refusal("Reject citing the objective requirement the draft breaks: "
                      "`reject d1 r2 [notes]`.")
    notes = after.text.split(None, 1)[1] if len(after.text.split(None, 1)) > 1 else ""
    return Reject(requirement, _text(notes, "notes"))


_DELIVERABLE_MOVES: dict[str, Callable[[_After, datetime], DeliverableCommand]] = {
    "product": lambda after, now: ConfirmProductReceived(),
    "draft": lambda after, now: SubmitDraft(_link(after, "draft's link")),
    "approve": lambda after, now: Approve(),
    "changes": lambda after, now: RequestChanges(_text(after.text, "changes", required=True)),
    "reject": _reject,
    "live": _live,
    "down": lambda after, now: ReportTakenDown(_text(after.text, "notes")),
    "cancel": lambda after, now: Cancel(_text(after.text, "reason")),
}

_MILESTONE_MOVES: dict[str, Callable[[_After, datetime], MilestoneCommand]] = {
    "invoice": lambda after, now: Invoice(_text(after.text, "invoice number or link",
                                                LINK_LIMIT, required=True)),
    "paid": lambda after, now: MarkPaid(_text(after.text, "reference")),
    "received": lambda after, now: ConfirmPayment(),
    "dispute": lambda after, now: Dispute(_text(after.text, "reason", required=True)),
}
