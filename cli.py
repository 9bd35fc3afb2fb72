"""orgwork's command line: each command reads its options, calls one library function, prints.

Exit codes everywhere: 0 a plan (or a clean check), 1 no plan or a violated requirement,
2 bad input (the message names the file and the place in it).
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from solver.commands import only_asked, process_started
from solver.errors import InputError
from solver.files.atomic import not_an_input
from solver.terminal import print_conflict

app = typer.Typer(
    help="Plan the 'Proposed organization of work' of an intergovernmental session, and check any such plan.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])
STARTED = process_started()  # the time limit counts from the start of the run, imports included
INVOKED = False


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version  # 20 ms: only when asked

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
    global STARTED, INVOKED
    if INVOKED or time.monotonic() - STARTED > 5:  # a run in a process that did other things first (tests): from now
        STARTED = time.monotonic()
    INVOKED = True


def bad_input_exits_2(command: F) -> F:
    """Bad input anywhere in a command: one line naming the file and the place, exit code 2."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            for line in exc.lines():
                typer.echo(f"error: {line}", err=True)
            raise typer.Exit(2) from None

    return run  # type: ignore[return-value]


def _said_in(lang: str | None, work: Callable[[], int]) -> None:
    """A command whose days, meetings and titles are named in ``lang`` (--lang); its exit code."""
    from solver.naming import reading

    with reading(lang):
        code = work()
    _done(code)


def _done(code: int) -> None:
    """The command's exit code: 0 returns quietly."""
    if code:
        raise typer.Exit(code)


InstanceArg = Annotated[Path, typer.Argument(help="The session: an instance file (YAML) or a session workbook (.xlsx).")]
_NAMES = "the days, meetings, bodies and items the terminal names"
LangOption = Annotated[str | None, typer.Option(help=f"Language of the annex (default: the session's first), and of {_NAMES}.")]
ReadOption = Annotated[
    str | None, typer.Option("--lang", help=f"Language of {_NAMES} (one of the session's; default: English where it has it).")
]
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
    from solver import commands

    how = {"started": STARTED, "time_limit": time_limit, "seed": seed, "workers": workers, "lang": lang, "quiet": quiet}
    _said_in(lang, lambda: commands.solve(instance, output, **how))


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
    from solver import commands

    _said_in(lang, lambda: commands.export(instance, schedule, output, lang, in_place=in_place))


@app.command("programme")
@bad_input_exits_2
def programme_cmd(
    instance: InstanceArg,
    schedule: Annotated[Path, typer.Argument(help="Plan (orgwork-schedule JSON, or an annex workbook).")],
    day: Annotated[str, typer.Option("--day", help="The day, e.g. 2019-12-17.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Programme to write: .docx, .pdf, .xlsx, .md, .html or .ics.")],
    lang: LangOption = None,
) -> None:
    """Write a day's programme of meetings, as the Journal prints it."""
    from solver import commands

    _said_in(lang, lambda: commands.programme(instance, schedule, day, output, lang))


@app.command("check")
@bad_input_exits_2
def check_cmd(
    instance: InstanceArg,
    schedule: Annotated[Path, typer.Argument(help="Schedule to check: orgwork-schedule JSON, or an annex workbook (.xlsx).")],
    lang: ReadOption = None,
) -> None:
    """Check a schedule — the solver's or one typed or edited by hand — against its instance."""
    from solver import commands

    _said_in(lang, lambda: commands.check(instance, schedule, lang))


@app.command("validate")
@bad_input_exits_2
def validate_cmd(instance: InstanceArg) -> None:
    """Check an instance file without solving it."""
    from solver.instance import load_instance

    inst = load_instance(instance)
    typer.echo(
        f"ok: {inst.name}: {len(inst.bodies)} bod{'ies' if len(inst.bodies) != 1 else 'y'}, {len(inst.items)} items, {len(inst.discussions)} discussions, "
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
    lang: Annotated[
        str, typer.Option("--lang", help="The session's languages, separated by commas (ar, zh, en, fr, ru, es), e.g. en,fr.")
    ] = "en",
    example: Annotated[bool, typer.Option("--example", help="COSP 8 (2019) filled in, instead of an empty session.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace the workbook if it exists.")] = False,
) -> None:
    """A session workbook to fill in Excel: instructions, every sheet, a note on every header."""
    from solver import commands

    commands.new(output, lang, example=example, force=force)


