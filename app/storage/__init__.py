"""Persistence: SQLAlchemy rows, repositories, the unit of work and the SQLite set-up."""
