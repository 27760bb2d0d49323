"""Fixtures of the end-to-end CLI tests: one template database per session, a fresh copy per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli import Cli, build_template, copy_database


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Acme's database built once through the CLI (see cli.TEMPLATE_COMMANDS) and checkpointed, so a
    plain copy of the file is a complete database."""
    return build_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def cli(template_db: Path, tmp_path: Path) -> Cli:
    """The CLI on this test's own copy of the template database."""
    home = tmp_path / "home"
    home.mkdir()
    return Cli(copy_database(template_db, tmp_path / "acme.db"), home)


@pytest.fixture
def fresh_cli(tmp_path: Path) -> Cli:
    """The CLI on a database file that does not exist yet."""
    home = tmp_path / "home"
    home.mkdir()
    return Cli(tmp_path / "new.db", home)
