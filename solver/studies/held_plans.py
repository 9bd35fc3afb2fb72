"""The plans of a session as it runs (``solver.studies.held``): the agreed plan in the rest of
the session's terms (its baseline), the rest's new plan back in the session's terms (the whole
plan: the meetings held, then the rest), a whole plan read back for checking, how far behind each
body is, and what the re-plan changes, in words.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from solver.instance import MEETINGS_ITEM, Instance
from solver.naming import body_words, meeting_words
from solver.schedule import Meeting, Schedule, mark_continued
from solver.studies.held import RestSession, held_record, rest_session
from solver.studies.rest import Rest


def rest_baseline(agreed: Schedule, inst: Instance, session: RestSession) -> Schedule:
    """The agreed plan of the rest of the session: its meetings from the moment on, in the rest's
    terms (what is finished left out, the parts of items taken up again renumbered)."""
    first = inst.periods[session.held.first]
    kept = []
    for m in agreed.meetings:
        k = inst.period_by_ref.get(m.period)
        if k is None or k < first.index or m.body not in session.instance.bodies:
            continue
        entries = []
        for e in m.entries:
            if any(f"{m.body}:{n}" not in session.instance.items for n in e.numbers):
                continue
            part = _rest_part(session.rest, f"{m.body}:{e.numbers[0]}", e.part)
            if part == 0:
                continue
            if e.joint and e.joint not in session.instance.discussions:
                continue
            entries.append(replace(e, part=part))
        if entries:
            kept.append(replace(m, entries=tuple(entries)))
    cuts = {}
    for did, minutes in agreed.cuts.items():
        ours = _rest_did(inst, session, did)
        if ours in session.instance.discussions:
            cuts[ours] = max(0, minutes - session.held.given.get(did, 0))
    return Schedule(agreed.instance, kept, dict(agreed.meta), cuts)


def _rest_did(inst: Instance, session: RestSession, did: str) -> str:
    """A discussion of the session by the rest's id (a part renumbered)."""
    owner, _, part = did.partition("#")
    disc = inst.discussions.get(did)
    parts = session.rest.parts.get(disc.items[0]) if disc else None
    if not parts:
        return did
    n = int(part) if part else 1
    if n not in parts:
        return did
    ours = parts.index(n) + 1
    return owner if ours == 1 else f"{owner}#{ours}"


def _rest_part(rest: Rest, key: str, part: int | None) -> int | None:
    """An item's part in the rest's numbering (0: that part is finished)."""
    parts = rest.parts.get(key)
    if parts is None or part is None:
        return part
    return parts.index(part) + 1 if part in parts else 0


def whole_plan(inst: Instance, session: RestSession, plan: Schedule) -> Schedule:
    """The plan of the whole session: the meetings held, then the rest's plan in the session's
    terms (its parts numbered as the session numbers them; what it cut, counted with what was held)."""
    order = {p.ref: p.index for p in inst.periods}
    later = []
    for m in plan.meetings:
        entries = tuple(replace(e, part=_session_part(session.rest, f"{m.body}:{e.numbers[0]}", e.part)) for e in m.entries)
        later.append(replace(m, entries=entries))
    meetings = sorted([*session.held.meetings, *later], key=lambda m: (order[m.period], list(inst.bodies).index(m.body)))
    cuts = dict(session.left_out)
    for did, kept in plan.cuts.items():
        ours = _session_did(session, did)
        cuts[ours] = kept + session.held.given.get(ours, 0)
    meta = {
        "status": plan.meta.get("status"),
        "held": inst.periods[session.held.first].ref,
    }  # the rest's score is no whole plan's
    return Schedule(inst.name, mark_continued(meetings, order), meta, cuts)


def _session_part(rest: Rest, key: str, part: int | None) -> int | None:
    parts = rest.parts.get(key)
    if parts is None or part is None:
        return part
    return parts[part - 1] if part - 1 < len(parts) else part


def _session_did(session: RestSession, did: str) -> str:
    """A discussion of the rest by the session's id (a part renumbered)."""
    owner, _, part = did.partition("#")
    d = session.instance.discussions.get(did)
    if d is None or not part:
        key = d.items[0] if d else owner
        parts = session.rest.parts.get(key)
        return did if not parts or parts[0] == 1 else f"{owner}#{parts[0]}"
    parts = session.rest.parts.get(d.items[0])
    return did if not parts else (owner if parts[int(part) - 1] == 1 else f"{owner}#{parts[int(part) - 1]}")


@dataclass
class HeldView:
    """A plan of a session as it runs, as the check reads it: the meetings held, as they were."""

    session: Instance  # the whole session
    first: int
    meetings: list[Meeting]
    set_aside: int = 0

    @property
    def start(self) -> str:
        return meeting_words(self.session, self.first)


def as_held(raw: dict[str, Any], inst: Instance, plan: Schedule, file: str = "") -> tuple[HeldView, Instance, Schedule, Any]:
    """A plan whose meetings before its ``held`` period are the meetings held: those, and the rest
    of the plan in the rest of the session's terms, with the independent checker's report on it."""
    from solver.check import check

    held = held_record(inst, plan, str(plan.meta["held"]), file)
    session = rest_session(raw, inst, held, inst.source)
    rest = rest_baseline(plan, inst, session)
    view = HeldView(inst, held.first, held.meetings)
    return view, session.instance, rest, check(session.instance, rest, file=file)


