"""What-if scenarios: changes laid over an instance file before it is resolved.

Two ways to say what changes, usable together:

* ``--set KEY=VALUE`` on the command line, where KEY is a dotted path into the instance file
  with selectors by id (bodies, tracks, joint items) or number (items):
  ``resources.budget=14``, ``bodies[cosp].window.last=2019-12-19``,
  ``bodies[cosp].items[1(f)].speakers[0].count=120``. VALUE is read as YAML
  (``14``, ``[am]``, ``{first: "2019-12-17 am"}``);
* a scenario file (YAML):

      set:                               # the same paths and values as --set
        resources.budget: 14
      drop_days: ["2019-12-20"]          # a day lost
      keep_periods: {"2019-12-19": [am]} # a day shortened to some of its periods
      add_joint: [{items: ["wg1:3", "wg2:3"], minutes: 120}]
      remove_joint: [J1]

References to periods of a dropped day are moved to the nearest remaining period (windows
and earliest / latest limits) or removed (pins); each such change is reported.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from solver.errors import InputError, all_at_once
from solver.files.yamlfile import parse_yaml, read_yaml
from solver.instance.fileformat import DEFAULT_PERIODS, clock_minutes
from solver.instance.messages import parse_instance_file
from solver.studies.follow import DayPeriods, dropped_days, dropped_periods, follow

_STEP = re.compile(r"(?P<key>[A-Za-z_][A-Za-z0-9_]*)|\[(?P<sel>[^\]]+)\]")
SCENARIO_KEYS = {"set", "drop_days", "keep_periods", "add_joint", "remove_joint"}


@dataclass
class Scenario:
    settings: list[tuple[str, Any, str]] = field(default_factory=list)  # (path, value, where it was given)
    drop_days: list[str] = field(default_factory=list)
    keep_periods: dict[str, list[str]] = field(default_factory=dict)
    add_joint: list[dict[str, Any]] = field(default_factory=list)
    remove_joint: list[str] = field(default_factory=list)
    file: str = ""  # the scenario file it was read from, named by the errors in it


def parse_value(text: str) -> Any:
    """A --set value, read as YAML with orgwork's loader (times and dates stay text)."""
    try:
        return parse_yaml(text)
    except yaml.YAMLError as exc:
        raise InputError(f"cannot read the value '{text}' ({exc})", place="--set") from None


def scenario_from_cli(sets: list[str], file: str | Path | None) -> Scenario:
    scenario = Scenario(file=str(file) if file is not None else "")
    if file is not None:
        doc = read_yaml(file)
        if not isinstance(doc, dict):
            raise InputError(
                "a scenario file is a mapping with set, drop_days, keep_periods, add_joint, remove_joint", file=str(file)
            )
        unknown = set(doc) - SCENARIO_KEYS
        if unknown:
            raise InputError(f"unknown key; use {', '.join(sorted(SCENARIO_KEYS))}", file=str(file), place=sorted(unknown)[0])
        for path, value in _shaped(doc, "set", dict, "a mapping of paths to values", file).items():
            scenario.settings.append((str(path), value, f"{file}: set.{path}"))
        scenario.drop_days = [str(d) for d in _shaped(doc, "drop_days", list, 'a list of dates, e.g. ["2019-12-20"]', file)]
        keep = _shaped(doc, "keep_periods", dict, 'a mapping of dates to lists of periods, e.g. {"2019-12-19": [am]}', file)
        for day, periods in keep.items():
            if not isinstance(periods, list):
                raise InputError(
                    f"expected a list of periods, e.g. [am], got {periods!r}", file=str(file), place=f"keep_periods.{day}"
                )
            scenario.keep_periods[str(day)] = [str(p) for p in periods]
        scenario.add_joint = _shaped(doc, "add_joint", list, 'a list of joint items, e.g. [{items: ["wg1:3", "wg2:3"]}]', file)
        scenario.remove_joint = [str(j) for j in _shaped(doc, "remove_joint", list, "a list of joint item ids, e.g. [J1]", file)]
    for text in sets:
        if "=" not in text:
            raise InputError(f"'{text}' is not KEY=VALUE, e.g. resources.budget=14", place="--set")
        path, value = text.split("=", 1)
        scenario.settings.append((path.strip(), parse_value(value), f"--set {text}"))
    return scenario


