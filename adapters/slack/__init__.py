"""The Slack adapter: slash command, Block Kit card and buttons, modals, a thread per case,
private caucus conversations and the App Home tab, on slack-bolt's AsyncApp.

`translate` (payload → request/command) and `render` (reply/case → Block Kit) are pure;
`listeners` registers thin handlers; `runner.main` runs it in HTTP or Socket Mode.
"""
