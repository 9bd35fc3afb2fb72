"""Seeded generator of large, realistic sessions, following the seeds' conventions.

Two families, each at any size (1x, 2x, 4x ...: more days and proportionally more items):

* ``conference`` — a two-week conference (at 1x): a plenary with opening sub-items, a general
  debate with a speakers' list and the adoption of the report; a committee of the whole;
  three working groups with joint items between them; informal consultations without
  interpretation. Standard periods (10-13, 15-18), three interpretation teams, five rooms.
  About 190 items at 1x.
* ``long-session`` — a four-week session (at 1x) with three meetings a day (10-13, 15-18,
  19-21): a plenary with a 150-speaker general debate, two main committees, a working group
  and informal consultations. About 320 item parts at 1x.

The load is set at about three quarters of what the interpretation teams can hold, so every
generated session has a plan; the same seed always gives the same session.

    python bench/generate.py conference --scale 2 --seed 1 -o conference-2x.yaml
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
from pathlib import Path
from typing import Any

import yaml

WEEKDAYS = 5


def _days(start: str, weeks: int) -> list[str]:
    day = datetime.date.fromisoformat(start)
    out = []
    while len(out) < weeks * WEEKDAYS:
        if day.weekday() < 5:
            out.append(day.isoformat())
        day += datetime.timedelta(days=1)
    return out


def _text(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


def _items(rng: random.Random, count: int, minutes: list[int], prefix: str, start: int = 1) -> list[dict[str, Any]]:
    """Agenda items numbered from ``start``; now and then one with sub-items (a), (b)."""
    out = []
    number = start
    while len(out) < count:
        if rng.random() < 0.12 and count - len(out) >= 2:
            subs = [
                {
                    "number": f"{number}({letter})",
                    "title": _text(f"{prefix} topic {number}({letter})", f"{prefix}议题{number}({letter})"),
                    "minutes": rng.choice(minutes),
                }
                for letter in "ab"
            ]
            out.append(
                {"number": str(number), "title": _text(f"{prefix} thematic discussion:", f"{prefix}专题讨论："), "items": subs}
            )
        else:
            out.append(
                {
                    "number": str(number),
                    "title": _text(f"{prefix} topic {number}", f"{prefix}议题{number}"),
                    "minutes": rng.choice(minutes),
                }
            )
        number += 1
    return out


def _opening(prefix: str) -> dict[str, Any]:
    return {
        "number": "1",
        "title": _text("Organizational matters", "组织事项"),
        "items": [
            {"number": "1(a)", "title": _text("Opening of the session", "会议开幕"), "minutes": 15, "pin": "first"},
            {
                "number": "1(b)",
                "title": _text("Adoption of the agenda and organization of work", "通过议程和工作安排"),
                "minutes": 15,
            },
        ],
    }


def _agenda(rng: random.Random, count: int, minutes: list[int], prefix: str, code: str) -> list[dict[str, Any]]:
    """Organizational matters, ``count`` substantive items, and the adoption of the report."""
    items = [_opening(code), *_items(rng, count, minutes, prefix, start=2)]
    items.append(_report(len(items) + 1))
    return items


def _report(number: int) -> dict[str, Any]:
    return {"number": str(number), "title": _text("Adoption of the report", "通过报告"), "minutes": 60, "pin": "last"}


def conference(scale: int = 1, seed: int = 0) -> dict[str, Any]:
    """A two-week conference times ``scale`` (see the module's doc)."""
    rng = random.Random(seed * 1000 + scale)
    days = _days("2030-03-04", 2 * scale)
    n = len(days)
    bodies: list[dict[str, Any]] = []
    plenary_items = [_opening("P")]
    plenary_items[0]["items"].append(
        {
            "number": "1(c)",
            "title": _text("General debate", "一般性辩论"),
            "speakers": [{"count": 60 * scale, "minutes": 5}, {"count": 5, "minutes": 8}],
            "latest": days[min(n - 1, 2 * scale)],
        }
    )
    plenary_items += _items(rng, 14 * scale, [60, 90, 120, 180], "Plenary", start=2)
    plenary_items.append(_report(len(plenary_items) + 1))
    bodies.append({"id": "plenary", "name": _text("Plenary", "全体会议"), "track": "hall", "items": plenary_items})
    cow_items = _agenda(rng, 30 * scale, [15, 30, 45, 60, 90], "Committee", "C")
    bodies.append(
        {
            "id": "cow",
            "name": _text("Committee of the Whole", "全体委员会"),
            "track": "room-a",
            "window": {"first": days[1]},
            "items": cow_items,
        }
    )
    for w in (1, 2, 3):
        items = _agenda(rng, 32 * scale, [15, 20, 30, 45, 60], f"Working group {w}", f"W{w}")
        bodies.append(
            {
                "id": f"wg{w}",
                "name": _text(f"Working Group {w}", f"第{w}工作组"),
                "track": f"room-{'bcd'[w - 1]}",
                "window": {"first": days[min(n - 1, w)]},
                "items": items,
            }
        )
    bodies.append(
        {
            "id": "informal",
            "name": _text("Informal consultations", "非正式磋商"),
            "track": "room-e",
            "interpreted": False,
            "meetings": 8 * scale,
            "window": {"first": days[2], "last": days[-2]},
            "priority": 2,
        }
    )
    pairs = [("wg1", "wg2"), ("wg2", "wg3"), ("wg1", "wg3"), ("cow", "wg3")] * scale
    joint = _joint_items(rng, bodies, pairs, [90, 120, 180])
    return _session(
        "conference",
        scale,
        seed,
        days,
        bodies,
        joint,
        {"teams": 3, "rooms": 5},
        _rooms("abcde"),
    )


def long_session(scale: int = 1, seed: int = 0) -> dict[str, Any]:
    """A four-week session with three meetings a day, times ``scale`` (see the module's doc)."""
    rng = random.Random(seed * 1000 + 500 + scale)
    days = _days("2031-01-06", 4 * scale)
    plenary_items = [_opening("P")]
    plenary_items[0]["items"].append(
        {
            "number": "1(c)",
            "title": _text("General debate", "一般性辩论"),
            "speakers": [{"count": 150 * scale, "minutes": 5}, {"count": 10, "minutes": 8}],
            "latest": days[min(len(days) - 1, 4 * scale)],
        }
    )
    plenary_items += _items(rng, 30 * scale, [60, 90, 120, 180], "Plenary", start=2)
    plenary_items.append(_report(len(plenary_items) + 1))
    bodies = [{"id": "plenary", "name": _text("Plenary", "全体会议"), "track": "hall", "items": plenary_items}]
    for c in (1, 2):
        items = _agenda(rng, 95 * scale, [30, 45, 60, 90, 120], f"Main Committee {c}", f"C{c}")
        bodies.append(
            {
                "id": f"c{c}",
                "name": _text(f"Main Committee {c}", f"第{c}主要委员会"),
                "track": f"room-{c}",
                "window": {"first": days[1]},
                "items": items,
            }
        )
    wg_items = _agenda(rng, 60 * scale, [30, 60, 90], "Working group", "WG")
    bodies.append(
        {"id": "wg", "name": _text("Working Group", "工作组"), "track": "room-3", "window": {"first": days[2]}, "items": wg_items}
    )
    bodies.append(
        {
            "id": "informal",
            "name": _text("Informal consultations", "非正式磋商"),
            "track": "room-4",
            "interpreted": False,
            "meetings": 20 * scale,
            "window": {"first": days[3], "last": days[-2]},
            "priority": 2,
        }
    )
    joint = _joint_items(rng, bodies, [("c1", "c2")] * (2 * scale), [120, 180])
    doc = _session(
        "long-session",
        scale,
        seed,
        days,
        bodies,
        joint,
        {"teams": 3, "rooms": 5},
        _rooms("1234"),
    )
    doc["calendar"]["periods"] = {
        "am": {"start": "10:00", "end": "13:00"},
        "pm": {"start": "15:00", "end": "18:00"},
        "ev": {"start": "19:00", "end": "21:00"},
    }
    return doc


def _joint_items(
    rng: random.Random, bodies: list[dict[str, Any]], pairs: list[tuple[str, str]], minutes: list[int]
) -> list[dict[str, Any]]:
    """Joint items between pairs of bodies. Each takes, in both bodies, the item found at the same
    fraction of their agendas, the fractions increasing: every body meets the joint items in one
    order, so the orders never contradict each other."""
    by_id = {b["id"]: b for b in bodies}
    taken: set[str] = set()
    joint = []
    fractions = sorted(rng.uniform(0.25, 0.8) for _ in pairs)
    for (a, b), fraction in zip(pairs, fractions, strict=True):
        refs = []
        for body_id in (a, b):
            items = by_id[body_id]["items"]
            start = int(fraction * (len(items) - 2)) + 1
            pick = next(
                (
                    i
                    for i in items[start:-1] + items[1:start]
                    if "minutes" in i and "pin" not in i and f"{body_id}:{i['number']}" not in taken
                ),
                None,
            )
            refs.append((body_id, pick))
        if any(p is None for _, p in refs):
            continue
        for body_id, item in refs:
            item.pop("minutes")
            taken.add(f"{body_id}:{item['number']}")
        joint.append({"items": [f"{b}:{i['number']}" for b, i in refs], "minutes": rng.choice(minutes)})
    return joint


def _rooms(names: str) -> list[tuple[str, str, str]]:
    """The plenary hall and conference rooms named by the given letters or digits."""
    return [("hall", "Plenary hall", "全体会议厅")] + [
        (f"room-{n}", f"Conference room {n.upper()}", f"{n.upper()}会议室") for n in names
    ]


def _session(
    kind: str,
    scale: int,
    seed: int,
    days: list[str],
    bodies: list[dict[str, Any]],
    joint: list[dict[str, Any]],
    resources: dict[str, Any],
    tracks: list[tuple[str, str, str]],
) -> dict[str, Any]:
    return {
        "session": {
            "id": f"{kind}-{scale}x-s{seed}",
            "title": _text(f"Generated {kind} ({scale}x, seed {seed})", f"生成的会议（{scale}倍）"),
            "languages": ["en", "zh"],
        },
        "calendar": {"days": days},
        "tracks": [{"id": t, "name": _text(en, zh)} for t, en, zh in tracks],
        "bodies": bodies,
        "joint": [dict(j, id=f"J{i + 1}") for i, j in enumerate(joint)],
        "resources": resources,
    }


FAMILIES = {"conference": conference, "long-session": long_session}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a large, realistic session (YAML).")
    parser.add_argument("family", choices=sorted(FAMILIES))
    parser.add_argument("--scale", type=int, default=1, help="1, 2, 4 ...: that many times the days and items")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    text = yaml.safe_dump(FAMILIES[args.family](args.scale, args.seed), allow_unicode=True, sort_keys=False, width=200)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
