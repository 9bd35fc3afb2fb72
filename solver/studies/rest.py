"""The rest of a session once some of it is held, as a session file of its own: the session's
document with each item given only the time it still needs (its time less what the meetings held
gave it; an item that got its time, or more, is finished and leaves the agenda, and so do the
references to it), and the limits less what the meetings held used. The calendar is cut to the
periods from the moment on by ``solver.studies.held``, as a what-if drops days.

The time still needed is counted part by part: an item taken up again keeps its later parts (a
part the meetings held finished is gone; when the first part is finished, the next becomes the
first, after the item it followed); items taken up together give their time in the order of the
group; a joint item counts once for all its bodies; a body counted in meetings keeps the meetings
it has not had. ``Rest.parts`` says which of the item's parts each part of the rest is.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from solver.instance import Instance

Doc = dict[str, Any]


@dataclass
class Rest:
    doc: Doc  # the session's document for the rest of the session
    finished: list[str] = field(default_factory=list)  # discussions the meetings held finished
    shortened: dict[str, tuple[int, int]] = field(default_factory=dict)  # discussion -> (its time, time left)
    parts: dict[str, list[int]] = field(default_factory=dict)  # item key -> its parts left, in order
    moved: list[tuple[list[str], str]] = field(default_factory=list)  # items now taken up right after another
    periods_gone: set[str] = field(default_factory=set)  # periods only for bodies whose work is done
    left_out: dict[str, int] = field(default_factory=dict)  # discussion -> what it keeps (its body meets no more)
    notes: list[str] = field(default_factory=list)


def _walk(items: list[Any], body: str, out: dict[str, tuple[list[Any], dict[str, Any]]]) -> None:
    for item in items:
        if isinstance(item, dict):
            out[f"{body}:{item.get('number')}"] = (items, item)
            _walk(item.get("items") or [], body, out)


def _index(doc: Doc) -> dict[str, tuple[list[Any], dict[str, Any]]]:
    """Every item of the document (headings too) by its key: the list it stands in, and itself."""
    out: dict[str, tuple[list[Any], dict[str, Any]]] = {}
    for body in doc.get("bodies", []):
        _walk(body.get("items") or [], str(body.get("id")), out)
    return out


def _owner(did: str) -> str:
    return did.split("#", 1)[0]


def rest_document(raw: Doc, inst: Instance, given: dict[str, int]) -> Rest:
    """The session's document with what the meetings held gave each discussion taken away
    (``given``: discussion -> minutes, or meetings for a body counted in meetings)."""
    rest = Rest(copy.deepcopy(raw))
    doc, index = rest.doc, _index(rest.doc)
    for n, joint in enumerate(doc.get("joint") or []):
        joint.setdefault("id", f"J{n + 1}")  # removing one must not rename the others
    left = {did: (d.meetings or d.minutes) - given.get(did, 0) for did, d in inst.discussions.items()}
    owners: dict[str, list[str]] = defaultdict(list)
    for did, d in inst.discussions.items():
        if not d.joint:
            owners[_owner(did)].append(did)
    gone: set[str] = set()  # item keys finished
    for did, d in inst.discussions.items():
        if d.joint and did in given:
            _joint_left(rest, doc, inst, did, left[did], gone)
    for dids in owners.values():
        if any(did in given for did in dids):
            _owner_left(rest, index, inst, sorted(dids, key=lambda x: inst.discussions[x].part), left, gone)
    _remove(rest, inst, gone, index)
    return rest


def _joint_left(rest: Rest, doc: Doc, inst: Instance, did: str, left: int, gone: set[str]) -> None:
    """A joint item: its time left, or gone (and its items with it, unless another joint item
    still covers them)."""
    joints = doc.get("joint") or []
    entry = next(j for j in joints if j.get("id") == did)
    if left > 0:
        rest.shortened[did] = (inst.discussions[did].minutes, left)
        entry["minutes"] = left
        return
    rest.finished.append(did)
    joints.remove(entry)
    for key in inst.discussions[did].items:
        others = [d for d in inst.items[key].discussions if d != did]
        if all(d in rest.finished for d in others):
            gone.add(key)


def _owner_left(
    rest: Rest,
    index: dict[str, tuple[list[Any], dict[str, Any]]],
    inst: Instance,
    dids: list[str],
    left: dict[str, int],
    gone: set[str],
) -> None:
    """An item (or a group taken up together) and its later parts: the parts left, their time."""
    first = inst.discussions[dids[0]]
    keys = list(first.items)
    if first.meetings is not None:  # counted in meetings: the meetings it has not had
        if left[dids[0]] <= 0:
            rest.finished.append(dids[0])
            gone.update(keys)
        else:
            rest.shortened[dids[0]] = (first.meetings, left[dids[0]])
            node = index[keys[0]][1] if keys[0] in index else _body(rest.doc, inst.items[keys[0]].body)
            node["meetings"] = left[dids[0]]
        return
    lead = index[keys[0]][1]
    specs = [copy.deepcopy(s) for s in lead.get("resumed") or []]
    kept = [(n, did, left[did]) for n, did in enumerate(dids, start=1) if left[did] > 0]
    for did in dids:
        if left[did] <= 0:
            rest.finished.append(did)
        elif left[did] < inst.discussions[did].minutes:
            rest.shortened[did] = (inst.discussions[did].minutes, left[did])
    if not kept:
        gone.update(keys)
        return
    head, *later = kept
    resumed = [{**specs[n - 2], "minutes": minutes} for n, _, minutes in later]
    total = sum(minutes for _, _, minutes in kept)
    if head[0] > 1:  # the first part is finished: the next one is the item's first part now
        _take_place(rest, lead, specs[head[0] - 2], first.bodies[0], keys)
    remaining = _give_time(index, keys, total, gone)
    for key in remaining:
        index[key][1].pop("resumed", None)
    if resumed:
        index[remaining[0]][1]["resumed"] = resumed
    for key in remaining:
        rest.parts[key] = [n for n, _, _ in kept]


def _body(doc: Doc, body: str) -> dict[str, Any]:
    return next(b for b in doc.get("bodies", []) if b.get("id") == body)


def _take_place(rest: Rest, lead: dict[str, Any], spec: dict[str, Any], body: str, keys: list[str]) -> None:
    """The item's first part is finished: it is taken up where its next part was to be (right
    after an item of its body, in the body's order; after another body's item, waiting for it)."""
    anchor = str(spec["after"])
    if ":" in anchor and anchor.split(":", 1)[0] != body:
        lead["after"] = [*(lead.get("after") or []), anchor]
    else:
        rest.moved.append((keys, anchor.split(":", 1)[-1]))
    for key in ("pin", "earliest", "latest"):
        lead.pop(key, None)
        if spec.get(key):
            lead[key] = spec[key]
    if spec.get("on"):
        lead["earliest"], lead["latest"] = spec["on"], spec["on"]


def _give_time(index: dict[str, tuple[list[Any], dict[str, Any]]], keys: list[str], total: int, gone: set[str]) -> list[str]:
    """Set the items' time to ``total``: a single item takes it all; a group gives up time in its
    order (an item with none left is finished). The items left, in order."""
    if len(keys) == 1:
        node = index[keys[0]][1]
        node.pop("speakers", None)
        node["minutes"] = total
        return keys
    own = [_minutes(index[k][1]) for k in keys]
    excess = sum(own) - total
    remaining = []
    for key, minutes in zip(keys, own, strict=True):
        take = min(minutes, max(0, excess))
        excess -= take
        node = index[key][1]
        if minutes - take <= 0:
            gone.add(key)
            continue
        node.pop("speakers", None)
        node["minutes"] = minutes - take
        remaining.append(key)
    return remaining


def _minutes(node: dict[str, Any]) -> int:
    if node.get("minutes") is not None:
        return int(node["minutes"])
    return sum(int(s.get("count", 0)) * int(s.get("minutes", 0)) for s in node.get("speakers") or [])


def _remove(rest: Rest, inst: Instance, gone: set[str], index: dict[str, tuple[list[Any], dict[str, Any]]]) -> None:
    """Take the finished items out of the agenda, and every reference to them; a body with
    nothing left leaves the session, and every reference to it."""
    doc = rest.doc
    bodies_gone = {inst.items[key].body for key in gone if key not in index}  # a body counted in meetings
    for key in gone:
        if key in index and index[key][1] in index[key][0]:
            index[key][0].remove(index[key][1])
    for body in doc.get("bodies", []):
        _prune_headings(body.get("items"))
        if "items" in body and not body["items"]:
            bodies_gone.add(body.get("id"))
    removed = _with_headings(gone, index)
    doc["bodies"] = [b for b in doc.get("bodies", []) if b.get("id") not in bodies_gone]
    for body in doc["bodies"]:
        bid = str(body.get("id"))
        for key, (_, node) in _index({"bodies": [body]}).items():
            if node.get("after"):
                node["after"] = [r for r in node["after"] if not _gone_ref(bid, str(r), removed, bodies_gone)]
                if not node["after"]:
                    del node["after"]
            if node.get("suspends"):
                node["suspends"] = [b for b in node["suspends"] if b not in bodies_gone]
            _reanchor(rest, inst, key, node, removed, bodies_gone)
        for key in ("together", "sequence"):
            if isinstance(body.get(key), list):
                body[key] = _without(body[key], bid, removed)
        if body.get("after"):
            body["after"] = [b for b in body["after"] if b not in bodies_gone]
        if body.get("follows") in bodies_gone:
            del body["follows"]
    for joint in doc.get("joint") or []:
        joint["items"] = [r for r in joint["items"] if not _gone_ref("", str(r), removed, bodies_gone)]
    doc["joint"] = [j for j in doc.get("joint") or [] if len(j["items"]) > 1]
    rest.periods_gone = forget_bodies(doc, bodies_gone)
    _move(rest, inst, removed)


def _move(rest: Rest, inst: Instance, removed: set[str]) -> None:
    """Items whose first part the meetings held finished, taken up where their next part was to
    be: right after the item it followed (or the nearest before it still left) in the body's
    order, said as the body's sequence."""
    for keys, anchor in rest.moved:
        body_id = keys[0].split(":", 1)[0]
        body = next((b for b in rest.doc.get("bodies", []) if b.get("id") == body_id), None)
        if body is None:
            continue
        numbers = [inst.items[k].number for k in keys if k not in removed]
        sequence = [str(n) for n in body.get("sequence") or [n for k, n in _leaf_numbers(body)]]
        sequence = [n for n in sequence if n not in numbers]
        if f"{body_id}:{anchor}" in removed:
            anchor = _before(body_id, anchor, inst, removed) or ""
        at = sequence.index(anchor) + 1 if anchor in sequence else 0
        body["sequence"] = sequence[:at] + numbers + sequence[at:]


