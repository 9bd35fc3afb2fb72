"""orgwork's command line: solve, check, validate, schema.

Exit codes everywhere: 0 a plan (or a clean check), 1 no plan or a violated requirement,
2 bad input (the message names the file and the place in it).
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated

import typer

from solver.annex.export import FORMATS, write_plan
from solver.annex.readback import read_annex_workbook
from solver.annex.words import available_languages
from solver.annex.workbook import write_tables
from solver.catalogue import Measure, Rule
from solver.check import Report, check
from solver.errors import InputError
from solver.files.atomic import write_text_atomic
from solver.files.yamlfile import read_yaml
from solver.instance import Instance, load_instance
from solver.instance.fileformat import instance_schema
from solver.model.solve import solve
from solver.schedule import Schedule, read_schedule
from solver.studies.explain import Conflict, explain, overloaded_bodies
from solver.studies.scenario import scenario_from_cli
from solver.studies.sweep import COLUMNS as SWEEP_COLUMNS
from solver.studies.sweep import parse_values, run_sweep, write_chart
from solver.studies.whatif import WhatIf, changed_instance, run_whatif

app = typer.Typer(
    help="Plan the 'Proposed organization of work' of an intergovernmental session, and check any such plan.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        try:
            typer.echo(f"orgwork {version('orgwork')}")
        except PackageNotFoundError:
            typer.echo("orgwork (not installed)")
        raise typer.Exit()


@app.callback()
def main(
    _version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """orgwork: organization of work for intergovernmental sessions."""


def _bad_input(exc: InputError) -> typer.Exit:
    typer.echo(f"error: {exc.line()}", err=True)
    return typer.Exit(2)


def _load(path: Path) -> Instance:
    try:
        return load_instance(path)
    except InputError as exc:
        raise _bad_input(exc) from None


def _limit(value: int | None) -> str:
    return "-" if value is None else str(value)


def print_measures(inst: Instance, report: Report, solver_kpis: dict[str, int] | None = None) -> None:
    """The plan's measures beside the limits they are held to."""
    k = report.kpis
    day_cap = max(inst.per_day.values()) if inst.per_day else None
    rows = [
        ("interpreted meetings", k[Measure.INTERPRETED_MEETINGS], _limit(inst.budget), Rule.RES_BUDGET),
        ("peak interpreted at once", k[Measure.PEAK_INTERPRETED], _limit(inst.teams), Rule.RES_TEAMS),
        ("most interpreted in a day", max(report.interpreted_by_day.values(), default=0), _limit(day_cap), Rule.RES_DAY),
        ("meetings without interpretation", k[Measure.OTHER_MEETINGS], "", ""),
        ("idle periods inside a body's week", k[Measure.IDLE_PERIODS], "", ""),
        ("splits (extra meetings per item)", k[Measure.SPLITS], "", ""),
        ("splits across days", k[Measure.DAY_SPLITS], "", ""),
        ("order inversions", k[Measure.ORDER_INVERSIONS], "", ""),
    ]
    typer.echo(f"{'measure':36} {'plan':>6} {'limit':>6}")
    for name, value, limit, _rule in rows:
        typer.echo(f"{name:36} {value:>6} {limit:>6}")
    typer.echo(f"{'objective (weighted)':36} {report.objective:>6}")
    if solver_kpis is not None:
        differ = [n for n, v in solver_kpis.items() if report.kpis.get(n) != v]
        if differ:
            typer.echo(f"note: the solver counted {', '.join(differ)} differently from the checker", err=True)


