"""Sync with the team's PostgreSQL: operations pushed from the outbox, changed rows pulled back (docs/sync.md)."""
