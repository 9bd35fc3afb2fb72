"""Sweeps: one what-if run per value of a parameter (``resources.budget`` from 6 to 18), in
parallel on all cores, results in the order of the values, as a table and a chart."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from solver.catalogue import MEASURE, Measure
from solver.errors import InputError
from solver.files.atomic import check_writable
from solver.instance import build_instance
from solver.naming import reading
from solver.outcomes import status_words
from solver.schedule import Schedule, schedule_from_json
from solver.studies.scenario import Scenario
from solver.studies.whatif import agreed_plan, changed_instance, changed_session, run_whatif

SHOWN = (
    Measure.INTERPRETED_MEETINGS,
    Measure.IDLE_PERIODS,
    Measure.SPLITS,
    Measure.DAY_SPLITS,
    Measure.CUT_MINUTES,
    Measure.DROPPED_ITEMS,
)
"""The measures a sweep's table shows, beside the changes from the baseline."""
COLUMNS = [
    "value",
    "plan",
    "how good",
    *(MEASURE[m].label for m in SHOWN),
    MEASURE[Measure.CHANGES].label,
    "check",
    "what was cut",
    "why",
]

MOST_VALUES = 1000  # values in one sweep: each is a re-plan of up to --time-limit seconds


def parse_values(text: str) -> list[Any]:
    """'6..18' (every whole number), '6..18..2' (a step), or '6,8,12' (a list); at most
    ``MOST_VALUES`` of them (each is a re-plan)."""
    parts = text.split("..")
    try:
        if len(parts) in (2, 3):
            start, stop = int(parts[0]), int(parts[1])
            step = int(parts[2]) if len(parts) == 3 else 1
            if step <= 0:
                raise ValueError
            values: range | list[Any] = range(start, stop + 1, step) if start <= stop else range(start, stop - 1, -step)
        else:
            values = [int(v) if v.strip().lstrip("-").isdigit() else v.strip() for v in text.split(",") if v.strip()]
    except ValueError:
        raise InputError(f"'{text}' is not a list of values; write 6..18, 6..18..2 or 6,8,12", place="--values") from None
    if not values:
        raise InputError("no values; write 6..18, 6..18..2 or 6,8,12", place="--values")
    if len(values) > MOST_VALUES:  # counted before the list is made: 1..10**12 would fill the memory
        raise InputError(f"'{text}' gives {len(values):,} values; a sweep takes at most {MOST_VALUES:,}", place="--values")
    return list(values)


def _one(
    raw: dict[str, Any],
    source: str,
    baseline: dict[str, Any],
    param: str,
    value: Any,
    time_limit: float,
    seed: int,
    lang: str | None = None,
) -> dict[str, Any]:
    """One what-if run, in a worker process; returns a row of the sweep table, with what was cut
    and why named in ``lang`` (the worker has no context of the command's: it is passed)."""
    with reading(lang):
        return _run_one(raw, source, baseline, param, value, time_limit, seed)


def _run_one(
    raw: dict[str, Any], source: str, baseline: dict[str, Any], param: str, value: Any, time_limit: float, seed: int
) -> dict[str, Any]:
    base = build_instance(raw, source=source)
    scenario = Scenario(settings=[(param, value, f"--param {param}={value}")])
    try:
        changed, notes = changed_instance(raw, scenario, source)
    except InputError as exc:
        return _row(value, plan="not read", why=exc.line())
    outcome = run_whatif(base, changed, baseline=schedule_from_json(baseline), notes=notes, time_limit=time_limit, seed=seed)
    why = outcome.conflict.one_line() if outcome.conflict else ""
    result = outcome.result
    if not outcome.has_plan:
        return _row(value, plan="none", **{"how good": status_words(result.status, None, result.runtime)}, why=why)
    k = outcome.report.kpis
    return _row(
        value,
        plan="with cuts" if outcome.partial else "complete",
        **{"how good": status_words(result.status, result.gap, result.runtime)},
        **{MEASURE[m].label: k[m] for m in SHOWN},
        **{
            MEASURE[Measure.CHANGES].label: outcome.changed_parts,
            "check": "clean" if outcome.report.ok else f"{len(outcome.report.violations)} faults",
            "what was cut": "; ".join(outcome.cut_lines()),
        },
        why=why,
    )


