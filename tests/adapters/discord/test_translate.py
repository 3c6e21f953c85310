"""translate.py on payloads shaped like Discord's: slash commands, buttons, modals, edits."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.discord import translate as t
from adapters.discord.custom_ids import ButtonId, FormId, parse_button, parse_form
from bot.input.grammar import Request


def command(sub: str, *options: dict[str, Any], resolved: dict[str, Any] | None = None
            ) -> dict[str, Any]:
    data: dict[str, Any] = {"id": "1", "name": "mediate", "type": 1,
                            "options": [{"type": 1, "name": sub, "options": list(options)}]}
    if resolved:
        data["resolved"] = resolved
    return data


def opt(name: str, value: Any, kind: int = 3) -> dict[str, Any]:
    return {"name": name, "type": kind, "value": value}


@pytest.mark.parametrize(("data", "request_"), [
    (command("join"), Request("join", None, (), {}, "")),
    (command("status", opt("case", "mb-7k2q9x")), Request("status", "MB-7K2Q9X", (), {}, "")),
    (command("accept", opt("number", 2, 4)), Request("accept", None, ("2",), {}, "2")),
    (command("reject", opt("number", 1, 4), opt("reason", "too low, sorry")),
     Request("reject", None, ("1", "too", "low,", "sorry"), {}, "1 too low, sorry")),
    (command("caucus", opt("party", "80351110224678912", 6)),
     Request("caucus", None, ("<@80351110224678912>",), {}, "<@80351110224678912>")),
    (command("close", opt("reason", "impasse"), opt("note", "no movement")),
     Request("close", None, ("impasse", "no", "movement"), {}, "impasse no movement")),
    (command("export"), Request("export", None, ("json",), {}, "json")),
    ({"name": "mediate"}, Request("help", None, (), {}, "")),
])
def test_slash_commands_become_requests(data: dict[str, Any], request_: Request) -> None:
    assert t.slash_command(data) == t.Ask(request_)


def test_form_subcommands_open_a_modal_with_the_case_in_its_id() -> None:
    shown = t.slash_command(command("counter", opt("number", 3, 4), opt("case", "MB-AAAAAA")))
    assert shown == t.ShowForm(FormId("counter", "MB-AAAAAA", 3))
    assert shown.form.encode() == "mbf:counter:MB-AAAAAA:3"


def test_open_carries_step_one_in_the_modal_id_and_prefills_step_two() -> None:
    shown = t.slash_command(command(
        "open", opt("counterpart", "80351110224678912", 6), opt("side", "brand"),
        opt("category", "usage_rights"), opt("title", "Reused our ad"),
        opt("amount", "1,500.50"), opt("currency", "EUR")))
    assert isinstance(shown, t.ShowForm)
    assert shown.prefill == {"title": "Reused our ad"}
    custom_id = shown.form.encode()
    assert len(custom_id) <= 100
    assert parse_form(custom_id) == shown.form
    submitted = t.form_submission({"custom_id": custom_id, "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": "title", "value": "Reused"}]},
        {"type": 18, "component": {"type": 4, "custom_id": "summary", "value": "They did"}},
        {"type": 1, "components": [{"type": 4, "custom_id": "side", "value": "creator"}]}]})
    assert submitted == t.Ask(Request("open", None, (), {
        "counterpart": "<@80351110224678912>", "side": "brand", "category": "usage_rights",
        "amount": "1500.50", "currency": "EUR", "title": "Reused", "summary": "They did"}))


@pytest.mark.parametrize(("data", "problem"), [
    (command("open", opt("side", "boss")),
     "Please fix the options (side: one of brand, agency, creator)."),
    (command("open", opt("currency", "EURO")), "Please fix the options (currency: at most 3"),
    (command("open", opt("amount", "1:2")), "Please fix the options (amount: not a number)."),
    (command("open", opt("amount", "12.345"), opt("currency", "EUR")),
     "Please fix the options (amount: at most two decimals)."),
    (command("open", opt("amount", "1500")),
     "Please fix the options (currency: needed with an amount)."),
    (command("open", opt("title", "x" * 151)),
     "Please fix the options (title: at most 150 characters)."),
    (command("open", opt("campaign", "x" * 6000)),
     "Please fix the options (campaign: at most 150 characters)."),
    (command("reject", opt("number", 1, 4), opt("reason", {"$ne": 1})),
     "The option 'reason' is malformed."),
    (command("join", "not an option"), "An option of that command is malformed."),
    (command("status", opt("case", "<@&123> everyone")), "'<@&123> everyone' is not a case id"),
    (command("accept", opt("number", "one")), "`accept` needs the proposal's number"),
    (command("evidence", opt("file", "9", 11)), "Attach the file"),
])
def test_malformed_options_are_problems(data: dict[str, Any], problem: str) -> None:
    meaning = t.slash_command(data)
    assert isinstance(meaning, t.Problem) and meaning.message.startswith(problem)


def test_evidence_reads_the_resolved_attachment() -> None:
    attachment = {"id": "9", "filename": "brief.pdf", "size": 123,
                  "url": "https://cdn.discordapp.com/attachments/1/9/brief.pdf?ex=1"}
    meaning = t.slash_command(command(
        "evidence", opt("file", "9", 11), opt("description", "the brief"),
        resolved={"attachments": {"9": attachment}}))
    assert meaning == t.Upload(None, t.FileRef("9", attachment["url"], "brief.pdf", 123),
                               "the brief")


@pytest.mark.parametrize(("custom_id", "meaning"), [
    ("mb:join:MB-AAAAAA", t.Ask(Request("join", "MB-AAAAAA", (), {}, ""))),
    ("mb:accept:MB-AAAAAA:2", t.Ask(Request("accept", "MB-AAAAAA", ("2",), {}, "2"))),
    ("mb:statement:MB-AAAAAA", t.ShowForm(FormId("statement", "MB-AAAAAA"))),
    ("mb:accept:MB-AAAAAA", t.Problem("Which proposal? Use `/mediate accept`.")),
])
def test_buttons(custom_id: str, meaning: t.Meaning) -> None:
    button = parse_button(custom_id)
    assert button is not None and button.encode() == custom_id
    assert t.button(button) == meaning


@pytest.mark.parametrize("custom_id", [
    "mbf:statement:MB-AAAAAA", "mbf:counter:MB-AAAAAA:x", "mbf:open:1:2", "mbf:evil:-:-",
    "mbf:open:<@1>:9:-:0:-:-", "mbf:statement:../etc:-", "mb:join:MB-AAAAAA",
])
def test_malformed_form_ids_are_refused(custom_id: str) -> None:
    assert parse_form(custom_id) is None
    assert isinstance(t.form_submission({"custom_id": custom_id}), t.Problem)


def test_button_ids_stay_short() -> None:
    assert len(ButtonId("withdraw-proposal", "MB-AAAAAA", 999_999).encode()) <= 100


def test_thread_messages_and_edits() -> None:
    said = t.thread_message(42, "hi", [{"id": 7, "url": "https://cdn.discordapp.com/a",
                                         "filename": "a.png", "size": 3}, {"broken": True}])
    assert said == t.ThreadMessage("42", "discord:msg:42", "hi",
                                   (t.FileRef("7", "https://cdn.discordapp.com/a", "a.png", 3),))
    edit = {"id": "42", "content": "hello", "edited_timestamp": "2026-01-01T00:00:00+00:00",
            "author": {"id": "5"}}
    assert t.raw_edit(edit) == t.ThreadEdit("42", "discord:edit:42:2026-01-01T00:00:00+00:00",
                                            "hello", "5")
    assert t.raw_edit({"id": "42", "embeds": []}) is None  # a link preview, not an edit
    assert t.raw_edit(edit | {"author": {"id": "5", "bot": True}}) is None
