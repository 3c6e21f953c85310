"""Erasure: the journal stays append-only, with one exception. A version 2 entry's content
may be replaced by its remains (`bot/domain/erasure.py`): the payload rewritten, the actor's
name and the salt emptied, and nothing that its hash covers changed. Every other UPDATE, any
DELETE and (on PostgreSQL) TRUNCATE are still refused by the database itself.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

MESSAGE = "journal entries are append-only"
# The kinds that record erasures and holds are never erased themselves.
_RECORD_KINDS = "('content_erased', 'legal_hold_placed', 'legal_hold_lifted', 'retention_set')"
_HASHED = ("case_id", "seq", "at", "kind", "actor_id", "actor_role", "visibility", "source",
           "prev_hash", "hash", "content_hash")
# The one UPDATE allowed: content erased from a version 2 entry that still had it.
_ERASURE = (
    "OLD.content_hash IS NOT NULL AND OLD.salt IS NOT NULL AND NEW.salt IS NULL "
    "AND NEW.actor_name = '' AND NEW.payload LIKE '%\"erased\":{%' "
    f"AND OLD.kind NOT IN {_RECORD_KINDS} AND "
    + " AND ".join(f"NEW.{column} IS NOT DISTINCT FROM OLD.{column}" for column in _HASHED)
)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # SQLite spells IS NOT DISTINCT FROM as IS.
        erasure = _ERASURE.replace("IS NOT DISTINCT FROM", "IS")
        op.execute("DROP TRIGGER journal_entries_no_update")
        op.execute(
            "CREATE TRIGGER journal_entries_no_update BEFORE UPDATE ON journal_entries "
            f"WHEN NOT ({erasure}) BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION journal_entries_erasure_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP = 'UPDATE' AND {_ERASURE} THEN RETURN NEW; END IF; "
            f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation'; "
            "END $$")
        op.execute("DROP TRIGGER journal_entries_no_update_delete ON journal_entries")
        op.execute(
            "CREATE TRIGGER journal_entries_no_update_delete "
            "BEFORE UPDATE OR DELETE ON journal_entries "
            "FOR EACH ROW EXECUTE FUNCTION journal_entries_erasure_only()")
    else:
        raise NotImplementedError(f"no append-only triggers for {dialect}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER journal_entries_no_update")
        op.execute(
            "CREATE TRIGGER journal_entries_no_update BEFORE UPDATE ON journal_entries "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER journal_entries_no_update_delete ON journal_entries")
        op.execute(
            "CREATE TRIGGER journal_entries_no_update_delete "
            "BEFORE UPDATE OR DELETE ON journal_entries "
            "FOR EACH ROW EXECUTE FUNCTION journal_entries_append_only()")
        op.execute("DROP FUNCTION journal_entries_erasure_only()")
