"""The kind of record a `cases` row summarizes: a case, or a campaign's agreement record.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as table:
        table.add_column(sa.Column("kind", sa.String(), server_default="case", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("cases") as table:
        table.drop_column("kind")
