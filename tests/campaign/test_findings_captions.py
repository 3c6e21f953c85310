"""Objective requirements on a live caption, read as the disclosure checks read it: each one a
row of what was required, what the caption says, and whether it is there."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.campaign.checks.caption_requirements import requirement_finding
from bot.campaign.checks.disclosure import Regime
from bot.campaign.checks.finding import Finding, FindingKind, Verdict
from bot.campaign.life.deliverable_life import Publication
from bot.campaign.terms.deliverables import Requirement, RequirementKind
from tests.campaign.findings_examples import D1_DUE, REEL, VERSION

_K = RequirementKind


def checked(kind: RequirementKind, value: str, caption: str, objective: bool = True,
            regime: Regime = Regime.US_FTC) -> Finding | None:
    return requirement_finding(Requirement("r1", kind, value, objective),
                               "deliverables[0].requirements[0]", VERSION, "d1",
                               Publication(REEL, D1_DUE, caption), regime)


@pytest.mark.parametrize(("kind", "value", "caption", "there"), [
    (_K.HASHTAG, "#GlowPartner", "Morning routine #GlowPartner", True),
    (_K.HASHTAG, "#GlowPartner", "Morning routine #GlowPartnerships", False),
    (_K.HASHTAG, "GlowPartner", "#glowpartner, every morning", True),
    (_K.HASHTAG, "#GlowPartner", "Glow Partner, no hashtag", False),
    (_K.HASHTAG, "#GlowPartner", "#Glow\u200bPartner (a zero-width space is invisible)", True),
    (_K.MENTION, "@glowskincare", "Thanks @GlowSkincare.", True),
    (_K.MENTION, "@glowskincare", "Thanks @glowskincare_fr", False),
    (_K.MENTION, "glowskincare", "Thanks @glowskincare", True),
    (_K.BRAND_TAG, "@glowskincare", "mail me: mia@glowskincare.com", False),
    (_K.PROMO_CODE, "GLOW15", "Code glow15 at checkout", True),
    (_K.PROMO_CODE, "GLOW15", "Code GLOW150 at checkout", False),
    (_K.PROMO_CODE, "GLOW15", "#GLOW15 for 15% off", True),
    (_K.LINK, "https://glow.example/mia", "Shop: glow.example/mia?utm_source=ig", True),
    (_K.LINK, "glow.example/mia", "Shop: https://www.glow.example/mia/.", True),
    (_K.LINK, "glow.example/mia", "Shop: glow.example/mia-old", False),
    (_K.LINK, "glow.example/mia", "Link in bio!", False),
])
def test_a_requirement_is_there_only_as_written(kind: RequirementKind, value: str, caption: str,
                                                 there: bool) -> None:
    finding = checked(kind, value, caption)
    assert finding is not None and finding.kind is FindingKind.REQUIREMENT_MISSING
    assert finding.verdict is (Verdict.MET if there else Verdict.BREACH), finding.words
    assert finding.evidence[0].reference == REEL


def test_a_subjective_requirement_is_for_the_edit_rounds() -> None:
    assert checked(_K.HASHTAG, "#GlowPartner", "nothing", objective=False) is None


def test_disclosure_follows_the_agreements_regime() -> None:
    # "#sponsored" is a label for the FTC, not for the ASA.
    us = checked(_K.DISCLOSURE, "#ad", "#sponsored Morning routine")
    uk = checked(_K.DISCLOSURE, "#ad", "#sponsored Morning routine", regime=Regime.UK_ASA)
    assert us is not None and uk is not None
    assert (us.verdict, uk.verdict) == (Verdict.MET, Verdict.BREACH)
    assert uk.disclosure is not None and uk.disclosure.regime is Regime.UK_ASA
    assert uk.words.endswith("This is a signal for the mediation, not legal advice.")
    assert uk.words.count("not legal advice") == 1


@given(st.sampled_from(RequirementKind), st.text(max_size=30), st.text(max_size=200),
       st.sampled_from(Regime))
def test_any_requirement_on_any_caption_gives_a_finding(
        kind: RequirementKind, value: str, caption: str, regime: Regime) -> None:
    finding = checked(kind, value, caption, regime=regime)
    assert finding is not None and finding.words
    assert finding.term.path == "deliverables[0].requirements[0]"
