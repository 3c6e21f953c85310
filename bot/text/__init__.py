"""Everything the bot says about a journal entry, kind by kind.

`table.py` maps every entry kind to its `EntryWords` (`record.py`): its announcement, its line
in `/mediate history` and its words in the HTML and PDF export, side by side. The kinds are
grouped by family, one module each.
"""