@app.command("solve")
def solve_cmd(
    instance: Annotated[Path, typer.Argument(help="Instance file (YAML).")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write the plan: .xlsx, .docx, .md, .html, .csv or .json.")
    ],
    time_limit: Annotated[float, typer.Option(help="Seconds the solver may search.", min=0.01)] = 30.0,
    seed: Annotated[int, typer.Option(help="Random seed of the search.", min=0)] = 0,
    workers: Annotated[
        int, typer.Option(help="Search threads; 1 gives the same plan for the same seed every time.", min=1, max=64)
    ] = 1,
    lang: Annotated[str | None, typer.Option(help="Language of the annex (default: the instance's first).")] = None,
) -> None:
    """Plan a session, check the plan independently and write it."""
    _output_format(output)
    inst = _load(instance)
    _language(inst, lang)
    try:
        result = solve(inst, time_limit=time_limit, seed=seed, workers=workers)
    except KeyboardInterrupt:  # before the search began: there is no plan to keep
        typer.echo(f"interrupted before the search began; {output} was not written.")
        raise typer.Exit(1) from None
    typer.echo(f"instance   {inst.name}: {len(inst.bodies)} bodies, {len(inst.items)} items, {len(inst.periods)} periods")
    if not result.has_plan and result.interrupted:
        typer.echo(f"interrupted after {result.runtime:.2f} s, before any plan was found; {output} was not written.")
        raise typer.Exit(1)
    if not result.has_plan:
        typer.echo(f"status     {result.status} after {result.runtime:.2f} s: no plan")
        if result.status == "INFEASIBLE":
            overloaded = overloaded_bodies(inst)
            if overloaded:
                typer.echo("No plan meets every requirement:")
                for line in overloaded:
                    typer.echo(f"  - {line}")
            else:
                _print_conflict(explain(inst, seed=seed))
        else:
            typer.echo("The time limit ran out before any plan was found; try a longer --time-limit.")
        typer.echo(f"{output} was not written.")
        raise typer.Exit(1)
    if result.interrupted:
        typer.echo("interrupted: the search was stopped; this is the best plan found so far")
    gap = result.gap or 0.0
    typer.echo(
        f"status     {result.status}: objective {result.objective}, bound {result.bound}, gap {gap:.1%}, "
        f"{result.runtime:.2f} s (seed {seed}, {workers} worker{'s' if workers > 1 else ''})"
    )
    report = check(inst, result.schedule)
    print_measures(inst, report, result.kpis)
    if not report.ok:
        typer.echo(f"check      the independent checker found {len(report.violations)} violation(s) in the solver's plan:")
        for v in report.violations:
            typer.echo(f"  {v.line()}")
        typer.echo(f"{output} was not written.")
        raise typer.Exit(1)
    typer.echo(f"check      clean: the independent checker finds every requirement met (objective {report.objective})")
    try:
        write_plan(output, inst, result.schedule, lang, report)
    except InputError as exc:
        raise _bad_input(exc) from None
    typer.echo(f"wrote      {output}")


def _output_format(output: Path) -> None:
    if output.suffix.lower() not in FORMATS:
        raise _bad_input(
            InputError(f"cannot write '{output.suffix or 'no extension'}' files; use {', '.join(FORMATS)}", file=str(output))
        )


def _language(inst: Instance, lang: str | None) -> None:
    if lang is not None and lang not in inst.languages:
        raise _bad_input(InputError(f"'{lang}' is not a language of this session ({', '.join(inst.languages)})", place="--lang"))
    if lang is not None and lang not in available_languages():
        raise _bad_input(
            InputError(f"no annex wording for '{lang}' yet; available: {', '.join(available_languages())}", place="--lang")
        )


@app.command("export")
def export_cmd(
    instance: Annotated[Path, typer.Argument(help="Instance file (YAML).")],
    schedule: Annotated[Path, typer.Argument(help="Schedule (orgwork-schedule JSON, or an annex workbook).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Annex to write: .xlsx, .docx, .md, .html, .csv or .json.")],
    lang: Annotated[str | None, typer.Option(help="Language of the annex (default: the instance's first).")] = None,
) -> None:
    """Write the annex of an existing schedule, in any format and language."""
    _output_format(output)
    inst = _load(instance)
    _language(inst, lang)
    plan = _read_plan(inst, schedule)
    try:
        report = check(inst, plan, file=str(schedule))
        write_plan(output, inst, plan, lang, report)
    except InputError as exc:
        raise _bad_input(exc) from None
    if not report.ok:
        typer.echo(
            f"note: the schedule breaks {len(report.violations)} requirement(s); run 'orgwork check' for the list", err=True
        )
    typer.echo(f"wrote {output}")


def _read_plan(inst: Instance, path: Path) -> Schedule:
    """A schedule from its JSON form or from an annex workbook."""
    try:
        if path.suffix.lower() == ".json":
            return read_schedule(path)
        if path.suffix.lower() == ".xlsx":
            return read_annex_workbook(inst, path)
    except InputError as exc:
        raise _bad_input(exc) from None
    raise _bad_input(InputError("give a schedule as .json (orgwork's form) or .xlsx (an annex workbook)", file=str(path)))


@app.command("check")
def check_cmd(
    instance: Annotated[Path, typer.Argument(help="Instance file (YAML).")],
    schedule: Annotated[Path, typer.Argument(help="Schedule to check: orgwork-schedule JSON, or an annex workbook (.xlsx).")],
) -> None:
    """Check a schedule — the solver's or one typed or edited by hand — against its instance."""
    inst = _load(instance)
    plan = _read_plan(inst, schedule)
    try:
        report = check(inst, plan, file=str(schedule))
    except InputError as exc:
        raise _bad_input(exc) from None
    print_measures(inst, report)
    if report.ok:
        typer.echo("clean: every requirement is met")
        return
    typer.echo(f"{len(report.violations)} violation(s):")
    for v in report.violations:
        typer.echo(f"  {v.line()}")
    raise typer.Exit(1)


