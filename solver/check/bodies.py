"""The bodies' rules restated: tracks meet in turn, bodies back-to-back, a body right after another,
bodies suspended while an item is taken up, joint items as one discussion."""

from __future__ import annotations

from collections import defaultdict

from solver.catalogue import Rule
from solver.check.report import Violation
from solver.check.view import View
from solver.instance import Instance
from solver.naming import language as naming_language


def body_parallel(inst: Instance, view: View) -> list[Violation]:
    """Bodies on the same track (room) meet in turn, unless they meet jointly."""
    out = []
    for moment in view.moments():
        per_track: dict[str, int] = defaultdict(int)
        names: dict[str, list[str]] = defaultdict(list)
        for track in sorted({inst.bodies[b].track for _, group in view.meetings_at(moment) for b in group}):
            for _, group in view.meetings_at(moment, lambda g, t=track: any(inst.bodies[b].track == t for b in g)):
                per_track[track] += 1
                names[track].extend(sorted(b for b in group if inst.bodies[b].track == track))
        for track, count in per_track.items():
            if count > 1:
                where = view.moment_name(moment)
                out.append(
                    Violation(
                        Rule.BODY_PARALLEL,
                        f"{' and '.join(view.body(b) for b in names[track])} meet separately in {where}, in one room "
                        f"({inst.tracks[track].name.get(naming_language(inst), track)})",
                        (track, *(view.ref(k) for k in moment)),
                    )
                )
    return out


def body_back_to_back(inst: Instance, view: View) -> list[Violation]:
    """A body's own work (not joint items) starts after the other body's own work ends."""
    out = []

    def own_periods(body: str) -> list[int]:
        own = [
            p.period
            for p in view.parts_of(body=body)
            if not inst.discussions.get(p.discussion, None) or not inst.discussions[p.discussion].joint
        ]
        return sorted(own) or sorted(view.meets[body])

    for b, body in inst.bodies.items():
        mine = [
            p.period
            for p in view.parts_of(body=b)
            if p.discussion in inst.discussions and not inst.discussions[p.discussion].joint
        ]
        for other in body.after:
            theirs = own_periods(other)
            if mine and theirs and min(mine) <= max(theirs):
                out.append(
                    Violation(
                        Rule.BODY_BACK_TO_BACK,
                        f"{view.body(b)} starts its work on {view.when(min(mine))}, before {view.body(other)} has finished "
                        f"its own (on {view.when(max(theirs))})",
                        (b, other),
                    )
                )
    return out


def joint(inst: Instance, view: View) -> list[Violation]:
    """A joint item is one discussion: every body concerned takes it up, in the same periods,
    for the same minutes, under the joint item's id; its items are not discussed apart from it."""
    out = []
    for p in view.parts:
        if p.discussion.startswith("(not joint) "):
            key = p.keys[0]
            out.append(
                Violation(
                    Rule.JOINT,
                    f"item {inst.items[key].number} of {view.body(p.body)} is a joint item but is listed on {view.when(p.period)} "
                    "without its joint id",
                    (key,),
                )
            )
            continue
        disc = inst.discussions[p.discussion]
        if disc.joint:
            expected = {k for k in disc.items if inst.items[k].body == p.body}
            if p.body not in disc.bodies:
                out.append(Violation(Rule.JOINT, f"{view.body(p.body)} is not part of {view.discussion(disc.id)}", (p.body,)))
            elif set(p.keys) != expected:
                out.append(
                    Violation(
                        Rule.JOINT,
                        f"{view.body(p.body)} lists {' and '.join(inst.items[k].number for k in p.keys)} under "
                        f"{view.discussion(disc.id)}, which covers its {' and '.join(inst.items[k].number for k in sorted(expected))}",
                        tuple(p.keys),
                    )
                )
    for did, disc in inst.discussions.items():
        if not disc.joint:
            continue
        shape = {b: sorted((p.period, p.minutes) for p in view.parts_of(body=b, discussion=did)) for b in disc.bodies}
        present = [b for b in disc.bodies if shape[b]]
        if present and len(present) < len(disc.bodies):
            missing = [b for b in disc.bodies if not shape[b]]
            out.append(
                Violation(
                    Rule.JOINT,
                    f"{view.discussion(did)} is taken up by {' and '.join(view.body(b) for b in present)} "
                    f"but not by {' and '.join(view.body(b) for b in missing)}",
                    (did,),
                )
            )
        for b in present[1:]:
            if shape[b] != shape[present[0]]:
                out.append(
                    Violation(
                        Rule.JOINT,
                        f"{view.discussion(did)} is held at different times or lengths by {view.body(present[0])} and {view.body(b)}",
                        (did,),
                    )
                )
    return out


def item_suspends(inst: Instance, view: View) -> list[Violation]:
    """While an item is taken up, the bodies it suspends do not meet, at any moment of its meeting."""
    out, said = [], set()
    for key, item in inst.items.items():
        for b in item.suspends:
            for p in view.parts_of(key=key):
                if b in getattr(inst.discussions.get(p.discussion), "bodies", ()):
                    continue  # a joint item the suspended body takes up itself
                held = inst.periods[p.period]
                for k in sorted(k for k in view.meets[b] if held.overlaps(inst.periods[k])):
                    if (key, b, k) in said:
                        continue
                    said.add((key, b, k))
                    out.append(
                        Violation(
                            Rule.ITEM_SUSPENDS,
                            f"{view.body(b)} meets on {view.when(k)}, while {view.body(item.body)} takes up "
                            f"{view.item_name(key)}, during which {view.body(b)} suspends its work",
                            (key, b, view.ref(k)),
                        )
                    )
    return out


def body_follows(inst: Instance, view: View) -> list[Violation]:
    """A body that meets right after another meets only in periods where that body meets, and the
    two meetings, one after the other, fit in the period."""
    out = []
    for b, body in inst.bodies.items():
        a = body.follows
        if a is None:
            continue
        for k in sorted(view.meets[b]):
            if k not in view.meets[a]:
                out.append(
                    Violation(
                        Rule.BODY_FOLLOWS,
                        f"{view.body(b)} meets on {view.when(k)}, but meets only right after {view.body(a)}, which does not meet then",
                        (b, view.ref(k)),
                    )
                )
                continue
            together = sum(p.minutes for p in view.parts if p.period == k and p.body in (a, b))
            if together > inst.periods[k].capacity:
                out.append(
                    Violation(
                        Rule.BODY_FOLLOWS,
                        f"{view.body(a)} and then {view.body(b)} take up {together} minutes on {view.when(k)}, a meeting of "
                        f"{inst.periods[k].capacity} minutes",
                        (a, b, view.ref(k)),
                    )
                )
    return out
