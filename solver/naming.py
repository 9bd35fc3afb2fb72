"""The planner's names for the things of a session: bodies by their names, meetings as "Tuesday
19 May, afternoon", items as "item 5(a), Strategic management". Every text a planner reads (the
checker's verdict, explanations, what-if changes, the terminal, the page) names things with
these; files meant for programs (JSON) keep the ids and period references.

The sentences around them are English. The names are said in the language the planner reads the
annex in (the page's language, or ``--lang``; see ``reading``): days, meetings and times as that
language's annex prints them, bodies and items by that language's titles; otherwise in English
where the session has English titles (else in its first language).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from solver.instance import MEETINGS_ITEM, Instance, Period

if TYPE_CHECKING:
    from solver.words import Words

_READER: ContextVar[str | None] = ContextVar("orgwork_reader", default=None)


@contextmanager
def reading(lang: str | None) -> Iterator[None]:
    """Within the block, names are said in ``lang`` (the annex's language the planner chose on the
    page or with ``--lang``); ``None`` keeps English. A thread started within it must copy the
    context (``contextvars.copy_context``) to say its names so too."""
    token = _READER.set(lang)
    try:
        yield
    finally:
        _READER.reset(token)


def _words() -> Words | None:
    """The annex's words of the language names are said in, or None for English (said by this
    module itself, without Babel: a command that says nothing else in another language loads none)."""
    lang = _READER.get()
    if not lang or lang == "en":
        return None
    from solver.words import available_languages, words

    return words(lang) if lang in available_languages() else None


_PARTS = ((12 * 60, "morning"), (18 * 60, "afternoon"), (24 * 60, "evening"))


def language(inst: Instance) -> str:
    """The language names are given in: the one the planner reads (``reading``) where the session
    has titles in it, else English where the session has it, else its first."""
    return language_among(inst.languages)


def language_among(languages: list[str]) -> str:
    """``language`` for a session known only by its languages (a file not yet read as a session)."""
    asked = _READER.get()
    if asked and asked in languages:
        return asked
    return "en" if "en" in languages or not languages else languages[0]


def day_words(date: str, *, year: bool = False) -> str:
    """'2026-05-19' -> 'Tuesday 19 May' (with the year: 'Tuesday 19 May 2026'); in another
    language as its annex prints the day, in running text ('mardi 19 mai', '5月19日，星期二')."""
    w = _words()
    if w is not None:
        label = w.date(date, year=year)
        return _isolated(label[:1].lower() + label[1:] if w.data.get("capitalize") else label, w.lang)
    day = datetime.date.fromisoformat(date)
    text = f"{day:%A} {day.day} {day:%B}"
    return f"{text} {day.year}" if year else text


def clock_words(minutes: int) -> str:
    """600 -> '10 a.m.', 780 -> '1 p.m.', 630 -> '10.30 a.m.', 720 -> '12 noon'."""
    hour, minute = divmod(minutes % (24 * 60), 60)
    if (hour, minute) == (12, 0):
        return "12 noon"
    mark = "a.m." if hour < 12 else "p.m."
    shown = hour % 12 or 12
    return f"{shown} {mark}" if minute == 0 else f"{shown}.{minute:02d} {mark}"


def times_words(period: Period) -> str:
    """'10 a.m.–1 p.m.', '3–6 p.m.' (a mark shared by both ends written once)."""
    return _range(period.start, period.end)


def clock_range_words(start: str, end: str) -> str:
    """Two clock times of a file ('10:00', '13:00') as a planner reads them: '10 a.m.–1 p.m.'."""
    minutes = [int(t.split(":")[0]) * 60 + int(t.split(":")[1]) for t in (start, end)]
    return _range(*minutes)


def _range(first: int, last: int) -> str:
    w = _words()
    if w is not None:
        return _isolated(w.period(first, last), w.lang)
    start, end = clock_words(first), clock_words(last)
    if start.endswith(("a.m.", "p.m.")) and start[-4:] == end[-4:]:
        start = start[:-5]
    return f"{start}–{end}"


def _part(period: Period) -> str:
    return next(name for limit, name in _PARTS if period.start < limit)


def _part_is_unique(inst: Instance, k: int) -> bool:
    period = inst.periods[k]
    return sum(1 for p in inst.periods if p.date == period.date and _part(p) == _part(period)) == 1


def meeting_words(inst: Instance, k: int) -> str:
    """A period as a planner says it: 'Tuesday 19 May, afternoon', or with its times where the
    day has several periods in the afternoon: 'Tuesday 19 May, 3–5 p.m.'."""
    period = inst.periods[k]
    when = _part(period) if _part_is_unique(inst, k) else times_words(period)
    return _meeting(day_words(period.date), when)


def _meeting(day: str, when: str) -> str:
    """A day and a part of it ('afternoon', in the language names are said in) or its times."""
    w = _words()
    if w is None:
        return f"{day}, {when}"
    naming = w["naming"]
    return _isolated(naming["meeting"].format(day=day, part=naming["parts"].get(when, when)), w.lang)


def _joined(names: list[str]) -> str:
    w = _words()
    return (" and " if w is None else w["naming"]["joined"]).join(names)


def moment_words(inst: Instance, moment: tuple[int, ...]) -> str:
    """Periods that run at once: on one day, the day once and each period by its times
    ('Monday 7 January, 5–7 p.m. and 6–8 p.m.')."""
    if len(moment) == 1:
        return meeting_words(inst, moment[0])
    periods = [inst.periods[k] for k in moment]
    if len({p.date for p in periods}) == 1:
        return _meeting(day_words(periods[0].date), _joined([times_words(p) for p in periods]))
    return _joined([meeting_words(inst, k) for k in moment])


_IDS = {"am": "morning", "pm": "afternoon", "eve": "evening", "evening": "evening", "night": "night"}


def ref_words(inst: Instance, ref: str) -> str:
    """A period reference ('2026-05-19 pm') as a planner says it. One the session no longer has
    (a period of a day a what-if dropped) by its date and name: 'Tuesday 19 May, afternoon'."""
    k = inst.period_by_ref.get(ref)
    if k is not None:
        return meeting_words(inst, k)
    date, _, name = ref.partition(" ")
    try:
        return _meeting(day_words(date), _IDS.get(name, name)) if name else day_words(date)
    except ValueError:
        return ref


def body_words(inst: Instance, body: str) -> str:
    """A body by its name as the session gives it (its short name where it has one)."""
    b = inst.bodies.get(body)
    if b is None:
        return body
    return _text(inst, b.short_name, b.name) or body


def _text(inst: Instance, *texts: dict[str, str]) -> str | None:
    """The first of ``texts`` the session gives in the language names are said in; a text written
    right to left set apart from the English sentence around it (a Unicode isolate), so that the
    numbers and words beside it keep their places."""
    lang = language(inst)
    found = next((x[lang] for x in texts if x.get(lang)), None)
    return _isolated(found, lang) if found and lang != "en" else found


def _isolated(text: str, lang: str) -> str:
    from solver.words import available_languages, words

    return f"\u2068{text}\u2069" if lang in available_languages() and words(lang).right_to_left else text


def item_words(inst: Instance, key: str, *, title: bool = True) -> str:
    """'item 5(a), Strategic management' (its short title), or 'the meetings of the informal
    consultations' for a body given a number of meetings rather than agenda items."""
    item = inst.items.get(key)
    if item is None:
        return key
    if item.number == MEETINGS_ITEM:
        return f"the meetings of {body_words(inst, item.body)}"
    if item.segment:
        return _text(inst, item.short_title, item.title) or item.number
    name = f"item {item.number}"
    shown = _text(inst, item.short_title, item.title) if title else ""
    return f"{name}, {shown}" if shown else name