def behind(inst: Instance, agreed: Schedule, session: RestSession) -> list[str]:
    """How far behind, body by body: the work the agreed plan had done by the moment that was not
    done (an item not reached or not finished), the time items that ran over took beyond it, and
    what the rest of the session can still hold against what its items need."""
    first, rest = session.held.first, session.instance
    lines = []
    for b, body in inst.bodies.items():
        if all(inst.items[key].number == MEETINGS_ITEM for key in body.items):
            continue  # a body counted in meetings: its meetings are in the plan's measures
        planned = _given(inst, [m for m in agreed.meetings if m.body == b and inst.period_by_ref.get(m.period, first) < first])
        taken = _given(inst, [m for m in session.held.meetings if m.body == b])
        undone = sum(max(0, minutes - taken.get(d, 0)) for d, minutes in planned.items())
        over = sum(taken.values()) - (sum(planned.values()) - undone)
        said = [f"{_minutes(sum(taken.values()))} taken up so far, {_minutes(sum(planned.values()))} planned"]
        if undone:
            said.append(f"{_minutes(undone)} behind (work planned by now not done)")
        if over:
            said.append(f"{_minutes(over)} more than planned went to items that ran over or came early")
        if not undone and not over:
            said.append("as planned")
        if b not in rest.bodies:
            lines.append(f"{body_words(inst, b)}: {'; '.join(said)}; its work is done")
            continue
        need = sum(rest.discussions[d].minutes for d in rest.bodies[b].discussions)
        room = sum(p.capacity for k, p in enumerate(rest.periods) if k not in rest.bodies[b].closed)
        lines.append(
            f"{body_words(inst, b)}: {'; '.join(said)}; its items need {_minutes(need)} more, "
            f"and the rest of the session has {_minutes(room)} of meetings"
        )
    return lines


def _given(inst: Instance, meetings: list[Meeting]) -> dict[str, int]:
    """The minutes meetings gave each discussion."""
    out: dict[str, int] = {}
    for m in meetings:
        for e in m.entries:
            did = inst.discussion_of(m.body, e.numbers, e.joint, e.part)
            if did is not None:
                out[did] = out.get(did, 0) + e.minutes
    return out


def _minutes(n: int) -> str:
    return f"{n} minute{'s' if n != 1 else ''}"


@dataclass
class HeldRun:
    """A re-plan of the rest of a session: what was held, how far behind, the what-if of the
    rest, and the plan of the whole session."""

    session: RestSession
    outcome: Any  # the what-if of the rest (``solver.studies.whatif.WhatIf``)
    behind: list[str]
    whole: Schedule | None  # the whole session's plan (None: no plan for the rest)


def replan_rest(
    raw: dict[str, Any],
    inst: Instance,
    agreed: Schedule,
    record: Schedule,
    start: str | None,
    *,
    source: str = "",
    record_file: str = "",
    **search: Any,
) -> HeldRun:
    """Keep what the record says was held, re-plan the rest as close to ``agreed`` as it allows."""
    from solver.studies.whatif import run_whatif

    held = held_record(inst, record, start, record_file, agreed)
    session = rest_session(raw, inst, held, source)
    outcome = run_whatif(
        session.instance, session.instance, baseline=rest_baseline(agreed, inst, session), notes=session.notes, **search
    )
    whole = whole_plan(inst, session, outcome.result.schedule) if outcome.has_plan else None
    return HeldRun(session, outcome, behind(inst, agreed, session), whole)


def held_changes(inst: Instance, agreed: Schedule, run: HeldRun) -> tuple[list[dict[str, str]], list[str]]:
    """What the re-plan changes from the moment on, as the Changes sheet's rows in words (an item
    not reached, or not finished, as planned comes later), and how what was held differs from the
    agreed plan, a line each."""
    from solver.naming import change_discussion, day_words, discussion_words
    from solver.outcomes import parts_words
    from solver.studies.diff import parts_of

    if run.whole is None:
        return [], []
    first = run.session.held.first
    before, bodies = parts_of(agreed)
    after, _ = parts_of(run.whole)

    def split(parts: list[tuple[str, int]]) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
        past = [(p, m) for p, m in parts if inst.period_by_ref.get(p, first) < first]
        return past, [x for x in parts if x not in past]

    rows, history = [], []
    for key in sorted(set(before) | set(after), key=lambda k: min(p for p, _ in before.get(k, []) + after.get(k, []))):
        did = change_discussion(inst, key)
        what = discussion_words(inst, did, titled=True) if did else key
        planned_past, planned = split(sorted(before.get(key, [])))
        held_past, now = split(sorted(after.get(key, [])))
        had, due = sum(m for _, m in held_past), sum(m for _, m in planned_past)
        if had != due:
            history.append(f"{what}: {had} minutes taken up so far, {due} planned")
        if planned == now:
            continue
        if planned_past and had < due and sum(m for _, m in now) > sum(m for _, m in planned):
            change = ("not finished" if had else "not reached") + f" as planned by {day_words(planned_past[-1][0][:10])}"
        elif not now:
            change = (
                "finished early"
                if did and had >= (inst.discussions[did].meetings or inst.discussions[did].minutes)
                else "left out"
            )
        elif [p for p, _ in planned] == [p for p, _ in now]:
            change = "shortened" if sum(m for _, m in now) < sum(m for _, m in planned) else "lengthened"
        else:
            change = "moved" if len(planned) == len(now) else "split differently"
        day = min(p for p, _ in planned + now)[:10]
        rows.append(
            {
                "day": day_words(day),
                "bodies": ", ".join(body_words(inst, b) for b in sorted(bodies.get(key, set()))),
                "item": what,
                "change": change,
                "before": parts_words(inst, planned) if planned else "none planned from then on",
                "after": parts_words(inst, now),
            }
        )
    return rows, history
