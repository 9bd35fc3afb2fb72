"""What the terminal shows: a solve's outcome and the measures, why there is no plan, a what-if's
outcome, a sweep's table, and while a search runs one live line (elapsed, best plan, bound, gap)
rewritten in place in a terminal, plain lines when the output goes to a file or a pipe (one
each time the best plan or the bound changes, at most one a second)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import typer

if TYPE_CHECKING:
    from solver.search.watch import Progress


class ProgressLine:
    """Call it with each ``Progress``; call ``close()`` when the search is over."""

    def __init__(
        self, stream: TextIO | None = None, *, live: bool | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.stream = stream or sys.stderr
        self.clock = clock
        self.last_printed = -1e9  # the first state is always shown
        self.live = self.stream.isatty() if live is None else live
        self.last: tuple[int | None, int | None] | None = None
        self.width = 0

    def __call__(self, state: Progress) -> None:
        text = self.text(state)
        if self.live:
            self.stream.write("\r" + text.ljust(self.width))
            self.width = len(text)
            self.stream.flush()
            return
        key = (state.objective, state.bound)
        now = self.clock()
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


@contextmanager
def progress_line(quiet: bool) -> Iterator[ProgressLine | None]:
    """The live line while a search runs (none when ``quiet``), cleared when it ends."""
    line = None if quiet else ProgressLine()
    try:
        yield line
    finally:
        if line is not None:
            line.close()


def print_planned(inst: Any, planned: Any, output: Path, seed: int, workers: int) -> bool:
    """What a solve found: the session, the search's status and bounds, the measures and the
    independent checker's verdict; False, said with ``output`` not written, when there is no
    plan to write (none found, or one the checker finds faults in)."""
    result = planned.result
    typer.echo(f"instance   {inst.name}: {len(inst.bodies)} bodies, {len(inst.items)} items, {len(inst.periods)} periods")
    if not planned.has_plan:
        if result.interrupted:
            typer.echo(f"interrupted after {result.runtime:.2f} s, before any plan was found; {output} was not written.")
        else:
            print_no_plan(planned)
            typer.echo(f"{output} was not written.")
        return False
    if result.interrupted:
        typer.echo("interrupted: the search was stopped; this is the best plan found so far")
    used = result.settings.get("workers", workers)  # one on a tiny model, whatever was asked
    typer.echo(
        f"status     {result.status}: objective {result.objective}, bound {result.bound}, gap {result.gap or 0.0:.1%}, "
        f"{result.runtime:.2f} s (seed {seed}, {used} worker{'s' if used > 1 else ''})"
    )
    if result.bounds:
        typer.echo("bounds     " + ", ".join(f"{name} {value}" for name, value in result.bounds.items()))
    print_measures(inst, planned.report, result.kpis)
    if not planned.writable:
        typer.echo(
            f"check      the independent checker found {len(planned.report.violations)} violation(s) in the solver's plan:"
        )
        for v in planned.report.violations:
            typer.echo(f"  {v.line()}")
        typer.echo(f"{output} was not written.")
        return False
    typer.echo(f"check      clean: the independent checker finds every requirement met (objective {planned.report.objective})")
    return True


def print_measures(inst: Any, report: Any, solver_kpis: dict[str, int] | None = None) -> None:
    """The plan's measures beside the limits they are held to."""
    from solver.annex.tables import measure_rows

    typer.echo(f"{'measure':36} {'plan':>6} {'limit':>6}")
    for name, value, limit in measure_rows(inst, report):
        typer.echo(f"{name:36} {value:>6} {limit:>6}")
    typer.echo(f"{'objective (weighted)':36} {report.objective:>6}")
    if solver_kpis is not None:
        differ = [n for n, v in solver_kpis.items() if report.kpis.get(n) != v]
        if differ:
            typer.echo(f"note: the solver counted {', '.join(differ)} differently from the checker", err=True)


def print_conflict(conflict: Any) -> None:
    if conflict is None:
        typer.echo("A plan exists (the search above ran out of time); no requirement conflicts.")
        return
    typer.echo(conflict.summary)
    for line in conflict.lines:
        typer.echo(f"  - {line}")
    if not conflict.proven_minimal:
        typer.echo("  (some checks ran out of time: the set may not be the smallest)")


def print_no_plan(planned: Any) -> None:
    """Why a solve found no plan."""
    result = planned.result
    typer.echo(f"status     {result.status} after {result.runtime:.2f} s: no plan")
    if planned.overloaded:
        typer.echo("No plan meets every requirement:")
        for line in planned.overloaded:
            typer.echo(f"  - {line}")
    elif result.status == "INFEASIBLE":
        print_conflict(planned.conflict)
    else:
        typer.echo("The time limit ran out before any plan was found; try a longer --time-limit.")


def print_warnings(source: Path, warnings: list[str]) -> None:
    for warning in warnings:
        typer.echo(f"warning: {source}: {warning}", err=True)


def print_whatif(outcome: Any) -> None:
    for note in outcome.notes:
        typer.echo(f"note       {note}")
    result = outcome.result
    if not outcome.has_plan:
        typer.echo(f"status     {result.status}: no plan, even with items cut")
        print_conflict(outcome.conflict)
        return
    kind = "partial plan: not everything fits" if outcome.partial else "complete plan"
    typer.echo(f"status     {result.status}: {kind}, {outcome.changed_parts} item part(s) placed differently from the baseline")
    if outcome.partial:
        typer.echo("cut        " + ("\n           ".join(outcome.cut_lines()) or "-"))
        if outcome.conflict:
            typer.echo("why        " + outcome.conflict.summary)
            for line in outcome.conflict.lines:
                typer.echo(f"             - {line}")
    typer.echo(f"{'measure':34} {'baseline':>9} {'new':>6}")
    for label, before, after in outcome.measure_rows():
        typer.echo(f"{label:34} {before:>9} {after:>6}")
    typer.echo(
        f"{'check':34} {'clean' if outcome.baseline_report.ok else 'broken':>9} {'clean' if outcome.report.ok else 'BROKEN':>6}"
    )
    if outcome.changes:
        typer.echo("changes")
        for c in outcome.changes:
            typer.echo(f"  {c.date}  {', '.join(c.bodies):12} {c.discussion:22} {c.kind}: {c.before} -> {c.after}")


def print_sweep(rows: list[dict[str, Any]]) -> None:
    """A sweep's table: each value's plan, its interpreted meetings, changes and minutes cut."""
    typer.echo(f"{'value':>6} {'plan':9} {'interp.':>7} {'changes':>7} {'cut min':>7}  what was cut / why")
    for r in rows:
        detail = r["what was cut"] or r["why"]
        typer.echo(
            f"{r['value']!s:>6} {r['plan'] or r['status']:9} {r['interpreted meetings']!s:>7} {r['changes']!s:>7} {r['minutes cut']!s:>7}  {detail}"
        )