def _row(value: Any, **fields: Any) -> dict[str, Any]:
    row = {c: "" for c in COLUMNS}
    row["value"] = value
    for key, val in fields.items():
        row[key] = val
    return row


def run_sweep(
    raw: dict[str, Any],
    source: str,
    baseline: Schedule,
    param: str,
    values: list[Any],
    *,
    time_limit: float = 30.0,
    seed: int = 0,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    cluster: str | None = None,
    lang: str | None = None,
) -> list[dict[str, Any]]:
    """Rows in the order of ``values``, computed in parallel: ``jobs`` processes (default: all
    cores), or the workers of the Dask cluster whose scheduler is at ``cluster``."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    doc = baseline.to_json()
    rows: list[dict[str, Any] | None] = [None] * len(values)
    if cluster is not None:
        tasks = [(raw, source, doc, param, value, time_limit, seed, lang) for value in values]
        return _on_cluster(cluster, tasks, progress)
    if jobs == 1:
        for i, value in enumerate(values):
            rows[i] = _one(raw, source, doc, param, value, time_limit, seed, lang)
            if progress:
                progress(1)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {
                pool.submit(_one, raw, source, doc, param, value, time_limit, seed, lang): i for i, value in enumerate(values)
            }
            for future in as_completed(futures):
                rows[futures[future]] = future.result()
                if progress:
                    progress(1)
    return [r for r in rows if r is not None]


CONNECT_TIMEOUT = "15s"  # how long to try reaching a cluster's scheduler


def _on_cluster(address: str, tasks: list[tuple[Any, ...]], progress: Callable[[int], None] | None) -> list[dict[str, Any]]:
    """The runs on a Dask distributed cluster (its workers need orgwork installed, as here);
    rows in the order of the tasks, whatever order they finish in."""
    try:
        from distributed import Client
        from distributed import as_completed as finished
    except ImportError:
        raise InputError("sweeps on a cluster need Dask: pip install 'orgwork[cluster]'", place="--cluster") from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"cannot reach a Dask scheduler at '{address}' ({exc.__class__.__name__})", place="--cluster") from None
    rows: list[dict[str, Any] | None] = [None] * len(tasks)
    with client:
        futures = [client.submit(_one, *task, pure=False) for task in tasks]
        where = {future.key: i for i, future in enumerate(futures)}
        for future in finished(futures):
            rows[where[future.key]] = future.result()
            if progress:
                progress(1)
    return [r for r in rows if r is not None]


def check_sweep_outputs(output: str | Path | None, chart: str | Path | None) -> None:
    """Refuse, before any run, outputs a sweep cannot write."""
    if output is not None and Path(output).suffix.lower() != ".xlsx":
        raise InputError("the sweep's table is a workbook: give -o NAME.xlsx", file=str(output))
    if chart is not None and Path(chart).suffix.lower() not in (".png", ".svg", ".pdf"):
        raise InputError("give the chart as .png, .svg or .pdf", file=str(chart))
    for path in (output, chart):
        if path is not None:
            check_writable(path)


def sweep(
    path: str | Path,
    param: str,
    values: list[Any],
    baseline: str | Path | None = None,
    *,
    time_limit: float = 30.0,
    seed: int = 0,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    cluster: str | None = None,
    lang: str | None = None,
) -> list[dict[str, Any]]:
    """A sweep of the session in ``path``: the parameter's first value is tried at once (a bad
    path or value is reported before any run), the agreed plan is read or planned, then each
    value is re-planned against it."""
    from solver.annex.export import check_language, read_plan

    base, _, raw, _ = changed_session(path, [f"{param}={values[0]}"] if values else [], None)
    check_language(base, lang)
    agreed = read_plan(base, baseline) if baseline else agreed_plan(base, time_limit=time_limit, seed=seed)
    how = {"time_limit": time_limit, "seed": seed, "jobs": jobs, "progress": progress, "cluster": cluster, "lang": lang}
    return run_sweep(raw, str(path), agreed, param, values, **how)
