"""The bodies' requirements as CP-SAT constraints (the checker's ``solver.check.bodies``
restates them): back-to-back bodies, bodies that meet right after another, bodies suspended while
an item is taken up, joint discussions, bodies sharing a room."""

from __future__ import annotations

from ortools.sat.python import cp_model

from solver.catalogue import Rule
from solver.instance import Instance
from solver.model.meetings import moments
from solver.model.variables import Variables, body_load


def body_back_to_back(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """A body's own work starts in a period after the other body's own work ends."""
    for body in inst.bodies.values():
        for other in body.after:
            other_end = v.own_last(other)
            for d in inst.own_discussions(body.id):
                v.hold(m.add(v.start(d) >= other_end + 1), Rule.BODY_BACK_TO_BACK, body.id)


def body_follows(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """A body that meets right after another meets only in periods where that body meets, and
    the two meetings, one after the other, fit in the period."""
    for b, body in inst.bodies.items():
        a = body.follows
        if a is None:
            continue
        for k, used in v.used[b].items():
            if k not in v.used[a]:
                v.hold(m.add(used == 0), Rule.BODY_FOLLOWS, b)
                continue
            v.hold(m.add_implication(used, v.used[a][k]), Rule.BODY_FOLLOWS, b)
            v.hold(m.add(body_load(v, a, k) + body_load(v, b, k) <= inst.periods[k].capacity), Rule.BODY_FOLLOWS, b)


def item_suspends(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """While an item is taken up, the bodies it suspends do not meet: not in its period, nor in
    any period that overlaps it."""
    for d in inst.discussions.values():
        for key in d.items:
            for b in inst.items[key].suspends:
                if b in d.bodies:  # a joint item that body takes up itself: it meets anyway
                    continue
                for k in v.ranges[d.id]:
                    here = inst.periods[k]
                    for k2, used in v.used[b].items():
                        if here.overlaps(inst.periods[k2]):
                            v.hold(m.add(v.present(d.id, k) + used <= 1), Rule.ITEM_SUSPENDS, key)


def joint(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """A joint discussion is one discussion: every body concerned makes the same
    progress in it in every period (so it is held in the same periods, for the same minutes)."""
    for d in inst.discussions.values():
        if len(d.bodies) < 2:
            continue
        # the body whose plan places the discussion; the others follow it
        reference = d.bodies[0] if v.primary[d.id] else next(b for b in d.bodies if b not in v.timelines)
        for k in v.ranges[d.id]:
            target = v.progress(d.id, reference, k)
            for b in d.bodies:
                if b != reference and b in v.timelines:
                    m.add(v.progress(d.id, b, k) == target)


def body_parallel(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """Bodies sharing a track (room) meet in turn: at most one meeting at a time on a track
    (bodies meeting jointly are one meeting)."""
    for track in inst.tracks:
        scope = frozenset(b for b, body in inst.bodies.items() if body.track == track)
        if len(scope) < 2:
            continue
        for moment in moments(inst):
            meetings = v.at_once(scope, moment)
            if not isinstance(meetings, int):
                v.hold(m.add(meetings <= 1), Rule.BODY_PARALLEL, track)