def _shaped(doc: dict[str, Any], key: str, kind: type, what: str, file: str | Path) -> Any:
    """The scenario file's entry under ``key``, empty when absent; one clear line when it is not
    ``kind`` (a list where a mapping belongs, a number where a list belongs)."""
    value = doc.get(key)
    if value is None:
        return kind()
    if not isinstance(value, kind):
        raise InputError(f"expected {what}, got {value!r}", file=str(file), place=key)
    return value


def _select(node: Any, selector: str, path: str) -> tuple[Any, Any]:
    """The list element a selector names: the entry whose id (or number) it is (items[3] is item
    3, as the planner numbers it), else, for a list of unnamed entries, an index (speakers[0])."""
    if not isinstance(node, list):
        raise InputError(f"'[{selector}]' selects from a list, but this is {type(node).__name__}", place=path)
    for index, entry in enumerate(node):
        if isinstance(entry, dict) and str(entry.get("id", entry.get("number", entry.get("date")))) == selector:
            return index, entry
        if isinstance(entry, str) and entry == selector:  # a day given by its date alone: made a mapping to set its fields
            node[index] = {"date": entry}
            return index, node[index]
        if isinstance(entry, dict):  # look into sub-items, so items[1(a)] finds a sub-item
            for sub in entry.get("items") or []:
                if isinstance(sub, dict) and str(sub.get("number")) == selector:
                    return None, sub
    named = any(isinstance(e, dict) and ("id" in e or "number" in e) for e in node)
    if selector.isdigit() and not named:
        index = int(selector)
        if index >= len(node):
            raise InputError(f"there {'is only 1 entry' if len(node) == 1 else f'are only {len(node)} entries'}", place=path)
        return index, node[index]
    known = ", ".join(str(e.get("id", e.get("number", e.get("date")))) if isinstance(e, dict) else str(e) for e in node)
    raise InputError(f"nothing called '{selector}' here (there are: {known or 'none'})", place=path)


def set_path(doc: dict[str, Any], path: str, value: Any, where: str) -> None:
    """Put ``value`` at a dotted path such as bodies[cosp].window.last."""
    steps = list(_STEP.finditer(path))
    rendered = "".join(
        (("." if i else "") + m.group("key")) if m.group("key") else f"[{m.group('sel')}]" for i, m in enumerate(steps)
    )
    if not steps or rendered != path:
        raise InputError(f"'{path}' is not a path such as resources.budget or bodies[cosp].window.last", place=where)
    node: Any = doc
    for i, step in enumerate(steps):
        last = i == len(steps) - 1
        shown = path[: step.end()]
        if step.group("key"):
            key = step.group("key")
            if not isinstance(node, dict):
                raise InputError(f"'{key}' is a key, but the value here is not a mapping", place=where)
            if last:
                node[key] = value
                return
            if key not in node or node[key] is None:
                node[key] = [] if steps[i + 1].group("sel") else {}
            node = node[key]
        else:
            index, entry = _select(node, step.group("sel"), shown)
            if last:
                if index is None:
                    raise InputError("replace a sub-item's fields, not the whole sub-item", place=where)
                node[index] = value
                return
            node = entry


