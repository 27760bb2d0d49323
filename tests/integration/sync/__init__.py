"""Tests of sync against the real team PostgreSQL (each test in a database and with login roles of its own)."""
