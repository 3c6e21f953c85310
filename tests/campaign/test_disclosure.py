"""Disclosure checks on a live post's caption, by regime (CAMPAIGNS.md §4).

Each table row is a caption, why it is there, and which checks fail (all others pass); the
label found and the unclear token named are checked too. The rows are the rules, as examples:
a clear label passes; none, or only an unclear token, fails; the label must be up front
(within 125 characters and 3 lines) and not only in the hashtags that end the caption; and the
caption is read as its reader sees it (Unicode look-alikes, invisible characters, every newline
kind, emoji counted as one character each).
"""

from __future__ import annotations

import dataclasses
import operator
import tomllib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.campaign.checks.disclosure import (
    NOT_LEGAL_ADVICE,
    DisclosureReport,
    DisclosureRule,
    Platform,
    Regime,
    check_disclosure,
    rule_list,
    rule_list_from,
)
from bot.campaign.checks.disclosure_text import Position, clusters, fold, read_caption

PRESENT = DisclosureRule.LABEL_PRESENT
UP_FRONT = DisclosureRule.LABEL_UP_FRONT
TRAILING = DisclosureRule.LABEL_NOT_ONLY_IN_TRAILING_HASHTAGS
UNCLEAR = DisclosureRule.NOT_ONLY_AMBIGUOUS
SWITCH = DisclosureRule.PLATFORM_SWITCH
NO_LABEL = frozenset({PRESENT, UP_FRONT, TRAILING})
ONLY_UNCLEAR = NO_LABEL | {UNCLEAR}
NONE: frozenset[DisclosureRule] = frozenset()
LATE = frozenset({UP_FRONT})
BURIED = frozenset({TRAILING})
BRAND = "Glow Co"
TAG_AD = "\U000e0023\U000e0061\U000e0064"  # "#ad" in tag characters: invisible


@dataclasses.dataclass(frozen=True)
class Row:
    why: str
    caption: str
    fails: frozenset[DisclosureRule]
    label: str | None = None  # the accepted label found first, as the reader sees it
    unclear: str | None = None  # the unclear token named first
    brand: str | None = None


def at(character: int, label: str) -> str:
    """A caption whose `label` starts at `character` (counted from 1)."""
    return ("x" * (character - 2) + " " if character > 1 else "") + label + " for the summer"


def on_line(line: int, label: str) -> str:
    return "a line\n" * (line - 1) + label + " summer picks"


