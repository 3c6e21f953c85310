"""Draws the phase machine (Mermaid) and the rules table (who may do what, when) as Markdown:
`make diagram` writes docs/phases.md, and a test fails when the committed file is stale."""

from __future__ import annotations

from bot.domain.identity import Role
from bot.domain.machine import TRANSITIONS
from bot.domain.phases import Phase
from bot.domain.rules import RULES

_ROLES = (Role.CLAIMANT, Role.RESPONDENT, Role.MEDIATOR, Role.OUTSIDER)


def mermaid() -> str:
    lines = ["stateDiagram-v2"]
    for t in TRANSITIONS:
        source = "[*]" if t.source is None else t.source.value
        lines.append(f"    {source} --> {t.target.value} : {t.trigger}")
    lines.append("    closed --> [*]")
    return "\n".join(lines)


def rules_table() -> str:
    phases = list(Phase)
    head = "| subcommand | " + " | ".join(p.value for p in phases) + " |"
    lines = [head, "|---" * (len(phases) + 1) + "|"]
    for rule in RULES:
        if rule.phases is None:
            continue
        cells = [", ".join(r.value for r in _ROLES if r in rule.roles) if p in rule.phases
                 else "—" for p in phases]
        lines.append(f"| `{rule.subcommand}` | " + " | ".join(cells) + " |")
    anywhere = ", ".join(f"`{rule.subcommand}`" for rule in RULES if rule.phases is None)
    lines += ["", f"{anywhere}: anyone, not tied to one case."]
    return "\n".join(lines)


def document() -> str:
    return (
        "# Case phases\n\n"
        "Generated from `bot/domain/machine.py` and `bot/domain/rules.py` by `make diagram`; "
        "a test fails when it is stale.\n\n"
        "```mermaid\n" + mermaid() + "\n```\n\n"
        "## Who may use which subcommand in which phase\n\n"
        "The table gates every command. Finer rules apply inside a cell: `caucus`, `note` and "
        "`close` need the mediator who took the case, and once a case is taken the other "
        "mediators of the community are outsiders to it; a side answers only the other side's "
        "open proposals and withdraws only its own; every amount is in the case's currency; "
        "after both signatures or a decision there is no impasse to declare; `decide` needs "
        "a case joined under binding rules; a mediator who handed the case on, or whose "
        "decision is appealed, is an outsider to it from then on; an observer reads what its "
        "side reads and acts only as that side's delegate (then with the party's role). "
        "`help` and `status` offer exactly the moves that pass all of these "
        "(`bot/domain/offers.py`).\n\n"
        + rules_table() + "\n"
    )


if __name__ == "__main__":
    print(document(), end="")
