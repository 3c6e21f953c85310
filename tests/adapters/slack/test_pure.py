"""The pure parts: payload → request/command, reply/case → Block Kit, settings, file hosts."""

from __future__ import annotations

import pytest

from adapters.settings import SettingsError
from adapters.slack import modals
from adapters.slack import translate as t
from adapters.slack.files import allowed
from adapters.slack.render import escape, form_errors, form_view
from adapters.slack.settings import SlackSettings
from bot.domain.commands import DeleteMessage, EditMessage, PostMessage
from bot.input.forms import OPEN, PROPOSAL


def test_escape_makes_mentions_and_links_inert() -> None:
    assert escape("<!channel> <@U1> <http://x|y> a&b") == (
        "&lt;!channel&gt; &lt;@U1&gt; &lt;http://x|y&gt; a&amp;b")


def test_buttons_become_the_same_requests_as_typed_commands() -> None:
    request = t.action_request({"action_id": "mb:accept", "value": "MB-ABC123:2"})
    assert (request.subcommand, request.case_id, request.args) == ("accept", "MB-ABC123", ("2",))
    for bad in ({"action_id": "mb:accept", "value": "nope"},
                {"action_id": "other", "value": "MB-ABC123"},
                {"action_id": "mb:accept", "value": "MB-ABC123:x"}, {}):
        with pytest.raises(t.Malformed):
            t.action_request(bad)


def test_form_metadata_round_trips_and_rejects_forgeries() -> None:
    meta = modals.FormMeta("counter", "MB-ABC123", "C1", 3)
    assert modals.FormMeta.from_json(meta.to_json()) == meta
    for forged in ("", "[]", '{"f": "drop"}', '{"f": "open", "c": "x"}', '{"f":"open","n":"1"}'):
        with pytest.raises(t.Malformed):
            modals.FormMeta.from_json(forged)


def test_modal_values_come_back_by_field_name() -> None:
    view = {"state": {"values": {
        "counterpart": {"value": {"type": "users_select", "selected_user": "U9"}},
        "side": {"value": {"type": "static_select", "selected_option": {"value": "brand"}}},
        "title": {"value": {"type": "plain_text_input", "value": "Late"}},
        "campaign": {"value": {"type": "plain_text_input", "value": None}}}}}
    assert modals.form_values(view) == {"counterpart": "<@U9>", "side": "brand", "title": "Late"}


def test_message_events_become_posts_edits_and_deletions() -> None:
    posted = t.message_change({"channel": "C1", "user": "U1", "ts": "1.1", "thread_ts": "1.0",
                                "text": "hi"})
    assert t.room_command(posted, "thread") == PostMessage("hi", "thread", "C1:1.1")  # type: ignore[arg-type]
    edited = t.message_change({"channel": "C1", "subtype": "message_changed",
                                "message": {"user": "U1", "ts": "1.1", "text": "hey"},
                                "previous_message": {"text": "hi"}})
    assert t.room_command(edited, "thread") == EditMessage("C1:1.1", "hey", "thread", True)  # type: ignore[arg-type]
    deleted = t.message_change({"channel": "C1", "subtype": "message_deleted",
                                "deleted_ts": "1.1", "previous_message": {"user": "U1"}})
    assert t.room_command(deleted, "thread") == DeleteMessage("C1:1.1", "thread", True)  # type: ignore[arg-type]
    for ignored in ({"channel": "C1", "bot_id": "B1", "ts": "1", "user": "U"},
                    {"channel": "C1", "subtype": "channel_join", "ts": "1", "user": "U"},
                    {"subtype": None}, {"channel": "C1"}):
        assert isinstance(t.message_change(ignored), t.Ignored)


def test_every_form_field_is_an_input_named_after_it() -> None:
    for form in (OPEN, PROPOSAL):
        view = form_view(form, modals.FormMeta(form.name))
        inputs = [b for b in view["blocks"] if b["type"] == "input"]
        assert [b["block_id"] for b in inputs] == [f.name for f in form.fields]
        assert len(view["title"]["text"]) <= 24
    assert form_errors({"terms": "x", "nope": "y"}, PROPOSAL) == {"terms": "x", "amount": "y"}


def test_only_allowed_file_hosts_and_exact_origins() -> None:
    hosts = ("files.slack.com", "http://127.0.0.1:8080")
    assert allowed("https://files.slack.com/files-pri/T1-F1/x.pdf", hosts)
    assert allowed("http://127.0.0.1:8080/files/x", hosts)
    for url in ("http://files.slack.com/x", "https://files.slack.com.evil.io/x",
                "https://evil.io/files.slack.com", "https://files.slack.com:8443/x",
                "https://a@files.slack.com/x", "http://127.0.0.1:8081/x", "file:///etc/passwd",
                "https://FILES.slack.com@evil.io/", "not a url", "http://[::1/"):
        assert not allowed(url, hosts), url


def test_settings_from_the_environment() -> None:
    settings = SlackSettings.from_env({"SLACK_BOT_TOKEN": "xoxb-secret",
                                       "SLACK_SIGNING_SECRET": "shh",
                                       "SLACK_MEDIATORS": "U1, @u2",
                                       "SLACK_API_URL": "http://127.0.0.1:9/api"})
    assert settings.api_url == "http://127.0.0.1:9/api/"
    assert settings.file_hosts == ("files.slack.com",) and settings.mediators == ("U1", "U2")
    assert "secret" not in repr(settings) and "shh" not in repr(settings)
    assert settings.file_wait_seconds == 10
    assert SlackSettings.from_env({"SLACK_BOT_TOKEN": "x", "SLACK_APP_TOKEN": "xapp-1"}
                                  ).socket_mode
    for env, named in (({}, "SLACK_BOT_TOKEN"), ({"SLACK_BOT_TOKEN": "x"}, "SIGNING_SECRET"),
                       ({"SLACK_BOT_TOKEN": "x", "SLACK_APP_TOKEN": "xoxb"}, "SLACK_APP_TOKEN"),
                       ({"SLACK_BOT_TOKEN": "x", "SLACK_SIGNING_SECRET": "s",
                         "SLACK_FILE_HOSTS": "ftp://x"}, "SLACK_FILE_HOSTS"),
                       *(({"SLACK_BOT_TOKEN": "x", "SLACK_SIGNING_SECRET": "s",
                           "SLACK_FILE_WAIT_SECONDS": wait}, "SLACK_FILE_WAIT_SECONDS")
                         for wait in ("soon", "-1", "nan", "601"))):
        with pytest.raises(SettingsError, match=named):
            SlackSettings.from_env(env)




def test_the_manifest_asks_for_what_the_app_uses() -> None:
    from pathlib import Path

    from adapters.slack.app import BOT_SCOPES

    text = (Path(__file__).resolve().parents[3] / "slack" / "manifest.yml").read_text()
    bot_scopes = text.split("    bot:\n")[1].split("settings:")[0]
    listed = {line.split("#")[0].strip().removeprefix("- ") for line in bot_scopes.splitlines()}
    assert listed - {""} == set(BOT_SCOPES)
    for needed in ("command: /mediate", "should_escape: true", "home_tab_enabled: true",
                   "- message.channels", "- message.mpim", "- file_shared",
                   "- app_home_opened", "request_url: https://YOUR-HOST/slack/events"):
        assert needed in text, needed
