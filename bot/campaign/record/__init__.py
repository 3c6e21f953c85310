"""A campaign's record: the journal entry kinds it holds (`kinds.py`), the commands people and
the bot give it (`commands.py`), its state folded from the journal (`state.py`, `fold.py`),
the deciders (`decide.py` dispatches: `agreeing.py` for proposals, counters, acceptances and
amendments, `lives.py` for deliverable and milestone moves, `starting.py` for what an agreement
sets going) and its timers (`deadlines.py`). Pure, like `bot/domain/`: `now` is passed in and
the calendar is the agreement's (`Calendar.named(terms.time_zone)`)."""
