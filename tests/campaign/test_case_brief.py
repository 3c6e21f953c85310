"""A case's brief on a campaign, computed from a record built by real commands: the example
agreement (two deliverables, two milestones, late-delivery clause c1: 5% of the fee for each
started day, at most 25%), accepted 20 April, the product at Mia's on 28 April, the TikTok (d2)
due live by 19 May 17:00 UTC and live on 26 May, seven days late, and m1 (half the fee, due on
acceptance) never paid."""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.campaign.checks.brief_words import brief_words, computed_proposal
from bot.campaign.checks.case_brief import brief_for_case
from bot.campaign.checks.finding import FindingKind, Verdict
from bot.campaign.life.deliverable_commands import (
    Approve,
    ConfirmProductReceived,
    MarkLive,
    SubmitDraft,
)
from bot.campaign.record.commands import (
    AcceptAgreement,
    MoveDeliverable,
    ProposeAgreement,
)
from bot.campaign.record.state import CampaignState
from bot.domain.clock import format_time
from bot.domain.errors import Refusal
from bot.domain.identity import Actor, Role
from bot.domain.journal import GENESIS_HASH, Event, chain, verify_chain
from tests.campaign.record_session import CAMPAIGN_ID, CampaignSession
from tests.campaign.terms_strategies import example_terms

TERMS = example_terms()
ANNA, BRIGHTSIDE, MIA = (Actor(p.user_id, p.name) for p in TERMS.parties)
ACCEPTED = datetime(2026, 4, 20, 13, tzinfo=UTC)  # 09:00 in New York
PRODUCT = datetime(2026, 4, 28, 17, tzinfo=UTC)
D2_DUE = datetime(2026, 5, 19, 17, tzinfo=UTC)  # the publish window's end: 21 days on
LIVE = D2_DUE + timedelta(days=7)
NOW = datetime(2026, 5, 27, 12, tzinfo=UTC)
TIKTOK = "https://www.tiktok.com/@miarivera/video/7371234567890123456"
CAPTION = "#ad My morning routine with #GlowPartner serum"
FEE = Decimal("3000.00")


def proposed() -> CampaignSession:
    session = CampaignSession()
    session.do(ANNA, ProposeAgreement(CAMPAIGN_ID, "slack:T0GLOW", TERMS),
               ACCEPTED - timedelta(hours=3))
    return session


def approved_tiktok() -> CampaignSession:
    """Agreed by all three; the product arrives; d2's draft comes on time and is approved."""
    session = proposed()
    version = session.now_state.versions[0].hash
    for hours, who in ((2, BRIGHTSIDE), (1, MIA), (0, ANNA)):
        session.do(who, AcceptAgreement(version), ACCEPTED - timedelta(hours=hours))
    session.do(MIA, MoveDeliverable("d2", ConfirmProductReceived()), PRODUCT)
    session.do(MIA, MoveDeliverable("d2", SubmitDraft("https://drive.example/tt")),
               datetime(2026, 5, 4, 12, tzinfo=UTC))
    session.do(ANNA, MoveDeliverable("d2", Approve()), datetime(2026, 5, 5, 12, tzinfo=UTC))
    return session


APPROVED = approved_tiktok()


def live_at(published: datetime) -> CampaignState:
    """The approved campaign with d2 live at `published` (reported an hour later)."""
    session = CampaignSession(state=APPROVED.state, journal=list(APPROVED.journal))
    session.do(MIA, MoveDeliverable("d2", MarkLive(TIKTOK, published, CAPTION)),
               published + timedelta(hours=1))
    return session.now_state


LATE = live_at(LIVE)


def leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        assert all(type(key) is str for key in value)
        return [leaf for item in value.values() for leaf in leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in leaves(item)]
    return [value]


def test_the_brief_finds_d2_seven_days_late_and_m1_past_due() -> None:
    brief = brief_for_case(LATE, ["d2", "m1"], NOW)
    assert (brief.campaign_id, brief.title) == (CAMPAIGN_ID, "Glow Serum spring launch")
    assert (brief.version_number, brief.version_hash) == (1, LATE.agreed)
    assert brief.disputed == ("d2", "m1")
    assert {f.item for f in brief.findings} == {"d2", "m1"}  # nothing on d1 or m2
    assert all(f.term.version == LATE.agreed for f in brief.findings)
    (late,) = [f for f in brief.findings if f.kind is FindingKind.LATE]
    assert (late.item, late.verdict, late.due, late.measured_at) == (
        "d2", Verdict.BREACH, D2_DUE, LIVE)
    assert late.term.path == "deliverables[1].schedule.publish_window.end"
    assert late.words == "Due 19 May, live 26 May: 7 days late."
    (unpaid,) = [f for f in brief.findings if f.kind is FindingKind.PAYMENT_PAST_DUE]
    assert (unpaid.item, unpaid.verdict, unpaid.term.path) == (
        "m1", Verdict.BREACH, "payment.milestones[0]")
    assert unpaid.due == ACCEPTED
    assert "1,500.00 USD" in unpaid.words and "overdue" in unpaid.words
    (draft,) = [f for f in brief.findings if f.kind is FindingKind.DRAFT_LATE]
    assert draft.verdict is Verdict.MET  # drafted 4 May, due 5 May