US_FTC = [
    Row("a hashtag label first", "#ad Loving my new serum from @glowco", NONE, "#ad"),
    Row("the word, any case", "SPONSORED: my routine with @glowco", NONE, "SPONSORED"),
    Row("'Advertisement' as a word", "Advertisement | trying the serum", NONE, "Advertisement"),
    Row("#<Brand>Partner with the brand named", "#GlowCoPartner morning routine", NONE,
        "#GlowCoPartner", brand=BRAND),
    Row("#<Brand>_Ambassador, underscores", "#Glow_Co_Ambassador day 1", NONE,
        "#Glow_Co_Ambassador", brand=BRAND),
    Row("#<Brand>Partner means nothing without the brand", "#GlowCoPartner day 1", NO_LABEL),
    Row("no label at all", "Loving this serum, link in bio", NO_LABEL),
    Row("#adidas is not #ad", "#adidas run club", NO_LABEL),
    Row("#advent is not #ad", "#advent calendar day 3", NO_LABEL),
    Row("'ad' is not in 'made' or 'add'", "I made an add-on for my routine", NO_LABEL),
    Row("'ad-free' is not a label", "An ad-free weekend", NO_LABEL),
    Row("@ad is a mention, not a label", "Say hi to @ad today", NO_LABEL),
    Row("ad@ is an address, not a label", "Write to ad@glowco.com", NO_LABEL),
    Row("#sp and #spon alone", "#sp #spon morning glow", ONLY_UNCLEAR, unclear="#sp"),
    Row("'thanks <brand>' alone", "Thanks @GlowCo for the serum!", ONLY_UNCLEAR,
        unclear="Thanks @GlowCo", brand=BRAND),
    Row("#partner and #collab alone", "New drop #partner #collab", ONLY_UNCLEAR,
        unclear="#partner"),
    Row("an unclear token beside a label is fine", "#collab with @glowco #ad today", NONE,
        "#ad", "#collab"),
    Row("ends at character 125: visible", at(123, "#ad"), NONE, "#ad"),
    Row("starts at 124, ends at 126: cut by 'more'", at(124, "#ad"), LATE, "#ad"),
    Row("starts at 126", at(126, "#ad"), LATE, "#ad"),
    Row("on line 3", on_line(3, "#ad"), NONE, "#ad"),
    Row("on line 4", on_line(4, "#ad"), LATE, "#ad"),
    Row("only in a trailing run of 3 hashtags", "Sunday reset\n#skincare #glow #ad", BURIED,
        "#ad"),
    Row("a caption of hashtags only is such a run", "#ad #skincare #glow", BURIED, "#ad"),
    Row("a label apart from the trailing run", "Sunday reset #ad with @glowco\n#skin #glow #spf",
        NONE, "#ad"),
    Row("a hashtag label just before the run joins it", "Sunday reset #ad\n#skin #glow #spf",
        BURIED, "#ad"),
    Row("two hashtags are not a run", "Sunday reset\n#skincare #ad", NONE, "#ad"),
    Row("dots and emoji do not break the run", "Reset\n.\n#skin ✨ #glow #ad", BURIED,
        "#ad"),
    Row("a zero-width joiner inside: reads #ad", "#a\u200dd morning", NONE, "#ad"),
    Row("a zero-width space after #: reads #ad", "#\u200bad morning", NONE, "#ad"),
    Row("#ad in invisible tag characters is not there", TAG_AD + " morning", NO_LABEL),
    Row("full-width ＃ＡＤ is #AD", "＃ＡＤ new serum", NONE, "#AD"),
    Row("mathematical bold letters read as AD", "𝐀𝐃 new drop", NONE, "AD"),
    Row("CRLF is one line break: line 3", "line one\r\nline two\r\n#ad", NONE, "#ad"),
    Row("CR alone breaks lines: line 4", "a\rb\rc\r#ad", LATE, "#ad"),
    Row("U+2028, U+2029, U+0085 break lines", "a\u2028b\u2029c\x85#ad", LATE, "#ad"),
    Row("an emoji with its skin tone is one character: ends at 125", "👍🏽" * 121 + " #ad", NONE,
        "#ad"),
    Row("a flag is one character: ends at 126", "🇺🇸" * 122 + " #ad", LATE, "#ad"),
    Row("a joined family is one character", "👩‍👩‍👧" * 100 + " #ad", NONE, "#ad"),
]

UK_ASA = [
    Row("'Ad' first", "Ad | My summer picks from @glowco", NONE, "Ad"),
    Row("#ad", "#ad summer picks", NONE, "#ad"),
    Row("'Advert'", "Advert: summer picks", NONE, "Advert"),
    Row("the longest label at a place", "Advertisement feature - picks", NONE,
        "Advertisement feature"),
    Row("#advertising", "#advertising summer", NONE, "#advertising"),
    Row("'sponsored by' alone", "Sponsored by @glowco", ONLY_UNCLEAR, unclear="Sponsored by"),
    Row("#sponsored is not an ASA label", "#sponsored summer", ONLY_UNCLEAR,
        unclear="#sponsored"),
    Row("'in partnership with' alone", "In partnership with @glowco", ONLY_UNCLEAR,
        unclear="In partnership with"),
    Row("'gifted' alone", "Gifted by @glowco, thoughts my own", ONLY_UNCLEAR, unclear="Gifted"),
    Row("'PR' alone", "PR package from @glowco", ONLY_UNCLEAR, unclear="PR"),
    Row("#aff alone", "#aff link in bio", ONLY_UNCLEAR, unclear="#aff"),
    Row("'thanks to' alone", "Thanks to @glowco", ONLY_UNCLEAR, unclear="Thanks to"),
    Row("'gifted' with a label is fine", "Gifted #ad", NONE, "#ad", "Gifted"),
    Row("#adidas is not #ad", "#adidas haul", NO_LABEL),
    Row("'ad' is not in 'made' or 'add'", "I made it, I'll add more", NO_LABEL),
    Row("'Ad' at 124-125", at(124, "Ad"), NONE, "Ad"),
    Row("'Ad' at 125-126", at(125, "Ad"), LATE, "Ad"),
    Row("on line 4", on_line(4, "#ad"), LATE, "#ad"),
    Row("only in a trailing run", "Summer picks\n#summer #beach #ad", BURIED, "#ad"),
    Row("a byte-order mark is invisible", "\ufeffAd summer", NONE, "Ad"),
    Row("a soft hyphen inside: reads Ad", "A\u00add summer", NONE, "Ad"),
    Row("a Hangul filler inside: reads Advert", "Ad\u3164vert summer", NONE, "Advert"),
    Row("CRLF: line 3", "one\r\ntwo\r\n#ad", NONE, "#ad"),
]

