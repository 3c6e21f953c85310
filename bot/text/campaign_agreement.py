"""Words for a campaign's agreement: each version proposed, countered or amended, each party's
acceptance of an exact hash, and the version every party accepted coming into force."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.campaign.record import kinds
from bot.campaign.record.state import CampaignState, who_must_accept
from bot.campaign.terms.versions import AgreementVersion
from bot.domain.journal import JournalEntry
from bot.exchange import Reply
from bot.text.campaign_phrases import SHORT_HASH, names, party_name
from bot.text.record import Described, EntryWords, thread, to_person

ACCEPT_COMMAND = "/mediate campaign accept"

_OFFERED = {kinds.AGREEMENT_PROPOSED: "proposed", kinds.AGREEMENT_COUNTERED: "countered with",
            kinds.AGREEMENT_AMENDED: "proposed an amendment:"}


def awaited(state: CampaignState, version: AgreementVersion) -> list[str]:
    """The names of everyone whose acceptance the version still needs."""
    accepted = state.accepted_by(version.hash)
    return [p.name for p in who_must_accept(state, version) if p.user_id not in accepted]


def accept_words(version: AgreementVersion) -> str:
    """What to type to accept exactly this version."""
    return f"To accept it: {ACCEPT_COMMAND} {version.hash}"


# -- agreement_proposed, agreement_countered, agreement_amended --------------------------------
def _offered(state: CampaignState, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    version = state.version_of(p["hash"])
    if version is None:  # not this campaign's: nothing trustworthy to say about it
        return []
    who = party_name(state, p["by"], p.get("name", entry.actor_name))
    in_force = state.agreed_version
    stays = (f" Version {in_force.number} stays in force until it is agreed."
             if entry.kind == kinds.AGREEMENT_AMENDED and in_force else "")
    waiting = awaited(state, version)
    still = (f"It is agreed once each of {names(waiting)} accepts it (proposing is not "
             "accepting)." if waiting else "Every party has accepted it.")
    text = (f"Campaign {state.id} ({version.terms.title}): {who} {_OFFERED[entry.kind]} "
            f"version {version.number}, hash {version.hash[:SHORT_HASH]}.{stays} {still}\n"
            f"{accept_words(version)}")
    others = [party for party in who_must_accept(state, version)
              if party.user_id != p["by"] and party.user_id not in state.accepted_by(
                  version.hash)]
    notice = (f"{who} {_OFFERED[entry.kind]} version {version.number} of campaign {state.id} "
              f"({version.terms.title}), naming you as a party. Read it in the campaign's "
              f"thread. {accept_words(version)}")
    return [thread(state, text), *(to_person(state, party.user_id, notice) for party in others)]


def _offered_line(entry: JournalEntry) -> str:
    p = entry.payload
    what = _OFFERED[entry.kind].removesuffix(":")
    return f"{what} version {p['number']} “{p['title']}”, hash {p['hash']}"


def _offered_export(item: Mapping[str, Any]) -> Described:
    p = item["payload"]
    headline = {kinds.AGREEMENT_PROPOSED: "Proposed", kinds.AGREEMENT_COUNTERED: "Countered with",
                kinds.AGREEMENT_AMENDED: "Proposed an amendment:"}[item["kind"]]
    fields = [("Title", str(p["title"])), ("Version hash (SHA-256)", str(p["hash"]))]
    if p.get("parent"):
        fields.append(("Answers the version", str(p["parent"])))
    return Described(f"{headline} version {p['number']} of the agreement", fields,
                     text=str(p["terms"]))


# -- agreement_accepted ------------------------------------------------------------------------
def _accepted(state: CampaignState, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    who = party_name(state, p["by"], p.get("name", entry.actor_name))
    version = state.version_of(p["hash"])
    if version is None:
        return []
    waiting = awaited(state, version)
    rest = (f"Still awaited: {names(waiting)}." if waiting
            else "Every party has accepted it.")
    return [thread(state, f"{who} accepted version {version.number} of campaign {state.id} "
                          f"(hash {version.hash[:SHORT_HASH]}). {rest}")]


def _accepted_line(entry: JournalEntry) -> str:
    p = entry.payload
    return f"accepted version {p['number']}, hash {p['hash']}"


def _accepted_export(item: Mapping[str, Any]) -> Described:
    p = item["payload"]
    return Described(f"Accepted version {p['number']} of the agreement",
                     [("Accepted as", str(p["name"])), ("Version hash (SHA-256)", str(p["hash"]))])


# -- agreement_agreed --------------------------------------------------------------------------
def _agreed(state: CampaignState, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    version = state.version_of(p["hash"])
    title = f" ({version.terms.title})" if version else ""
    return [thread(state, f"Campaign {state.id}{title}: version {p['number']} is agreed and "
                          f"in force, every party having accepted it. Its hash: {p['hash']}.")]


def _agreed_line(entry: JournalEntry) -> str:
    return f"version {entry.payload['number']} agreed, hash {entry.payload['hash']}"


def _agreed_export(item: Mapping[str, Any]) -> Described:
    p = item["payload"]
    return Described(f"Version {p['number']} agreed by every party: in force",
                     [("Version hash (SHA-256)", str(p["hash"]))])


_OFFER = EntryWords(announcement=_offered, history_line=_offered_line, export=_offered_export)

AGREEMENT_WORDS: dict[str, EntryWords[CampaignState]] = {
    kinds.AGREEMENT_PROPOSED: _OFFER,
    kinds.AGREEMENT_COUNTERED: _OFFER,
    kinds.AGREEMENT_AMENDED: _OFFER,
    kinds.AGREEMENT_ACCEPTED: EntryWords(
        announcement=_accepted, history_line=_accepted_line, export=_accepted_export),
    kinds.AGREEMENT_AGREED: EntryWords(
        announcement=_agreed, history_line=_agreed_line, export=_agreed_export),
}
