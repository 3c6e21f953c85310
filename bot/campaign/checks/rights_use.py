"""Usage rights and ad access past their end, shown by what someone saw.

Our reading, since an agreement says "90 days" and not from when: **both count from the
post's real publish time**, in the agreement's zone, by calendar days (day 90 ends at the
publish time's hour, 90 days later). A spark code counted from its issue would end later; the
record does not hold that moment yet, so a code issued well after publication should be argued
with its own evidence. A channel is covered when a usage right lists it; an ad when an ad
access names the deliverable, or names none (then it covers them all). When several terms
cover the same use, the one lasting longest is cited.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.campaign.calendar import Calendar
from bot.campaign.checks.finding import Citation, Evidence, Finding, FindingKind, Verdict
from bot.campaign.checks.moment_words import day_text, days_apart, is_aware
from bot.campaign.checks.observations import Observation, Sighting, channel_name
from bot.campaign.life.deliverable_life import Publication
from bot.campaign.terms.span import Span, SpanUnit
from bot.campaign.terms.terms import CampaignTerms

WHAT = {Sighting.CONTENT_USED: ("usage_rights", "usage right", FindingKind.USAGE_PAST_END),
        Sighting.AD_RUNNING: ("ad_access", "ad access", FindingKind.AD_ACCESS_PAST_END)}


def rights_finding(terms: CampaignTerms, version: str, seen: Observation,
                   publication: Publication | None, calendar: Calendar) -> Finding | None:
    """Whether one sighting of the content in use (or of an ad) falls within a term that
    allows it; None for a sighting of anything else."""
    if seen.sighting not in WHAT:
        return None
    field, name, kind = WHAT[seen.sighting]
    key = seen.deliverable
    where = f" on {channel_name(seen.channel)}" if seen.channel.strip() else ""
    used = "used" + where if seen.sighting is Sighting.CONTENT_USED else "running as an ad"
    sighting = Evidence(f"the content seen {used}", seen.reference, seen.seen_at)
    covering = _covering(terms, seen)
    if not covering:
        return Finding(kind, key, Citation(field, version), (sighting,), Verdict.BREACH,
                       f"No {name} of the agreement covers deliverable {key}{where}, and it "
                       f"was seen {used}.", measured_at=seen.seen_at)
    if publication is None or not is_aware(publication.published_at) or not is_aware(
            seen.seen_at):
        return Finding(kind, key, Citation(f"{field}[{covering[0][0]}].days", version),
                       (sighting,), Verdict.INDETERMINATE,
                       f"The {name} counts from the publish time, which the record does not "
                       "hold with its zone (or the sighting has none).",
                       "The post's publish time and the sighting's, each with its zone.")
    published = publication.published_at
    index, days = max(covering, key=lambda pair: pair[1])
    ends = calendar.add(published, Span(days, SpanUnit.DAYS))
    term = Citation(f"{field}[{index}].days", version)
    evidence = (Evidence("the live post", publication.permalink, published), sighting,
                Evidence(f"the {name}'s end", term.path, ends))
    day = days_apart(published, seen.seen_at, calendar)
    said = (f"The {name} lasts {days} days from {day_text(published, calendar)}, until "
            f"{day_text(ends, calendar)}; the content was seen {used} on "
            f"{day_text(seen.seen_at, calendar)}, day {day} of {days}")
    if seen.seen_at > ends:
        return Finding(kind, key, term, evidence, Verdict.BREACH, said + ": past its end.",
                       due=ends, measured_at=seen.seen_at)
    return Finding(kind, key, term, evidence, Verdict.MET, said + ": within it.", due=ends,
                   measured_at=seen.seen_at)


def _covering(terms: CampaignTerms, seen: Observation) -> list[tuple[int, int]]:
    """(index, days) of each term that allows the sighting."""
    if seen.sighting is Sighting.AD_RUNNING:
        return [(i, access.days) for i, access in enumerate(terms.ad_access)
                if not access.deliverables or seen.deliverable in access.deliverables]
    channel = channel_name(seen.channel)
    return [(i, right.days) for i, right in enumerate(terms.usage_rights)
            if not channel or channel in {channel_name(c) for c in right.channels}]


def sightings_of(observations: Sequence[Observation], key: str) -> list[Observation]:
    """The sightings of deliverable `key`, in the order they were seen."""
    mine = [o for o in observations if o.deliverable == key]
    return sorted(mine, key=lambda o: (not is_aware(o.seen_at), _sort_moment(o.seen_at)))


def _sort_moment(moment: datetime) -> float:
    return moment.timestamp() if is_aware(moment) else 0.0
