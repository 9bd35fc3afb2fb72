"""What the commands of ``orgwork`` (``cli.py``) do once their options are read: each reads its
files, calls the library, shows the outcome (``solver.terminal``) and writes its output, and
returns the exit code: 0 a plan (or a clean check), 1 no plan or a violated requirement. Bad
input raises ``InputError``, which the command line turns into one line and exit code 2.

The library is imported where it is used, so that ``orgwork --help`` and ``orgwork validate``
start without loading the solver.
"""

from __future__ import annotations

import copy
import os
import time
from pathlib import Path
from typing import Any

import typer

from solver.errors import InputError
from solver.files.atomic import not_an_input
from solver.terminal import print_measures, print_planned, print_sweep, print_warnings, print_whatif, progress_line


def only_asked(app: typer.Typer, argv: list[str]) -> typer.Typer:
    """The app with only the command asked for: Typer reads the options of every command it
    holds on each run (20-35 ms of a seed's solve), and a run needs one. Help, no command or an
    unknown one get the whole app, which lists them all."""
    name = next((arg for arg in argv if not arg.startswith("-")), None)
    asked = [command for command in app.registered_commands if command.name == name]
    if not asked:
        return app
    one = copy.copy(app)  # its settings and callback; its own list of commands
    one.registered_commands = asked
    return one


def process_started() -> float:
    """When this process started, on ``time.monotonic``'s clock: a command's time limit counts from
    there, the interpreter's start and the imports included (Linux says it in /proc; elsewhere,
    from now)."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return time.monotonic() - max(0.0, uptime - ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):
        return time.monotonic()


def writable(output: Path, **inputs: Path | None) -> None:
    """Before any work: an output orgwork can write (by its name), and none of the command's own files."""
    from solver.annex.export import check_output

    check_output(output)
    not_an_input(output, **inputs)


def checked(instance: Path, schedule: Path, lang: str | None = None) -> tuple[Any, Any, Any]:
    """The session, a schedule of it (JSON or an annex; its warnings said) and the independent
    checker's report on it. Items that cannot fit their windows are not bad input here: a
    session saved after a partial what-if plan was accepted has them, and its plan declares the
    cuts; a plan that does not is told what it breaks."""
    from solver.annex.export import check_language, read_plan
    from solver.check import check
    from solver.instance import load_instance

    inst = load_instance(instance, check_fit=False)
    check_language(inst, lang)
    plan = read_plan(inst, schedule)
    print_warnings(schedule, plan.warnings)
    return inst, plan, check(inst, plan, file=str(schedule))


def held_view(instance: Path, inst: Any, plan: Any, schedule: Path) -> tuple[Any, Any, str]:
    """A plan of a session as it runs (``solver.studies.held``): its meetings held, the checker's
    report on the rest of the session, and its verdict in words."""
    from solver.instance.build import read_session
    from solver.outcomes import clean_verdict
    from solver.studies.held_plans import as_held

    view, _, _, report = as_held(read_session(instance, check_fit=False)[0], inst, plan, str(schedule))
    said = clean_verdict(inst, plan.cuts) if report.ok else f"{len(report.violations)} faults"
    return view, report, f"the meetings held as they were; from {view.start} on: {said}"


# Seconds to write an annex file and read it back, beyond what a plan's JSON takes (which the
# search keeps anyway): a workbook or Word file of the conference 1x (about 200 discussions) took
# 0.6-0.8 s, and a solve with --time-limit 10 ran 10.6 s without them; a PDF is LibreOffice's.
WRITING_TIME = {".xlsx": (0.3, 0.002), ".docx": (0.3, 0.002), ".pdf": (3.0, 0.004)}


def writing_time(output: Path, inst: Any) -> float:
    """The time writing ``output`` will take, kept off the search so that the whole command keeps
    its limit (a first estimate, by the file's kind and the session's size)."""
    fixed, each = WRITING_TIME.get(output.suffix.lower(), (0.0, 0.0))
    return fixed + each * len(inst.discussions)


