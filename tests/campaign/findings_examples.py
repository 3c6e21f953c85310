"""The example agreement's campaign, as a case meets it: Glow's product reaches Mia on 28 April
at 17:00 UTC, so the reel (d1) is due live by 12 May 17:00 and the TikTok (d2) by 19 May."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime, timedelta

from bot.campaign.calendar import Calendar
from bot.campaign.checks.finding import Finding, FindingKind
from bot.campaign.checks.findings import case_findings
from bot.campaign.checks.observations import Observation
from bot.campaign.checks.rejections import Rejection
from bot.campaign.life.deliverable_life import DeliverablePhase, DeliverableState, Publication
from bot.campaign.life.milestone_life import MilestonePhase, MilestoneState
from bot.campaign.schedule import Happened
from bot.campaign.terms.versions import first_version
from tests.campaign.terms_strategies import example_terms

TERMS = example_terms()
VERSION = first_version(TERMS).hash
UTC_CALENDAR = Calendar.named("UTC")
DAY = timedelta(days=1)
ACCEPTED = datetime(2026, 4, 20, 9, tzinfo=UTC)
PRODUCT = datetime(2026, 4, 28, 17, tzinfo=UTC)
D1_DUE = datetime(2026, 5, 12, 17, tzinfo=UTC)
D2_DUE = datetime(2026, 5, 19, 17, tzinfo=UTC)
DRAFTED = datetime(2026, 5, 4, 12, tzinfo=UTC)  # before the drafts' due date, 5 May 17:00
REEL = "https://www.instagram.com/reel/C7glow01/"
TIKTOK = "https://www.tiktok.com/@miarivera/video/7371234567890123456"
GOOD_REEL = "A week with the Glow serum #ad\n@glowskincare code GLOW15 for 15% off"
GOOD_TIKTOK = "#ad My morning routine with #GlowPartner serum"
SCREENSHOT = "9f2c" * 16  # an evidence file's sha256


def live(key: str, at: datetime, caption: str,
         phase: DeliverablePhase = DeliverablePhase.LIVE) -> DeliverableState:
    """A deliverable whose one draft came on time and which went live at `at`."""
    link = REEL if key == "d1" else TIKTOK
    return DeliverableState(key, phase, drafts=1, draft="https://drive.example/draft",
                            submitted_at=DRAFTED, publication=Publication(link, at, caption))


def waiting(key: str, phase: DeliverablePhase = DeliverablePhase.APPROVED) -> DeliverableState:
    return DeliverableState(key, phase, drafts=1, draft="https://drive.example/draft",
                            submitted_at=DRAFTED)


def unpaid(key: str) -> MilestoneState:
    return MilestoneState(key, MilestonePhase.DUE)


def paid(key: str, at: datetime) -> MilestoneState:
    return MilestoneState(key, MilestonePhase.PAID, paid_at=at, payment_reference="SEPA 88213")


def happened_for(*states: DeliverableState) -> Happened:
    """What the record shows happened: accepted, product delivered, each publication."""
    return Happened(ACCEPTED, {"d1": PRODUCT, "d2": PRODUCT},
                    live={s.key: s.publication.published_at for s in states if s.publication})


def findings_for(*states: DeliverableState, now: datetime,
                 milestones: Sequence[MilestoneState] = (),
                 observations: Sequence[Observation] = (),
                 rejections: Sequence[Rejection] = (), disputed: Collection[str] = (),
                 calendar: Calendar = UTC_CALENDAR) -> tuple[Finding, ...]:
    return case_findings(TERMS, VERSION, calendar, happened_for(*states),
                         {s.key: s for s in states}, {m.key: m for m in milestones}, now,
                         observations=observations, rejections=rejections,
                         disputed=disputed)


def only(found: Sequence[Finding], kind: FindingKind, item: str = "d1",
         path_ends: str = "") -> Finding:
    """The one finding of `kind` on `item` (whose term's path ends `path_ends`)."""
    matches = [f for f in found if f.kind is kind and f.item == item
               and f.term.path.endswith(path_ends)]
    assert len(matches) == 1, [(f.kind, f.item, f.term.path) for f in found]
    return matches[0]
