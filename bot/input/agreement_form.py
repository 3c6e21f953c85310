"""The guided agreement: a cover page and one short form per deliverable, asked in chat
(console prompts today), made into an agreement document and read by the very importer an
agreement file goes through (`bot.campaign.terms.terms_reading.read_terms`): one set of rules
for the terms, however they were typed.

The forms ask what most campaigns need — the parties, the fee and when it is paid, the review
window, a late-delivery clause, each deliverable's format, window and caption musts. Anything
richer (usage rights, exclusivity, kill fees, KPIs) is written in a file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.campaign.checks.disclosure import Regime
from bot.campaign.parties import CampaignRole
from bot.campaign.terms.deliverables import Format
from bot.campaign.terms.relationship import Relationship
from bot.domain.identity import Actor
from bot.input.forms import PARTY_KINDS, Field, Form

MOST_DELIVERABLES = 10
DISCLOSURE_LABELS = frozenset({"#ad", "#advert", "#advertisement", "#sponsored",
                               "#paidpartnership", "#paidpartner", "#collab"})

COVER = Form(
    "campaign",
    "A campaign agreement: the cover page",
    (
        Field("title", "Campaign title", required=True, max_length=150),
        Field("counterpart", "The other party (@name)", required=True, max_length=100),
        Field("side", "You are the", "choice", required=True, choices=PARTY_KINDS),
        Field("counterpart_side", "They are the", "choice", choices=PARTY_KINDS),
        Field("relationship", "Relationship", "choice", choices=tuple(Relationship),
              hint="default: paid"),
        Field("disclosure_regime", "Disclosure rules", "choice", required=True,
              choices=tuple(Regime)),
        Field("time_zone", "Time zone of the deadlines", max_length=60,
              hint="e.g. Europe/Paris; default UTC"),
        Field("total", "The fee", "amount", required=True),
        Field("currency", "Currency", "currency", required=True, max_length=3),
        Field("deposit", "Paid on signing, in percent of the fee", "count",
              hint="the rest is due when the last deliverable goes live; default 0"),
        Field("net_days", "Days to pay once a payment is due", "count", hint="default 30"),
        Field("review_hours", "Hours to review a draft (silence approves it)", "count",
              hint="default 72"),
        Field("late_percent", "Fee reduction per day late, in percent", "count",
              hint="none: no late-delivery clause"),
        Field("late_cap", "Reduction at most, in percent", "count", hint="default 25"),
        Field("deliverables", "How many deliverables", "count", required=True),
    ),
)

DELIVERABLE = Form(
    "deliverable",
    "A deliverable",
    (
        Field("format", "Format", "choice", required=True, choices=tuple(Format)),
        Field("publish_from", "Live from, days after signing", "count", required=True),
        Field("publish_by", "Live by, days after signing", "count", required=True),
        Field("draft_days", "Draft due, days after signing", "count",
              hint="none: no draft to review"),
        Field("keep_live_days", "Days it stays live", "count", hint="default 30"),
        Field("caption", "The caption must carry", max_length=300,
              hint="e.g. #ad @brand #Partner CODE15"),
    ),
)


def agreement_document(proposer: Actor, cover: Mapping[str, str],
                       deliverables: Sequence[Mapping[str, str]]) -> dict[str, Any]:
    """The agreement the answers state, as the plain data of an agreement file (checked
    values in: `validate(COVER, …)`, `validate(DELIVERABLE, …)`)."""
    mine = CampaignRole(cover["side"])
    theirs = CampaignRole(cover.get("counterpart_side") or (
        CampaignRole.BRAND.value if mine is CampaignRole.CREATOR else CampaignRole.CREATOR.value))
    keys = [f"d{n}" for n in range(1, len(deliverables) + 1)]
    document: dict[str, Any] = {
        "title": cover["title"],
        "relationship": cover.get("relationship") or Relationship.PAID.value,
        "disclosure_regime": cover["disclosure_regime"],
        "time_zone": cover.get("time_zone") or "UTC",
        "parties": [
            {"user_id": proposer.user_id, "name": proposer.name, "role": mine.value,
             "duties": _duties(mine)},
            {"user_id": cover["counterpart"],
             "name": cover["counterpart"].removeprefix("@"), "role": theirs.value,
             "duties": _duties(theirs)},
        ],
        "deliverables": [_deliverable(key, d) for key, d in zip(keys, deliverables,
                                                                strict=True)],
        "approval": {"required": True, "review_window": f"{cover.get('review_hours') or 72} "
                     "hours", "on_silence": "approve", "edit_rounds": 1},
        "payment": {"currency": cover["currency"], "total": cover["total"],
                    "milestones": _milestones(cover, keys)},
    }
    if cover.get("late_percent") and int(cover["late_percent"]):
        document["clauses"] = [{
            "key": "c1", "kind": "late_delivery", "deliverables": keys,
            "percent_per_period": int(cover["late_percent"]), "period": "day",
            "rounding": "per_started_period", "cap_percent": int(cover.get("late_cap") or 25),
            "force_majeure_suspends": True}]
    return document


def _duties(role: CampaignRole) -> list[str]:
    return ["payee"] if role.side.value == "creator" else ["approver", "payer"]


def _deliverable(key: str, answers: Mapping[str, str]) -> dict[str, Any]:
    schedule: dict[str, Any] = {
        "anchor": "agreement_accepted",
        "publish_window": {"start": f"{answers['publish_from']} days",
                           "end": f"{answers['publish_by']} days"},
        "keep_live_days": int(answers.get("keep_live_days") or 30)}
    if answers.get("draft_days"):
        schedule["draft_due"] = f"{answers['draft_days']} days"
    musts = answers.get("caption", "").split()
    return {"key": key, "format": answers["format"], "quantity": 1, "schedule": schedule,
            "requirements": [{"key": f"r{n}", "kind": _kind(token), "value": token,
                              "objective": True} for n, token in enumerate(musts, start=1)]}


def _kind(token: str) -> str:
    if token.casefold() in DISCLOSURE_LABELS:
        return "disclosure"
    if token.startswith("@"):
        return "brand_tag"
    return "hashtag" if token.startswith("#") else "promo_code"


def _milestones(cover: Mapping[str, str], keys: Sequence[str]) -> list[dict[str, Any]]:
    deposit = int(cover.get("deposit") or 0)
    net = int(cover.get("net_days") or 30)
    on_live = {"percent": 100 - deposit, "trigger": f"deliverable_live:{keys[-1]}" if keys
               else "campaign_end", "net_days": net}
    if not deposit:
        return [{"key": "m1", **on_live}]
    if deposit >= 100:
        return [{"key": "m1", "percent": 100, "trigger": "agreement_accepted", "net_days": net}]
    return [{"key": "m1", "percent": deposit, "trigger": "agreement_accepted", "net_days": net},
            {"key": "m2", **on_live}]
