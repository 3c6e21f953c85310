"""Signed checkpoints: the deployment's key signs the chain at milestones and every N entries.
A checkpoint is written in the transaction that appends its entry; like the journal, the table
refuses UPDATE and DELETE (and TRUNCATE on PostgreSQL).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

APPEND_ONLY_MESSAGE = "checkpoints are append-only"


def upgrade() -> None:
    op.create_table(
        "checkpoints",
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("key_id", sa.String(), nullable=False),
        sa.Column("public_key", sa.String(), nullable=False),
        sa.Column("signature", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_checkpoints_case_id_cases"),
        sa.PrimaryKeyConstraint("case_id", "seq", name="pk_checkpoints"),
    )
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER checkpoints_no_{event.lower()} BEFORE {event} ON checkpoints "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END")
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION checkpoints_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            f"RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}' USING ERRCODE = 'restrict_violation'; "
            "END $$")
        op.execute(
            "CREATE TRIGGER checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON checkpoints "
            "FOR EACH ROW EXECUTE FUNCTION checkpoints_append_only()")
        op.execute(
            "CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON checkpoints "
            "FOR EACH STATEMENT EXECUTE FUNCTION checkpoints_append_only()")
    else:  # the checkpoints must never be left without their protection
        raise NotImplementedError(f"no append-only triggers for {dialect}")


def downgrade() -> None:
    op.drop_table("checkpoints")  # its triggers go with it
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS checkpoints_append_only()")
