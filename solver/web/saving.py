"""The page's files: the session file (written only when the page changed it: pins, accepted
what-ifs) and the plan beside it, ``NAME.plan.json``, each written atomically; a session file
changed on disk since the page opened it is never overwritten. Opening the session again reads
both back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from solver.errors import InputError
from solver.files.atomic import read_utf8, write_text_atomic
from solver.instance import Instance
from solver.instance.documents import save_document
from solver.instance.workbook import is_session_workbook
from solver.schedule import read_schedule
from solver.web.state import State, checked


def plan_file(session: Path) -> Path:
    """Where the page keeps the plan of a session: beside it, NAME.plan.json."""
    return session.with_name(f"{session.stem}.plan.json")


def stored_state(session: Path, doc: dict[str, Any], inst: Instance) -> tuple[State | None, str]:
    """The session with the plan kept beside it, checked, if there is one of this session; else
    None, and why the plan kept there cannot be used (empty when there is none)."""
    stored = plan_file(session)
    if not stored.is_file():
        return None, ""
    try:
        plan = read_schedule(stored)
        if plan.instance != inst.name:
            raise InputError(f"is the plan of '{plan.instance}', not of '{inst.name}'", file=str(stored))
        return checked(doc, inst, plan, f"read from {stored.name}"), ""
    except InputError as exc:
        return None, f"{exc.line()}; a new plan is being made"


class SessionFile:
    """The session's file as the page opened it, to save into."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stamp = self._stamp()

    def _stamp(self) -> tuple[int, int]:
        st = self.path.stat()
        return (st.st_mtime_ns, st.st_size)

    def save(self, state: State, saved: State, written: list[str]) -> None:
        """Write the session file (when ``state`` changed it since ``saved``) and the plan beside
        it, atomically; each file written is added to ``written``."""
        if state.doc is not saved.doc and state.doc != saved.doc:
            if self._stamp() != self.stamp:
                raise InputError("changed on disk since the page opened it; not overwritten", file=str(self.path))
            yaml_text = None if is_session_workbook(self.path) else read_utf8(self.path)
            save_document(self.path, state.doc, over=yaml_text)
            self.stamp = self._stamp()
            written.append(str(self.path))
        if state.plan is not None:
            target = plan_file(self.path)
            write_text_atomic(target, state.plan.dumps())
            written.append(str(target))
