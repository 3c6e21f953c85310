"""Deciding the agreement: a proposal, counters, each party's acceptance of an exact version,
and amendments once agreed (CAMPAIGNS.md §1: "accepted by each party, with the hash of what
was accepted"; amendments are new versions pointing at their parent).

A version is agreed when every party it names has accepted that very hash; proposing or
countering is not accepting, so the proposer accepts too, explicitly. Until an amendment is
agreed the version before it stays in force. What an amendment may change: anything, except
that it may not drop a deliverable whose life is under way (cancel it first: the stage it
reached decides the kill fee) nor a milestone that is already due, invoiced, paid or
disputed. Deliverables and milestones it keeps carry on with their history; those it adds
start when it is agreed.
"""

from __future__ import annotations

from datetime import datetime

from bot.campaign.calendar import Calendar
from bot.campaign.life.deliverable_life import DeliverablePhase
from bot.campaign.life.milestone_life import MilestonePhase
from bot.campaign.parties import CampaignParty
from bot.campaign.record import kinds
from bot.campaign.record.commands import (
    AcceptAgreement,
    AmendAgreement,
    CounterAgreement,
    ProposeAgreement,
)
from bot.campaign.record.starting import agreed
from bot.campaign.record.state import CampaignState, party_in, who_must_accept
from bot.campaign.terms.problems import InvalidAgreement
from bot.campaign.terms.terms import CampaignTerms
from bot.campaign.terms.versions import AgreementVersion, amend, canonical_terms, first_version
from bot.domain.errors import Refusal
from bot.domain.identity import Actor
from bot.domain.journal import Event


def propose(state: CampaignState | None, command: ProposeAgreement, actor: Actor
            ) -> list[Event]:
    """Version 1 of a new campaign, proposed by one of the parties it names."""
    if state is not None:
        raise Refusal(f"Campaign {state.id} already has an agreement: counter the version "
                      "under discussion, or amend the agreed one.", ("counter", "amend"))
    if not command.campaign_id.strip() or not command.community_id.strip():
        raise Refusal("A campaign needs an id and a community.")
    if party_in(command.terms, actor.user_id) is None:
        raise Refusal("Only a party named in the terms can propose them: add yourself to the "
                      "parties, or ask one of them to propose.")
    version = first_version(command.terms)
    payload = {"community_id": command.community_id, **_version_facts(version, actor)}
    return [Event(kinds.AGREEMENT_PROPOSED, payload)]


def counter(state: CampaignState, command: CounterAgreement, actor: Actor) -> list[Event]:
    """A new version answering the one under discussion; acceptances of the old one lapse."""
    discussed = _discussed(state)
    _party(who_must_accept(state, discussed), actor, state)
    if party_in(command.terms, actor.user_id) is None:
        raise Refusal("A counter-proposal that leaves you out of the parties cannot be yours: "
                      "keep yourself among them.")
    return [Event(kinds.AGREEMENT_COUNTERED, _version_facts(_next(discussed, command.terms),
                                                            actor))]


def accept(state: CampaignState, command: AcceptAgreement, actor: Actor, now: datetime,
           calendar: Calendar) -> list[Event]:
    """One party's acceptance of the exact version under discussion; when it is the last
    party's, the version is agreed and what it sets going starts."""
    discussed = _discussed(state)
    signatories = who_must_accept(state, discussed)
    party = _party(signatories, actor, state)  # an outsider learns nothing of the versions
    cited = command.version_hash.strip().lower()
    if cited != discussed.hash:
        known = state.version_of(cited)
        what = (f"that is version {known.number}, no longer under discussion" if known
                else "no version of this campaign has that hash")
        raise Refusal(f"Version {discussed.number} is under discussion now, with the hash "
                      f"{discussed.hash}; {what}. Read version {discussed.number} and accept "
                      "it by its hash.", ("accept", "counter"))
    accepted = state.accepted_by(discussed.hash)
    if party.user_id in accepted:
        waiting = ", ".join(p.name for p in signatories if p.user_id not in accepted)
        raise Refusal(f"You accepted version {discussed.number} already; waiting for "
                      f"{waiting}.", ("counter",))
    events = [Event(kinds.AGREEMENT_ACCEPTED, {
        "number": discussed.number, "hash": discussed.hash, "by": actor.user_id,
        "name": actor.name})]
    everyone = {p.user_id for p in signatories}
    if everyone <= accepted | {party.user_id}:
        events += agreed(state, discussed.hash, now, calendar)
    return events


def amend_agreement(state: CampaignState, command: AmendAgreement, actor: Actor
                    ) -> list[Event]:
    """A new version of the agreed one; it stays in force until this one is agreed."""
    in_force = state.agreed_version
    if in_force is None:
        raise Refusal("Nothing is agreed yet, so there is nothing to amend: counter the "
                      "version under discussion, or accept it.", ("counter", "accept"))
    pending = state.discussed_version
    if pending is not None:
        raise Refusal(f"Amendment version {pending.number} is under discussion: counter it "
                      "or accept it first.", ("counter", "accept"))
    _party(in_force.terms.parties, actor, state)
    _keeps_what_is_under_way(state, command.terms)
    return [Event(kinds.AGREEMENT_AMENDED, _version_facts(_next(in_force, command.terms),
                                                          actor))]


def _discussed(state: CampaignState) -> AgreementVersion:
    version = state.discussed_version
    if version is None:
        number = state.agreed_version.number if state.agreed_version else len(state.versions)
        raise Refusal(f"Nothing is under discussion: version {number} is agreed. To change it, "
                      "propose an amendment.", ("amend",))
    return version


def _party(parties: tuple[CampaignParty, ...], actor: Actor, state: CampaignState
           ) -> CampaignParty:
    party = next((p for p in parties if p.user_id == actor.user_id), None)
    if party is None:
        raise Refusal(f"Only the parties to campaign {state.id} can do that: "
                      f"{', '.join(p.name for p in parties)}.")
    return party


def _next(parent: AgreementVersion, terms: CampaignTerms) -> AgreementVersion:
    try:
        return amend(parent, terms)
    except InvalidAgreement as problem:
        raise Refusal(f"Not a new version of version {parent.number}: {problem}") from None


def _version_facts(version: AgreementVersion, actor: Actor) -> dict[str, object]:
    facts: dict[str, object] = {
        "number": version.number, "hash": version.hash, "title": version.terms.title,
        "terms": canonical_terms(version.terms), "by": actor.user_id, "name": actor.name}
    if version.parent is not None:
        facts["parent"] = version.parent
    return facts


def _keeps_what_is_under_way(state: CampaignState, terms: CampaignTerms) -> None:
    keys = {d.key for d in terms.deliverables}
    for key, life in state.deliverables.items():
        if key not in keys and life.phase is not DeliverablePhase.CANCELLED:
            raise Refusal(f"The amendment drops deliverable {key}, which is under way: cancel "
                          "it first (the stage it reached decides the kill fee), or keep it.")
    payments = {m.key for m in terms.payment.milestones}
    for key, payment in state.milestones.items():
        if key not in payments and payment.phase is not MilestonePhase.PENDING:
            raise Refusal(f"The amendment drops milestone {key}, which is already "
                          f"{payment.phase.value}: a payment under way stays in the agreement.")
