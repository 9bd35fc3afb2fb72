"""The day's programme of meetings, as the UN Journal prints it: each meeting of the day in the
order they begin, with its time, its room, the body (the bodies, for a joint meeting) and the
body's meeting number, then the items it takes up with their titles; in one of the session's
languages, right to left for Arabic. Laid out as Markdown and HTML here, as Word, a workbook and
a calendar by ``programme_files``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from solver.annex.documents import _md_text
from solver.annex.grid import entry_text, track_order
from solver.annex.labels import parse_date
from solver.errors import InputError
from solver.files.atomic import write_text_atomic
from solver.instance import MEETINGS_ITEM, Instance
from solver.schedule import Meeting, Schedule
from solver.words import Words, words


@dataclass(frozen=True)
class Block:
    """One body's part of a meeting: its name, its meeting number, the items it takes up."""

    body: str  # the body's id
    name: str
    number: str  # "3rd meeting", "3e séance", "第3次会议"
    items: tuple[tuple[str, str], ...]  # (item label, title): ("Item 5", "Asset recovery (continued)")


@dataclass(frozen=True)
class Sitting:
    """One meeting of the day (a joint meeting is one, with a block per body)."""

    period: str  # its period reference
    start: int
    time: str  # as the annex prints it: "10 a.m.–1 p.m.", "3–6 p.m. or later if required"
    room: str  # the room's name where the session has several rooms; else ""
    blocks: tuple[Block, ...]
    after: str  # "(immediately after Plenary)" for a meeting right after another body's; else ""

    @property
    def joint(self) -> bool:
        return len(self.blocks) > 1


@dataclass(frozen=True)
class Programme:
    lang: str
    rtl: bool
    heading: str  # "Programme of meetings"
    session: str  # the session's title
    symbol: str
    day: str  # the date as the annex prints it: "Tuesday, 17 December 2019"
    date: str  # ISO
    sittings: tuple[Sitting, ...]
    none: str  # what the programme says on a day without meetings
    joint_word: str  # "(joint meeting)"
    after_item: str = ": "  # between an item's number and its title: "Item 5: Asset recovery", "Point 5 : ..."

    def item(self, label: str, title: str) -> str:
        """An item as the programme prints it: 'Item 5: Asset recovery' (a segment by its title)."""
        return f"{label}{self.after_item}{title}" if label else title


def session_day(inst: Instance, day: str, place: str = "--day") -> str:
    """The session's day a planner names: '2019-12-17', or as the annex prints it ('Tuesday, 17
    December 2019'); one clear line when the session has no such day."""
    from solver.annex.labels import fold
    from solver.words import available_languages

    labels = {}
    for lang in (x for x in inst.languages if x in available_languages()):
        w = words(lang)
        labels.update({fold(w.date(d, year=year)): d for d in inst.days for year in (True, False)})
    found = day if day in inst.days else parse_date(day, list(inst.days), labels)
    if found is None:
        from solver.naming import day_words

        shown = (
            ", ".join(day_words(d) for d in inst.days)
            if len(inst.days) <= 8
            else f"{day_words(inst.days[0])} to {day_words(inst.days[-1])}"
        )
        raise InputError(
            f"'{day}' is not a day of this session (its days: {shown}; write one as {inst.days[0]} or as the annex prints it)",
            place=place,
        )
    return found


def meeting_number(w: Words, n: int) -> str:
    """The body's n-th meeting as the Journal says it: '3rd meeting', '1re séance', '第3次会议'."""
    words_of = w.data["programme"]
    if n == 1 and "first" in words_of:
        return words_of["first"]
    suffix = ""
    if words_of.get("english_ordinals"):
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return words_of["meeting"].format(n=n, suffix=suffix)


def _numbers(schedule: Schedule, inst: Instance) -> dict[tuple[str, str], int]:
    """Each (period, body) meeting's number among the body's meetings of the session."""
    order = {p.ref: p.index for p in inst.periods}
    seen: dict[str, int] = {}
    out = {}
    for m in sorted(schedule.meetings, key=lambda m: (order.get(m.period, -1), m.body)):
        seen[m.body] = seen.get(m.body, 0) + 1
        out[(m.period, m.body)] = seen[m.body]
    return out


def _together(meetings: list[Meeting]) -> list[list[Meeting]]:
    """The meetings of one period grouped: bodies that take up a joint item there meet as one."""
    groups: list[list[Meeting]] = []
    for m in meetings:
        joints = {e.joint for e in m.entries if e.joint}
        home = next((g for g in groups if joints & {e.joint for x in g for e in x.entries if e.joint}), None)
        if home is None:
            groups.append([m])
        else:
            home.append(m)
    return groups


