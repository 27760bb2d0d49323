"""Writing a document's PDF to a file the user named: into an existing folder, all or nothing."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from app.domain.errors import refuse


def pdf_target(name: str) -> Path:
    """Where a PDF goes: a file in a folder that exists (no folders are made on the way)."""
    path = Path(name).expanduser()
    folder = path.parent
    if not folder.is_dir():
        raise refuse(
            "no_such_folder", f"The folder {folder} does not exist; choose a file in an existing folder.", "output"
        )
    if path.is_dir():
        raise refuse("output_is_folder", f"{path} is a folder; give the name of the PDF file to write.", "output")
    return path


def write_pdf(path: Path, data: bytes) -> None:
    """All or nothing: a half-written PDF never replaces a good one."""
    try:
        handle, temporary = tempfile.mkstemp(prefix=".timeledger-", suffix=".pdf", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise refuse(
            "cannot_write", f"The PDF cannot be written to {path}: {error.strerror or error}.", "output"
        ) from None
