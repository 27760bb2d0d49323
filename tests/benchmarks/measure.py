"""Figures and their report: one Result per measurement, printed as a table and kept as JSON."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Result:
    """An app figure beside the raw baseline measured in the same run, and the target it must meet."""

    name: str
    value: float
    unit: str
    baseline: float
    ratio: float  # value / baseline
    target: str  # e.g. "ratio >= 0.5" or "<= 5 ms"
    passed: bool

    @classmethod
    def throughput(cls, name: str, value: float, baseline: float, least_ratio: float) -> Result:
        ratio = value / baseline
        return cls(name, value, "entries/s", baseline, ratio, f"ratio >= {least_ratio}", ratio >= least_ratio)

    @classmethod
    def latency(cls, name: str, value_ms: float, baseline_ms: float, most_ms: float) -> Result:
        ratio = value_ms / baseline_ms
        return cls(name, value_ms, "ms", baseline_ms, ratio, f"<= {most_ms:g} ms", value_ms <= most_ms)


def timed(action: Callable[[], object]) -> float:
    """Seconds one call of `action` took."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 1000 else f"{value:.2f}"


def table(results: list[Result]) -> str:
    header = ("benchmark", "value", "unit", "baseline", "ratio", "target", "result")
    rows = [
        (
            r.name,
            _number(r.value),
            r.unit,
            _number(r.baseline),
            f"{r.ratio:.2f}",
            r.target,
            "pass" if r.passed else "FAIL",
        )
        for r in results
    ]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    numeric = {1, 3, 4}
    lines = []
    for row in [header, *rows]:
        cells = [
            str(c).rjust(w) if i in numeric else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write_json(results: list[Result], path: Path) -> None:
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n", encoding="utf-8")
