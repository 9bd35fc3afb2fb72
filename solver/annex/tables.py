"""The tables beside the annex: one row per item part ("Items"), interpreted meetings against
their limits ("Resources"), the run's figures ("Summary"), and the measures beside the limits
they are held to (the terminal, the web page)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from solver.catalogue import MEASURE, Measure, Rule, relative_gap
from solver.check import Report
from solver.files.atomic import source_date
from solver.instance import MEETINGS_ITEM, Instance
from solver.instance.counts import as_hours, interpreted_minutes
from solver.outcomes import clean_verdict, status_words
from solver.schedule import Schedule
from solver.words import words

ITEM_COLUMNS = ["date", "period", "start", "end", "track", "body", "item", "title", "minutes", "continued", "joint"]
"""Columns of the "Items" sheet: one row per item part. ``item`` lists the numbers taken up
together, separated by ', '; a body shown by name has item '-'."""


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def item_parts(inst: Instance, schedule: Schedule, lang: str | None = None) -> list[dict[str, Any]]:
    """One row per item part (a discussion in one meeting of a body), in calendar order."""
    lang = lang or inst.languages[0]
    order = {p.ref: p for p in inst.periods}
    body_rank = {b: i for i, b in enumerate(inst.bodies)}
    rows = []
    for meeting in sorted(schedule.meetings, key=lambda m: (order[m.period].index, body_rank[m.body])):
        period, body = order[meeting.period], inst.bodies[meeting.body]
        for entry in meeting.entries:
            items = [inst.items[f"{meeting.body}:{n}"] for n in entry.numbers]
            if items[0].number == MEETINGS_ITEM:
                title = body.name.get(lang, "")
            else:
                title = words(lang)["titles_joined"].join(
                    (i.short_title if entry.continued else i.title).get(lang, "") for i in items
                )
            rows.append(
                {
                    "date": period.date,
                    "period": period.id,
                    "start": clock(period.start),
                    "end": clock(period.end),
                    "track": body.track,
                    "body": body.id,
                    "item": ", ".join(entry.numbers),
                    "title": title,
                    "minutes": entry.minutes,
                    "continued": "yes" if entry.continued else "no",
                    "joint": entry.joint or "",
                }
            )
    return rows


def resource_rows(inst: Instance, report: Report, lang: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Interpreted meetings per period beside the teams, per day beside the day's cap, and in
    the session beside the budget."""
    w = words(lang)
    columns = ["date", "period", "interpreted meetings", "limit", "rule"]
    in_hours = limits_in_hours(inst)
    if in_hours:  # limits in hours: the hours beside them
        columns[4:4] = ["interpreted hours", "hours limit"]
    rows, counted = [], _counted(inst, report)
    for p in inst.periods:
        n = report.interpreted_by_period[p.ref]
        row = {"date": p.date, "period": w.period(p.start, p.end), "interpreted meetings": n}
        row |= (
            {"interpreted hours": as_hours(interpreted_minutes([p], counted, _late(inst, report))), "hours limit": ""}
            if in_hours
            else {}
        )
        rows.append(row | {"limit": "" if inst.teams is None else inst.teams, "rule": Rule.RES_TEAMS})
    by_day = interpreted_minutes_by_day(inst, report)
    for day, date in enumerate(inst.days):
        row = {"date": date, "period": "(day)", "interpreted meetings": report.interpreted_by_day.get(date, 0)}
        cap = inst.per_day_minutes.get(day)
        row |= (
            {"interpreted hours": as_hours(by_day[date]), "hours limit": "" if cap is None else as_hours(cap)} if in_hours else {}
        )
        rows.append(row | {"limit": inst.per_day.get(day, ""), "rule": Rule.RES_DAY})
    row = {"date": "(session)", "period": "", "interpreted meetings": report.kpis[Measure.INTERPRETED_MEETINGS]}
    budget = inst.budget_minutes
    row |= (
        {"interpreted hours": as_hours(sum(by_day.values())), "hours limit": "" if budget is None else as_hours(budget)}
        if in_hours
        else {}
    )
    rows.append(row | {"limit": "" if inst.budget is None else inst.budget, "rule": Rule.RES_BUDGET})
    return columns, rows


