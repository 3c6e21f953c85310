"""A mediator's briefing as a Slack modal: one screen, one section per part of the briefing
(`bot.text.briefing`). Pure: no I/O.

Slack's limits are kept by cutting cleanly, with a note saying where the rest is: a section's
text at 3,000 characters (cut at a line's end), a view at 100 blocks, a title at 24
characters. User text is escaped once, here.
"""

from __future__ import annotations

import re
from datetime import datetime

from adapters.slack.render import SECTION_LIMIT, Block, clip, escape, section
from bot.domain.case import Case
from bot.text.briefing import Section, briefing_head, briefing_sections

MAX_BLOCKS = 100  # in a modal
TITLE_LIMIT = 24  # a modal's title


def _more(case_id: str) -> str:
    return f"… (cut to fit Slack: `/mediate export {case_id}` has everything)"


def section_text(heading: str, lines: list[str], case_id: str) -> str:
    """`*heading*` and its lines, escaped, cut at a line's end to fit one section."""
    text = f"*{escape(heading)}*"
    note = "\n" + _more(case_id)
    for n, line in enumerate(lines):
        piece = "\n" + escape(line)
        if len(text) + len(piece) > SECTION_LIMIT - len(note):
            if n == 0:  # one line longer than a section: cut inside it
                cut = clip(piece, SECTION_LIMIT - len(note) - len(text))
                text += re.sub(r"&[a-z]*…$", "…", cut)  # never half an `&amp;`
            return text + note
        text += piece
    return text


def briefing_blocks(head: list[str], sections: list[Section], case_id: str) -> list[Block]:
    """A section block for the head and for each part, at most 100 blocks in all: parts that
    do not fit are counted in a note at the end."""
    blocks: list[Block] = [section(escape("\n".join(head)))]
    room = MAX_BLOCKS - len(blocks)
    if len(sections) > room:
        room -= 1  # the last block says what was left out
    for heading, lines in sections[:room]:
        blocks.append(section(section_text(heading, lines, case_id)))
    if len(sections) > room:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text":
                       f"{len(sections) - room} more parts {_more(case_id)}"}]})
    return blocks


def briefing_view(case: Case, now: datetime) -> Block:
    """The briefing modal for the mediator who took the case (or had it handed to them)."""
    blocks = briefing_blocks(briefing_head(case), briefing_sections(case, now), case.id)
    return {"type": "modal", "callback_id": "mb_briefing",
            "title": {"type": "plain_text", "text": clip(f"Briefing: {case.id}", TITLE_LIMIT),
                      "emoji": False},
            "close": {"type": "plain_text", "text": "Close", "emoji": False},
            "blocks": blocks}
