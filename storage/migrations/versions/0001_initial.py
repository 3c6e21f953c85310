"""Initial schema: communities, cases, the append-only journal, evidence, deadlines, outbox, rooms.

Revision ID: 0001
Revises:
Create Date: 2026-11-21

The tables are spelled out here rather than taken from `storage.models`: a migration must keep
describing the schema as it was when written, whatever the models become later.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

APPEND_ONLY_MESSAGE = "journal entries are append-only"

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "communities",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("platform", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("policy", sa.Text(), nullable=False),
        sa.Column("mediators", sa.Text(), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_communities"),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("community_id", sa.String(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("phase", sa.String(), nullable=False),
        sa.Column("closed_reason", sa.String(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.Column("mediation_requested", sa.Boolean(), nullable=False),
        sa.Column("opened_at", _utc(), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"], ["communities.id"], name="fk_cases_community_id_communities"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
    )
    op.create_index("ix_cases_community_id", "cases", ["community_id"])
    op.create_table(
        "participants",
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("side", sa.String(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_participants_case_id_cases"),
        sa.PrimaryKeyConstraint("case_id", "user_id", name="pk_participants"),
    )
    op.create_index("ix_participants_user_id", "participants", ["user_id"])
    op.create_table(
        "journal_entries",
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("actor_id", sa.String(), nullable=False),
        sa.Column("actor_name", sa.String(), nullable=False),
        sa.Column("actor_role", sa.String(), nullable=False),
        sa.Column("visibility", sa.String(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("source", sa.String(), nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_journal_entries_case_id_cases"),
        sa.PrimaryKeyConstraint("case_id", "seq", name="pk_journal_entries"),
        sa.UniqueConstraint("source", name="uq_journal_source"),
    )
    op.create_table(
        "evidence",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("uploader_id", sa.String(), nullable=False),
        sa.Column("uploaded_at", _utc(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_evidence_case_id_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_evidence"),
    )
    op.create_index("ix_evidence_case_id", "evidence", ["case_id"])
    op.create_table(
        "deadlines",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("due_at", _utc(), nullable=False),
        sa.Column("fired_at", _utc(), nullable=True),
        sa.Column("cancelled_at", _utc(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_deadlines_case_id_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_deadlines"),
    )
    op.create_index("ix_deadlines_case_id", "deadlines", ["case_id"])
    op.create_index("ix_deadlines_due", "deadlines", ["fired_at", "cancelled_at", "due_at"])
    op.create_table(
        "outbox",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(), nullable=True),
        sa.Column("platform", sa.String(), nullable=False),
        sa.Column("audience", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", _utc(), nullable=True),
        sa.Column("delivered_at", _utc(), nullable=True),
        sa.Column("failed_at", _utc(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_outbox_case_id_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
    )
    op.create_index("ix_outbox_pending", "outbox", ["platform", "delivered_at", "failed_at", "id"])
    op.create_table(
        "rooms",
        sa.Column("platform", sa.String(), nullable=False),
        sa.Column("room_ref", sa.String(), nullable=False),
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("room", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_rooms_case_id_cases"),
        sa.PrimaryKeyConstraint("platform", "room_ref", name="pk_rooms"),
    )
    op.create_index("ix_rooms_case_id", "rooms", ["case_id"])

    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        _sqlite_append_only()
    elif dialect == "postgresql":
        _postgresql_append_only()
    else:  # the journal must never be left without its protection
        raise NotImplementedError(f"no append-only triggers for {dialect}")


def _sqlite_append_only() -> None:
    # REPLACE-style deletes reach these only with `PRAGMA recursive_triggers=ON`, which
    # storage.engine sets on every connection.
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER journal_entries_no_{event.lower()} "
            f"BEFORE {event} ON journal_entries "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
        )


def _postgresql_append_only() -> None:
    # restrict_violation (SQLSTATE 23001) makes the refusal an integrity error, as on SQLite.
    op.execute(
        "CREATE FUNCTION journal_entries_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}' USING ERRCODE = 'restrict_violation'; "
        "END $$"
    )
    op.execute(
        "CREATE TRIGGER journal_entries_no_update_delete "
        "BEFORE UPDATE OR DELETE ON journal_entries "
        "FOR EACH ROW EXECUTE FUNCTION journal_entries_append_only()"
    )
    op.execute(
        "CREATE TRIGGER journal_entries_no_truncate "
        "BEFORE TRUNCATE ON journal_entries "
        "FOR EACH STATEMENT EXECUTE FUNCTION journal_entries_append_only()"
    )


def downgrade() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS journal_entries_no_update")
        op.execute("DROP TRIGGER IF EXISTS journal_entries_no_delete")
    elif dialect == "postgresql":
        # Dropping the table drops its triggers; the function goes with CASCADE.
        op.execute("DROP FUNCTION IF EXISTS journal_entries_append_only() CASCADE")
    for table in (
        "rooms",
        "outbox",
        "deadlines",
        "evidence",
        "journal_entries",
        "participants",
        "cases",
        "communities",
    ):
        op.drop_table(table)
