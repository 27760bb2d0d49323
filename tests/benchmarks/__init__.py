"""Benchmarks: a realistic organisation, the app measured against raw sqlite3 in the same run (`make bench`)."""
