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
        best = "no plan yet" if state.objective is None else f"the best plan so far scores {state.objective:,}"
        from solver.outcomes import gap_tells

        if state.gap is not None and not gap_tells(state.gap):
            return f"searching  {state.elapsed:6.1f} s: {best}"
        bound = "" if state.bound is None else f"; none can score below {state.bound:,}"
        gap = "" if state.gap is None else f" (at most {state.gap:.1%} from the best)"
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
    """What a solve found: the session, the plan in words (how good, how long it took, its score
    and the bounds below it), the measures and the independent checker's verdict; False, said
    with ``output`` not written, when there is no plan to write (none found, or one the checker
    finds faults in)."""
    from solver.outcomes import status_words

    result = planned.result
    typer.echo(f"session    {_session_words(inst)}")
    if not planned.has_plan:
        if result.interrupted:
            typer.echo(f"stopped    after {result.runtime:.1f} s, before any plan was found; {output} was not written.")
        else:
            print_no_plan(planned)
            typer.echo(f"{output} was not written.")
        return False
    if result.interrupted:
        typer.echo("stopped    the search was stopped; this is the best plan found so far")
    used = result.settings.get("workers", workers)  # one on a tiny model, whatever was asked
    typer.echo(
        f"plan       {status_words(result.status, result.gap, result.runtime)}"
        f"{', found in ' + _took(result.runtime) if result.status == 'OPTIMAL' else ''} "
        f"(score {result.objective:,}: the weighted measures below; seed {seed}, {used} search thread{'s' if used > 1 else ''})"
    )
    if result.bounds:
        below = ", ".join(f"{name} {value:,}" for name, value in result.bounds.items())
        typer.echo(f"           no plan can score below {result.bound:,} (the bounds: {below})")
    print_measures(inst, planned.report, result.kpis)
    if not planned.writable:
        count = len(planned.report.violations)
        typer.echo(f"check      the independent checker finds {count} fault{'s' if count != 1 else ''} in the solver's plan:")
        for v in planned.report.violations:
            typer.echo(f"  {v.line()}")
        typer.echo(f"{output} was not written.")
        return False
    typer.echo(f"check      clean: the independent checker finds every requirement met (score {planned.report.objective:,})")
    return True


