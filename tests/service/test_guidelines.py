"""The guidelines through the service and the real stores: a report triaged, strikes climbing
a ladder to a suspension that refuses new cases, an appeal overturning a strike, and a strike
expiring on its own when its deadline row fires."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bot.domain.errors import Refusal
from bot.exchange import ACTOR, to_user
from bot.guidelines import kinds
from bot.guidelines.record import guidelines_id
from bot.input.grammar import parse
from bot.service.store_audit import verify_cases
from bot.text.mediation import MEDIATORS

from .desk import ANA, CLEO, COMMUNITY, MAX, MO, OPEN_LINE, OTTO, PLATFORM, Desk, chunks_of
from .test_campaigns import AGREEMENT

GL = guidelines_id(COMMUNITY)


async def notices(desk: Desk) -> list[tuple[str, str]]:
    queued = await desk.store.pending_outbox(PLATFORM, limit=1000)
    await desk.deliver_outbox()
    return [(m.audience, m.text) for m in queued]


async def test_a_report_is_triaged_into_a_warning_and_the_reporter_told(desk: Desk) -> None:
    made = await desk.say(ANA, "report @cleo She stopped answering about the reel.")
    assert [e.kind for e in made.entries] == [kinds.GUIDELINES_STARTED, kinds.RULEBOOK_ADOPTED,
                                              kinds.REPORT_MADE]
    assert "R1" in made.to(ACTOR)[0]
    told = await notices(desk)
    assert any(a == MEDIATORS and "R1 from ana about cleo" in t for a, t in told)
    assert "R1" in (await desk.say(MO, "reports")).to(ACTOR)[0]
    assert "Only the community's mediators" in await desk.refused(CLEO, "reports")
    triaged = await desk.say(MO, "reports R1 warn ghosting Please answer within 48 hours.")
    assert [e.kind for e in triaged.entries] == [kinds.REPORT_TRIAGED, kinds.MEMBER_CAUTIONED]
    told = dict(await notices(desk))
    assert "acted on" in told[to_user(ANA.user_id)]
    assert "warning" in told[to_user(CLEO.user_id)] and "not a strike" in \
        told[to_user(CLEO.user_id)]
    standing = (await desk.say(CLEO, "standing")).to(ACTOR)[0]
    assert "Active strikes: 0" in standing and "a warning (ghosting)" in standing
    assert "triaged already" in await desk.refused(MAX, "reports R1 dismiss no")


async def test_a_report_referred_to_a_case_tells_the_reporter_how_to_open_it(
        desk: Desk) -> None:
    await desk.say(ANA, "report @cleo The reel is late and the fee is in dispute.")
    await notices(desk)
    triaged = await desk.say(MO, "reports R1 case This is a dispute over the fee.")
    assert "referred to a full case" in triaged.to(ACTOR)[0]
    told = dict(await notices(desk))
    assert "Open a case with cleo" in told[to_user(ANA.user_id)]
    assert to_user(CLEO.user_id) not in told  # nothing to the member
    assert "Open reports about cleo: 0" in (await desk.say(MO, "standing @cleo")).to(ACTOR)[0]


async def test_three_strikes_suspend_an_appeal_overturns_one_and_strikes_expire(
        desk: Desk) -> None:
    for n in (1, 2, 3):
        applied = await desk.say(MO, f"penalize @ana non_payment seen milestone m{n} unpaid")
        assert applied.entries[-1].kind == kinds.PENALTY_APPLIED
        assert applied.entries[-1].payload["strike"] == n
        desk.clock.advance(days=1)
    told = dict(await notices(desk))
    assert "suspension from new campaigns for 30 days" in told[to_user(ANA.user_id)]
    standing = (await desk.say(ANA, "standing")).to(ACTOR)[0]
    assert "Active strikes: 3" in standing and "Suspended from new campaigns" in standing
    with_file = desk.service.campaigns.with_file
    with pytest.raises(Refusal, match="suspended from new campaigns"):
        await with_file(parse("campaign propose a.yaml"), desk.context(ANA),
                        AGREEMENT.encode(), "a.yaml")
    assert "other than the one who applied" in (await desk.say(
        ANA, "standing appeal I3 I paid it, see the bank record")).to(ACTOR)[0]
    assert "another mediator" in await desk.refused(MO, "standing overturn I3 fine")
    assert "appealed already" in await desk.refused(ANA, "standing appeal I3 again")
    await desk.say(MAX, "standing overturn I3 The bank record shows the payment on time.")
    standing = (await desk.say(ANA, "standing")).to(ACTOR)[0]
    assert "Active strikes: 2" in standing and "Suspended" not in standing
    outcome = await with_file(parse("campaign propose a.yaml"), desk.context(ANA),
                              AGREEMENT.encode(), "a.yaml")
    assert outcome.campaign is not None
    desk.clock.advance(days=90)
    await desk.service.fire_due()
    entries = await desk.journal(GL)
    assert [e.payload["number"] for e in entries if e.kind == kinds.STRIKE_EXPIRED] == [1, 2]
    assert (await desk.service.fire_due()) == 0  # each fires once
    standing = (await desk.say(ANA, "standing")).to(ACTOR)[0]
    assert "Active strikes: 0" in standing


async def test_who_may_read_and_act(desk: Desk) -> None:
    await desk.say(MO, "penalize @cleo disclosure_missing seen no #ad on the reel")
    assert "for them and the mediators" in await desk.refused(OTTO, "standing @cleo")
    assert "Active strikes: 1" in (await desk.say(MAX, "standing @cleo")).to(ACTOR)[0]
    assert "Only the community's mediators" in await desk.refused(
        OTTO, "penalize @cleo ghosting seen silence")
    assert "yourself" in await desk.refused(MO, "penalize @mo ghosting seen silence")
    assert "yourself" in await desk.refused(OTTO, "report @otto me")
    assert "no rule 'nope'" in await desk.refused(MO, "penalize @cleo nope seen x")
    assert "not on a finding" in await desk.refused(MO, "penalize @cleo ghosting finding x")
    assert "no incident I1" in await desk.refused(OTTO, "standing appeal I1 not me")
    await desk.say(OTTO, "report @cleo rude in the channel")
    assert "still with the moderators" in await desk.refused(OTTO, "report @cleo again")
    assert "Community guidelines, version 1" in (await desk.say(OTTO, "rules")).to(ACTOR)[0]


CUSTOM = """
version: 2
ladders:
  - key: one_strike
    steps: [{kind: suspension, days: 14, scope: new_cases}]
    strike_days: 30
    window_days: 30
