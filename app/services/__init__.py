"""Use cases: plain functions over a unit of work and a clock, shared by the CLI and the desktop app."""
