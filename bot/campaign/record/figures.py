"""Figures reported on a campaign: by one of the sides to the agreement in force, and
journaled under that side whatever the file says, so nobody reports for the other side.
`may_report` is the one rule: the decider applies it, and the service and adapters ask it
before a file is fetched or stored, so a refused file leaves nothing behind."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from bot.campaign.parties import CampaignParty
from bot.campaign.performance.mapped_csv import mapping_fields, mapping_from_form
from bot.campaign.performance.report_payload import FigureReport, report_payload
from bot.campaign.record import kinds
from bot.campaign.record.state import CampaignState, party_in
from bot.domain.errors import Refusal
from bot.domain.identity import Actor
from bot.domain.journal import Event
from bot.domain.kinds import METRICS_REPORTED


def may_report(state: CampaignState, actor: Actor) -> CampaignParty:
    """The party reporting, or a Refusal: figures are judged against agreed KPI targets, and
    only a side reports them."""
    terms = state.agreed_terms
    if terms is None:
        raise Refusal(f"Campaign {state.id} has no agreement in force yet: figures are judged "
                      "against the KPI targets the parties agreed.")
    party = party_in(terms, actor.user_id)
    if party is None:
        raise Refusal(f"Only the parties to campaign {state.id} report its figures; a "
                      "mediator weighs them.")
    return party


def set_mapping(state: CampaignState, fields: Mapping[str, str], actor: Actor) -> list[Event]:
    """The campaign's column mapping, checked by reading it as the form does and kept in its
    normal form; a later one replaces it."""
    may_report(state, actor)
    mapping = mapping_fields(mapping_from_form(fields))
    return [Event(kinds.COLUMN_MAPPING_SET, {"fields": mapping})]


def report_figures(state: CampaignState, report: FigureReport, actor: Actor) -> list[Event]:
    party = may_report(state, actor)
    return [Event(METRICS_REPORTED, report_payload(replace(report, side=party.role.side)))]