def summary_pairs(
    inst: Instance, schedule: Schedule, report: Report, lang: str, verdict: str | None = None
) -> list[tuple[str, Any]]:
    """Status, gap, measures, instance and solver settings, and when the file was written."""
    meta = schedule.meta or {}
    objective, bound = meta.get("objective"), meta.get("bound")
    gap = relative_gap(objective, bound)
    status = meta.get("status")
    plan = status_words(status, gap, float(meta.get("time_limit") or 0)) if status else "a plan read from a file (no search)"
    pairs: list[tuple[str, Any]] = [
        ("session", inst.session.title.get(lang, inst.name)),
        ("session id", inst.name),
        ("session file", Path(inst.source).name),
        ("language", lang),
        ("plan", ("a plan with cuts; " if schedule.cuts else "") + plan),
        ("score (the measures, weighted)", report.objective),
        ("no plan can score below", "" if bound is None else bound),
        ("at most this far from the best possible", "" if gap is None else f"{gap:.2%}"),
        ("the checker", verdict or (clean_verdict(inst, schedule.cuts) if report.ok else f"{len(report.violations)} faults")),
    ]
    pairs += [(MEASURE[name].label if name in MEASURE else name.replace("_", " "), value) for name, value in report.kpis.items()]
    if limits_in_hours(inst):
        pairs.append(("interpreted hours", as_hours(sum(interpreted_minutes_by_day(inst, report).values()))))
    pairs += [
        (label, meta[key])
        for key, label in (("seed", "search seed"), ("workers", "search threads"), ("time_limit", "search time limit (s)"))
        if key in meta
    ]
    pairs.append(("written at", written_at()))
    return pairs


def written_at() -> str:
    """Now, in UTC; SOURCE_DATE_EPOCH (the reproducible-builds convention) fixes it."""
    moment = source_date() or datetime.datetime.now(datetime.UTC)
    return moment.replace(microsecond=0).isoformat()


def _limit(value: float | None) -> str:
    return "-" if value is None else str(value)


def limits_in_hours(inst: Instance) -> bool:
    """The session limits interpretation in hours (a budget or a cap a day)."""
    return inst.budget_minutes is not None or bool(inst.per_day_minutes)


def interpreted_minutes_by_day(inst: Instance, report: Report) -> dict[str, int]:
    """Each day's minutes of interpreted meetings: each period's interpreted meetings (as the
    checker counted them) times its length."""
    counted = _counted(inst, report)
    late = _late(inst, report)
    return {date: interpreted_minutes((p for p in inst.periods if p.date == date), counted, late) for date in inst.days}


def _late(inst: Instance, report: Report) -> Callable[[int], int]:
    """Minutes the interpreted meetings of a period ran late, as the checker counted them."""
    return lambda k: report.late_by_period.get(inst.periods[k].ref, 0)


def _counted(inst: Instance, report: Report) -> Callable[[int], int]:
    """Each period's interpreted meetings, as the checker counted them."""
    return lambda k: report.interpreted_by_period.get(inst.periods[k].ref, 0)


def measure_rows(inst: Instance, report: Report) -> list[tuple[str, int, str]]:
    """The plan's measures beside the limits they are held to: (label, value, limit)."""
    k = report.kpis
    day_cap = max(inst.per_day.values()) if inst.per_day else None
    hours: list[tuple[str, Any, str]] = []
    if limits_in_hours(inst):  # limits in hours: the hours beside them
        by_day = interpreted_minutes_by_day(inst, report)
        day_hours = max(inst.per_day_minutes.values()) if inst.per_day_minutes else None
        hours = [
            ("interpreted hours", as_hours(sum(by_day.values())), _limit(as_hours(inst.budget_minutes))),
            ("most interpreted hours in a day", as_hours(max(by_day.values(), default=0)), _limit(as_hours(day_hours))),
        ]
    return [
        ("interpreted meetings", k[Measure.INTERPRETED_MEETINGS], _limit(inst.budget)),
        ("peak interpreted at once", k[Measure.PEAK_INTERPRETED], _limit(inst.teams)),
        ("most interpreted in a day", max(report.interpreted_by_day.values(), default=0), _limit(day_cap)),
        *hours,
        *workload_rows(inst, report),
        *([("minutes meetings ran late", k[Measure.RUN_LATE], "")] if Measure.RUN_LATE in k else []),
        ("meetings without interpretation", k[Measure.OTHER_MEETINGS], ""),
        ("idle periods inside a body's week", k[Measure.IDLE_PERIODS], ""),
        ("splits (extra meetings per item)", k[Measure.SPLITS], ""),
        ("splits across days", k[Measure.DAY_SPLITS], ""),
        ("order inversions", k[Measure.ORDER_INVERSIONS], ""),
    ]