rules:
  - key: no_show
    side: either
    title: Missed the mediation call
    detected_by: [mediator, report]
    evidence: [the call invitation]
    grace_days: 0
    cure_days: 0
    ladder: one_strike
"""


async def adopt(desk: Desk, content: bytes, who=MO, name: str = "rules.yaml") -> str:
    outcome = await desk.service.guidelines.adopt_file(desk.context(who), content, name)
    return outcome.to(ACTOR)[0]


async def test_a_mediator_s_rulebook_is_in_force_and_a_suspension_refuses_new_cases(
        desk: Desk) -> None:
    assert "version 2 is in force" in await adopt(desk, CUSTOM.encode())
    assert "Missed the mediation call" in (await desk.say(OTTO, "rules")).to(ACTOR)[0]
    file = (await desk.say(OTTO, "rules file")).replies[0].attachment
    assert file is not None and b"no_show" in file.content
    applied = await desk.say(MO, "penalize @ana no_show seen the call on 3 Dec")
    assert applied.entries[-1].payload["rulebook"] == 2
    refused = await desk.refused(ANA, "open @cleo title=x")
    assert "suspended from new cases" in refused and "I1" in refused
    desk.clock.advance(days=14)
    outcome = await desk.say(ANA, OPEN_LINE)
    assert outcome.case_id is not None
    assert "version 3" in (await desk.say(MO, "rules reset")).to(ACTOR)[0]


@pytest.mark.parametrize(("content", "expected"), [
    (b"a: &x [1]\nb: *x\n", "alias"),
    (b"\x00\x01\x02binary", "rulebook"),
    (b"version: 1\n" + b"#" * (300 * 1024), "at most 256 KiB"),
    (b"version: 2\nladders: []\nrules: []\n", "ladders"),
    (CUSTOM.replace("version: 2", "version: 1").encode(), "higher `version`"),
    (CUSTOM.replace("strike_days: 30", "strike_days: -3").encode(), "strike_days"),
])
async def test_a_bad_rulebook_file_is_refused_clearly_and_changes_nothing(
        desk: Desk, content: bytes, expected: str) -> None:
    await desk.say(OTTO, "report @cleo begins the record")
    before = await desk.journal(GL)
    with pytest.raises(Refusal, match=expected.replace("`", ".").replace("(", ".")):
        await adopt(desk, content)
    with pytest.raises(Refusal, match="mediators"):
        await adopt(desk, CUSTOM.encode(), who=CLEO)
    assert await desk.journal(GL) == before


@pytest.mark.parametrize("line", [
    "reports R9999999 dismiss no", "reports Rx dismiss no", "reports R1", "reports R1 ban",
    "reports R1 strike", "reports R1 dismiss", "reports R2 warn", "standing appeal",
    "standing appeal I1", "standing overturn Iabc x", "penalize @cleo", "penalize @cleo x",
    "penalize @cleo ghosting report R1", "penalize @cleo ghosting case nope",
    "penalize @cleo ghosting case MB-ZZZZZZ", "penalize cleo_not_known! ghosting seen x",
    "rules bogus", "rules set", "report", "report @cleo", "report @cleo " + "x" * 3001,
    "standing @@@", "reports R1 strike nope",
])
async def test_odd_guidelines_lines_are_refused_clearly(desk: Desk, line: str) -> None:
    await desk.say(OTTO, "report @cleo begins the record")
    actor = CLEO if line.startswith("standing appeal") else MO
    message = await desk.refused(actor, line, None)
    assert "Traceback" not in message and len(message) < 2000


async def test_a_report_s_file_is_stored_hashed_fetched_by_mediators_and_verified(
        desk: Desk, tmp_path: Path) -> None:
    photo = b"\x89PNG\r\n\x1a\n the screenshot of the repost"
    ctx = desk.context(ANA)
    refused = parse("report @ana about myself")
    with pytest.raises(Refusal, match="yourself"):
        await desk.service.guidelines.report_with_file(
            refused, ctx, await desk.people.resolve("@ana"), chunks_of(photo), "shot.png")
    assert not any((tmp_path / "evidence").rglob("*")), "refused: nothing stored"
    request = parse("report @cleo reposted my photo without leave")
    made = await desk.service.guidelines.report_with_file(
        request, ctx, await desk.people.resolve("@cleo"), chunks_of(photo), "../../shot.png")
    [entry] = [e for e in made.entries if e.kind == kinds.REPORT_MADE]
    assert entry.payload["file"] == {"sha256": hashlib.sha256(photo).hexdigest(),
                                     "size": len(photo), "media_type": "image/png",
                                     "filename": "shot.png"}
    fetched = await desk.say(MO, "reports R1 file")
    attachment = fetched.replies[0].attachment
    assert attachment is not None and attachment.content == photo
    assert "There is no report R9" in await desk.refused(MO, "reports R9 file")
    await desk.say(OTTO, "report @cleo no file this time")
    assert "brought no file" in await desk.refused(MO, "reports R2 file")
    assert "Only the community's mediators" in await desk.refused(CLEO, "reports R1 file")
    assert await verify_cases(desk.store, desk.service.evidence, [GL]) == []
