"""What people type, for the property that holds on every platform: the journal keeps the text
as typed (cleaned by `clean_text`), and what the bot posts back shows it escaped exactly once
for its platform (Slack: `& < >` as entities; Discord and the console: as it is).

Each example's text is framed by markers of its own, so the test can find exactly that text in
what the bot posts (a history holds earlier examples too) and compare it whole: a text escaped
twice, or not at all, differs from the expected one, not just contains it.
"""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from bot.domain.text import clean_text

# Modest: each example is a round trip through a real app and its fake platform.
ROUND_TRIPS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

TRICKY = [
    "&",
    "<",
    ">",
    "&amp;",
    "&lt;",
    "&gt;",
    "&amp;amp;",
    "<@U123>",
    "&lt;@U123&gt;",
    "<!channel>",
    "<!here|here>",
    "<#C1|general>",
    "<https://example.com|a link>",
    "@everyone",
    "<@&1>",
    "*bold* _it_ `code`",
    "Offer: 1100 EUR & a repost <by Friday>",
    "😀👍🏽",
    "e\u0301",
    "\u202eevil",
    "tab\there",
    "x" * 5,
]
CHARACTER = st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\t&<>|")


def typed(newlines: bool = True) -> st.SearchStrategy[str]:
    """Text as typed: tricky pieces and any characters, mixed; a line only, if asked."""
    pieces = st.lists(
        st.one_of(st.sampled_from(TRICKY), st.text(CHARACTER, max_size=12)), max_size=4
    ).map("".join)
    return pieces if newlines else pieces.map(lambda text: text.replace("\n", " "))


class Frames:
    """Markers around each example's text, unique within a test."""

    def __init__(self) -> None:
        self._n = itertools.count(1)

    def __call__(self, text: str) -> tuple[str, str, str]:
        n = next(self._n)
        start, end = f"[[m{n}:", f":m{n}]]"
        return start + text + end, start, end


def framed_in(posted: str, start: str, end: str) -> str:
    """The text between the markers in what the bot posted."""
    assert start in posted and end in posted, f"{start}…{end} not in {posted!r:.300}"
    return posted[posted.index(start) + len(start) : posted.rindex(end)]


def journaled(text: str) -> str:
    """What the journal holds for `text` framed by ASCII markers: the text, cleaned."""
    return clean_text(text)


def slack_escaped(text: str) -> str:
    """Escaped once, as Slack shows text (and sends what people type in a message event)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
