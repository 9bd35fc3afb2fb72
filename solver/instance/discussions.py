"""What the solver places: one discussion per joint item, per group of items taken up together,
and per remaining item. An item covered by several joint discussions takes the sum of their times.
"""

from __future__ import annotations

from dataclasses import replace

from solver.errors import InputError
from solver.instance import fileformat
from solver.instance.agenda import Agenda
from solver.instance.texts import TextReader
from solver.instance.types import Discussion, Item, evolve


def _discussion(did: str, items: tuple[str, ...], minutes: int, place: str, **rest: object) -> Discussion:
    """A discussion whose bodies and window are filled in later steps."""
    fields = {"meetings": None, "split": True, "joint": False, "note": None, **rest}
    return Discussion(id=did, items=items, bodies=(), minutes=minutes, first=0, last=0, place=place, **fields)  # type: ignore[arg-type]


def _joint_items(
    doc: fileformat.InstanceFile, agenda: Agenda, texts: TextReader
) -> tuple[dict[str, Discussion], dict[str, list[str]]]:
    """The joint discussions as declared, and for each item the joint discussions covering it."""
    discussions: dict[str, Discussion] = {}
    covered: dict[str, list[str]] = {}
    for j, joint in enumerate(doc.joint):
        where = f"joint[{j}]"
        jid = joint.id or f"J{j + 1}"
        if jid in discussions:
            raise InputError(f"the joint id '{jid}' is used twice", place=f"{where}.id")
        keys: list[str] = []
        for k, ref in enumerate(joint.items):
            for key in agenda.item_ref(ref, f"{where}.items[{k}]"):
                if key in keys:
                    raise InputError(f"item '{key}' is listed twice", place=f"{where}.items[{k}]")
                if agenda.items[key].meetings is not None:
                    raise InputError(
                        f"item '{key}' is counted in whole meetings and cannot be part of a joint discussion",
                        place=f"{where}.items[{k}]",
                    )
                keys.append(key)
        if len({agenda.items[k].body for k in keys}) < 2:
            raise InputError(
                "a joint item needs items of at least two bodies; use 'together' for items of one body",
                place=f"{where}.items",
            )
        for key in keys:
            covered.setdefault(key, []).append(jid)
        note = texts.optional(joint.note, f"{where}.note")
        discussions[jid] = _discussion(jid, tuple(keys), joint.minutes or 0, where, joint=True, note=note)
    return discussions, covered


def _joint_minutes(
    doc: fileformat.InstanceFile, agenda: Agenda, joints: dict[str, Discussion], covered: dict[str, list[str]]
) -> None:
    """A joint discussion without minutes of its own takes the time of the items only it covers."""
    for j, joint in enumerate(doc.joint):
        jid = joint.id or f"J{j + 1}"
        if joint.minutes is not None:
            continue
        disc = joints[jid]
        sole = {k: agenda.items[k].minutes for k in disc.items if covered[k] == [jid] and agenda.items[k].minutes}
        if not sole:
            raise InputError("cannot tell how long this joint discussion is; give joint minutes", place=f"joint[{j}].minutes")
        if len(set(sole.values())) > 1:
            shown = ", ".join(f"{k} ({m} minutes)" for k, m in sole.items())
            raise InputError(
                f"{shown} are one discussion but have different times; give joint minutes", place=f"joint[{j}].minutes"
            )
        joints[jid] = replace(disc, minutes=next(iter(sole.values())))


def _together(
    doc: fileformat.InstanceFile, agenda: Agenda, items: dict[str, Item], covered: dict[str, list[str]]
) -> dict[str, Discussion]:
    """One discussion per group of a body's items taken up together ("5 and 6")."""
    out: dict[str, Discussion] = {}
    for b, body in enumerate(doc.bodies):
        grouped: set[str] = set()
        for g, group in enumerate(body.together):
            where = f"bodies[{b}].together[{g}]"
            keys: list[str] = []
            for k, number in enumerate(group):
                for key in agenda.item_ref(number, f"{where}[{k}]", default_body=body.id):
                    if items[key].body != body.id:
                        raise InputError(f"'{number}' is not an item of body '{body.id}'", place=f"{where}[{k}]")
                    if key in grouped or key in keys:
                        raise InputError(f"item '{key}' is in more than one together group", place=f"{where}[{k}]")
                    if key in covered:
                        raise InputError(
                            f"item '{key}' is part of a joint item; list the items taken together in that joint entry",
                            place=f"{where}[{k}]",
                        )
                    if items[key].minutes is None:
                        raise InputError(
                            f"item '{key}' is counted in whole meetings and cannot be taken up together", place=f"{where}[{k}]"
                        )
                    keys.append(key)
            grouped.update(keys)
            did = f"{body.id}:" + "+".join(items[k].number for k in keys)
            minutes = sum(items[k].minutes or 0 for k in keys)
            out[did] = _discussion(did, tuple(keys), minutes, where, split=all(items[k].split for k in keys))
    return out