def _leaf_numbers(body: dict[str, Any]) -> list[tuple[str, str]]:
    """The body's leaf items in agenda order, by key and number."""
    out = []
    for key, (_, node) in _index({"bodies": [body]}).items():
        if not node.get("items"):
            out.append((key, str(node.get("number"))))
    return out


def _reanchor(rest: Rest, inst: Instance, key: str, node: dict[str, Any], removed: set[str], bodies_gone: set[str]) -> None:
    """A later part taken up after an item that is finished: after the nearest item before that
    one the rest still has; with none, the part joins the part before it (no item stands between)."""
    specs = node.get("resumed") or []
    body = inst.items[key].body if key in inst.items else key.split(":", 1)[0]
    kept = []
    numbers = list(rest.parts.get(key) or range(1, len(specs) + 2))  # the item's parts these specs are (after the first)
    for n, spec in enumerate(specs):
        anchor = str(spec.get("after"))
        if _gone_ref(body, anchor, removed, bodies_gone):
            earlier = _before(body, anchor, inst, removed)
            if earlier is None or f"{body}:{earlier}" == key:
                if kept:
                    kept[-1]["minutes"] += spec["minutes"]  # joins the later part before it
                rest.parts[key] = [x for x in rest.parts.get(key, numbers) if x != numbers[n + 1]]
                continue
            spec["after"] = earlier
        kept.append(spec)
    if specs and kept != specs:
        if kept:
            node["resumed"] = kept
        else:
            node.pop("resumed", None)


