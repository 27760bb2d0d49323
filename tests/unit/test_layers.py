"""The import direction of ARCHITECTURE.md, checked by walking every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"

# For each layer, the packages it must never import.
FORBIDDEN = {
    "domain": (
        "PySide6",
        "sqlalchemy",
        "alembic",
        "reportlab",
        "psycopg",
        "requests",
        "keyring",
        "app.services",
        "app.storage",
        "app.cli",
        "app.ui",
        "app.bootstrap",
    ),
    "services": (
        "PySide6",
        "sqlalchemy",
        "alembic",
        "reportlab",
        "app.storage",
        "app.documents",
        "app.cli",
        "app.ui",
        "app.bootstrap",
    ),
    "storage": ("PySide6", "app.services", "app.cli", "app.ui"),
    "ui": ("sqlalchemy", "alembic", "psycopg", "app.storage", "app.sync", "app.cli"),
    # Mail only sends what it is given.
    "mail": ("PySide6", "sqlalchemy", "alembic", "app.services", "app.storage", "app.documents", "app.cli", "app.ui"),
    # Sync talks to storage and the server; people see it through services/sync_status.py only.
    "sync": ("PySide6", "app.cli", "app.ui"),
    "cli": ("PySide6", "sqlalchemy", "app.storage", "app.ui"),
    # Documents render what they are given: no database, no services, no widgets.
    "documents": ("PySide6", "sqlalchemy", "alembic", "app.services", "app.storage", "app.cli", "app.ui"),
}


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_it_may(layer):
    files = sorted((APP / layer).rglob("*.py"))
    assert files, f"app/{layer} has no modules"
    wrong = [
        f"{path.relative_to(APP)} imports {name}"
        for path in files
        for name in imports_of(path)
        if any(name == banned or name.startswith(banned + ".") for banned in FORBIDDEN[layer])
    ]
    assert wrong == []
