"""A mediator's briefing (`bot.text.briefing`) as Discord embeds. Pure: no I/O.

The acting mediator gets it as ephemeral follow-ups, a mediator it is handed to by direct
message; never in a case room. Each section is an embed field (a long one continues in the
next), within Discord's limits: 25 fields and 6,000 characters an embed, 1,024 a field's
value, 256 a title or field name, 4,096 a description. Each post carries one embed, so the
6,000 characters a message may hold are never exceeded either. No post pings anyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

from adapters.discord.render import Post
from bot.domain.case import Case
from bot.domain.clock import format_time
from bot.domain.rules import phase_words
from bot.exchange import Reply
from bot.text.briefing import briefing_sections
from bot.text.phrases import when

KIND = "briefing"  # `Reply.kind` of a briefing
TITLE, DESCRIPTION, FIELDS, FIELD_NAME, FIELD_VALUE, EMBED_TOTAL = 256, 4096, 25, 256, 1024, 6000
COLOUR = discord.Colour.blurple()
Section = tuple[str, list[str]]


def is_briefing(kind: str) -> bool:
    """Whether a reply or outbox message is a briefing, by its kind."""
    return kind == KIND


def chunks(lines: Sequence[str], limit: int) -> list[str]:
    """Lines joined in pieces of at most `limit` characters, cut at line ends (a longer line
    is cut where it must)."""
    pieces: list[str] = []
    current = ""
    for line in lines:
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        joined = f"{current}\n{line}" if current else line
        if len(joined) > limit:
            pieces.append(current)
            joined = line
        current = joined
    if current.strip():
        pieces.append(current)
    return [p if p.strip() else "…" for p in pieces] or ["…"]


def _size(embed: discord.Embed) -> int:
    return len(embed.title or "") + len(embed.description or "") + sum(
        len(f.name or "") + len(f.value or "") for f in embed.fields)


def embeds(title: str, head: str, sections: Sequence[Section]) -> list[discord.Embed]:
    """The briefing in embeds: the head as the first one's description, a field per section
    (or per piece of a long one)."""
    fields = [((heading if n == 0 else f"{heading} (continued)")[:FIELD_NAME], value)
              for heading, lines in sections
              for n, value in enumerate(chunks(lines, FIELD_VALUE))]
    first = discord.Embed(title=title[:TITLE], description=chunks([head], DESCRIPTION)[0],
                          colour=COLOUR)
    made = [first]
    for name, value in fields:
        embed = made[-1]
        if len(embed.fields) >= FIELDS or _size(embed) + len(name) + len(value) > EMBED_TOTAL:
            embed = discord.Embed(title=f"{title[:TITLE - 12]} (continued)", colour=COLOUR)
            made.append(embed)
        embed.add_field(name=name, value=value, inline=False)
    return made


def posts(title: str, head: str, sections: Sequence[Section]) -> list[Post]:
    """One post per embed; the first says what it is."""
    made = embeds(title, head, sections)
    return [Post("Your briefing (only mediators see it)." if n == 0 else "", embed=embed)
            for n, embed in enumerate(made)]


def case_posts(case: Case, now: datetime) -> list[Post]:
    """The briefing on `case` as it stands at `now`."""
    head = (f"Phase: {phase_words(case.phase)}; opened {when(format_time(case.opened_at))}. "
            f"Sides: {case.claimant.name} ({case.claimant.side} side), {case.respondent.name} "
            f"({case.respondent.side} side).")
    return posts(f"Briefing: case {case.id}: {case.title}", head, briefing_sections(case, now))


def text_posts(text: str) -> list[Post]:
    """A briefing known only by its text: the text in embed descriptions, as written."""
    title, _, body = text.strip().partition("\n")
    pieces = chunks(body.split("\n"), DESCRIPTION - 1000)  # well under 6,000 with the title
    return [Post("Your briefing (only mediators see it)." if n == 0 else "",
                 embed=discord.Embed(title=title[:TITLE], description=piece, colour=COLOUR))
            for n, piece in enumerate(pieces)]


def reply_posts(reply: Reply, case: Case | None, now: datetime) -> list[Post]:
    """A briefing reply as posts: from the case when there is one, else from its text."""
    if case is not None and case.id == reply.case_id:
        return case_posts(case, now)
    return text_posts(reply.text)
