"""What a terminal shows while a search runs: one live line (elapsed, best plan, bound, gap)
rewritten in place in a terminal, plain lines when the output goes to a file or a pipe (one
each time the best plan or the bound changes, at most one a second)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from solver.model.solve import Progress


class ProgressLine:
    """Call it with each ``Progress``; call ``close()`` when the search is over."""

    def __init__(self, stream: TextIO | None = None, *, live: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.last: tuple[int | None, int | None] | None = None
        self.last_printed = 0.0
        self.width = 0

    def __call__(self, state: Progress) -> None:
        text = self.text(state)
        if self.live:
            self.stream.write("\r" + text.ljust(self.width))
            self.width = len(text)
            self.stream.flush()
            return
        key = (state.objective, state.bound)
        now = time.monotonic()
        if key != self.last and now - self.last_printed >= 1.0:
            self.stream.write(text + "\n")
            self.stream.flush()
            self.last, self.last_printed = key, now

    @staticmethod
    def text(state: Progress) -> str:
        best = "no plan yet" if state.objective is None else f"best plan {state.objective:,}"
        bound = "" if state.bound is None else f", bound {state.bound:,}"
        gap = "" if state.gap is None else f", gap {state.gap:.1%}"
        return f"searching  {state.elapsed:6.1f} s: {best}{bound}{gap}"

    def close(self) -> None:
        if self.live and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