def solve(
    instance: Path, output: Path, *, started: float, time_limit: float, seed: int, workers: int, lang: str | None, quiet: bool
) -> int:
    """Plan a session, check the plan independently and write it; the time limit counts from
    ``started`` (the start of the run)."""
    from solver.annex.export import check_language, write_plan
    from solver.instance import load_instance
    from solver.studies.planning import plan_session

    writable(output, session=instance)
    inst = load_instance(instance)
    check_language(inst, lang)
    with progress_line(quiet) as line:
        try:
            left = max(0.0, time_limit - (time.monotonic() - started) - writing_time(output, inst))
            planned = plan_session(inst, time_limit=left, seed=seed, workers=workers, progress=line)
        except KeyboardInterrupt:  # before the search began: there is no plan to keep
            typer.echo(f"interrupted before the search began; {output} was not written.")
            return 1
    if not print_planned(inst, planned, output, seed, workers):
        return 1
    write_plan(output, inst, planned.result.schedule, lang, planned.report)
    typer.echo(f"wrote      {output}")
    return 0


def export(instance: Path, schedule: Path, output: Path, lang: str | None, *, in_place: bool = False) -> int:
    """Write the annex of an existing schedule, in any format and language (over the schedule
    itself only with ``in_place``)."""
    from solver.annex.export import write_plan

    writable(output, session=instance)
    if not in_place:  # an annex (or a plan) rewritten over itself only when asked
        not_an_input(output, schedule=schedule, unless="--in-place to rewrite it")
    inst, plan, report = checked(instance, schedule, lang)
    faults, verdict = faults_of(instance, inst, plan, schedule, report)
    write_plan(output, inst, plan, lang, report, verdict=verdict)
    if faults:
        typer.echo(f"note: the schedule breaks {faults} requirement(s); run 'orgwork check' for the list", err=True)
    typer.echo(f"wrote {output}")
    return 0


def faults_of(instance: Path, inst: Any, plan: Any, schedule: Path, report: Any) -> tuple[int, str | None]:
    """How many requirements a plan breaks, as ``check`` counts them, and the verdict in words
    where the report alone does not say it (a plan of a session as it runs: the rest's)."""
    if not plan.meta.get("held"):
        return len(report.violations), None
    _, rest, verdict = held_view(instance, inst, plan, schedule)
    return len(rest.violations), verdict


def programme(instance: Path, schedule: Path, day: str, output: Path, lang: str | None) -> int:
    """Write a day's programme of meetings, as the Journal prints it."""
    from solver.annex.programme_files import check_programme_output, write_programme
    from solver.naming import day_words

    check_programme_output(output)
    not_an_input(output, session=instance, schedule=schedule)
    inst, plan, report = checked(instance, schedule, lang)
    written = write_programme(output, inst, plan, day, lang or inst.languages[0])
    count = len(written.sittings)
    typer.echo(f"{day_words(written.date, year=True)}: {count or 'no'} meeting{'s' if count != 1 else ''}")
    faults = faults_of(instance, inst, plan, schedule, report)[0]
    if faults:
        typer.echo(f"note: the plan breaks {faults} requirement(s); run 'orgwork check' for the list", err=True)
    typer.echo(f"wrote {output}")
    return 0


def check(instance: Path, schedule: Path, lang: str | None = None) -> int:
    """Check a schedule against its session: every violated requirement, with the annex cells it
    concerns (named in ``lang``, a language of the session, where given)."""
    from solver.annex.readback import cells_of

    inst, plan, report = checked(instance, schedule, lang)
    said = ""
    print_measures(inst, report)
    if plan.meta.get("held"):  # the meetings held are history: the rest of the session is checked
        from solver.studies.held import held_words

        view, report, _ = held_view(instance, inst, plan, schedule)
        typer.echo(f"held       {held_words(inst, view)}, as they were")
        said = f"from {view.start} on: "
    if report.ok:
        from solver.outcomes import clean_verdict

        typer.echo(said + clean_verdict(inst, plan.cuts, sep="\n" + " " * len(said + "clean, with cuts: ")))
        return 0
    count = len(report.violations)
    typer.echo(f"{count} requirement{'s are' if count != 1 else ' is'} not met:")
    for v in report.violations:
        cells = cells_of(inst, plan, v.involved)
        typer.echo(f"  {v.line()}" + (f"  [{', '.join(cells)}]" if cells else ""))
    return 1


