"""Salted commitments in the journal (hash version 2): each new entry keeps its salt and its
content's commitment beside it. Entries written before keep both empty and verify as version 1.

Columns are added in place (no table copy), so the journal's append-only triggers stay.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("journal_entries", sa.Column("salt", sa.String(), nullable=True))
    op.add_column("journal_entries", sa.Column("content_hash", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("journal_entries") as table:
        table.drop_column("content_hash")
        table.drop_column("salt")
