# One command to run, one to test; both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test lint bench diagram clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/mediator

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && $(VENV)/bin/mypy

bench: $(STAMP)
	$(VENV)/bin/python bench/journal.py
	$(VENV)/bin/python bench/slack.py
	$(VENV)/bin/python bench/discord.py
	$(VENV)/bin/python bench/export.py
	$(VENV)/bin/python bench/deadlines.py
	$(VENV)/bin/python bench/reports.py

diagram: $(STAMP)
	$(VENV)/bin/python -m bot.domain.diagram > docs/phases.md
	$(VENV)/bin/python -m bot.input.commands_doc > docs/commands.md
	$(VENV)/bin/python -m bot.campaign.life.diagram > docs/campaign_phases.md
	$(VENV)/bin/python -m adapters.demo.kpi_chart --out docs

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
