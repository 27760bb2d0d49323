"""Writing what the user exports (a PDF, an e-invoice, a template) to the file they named: into an existing
folder, all or nothing."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from app.domain.errors import refuse


def output_target(name: str, kind: str = "file") -> Path:
    """Where the export goes: a file in a folder that exists (no folders are made on the way). `kind` names the
    file in messages ("PDF file", "JSON file")."""
    path = Path(name).expanduser()
    folder = path.parent
    if not folder.is_dir():
        raise refuse(
            "no_such_folder", f"The folder {folder} does not exist; choose a file in an existing folder.", "output"
        )
    if path.is_dir():
        raise refuse("output_is_folder", f"{path} is a folder; give the name of the {kind} to write.", "output")
    return path


def write_output(path: Path, data: bytes, what: str) -> None:
    """All or nothing: a half-written file never replaces a good one. `what` names it in messages ("PDF")."""
    try:
        handle, temporary = tempfile.mkstemp(prefix=".timeledger-", suffix=path.suffix, dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise refuse(
            "cannot_write", f"The {what} cannot be written to {path}: {error.strerror or error}.", "output"
        ) from None
