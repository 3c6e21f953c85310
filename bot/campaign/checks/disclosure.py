"""Is a live post's caption disclosed as advertising, by the rules of the agreement's regime?

The checks are mechanical (CAMPAIGNS.md §4): an accepted label is there; the first one is up
front (within the first 125 characters and 3 lines, before Instagram's "more"); it is not only
inside the run of hashtags that ends the caption; tokens that are unclear on their own
(`#spon`, "thanks <brand>") are not all there is; and, when known, the platform's own
paid-partnership switch was on. Each check is a separate result naming its regime and the
version of the rule list it used. They are signals for the mediation, not legal advice: they
read the caption's words, not what the parties meant, nor the bio, links, comments or video.

The rule lists are data shipped in `disclosure_rules/` (one JSON file per regime, with its
version and source), read once. How a caption is read (Unicode, invisible characters, lines,
positions) is in `disclosure_text`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from bot.campaign.checks.disclosure_text import (
    Caption,
    Occurrence,
    Position,
    fold,
    read_caption,
)

NOT_LEGAL_ADVICE = "This is a signal for the mediation, not legal advice."


class Regime(StrEnum):
    """The disclosure rules an agreement names; each has its rule list in `disclosure_rules/`."""

    US_FTC = "us_ftc"
    UK_ASA = "uk_asa"
    IN_ASCI = "in_asci"

    @classmethod
    def named(cls, text: str) -> Regime | None:
        """The regime someone typed ("us_ftc", "UK-ASA"), or None: a typo is not an error."""
        key = fold(text).strip().replace("-", "_").replace(" ", "_")
        return next((regime for regime in cls if regime.value == key), None)


class Platform(StrEnum):
    """Where the post is live, for the name of its paid-partnership switch."""

    INSTAGRAM = "instagram"
    TIKTOK = "tiktok"
    YOUTUBE = "youtube"

    @property
    def switch(self) -> str:
        """The switch's name as the platform's users know it."""
        return {
            Platform.INSTAGRAM: 'Instagram\'s "Paid partnership" label',
            Platform.TIKTOK: 'TikTok\'s "Disclose commercial content" setting',
            Platform.YOUTUBE: 'YouTube\'s "contains paid promotion" box',
        }[self]


class DisclosureRule(StrEnum):
    """What one check looks at."""

    LABEL_PRESENT = "label_present"
    LABEL_UP_FRONT = "label_up_front"
    LABEL_NOT_ONLY_IN_TRAILING_HASHTAGS = "label_not_only_in_trailing_hashtags"
    NOT_ONLY_AMBIGUOUS = "not_only_ambiguous"
    PLATFORM_SWITCH = "platform_switch"


@dataclass(frozen=True)
class Source:
    """The guideline a rule list is read from, to cite."""

    title: str
    url: str


@dataclass(frozen=True)
class RuleList:
    """One regime's labels, at one version: what is accepted, what alone is not, and options."""

    regime: Regime
    name: str  # as the parties read it: "US FTC"
    version: str  # the date the list was last reviewed
    source: Source
    accepted: tuple[str, ...]  # folded; `#x` only as a hashtag, `{brand}` the brand's name
    ambiguous: tuple[str, ...]
    up_front_characters: int = 125
    up_front_lines: int = 3
    trailing_hashtags: int = 3  # this many hashtags ending the caption are a run readers skip
    platform_switch_alone_enough: bool = False


@dataclass(frozen=True)
class DisclosureCheck:
    """One check's result, in words the parties can read. A signal, not legal advice."""

    rule: DisclosureRule
    passed: bool
    regime: Regime
    version: str
    explanation: str
    token: str | None = None  # the label found, or the offending token, as the reader sees it
    position: Position | None = None


@dataclass(frozen=True)
class DisclosureReport:
    """Every check of one caption under one rule list. A signal, not legal advice."""

    regime: Regime
    version: str
    checks: tuple[DisclosureCheck, ...]
    passed: bool

    @property
    def failed(self) -> tuple[DisclosureCheck, ...]:
        """The checks that did not pass: what the parties are told to look at."""
        return tuple(check for check in self.checks if not check.passed)