@app.command("convert")
@bad_input_exits_2
def convert_cmd(
    source: Annotated[Path, typer.Argument(help="A session: YAML or a session workbook.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The same session as .yaml or .xlsx.")],
) -> None:
    """A session from YAML to a workbook, or back; nothing is lost either way."""
    from solver.instance.build import read_session
    from solver.instance.documents import check_session_output, save_document

    check_session_output(output)
    not_an_input(output, source=source)
    doc, _ = read_session(source)  # a session that cannot be read is not converted
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
    time_limit: Annotated[float, typer.Option(help="Seconds the whole run may take.", min=0.01)] = 30.0,
    seed: SeedOption = 0,
    workers: Annotated[int, typer.Option(help="Search threads.", min=1, max=64)] = 1,
    lang: LangOption = None,
    quiet: QuietOption = False,
    held: Annotated[
        Path | None, typer.Option(help="The meetings held so far (a plan: JSON or annex workbook): kept, the rest re-planned.")
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--from", help="With --held: the first period to re-plan (default: after the last meeting held)."),
    ] = None,
) -> None:
    """Re-plan after a change (fewer meetings, a lost day, the meetings held so far ...) with as few changes as possible."""
    from solver import commands

    how = {"started": STARTED, "time_limit": time_limit, "seed": seed, "workers": workers, "lang": lang, "quiet": quiet}
    _said_in(lang, lambda: commands.whatif(instance, output, (sets or [], scenario), baseline, held=(held, start), **how))


@app.command("explain")
@bad_input_exits_2
def explain_cmd(
    instance: InstanceArg,
    sets: SetOption = None,
    scenario: ScenarioOption = None,
    time_limit: Annotated[float, typer.Option(help="Seconds the explanation may take in all.", min=0.01)] = 10.0,
    seed: Annotated[int, typer.Option(min=0)] = 0,
    lang: ReadOption = None,
) -> None:
    """Why a session (or a changed one) has no plan: a smallest set of conflicting requirements."""
    from solver.annex.export import check_language
    from solver.naming import reading
    from solver.studies.explain import explain
    from solver.studies.whatif import changed_session

    _, changed, _, notes = changed_session(instance, sets or [], scenario)
    check_language(changed, lang)
    with reading(lang):
        for note in notes:
            typer.echo(f"note: {note}")
        conflict = explain(changed, time_limit=max(0.01, time_limit - (time.monotonic() - STARTED)), seed=seed)
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
    time_limit: Annotated[float, typer.Option(help="Seconds each value's re-plan may take.", min=0.01)] = 30.0,
    seed: Annotated[int, typer.Option(min=0)] = 0,
    jobs: Annotated[int | None, typer.Option(help="Runs in parallel (default: all cores).", min=1, max=64)] = None,
    cluster: Annotated[
        str | None, typer.Option(help="Run on a Dask cluster: its scheduler's address, e.g. tcp://10.0.0.5:8786.")
    ] = None,
    lang: ReadOption = None,
) -> None:
    """Re-plan for each value of a parameter; a table, a chart, in the order of the values."""
    from solver import commands

    outputs = (output, chart)
    how = {"time_limit": time_limit, "seed": seed, "jobs": jobs, "cluster": cluster, "lang": lang}
    _said_in(lang, lambda: commands.sweep(instance, param, values, outputs, baseline, **how))


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
    try:
        only_asked(app, sys.argv[1:])()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        raise SystemExit(1) from None


if __name__ == "__main__":
    run()
