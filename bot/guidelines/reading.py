"""A rulebook read from a YAML or JSON document, and written back.

All or nothing: every problem is gathered (the document's shape first, then the rulebook's own
soundness: ladders that exist, keys once, numbers in range) and `InvalidRulebook` names each by
its field path (`rules[3].ladder`); nothing is built from a refused document.
`read_rulebook(rulebook_document(book)) == book` for every rulebook.
"""

from __future__ import annotations

import json
from enum import StrEnum

import yaml

from bot.campaign.checks.finding import FindingKind
from bot.campaign.terms.plain_json import UnreadableText, UnsafeJson, document_text, load_json
from bot.campaign.terms.problems import Problem
from bot.campaign.terms.reading import Fields, kind_of
from bot.campaign.terms.safe_yaml import UnsafeYaml, load_yaml
from bot.guidelines.rulebook import (
    Detection,
    GuidelineRule,
    InvalidRulebook,
    Ladder,
    Rulebook,
    RuleSide,
    Scope,
    Step,
    StepKind,
    rulebook_problems,
)

LARGEST_FILE = 256 * 1024  # bytes
TOP = ("version", "ladders", "rules")
LADDER = ("key", "steps", "strike_days", "window_days")
STEP_OPTIONAL = ("days", "percent", "scope")
RULE = ("key", "side", "title", "detected_by", "evidence", "grace_days", "cure_days", "ladder")


class DocumentFormat(StrEnum):
    YAML = "yaml"
    JSON = "json"


def import_rulebook(content: str | bytes,
                    file_format: DocumentFormat = DocumentFormat.YAML) -> Rulebook:
    """The rulebook a YAML or JSON file states; `InvalidRulebook`, and only that, otherwise."""
    return read_rulebook(_parsed(content, file_format))


def read_rulebook(document: object) -> Rulebook:
    """The rulebook plain data (parsed YAML or JSON) states, all or nothing."""
    if not isinstance(document, dict):
        raise InvalidRulebook([Problem("", "a rulebook is a mapping of fields (version, "
                                       f"ladders, rules), not {kind_of(document)}")])
    found: list[Problem] = []
    top = Fields(document, "", found, TOP, ("automatic",))
    version = top.whole("version")
    ladders = tuple(_ladder(Fields(v, p, found, LADDER)) for p, v in top.items("ladders"))
    rules = tuple(_rule(Fields(v, p, found, RULE, ("finding",))) for p, v in top.items("rules"))
    # What the shape already reports is not reported again from the stand-ins read in its place.
    shapes = {_owner(p.path) for p in found}
    found += [p for p in rulebook_problems(version, rules, ladders)
              if not any(_under(p.path, shape) for shape in shapes)]
    if found:
        raise InvalidRulebook(found)
    return Rulebook(version, rules, ladders, automatic=top.flag("automatic"))


def rulebook_document(rulebook: Rulebook) -> dict[str, object]:
    """The rulebook as plain data, ready for YAML or JSON; reading it back gives it again."""
    written: dict[str, object] = {"version": rulebook.version}
    if rulebook.automatic:
        written["automatic"] = True
    return {
        **written,
        "ladders": [{"key": ladder.key, "steps": [step_document(s) for s in ladder.steps],
                     "strike_days": ladder.strike_days, "window_days": ladder.window_days}
                    for ladder in rulebook.ladders],
        "rules": [_rule_document(rule) for rule in rulebook.rules],
    }


def rulebook_yaml(rulebook: Rulebook) -> str:
    """The rulebook as a YAML file a mediator can edit."""
    return yaml.safe_dump(rulebook_document(rulebook), sort_keys=False, allow_unicode=True)


def _ladder(fields: Fields) -> Ladder:
    steps = tuple(_step(Fields(v, p, fields.found, ("kind",), STEP_OPTIONAL))
                  for p, v in fields.items("steps"))
    return Ladder(fields.text("key"), steps, fields.whole("strike_days"),
                  fields.whole("window_days"))


def _step(fields: Fields) -> Step:
    return Step(fields.choice("kind", StepKind), fields.whole_or_none("days"),
                fields.number_or_none("percent"),
                fields.choice("scope", Scope) if fields.has("scope") else None)


def _rule(fields: Fields) -> GuidelineRule:
    detected: set[Detection] = set()
    for path, item in fields.items("detected_by"):
        if not isinstance(item, str) or item not in tuple(Detection):
            fields.found.append(Problem(path, f"expected one of: {', '.join(Detection)}, "
                                        f"not {kind_of(item)}"))
        elif Detection(item) in detected:
            fields.found.append(Problem(path, f"{item} is already listed"))
        else:
            detected.add(Detection(item))
    finding = fields.choice("finding", FindingKind) if fields.has("finding") else None
    return GuidelineRule(fields.text("key"), fields.choice("side", RuleSide),
                         fields.text("title"), frozenset(detected), fields.texts("evidence"),
                         fields.whole("grace_days"), fields.whole("cure_days"),
                         fields.text("ladder"), finding)


def step_document(step: Step) -> dict[str, object]:
    written: dict[str, object] = {"kind": str(step.kind)}
    if step.days is not None:
        written["days"] = step.days
    if step.percent is not None:
        whole = step.percent == step.percent.to_integral_value()
        written["percent"] = int(step.percent) if whole else f"{step.percent:f}"
    if step.scope is not None:
        written["scope"] = str(step.scope)
    return written


def _rule_document(rule: GuidelineRule) -> dict[str, object]:
    written: dict[str, object] = {
        "key": rule.key, "side": str(rule.side), "title": rule.title,
        "detected_by": [str(d) for d in Detection if d in rule.detected_by],
        "evidence": list(rule.evidence), "grace_days": rule.grace_days,
        "cure_days": rule.cure_days, "ladder": rule.ladder,
    }
    if rule.finding is not None:
        written["finding"] = str(rule.finding)
    return written


def _owner(path: str) -> str:
    """The object a field belongs to (`rules[2]` for `rules[2].side`); a top field itself."""
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else path


def _under(path: str, owner: str) -> bool:
    return path == owner or path.startswith((owner + ".", owner + "["))


def _parsed(content: str | bytes, file_format: DocumentFormat) -> object:
    try:
        text = document_text(content, LARGEST_FILE, "a rulebook")
        if file_format is DocumentFormat.JSON:
            return load_json(text, "a rulebook")
        return load_yaml(text)
    except UnreadableText as unreadable:
        raise InvalidRulebook([Problem("", str(unreadable))]) from None
    except (UnsafeYaml, yaml.YAMLError, ValueError, RecursionError) as error:
        raise InvalidRulebook([Problem("", f"the file cannot be read as {file_format.name}: "
                                       f"{_reason(error)}")]) from None


def _reason(error: Exception) -> str:
    if isinstance(error, UnsafeYaml | json.JSONDecodeError | UnsafeJson):
        return str(error).replace("an agreement file", "a rulebook")
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        return f"line {error.problem_mark.line + 1}: {error.problem or 'not valid YAML'}"
    return type(error).__name__