def _took(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 1 else f"{seconds:.1f} s"


def _session_words(inst: Any) -> str:
    from solver.naming import language

    title = inst.session.title.get(language(inst), inst.name)
    bodies, items = len(inst.bodies), len(inst.items)
    return (
        f"{title}: {bodies} bod{'ies' if bodies != 1 else 'y'}, {items} item{'s' if items != 1 else ''}, "
        f"{len(inst.periods)} meeting times on {len(inst.days)} day{'s' if len(inst.days) != 1 else ''}"
    )


def print_measures(inst: Any, report: Any, solver_kpis: dict[str, int] | None = None) -> None:
    """The plan's measures beside the limits they are held to."""
    from solver.annex.tables import measure_rows

    rows = measure_rows(inst, report)
    width = max([40, *(len(name) for name, _, _ in rows)])
    typer.echo(f"{'measure':{width}} {'plan':>6} {'limit':>6}")
    for name, value, limit in rows:
        typer.echo(f"{name:{width}} {value:>6} {limit:>6}")
    typer.echo(f"{'score (the measures, weighted)':{width}} {report.objective:>6}")
    if solver_kpis is not None:
        differ = [n for n, v in solver_kpis.items() if report.kpis.get(n) != v]
        if differ:
            typer.echo(f"note: the solver counted the {', '.join(differ)} differently from the checker", err=True)


def print_conflict(conflict: Any, indent: str = "  ") -> None:
    if conflict is None:
        typer.echo("A plan exists (the search above ran out of time); no requirements conflict.")
        return
    typer.echo(conflict.summary)
    for line in conflict.lines:
        typer.echo(f"{indent}- {line}")
    if not conflict.proven_minimal and conflict.members:
        from solver.outcomes import NOT_SMALLEST

        typer.echo(f"{indent}{NOT_SMALLEST}")


def print_no_plan(planned: Any) -> None:
    """Why a solve found no plan."""
    from solver.outcomes import status_words

    result = planned.result
    typer.echo(f"plan       {status_words(result.status, None, result.runtime)} (after {result.runtime:.1f} s)")
    if planned.overloaded:
        typer.echo("No plan meets every requirement:")
        for line in planned.overloaded:
            typer.echo(f"  - {line}")
    elif result.status == "INFEASIBLE":
        print_conflict(planned.conflict)
    else:
        typer.echo("The time limit ran out before any plan was found; give it more time (--time-limit).")


def print_warnings(source: Path, warnings: list[str]) -> None:
    for warning in warnings:
        typer.echo(f"warning: {source}: {warning}", err=True)


def _outcome(outcome: Any, head: str, moved: int, cuts: list[str], summary: list[str]) -> bool:
    """A what-if's outcome in words, and what it cut (``summary`` body by body, then ``cuts`` item
    by item, with the advice on priorities); False when there is no plan (the conflict said instead)."""
    from solver.outcomes import whatif_words

    result = outcome.result
    said = whatif_words(
        result.status,
        result.gap,
        result.runtime,
        has_plan=outcome.has_plan,
        partial=outcome.partial,
        moved=moved,
        unchanged=outcome.unchanged,
        items=len(outcome.changes) if getattr(outcome, "changes", None) is not None else None,
    )
    typer.echo(f"{head:10} {said}")
    if not outcome.has_plan:
        print_conflict(outcome.conflict)
        return False
    if outcome.partial:
        summary = summary if len(cuts) > 1 else []  # body by body, then each item
        typer.echo("cut        " + ("\n           ".join([*summary, *(["each item:"] if summary else []), *cuts]) or "-"))
        for line in outcome.cut_advice():
            typer.echo(f"           {line}")
    return True


def print_whatif(outcome: Any) -> None:
    from solver.outcomes import change_line, cut_summary

    for note in outcome.notes:
        typer.echo(f"note       {note}")
    schedule = outcome.result.schedule
    summary = cut_summary(outcome.instance, schedule.cuts) if schedule is not None else []
    if not _outcome(outcome, "plan", outcome.changed_parts, outcome.cut_lines(), summary):
        return
    if outcome.partial and outcome.conflict:
        typer.echo("why        " + outcome.conflict.summary)
        for line in outcome.conflict.lines:
            typer.echo(f"             - {line}")
    typer.echo(f"{'measure':34} {'agreed':>9} {'new':>6}")
    for label, before, after in outcome.measure_rows():
        typer.echo(f"{label:34} {before:>9} {after:>6}")
    verdict = {True: "clean", False: "faults"}
    typer.echo(f"{'the checker':34} {verdict[outcome.baseline_report.ok]:>9} {verdict[outcome.report.ok]:>6}")
    if outcome.changes:
        typer.echo("changes")
        for c in outcome.changes:
            typer.echo(f"  {change_line(outcome.instance, c)}")


def print_sweep(label: str, rows: list[dict[str, Any]]) -> None:
    """A sweep's table: each value of the parameter (``label``), its plan, interpreted meetings,
    changes and minutes cut, and what was cut or why there is no plan."""
    typer.echo(label)
    typer.echo(f"{'value':>6}  {'plan':9} {'interpreted':>11} {'changes':>7} {'minutes cut':>11}  what was cut / why")
    for r in rows:
        detail = r["what was cut"] or r["why"]
        typer.echo(
            f"{r['value']!s:>6}  {r['plan']:9} {r['interpreted meetings']!s:>11} {r['changes']!s:>7} "
            f"{r['minutes cut']!s:>11}  {detail}"
        )


def print_held(inst: Any, run: Any, notes: list[str], rows: list[dict[str, str]], history: list[str]) -> None:
    """A re-plan of the rest of a session: what was held (and how it differs from the agreed plan),
    how far behind each body is, the plan of the rest, what it cut and what it changes, in words."""
    from solver.outcomes import cut_lines, cut_summary
    from solver.studies.held import held_words

    typer.echo(f"held       {held_words(inst, run.session.held)}")
    for line in history:
        typer.echo(f"           {line}")
    for line in run.behind:
        typer.echo(f"behind     {line}")
    for note in notes:
        typer.echo(f"note       {note}")
    outcome = run.outcome
    cuts = run.whole.cuts if run.whole else {}
    if not _outcome(outcome, "rest", len(rows), cut_lines(inst, cuts), cut_summary(inst, cuts)):
        return
    typer.echo(f"the checker on the rest: {'clean' if outcome.report.ok else 'faults'}")
    if rows:
        typer.echo("changes")
        for r in rows:
            typer.echo(f"  {r['item']}: {r['change']}: {r['before']} -> {r['after']}")