def _prune_headings(items: Any) -> None:
    if not isinstance(items, list):
        return
    for item in list(items):
        if isinstance(item, dict) and "items" in item:
            _prune_headings(item["items"])
            if not item["items"]:
                items.remove(item)


def _with_headings(gone: set[str], index: dict[str, tuple[list[Any], dict[str, Any]]]) -> set[str]:
    """The keys gone, and the headings all of whose sub-items are gone."""
    out = set(gone)
    for key, (_, node) in index.items():
        if node.get("items") is not None and not node["items"]:
            out.add(key)
    return out


def _gone_ref(body: str, ref: str, removed: set[str], bodies_gone: set[str]) -> bool:
    if ":" in ref:
        return ref in removed or ref.split(":", 1)[0] in bodies_gone
    return ref in bodies_gone or f"{body}:{ref}" in removed


def _before(body: str, anchor: str, inst: Instance, removed: set[str]) -> str | None:
    """The nearest item before ``anchor`` in the body's agenda that the rest still has."""
    keys = [k for k, item in inst.items.items() if item.body == body]
    target = anchor if ":" in anchor else f"{body}:{anchor}"
    if target not in keys:
        return None
    earlier = [k for k in keys[: keys.index(target)] if k not in removed]
    return inst.items[earlier[-1]].number if earlier else None


