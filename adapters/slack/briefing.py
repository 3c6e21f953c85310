"""A mediator's briefing as a Slack modal: one screen, one section per part of the briefing
(`bot.text.briefing`). Pure: no I/O.

Slack's limits are kept by cutting cleanly, with a note saying where the rest is: a section's
text at 3,000 characters (cut at a line's end), a view at 100 blocks, a title at 24
characters. User text is escaped once, here.
"""

from __future__ import annotations

from datetime import datetime

from adapters.slack.render import SECTION_LIMIT, Block, clip, escape, section
from bot.domain.case import Case
from bot.text.briefing import briefing_head, briefing_sections

MAX_BLOCKS = 100  # in a modal
TITLE_LIMIT = 24  # a modal's title


def _more(case_id: str) -> str:
    return f"… (cut to fit Slack: `/mediate history {case_id}` shows everything)"


def _section_text(heading: str, lines: list[str], case_id: str) -> str:
    """`*heading*` and its lines, escaped, cut at a line's end to fit one section."""
    text = f"*{escape(heading)}*"
    note = "\n" + _more(case_id)
    for n, line in enumerate(lines):
        piece = "\n" + escape(line)
        if len(text) + len(piece) > SECTION_LIMIT - len(note):
            if n == 0:  # one line longer than a section: cut inside it
                text += clip(piece, SECTION_LIMIT - len(note) - len(text))
            return text + note
        text += piece
    return text


def briefing_view(case: Case, now: datetime) -> Block:
    """The briefing modal for the mediator who took the case (or had it handed to them)."""
    blocks: list[Block] = [section(escape("\n".join(briefing_head(case))))]
    sections = briefing_sections(case, now)
    room = MAX_BLOCKS - len(blocks) - 1  # one block kept for the note when cut
    if len(sections) <= room + 1:
        room = len(sections)
    for heading, lines in sections[:room]:
        blocks.append(section(_section_text(heading, lines, case.id)))
    if len(sections) > room:
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": f"{len(sections) - room} more parts {_more(case.id)}"}]})
    return {"type": "modal", "callback_id": "mb_briefing",
            "title": {"type": "plain_text", "text": clip(f"Briefing: {case.id}", TITLE_LIMIT),
                      "emoji": False},
            "close": {"type": "plain_text", "text": "Close", "emoji": False},
            "blocks": blocks}
