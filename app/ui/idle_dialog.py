"""The question asked after time away from a running timer: keep it, discard it, stop, or move it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCommandLinkButton,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.calendar import local_date, local_label
from app.services.identity import current_actor
from app.services.idle import AwayQuestion, IdleAnswer
from app.services.work_choices import WorkChoice, work_choices
from app.ui.context import UiContext
from app.ui.labels import literal


class IdleDialog(QDialog):
    """Emits `answered`; whoever asked does the work and closes it, or shows why it could not be done."""

    answered = Signal(str, str)  # IdleAnswer value, the other task's reference when moving ("" otherwise)

    def __init__(self, ctx: UiContext, question: AwayQuestion, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.question = question
        self.setWindowTitle("Timeledger — you were away")
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
        self.setMinimumWidth(540)
        task = question.running.work.label
        shown = literal(task)
        since = local_label(question.since, question.tz, local_date(ctx.workspace.clock.now(), question.tz))
        self.message = QLabel(
            f"You have been away since {since} while the timer ran on {task}.\n"
            "What should happen to the time since then?"
        )
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.keep = QCommandLinkButton("Keep the time", f"It all counts for {shown}.")
        self.discard = QCommandLinkButton(
            "Discard the idle time", f"{shown} is logged until {since} and runs on from now."
        )
        self.discard_and_stop = QCommandLinkButton(
            "Discard it and stop", f"{shown} is logged until {since}; the timer stops."
        )
        self.keep.clicked.connect(lambda: self._answer(IdleAnswer.KEEP))
        self.discard.clicked.connect(lambda: self._answer(IdleAnswer.DISCARD))
        self.discard_and_stop.clicked.connect(lambda: self._answer(IdleAnswer.DISCARD_AND_STOP))

        self.other = QComboBox()
        self.other.setPlaceholderText("Loading tasks…")
        self.other.setMinimumContentsLength(28)
        self.move_button = QPushButton("Move")
        self.move_button.setEnabled(False)
        self.move_button.clicked.connect(lambda: self._answer(IdleAnswer.MOVE, self.other.currentData() or ""))
        self.other.currentIndexChanged.connect(lambda index: self.move_button.setEnabled(index >= 0))
        moving = QGroupBox(f"Move it to another task ({shown} runs on from now)")
        row = QHBoxLayout(moving)
        row.addWidget(self.other, 1)
        row.addWidget(self.move_button)

        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()

        layout = QVBoxLayout(self)
        for widget in (self.message, self.keep, self.discard, self.discard_and_stop, moving, self.problem):
            layout.addWidget(widget)
        self.answers = (self.keep, self.discard, self.discard_and_stop, self.other, self.move_button)
        ctx.runner.run(self._load_choices, done=self.show_choices, failed=self.show_problem)

    def _load_choices(self) -> list[WorkChoice]:
        with self.ctx.workspace.read() as uow:
            return work_choices(uow, current_actor(uow))

    def show_choices(self, choices: list[WorkChoice]) -> None:
        running = self.question.running.timer.task_id
        others = [choice for choice in choices if choice.task_id != running]
        for choice in others:
            self.other.addItem(f"{choice.label} — {choice.detail}", choice.reference)
        self.other.setPlaceholderText("Choose a task…" if others else "No other open task")
        self.other.setCurrentIndex(-1)

    def _answer(self, answer: IdleAnswer, other: str = "") -> None:
        self.problem.hide()
        self._enable(False)
        self.answered.emit(answer.value, other)

    def show_problem(self, error: Exception) -> None:
        """The answer could not be carried out: say why and let the user answer again."""
        self.problem.setText(str(error))
        self.problem.show()
        self._enable(True)

    def _enable(self, enabled: bool) -> None:
        for widget in self.answers:
            widget.setEnabled(enabled)
        self.move_button.setEnabled(enabled and self.other.currentIndex() >= 0)

    def reject(self) -> None:
        # Closing the question changes nothing: the same as keeping the time.
        if self.keep.isEnabled():
            self._answer(IdleAnswer.KEEP)