def build_programme(inst: Instance, schedule: Schedule, day: str, lang: str) -> Programme:
    """The programme of ``day`` (a date of the session) in ``lang``."""
    w = words(lang)
    words_of = w.data["programme"]
    periods = {p.ref: p for p in inst.periods if p.date == day}
    numbers = _numbers(schedule, inst)
    several_rooms = len(track_order(inst)) > 1
    sittings = []
    for ref, period in sorted(periods.items(), key=lambda pair: (pair[1].start, pair[1].index)):
        here = [m for m in schedule.meetings if m.period == ref and m.body in inst.bodies]
        here.sort(key=lambda m: list(inst.bodies).index(m.body))
        for group in _together(here):
            first = inst.bodies[group[0].body]
            room = inst.tracks[first.track].name.get(lang, "") if several_rooms else ""
            if room in (first.name.get(lang), first.short_name.get(lang)):
                room = ""  # a body's own column: its name is no room's
            followed = first.follows
            after = ""
            if followed is not None and any(m.body == followed for m in here):
                name = inst.bodies[followed].short_name.get(lang) or inst.bodies[followed].name.get(lang, followed)
                after = w.data.get("follows", " ({body})").format(body=name).strip()
            blocks = tuple(
                Block(
                    m.body,
                    inst.bodies[m.body].name.get(lang, m.body),
                    meeting_number(w, numbers[(ref, m.body)]),
                    tuple(_item_line(inst, lang, words_of, m.body, e) for e in m.entries if e.numbers != (MEETINGS_ITEM,)),
                )
                for m in group
            )
            time = w.period_label(period.start, period.end, period.later, period.format if _mixed(inst) else None)
            sittings.append(Sitting(ref, period.start, time, room, blocks, after))
    return Programme(
        lang,
        w.right_to_left,
        words_of["title"],
        inst.session.title.get(lang, inst.session.id),
        inst.session.symbol,
        w.date(day),
        day,
        tuple(sittings),
        words_of["none"],
        words_of["joint"],
        words_of.get("after_item", ": "),
    )


def _mixed(inst: Instance) -> bool:
    """The session holds meetings in more than one format: each meeting says how it is held."""
    return len({p.format for p in inst.periods}) > 1


def _item_line(inst: Instance, lang: str, words_of: dict, body: str, entry: object) -> tuple[str, str]:
    number, title = entry_text(inst, lang, body, entry)  # type: ignore[arg-type]
    return (words_of["item"].format(n=number) if number else ""), title


# --- as text --------------------------------------------------------------------------------


def sitting_lines(p: Programme, s: Sitting) -> tuple[str, str]:
    """A meeting's two lines of heading: who meets ('Plenary', 'A / B (joint meeting)') and when
    and where ('3rd meeting · 10 a.m.–1 p.m. · Boardroom'; a joint meeting's numbers are its
    bodies', each over its own items: ``block_line``)."""
    who = " / ".join(b.name for b in s.blocks) + (f" {p.joint_word}" if s.joint else "")
    when = " · ".join(x for x in (None if s.joint else s.blocks[0].number, s.time, s.room, s.after) if x)
    return who, when


def block_line(s: Sitting, b: Block) -> str:
    """Above a body's items in a joint meeting: 'Working Group on Asset Recovery, 3rd meeting'."""
    return f"{b.name}, {b.number}" if s.joint else ""


def write_programme_markdown(path: str, p: Programme) -> None:
    lines = [f"**{_md_text(p.heading)}**", "", f"### {_md_text(p.day)}", "", _md_text(p.session)]
    if p.symbol:
        lines[-1] += f" ({_md_text(p.symbol)})"
    if not p.sittings:
        lines += ["", _md_text(p.none)]
    for s in p.sittings:
        who, when = sitting_lines(p, s)
        lines += ["", f"#### {_md_text(who)}", "", _md_text(when), ""]
        for b in s.blocks:
            if block_line(s, b):
                lines += [f"*{_md_text(block_line(s, b))}*", ""]
            lines += [f"- {_md_text(p.item(label, title))}" for label, title in b.items]
            lines += [""] if s.joint else []
    write_text_atomic(path, "\n".join(lines) + "\n")


def write_programme_html(path: str, p: Programme) -> None:
    w = words(p.lang)
    e = html.escape
    direction = ' dir="rtl"' if p.rtl else ""
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(w.tag)}"{direction}><head><meta charset="utf-8"><title>{e(p.heading)} – {e(p.day)}</title>',
        f"<style>body{{font-family:'{e(w.font)}',serif;max-width:48em}}h4{{margin:1.2em 0 0}}"
        ".when{margin:0;color:#333}.body{margin:.4em 0 0}ul{margin:.3em 0;padding-inline-start:1.5em}</style></head><body>",
        f"<p><b>{e(p.heading)}</b></p><h2>{e(p.day)}</h2><p>{e(p.session)}" + (f" ({e(p.symbol)})" if p.symbol else "") + "</p>",
    ]
    if not p.sittings:
        out.append(f"<p>{e(p.none)}</p>")
    for s in p.sittings:
        who, when = sitting_lines(p, s)
        out += [f"<h4>{e(who)}</h4>", f'<p class="when">{e(when)}</p>']
        for b in s.blocks:
            if block_line(s, b):
                out.append(f'<p class="body"><i>{e(block_line(s, b))}</i></p>')
            items = [f"<li>{e(p.item(label, title))}</li>" for label, title in b.items]
            if items:
                out.append("<ul>" + "".join(items) + "</ul>")
    out.append("</body></html>")
    write_text_atomic(path, "\n".join(out) + "\n")
