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

from solver import data
from solver.check import Report, check
from solver.errors import InputError
from solver.export import FORMATS, write_plan
from solver.files import write_text_atomic
from solver.i18n import available_languages
from solver.instance import Instance, load_instance
from solver.readback import read_annex_workbook
from solver.schedule import Schedule, read_schedule
from solver.solve import diagnose, overloaded_bodies, solve

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
        ("interpreted meetings", k["interpreted_meetings"], _limit(inst.budget), "RES-budget"),
        ("peak interpreted at once", k["peak_interpreted"], _limit(inst.teams), "RES-teams"),
        ("most interpreted in a day", max(report.interpreted_by_day.values(), default=0), _limit(day_cap), "RES-day"),
        ("meetings without interpretation", k["other_meetings"], "", ""),
        ("idle periods inside a body's week", k["idle_periods"], "", ""),
        ("splits (extra meetings per item)", k["splits"], "", ""),
        ("splits across days", k["day_splits"], "", ""),
        ("order inversions", k["order_inversions"], "", ""),
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
    result = solve(inst, time_limit=time_limit, seed=seed, workers=workers)
    typer.echo(f"instance   {inst.name}: {len(inst.bodies)} bodies, {len(inst.items)} items, {len(inst.periods)} periods")
    if not result.has_plan:
        typer.echo(f"status     {result.status} after {result.runtime:.2f} s: no plan")
        if result.status == "INFEASIBLE":
            overloaded = overloaded_bodies(inst)
            culprits = [] if overloaded else diagnose(inst, seed=seed)
            if overloaded:
                typer.echo("No plan meets every requirement:")
                for line in overloaded:
                    typer.echo(f"  - {line}")
            elif culprits:
                typer.echo("No plan meets every requirement. A plan exists if any one of these is relaxed:")
                for name in culprits:
                    typer.echo(f"  - {name}")
            else:
                typer.echo("No plan meets every requirement, and no single requirement is to blame: several conflict together.")
        else:
            typer.echo("The time limit ran out before any plan was found; try a longer --time-limit.")
        typer.echo(f"{output} was not written.")
        raise typer.Exit(1)
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


def instance_schema() -> dict[str, object]:
    schema = data.InstanceFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "orgwork instance"
    return schema


if __name__ == "__main__":
    app()
