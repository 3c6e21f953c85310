"""The guidelines against people trying to break them: a rulebook at the highest version, a
mediator who is reported, a rule switched to either side after a breach was noticed, notes
read as rules, a window shorter than a strike's life, a suspended creator joining a new
campaign, and a mediator who reported deciding the appeal."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.domain.identity import Role
from bot.domain.journal import Event, chain
from bot.domain.policy import Policy
from bot.exchange import ACTOR, to_user
from bot.guidelines import kinds
from bot.guidelines.commands import AdoptRulebook
from bot.guidelines.presets import DEFAULT_RULEBOOK
from bot.guidelines.record import guidelines_id
from bot.guidelines.rulebook import RuleSide
from bot.service.store_audit import verify_cases
from bot.service.streams import GuidelinesStream
from bot.text.mediation import MEDIATORS

from .desk import ANA, CLEO, COMMUNITY, MAX, MIA, MO, OPEN_LINE, OTTO, Desk
from .test_campaigns import agreed, propose
from .test_guidelines import CUSTOM, adopt, notices

GL = guidelines_id(COMMUNITY)


async def test_a_rulebook_at_the_highest_version_is_refused_a_reset_not_a_crash(
        desk: Desk) -> None:
    await adopt(desk, CUSTOM.replace("version: 2", "version: 1000000").encode())
    assert "highest version" in await desk.refused(MO, "rules reset")


async def test_a_reported_mediator_never_learns_who_reported_them(desk: Desk) -> None:
    await desk.say(OTTO, "report @mo he insulted me in a direct message")
    [notice] = [t for a, t in await notices(desk) if a == MEDIATORS]
    assert "otto" not in notice and "from a member" in notice
    assert "No report is waiting" in (await desk.say(MO, "reports")).to(ACTOR)[0]
    assert "from otto about mo" in (await desk.say(MAX, "reports")).to(ACTOR)[0]
    assert "part of report R1" in await desk.refused(MO, "reports R1 dismiss nothing")


async def test_a_note_that_starts_with_a_word_is_a_note_not_a_rule(desk: Desk) -> None:
    await desk.say(OTTO, "report @cleo rude in the channel")
    warned = await desk.say(MO, "reports R1 warn please be kind in the channel")
    [caution] = [e for e in warned.entries if e.kind == kinds.MEMBER_CAUTIONED]
    assert caution.payload["rule"] == "" and caution.payload["reason"] == (
        "please be kind in the channel")
    await desk.say(OTTO, "report @ana late again")
    warned = await desk.say(MO, "reports R2 remind late_delivery the reel is due")
    [caution] = [e for e in warned.entries if e.kind == kinds.MEMBER_CAUTIONED]
    assert caution.payload["rule"] == "late_delivery"


async def test_a_strike_stops_counting_when_its_window_ends_and_says_so(desk: Desk) -> None:
    short = CUSTOM.replace("strike_days: 30\n    window_days: 30",
                           "strike_days: 90\n    window_days: 10")
    await adopt(desk, short.encode())
    applied = await desk.say(MO, "penalize @ana no_show seen the call on 3 Dec")
    ends = desk.clock() + timedelta(days=10)
    told = dict(await notices(desk))[to_user(ANA.user_id)]
    assert f"stops counting on {ends:%Y-%m-%d %H:%M} UTC" in told
    assert "(rulebook version 2)" in told
    desk.clock.advance(days=10)
    await desk.service.fire_due()
    assert [e.payload["number"] for e in await desk.journal(GL)
            if e.kind == kinds.STRIKE_EXPIRED] == [applied.entries[-1].payload["number"]]


async def test_a_suspended_creator_joins_no_new_campaign(desk: Desk) -> None:
    await desk.say(MO, "penalize @cleo abusive_conduct seen insults in the channel")
    campaign_id = await propose(desk)
    version = (await desk.service.campaigns.campaign(campaign_id, COMMUNITY)).versions[0]
    refused = await desk.refused(CLEO, f"campaign accept {version.hash}", campaign_id)
    assert "suspended from new campaigns" in refused


async def test_the_bot_never_applies_a_rule_switched_to_either_side(desk: Desk) -> None:
    await desk.service.guidelines.act(desk.context(MO), AdoptRulebook(replace(
        DEFAULT_RULEBOOK, version=2, automatic=True)))
    await agreed(desk)
    desk.clock.advance(days=3, minutes=1)
    await desk.service.fire_due()  # the deposit is past due: noticed for the brand
    either = tuple(replace(r, side=RuleSide.EITHER) if r.key == "non_payment" else r
                   for r in DEFAULT_RULEBOOK.rules)
    await desk.service.guidelines.act(desk.context(MO), AdoptRulebook(replace(
        DEFAULT_RULEBOOK, version=3, automatic=True, rules=either)))
    desk.clock.advance(days=18)
    await desk.service.fire_due()
    journal = await desk.journal(GL)
    assert not [e for e in journal if e.kind == kinds.PENALTY_APPLIED
                and e.payload["rule"] == "non_payment"]
    [cured] = [e for e in journal if e.kind == kinds.BREACH_CURED and e.payload["number"] == 1]
    assert "no longer" in cured.payload["reason"]


async def test_the_mediator_who_reported_does_not_decide_the_appeal(desk: Desk) -> None:
    await desk.say(MAX, "report @cleo no answer for two weeks")
    await desk.say(MO, "reports R1 strike ghosting")
    await desk.say(CLEO, "standing appeal I1 I was away, as I said in the thread")
    assert "another mediator" in await desk.refused(MAX, "standing overturn I1 fine")
    await desk.say(MIA, "standing uphold I1 Nothing in the thread says so.")


async def test_a_record_that_does_not_fold_keeps_nobody_from_opening_a_case(
        desk: Desk) -> None:
    """A forged rulebook entry (its text does not match its hash): `verify` names it, and a
    dispute can still start."""
    await desk.say(MO, "penalize @ana abusive_conduct seen insults")
    state = await desk.service.guidelines.record(COMMUNITY)
    assert state is not None
    forged = chain(GL, [Event(kinds.RULEBOOK_ADOPTED, {
        "number": 2, "version": 2, "rulebook": "{}", "sha256": "0" * 64, "preset": ""})],
        actor=MO, role=Role.MEDIATOR, now=desk.clock(), after_seq=state.version,
        after_hash=state.last_hash, source=None)
    summary = GuidelinesStream().summarize(state, desk.clock(), Policy())
    async with desk.store.transaction() as tx:
        await tx.append(forged, replace(summary, version=forged[-1].seq,
                                        last_hash=forged[-1].hash),
                        expected_version=state.version)
    desk.service.journaling.states.forget(GL)
    [finding] = await verify_cases(desk.store, None, [GL])
    assert "do not fold into a guidelines record" in str(finding)
    opened = await desk.say(CLEO, OPEN_LINE.replace("@cleo", "@ana"))
    assert opened.case_id is not None
    assert "mediator verify" in await desk.refused(ANA, "standing")
