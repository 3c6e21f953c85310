"""render.py: pings only for the person meant, buttons for what is possible now, modals
within Discord's limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import discord
import pytest

from adapters.discord import render
from adapters.discord.custom_ids import FormId
from adapters.discord.translate import ShowForm
from bot.domain.case import Agreement, Case, FollowUp, Proposal
from bot.domain.identity import Party, PartyKind, Side
from bot.domain.phases import Phase

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def case(phase: Phase, **changes: object) -> Case:
    ana = Party("discord:1", "Ana", PartyKind.BRAND, Side.BRAND)
    ben = Party("discord:2", "Ben", PartyKind.CREATOR, Side.CREATOR)
    base = Case("MB-AAAAAA", "discord:9", "Late video @everyone", {"summary": "late"}, ana, ben,
                NOW, phase=phase)
    return Case(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def labels(view: discord.ui.View | None) -> list[str]:
    assert view is not None and view.timeout is None
    return [item.item.label for item in view.children]  # type: ignore[attr-defined]


def test_buttons_follow_the_phase() -> None:
    assert labels(render.actions_view(case(Phase.AWAITING_RESPONSE), NOW)) == [
        "Join the mediation", "Decline", "Ask for a mediator", "Status"]
    open_one = Proposal(1, Side.BRAND, None, {"amount": "1"}, NOW + timedelta(days=1))
    expired = Proposal(2, Side.CREATOR, None, {"amount": "2"}, NOW - timedelta(days=1))
    view = render.actions_view(case(Phase.NEGOTIATION, proposals={1: open_one, 2: expired},
                                    mediation_requested=True), NOW)
    assert labels(view) == ["Propose terms", "Accept #1", "Counter #1", "Reject #1",
                            "Take the case (mediators)", "Status"]
    assert render.actions_view(case(Phase.CLOSED), NOW) is None


def test_custom_ids_encode_case_and_action() -> None:
    agreement = Agreement(1, "terms", "0" * 64)
    view = render.actions_view(case(Phase.AGREEMENT, agreement=agreement), NOW)
    assert view is not None
    assert [c["components"][0]["custom_id"] for c in view.to_components()][:1] == [
        "mb:sign:MB-AAAAAA"]


def test_notices_ping_exactly_their_addressee() -> None:
    [to_ben] = render.notice("user:discord:2", "Answer by Friday", None)
    assert to_ben.content == "<@2> Answer by Friday"
    assert to_ben.allowed_mentions.to_dict() == {"parse": [], "users": [2]}
    [queue] = render.notice("mediators", "Case asks @everyone", 77)
    assert queue.content == "<@&77> Case asks @everyone"
    assert queue.allowed_mentions.to_dict() == {"parse": [], "roles": [77]}
    [plain] = render.notice("mediators", "no role configured", None)
    assert plain.allowed_mentions.to_dict() == {"parse": []}
    [foreign] = render.notice("user:slack:T1:U2", "hi", None)
    assert foreign.allowed_mentions.to_dict() == {"parse": []}


def test_a_long_notice_is_split_and_pings_only_once() -> None:
    posts = render.notice("user:discord:2", "line @everyone\n" * 300, None)
    assert len(posts) == 3 and all(len(p.content) <= 2000 for p in posts)
    assert posts[0].content.startswith("<@2> line")
    assert [p.allowed_mentions.to_dict() for p in posts] == [
        {"parse": [], "users": [2]}, {"parse": []}, {"parse": []}]
    assert "".join(p.content for p in posts).count("line") == 300


def test_long_text_is_split_and_never_pings() -> None:
    posts = render.texts(["line\n" * 900])
    assert len(posts) == 3 and all(len(p.content) <= 2000 for p in posts)
    assert all(p.kwargs()["allowed_mentions"].to_dict() == {"parse": []} for p in posts)


@pytest.mark.parametrize("form", ["open", "statement", "propose", "counter"])
def test_modals_stay_within_discords_limits(form: str) -> None:
    modal = render.modal(ShowForm(FormId(form, "MB-AAAAAA", 1 if form == "counter" else None)))
    assert 1 <= len(modal.children) <= 5
    assert len(modal.title) <= 45 and len(modal.custom_id) <= 100
    for item in modal.children:
        assert isinstance(item, discord.ui.Label)
        assert isinstance(item.component, discord.ui.TextInput)
        assert len(item.text) <= 45 and (item.component.max_length or 0) <= 4000


def test_the_case_card_shows_the_case() -> None:
    embed = render.case_card(case(Phase.AWAITING_RESPONSE), NOW)
    assert embed.title == "Case MB-AAAAAA: Late video @everyone"
    assert {f.name for f in embed.fields} >= {"Phase", "Opened by", "Respondent"}


def test_sign_before_both_signatures_and_confirm_only_after() -> None:
    followup = FollowUp(1, "Payment of the fee", NOW + timedelta(days=7))
    drafted = Agreement(1, "terms", "0" * 64, followups=(followup,))
    assert labels(render.actions_view(case(Phase.AGREEMENT, agreement=drafted), NOW)) == [
        "Sign the agreement", "Ask for a mediator", "Status"]
    signed = Agreement(1, "terms", "0" * 64, signed={Side.BRAND: "t", Side.CREATOR: "t"},
                       followups=(followup,))
    assert labels(render.actions_view(case(Phase.COMPLIANCE, agreement=signed), NOW)) == [
        "Confirm follow-up #1", "Ask for a mediator", "Status"]