IN_ASCI = [
    Row("#ad", "#ad new launch", NONE, "#ad"),
    Row("#collaboration", "#collaboration with @glowco", NONE, "#collaboration"),
    Row("'Partnership'", "Partnership with @glowco", NONE, "Partnership"),
    Row("#sponsored is an ASCI label", "#sponsored launch", NONE, "#sponsored"),
    Row("'Free gift'", "Free gift from @glowco", NONE, "Free gift"),
    Row("#freegift, run together", "#freegift from @glowco", NONE, "#freegift"),
    Row("#employee", "#employee life at glowco", NONE, "#employee"),
    Row("#collab alone", "#collab with @glowco", ONLY_UNCLEAR, unclear="#collab"),
    Row("#partner alone", "#partner launch", ONLY_UNCLEAR, unclear="#partner"),
    Row("'gifted' alone", "gifted by @glowco", ONLY_UNCLEAR, unclear="gifted"),
    Row("#partnerships is not #partnership", "#partnerships launch", NO_LABEL),
    Row("#adidas is not #ad", "#adidas launch", NO_LABEL),
    Row("ends at 125", at(123, "#ad"), NONE, "#ad"),
    Row("ends at 126", at(124, "#ad"), LATE, "#ad"),
    Row("on line 3", on_line(3, "#ad"), NONE, "#ad"),
    Row("on line 4", on_line(4, "#ad"), LATE, "#ad"),
    Row("a Devanagari vowel sign counts with its letter", "कि" * 120 + " #ad", NONE, "#ad"),
    Row("only in a trailing run", "New launch\n#glow #skin #collaboration", BURIED,
        "#collaboration"),
    Row("upper case", "#AD launch", NONE, "#AD"),
]

TABLE = [
    *((Regime.US_FTC, row) for row in US_FTC),
    *((Regime.UK_ASA, row) for row in UK_ASA),
    *((Regime.IN_ASCI, row) for row in IN_ASCI),
]


@pytest.mark.parametrize(("regime", "row"), TABLE, ids=[f"{r}: {row.why}" for r, row in TABLE])
def test_caption_table(regime: Regime, row: Row) -> None:
    report = check_disclosure(row.caption, regime, brand=row.brand)
    by_rule = {check.rule: check for check in report.checks}
    assert {check.rule for check in report.failed} == row.fails
    assert report.passed == (not row.fails)
    assert by_rule[PRESENT].token == row.label
    assert by_rule[UNCLEAR].token == row.unclear


def test_each_regime_has_a_table_of_at_least_15_captions() -> None:
    assert min(len(US_FTC), len(UK_ASA), len(IN_ASCI)) >= 15


def test_a_check_names_its_regime_version_and_where_the_token_is() -> None:
    report = check_disclosure("Hi\r\nthere #ad", Regime.US_FTC)
    present = report.checks[0]
    assert (report.regime, report.version) == (Regime.US_FTC, rule_list(Regime.US_FTC).version)
    assert (present.regime, present.version) == (report.regime, report.version)
    assert present.position == Position(character=10, line=2)  # the line break counts one
    assert '"#ad" (character 10, line 2)' in present.explanation
    assert "US FTC" in present.explanation and present.version in present.explanation


