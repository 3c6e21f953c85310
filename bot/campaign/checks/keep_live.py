"""Keep-live: a post taken down before its agreed days ended (#paid: 30 days; here, the
deliverable's `keep_live_days`), counted from its real publish time in the agreement's zone.

The taken-down moment comes from an observation of the post gone, when someone brings one;
the deliverable's phase (`taken_down_early`) says it came down early even without it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.campaign.calendar import Calendar
from bot.campaign.checks.finding import Citation, Evidence, Finding, FindingKind, Verdict
from bot.campaign.checks.moment_words import day_text, days_apart, is_aware
from bot.campaign.checks.observations import Observation, Sighting
from bot.campaign.life.deliverable_life import DeliverablePhase, DeliverableState
from bot.campaign.schedule import keep_live_until
from bot.campaign.terms.deliverables import Deliverable

_P = DeliverablePhase


def keep_live_finding(deliverable: Deliverable, path: str, version: str,
                      state: DeliverableState | None, observations: Sequence[Observation],
                      calendar: Calendar, now: datetime) -> Finding | None:
    """Whether the live post stayed up its agreed days; None if it never went live."""
    key, days = deliverable.key, deliverable.schedule.keep_live_days
    term = Citation(f"{path}.schedule.keep_live_days", version)
    publication = state.publication if state is not None else None
    gone = sorted((o for o in observations if o.sighting is Sighting.POST_GONE
                   and o.deliverable == key and is_aware(o.seen_at)), key=lambda o: o.seen_at)
    reported = state is not None and state.phase is _P.TAKEN_DOWN_EARLY
    if publication is None or not is_aware(publication.published_at):
        if reported or gone:
            return Finding(FindingKind.KEEP_LIVE_BROKEN, key, term, (), Verdict.INDETERMINATE,
                           f"Deliverable {key} came down, but its publish time is not in the "
                           "record.", "The platform's permalink and publish time.")
        return None
    published = publication.published_at
    ends = keep_live_until(deliverable, published, calendar)
    post = Evidence("the live post", publication.permalink, published)
    end = Evidence("the keep-live end", term.path, ends)
    early = [o for o in gone if o.seen_at < ends]
    if early:
        seen = early[0]
        day, gone_on = days_apart(published, seen.seen_at, calendar), day_text(seen.seen_at,
                                                                                calendar)
        return Finding(FindingKind.KEEP_LIVE_BROKEN, key, term,
                       (post, Evidence("the post seen gone", seen.reference, seen.seen_at), end),
                       Verdict.BREACH,
                       f"Live {day_text(published, calendar)}, gone {gone_on}: taken down on "
                       f"day {day} of {days}; it was to stay live "
                       f"until {day_text(ends, calendar)}.", due=ends, measured_at=seen.seen_at)
    if reported:
        return Finding(FindingKind.KEEP_LIVE_BROKEN, key, term, (post, end), Verdict.BREACH,
                       f"Taken down before its {days} days ended: it was to stay live until "
                       f"{day_text(ends, calendar)}. The record does not say when it came "
                       "down.", due=ends)
    if now < ends:
        return Finding(FindingKind.KEEP_LIVE_BROKEN, key, term,
                       (post, end, Evidence("the record, as of", "", now)), Verdict.MET,
                       f"Live since {day_text(published, calendar)} and to stay live until "
                       f"{day_text(ends, calendar)}: nothing shows it came down.", due=ends)
    return Finding(FindingKind.KEEP_LIVE_BROKEN, key, term, (post, end), Verdict.MET,
                   f"Live {day_text(published, calendar)}; its {days} days ended "
                   f"{day_text(ends, calendar)} with nothing showing it came down early.",
                   due=ends)
