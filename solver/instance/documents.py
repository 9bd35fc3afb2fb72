"""A session's file, whichever its form: YAML (the text form) or a session workbook (the
planner's form); converting one into the other losslessly, and the example a new workbook starts with."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from solver.errors import InputError
from solver.files.atomic import check_writable, write_office, write_text_atomic
from solver.files.yamlfile import read_yaml
from solver.instance.messages import parse_instance_file
from solver.instance.workbook import is_session_workbook, write_session_workbook
from solver.instance.workbook_update import update_session_workbook
from solver.instance.yamlwrite import dump_yaml, updated_yaml

EXAMPLE = Path(__file__).resolve().parent / "example-session.yaml"
"""The session a new workbook shows filled in: COSP 8 (Abu Dhabi, 2019), as bundled."""

SESSION_FORMATS = (".yaml", ".yml", ".xlsx")


def check_session_output(path: str | Path) -> None:
    """Before any work: a session file orgwork can write (by its name), where it can write it."""
    if Path(path).suffix.lower() not in SESSION_FORMATS:
        raise InputError(f"a session is written as {', '.join(SESSION_FORMATS)}", file=str(path))
    check_writable(path)


def save_document(path: str | Path, doc: dict[str, Any], *, over: str | None = None, fresh: bool = False) -> None:
    """Write a session document as YAML or as a session workbook (by the file name), atomically.
    The document is checked against the file format first: nothing invalid is written. ``over``:
    the YAML text being replaced, whose comments and layout are kept where nothing changed. A
    workbook that exists is the planner's own: only the cells that change are written, unless
    ``fresh`` (a new template replacing it)."""
    check_session_output(path)
    parse_instance_file(doc)
    if is_session_workbook(path) and Path(path).exists() and not fresh and zipfile.is_zipfile(path):
        update_session_workbook(path, doc, write_office)  # the planner's own workbook: its other cells kept
    elif is_session_workbook(path):
        write_session_workbook(path, doc, write_office)
    else:
        write_text_atomic(path, updated_yaml(over, doc) if over is not None else dump_yaml(doc))


def empty_session(languages: list[str]) -> dict[str, Any]:
    """A session with nothing in it yet but its languages and the usual meeting periods."""
    return {
        "session": {"languages": list(languages)},
        "calendar": {"periods": {"am": {"start": "10:00", "end": "13:00"}, "pm": {"start": "15:00", "end": "18:00"}}},
    }


def new_session(path: str | Path, *, languages: list[str] | None = None, example: bool = False, replace: bool = False) -> None:
    """A session workbook to fill in: instructions, every sheet, a note on every header; empty (in
    ``languages``, default English) or, with ``example``, COSP 8 filled in. An existing file is
    kept unless ``replace``: it is the planner's own work."""
    if not is_session_workbook(path):
        raise InputError("a new session is a workbook: give NAME.xlsx", file=str(path))
    if Path(path).exists() and not replace:
        raise InputError("already exists; give another name, or --force to replace it with a new template", file=str(path))
    if example:
        save_document(path, read_yaml(EXAMPLE), fresh=True)
    else:
        write_session_workbook(path, empty_session(languages or ["en"]), write_office)