@pytest.mark.parametrize(("regime", "row"), TABLE[::7])
def test_every_explanation_says_it_is_a_signal_not_legal_advice(regime: Regime, row: Row) -> None:
    report = check_disclosure(row.caption, regime, platform_switch_on=False)
    assert all(check.explanation.endswith(NOT_LEGAL_ADVICE) for check in report.checks)


def test_a_failing_position_says_which_limit_it_passed() -> None:
    late = check_disclosure(on_line(4, "#ad"), Regime.US_FTC).checks[1]
    assert "it is on line 4" in late.explanation
    cut = check_disclosure(at(124, "#ad"), Regime.US_FTC).checks[1]
    assert "it ends at character 126" in cut.explanation


# -- the platform's own switch ---------------------------------------------------------------
def test_the_platform_switch_is_its_own_check_and_for_the_ftc_not_enough_alone() -> None:
    report = check_disclosure("Morning routine", Regime.US_FTC, platform=Platform.INSTAGRAM,
                              platform_switch_on=True)
    switch = report.checks[-1]
    assert (switch.rule, switch.passed) == (SWITCH, True)
    assert 'Instagram\'s "Paid partnership" label was on' in switch.explanation
    assert "not assumed enough on its own" in switch.explanation
    assert not report.passed  # the caption still has no label


def test_a_switch_left_off_fails_and_an_unknown_one_is_not_reported() -> None:
    off = check_disclosure("#ad", Regime.UK_ASA, platform=Platform.TIKTOK,
                           platform_switch_on=False)
    assert [check.rule for check in off.failed] == [SWITCH]
    assert "Disclose commercial content" in off.failed[0].explanation
    assert SWITCH not in {check.rule for check in check_disclosure("#ad", Regime.UK_ASA).checks}


def test_a_rule_list_that_takes_the_switch_alone_passes_on_it() -> None:
    lenient = dataclasses.replace(rule_list(Regime.US_FTC), platform_switch_alone_enough=True)
    report = check_disclosure("Morning routine", Regime.US_FTC, platform=Platform.YOUTUBE,
                              platform_switch_on=True, rules=lenient)
    assert report.passed and report.failed  # the caption's own checks still say what is missing
    assert not check_disclosure("Morning routine", Regime.US_FTC, platform_switch_on=False,
                                rules=lenient).passed


# -- the rule lists, shipped as data ---------------------------------------------------------
@pytest.mark.parametrize("regime", list(Regime))
def test_each_rule_list_loads_with_a_dated_version_a_source_and_clean_labels(
        regime: Regime) -> None:
    rules = rule_list(regime)
    assert rules.regime == regime and rule_list(regime) is rules  # read once
    date.fromisoformat(rules.version)
    assert rules.source.title and rules.source.url.startswith("https://")
    for entries in (rules.accepted, rules.ambiguous):
        assert len(set(entries)) == len(entries), "a label is listed twice"
        assert [fold(entry) for entry in entries] == list(entries), "labels are written folded"
    assert rules.accepted and not set(rules.accepted) & set(rules.ambiguous)


def test_the_rule_lists_are_package_data() -> None:
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    package_data = pyproject["tool"]["setuptools"]["package-data"]["bot"]
    assert "campaign/checks/disclosure_rules/*.json" in package_data


GOOD = {"regime": "us_ftc", "name": "x", "version": "1", "source": {"title": "t", "url": "u"},
        "accepted": ["ad"], "ambiguous": []}


@pytest.mark.parametrize("data", [None, [], {}, {"regime": "us_ftc"}, {**GOOD, "regime": "mars"},
                                  {**GOOD, "accepted": "ad"}, {**GOOD, "accepted": []},
                                  {**GOOD, "source": "ftc.gov"}])
