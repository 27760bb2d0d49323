"""The tray's state icons, drawn rather than shipped so every size is crisp (16 px panels up to 64 px)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF

from app.ui.tray.timer_state import TimerMode

SIZES = (16, 22, 24, 32, 48, 64)
GRID = 64.0  # shapes are drawn on a 64-unit grid and scaled to each size
COLOURS = {
    TimerMode.STOPPED: QColor("#7d8590"),  # grey ring: nothing going on
    TimerMode.RUNNING: QColor("#1f9d55"),  # green disc with a play mark
    TimerMode.CLOCKED_IN: QColor("#d99a00"),  # amber disc with clock hands: at work, nothing tracked
    TimerMode.IDLE: QColor("#4f63d2"),  # blue disc with pause bars: waiting for the idle answer
}


@cache
def state_icon(mode: TimerMode) -> QIcon:
    icon = QIcon()
    for size in SIZES:
        icon.addPixmap(state_pixmap(mode, size))
    return icon


def state_pixmap(mode: TimerMode, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / GRID, size / GRID)
    colour = COLOURS[mode]
    if mode is TimerMode.STOPPED:
        _ring(painter, colour)
        _hands(painter, colour)
    else:
        _disc(painter, colour)
        mark = {TimerMode.RUNNING: _play, TimerMode.CLOCKED_IN: _hands, TimerMode.IDLE: _pause}[mode]
        mark(painter, QColor("white"))
    painter.end()
    return pixmap


def _disc(painter: QPainter, colour: QColor) -> None:
    # A darker rim keeps the disc's edge visible on panels of a similar colour.
    painter.setPen(QPen(colour.darker(140), 3))
    painter.setBrush(QBrush(colour))
    painter.drawEllipse(QRectF(3, 3, 58, 58))


def _ring(painter: QPainter, colour: QColor) -> None:
    painter.setPen(QPen(colour, 8))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(QRectF(7, 7, 50, 50))


def _hands(painter: QPainter, colour: QColor) -> None:
    pen = QPen(colour, 7)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    centre = QPointF(32, 32)
    painter.drawLine(centre, QPointF(32, 15))
    painter.drawLine(centre, QPointF(45, 32))


def _play(painter: QPainter, colour: QColor) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(colour))
    painter.drawPolygon(QPolygonF([QPointF(24, 16), QPointF(24, 48), QPointF(49, 32)]))


def _pause(painter: QPainter, colour: QColor) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(colour))
    painter.drawRect(QRectF(20, 17, 9, 30))
    painter.drawRect(QRectF(35, 17, 9, 30))
