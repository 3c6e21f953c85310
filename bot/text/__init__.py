"""Everything the bot says about a journal entry, kind by kind.

`table.py` maps every entry kind to its `EntryWords` (`record.py`): its announcement, its line
in `/mediate history` and its words in the HTML and PDF export, side by side. The kinds are
grouped by family, one module each. A campaign's record has its own table (`campaign.py`,
families `campaign_*.py`, announcements reading a `CampaignState`) and its status
(`campaign_status.py`); `words_for` knows both tables for histories and exports.
"""
