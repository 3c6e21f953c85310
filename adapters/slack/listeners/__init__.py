"""Bolt listeners, registered explicitly (no discovery): each acks, then calls the mediation."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from adapters.slack.listeners import actions, commands, events, views
from adapters.slack.mediation import SlackMediation


def register(app: AsyncApp, slack: SlackMediation) -> None:
    commands.register(app, slack)
    actions.register(app, slack)
    views.register(app, slack)
    events.register(app, slack)
