"""The designer's live preview: from an edit in the form to the new PDF on show, for a 20-line invoice (issue #7:
at most 300 ms), against rendering the same PDF with the renderer alone (the raw part of the work).

The app figure is wall time from the edit to the preview's `rendered` signal: the typing pause (the preview
waits until typing stops), the render off the GUI thread, and QtPdf loading the result. Median of `samples` edits.
Run on its own with `QT_QPA_PLATFORM=offscreen python -m tests.benchmarks.bench_designer`.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.documents.pdf import render_pdf
from app.ledger import open_ledger
from app.services import setup
from app.ui.context import UiContext
from app.ui.events import AppEvents
from app.ui.task_runner import TaskRunner
from app.ui.views.invoice_templates import InvoiceTemplatesView
from tests.benchmarks.measure import Result, table

MOST_MS = 300
WAIT_S = 20


def _wait(app: QApplication, done) -> None:  # type: ignore[no-untyped-def]
    deadline = time.perf_counter() + WAIT_S
    while not done():
        if time.perf_counter() > deadline:
            raise SystemExit("bench_designer: the preview never showed")
        app.processEvents()
        time.sleep(0.001)


def run(samples: int = 9) -> list[Result]:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        ledger = open_ledger(Path(folder) / "designer.db")
        with ledger.work() as uow:
            setup.init_organisation(
                uow,
                org_name="Acme",
                currency="EUR",
                user_name="Ada Admin",
                email="ada@acme.example",
                time_zone="Europe/Berlin",
                default_rate="90",
            )
            uow.commit()
        runner = TaskRunner()
        view = InvoiceTemplatesView(UiContext(workspace=ledger, events=AppEvents(), runner=runner))
        view.resize(1400, 900)
        view.show()
        _wait(app, lambda: view.preview.pdf.pdf is not None)
        shown: list[float] = []
        view.preview.rendered.connect(lambda: shown.append(time.perf_counter()))
        app_ms, raw_ms = [], []
        for number in range(samples):
            before = len(shown)
            started = time.perf_counter()
            view.form.header.setPlainText(f"Edit {number} · {{org.name}}")
            _wait(app, lambda before=before: len(shown) > before)
            app_ms.append((shown[-1] - started) * 1000)
            document, template = view.preview.document, view.preview.template
            started = time.perf_counter()
            render_pdf(document, template)
            raw_ms.append((time.perf_counter() - started) * 1000)
        view.close()
        runner.wait()
        ledger.close()
    lines = len(view.preview.document.lines)
    name = f"designer: preview after an edit, {lines}-line invoice (typing pause included)"
    return [Result.latency(name, statistics.median(app_ms), statistics.median(raw_ms), MOST_MS)]


if __name__ == "__main__":
    print(table(run()))
