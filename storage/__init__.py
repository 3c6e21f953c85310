"""Storage: SQLAlchemy models and repository implementing `bot.ports`, Alembic migrations,
and the content-addressed evidence file store."""
