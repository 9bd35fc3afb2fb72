"""Plans in and out of files, by the file's name: the annex in every format (the grid from
``grid``, the tables from ``tables``, laid out by ``workbook`` and ``documents``, saved atomically),
the schedule's JSON form, and a plan read back from JSON or from an annex workbook.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from solver.check import Report, check
from solver.errors import InputError
from solver.files.atomic import check_writable, write_text_atomic
from solver.instance import Instance
from solver.schedule import Schedule, read_schedule

FORMATS = (".json", ".xlsx", ".docx", ".pdf", ".csv", ".md", ".html", ".ics")
PLAN_INPUTS = (".json", ".xlsx", ".docx")


def check_output(path: str | Path) -> None:
    """Refuse, before any work is done, an output whose format orgwork cannot write."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS and not Path(path).is_dir():
        raise InputError(f"cannot write '{suffix or 'no extension'}' files; use {', '.join(FORMATS)}", file=str(path))
    check_writable(path)
    if suffix == ".pdf":
        from solver.annex.pdf import check_pdf_possible

        check_pdf_possible(path)


def check_language(inst: Instance, lang: str | None, place: str = "--lang") -> None:
    """The annex can be written in ``lang``: a language of the session, with annex wording."""
    if lang is None:
        return
    from solver.words import available_languages  # Babel: only where a language is asked for

    if lang not in inst.languages:
        raise InputError(f"'{lang}' is not a language of this session ({', '.join(inst.languages)})", place=place)
    if lang not in available_languages():
        raise InputError(f"no annex wording for '{lang}' yet; available: {', '.join(available_languages())}", place=place)


def read_plan(inst: Instance, path: str | Path) -> Schedule:
    """A schedule from its JSON form or from an annex workbook a person may have edited."""
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return read_schedule(path)
    if suffix in (".xlsx", ".docx"):
        from solver.annex.readback import read_annex

        return read_annex(inst, path)
    raise InputError("give a schedule as .json (orgwork's form), or an annex as .xlsx or .docx", file=str(path))


def _plan_tables(
    inst: Instance, schedule: Schedule, report: Report, lang: str
) -> list[tuple[str, list[str], list[dict[str, Any]]]]:
    """The tables beside the annex that make it read back as the plan it shows: the cuts of a
    partial plan, the rota of a session whose teams' workload is limited."""
    from solver.annex.tables import CUT_COLUMNS, HELD_COLUMNS, cut_rows, held_rows, rota_table

    tables = []
    if schedule.cuts:
        tables.append(("Cuts", CUT_COLUMNS, cut_rows(inst, schedule)))
    if inst.workload is not None:
        tables.append(("Rota", *rota_table(inst, report, lang)))
    if schedule.meta.get("held"):
        tables.append(("Held", HELD_COLUMNS, held_rows(inst, schedule)))
    return tables


def write_plan(
    path: str | Path,
    inst: Instance,
    schedule: Schedule,
    lang: str | None = None,
    report: Report | None = None,
    extra: list[tuple[str, list[str], list[dict[str, Any]]]] = (),
    verdict: str | None = None,
) -> None:
    """Write a plan in the format its file name asks for; ``extra`` tables go into a workbook;
    ``verdict``: the checker's, in words, where the report alone does not say it (a plan of a
    session as it runs: the meetings held are history, the rest is checked)."""
    check_output(path)
    suffix = Path(path).suffix.lower()
    lang = lang or inst.languages[0]
    if suffix == ".json":
        write_text_atomic(path, schedule.dumps())
        return
    if suffix == ".ics":
        from solver.annex.ical import write_ics

        write_ics(path, inst, schedule, lang)
        return
    from solver.annex.grid import build_annex  # the annex: not for a plan written as JSON
    from solver.annex.tables import ITEM_COLUMNS, item_parts, resource_rows, summary_pairs

    annex = build_annex(inst, schedule, lang)
    if suffix == ".xlsx":
        from solver.annex.workbook import write_workbook

        report = report or check(inst, schedule)
        write_workbook(
            path,
            annex,
            (ITEM_COLUMNS, item_parts(inst, schedule, lang)),
            resource_rows(inst, report, lang),
            summary_pairs(inst, schedule, report, lang, verdict),
            [*extra, *_plan_tables(inst, schedule, report, lang)],
        )
        return
    if suffix in (".docx", ".pdf"):
        from solver.annex.word import write_docx  # python-docx loads only when a Word document is written

        tables = [("Items", ITEM_COLUMNS, item_parts(inst, schedule, lang))]
        tables += _plan_tables(inst, schedule, report or check(inst, schedule), lang)
        carried = {name: [columns, *([r[c] for c in columns] for r in rows)] for name, columns, rows in tables}
        if suffix == ".pdf":
            from solver.annex.pdf import write_pdf

            write_pdf(path, lambda document: write_docx(document, annex, carried))
        else:
            write_docx(path, annex, carried)
        return
    from solver.annex import documents

    writer = {".csv": documents.write_csv, ".md": documents.write_markdown}
    writer.get(suffix, documents.write_html)(path, annex)