def whatif(
    instance: Path,
    output: Path,
    changes: tuple[list[str], Path | None],
    baseline: Path | None,
    *,
    started: float,
    time_limit: float,
    seed: int,
    workers: int,
    lang: str | None,
    quiet: bool,
    held: tuple[Path | None, str | None] = (None, None),
) -> int:
    """Re-plan after a change (``changes``: the --set values and the scenario file) as close to
    the agreed plan as the rules allow, and write the new plan with its changes; the time limit
    counts from ``started`` (the start of the run). With ``held`` (the record of the meetings
    held, and where the re-plan starts), keep those and re-plan the rest."""
    from solver.annex.export import check_language, read_plan, write_plan
    from solver.studies.whatif import CHANGE_COLUMNS, NoBaseline, changed_session, run_whatif

    if held[0] is not None:
        search = {"started": started, "time_limit": time_limit, "seed": seed, "workers": workers}
        return whatif_held(instance, output, changes, baseline, held, lang=lang, quiet=quiet, **search)
    if held[1] is not None:
        raise InputError("--from says where the meetings held end: give the record of them with --held", place="--from")
    sets, scenario = changes
    writable(output, session=instance, baseline=baseline, scenario=scenario)
    base, changed, _, notes = changed_session(instance, sets, scenario)
    check_language(changed, lang)
    agreed = read_plan(base, baseline) if baseline else None
    from solver.outcomes import scenario_words
    from solver.studies.scenario import scenario_from_cli

    asked = scenario_words(base, scenario_from_cli(sets, scenario))  # what the planner asked, said back
    if asked:
        typer.echo(f"what if    {'; '.join(asked)}")
    with progress_line(quiet) as line:
        try:
            left = max(0.01, time_limit - (time.monotonic() - started) - writing_time(output, changed))
            outcome = run_whatif(
                base, changed, baseline=agreed, notes=notes, time_limit=left, seed=seed, workers=workers, progress=line
            )
        except NoBaseline as exc:
            typer.echo(f"no baseline: {exc}")
            return 1
    print_whatif(outcome)
    if not outcome.has_plan:
        typer.echo(f"{output} was not written.")
        return 1
    extra = [("Changes", CHANGE_COLUMNS, outcome.change_rows())]
    write_plan(output, changed, outcome.result.schedule, lang, outcome.report, extra)
    typer.echo(f"wrote      {output}")
    return 0


def whatif_held(
    instance: Path,
    output: Path,
    changes: tuple[list[str], Path | None],
    baseline: Path | None,
    held: tuple[Path | None, str | None],
    **search: Any,
) -> int:
    """The session as it runs: keep the meetings held (``held``: their record, where the re-plan
    starts), re-plan the rest as close to the agreed plan as it allows, write the whole plan."""
    from solver.annex.export import check_language, read_plan, write_plan
    from solver.instance.build import read_session
    from solver.studies.held_plans import held_changes, replan_rest
    from solver.studies.scenario import scenario_from_cli
    from solver.studies.whatif import CHANGE_COLUMNS, NoBaseline, agreed_plan, changed_document
    from solver.terminal import print_held

    (sets, scenario), (record_file, start) = changes, held
    writable(output, session=instance, baseline=baseline, scenario=scenario, held=record_file)
    raw, base = read_session(instance, check_fit=False)
    doc, inst, notes = changed_document(raw, scenario_from_cli(sets, scenario), str(instance))
    lang, quiet, started, limit = search.pop("lang"), search.pop("quiet"), search.pop("started"), search.pop("time_limit")
    check_language(inst, lang)
    try:  # the agreed plan, when none is given, in 40% of the time; the rest's search in what is left
        left = max(0.01, limit - (time.monotonic() - started))
        agreed = read_plan(base, baseline) if baseline else agreed_plan(base, time_limit=0.4 * left, **search)
    except NoBaseline as exc:
        typer.echo(f"no baseline: {exc}")
        return 1
    search["time_limit"] = max(0.01, limit - (time.monotonic() - started))
    record = read_plan(inst, record_file) if record_file is not None else None
    with progress_line(quiet) as line:
        run = replan_rest(
            doc, inst, agreed, record, start, source=str(instance), record_file=str(record_file), progress=line, **search
        )
    rows, history = held_changes(inst, agreed, run)
    print_held(inst, run, [*notes, *run.session.notes], rows, history)
    if run.whole is None:
        typer.echo(f"{output} was not written.")
        return 1
    from solver.naming import meeting_words
    from solver.outcomes import clean_verdict

    said = clean_verdict(inst, run.whole.cuts) if run.outcome.report.ok else f"{len(run.outcome.report.violations)} faults"
    verdict = f"the meetings held as they were; from {meeting_words(inst, run.session.held.first)} on: {said}"
    write_plan(output, inst, run.whole, lang, None, [("Changes", CHANGE_COLUMNS, rows)], verdict=verdict)
    typer.echo(f"wrote      {output}")
    return 0