def discussion_words(inst: Instance, did: str, *, titled: bool = False) -> str:
    """A discussion as a planner says it: 'item 5 of the Plenary', 'items 5 and 6 of the Plenary'
    (taken up together), 'the joint item of the Plenary (4) and the COW (2)'; ``titled``: with
    its short title after it ('item 5 of the Plenary (Strategic management)')."""
    disc = inst.discussions.get(did)
    if disc is None:
        return did
    items = [inst.items[k] for k in disc.items]
    title = f" ({_text(inst, items[0].short_title, items[0].title)})" if titled and items[0].number != MEETINGS_ITEM else ""
    if disc.joint:
        return (
            "the joint item of "
            + " and ".join(f"{body_words(inst, b)} ({', '.join(i.number for i in items if i.body == b)})" for b in disc.bodies)
            + title
        )
    if items[0].number == MEETINGS_ITEM:
        return f"the meetings of {body_words(inst, items[0].body)}"
    if items[0].segment:
        return f"{_text(inst, items[0].short_title, items[0].title)} ({body_words(inst, items[0].body)})"
    numbers = " and ".join(i.number for i in items)
    part = f" (part {disc.part})" if disc.part > 1 else ""
    return f"item{'s' if len(items) > 1 else ''} {numbers}{part} of {body_words(inst, items[0].body)}{title}"


def change_discussion(inst: Instance, key: str) -> str | None:
    """The discussion a plan comparison's key stands for ('cosp:5+6', 'cosp:8#2', a joint id)."""
    if key in inst.discussions:
        return key
    body, _, rest = key.partition(":")
    numbers, _, part = rest.partition("#")
    if body not in inst.bodies or not numbers:
        return None
    return inst.discussion_of(body, tuple(numbers.split("+")), None, int(part) if part.isdigit() else None)
