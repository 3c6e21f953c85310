"""Bad input gets a clear, private answer and changes nothing: foreign or oversize files,
unknown cases, malformed options, forms and buttons."""

from __future__ import annotations

import pytest

from adapters.wiring import App
from bot.domain import kinds
from tests.adapters.discord.chat import Chat
from tests.adapters.discord.conftest import EVIDENCE_CAP, RunningBot
from tests.adapters.discord.fake import payloads as p
from tests.adapters.discord.fake.scene import Scene, buttons
from tests.adapters.discord.fake.server import FakeDiscord, Person


@pytest.fixture
def chat(fake: FakeDiscord, scene: Scene, bot: RunningBot, app: App) -> Chat:
    return Chat(fake, scene, bot, app)


@pytest.fixture
async def case(fake: FakeDiscord, chat: Chat) -> tuple[str, str, Person, Person]:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, thread = await chat.open_case(ana, ben)
    return case_id, thread, ana, ben


def cdn_gets(fake: FakeDiscord) -> list[str]:
    return [c.path for c in fake.calls if c.path.startswith("/cdn/")]


async def test_a_file_outside_discords_cdn_is_refused_without_fetching_it(
        fake: FakeDiscord, chat: Chat, case: tuple[str, str, Person, Person], app: App) -> None:
    case_id, thread, ana, _ = case
    before = await chat.journal(case_id)
    foreign = p.attachment(p.snowflake(), "invoice.pdf", 1000,
                           "http://169.254.169.254/latest/meta-data")
    refused = await chat.slash(ana, "evidence", thread, file=foreign)
    assert refused.ephemeral
    assert refused.text == "Not done: Files are only taken from Discord's CDN; this link is not."
    assert await chat.journal(case_id) == before
    assert not list(app.evidence.root.rglob("*")) if app.evidence.root.exists() else True


async def test_a_redirect_away_from_the_cdn_is_refused(
        fake: FakeDiscord, chat: Chat, case: tuple[str, str, Person, Person]) -> None:
    case_id, thread, ana, _ = case
    before = await chat.journal(case_id)
    sneaky = fake.cdn_redirect("x.png", "http://10.0.0.1/secret")
    refused = await chat.slash(ana, "evidence", thread, file=sneaky)
    assert "only taken from Discord's CDN" in refused.text
    assert await chat.journal(case_id) == before


async def test_an_oversize_file_in_the_thread_is_refused_and_the_message_kept(
        fake: FakeDiscord, chat: Chat, case: tuple[str, str, Person, Person]) -> None:
    case_id, thread, ana, _ = case
    big = fake.cdn_file("huge.mp4", b"\0" * (EVIDENCE_CAP + 1))
    await chat.say(ana, thread, "The raw footage", [big])
    entries = await chat.journal(case_id)
    assert entries[-1].kind == kinds.MESSAGE_POSTED
    assert not [e for e in entries if e.kind == kinds.EVIDENCE_ADDED]
    reply = chat.posts(thread)[-1]
    assert reply["content"].startswith("Not stored as evidence: huge.mp4 is larger than")
    assert reply["_body"]["allowed_mentions"] == {"parse": []}
    assert cdn_gets(fake) == []  # the declared size was enough to refuse


async def test_a_file_larger_than_it_claims_is_cut_off_while_streaming(
        fake: FakeDiscord, chat: Chat, case: tuple[str, str, Person, Person], app: App) -> None:
    case_id, thread, ana, _ = case
    liar = fake.cdn_file("small.png", b"\x89PNG\r\n\x1a\n" + b"\0" * EVIDENCE_CAP) | {
        "size": 100}
    refused = await chat.slash(ana, "evidence", thread, file=liar)
    assert "larger than" in refused.text
    assert not [e for e in await chat.journal(case_id) if e.kind == kinds.EVIDENCE_ADDED]
    assert not [f for f in app.evidence.root.rglob("*") if f.is_file()]


@pytest.mark.parametrize(("options", "expected"), [
    ({"case": "MB-ZZZZZZ"}, "Not done: There is no case MB-ZZZZZZ."),
    ({"case": "hello"}, "Not done: 'hello' is not a case id"),
    ({}, "Not done: Which case?"),
])
async def test_unknown_or_malformed_cases_are_refused(
        fake: FakeDiscord, chat: Chat, options: dict[str, str], expected: str) -> None:
    answer = await chat.slash(fake.person("Ana"), "join", **options)
    assert answer.ephemeral
    assert answer.text.startswith(expected)


async def test_a_form_with_bad_values_lists_them_and_offers_to_fill_it_in_again(
        fake: FakeDiscord, chat: Chat, case: tuple[str, str, Person, Person]) -> None:
    case_id, thread, ana, ben = case
    await chat.click(ben, "Join the mediation", chat.with_buttons(thread))
    form = await chat.click(ana, "Submit statement", chat.with_buttons(thread))
    before = await chat.journal(case_id)
    wrong = await chat.fill(ana, form, {"what_happened": "Late", "wants": "Money",
                                        "amount": "lots", "currency": "EUR"}, thread)
    assert wrong.text == "Not done: Please fix the form (amount: not a number)."
    assert await chat.journal(case_id) == before
    again = buttons(wrong.followups[-1])
    assert again == {"Fill in again": f"mba:statement:{case_id}:-"}


async def test_forged_custom_ids_are_refused(
        fake: FakeDiscord, scene: Scene, chat: Chat,
        case: tuple[str, str, Person, Person]) -> None:
    case_id, thread, ana, _ = case
    before = await chat.journal(case_id)
    submitted = await scene.submit(ana, "mbf:open:not:a:real:form", {"title": "x"}, thread)
    await chat.bot.handled(f"interaction:{submitted}")
    assert chat.answer(submitted).text.startswith("Not done: That form is from an older")
    # A button an older version of the bot posted, with an action that no longer exists.
    old = f"mb:explode:{case_id}"
    card = chat.with_buttons(thread) | {"components": [{"type": 1, "components": [
        {"type": 2, "style": 2, "label": "Explode", "custom_id": old}]}]}
    clicked = await scene.click(ana, card, old)
    await chat.bot.handled(f"interaction:{clicked}")
    assert chat.answer(clicked).text.startswith("Not done: This button is from an older")
    assert await chat.journal(case_id) == before