def sweep(
    instance: Path,
    param: str,
    values: str,
    outputs: tuple[Path | None, Path | None],
    baseline: Path | None,
    *,
    time_limit: float,
    seed: int,
    jobs: int | None,
    cluster: str | None,
    lang: str | None = None,
) -> int:
    """Re-plan for each value of a parameter; the table, and the workbook and the chart
    (``outputs``) where asked; what each run cut and why named in ``lang`` where given."""
    from solver.studies.sweep import check_sweep_outputs, parse_values
    from solver.studies.sweep import sweep as sweep_values
    from solver.studies.whatif import NoBaseline

    output, chart = outputs
    check_sweep_outputs(output, chart)
    for written in outputs:
        if written is not None:
            not_an_input(written, session=instance, baseline=baseline)
    from solver.outcomes import parameter_words

    numbers = parse_values(values)
    label = f"{parameter_words(None, param)} ({param})" if parameter_words(None, param) != param else param
    try:
        with typer.progressbar(length=len(numbers), label=f"trying each value of {label}") as bar:
            rows = sweep_values(
                instance,
                param,
                numbers,
                baseline,
                time_limit=time_limit,
                seed=seed,
                jobs=jobs,
                progress=bar.update,
                cluster=cluster,
                lang=lang,
            )
    except NoBaseline as exc:
        typer.echo(f"{exc}; give --baseline")
        return 1
    print_sweep(f"{label}: {len(rows)} value{'s' if len(rows) != 1 else ''}, each re-planned against the agreed plan", rows)
    if output is not None:
        from solver.annex.workbook import write_tables
        from solver.studies.sweep import COLUMNS

        write_tables(output, [("Sweep", COLUMNS, rows)])
        typer.echo(f"wrote {output}")
    if chart is not None:
        from solver.annex.charts import write_chart

        write_chart(chart, label, rows)
        typer.echo(f"wrote {chart}")
    return 0


def new(output: Path, lang: str, *, example: bool, force: bool) -> None:
    """A session workbook to fill in: empty in the languages asked for, or COSP 8 as an example."""
    from solver.instance.documents import new_session

    languages = list(dict.fromkeys(code.strip() for code in lang.split(",") if code.strip()))
    known = ("ar", "zh", "en", "fr", "ru", "es")
    wrong = [code for code in languages if code not in known]
    if wrong or not languages:
        raise InputError(f"'{(wrong or [lang])[0]}' is not a language of the UN; give some of {', '.join(known)}", place="--lang")
    new_session(output, languages=languages, example=example, replace=force)
    what = "COSP 8 as an example" if example else f"an empty session in {', '.join(languages)}"
    typer.echo(f"wrote {output}: {what}; fill it in, then: orgwork validate {output}, and orgwork solve {output} -o annex.xlsx")