def _resumed_group(disc: Discussion, items: dict[str, Item]) -> tuple[Discussion, list[Discussion]]:
    """Items taken up together and then again ("II and III (continued)"): the group's first
    discussion, and its later parts, said on the group's first item; the first part keeps the rest."""
    lead = items[disc.items[0]]
    for key in disc.items[1:]:
        if items[key].resumed:
            raise InputError(
                f"items taken up together are taken up again together: give the parts on the group's first item, {lead.number}",
                place=f"{items[key].place}.resumed",
            )
    if not lead.resumed:
        return disc, []
    first = disc.minutes - sum(p.minutes for p in lead.resumed)
    if first < 1:
        raise InputError(
            f"the parts taken up again take {sum(p.minutes for p in lead.resumed)} minutes of the group's {disc.minutes}; "
            "leave its first part some time",
            place=f"{lead.place}.resumed",
        )
    parts = [
        _discussion(f"{disc.id}#{n}", disc.items, part.minutes, part.place, split=disc.split, part=n)
        for n, part in enumerate(lead.resumed, start=2)
    ]
    return replace(disc, minutes=first), parts


def resolve_discussions(
    doc: fileformat.InstanceFile, agenda: Agenda, texts: TextReader, body_rank: dict[str, int]
) -> tuple[dict[str, Discussion], dict[str, Item]]:
    """Every discussion (joint ones, then together groups, then single items), and the items
    with their time and the discussions that cover them."""
    joints, covered = _joint_items(doc, agenda, texts)
    _joint_minutes(doc, agenda, joints, covered)
    items = dict(agenda.items)
    of: dict[str, list[str]] = {key: [] for key in items}
    for key, jids in covered.items():
        item = items[key]
        total = sum(joints[j].minutes for j in jids)
        if item.minutes is not None and item.minutes != total:
            raise InputError(
                f"item '{key}' takes {item.minutes} minutes but its joint discussions ({', '.join(jids)}) take {total}; make them agree",
                place=f"{item.place}.minutes",
            )
        items[key] = replace(item, minutes=total)
        of[key].extend(jids)
    together = _together(doc, agenda, items, covered)
    discussions = {**joints}
    for did, disc in together.items():
        group, parts = _resumed_group(disc, items)
        discussions[did] = group
        for key in disc.items:
            of[key].append(did)
            items[key] = replace(items[key], resumed=items[disc.items[0]].resumed, parts_of=did)
        for part in parts:
            discussions[part.id] = part
            for key in disc.items:
                of[key].append(part.id)
    for key, item in items.items():
        if of[key]:
            if item.resumed and key in covered:
                raise InputError(
                    "an item discussed jointly cannot be taken up again in parts; give the joint item's parts as joint items",
                    place=f"{item.place}.resumed",
                )
            continue
        if item.minutes is None and item.meetings is None:
            raise InputError("the item has no time; give minutes, a speakers' list or meetings", place=f"{item.place}.minutes")
        first = (item.minutes or 0) - sum(p.minutes for p in item.resumed)
        discussions[key] = _discussion(key, (key,), first, item.place, meetings=item.meetings, split=item.split)
        of[key].append(key)
        for n, part in enumerate(item.resumed, start=2):
            did = item.part_id(n)
            discussions[did] = _discussion(did, (key,), part.minutes, part.place, split=item.split, part=n)
            of[key].append(did)
    items = {key: evolve(item, discussions=tuple(of[key])) for key, item in items.items()}
    discussions = {
        did: evolve(d, bodies=tuple(sorted({items[k].body for k in d.items}, key=body_rank.__getitem__)))
        for did, d in discussions.items()
    }
    return discussions, items