def workload_rows(inst: Instance, report: Report) -> list[tuple[str, Any, str]]:
    """The interpreters' workload beside its limits, as the rota has it: the most meetings (and
    hours) one team covers in a day and in a week."""
    load = inst.workload
    if load is None:
        return []
    by_team: dict[tuple[str, str, int], list[int]] = {}
    for ref, _, team in report.rota:
        p = inst.periods[inst.period_by_ref[ref]]
        for span, key in (("day", p.day), ("week", p.week)):
            by_team.setdefault((team or "", span, key), []).append(p.capacity)

    def most(span: str, hours: bool) -> Any:
        found = [sum(v) if hours else len(v) for (_, s, _), v in by_team.items() if s == span]
        return as_hours(max(found, default=0)) if hours else max(found, default=0)

    rows = []
    for label, span, hours, limit in (
        ("most meetings a team covers in a day", "day", False, load.per_day),
        ("most meetings a team covers in a week", "week", False, load.per_week),
        ("most hours a team covers in a day", "day", True, load.minutes_per_day),
        ("most hours a team covers in a week", "week", True, load.minutes_per_week),
    ):
        if limit is not None or (not hours and span == "week"):
            rows.append((label, most(span, hours), _limit(as_hours(limit) if hours else limit)))
    for held, (day, week) in load.formats.items():  # meetings of one format, counted alone
        counted = {}
        for ref, _, team in report.rota:
            p = inst.periods[inst.period_by_ref[ref]]
            if p.format == held:
                for span, key in (("day", p.day), ("week", p.week)):
                    counted[(team or "", span, key)] = counted.get((team or "", span, key), 0) + 1
        for span, limit in (("day", day), ("week", week)):
            if limit is not None:
                found = max((n for (_, s, _), n in counted.items() if s == span), default=0)
                rows.append((f"most {held} meetings a team covers in a {span}", found, _limit(limit)))
    return rows


ROTA_COLUMNS = [
    "date",
    "period",
    "start",
    "end",
    "meeting",
    "team",
    "team's meetings that day",
    "team's meetings that week",
    "team's hours that week",
]


def rota_rows(inst: Instance, report: Report, lang: str) -> list[dict[str, Any]]:
    """The rota: which interpretation team covers each interpreted meeting, and how much that team
    covers that day and that week."""
    w = words(lang)
    rows = []
    seen: dict[str, list[Any]] = {}
    for ref, bodies, team in report.rota:
        p = inst.periods[inst.period_by_ref[ref]]
        mine = seen.setdefault(team or "", [])
        mine.append(p)
        rows.append(
            {
                "date": p.date,
                "period": w.period(p.start, p.end),
                "start": clock(p.start),
                "end": clock(p.end),
                "meeting": " + ".join(inst.bodies[b].short_name.get(lang, b) for b in bodies),
                "team": team or ("(no team named)" if report.rota_stated else "(none free)"),
                "team's meetings that day": sum(1 for q in mine if q.day == p.day),
                "team's meetings that week": sum(1 for q in mine if q.week == p.week),
                "team's hours that week": sum(q.capacity for q in mine if q.week == p.week) / 60,
            }
        )
    return rows


WORKED_OUT = "team (worked out by the checker)"
"""The Rota sheet's team column when the plan names no teams: shown, but not read back as the plan's."""


def rota_table(inst: Instance, report: Report, lang: str) -> tuple[list[str], list[dict[str, Any]]]:
    """The Rota sheet: the plan's own teams under "team" (read back with the plan); the teams the
    checker worked out, for a plan that names none, under a column of their own (not read back)."""
    rows = rota_rows(inst, report, lang)
    if report.rota_stated:
        return ROTA_COLUMNS, rows
    columns = [WORKED_OUT if c == "team" else c for c in ROTA_COLUMNS]
    return columns, [{WORKED_OUT if k == "team" else k: v for k, v in row.items()} for row in rows]


HELD_COLUMNS = ["period", "meeting"]


def held_rows(inst: Instance, schedule: Schedule) -> list[dict[str, Any]]:
    """A plan of a session as it runs: the first meeting re-planned (those before it are as held)."""
    from solver.naming import ref_words

    ref = schedule.meta.get("held")
    return [{"period": ref, "meeting": ref_words(inst, ref)}] if isinstance(ref, str) else []


CUT_COLUMNS = ["discussion", "items", "full", "kept", "unit"]


def cut_rows(inst: Instance, schedule: Schedule) -> list[dict[str, Any]]:
    """A partial plan's cuts: what each shortened or dropped item keeps (read back with the annex)."""
    rows = []
    for did, kept in sorted(schedule.cuts.items()):
        disc = inst.discussions[did]
        rows.append(
            {
                "discussion": did,
                "items": ", ".join(disc.items),
                "full": disc.meetings or disc.minutes,
                "kept": kept,
                "unit": "meetings" if disc.meetings else "minutes",
            }
        )
    return rows
