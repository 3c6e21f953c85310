"""Writes docs/commands.md from the rules table and the forms (`make diagram`); a test fails
when the committed file is stale, so the reference never drifts from the code."""

from __future__ import annotations

from bot.domain.rules import RULES
from bot.input.forms import FORMS


def document() -> str:
    lines = [
        "# Commands and forms",
        "",
        "Generated from `bot/domain/rules.py` and `bot/input/forms.py` by `make diagram`.",
        "",
        "`/mediate <subcommand> [case id] [arguments] [field=value ...]`. The case id (`MB-` and",
        "six characters) may be left out inside a case thread. Values with spaces are quoted:",
        '`terms="paid in 7 days"`. Who may use each subcommand in each phase: '
        "[phases.md](phases.md).",
        "",
        "| usage | what |",
        "|---|---|",
    ]
    lines += [f"| `{rule.usage}` | {rule.summary} |" for rule in RULES]
    seen: set[str] = set()
    for form in FORMS.values():
        if form.name in seen:
            continue
        seen.add(form.name)
        users = ", ".join(f"`{n}`" for n, f in FORMS.items() if f is form)
        lines += ["", f"## Form: {form.title} ({users})", "", "| field | label | rules |",
                  "|---|---|---|"]
        for field in form.fields:
            rules = ["required" if field.required else "optional"]
            if field.choices:
                rules.append("one of " + ", ".join(f"`{c}`" for c in field.choices))
            elif field.kind == "amount":
                rules.append("a number ≥ 0 with at most two decimals")
            elif field.kind == "currency":
                rules.append("a three-letter code")
            elif field.kind == "date":
                rules.append("a date, YYYY-MM-DD")
            else:
                rules.append(f"up to {field.max_length} characters")
            lines.append(f"| `{field.name}` | {field.label} | {'; '.join(rules)} |")
        if form.needs_one_of:
            lines += ["", "At least one of " + ", ".join(f"`{n}`" for n in form.needs_one_of)
                      + " must be filled."]
    lines += ["", "An amount needs a currency and a currency an amount; a follow-up needs both "
              "what and by when (a day in the future). Statements: the respondent's `position` "
              "is required; the claimant's is always `claim`."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(document(), end="")
