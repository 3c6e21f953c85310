"""A `/review <sub>` interaction's options as the request it makes. Pure.

Each subcommand is the text grammar's move (`bot.input.review_requests`): `open` is
`review`, `answer` is `recommendation accept|reject`, and the others keep their names. The
person a hand-off or an observer names is a user option, passed on as a mention for the
service's people resolver.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from adapters.discord import options as o
from adapters.discord.custom_ids import FormId
from bot.input.grammar import Request
from bot.input.interpret import needs_form

GROUP = "review"
REASON = 3000
SUBCOMMANDS = ("open", "position", "recommend", "answer", "decide", "appeal", "uphold",
               "reopen", "handoff", "observer")
# The text grammar's name for each subcommand that has another on Discord.
_MOVES = {"open": "review", "answer": "recommendation"}
_FORMS = ("position", "recommend", "decide")
_WORDS = {"recommend": ("computed",), "decide": ("recommended", "computed")}


def _typed(sub: str, case_id: str | None, *parts: str) -> Request:
    """The request as if typed: `sub [case] parts...`, its text the typed tail."""
    text = " ".join(p for p in parts if p)
    return Request(_MOVES.get(sub, sub), case_id, tuple(text.split()), {}, text)


def review_request(sub: str, case_id: str | None, values: Mapping[str, Any]
                   ) -> Request | FormId:
    """The request a `/review <sub>` interaction makes, or the form (a modal) it opens."""
    if sub not in SUBCOMMANDS:
        raise o.Malformed(f"`/review {sub[:30]}` is no command of this bot's.")
    if sub in _FORMS:  # a modal, unless words stand for the terms (`recommend computed`)
        words = o.choice(values, "terms", ("form", *_WORDS.get(sub, ())))
        request = _typed(sub, case_id, "" if words == "form" else words)
        return FormId(sub, case_id) if needs_form(request) else request
    if sub == "open":
        return _typed(sub, case_id)
    if sub == "answer":
        move = o.choice(values, "move", ("accept", "reject")) or "accept"
        return _typed(sub, case_id, move, o.text(values.get("reason"), REASON))
    if sub == "handoff":
        return _typed(sub, case_id, o.mention(values.get("mediator")),
                      o.text(values.get("reason"), REASON))
    if sub == "observer":
        move = o.choice(values, "move", ("add", "remove")) or "add"
        side = o.choice(values, "side", ("brand", "creator"))
        act = values.get("act")
        if act is not None and not isinstance(act, bool):
            raise o.Malformed("act: true or false.")
        return _typed(sub, case_id, move, o.mention(values.get("person")), side,
                      "act" if act else "")
    return _typed(sub, case_id, o.text(values.get("text"), REASON))  # appeal, uphold, reopen
