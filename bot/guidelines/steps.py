"""A penalty as journaled: the payload of `penalty_applied`, and a step read back from it."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from bot.guidelines.commands import Basis, Member
from bot.guidelines.reading import step_document
from bot.guidelines.rulebook import GuidelineRule, Ladder, Scope, Step, StepKind


def penalty_payload(*, number: int, member: Member, rule: GuidelineRule, ladder: Ladder,
                    step: Step, strike: int, basis: Basis, note: str, rulebook: int,
                    version: int, breach: int | None = None) -> dict[str, Any]:
    """What an incident records: the member, the rule and ladder (by key, under which
    rulebook), the step it got, which active strike it was, and what it rests on."""
    return {"number": number, "member": member.to_json(), "rule": rule.key,
            "rule_title": rule.title, "ladder": ladder.key, "step": step_document(step),
            "strike": strike, "strike_days": ladder.strike_days,
            "detection": basis.detection.value, "reference": basis.reference, "note": note,
            "rulebook": rulebook, "rulebook_version": version,
            **({"breach": breach} if breach is not None else {})}


def step_from(document: Mapping[str, Any]) -> Step:
    """A step as `step_document` wrote it."""
    percent = document.get("percent")
    return Step(StepKind(document["kind"]), document.get("days"),
                None if percent is None else Decimal(str(percent)),
                Scope(document["scope"]) if "scope" in document else None)