def test_a_malformed_rule_list_is_refused_with_a_value_error(data: object) -> None:
    with pytest.raises(ValueError, match="rule list"):
        rule_list_from(data)
    assert rule_list_from(GOOD).accepted == ("ad",)


def test_a_regime_is_found_by_name_and_a_typo_is_none() -> None:
    assert Regime.named(" US-FTC ") is Regime.US_FTC
    assert Regime.named("uk asa") is Regime.UK_ASA
    assert Regime.named("ftc?") is None


# -- how a caption is read -------------------------------------------------------------------
def test_user_perceived_characters_not_code_points() -> None:
    assert list(clusters("a👍🏽🇺🇸👩‍👩‍👧é")) == ["a", "👍🏽", "🇺🇸", "👩‍👩‍👧", "é"]
    assert read_caption("…\u200bx").pieces[-1].character == 2  # "…" is 1, the ZWSP none


def test_folding_is_nfkc_casefold_without_invisible_characters() -> None:
    assert fold("＃ＡＤ\u200b Straße\r\nx") == "#ad strasse\nx"


# -- properties ------------------------------------------------------------------------------
ANY_CHARACTER = st.characters(exclude_categories=())
any_text = st.one_of(
    st.text(ANY_CHARACTER, max_size=300),
    st.builds(operator.mul, st.text(ANY_CHARACTER, min_size=1, max_size=10), st.integers(1, 300)),
)
CAPTION_WORDS = ["#ad", "ad", "made", "#adidas", "sponsored", "#spon", "#collab", "Ad", "gifted",
                 "#glow", "#skin", "thanks", "@glowco", "advert", "feature", "\n", "x" * 40]
caption_like = st.lists(st.sampled_from(CAPTION_WORDS), max_size=20).map(" ".join)
INVISIBLE = st.sampled_from(["\u200b", "\u2060", "\ufeff", "\u00ad", "\u200e"])


def outcome(report: DisclosureReport) -> list[tuple[object, ...]]:
    return [(check.rule, check.passed, check.token, check.position) for check in report.checks]


@settings(max_examples=150, deadline=None)
@given(any_text, st.sampled_from(list(Regime)), st.none() | any_text,
       st.none() | st.sampled_from(list(Platform)), st.none() | st.booleans())
def test_any_text_gives_a_report_naming_regime_and_version(
        caption: str, regime: Regime, brand: str | None, platform: Platform | None,
        switch: bool | None) -> None:
    report = check_disclosure(caption, regime, brand=brand, platform=platform,
                              platform_switch_on=switch)
    assert (report.regime, report.version) == (regime, rule_list(regime).version)
    assert all((c.regime, c.version) == (regime, report.version) for c in report.checks)
    assert report.passed == all(check.passed for check in report.checks)
    for check in report.checks:
        assert check.position is None or check.position.character >= check.position.line >= 1


@settings(max_examples=100, deadline=None)
@given(caption_like, st.sampled_from(list(Regime)), st.data())
def test_invisible_characters_change_nothing(caption: str, regime: Regime,
                                             data: st.DataObject) -> None:
    places = data.draw(st.lists(st.integers(0, len(caption)), max_size=5))
    hidden = caption
    for place in sorted(places, reverse=True):
        hidden = hidden[:place] + data.draw(INVISIBLE) + hidden[place:]
    assert outcome(check_disclosure(hidden, regime, brand=BRAND)) == outcome(
        check_disclosure(caption, regime, brand=BRAND))


@settings(max_examples=100, deadline=None)
@given(caption_like, st.sampled_from(list(Regime)))
def test_case_changes_nothing_but_the_token_shown(caption: str, regime: Regime) -> None:
    def verdicts(text: str) -> list[bool]:
        return [check.passed for check in check_disclosure(text, regime).checks]

    assert verdicts(caption.upper()) == verdicts(caption) == verdicts(caption.lower())


def test_a_long_caption_is_read() -> None:
    report = check_disclosure("word " * 20_000 + "#ad", Regime.US_FTC)
    assert [check.rule for check in report.failed] == [UP_FRONT]
