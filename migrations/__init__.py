"""The Alembic migration chain shared by the local SQLite file and the team PostgreSQL."""
