"""Bolt listeners, registered explicitly (no discovery): each acks, then calls the mediation."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from adapters.slack.listeners import actions, commands, events, views
from adapters.slack.mediation import SlackMediation


def register(app: AsyncApp, slack: SlackMediation) -> None:
    # Bolt tries the listeners in the order they were registered, and each try costs about as
    # much as running one (it builds every argument a listener could ask for). Events first:
    # messages are most of what Slack sends. No request matches two of these listeners.
    events.register(app, slack)
    commands.register(app, slack)
    actions.register(app, slack)
    views.register(app, slack)