def test_the_outcome_is_clause_c1_capped_at_25_percent_of_the_fee() -> None:
    outcome = brief_for_case(LATE, ["d2", "m1"], NOW).outcome
    (remedy,) = outcome.remedies
    assert (remedy.item, remedy.computation.clause) == ("d2", "c1")
    assert "7 started day(s) × 5% = 35%, capped at 25%." in remedy.computation.steps
    assert str(outcome.reduction) == "750.00 USD"
    assert str(outcome.unpaid) == "3,000.00 USD"  # nothing was paid
    assert (outcome.capped, outcome.clauses, str(outcome.kill_fees)) == (
        False, ("c1",), "0.00 USD")


def test_the_payload_is_plain_json_and_reads_back_unchanged() -> None:
    payload = brief_for_case(LATE, ["d2", "m1"], NOW).to_payload()
    assert json.loads(json.dumps(payload)) == payload
    assert all(type(leaf) in (str, int, bool, type(None)) for leaf in leaves(payload))
    assert payload["version"] == {"number": 1, "hash": LATE.agreed}
    assert payload["as_of"] == format_time(NOW)
    assert payload["items"] == [
        {"key": "d2", "kind": "deliverable", "path": "deliverables[1]",
         "terms": ["deliverables[1].schedule.draft_due",
                   "deliverables[1].schedule.publish_window.end",
                   "deliverables[1].requirements[0]", "deliverables[1].requirements[1]",
                   "deliverables[1].requirements[2]",
                   "deliverables[1].schedule.keep_live_days"]},
        {"key": "m1", "kind": "milestone", "path": "payment.milestones[0]",
         "terms": ["payment.milestones[0]"]}]
    late = next(f for f in payload["findings"] if f["kind"] == "late")
    assert late["citation"] == {"path": "deliverables[1].schedule.publish_window.end",
                                "version": LATE.agreed}
    assert (late["verdict"], late["item"], late["due"], late["measured_at"]) == (
        "breach", "d2", format_time(D2_DUE), format_time(LIVE))
    assert late["evidence"][0] == {"what": "the live post", "reference": TIKTOK,
                                   "at": format_time(LIVE)}
    outcome = payload["outcome"]
    assert {k: outcome[k] for k in ("currency", "reduction", "kill_fees", "unpaid", "capped",
                                    "clauses", "for_negotiation")} == {
        "currency": "USD", "reduction": "750.00", "kill_fees": "0.00", "unpaid": "3000.00",
        "capped": False, "clauses": ["c1"], "for_negotiation": False}
    assert outcome["proposal"].endswith("Marked as computed from clause c1.")


def test_the_payload_goes_into_a_case_journal_and_reads_back_from_its_text() -> None:
    payload = brief_for_case(LATE, ["d2", "m1"], NOW).to_payload()
    (entry,) = chain("C-1", [Event("case_opened", payload)], actor=MIA, role=Role.CLAIMANT,
                     now=NOW, after_seq=0, after_hash=GENESIS_HASH, source=None)
    assert verify_chain("C-1", [entry]) is None
    assert dataclasses.replace(entry).payload == payload


def test_the_words_come_from_the_payload_alone() -> None:
    payload = json.loads(json.dumps(brief_for_case(LATE, ["d2", "m1"], NOW).to_payload()))
    words = brief_words(payload)
    assert words.startswith(f"Campaign {CAMPAIGN_ID} (Glow Serum spring launch), version 1 "
                            f"(hash {LATE.agreed}), as of 2026-05-27 08:00 EDT.")
    assert "- d2 (deliverable, deliverables[1]): deliverables[1].schedule.draft_due; " \
           "deliverables[1].schedule.publish_window.end" in words
    assert "- m1 (payment milestone, payment.milestones[0]): payment.milestones[0]" in words
    assert "- d2, late: breach. Due 19 May, live 26 May: 7 days late." in words
    assert (f"  Cites deliverables[1].schedule.publish_window.end (version "
            f"{payload['version']['hash'][:12]}).") in words
    assert f"  Evidence: the live post, {TIKTOK}, 2026-05-26 13:00 EDT;" in words
    assert "- m1, payment past due: breach. Milestone m1 (1,500.00 USD)" in words
    assert "  Cites payment.milestones[0] (version" in words
    assert "the record, as of 2026-05-27 08:00 EDT." in words
    outcome = words[words.index("Computed outcome:"):]
    assert "25% of 3,000.00 USD = 750.00 USD (clause c1" in outcome
    assert "Proposal: the brand pays 750.00 USD less than the 3,000.00 USD still unpaid." \
        in outcome
    assert outcome.endswith("Marked as computed from clause c1.")
    # An old case's payload renders the same, whatever the campaign became.
    assert brief_words(payload) == brief_words(brief_for_case(LATE, ["d2", "m1"], NOW)
                                               .to_payload())