def _without(values: list[Any], body: str, removed: set[str]) -> list[Any]:
    """A body's sequence or together groups without the items gone (a group of one is no group)."""
    out = []
    for value in values:
        if isinstance(value, list):
            group = [v for v in value if f"{body}:{v}" not in removed]
            if len(group) > 1:
                out.append(group)
        elif f"{body}:{value}" not in removed:
            out.append(value)
    return out


def forget_bodies(doc: Doc, gone: set[str]) -> set[str]:
    """Every reference to a body that has left the session; the periods only for such bodies
    leave too (their ids are returned)."""
    dropped: set[str] = set()
    if not gone:
        return dropped
    for body in doc.get("bodies", []):
        if body.get("after"):
            body["after"] = [b for b in body["after"] if b not in gone]
        if body.get("follows") in gone:
            del body["follows"]
        for _, node in _index({"bodies": [body]}).values():
            if node.get("after"):
                node["after"] = [r for r in node["after"] if str(r).split(":", 1)[0] not in gone]
            if node.get("suspends"):
                node["suspends"] = [b for b in node["suspends"] if b not in gone]
    resources = doc.get("resources") or {}
    for shared in resources.get("shared") or []:
        shared["bodies"] = [b for b in shared.get("bodies", []) if b not in gone]
    if resources.get("shared"):
        resources["shared"] = [s for s in resources["shared"] if s["bodies"]]
    periods = (doc.get("calendar") or {}).get("periods")
    if isinstance(periods, dict):
        for pid, spec in list(periods.items()):
            if isinstance(spec, dict) and isinstance(spec.get("bodies"), list):
                spec["bodies"] = [b for b in spec["bodies"] if b not in gone]
                if not spec["bodies"]:
                    del periods[pid]  # a period only for bodies that have left
                    dropped.add(str(pid))
    annex = doc.get("annex")
    if isinstance(annex, dict) and isinstance(annex.get("not_continued"), list):
        annex["not_continued"] = [b for b in annex["not_continued"] if b not in gone]
    return dropped