@app.command("validate")
def validate_cmd(instance: Annotated[Path, typer.Argument(help="Instance file (YAML).")]) -> None:
    """Check an instance file without solving it."""
    inst = _load(instance)
    typer.echo(
        f"ok: {inst.name}: {len(inst.bodies)} bodies, {len(inst.items)} items, {len(inst.discussions)} discussions, "
        f"{len(inst.periods)} periods from {inst.days[0]} to {inst.days[-1]}"
    )


@app.command("schema")
def schema_cmd(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the JSON Schema here instead of printing it.")
    ] = None,
) -> None:
    """The JSON Schema of instance files, for editors that validate YAML."""
    text = json.dumps(instance_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_text_atomic(output, text)
        typer.echo(f"wrote {output}")


def _print_conflict(conflict: Conflict | None) -> None:
    if conflict is None:
        typer.echo("A plan exists (the search above ran out of time); no requirement conflicts.")
        return
    typer.echo(conflict.summary)
    for line in conflict.lines:
        typer.echo(f"  - {line}")
    if not conflict.proven_minimal:
        typer.echo("  (some checks ran out of time: the set may not be the smallest)")


def _changed(instance: Path, sets: list[str], scenario: Path | None) -> tuple[Instance, Instance, dict, list[str]]:
    """The unchanged and the changed session, the raw file, and what the scenario had to follow."""
    base = _load(instance)
    try:
        raw = read_yaml(instance)
        changed, notes = changed_instance(raw, scenario_from_cli(sets, scenario), str(instance))
    except InputError as exc:
        raise _bad_input(exc) from None
    return base, changed, raw, notes


SetOption = Annotated[list[str] | None, typer.Option("--set", help="A change, KEY=VALUE, e.g. resources.budget=14 (repeatable).")]
ScenarioOption = Annotated[Path | None, typer.Option("--scenario", help="A scenario file (YAML) with the changes.")]


@app.command("whatif")
def whatif_cmd(
    instance: Annotated[Path, typer.Argument(help="Instance file (YAML).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The new plan: .xlsx (with a Changes sheet), .json, .docx, ...")],
    sets: SetOption = None,
    scenario: ScenarioOption = None,
    baseline: Annotated[
        Path | None,
        typer.Option(help="The agreed plan (JSON or annex workbook); default: the optimal plan of the unchanged session."),
    ] = None,
    time_limit: Annotated[float, typer.Option(help="Seconds for each solve.", min=0.01)] = 30.0,
    seed: Annotated[int, typer.Option(help="Random seed of the search.", min=0)] = 0,
    workers: Annotated[int, typer.Option(help="Search threads.", min=1, max=64)] = 1,
    lang: Annotated[str | None, typer.Option(help="Language of the annex.")] = None,
) -> None:
    """Re-plan after a change (fewer meetings, a lost day ...) with as few changes as possible."""
    _output_format(output)
    base, changed, _, notes = _changed(instance, sets or [], scenario)
    _language(changed, lang)
    agreed = _read_plan(base, baseline) if baseline else None
    try:
        outcome = run_whatif(base, changed, baseline=agreed, notes=notes, time_limit=time_limit, seed=seed, workers=workers)
    except ValueError as exc:
        typer.echo(f"no baseline: {exc}")
        raise typer.Exit(1) from None
    _print_whatif(outcome)
    if not outcome.has_plan:
        typer.echo(f"{output} was not written.")
        raise typer.Exit(1)
    change_rows = [
        {
            "date": c.date,
            "bodies": ", ".join(c.bodies),
            "item": c.discussion,
            "change": c.kind,
            "before": c.before,
            "after": c.after,
        }
        for c in outcome.changes
    ]
    extra = [("Changes", ["date", "bodies", "item", "change", "before", "after"], change_rows)]
    try:
        write_plan(output, changed, outcome.result.schedule, lang, outcome.report, extra)
    except InputError as exc:
        raise _bad_input(exc) from None
    typer.echo(f"wrote      {output}")


def _print_whatif(outcome: WhatIf) -> None:
    for note in outcome.notes:
        typer.echo(f"note       {note}")
    result = outcome.result
    if not outcome.has_plan:
        typer.echo(f"status     {result.status}: no plan, even with items cut")
        _print_conflict(outcome.conflict)
        return
    kind = "partial plan: not everything fits" if outcome.partial else "complete plan"
    typer.echo(f"status     {result.status}: {kind}, {outcome.changed_parts} item part(s) placed differently from the baseline")
    if outcome.partial:
        typer.echo("cut        " + ("\n           ".join(outcome.cut_lines()) or "-"))
        if outcome.conflict:
            typer.echo("why        " + outcome.conflict.summary)
            for line in outcome.conflict.lines:
                typer.echo(f"             - {line}")
    before, after = outcome.baseline_report.kpis, outcome.report.kpis
    typer.echo(f"{'measure':34} {'baseline':>9} {'new':>6}")
    for key in (
        "interpreted_meetings",
        "peak_interpreted",
        "other_meetings",
        "idle_periods",
        "splits",
        "day_splits",
        "cut_minutes",
        "dropped_items",
    ):
        typer.echo(f"{key.replace('_', ' '):34} {before[key]:>9} {after[key]:>6}")
    typer.echo(
        f"{'check':34} {'clean' if outcome.baseline_report.ok else 'broken':>9} {'clean' if outcome.report.ok else 'BROKEN':>6}"
    )
    if outcome.changes:
        typer.echo("changes")
        for c in outcome.changes:
            typer.echo(f"  {c.date}  {', '.join(c.bodies):12} {c.discussion:22} {c.kind}: {c.before} -> {c.after}")


@app.command("explain")
def explain_cmd(
    instance: Annotated[Path, typer.Argument(help="Instance file (YAML).")],
    sets: SetOption = None,
    scenario: ScenarioOption = None,
    time_limit: Annotated[float, typer.Option(help="Seconds for each check.", min=0.01)] = 10.0,
    seed: Annotated[int, typer.Option(min=0)] = 0,
) -> None:
    """Why a session (or a changed one) has no plan: a smallest set of conflicting requirements."""
    _, changed, _, notes = _changed(instance, sets or [], scenario)
    for note in notes:
        typer.echo(f"note: {note}")
    conflict = explain(changed, time_limit=time_limit, seed=seed)
    if conflict is None:
        typer.echo("A plan exists: no requirements conflict.")
        return
    _print_conflict(conflict)
    raise typer.Exit(1)


@app.command("sweep")
def sweep_cmd(
    instance: Annotated[Path, typer.Argument(help="Instance file (YAML).")],
    param: Annotated[str, typer.Option(help="The parameter to vary, e.g. resources.budget.")],
    values: Annotated[str, typer.Option(help="Its values: 6..18, 6..18..2 or 6,8,12.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="A workbook (.xlsx) with one row per value.")] = None,
    chart: Annotated[Path | None, typer.Option(help="A chart of the measures against the parameter (.png, .svg, .pdf).")] = None,
    baseline: Annotated[
        Path | None, typer.Option(help="The agreed plan; default: the optimal plan of the unchanged session.")
    ] = None,
    time_limit: Annotated[float, typer.Option(help="Seconds for each solve.", min=0.01)] = 30.0,
    seed: Annotated[int, typer.Option(min=0)] = 0,
    jobs: Annotated[int | None, typer.Option(help="Runs in parallel (default: all cores).", min=1, max=64)] = None,
) -> None:
    """Re-plan for each value of a parameter; a table, a chart, in the order of the values."""
    if output is not None and output.suffix.lower() != ".xlsx":
        raise _bad_input(InputError("the sweep's table is a workbook: give -o NAME.xlsx", file=str(output)))
    if chart is not None and chart.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise _bad_input(InputError("give the chart as .png, .svg or .pdf", file=str(chart)))
    try:
        numbers = parse_values(values)
    except InputError as exc:
        raise _bad_input(exc) from None
    base, _, raw, _ = _changed(instance, [f"{param}={numbers[0]}"] if numbers else [], None)
    agreed = _read_plan(base, baseline) if baseline else None
    if agreed is None:
        first = solve(base, time_limit=time_limit, seed=seed)
        if first.schedule is None:
            typer.echo(f"the unchanged session has no plan ({first.status}); give --baseline")
            raise typer.Exit(1)
        agreed = first.schedule
    with typer.progressbar(length=len(numbers), label=f"sweeping {param}") as bar:
        rows = run_sweep(
            raw, str(instance), agreed, param, numbers, time_limit=time_limit, seed=seed, jobs=jobs, progress=bar.update
        )
    typer.echo(f"{'value':>6} {'plan':9} {'interp.':>7} {'changes':>7} {'cut min':>7}  what was cut / why")
    for r in rows:
        detail = r["what was cut"] or r["why"]
        typer.echo(
            f"{r['value']!s:>6} {r['plan'] or r['status']:9} {r['interpreted meetings']!s:>7} {r['changes']!s:>7} {r['minutes cut']!s:>7}  {detail}"
        )
    if output is not None:
        write_tables(output, [("Sweep", SWEEP_COLUMNS, rows)])
        typer.echo(f"wrote {output}")
    if chart is not None:
        write_chart(chart, param, rows)
        typer.echo(f"wrote {chart}")


if __name__ == "__main__":
    app()
