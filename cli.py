"""orgwork's command line: each command reads its options, calls one library function, prints.

Exit codes everywhere: 0 a plan (or a clean check), 1 no plan or a violated requirement,
2 bad input (the message names the file and the place in it).
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from solver.errors import InputError
from solver.files.atomic import not_an_input
from solver.terminal import print_conflict, print_measures, print_no_plan, print_warnings, print_whatif

app = typer.Typer(
    help="Plan the 'Proposed organization of work' of an intergovernmental session, and check any such plan.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])
STARTED = time.monotonic()  # the time limit counts from the start of the run, imports included
_CONSOLE = False  # the process was started as the command (run()): STARTED is its start


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
    global STARTED
    if not _CONSOLE:  # the app run again in one process (tests): each run counts from its own start
        STARTED = time.monotonic()


def bad_input_exits_2(command: F) -> F:
    """Bad input anywhere in a command: one line naming the file and the place, exit code 2."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            typer.echo(f"error: {exc.line()}", err=True)
            raise typer.Exit(2) from None

    return run  # type: ignore[return-value]


InstanceArg = Annotated[Path, typer.Argument(help="The session: an instance file (YAML) or a session workbook (.xlsx).")]
LangOption = Annotated[str | None, typer.Option(help="Language of the annex (default: the instance's first).")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress line while the search runs.")]
SeedOption = Annotated[int, typer.Option(help="Random seed of the search.", min=0)]
SetOption = Annotated[list[str] | None, typer.Option("--set", help="A change, KEY=VALUE, e.g. resources.budget=14 (repeatable).")]
ScenarioOption = Annotated[Path | None, typer.Option("--scenario", help="A scenario file (YAML) with the changes.")]


# --- commands ------------------------------------------------------------------------------


@app.command("solve")
@bad_input_exits_2
def solve_cmd(
    instance: InstanceArg,
    output: Annotated[
        Path,
        typer.Option("-o", "--output", help="Where to write the plan: .xlsx, .docx, .md, .html, .csv, .ics (calendar) or .json."),
    ],
    time_limit: Annotated[float, typer.Option(help="Seconds the solver may search.", min=0.01)] = 30.0,
    seed: SeedOption = 0,
    workers: Annotated[
        int, typer.Option(help="Search threads; 1 gives the same plan for the same seed every time.", min=1, max=64)
    ] = 1,
    lang: LangOption = None,
    quiet: QuietOption = False,
) -> None:
    """Plan a session, check the plan independently and write it."""
    from solver.annex.export import check_language, check_output, write_plan
    from solver.instance import load_instance
    from solver.studies.planning import plan_session
    from solver.terminal import ProgressLine

    check_output(output)
    not_an_input(output, session=instance)
    inst = load_instance(instance)
    check_language(inst, lang)
    line = None if quiet else ProgressLine()
    try:
        left = max(0.0, time_limit - (time.monotonic() - STARTED))
        planned = plan_session(inst, time_limit=left, seed=seed, workers=workers, progress=line)
    except KeyboardInterrupt:  # before the search began: there is no plan to keep
        typer.echo(f"interrupted before the search began; {output} was not written.")
        raise typer.Exit(1) from None
    finally:
        if line is not None:
            line.close()
    result = planned.result
    typer.echo(f"instance   {inst.name}: {len(inst.bodies)} bodies, {len(inst.items)} items, {len(inst.periods)} periods")
    if not planned.has_plan:
        if result.interrupted:
            typer.echo(f"interrupted after {result.runtime:.2f} s, before any plan was found; {output} was not written.")
        else:
            print_no_plan(planned)
            typer.echo(f"{output} was not written.")
        raise typer.Exit(1)
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
        raise typer.Exit(1)
    typer.echo(f"check      clean: the independent checker finds every requirement met (objective {planned.report.objective})")
    write_plan(output, inst, result.schedule, lang, planned.report)
    typer.echo(f"wrote      {output}")


@app.command("export")
@bad_input_exits_2
def export_cmd(
    instance: InstanceArg,
    schedule: Annotated[Path, typer.Argument(help="Schedule (orgwork-schedule JSON, or an annex workbook).")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Annex to write: .xlsx, .docx, .md, .html, .csv, .ics (calendar) or .json.")
    ],
    lang: LangOption = None,
    in_place: Annotated[
        bool,
        typer.Option("--in-place", help="Allow OUT to be SCHEDULE itself: the annex rewritten over the one it was read from."),
    ] = False,
) -> None:
    """Write the annex of an existing schedule, in any format and language."""
    from solver.annex.export import check_language, check_output, read_plan, write_plan
    from solver.check import check
    from solver.instance import load_instance

    check_output(output)
    not_an_input(output, session=instance)
    if not in_place:  # an annex (or a plan) rewritten over itself only when asked
        not_an_input(output, schedule=schedule, unless="--in-place to rewrite it")
    inst = load_instance(instance, check_fit=False)  # as check does
    check_language(inst, lang)
    plan = read_plan(inst, schedule)
    print_warnings(schedule, plan.warnings)
    report = check(inst, plan, file=str(schedule))
    write_plan(output, inst, plan, lang, report)
    if not report.ok:
        typer.echo(
            f"note: the schedule breaks {len(report.violations)} requirement(s); run 'orgwork check' for the list", err=True
        )
    typer.echo(f"wrote {output}")


@app.command("check")
@bad_input_exits_2
def check_cmd(
    instance: InstanceArg,
    schedule: Annotated[Path, typer.Argument(help="Schedule to check: orgwork-schedule JSON, or an annex workbook (.xlsx).")],
) -> None:
    """Check a schedule — the solver's or one typed or edited by hand — against its instance."""
    from solver.annex.export import read_plan
    from solver.annex.readback import cells_of
    from solver.check import check
    from solver.instance import load_instance

    # items that cannot fit their windows are not bad input here: a session saved after a
    # partial what-if plan was accepted has them, and its plan declares the cuts; a plan that
    # does not is told what it breaks
    inst = load_instance(instance, check_fit=False)
    plan = read_plan(inst, schedule)
    print_warnings(schedule, plan.warnings)
    report = check(inst, plan, file=str(schedule))
    print_measures(inst, report)
    if report.ok:
        typer.echo("clean: every requirement is met")
        return
    typer.echo(f"{len(report.violations)} violation(s):")
    for v in report.violations:
        cells = cells_of(inst, plan, v.involved)
        typer.echo(f"  {v.line()}" + (f"  [{', '.join(cells)}]" if cells else ""))
    raise typer.Exit(1)


@app.command("validate")
@bad_input_exits_2
def validate_cmd(instance: InstanceArg) -> None:
    """Check an instance file without solving it."""
    from solver.instance import load_instance

    inst = load_instance(instance)
    typer.echo(
        f"ok: {inst.name}: {len(inst.bodies)} bodies, {len(inst.items)} items, {len(inst.discussions)} discussions, "
        f"{len(inst.periods)} periods from {inst.days[0]} to {inst.days[-1]}"
    )


@app.command("schema")
@bad_input_exits_2
def schema_cmd(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the JSON Schema here instead of printing it.")
    ] = None,
) -> None:
    """The JSON Schema of instance files, for editors that validate YAML."""
    from solver.files.atomic import write_text_atomic
    from solver.instance.fileformat import instance_schema

    text = json.dumps(instance_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    write_text_atomic(output, text)
    typer.echo(f"wrote {output}")


@app.command("new")
@bad_input_exits_2
def new_cmd(
    output: Annotated[Path, typer.Argument(help="The workbook to write (.xlsx).")],
    force: Annotated[bool, typer.Option("--force", help="Replace the workbook if it exists.")] = False,
) -> None:
    """A session workbook to fill in Excel: instructions, every sheet, a session filled as an example."""
    from solver.instance.documents import new_session

    new_session(output, replace=force)
    typer.echo(f"wrote {output}: fill it in, then: orgwork solve {output} -o annex.xlsx")


@app.command("convert")
@bad_input_exits_2
def convert_cmd(
    source: Annotated[Path, typer.Argument(help="A session: YAML or a session workbook.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The same session as .yaml or .xlsx.")],
) -> None:
    """A session from YAML to a workbook, or back; nothing is lost either way."""
    from solver.instance import build_instance
    from solver.instance.build import read_document
    from solver.instance.documents import check_session_output, save_document
    from solver.instance.workbook import with_cells

    check_session_output(output)
    not_an_input(output, source=source)
    doc, places = read_document(source)
    try:
        build_instance(doc, source=str(source))  # a session that cannot be read is not converted
    except InputError as exc:
        raise (with_cells(exc, places, str(source)) if places else exc.in_file(str(source))) from None
    save_document(output, doc)
    typer.echo(f"wrote {output}")


@app.command("whatif")
@bad_input_exits_2
def whatif_cmd(
    instance: InstanceArg,
    output: Annotated[Path, typer.Option("-o", "--output", help="The new plan: .xlsx (with a Changes sheet), .json, .docx, ...")],
    sets: SetOption = None,
    scenario: ScenarioOption = None,
    baseline: Annotated[
        Path | None,
        typer.Option(help="The agreed plan (JSON or annex workbook); default: the optimal plan of the unchanged session."),
    ] = None,
    time_limit: Annotated[float, typer.Option(help="Seconds for each solve.", min=0.01)] = 30.0,
    seed: SeedOption = 0,
    workers: Annotated[int, typer.Option(help="Search threads.", min=1, max=64)] = 1,
    lang: Annotated[str | None, typer.Option(help="Language of the annex.")] = None,
    quiet: QuietOption = False,
) -> None:
    """Re-plan after a change (fewer meetings, a lost day ...) with as few changes as possible."""
    from solver.annex.export import check_language, check_output, read_plan, write_plan
    from solver.studies.whatif import CHANGE_COLUMNS, NoBaseline, changed_session, run_whatif
    from solver.terminal import ProgressLine

    check_output(output)
    not_an_input(output, session=instance, baseline=baseline, scenario=scenario)
    base, changed, _, notes = changed_session(instance, sets or [], scenario)
    check_language(changed, lang)
    agreed = read_plan(base, baseline) if baseline else None
    line = None if quiet else ProgressLine()
    try:
        outcome = run_whatif(
            base, changed, baseline=agreed, notes=notes, time_limit=time_limit, seed=seed, workers=workers, progress=line
        )
    except NoBaseline as exc:
        typer.echo(f"no baseline: {exc}")
        raise typer.Exit(1) from None
    finally:
        if line is not None:
            line.close()
    print_whatif(outcome)
    if not outcome.has_plan:
        typer.echo(f"{output} was not written.")
        raise typer.Exit(1)
    extra = [("Changes", CHANGE_COLUMNS, outcome.change_rows())]
    write_plan(output, changed, outcome.result.schedule, lang, outcome.report, extra)
    typer.echo(f"wrote      {output}")


@app.command("explain")
@bad_input_exits_2
def explain_cmd(
    instance: InstanceArg,
    sets: SetOption = None,
    scenario: ScenarioOption = None,
    time_limit: Annotated[float, typer.Option(help="Seconds for each check.", min=0.01)] = 10.0,
    seed: Annotated[int, typer.Option(min=0)] = 0,
) -> None:
    """Why a session (or a changed one) has no plan: a smallest set of conflicting requirements."""
    from solver.studies.explain import explain
    from solver.studies.whatif import changed_session

    _, changed, _, notes = changed_session(instance, sets or [], scenario)
    for note in notes:
        typer.echo(f"note: {note}")
    conflict = explain(changed, time_limit=time_limit, seed=seed)
    if conflict is None:
        typer.echo("A plan exists: no requirements conflict.")
        return
    print_conflict(conflict)
    raise typer.Exit(1)


@app.command("sweep")
@bad_input_exits_2
def sweep_cmd(
    instance: InstanceArg,
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
    cluster: Annotated[
        str | None, typer.Option(help="Run on a Dask cluster: its scheduler's address, e.g. tcp://10.0.0.5:8786.")
    ] = None,
) -> None:
    """Re-plan for each value of a parameter; a table, a chart, in the order of the values."""
    from solver.studies.sweep import check_sweep_outputs, parse_values, sweep
    from solver.studies.whatif import NoBaseline

    check_sweep_outputs(output, chart)
    for written in (output, chart):
        if written is not None:
            not_an_input(written, session=instance, baseline=baseline)
    numbers = parse_values(values)
    try:
        with typer.progressbar(length=len(numbers), label=f"sweeping {param}") as bar:
            rows = sweep(
                instance,
                param,
                numbers,
                baseline,
                time_limit=time_limit,
                seed=seed,
                jobs=jobs,
                progress=bar.update,
                cluster=cluster,
            )
    except NoBaseline as exc:
        typer.echo(f"{exc}; give --baseline")
        raise typer.Exit(1) from None
    typer.echo(f"{'value':>6} {'plan':9} {'interp.':>7} {'changes':>7} {'cut min':>7}  what was cut / why")
    for r in rows:
        detail = r["what was cut"] or r["why"]
        typer.echo(
            f"{r['value']!s:>6} {r['plan'] or r['status']:9} {r['interpreted meetings']!s:>7} {r['changes']!s:>7} {r['minutes cut']!s:>7}  {detail}"
        )
    if output is not None:
        from solver.annex.workbook import write_tables
        from solver.studies.sweep import COLUMNS

        write_tables(output, [("Sweep", COLUMNS, rows)])
        typer.echo(f"wrote {output}")
    if chart is not None:
        from solver.annex.charts import write_chart

        write_chart(chart, param, rows)
        typer.echo(f"wrote {chart}")


@app.command("serve")
@bad_input_exits_2
def serve_cmd(
    instance: InstanceArg,
    port: Annotated[int, typer.Option(help="Port of the page (0: any free one).", min=0, max=65535)] = 8765,
    host: Annotated[
        str, typer.Option(help="Address to listen on; anything but 127.0.0.1 / localhost asks every browser for a token.")
    ] = "127.0.0.1",
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Do not open the page in a browser.")] = False,
    time_limit: Annotated[float, typer.Option(help="Seconds each search on the page may take.", min=0.5, max=600)] = 20.0,
    workers: Annotated[int, typer.Option(help="Search threads.", min=1, max=64)] = 1,
) -> None:
    """A live page to plan on: move items, see the checker's verdict, pin, re-plan, try what-ifs."""
    from solver.web.server import serve

    serve(instance, host=host, port=port, browser=not no_browser, time_limit=time_limit, workers=workers, echo=typer.echo)


def run() -> None:
    """The console script: Ctrl-C at any moment ends the run with one line, not a traceback
    (during a search, the solve command keeps the best plan found so far)."""
    global _CONSOLE
    _CONSOLE = True
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        raise SystemExit(1) from None


if __name__ == "__main__":
    run()
