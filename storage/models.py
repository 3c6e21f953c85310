"""The tables, as SQLAlchemy 2 declarative models.

The repository writes with Core statements built on these classes; the models are the single
description of the schema that `storage/migrations` must match (a test compares them).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Stable constraint names: migrations and error handling refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JOURNAL_SOURCE_CONSTRAINT = "uq_journal_source"

# 64-bit ids on PostgreSQL; SQLite only auto-increments a column declared exactly INTEGER.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime, always stored as UTC and always read back as UTC.

    SQLite keeps no zone at all, so values are converted to UTC before they are written and get
    UTC attached when read. Naive datetimes are refused rather than guessed at.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: storage needs timezone-aware times")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        if not isinstance(moment, datetime):
            raise TypeError(f"expected a datetime from the database, got {value!r}")
        if moment.tzinfo is None:  # SQLite: stored as UTC without a zone
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class CommunityRow(Base):
    """A Slack workspace, a Discord server or the console."""

    __tablename__ = "communities"

    id: Mapped[str] = mapped_column(String, primary_key=True)  # console | slack:T1 | discord:4
    platform: Mapped[str] = mapped_column(String)
    name: Mapped[str] = mapped_column(String)
    policy: Mapped[str] = mapped_column(Text)  # JSON object
    mediators: Mapped[str] = mapped_column(Text)  # JSON list of user ids
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CaseRow(Base):
    """The folded summary of a case's journal, kept for queries and guarded by `version`."""

    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    community_id: Mapped[str] = mapped_column(ForeignKey("communities.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    phase: Mapped[str] = mapped_column(String)
    closed_reason: Mapped[str | None] = mapped_column(String)
    version: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))
    mediation_requested: Mapped[bool] = mapped_column(Boolean)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # `case`, or `campaign`: a campaign's record is journaled like a case, under its own id.
    kind: Mapped[str] = mapped_column(String, server_default="case")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ParticipantRow(Base):
    __tablename__ = "participants"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    user_id: Mapped[str] = mapped_column(String, primary_key=True, index=True)
    name: Mapped[str] = mapped_column(String)
    role: Mapped[str] = mapped_column(String)
    side: Mapped[str | None] = mapped_column(String)
    # The order the summary listed them in, so a case reads back exactly as it was written.
    position: Mapped[int] = mapped_column(Integer)


class JournalEntryRow(Base):
    """One journal entry. Every column is covered by the entry's hash (the payload and the
    actor's name through the salted commitment, since version 2): no surrogate id, and the time
    and payload are stored as the exact text that was hashed. Append-only (triggers)."""

    __tablename__ = "journal_entries"
    __table_args__ = (UniqueConstraint("source", name=JOURNAL_SOURCE_CONSTRAINT),)

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String)  # ISO text as hashed, never a DateTime
    kind: Mapped[str] = mapped_column(String)
    actor_id: Mapped[str] = mapped_column(String)
    actor_name: Mapped[str] = mapped_column(String)
    actor_role: Mapped[str] = mapped_column(String)
    visibility: Mapped[str] = mapped_column(String)
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON text, byte for byte
    source: Mapped[str | None] = mapped_column(String)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # Hash version 2: the commitment's salt (emptied when content is erased) and the
    # commitment the hash covers; both NULL for entries written under version 1.
    salt: Mapped[str | None] = mapped_column(String)
    content_hash: Mapped[str | None] = mapped_column(String(64))


class CheckpointRow(Base):
    """A signed checkpoint of a journal entry (`bot.checkpoints`), written in the transaction
    that appends the entry. Append-only (triggers), like the journal."""

    __tablename__ = "checkpoints"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[str] = mapped_column(String)  # the UTC text that was signed
    key_id: Mapped[str] = mapped_column(String)
    public_key: Mapped[str] = mapped_column(String)  # base64
    signature: Mapped[str] = mapped_column(String)  # base64


class EvidenceRow(Base):
    """A file added to a case; the bytes live in the evidence store under `sha256`."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)  # the journal entry that recorded it
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String)
    filename: Mapped[str] = mapped_column(Text)  # shown to people, never used as a path
    description: Mapped[str] = mapped_column(Text)
    uploader_id: Mapped[str] = mapped_column(String)
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    late: Mapped[bool] = mapped_column(Boolean)


class DeadlineRow(Base):
    """A deadline of a case. The row is the truth; a scheduler only wakes workers for it."""

    __tablename__ = "deadlines"
    __table_args__ = (
        # The due-sweep: active (not fired, not cancelled) deadlines in due order.
        Index("ix_deadlines_due", "fired_at", "cancelled_at", "due_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    key: Mapped[str] = mapped_column(String)  # response | statements | proposal:<n> | ...
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    fired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class OutboxRow(Base):
    """A notification waiting for its platform's process to deliver it."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "platform", "delivered_at", "failed_at", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id"))
    platform: Mapped[str] = mapped_column(String)
    audience: Mapped[str] = mapped_column(String)  # user:<id> | mediators | side:<s> | thread
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    # A worker delivering the message holds it until then; after, another may take it over.
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)


class RoomRow(Base):
    """Which case a platform thread or channel belongs to, and which room of it it is."""

    __tablename__ = "rooms"

    platform: Mapped[str] = mapped_column(String, primary_key=True)
    room_ref: Mapped[str] = mapped_column(String, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    room: Mapped[str] = mapped_column(String)  # thread | caucus:brand | caucus:creator
