"""What the planner sends from the page, read (the what-if form, the numbers in a form), and what
could not be done, said where the planner acted: beside the field of a form, kept as typed; beside
the cell an item was dropped on; beside the button pressed. A mistake is said in the answer to
the request that made it, to that tab alone: the desk keeps none of it, so the page drawn next
(after a change, or a reload) has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.errors import InputError
from solver.studies.scenario import Scenario, scenario_from_cli

WHATIF_NUMBERS = ("teams", "budget", "per_day", "budget_hours", "per_day_hours")
"""The what-if form's fields of numbers, each the resource of the same name."""

WHERE = {
    "/undo": "tools",
    "/redo": "tools",
    "/replan": "tools",
    "/save": "tools",
    "/accept": "job",
    "/discard": "job",
    "/stop": "job",
    "/held": "held",
}
"""Where a refused button press is said, by the address it posts to: beside the bar's buttons, or
in the search's panel."""


@dataclass(frozen=True)
class Mistake:
    """What the page could not do, in one line, and where it says so: "page" (on top, kept in view
    when the page is scrolled), "tools" (beside the bar's buttons), "job" (the search's panel),
    "open" (beside Open a plan), "pins" (the Pinned list) or "cell" (the grid's cell at
    ``period`` and ``track``)."""

    text: str
    where: str = "page"
    period: str = ""
    track: str = ""


ACTIONS_SAID = frozenset({"move", "pin", "cell", "plan", "accept", "discard", "undo", "redo", "replan", "stop", "save", "held"})
"""The places the page's own actions give their refusals (the place is where it is said)."""


def action_mistake(path: str, form: Any, exc: InputError, job: bool) -> Mistake:
    """Where a refused change is said: a drop beside the cell dropped on, a pin beside its cell
    (or in the Pinned list), a button beside itself; the top of the page when that is not on it."""
    # said where the planner acted, the action needs no naming ("move: ...", "pin: ..."); a file does
    text = InputError(exc.message, file=exc.file, more=exc.more).line() if exc.place in ACTIONS_SAID else exc.line()
    period, track = str(form.get("to" if path == "/move" else "period", "")), str(form.get("track", ""))
    if path in ("/move", "/pin") and period and track:
        return Mistake(text, "cell", period, track)
    if path == "/pin":
        return Mistake(text, "pins")
    where = WHERE.get(path, "page")
    return Mistake(text, "page" if where == "job" and not job else where)


class FormMistakes(Exception):
    """A form's mistakes by field ("" for the form as a whole): each said beside its field."""

    def __init__(self, fields: dict[str, str]) -> None:
        self.fields = fields
        super().__init__("; ".join(fields.values()))


def number(form: Any, key: str) -> int:
    text = str(form.get(key, "")).strip()
    if not text.isdecimal() or int(text) > 100_000:
        raise InputError(f"'{text}' is not a whole number", place=key)
    return int(text)


def hours(form: Any, key: str) -> int | float:
    text = str(form.get(key, "")).strip()
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 10_000:
        raise InputError(f"'{text}' is not a number of hours", place=key)
    return int(value) if value.is_integer() else value


def whatif_values(form: Any) -> dict[str, Any]:
    """The what-if form as the planner filled it, to draw it again as it was."""
    values: dict[str, Any] = {key: str(form.get(key, "")) for key in (*WHATIF_NUMBERS, "settings")}
    values["drop_day"] = [str(d) for d in form.getlist("drop_day")] if hasattr(form, "getlist") else []
    return values


def whatif_scenario(form: Any) -> Scenario:
    """The what-if the form asks for: its numbers, the days lost, and KEY=VALUE lines read as
    `orgwork whatif --set` reads them. Every field's mistake at once (``FormMistakes``)."""
    mistakes: dict[str, str] = {}
    lines = [line.strip() for line in str(form.get("settings", "")).splitlines() if line.strip()]
    try:
        scenario = scenario_from_cli(lines, None)
    except InputError as exc:
        scenario = Scenario()
        mistakes["settings"] = said(exc, "settings")
    numbers = []
    for key in WHATIF_NUMBERS:
        if not str(form.get(key, "")).strip():
            continue
        try:
            numbers.append((f"resources.{key}", (hours if key.endswith("_hours") else number)(form, key), f"page: {key}"))
        except InputError as exc:
            mistakes[key] = said(exc, key)
    scenario.settings[:0] = numbers
    scenario.drop_days = [str(d) for d in form.getlist("drop_day") if str(d).strip()]
    if not mistakes and not scenario.settings and not scenario.drop_days:
        mistakes[""] = "say what changes: teams, budget, a cap a day, a day dropped, or KEY=VALUE lines"
    if mistakes:
        raise FormMistakes(mistakes)
    return scenario


def whatif_field(exc: InputError, form: Any) -> str:
    """The what-if field a mistake found in the changed session is about: a number of the form,
    the days lost, the KEY=VALUE lines, or ("") the form as a whole."""
    head = exc.place.split("[")[0].split(".")
    if head[0] == "resources" and len(head) > 1 and head[1] in WHATIF_NUMBERS and str(form.get(head[1], "")).strip():
        return head[1]
    if head[0] == "drop_days" and form.getlist("drop_day"):
        return "drop_day"
    if str(form.get("settings", "")).strip() and exc.place not in ("whatif", "what-if"):
        return "settings"
    return ""


def said(exc: InputError, field: str) -> str:
    """The words beside ``field``: the place left out where the field names it already (a number
    of the form, the days lost, a line that is not KEY=VALUE), kept where it says which line."""
    if field == "settings" and exc.place != "--set":
        return exc.line()
    return InputError(exc.message, more=exc.more).line()
