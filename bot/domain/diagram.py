"""Draws the phase machine as Markdown with a Mermaid state diagram (`make diagram`)."""

from __future__ import annotations

from bot.domain.machine import TRANSITIONS


def mermaid() -> str:
    lines = ["stateDiagram-v2"]
    for t in TRANSITIONS:
        source = "[*]" if t.source is None else t.source.value
        lines.append(f"    {source} --> {t.target.value} : {t.trigger}")
    lines.append("    closed --> [*]")
    return "\n".join(lines)


def document() -> str:
    return (
        "# Case phases\n\n"
        "Generated from `bot/domain/machine.py` by `make diagram`; "
        "a test fails when it is stale.\n\n"
        "```mermaid\n" + mermaid() + "\n```\n"
    )


if __name__ == "__main__":
    print(document(), end="")
