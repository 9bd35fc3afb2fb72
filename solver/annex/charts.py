"""Charts of a sweep: the measures against the parameter swept (matplotlib, written atomically)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

from solver.catalogue import MEASURE, Measure
from solver.files.atomic import write_atomic


def write_chart(path: str | Path, param: str, rows: list[dict[str, Any]]) -> None:
    """The measures against the parameter: interpreted meetings and changes; minutes cut."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def numbers(column: str) -> list[float]:
        return [float(r[column]) if isinstance(r[column], int) else float("nan") for r in rows]

    xs = [r["value"] for r in rows]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 6), sharex=True)
    for measure in (Measure.INTERPRETED_MEETINGS, Measure.CHANGES, Measure.IDLE_PERIODS, Measure.DROPPED_ITEMS):
        column = MEASURE[measure].label
        top.plot(xs, numbers(column), marker="o", label=column)
    top.set_ylabel("count")
    top.legend(loc="best", fontsize="small")
    top.grid(alpha=0.3)
    cut = MEASURE[Measure.CUT_MINUTES].label
    values = sorted({x for x in xs if isinstance(x, (int, float))})
    numeric = len(values) == len(set(xs))
    step = min((b - a for a, b in pairwise(values)), default=1) if numeric else 1
    bottom.bar(xs, numbers(cut), color="#c0504d", width=0.8 * step)  # as wide as the values are apart
    if numeric and len(values) <= 25:
        bottom.set_xticks(values)  # the values swept, not ticks between them (17.5, 22.5 ...)
    bottom.set_ylabel(cut)
    bottom.set_xlabel(param)
    bottom.grid(alpha=0.3)
    fig.suptitle(f"What if: {param}")
    fig.tight_layout()
    write_atomic(path, lambda tmp: fig.savefig(tmp, format=Path(path).suffix.lstrip(".") or "png", dpi=110))
    plt.close(fig)