@cache
def rule_list(regime: Regime) -> RuleList:
    """The regime's rule list as shipped with the bot, read once."""
    path = resources.files("bot.campaign.checks") / "disclosure_rules" / f"{regime.value}.json"
    return rule_list_from(json.loads(path.read_text(encoding="utf-8")))


def rule_list_from(data: Any) -> RuleList:
    """A rule list from its JSON form; a malformed one is refused with what is wrong."""
    try:
        options = data.get("options", {})
        rules = RuleList(
            regime=Regime(data["regime"]), name=str(data["name"]), version=str(data["version"]),
            source=Source(str(data["source"]["title"]), str(data["source"]["url"])),
            accepted=_labels(data["accepted"]), ambiguous=_labels(data["ambiguous"]),
            up_front_characters=int(options.get("up_front_characters", 125)),
            up_front_lines=int(options.get("up_front_lines", 3)),
            trailing_hashtags=int(options.get("trailing_hashtags", 3)),
            platform_switch_alone_enough=options.get("platform_switch_alone_enough") is True)
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise ValueError(f"not a disclosure rule list: {error!r}") from error
    if not rules.accepted:
        raise ValueError(f"the {rules.name} rule list accepts no label")
    return rules


def _labels(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(label, str) for label in value):
        raise TypeError(f"labels are a list of text, not {value!r}")
    return tuple(value)


def check_disclosure(
    caption: str,
    regime: Regime,
    *,
    brand: str | None = None,
    platform: Platform | None = None,
    platform_switch_on: bool | None = None,
    rules: RuleList | None = None,
) -> DisclosureReport:
    """Check a live post's caption under a regime, so a case can weigh whether it was marked as
    advertising. The result is a signal for the mediation, not legal advice.

    `rules` pins a version of the regime's list (the shipped one by default; the report names
    the list it used). `brand` lets `#<Brand>Partner` count and "thanks <brand>" be recognised;
    the platform switch is reported as its own check when known. Any text is read; none raises.
    """
    rules = rules or rule_list(regime)
    read = read_caption(caption)
    labels = read.find_labels(rules.accepted, brand)
    unclear = read.find_labels(rules.ambiguous, brand)
    checks = [
        _present(rules, labels, brand),
        _up_front(rules, labels),
        _not_only_in_trailing_hashtags(rules, read, labels),
        _not_only_ambiguous(rules, labels, unclear),
    ]
    if platform_switch_on is not None:
        checks.append(_platform_switch(rules, platform, platform_switch_on))
    passed = all(check.passed for check in checks) or (
        rules.platform_switch_alone_enough and platform_switch_on is True)
    return DisclosureReport(rules.regime, rules.version, tuple(checks), passed)


def _result(rules: RuleList, rule: DisclosureRule, passed: bool, words: str,
            found: Occurrence | None = None) -> DisclosureCheck:
    return DisclosureCheck(
        rule, passed, rules.regime, rules.version, f"{words} {NOT_LEGAL_ADVICE}",
        found.text if found else None, found.position if found else None)


def _where(found: Occurrence) -> str:
    return f'"{found.text}" (character {found.position.character}, line {found.position.line})'


def _list_name(rules: RuleList) -> str:
    return f"the {rules.name} rule list of {rules.version}"


def _present(rules: RuleList, labels: list[Occurrence], brand: str | None) -> DisclosureCheck:
    rule = DisclosureRule.LABEL_PRESENT
    if labels:
        return _result(rules, rule, True, f"The caption carries {_where(labels[0])}, "
                       f"a label {_list_name(rules)} accepts.", labels[0])
    shown = ", ".join(f'"{_shown(label, brand)}"' for label in rules.accepted)
    return _result(rules, rule, False, f"The caption carries none of the labels "
                   f"{_list_name(rules)} accepts ({shown}, as a word or a hashtag).")


