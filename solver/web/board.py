"""What the page shows, laid out for its template: the annex grid as published (every period
shown, so that each one can take a dropped item), each item part with what it takes to move
or pin it, the cells a violated requirement concerns, and the measures against their limits.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from solver.annex.grid import Cell, build_annex
from solver.annex.tables import interpreted_minutes_by_day, limits_in_hours, measure_rows
from solver.catalogue import CATALOGUE
from solver.check.report import concerned
from solver.instance import MEETINGS_ITEM, Instance
from solver.instance.counts import as_hours
from solver.naming import discussion_words, meeting_words, ref_words
from solver.outcomes import cut_lines, cut_summary
from solver.schedule import Schedule
from solver.web.edits import pinned
from solver.web.state import State
from solver.words import words


@dataclass
class Part:
    """An item part on the page: enough to move it, pin it or say what it is."""

    period: str
    body: str
    index: int  # its place among what the body takes up in that period
    discussion: str
    minutes: int
    pinned: bool
    pinnable: bool
    label: str  # "item 5 of the COSP, 90 minutes"
    where: str  # the meeting it is in: "Tuesday 17 December, morning"


@dataclass
class Slot:
    """One cell of the grid."""

    runs: Cell
    kind: str  # the column's kind: datetime, date, time, item, title
    period: str | None = None
    track: str | None = None
    part: Part | None = None
    rules: list[str] = field(default_factory=list)  # the requirements it breaks, in words (the code after)
    span: int = 1


@dataclass
class Board:
    lang: str
    rtl: bool
    title: str
    header: list[list[Slot]]
    rows: list[tuple[str, list[Slot]]]  # (row kind, cells)
    footnotes: list[tuple[str, str]]
    violations: list[tuple[str, str, str]]  # (rule id, rule in words, message)
    measures: list[tuple[str, int, str]]
    days: list[tuple[str, int, int | None]]  # (date, interpreted meetings, the day's cap)
    day_hours: list[tuple[float, float | None]]  # (interpreted hours, the day's cap in hours), where caps are in hours
    pins: list[Part]
    clean: bool | None  # None: no plan
    cuts: list[str] = field(default_factory=list)  # what the plan cut (a partial what-if plan, accepted), in words
    held: frozenset[str] = frozenset()  # the periods whose meetings are as held (a session as it runs)
    held_choices: list[tuple[str, str]] = field(default_factory=list)  # (first period re-planned, last meeting held in words)
    held_from: str = ""  # the choice shown: the plan's moment, or the end of today
    cut_bodies: list[str] = field(default_factory=list)  # what each body lost, before the items one by one

    def marks(self) -> list[str]:
        """Each row of the grid: 'held' (its meetings are as held), 'now' (the first row of the
        plan's rest, a date row taking its periods' side), or ''."""
        periods = [next((s.period for s in cells if s.period), None) for _, cells in self.rows]
        for i in range(len(periods) - 2, -1, -1):  # a date row stands with the periods below it
            periods[i] = periods[i] or periods[i + 1]
        out, seen_now = [], False
        for period in periods:
            if not self.held or period is None:
                out.append("")
            elif period in self.held:
                out.append("held")
            else:
                out.append("" if seen_now else "now")
                seen_now = True
        return out


def _parts(inst: Instance, plan: Schedule) -> dict[tuple[str, str, int], Part]:
    """Every item part of the plan, by (period, body, index in that meeting)."""
    out = {}
    for m in plan.meetings:
        for i, e in enumerate(m.entries):
            did = inst.discussion_of(m.body, e.numbers, e.joint, e.part) if m.body in inst.bodies else None
            if did is None or did not in inst.discussions:
                continue
            out[(m.period, m.body, i)] = Part(
                m.period,
                m.body,
                i,
                did,
                e.minutes,
                pinned(inst, did),
                e.numbers != (MEETINGS_ITEM,),
                f"{discussion_words(inst, did)}, {e.minutes} minutes",
                ref_words(inst, m.period),
            )
    return out


def build_board(state: State, lang: str) -> Board:
    inst, plan, report = state.inst, state.plan, state.report
    # every period is shown, so that each one can take an item dropped on it
    shown = replace(inst, annex=replace(inst.annex, empty_periods="show"))
    schedule = plan or Schedule(inst.name, [])
    annex = build_annex(shown, schedule, lang)
    parts = _parts(inst, schedule)
    index = {(m.period, m.body): list(m.entries) for m in schedule.meetings}
    tests = [(v, concerned(inst, v.involved)) for v in report.violations] if report else []
    header = [[Slot(cell, "header") for cell in row] for row in annex.header]
    for r, first, last in annex.header_spans:
        header[r][first].span = last - first + 1
        for c in range(first + 1, last + 1):
            header[r][c].span = 0
    rows: list[tuple[str, list[Slot]]] = []
    for row in annex.rows:
        cells = []
        for c, col in enumerate(annex.columns):
            slot = Slot(row.cells[c], col.kind, row.period, col.track)
            shown_here = row.entries.get(col.track) if col.track else None
            if shown_here is not None and row.period is not None:
                body, entry = shown_here
                entries = index.get((row.period, body), [])
                slot.part = parts.get((row.period, body, entries.index(entry))) if entry in entries else None
                broken = sorted({v.rule for v, hit in tests if hit(row.period, body, entry.numbers)}, key=str)
                slot.rules = [f"{CATALOGUE[rule].words} ({rule})" for rule in broken]
            cells.append(slot)
        rows.append((row.kind, cells))
    w = words(lang)
    caps = dict(inst.per_day)
    days = [(d, report.interpreted_by_day.get(d, 0), caps.get(i)) for i, d in enumerate(inst.days)] if report else []
    day_hours = []
    if report and limits_in_hours(inst):
        minutes = interpreted_minutes_by_day(inst, report)
        day_hours = [(as_hours(minutes[d]), as_hours(inst.per_day_minutes.get(i))) for i, d in enumerate(inst.days)]
    pins = [p for p in parts.values() if p.pinned]
    return Board(
        lang,
        w.right_to_left,
        annex.title,
        header,
        rows,
        annex.footnotes,
        [(str(v.rule), CATALOGUE[v.rule].words, v.message) for v in report.violations] if report else [],
        measure_rows(inst, report) if report else [],
        days,
        day_hours,
        sorted({p.discussion: p for p in pins}.values(), key=lambda p: p.discussion),
        report.ok if report else None,
        cut_lines(inst, plan.cuts) if plan else [],
        *_held(inst, plan),
        cut_bodies=cut_summary(inst, plan.cuts) if plan else [],
    )


def _held(inst: Instance, plan: Schedule | None) -> tuple[frozenset[str], list[tuple[str, str]], str]:
    """The periods as held (before the plan's moment), the moments the planner may choose (each
    period, said by the last meeting held before it) and the one shown: the plan's, or tomorrow's
    first period during the session."""
    moment = inst.period_by_ref.get(str(plan.meta.get("held"))) if plan is not None else None
    held = frozenset(p.ref for p in inst.periods if moment is not None and p.index < moment)
    choices = [(inst.periods[k].ref, meeting_words(inst, k - 1)) for k in range(1, len(inst.periods))]
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    default = next((p.ref for p in inst.periods[1:] if p.date >= tomorrow), inst.periods[-1].ref)
    return held, choices, inst.periods[moment].ref if moment is not None else default
