"""The term a finding cites, found by its field path (`deliverables[0].schedule.draft_due`,
`payment.milestones[1]`), so a case can show each side the terms in question, and a test can
hold every finding to citing a term that exists."""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass

from bot.campaign.terms.terms import CampaignTerms

_STEP = re.compile(r"([a-z_]+)((?:\[\d+\])*)")
_MISSING = object()


def term_at(terms: CampaignTerms, path: str) -> object | None:
    """The part of `terms` at `path`, or None when the path names nothing in them."""
    found: object = terms
    for step in path.split("."):
        match = _STEP.fullmatch(step)
        if match is None:
            return None
        found = _field(found, match.group(1))
        for index in re.findall(r"\d+", match.group(2)):
            if not isinstance(found, tuple) or int(index) >= len(found):
                return None
            found = found[int(index)]
        if found is _MISSING:
            return None
    return found


def _field(part: object, name: str) -> object:
    if not is_dataclass(part) or name not in {f.name for f in fields(part)}:
        return _MISSING
    return getattr(part, name)


def deliverable_path(terms: CampaignTerms, key: str) -> str:
    """`deliverables[i]` for the deliverable keyed `key` (the key itself if none has it)."""
    index = next((i for i, d in enumerate(terms.deliverables) if d.key == key), None)
    return key if index is None else f"deliverables[{index}]"


def milestone_path(terms: CampaignTerms, key: str) -> str:
    """`payment.milestones[i]` for the milestone keyed `key`."""
    index = next((i for i, m in enumerate(terms.payment.milestones) if m.key == key), None)
    return key if index is None else f"payment.milestones[{index}]"