def apply(raw: dict[str, Any], scenario: Scenario) -> tuple[dict[str, Any], list[str]]:
    """The instance file with the scenario laid over it, and notes on what had to follow."""
    doc = copy.deepcopy(raw)
    notes: list[str] = []
    mistakes: list[InputError] = []  # every change that cannot be made, said at once
    for path, value, where in scenario.settings:
        try:
            set_path(doc, path, value, where)
        except InputError as exc:
            mistakes.append(exc)
    try:
        parse_instance_file(doc)  # a value of the wrong shape is said here, with its place, not tripped over below
    except InputError as exc:
        mistakes += [exc, *exc.also]
    if mistakes:
        raise all_at_once([InputError(e.message, file=e.file, place=e.place, more=e.more) for e in mistakes])
    days = doc.get("calendar", {}).get("days", [])
    dates = [d if isinstance(d, str) else d.get("date") for d in days]
    for day in scenario.drop_days:
        if day not in dates:
            raise InputError(f"'{day}' is not a day of the session", place="drop_days")
    if dates and not set(dates) - set(scenario.drop_days):
        raise InputError("drops every day of the session; keep at least one", place="drop_days")
    cut: dict[str, DayPeriods] = {}
    for day, periods in scenario.keep_periods.items():
        if day not in dates:
            raise InputError(f"'{day}' is not a day of the session", place=f"keep_periods.{day}")
        i = dates.index(day)
        entry = days[i] if isinstance(days[i], dict) else {"date": day}
        own = entry.get("periods")
        cut[day] = _day_periods(day, periods, own, doc.get("calendar", {}).get("periods"))
        entry["periods"] = {p: own[p] for p in periods if p in own} if isinstance(own, dict) else list(periods)
        days[i] = entry
    if cut:
        notes += follow(doc, dropped_periods(cut, dates), "the period is dropped")
    if scenario.drop_days:
        doc["calendar"]["days"] = [d for d, date in zip(days, dates, strict=True) if date not in scenario.drop_days]
        remaining = [d for d in dates if d not in scenario.drop_days]
        notes += follow(doc, dropped_days(set(scenario.drop_days), remaining), "the day is dropped")
    joints = doc.setdefault("joint", [])
    for jid in scenario.remove_joint:
        ids = [j.get("id") or f"J{n + 1}" for n, j in enumerate(joints)]
        if jid not in ids:
            raise InputError(f"no joint item '{jid}' (there are: {', '.join(ids) or 'none'})", place="remove_joint")
        removed = joints.pop(ids.index(jid))
        notes += _give_back_time(doc, removed)
    joints.extend(copy.deepcopy(scenario.add_joint))
    return doc, notes


def _day_periods(day: str, kept: list[str], own: Any, defaults: Any) -> DayPeriods:
    """The day's periods in time order, of which it keeps ``kept``: each one it has (its own, or
    the session's default ones)."""
    if not kept:
        raise InputError(
            "keeps no period of the day; to lose the whole day, list it under drop_days", place=f"keep_periods.{day}"
        )
    table = defaults if isinstance(defaults, dict) else {p: d.model_dump() for p, d in DEFAULT_PERIODS.items()}
    if isinstance(own, dict):
        table = own
    has = [p for p in (own if isinstance(own, list) else table) if p in table]
    missing = [p for p in kept if p not in has]
    if missing:
        raise InputError(
            f"{day} has no period '{missing[0]}'; its periods are {', '.join(map(str, has))}", place=f"keep_periods.{day}"
        )
    starts = [(str(p), str((table[p] or {}).get("start", "")) if isinstance(table[p], dict) else "") for p in has]
    return DayPeriods(day, sorted(starts, key=lambda pair: clock_minutes(pair[1]) if pair[1] else 0), set(kept))


def _give_back_time(doc: dict[str, Any], removed: dict[str, Any]) -> list[str]:
    """Items of a removed joint item are discussed apart; they keep the joint item's time."""
    notes = []
    minutes = removed.get("minutes")
    for ref in removed.get("items", []):
        body_id, _, number = str(ref).partition(":")
        for body in doc.get("bodies", []):
            if body.get("id") != body_id:
                continue
            for item in body.get("items", []):
                if str(item.get("number")) == number and minutes and not any(k in item for k in ("minutes", "speakers")):
                    item["minutes"] = minutes
                    notes.append(f"{ref} is now discussed separately, for {minutes} minutes")
    return notes