def _shown(label: str, brand: str | None) -> str:
    name = "".join(fold(brand).split()) if brand and fold(brand).strip() else "<brand>"
    return label.replace("{brand}", name)


def _up_front(rules: RuleList, labels: list[Occurrence]) -> DisclosureCheck:
    rule = DisclosureRule.LABEL_UP_FRONT
    limits = f"the first {rules.up_front_characters} characters and {rules.up_front_lines} lines"
    if not labels:
        return _result(rules, rule, False, f"No accepted label was found, so none is within "
                       f"{limits}, which readers see before \"more\".")
    first = labels[0]
    late = []
    if first.last_character > rules.up_front_characters:
        late.append(f"it ends at character {first.last_character}")
    if first.position.line > rules.up_front_lines:
        late.append(f"it is on line {first.position.line}")
    if late:
        return _result(rules, rule, False, f"The first accepted label, {_where(first)}, is not "
                       f"within {limits}: {' and '.join(late)}, so readers may not see it "
                       f"before \"more\".", first)
    return _result(rules, rule, True, f"The first accepted label, {_where(first)}, is within "
                   f"{limits}, which readers see before \"more\".", first)


def _not_only_in_trailing_hashtags(
        rules: RuleList, read: Caption, labels: list[Occurrence]) -> DisclosureCheck:
    rule = DisclosureRule.LABEL_NOT_ONLY_IN_TRAILING_HASHTAGS
    if not labels:
        return _result(rules, rule, False, "No accepted label was found, so none stands "
                       "apart from the hashtags.")
    count, run_start = read.trailing_hashtags()
    if count < rules.trailing_hashtags:
        return _result(rules, rule, True, f"{_where(labels[0])} is not lost in a run of "
                       f"hashtags: the caption does not end in {rules.trailing_hashtags} or "
                       f"more.", labels[0])
    apart = [label for label in labels if label.start < run_start]
    if apart:
        return _result(rules, rule, True, f"{_where(apart[0])} stands apart from the "
                       f"{count} hashtags that end the caption.", apart[0])
    return _result(rules, rule, False, f"Every accepted label is inside the run of {count} "
                   f"hashtags that ends the caption, where readers skip over them; the first "
                   f"is {_where(labels[0])}.", labels[0])


def _not_only_ambiguous(rules: RuleList, labels: list[Occurrence],
                        unclear: list[Occurrence]) -> DisclosureCheck:
    rule = DisclosureRule.NOT_ONLY_AMBIGUOUS
    if not unclear:
        return _result(rules, rule, True, f"No token that {_list_name(rules)} finds unclear "
                       f"on its own was found.")
    tokens = list(dict.fromkeys(token.text for token in unclear))
    named = ", ".join(f'"{token}"' for token in tokens)
    if labels:
        return _result(rules, rule, True, f"{named} alone would be unclear under "
                       f"{_list_name(rules)}, but the accepted label {_where(labels[0])} is "
                       f"there too.", unclear[0])
    verb = "does" if len(tokens) == 1 else "do"
    return _result(rules, rule, False, f"{named} {verb} not on its own tell readers this is "
                   f"advertising under {_list_name(rules)}, and no accepted label is there; "
                   f"the first is {_where(unclear[0])}.", unclear[0])


def _platform_switch(rules: RuleList, platform: Platform | None, on: bool) -> DisclosureCheck:
    rule = DisclosureRule.PLATFORM_SWITCH
    switch = platform.switch if platform else "the platform's own paid-partnership switch"
    alone = ("is enough on its own" if rules.platform_switch_alone_enough
             else "is not assumed enough on its own; the caption's label still counts")
    if on:
        return _result(rules, rule, True, f"{switch[0].upper()}{switch[1:]} was on. Under "
                       f"{_list_name(rules)} it {alone}.")
    return _result(rules, rule, False, f"{switch[0].upper()}{switch[1:]} was not on: the "
                   f"platform does not mark the post as paid.")
