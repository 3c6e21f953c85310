"""Draws the life of a deliverable and of a payment milestone (Mermaid) and who may make which
move in which phase, as Markdown: `make diagram` writes docs/campaign_phases.md, and a test
fails when the committed file is stale."""

from __future__ import annotations

from enum import StrEnum

from bot.campaign.life.capacity import Capacity
from bot.campaign.life.deliverable_life import DELIVERABLE_TRANSITIONS, DeliverablePhase
from bot.campaign.life.milestone_life import MILESTONE_TRANSITIONS, MilestonePhase
from bot.campaign.life.moves import PhaseT, Transition
from bot.campaign.life.rules import (
    DELIVERABLE_RULES,
    MILESTONE_RULES,
    CampaignRule,
    Condition,
)

_CONDITION_NOTE = {
    Condition.ALWAYS: "",
    Condition.APPROVAL_REQUIRED: " (if approval is required)",
    Condition.NO_APPROVAL: " (if no approval is required)",
}


def arrow(transition: Transition[PhaseT]) -> str:
    """One transition as the diagram draws it; the test looks for each of these lines."""
    source = "[*]" if transition.source is None else transition.source.value
    return f"    {source} --> {transition.target.value} : {transition.trigger}"


def mermaid(transitions: tuple[Transition[PhaseT], ...], phases: type[StrEnum]) -> str:
    """The state diagram of one lifecycle; phases nothing leaves are drawn as ends."""
    lines = ["stateDiagram-v2", *(arrow(t) for t in transitions)]
    left = {t.source for t in transitions}
    lines += [f"    {phase.value} --> [*]" for phase in phases if phase not in left]
    return "\n".join(lines)


def rules_table(rules: tuple[CampaignRule[PhaseT], ...], phases: list[PhaseT]) -> str:
    """One row per move, one column per phase, each cell who may make it there (and when)."""
    lines = ["| move | " + " | ".join(p.value for p in phases) + " |",
             "|---" * (len(phases) + 1) + "|"]
    for move in dict.fromkeys(rule.move for rule in rules):
        cells = []
        for phase in phases:
            who = [", ".join(c.value for c in Capacity if c in rule.who)
                   + _CONDITION_NOTE[rule.condition]
                   for rule in rules if rule.move is move and phase in rule.phases]
            cells.append("; ".join(who) or "—")
        lines.append(f"| `{move}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def document() -> str:
    """docs/campaign_phases.md, whole."""
    return (
        "# The life of a deliverable and of a payment milestone\n\n"
        "Generated from `bot/campaign/life/deliverable_life.py`, "
        "`bot/campaign/life/milestone_life.py` and `bot/campaign/life/rules.py` by "
        "`make diagram`; a test fails when it is stale.\n\n"
        "## A deliverable\n\n"
        "```mermaid\n" + mermaid(DELIVERABLE_TRANSITIONS, DeliverablePhase) + "\n```\n\n"
        "## A payment milestone\n\n"
        "Overdue is not a phase: it is computed, a due date passed with nothing marked paid.\n\n"
        "```mermaid\n" + mermaid(MILESTONE_TRANSITIONS, MilestonePhase) + "\n```\n\n"
        "## Who may make which move in which phase\n\n"
        "`approver`, `payer` and `payee` are duties the agreement gives a party; "
        "`creator_side` and `brand_side` are any party of that side (an agency acts for the "
        "brand, a talent manager for the creator); `system` is the bot, when a timer runs "
        "out. Finer rules apply inside a cell: a request for changes only within the "
        "agreement's edit rounds; a rejection only citing a requirement the agreement marks "
        "objective; approval by silence only after the review window; `keep_live_done` only "
        "after the keep-live days, `report_taken_down` only before.\n\n"
        "### A deliverable\n\n"
        + rules_table(DELIVERABLE_RULES, list(DeliverablePhase)) + "\n\n"
        "### A payment milestone\n\n"
        + rules_table(MILESTONE_RULES, list(MilestonePhase)) + "\n"
    )


if __name__ == "__main__":
    print(document(), end="")
