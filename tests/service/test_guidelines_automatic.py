"""Penalties the bot applies itself where the community opts in: a campaign's payment past
due is noticed when its timer fires, the payer is told when it will count, and once the
rule's grace and time to cure have passed the rule is applied — unless it was paid in time.
A community that does not opt in gets nothing applied on its own."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.exchange import to_user
from bot.guidelines import kinds
from bot.guidelines.commands import AdoptRulebook
from bot.guidelines.presets import DEFAULT_RULEBOOK
from bot.guidelines.record import guidelines_id
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore

from .desk import ANA, CLEO, COMMUNITY, MO, PLATFORM, Desk
from .test_campaigns import agreed

GL = guidelines_id(COMMUNITY)
OVERDUE = timedelta(days=3, minutes=1)  # the deposit m1 (net 3 days) is overdue
GRACE_AND_CURE = timedelta(days=3 + 14)  # non_payment: 3 days of grace, 14 to cure


async def opt_in(desk: Desk) -> None:
    await desk.service.guidelines.act(desk.context(MO), AdoptRulebook(replace(
        DEFAULT_RULEBOOK, version=2, automatic=True)))


async def told(desk: Desk, user_id: str) -> list[str]:
    queued = await desk.store.pending_outbox(PLATFORM, limit=1000)
    await desk.deliver_outbox()
    return [m.text for m in queued if m.audience == to_user(user_id)]


async def test_a_payment_past_due_after_its_cure_gives_the_payer_a_strike_after_a_restart(
        desk: Desk, store: SqlCaseStore, evidence_store: FileEvidenceStore) -> None:
    await opt_in(desk)
    campaign_id = await agreed(desk)
    await desk.deliver_outbox()
    desk.clock.advance(seconds=OVERDUE.total_seconds())
    await desk.service.fire_due()
    [noticed] = [e for e in await desk.journal(GL) if e.kind == kinds.BREACH_NOTICED]
    assert noticed.payload["campaign"] == campaign_id and noticed.payload["item"] == "m1"
    assert noticed.payload["member"]["user_id"] == ANA.user_id
    assert any("unless it is put right" in t for t in await told(desk, ANA.user_id))
    desk.clock.advance(days=16)
    assert [e.kind for e in await desk.journal(GL)].count(kinds.PENALTY_APPLIED) == 0
    desk.clock.advance(days=1)
    restarted = await Desk.over(store, evidence_store, desk.clock)
    await restarted.service.fire_due()
    applied = [e for e in await desk.journal(GL) if e.kind == kinds.PENALTY_APPLIED]
    # (the deliverables, never posted, were noticed and counted by then too)
    assert [(e.actor_id, e.payload["rule"], e.payload["detection"])
            for e in applied if e.payload["breach"] == 1] == [
        ("system", "non_payment", "finding")]
    assert any("Payment not made" in t for t in await told(desk, ANA.user_id))
    # noticed once, applied once, however often the campaign moves or the sweep runs
    await restarted.service.fire_due()
    await restarted.service.breaches.watch(
        await restarted.service.campaigns.campaign(campaign_id, COMMUNITY))
    journal = await desk.journal(GL)
    keys = [e.payload["key"] for e in journal if e.kind == kinds.BREACH_NOTICED]
    assert len(keys) == len(set(keys)) and keys.count(noticed.payload["key"]) == 1
    assert [e.payload.get("breach") for e in journal if e.kind == kinds.PENALTY_APPLIED
            ].count(1) == 1


async def test_a_payment_made_within_the_cure_period_is_no_strike(desk: Desk) -> None:
    await opt_in(desk)
    campaign_id = await agreed(desk)
    desk.clock.advance(seconds=OVERDUE.total_seconds())
    await desk.service.fire_due()
    desk.clock.advance(days=10)
    await desk.say(CLEO, "campaign invoice m1 INV-7", campaign_id)
    await desk.say(ANA, "campaign paid m1 wire 4471", campaign_id)
    desk.clock.advance(seconds=GRACE_AND_CURE.total_seconds())
    await desk.service.fire_due()
    entries = await desk.journal(GL)
    journal = [e.kind for e in entries]
    cured = [e.payload["number"] for e in entries if e.kind == kinds.BREACH_CURED]
    applied = [e.payload["breach"] for e in entries if e.kind == kinds.PENALTY_APPLIED]
    assert cured == [1] and 1 not in applied  # m1; the deliverables never went live
    assert journal.count(kinds.BREACH_NOTICED) == 3


async def test_without_the_opt_in_nothing_is_applied_on_its_own(desk: Desk) -> None:
    await agreed(desk)
    desk.clock.advance(days=40)
    await desk.service.fire_due()
    assert await desk.journal(GL) == []


async def test_a_breach_a_crash_kept_from_being_noticed_is_noticed_on_the_next_start(
        desk: Desk, store: SqlCaseStore, evidence_store: FileEvidenceStore) -> None:
    await opt_in(desk)
    await agreed(desk)

    async def crashed(campaign: object) -> None:  # the process died before noticing
        return None

    desk.service.breaches.watch = crashed  # type: ignore[method-assign]
    desk.service.campaigns.moved = crashed
    desk.clock.advance(seconds=OVERDUE.total_seconds())
    await desk.service.fire_due()
    assert kinds.BREACH_NOTICED not in [e.kind for e in await desk.journal(GL)]
    restarted = await Desk.over(store, evidence_store, desk.clock)
    await restarted.service.fire_due()
    noticed = [e.payload["item"] for e in await desk.journal(GL)
               if e.kind == kinds.BREACH_NOTICED]
    assert noticed == ["m1"]