def test_the_computed_proposal_is_the_unpaid_balance_less_the_reduction() -> None:
    payload = json.loads(json.dumps(brief_for_case(LATE, ["d2", "m1"], NOW).to_payload()))
    proposal = computed_proposal(payload)
    assert proposal is not None
    assert (proposal.amount, proposal.currency, proposal.kill_fees, proposal.clauses) == (
        "2250.00", "USD", "0.00", ("c1",))
    assert proposal.terms == payload["outcome"]["proposal"]


def test_a_dispute_no_clause_prices_is_for_negotiation() -> None:
    payload = brief_for_case(LATE, ["m1"], NOW).to_payload()
    assert computed_proposal(payload) is None
    assert payload["outcome"]["for_negotiation"] is True
    assert brief_words(payload).endswith(
        "Computed outcome: none. The agreement fixes nothing for these findings: the outcome "
        "is for the parties to negotiate.")


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=1, max_value=12 * 24 * 3600))
def test_the_reduction_is_what_the_clause_says_for_any_delay(seconds: int) -> None:
    """5% for each started day of delay, at most 25%, of the 3,000.00 USD fee, half up."""
    delay = timedelta(seconds=seconds)
    state = live_at(D2_DUE + delay)
    payload = brief_for_case(state, ["d2"], D2_DUE + delay + timedelta(days=1)).to_payload()
    percent = min(math.ceil(seconds / 86400) * 5, 25)
    expected = (FEE * percent / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert payload["outcome"]["reduction"] == f"{expected:.2f}"
    proposal = computed_proposal(payload)
    assert proposal is not None and Decimal(proposal.amount) == FEE - expected


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["d1", "d2", "m1", "m2"]), min_size=1, unique=True),
       st.sampled_from([LATE, APPROVED.now_state]))
def test_any_dispute_reads_back_from_its_payload(disputed: list[str],
                                                 state: CampaignState) -> None:
    brief = brief_for_case(state, disputed, NOW)
    payload = json.loads(json.dumps(brief.to_payload()))
    assert payload == brief.to_payload()
    assert [item["key"] for item in payload["items"]] == disputed
    assert {f["item"] for f in payload["findings"]} <= set(disputed)
    words = brief_words(payload)
    for item in payload["items"]:
        assert f"- {item['key']} ({item['kind'].replace('milestone', 'payment milestone')}, " \
               f"{item['path']}): " in words
    short = brief.version_hash[:12]
    for finding in payload["findings"]:
        assert f"  Cites {finding['citation']['path']} (version {short})." in words
    proposal = computed_proposal(payload)
    assert (proposal is None) == ("Computed outcome: none." in words)


def test_a_moment_without_its_zone_is_a_wiring_mistake() -> None:
    with pytest.raises(ValueError, match="time zone"):
        brief_for_case(LATE, ["d2"], NOW.replace(tzinfo=None))


def test_on_time_there_is_no_reduction() -> None:
    state = live_at(D2_DUE)
    brief = brief_for_case(state, ["d2"], NOW)
    (late,) = [f for f in brief.findings if f.kind is FindingKind.LATE]
    assert late.verdict is Verdict.MET
    assert computed_proposal(brief.to_payload()) is None


def refusal(state: CampaignState, disputed: list[str]) -> str:
    with pytest.raises(Refusal) as refused:
        brief_for_case(state, disputed, NOW)
    return refused.value.message


def test_unknown_items_are_refused_by_name_with_the_valid_ones() -> None:
    message = refusal(LATE, ["d2", "d9", "m7"])
    assert message.startswith("d9, m7 are not items of campaign CP-GLOW26's agreement")
    assert "Its deliverables: d1, d2; its payment milestones: m1, m2." in message
    assert refusal(LATE, ["x"]).startswith("x is not an item of campaign CP-GLOW26's")


@pytest.mark.parametrize("disputed", [[], ["", "  "]])
def test_an_empty_dispute_is_refused(disputed: list[str]) -> None:
    message = refusal(LATE, disputed)
    assert message.startswith("Name the items in dispute on campaign CP-GLOW26.")
    assert "Its deliverables: d1, d2; its payment milestones: m1, m2." in message


def test_no_agreement_in_force_is_refused() -> None:
    message = refusal(proposed().now_state, ["d2"])
    assert "Campaign CP-GLOW26 has no agreement in force" in message
    assert "version 1 is under discussion" in message
