"""A session ready to plan: plain, immutable data, shared by the model and the checker.

Everything here is resolved: periods are indices into the calendar, items are keyed
``body:number``, every reference has been checked. Nothing here reads the instance file.

The unit of planning is a **discussion**: an item on its own, items taken up together
("5 and 6"), or a joint discussion that counts for items of several bodies. An item
normally has one discussion; an item of one body that is discussed jointly with
several items of another (seed 004's joint week) is covered by several.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn, TypeVar

from solver.catalogue import Measure

K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(dict[K, V]):
    """A mapping that cannot be changed once made (and still pickles, for worker processes)."""

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("a resolved instance cannot be changed; build a new one from its file")

    __setitem__ = __delitem__ = __ior__ = _refuse  # type: ignore[assignment]
    clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (dict(self),))


R = TypeVar("R")


def evolve(record: R, **changes: Any) -> R:
    """``dataclasses.replace`` for the frozen records here, in a tenth of its time (reading a
    session of 10,000 items makes some 30,000 such copies): the fields are copied as they are,
    then those named are changed. No record here checks its fields when made (no
    ``__post_init__``), so none is skipped."""
    fields = record.__dataclass_fields__  # type: ignore[attr-defined]
    unknown = [name for name in changes if name not in fields]
    if unknown:
        raise TypeError(f"{type(record).__name__} has no field {unknown[0]!r}")
    copy = object.__new__(type(record))
    copy.__dict__.update(record.__dict__)
    copy.__dict__.update(changes)
    return copy  # type: ignore[no-any-return]


MEETINGS_ITEM = "-"
"""The number of the one item that stands for the meetings of a body without agenda items."""

Texts = Mapping[str, str]
"""A text in each language of the session: {"en": "Opening", "zh": "会议开幕"}."""


@dataclass(frozen=True)
class Period:
    """One meeting period of the session, in calendar order."""

    index: int
    date: str
    day: int  # index of the date among the session's days
    id: str
    start: int  # minutes after midnight
    end: int
    bodies: frozenset[str] | None = None  # the only bodies that may meet in it; None: any body
    interpretation: bool = True  # False: only bodies without interpretation may meet in it
    week: int = 0  # index of its calendar week (Monday to Sunday) among the session's weeks
    later: int = 0  # minutes it may run past its end if required
    format: str | None = None  # how its meetings are held: "in person", "hybrid", "virtual"; None: not said

    @property
    def capacity(self) -> int:
        """The most minutes a body may take up in it: its length, and what it may run later."""
        return self.end - self.start + self.later

    @property
    def length(self) -> int:
        """Its minutes from start to end, as booked (and counted against hours limits)."""
        return self.end - self.start

    @property
    def ref(self) -> str:
        return f"{self.date} {self.id}"

    def overlaps(self, other: Period) -> bool:
        """The two periods run at the same time at some moment (same day, intervals meet)."""
        return self.date == other.date and self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Resumed:
    """A later part of an item, taken up again after another item of the same body."""

    after: str  # the item key it follows in the body's order
    minutes: int
    pin_period: int | None = None
    earliest: int | None = None
    latest: int | None = None
    place: str = ""


@dataclass(frozen=True)
class Item:
    """A leaf agenda item (headings with sub-items are folded into ``heading``)."""

    key: str  # "cosp:1(a)"
    body: str
    number: str
    title: Texts
    short_title: Texts
    minutes: int | None  # None when the item takes whole meetings
    meetings: int | None
    split: bool
    pin: str | None  # "first", "last" or a period ref
    pin_period: int | None
    earliest: int | None
    latest: int | None
    after_bodies: tuple[str, ...]
    after_items: tuple[str, ...]
    note: Texts | None
    heading: str | None  # number of the parent heading, e.g. "1" for "1(a)"
    heading_title: Texts | None
    place: str  # where the item stands in the file: bodies[0].items[2]
    discussions: tuple[str, ...] = ()  # its parts in order: the item's own, then each resumed part
    priority: int = 10
    protected: bool = False
    cut: str = "share"  # what-if runs: how it gives: "share", "last" (after the others) or "never"
    format: str | None = None  # taken up only in periods held so (a vote in person)
    suspends: tuple[str, ...] = ()  # bodies that do not meet while it is taken up
    segment: bool = False  # not an agenda item: shown by its title, without a number
    resumed: tuple[Resumed, ...] = ()  # its later parts (discussions "key#2", "key#3" ...)
    from_speakers: bool = False  # its minutes are its speakers' list's (errors name that list)
    parts_of: str = ""  # items taken up together and then again: the group's discussion, whose parts these are

    def part_id(self, part: int) -> str:
        """The discussion of the item's ``part``-th part (2, 3 ... for the parts taken up again;
        for items taken up together, the group's part)."""
        return f"{self.parts_of or self.key}#{part}"


@dataclass(frozen=True)
class Discussion:
    """What the solver places: one discussion, counting for one or more items."""

    id: str
    items: tuple[str, ...]
    bodies: tuple[str, ...]
    minutes: int  # 0 for a discussion measured in whole meetings
    meetings: int | None
    split: bool
    joint: bool  # declared in the instance's ``joint`` list
    note: Texts | None
    first: int  # earliest period it may use
    last: int  # latest period it may use
    place: str
    pin_period: int | None = None
    pin_first_of: tuple[str, ...] = ()
    pin_last_of: tuple[str, ...] = ()
    closed: frozenset[int] = frozenset()  # periods between first and last that one of its bodies may not use
    part: int = 1  # 2, 3 ... for the later parts of an item taken up again


@dataclass(frozen=True)
class Body:
    id: str
    name: Texts
    short_name: Texts
    track: str
    interpreted: bool
    first: int
    last: int
    order: str  # "strict" or "free"
    items: tuple[str, ...]  # leaf item keys in agenda order
    sequence: tuple[str, ...]  # leaf item keys in taking-up order
    discussions: tuple[str, ...]  # discussion ids in taking-up order
    after: tuple[str, ...]
    place: str
    closed: frozenset[int] = frozenset()  # periods in its window it may not use (other days, other bodies' periods)
    follows: str | None = None  # it meets right after this body's meeting, in the same period


@dataclass(frozen=True)
class Track:
    """A room: one column pair of the annex."""

    id: str
    name: Texts


@dataclass(frozen=True)
class Session:
    id: str
    title: Texts
    symbol: str
    place: Texts | None
    languages: tuple[str, ...]
    timezone: str | None = None  # the venue's, as the file gives it (IANA name); None: from the place, if known


@dataclass(frozen=True)
class AnnexOptions:
    """How the session's annex is laid out (the published annexes differ)."""

    layout: str  # "combined" or "separate"
    year_in_dates: bool
    track_names: bool | None
    subitems: str  # "numbered" or "under-heading"
    headings: str  # numbered sub-items: headings on a row of their own: "lead-in", "all" or "none"
    empty_periods: str  # "omit" or "show"
    show_empty: frozenset[int]  # periods shown even when empty
    not_continued: frozenset[str]  # bodies whose later meetings are not marked continued
    title: Texts | None
    note: Texts | None = None  # a footnote on the annex's title


@dataclass(frozen=True)
class Workload:
    """Each interpretation team's limits (None: no limit); the teams rotate over the meetings."""

    teams: tuple[str, ...]  # the teams' names
    per_day: int | None = None
    per_week: int | None = None
    minutes_per_day: int | None = None
    minutes_per_week: int | None = None
    formats: Mapping[str, tuple[int | None, int | None]] = field(default_factory=FrozenDict)  # format -> (per day, per week)


@dataclass(frozen=True)
class Shared:
    """Something that serves at most ``capacity`` meetings at a time, across rooms."""

    id: str
    name: Texts
    bodies: frozenset[str]
    capacity: int


@dataclass(frozen=True)
class Instance:
    name: str
    source: str
    session: Session
    periods: tuple[Period, ...]
    days: tuple[str, ...]
    tracks: Mapping[str, Track]  # in the annex's order of columns
    bodies: Mapping[str, Body]  # interpreted bodies first (a joint meeting is counted under its first body)
    items: Mapping[str, Item]
    discussions: Mapping[str, Discussion]
    teams: int | None
    budget: int | None
    per_day: Mapping[int, int]  # day index -> cap on interpreted meetings
    rooms: int | None
    budget_minutes: int | None  # interpreted meetings' minutes in the session
    per_day_minutes: Mapping[int, int]  # day index -> cap on interpreted meetings' minutes
    workload: Workload | None
    shared: tuple[Shared, ...]
    weights: Mapping[Measure, int]  # the price of each priced measure (the objective's weights)
    min_part: int
    annex: AnnexOptions
    period_by_ref: Mapping[str, int]

    @property
    def languages(self) -> list[str]:
        return list(self.session.languages)

    @property
    def periods_a_day(self) -> int:
        """Meeting periods a day, on average over the session's days (at least 1)."""
        return max(1, round(len(self.periods) / max(1, len(self.days))))

    def discussion_of(self, body: str, numbers: tuple[str, ...], joint: str | None = None, part: int | None = None) -> str | None:
        """The discussion a schedule entry stands for: its joint item, its first item's own (or
        together) discussion, or the part of it taken up again; None when the body has no such item."""
        if joint in self.discussions:
            return joint
        key = f"{body}:{numbers[0]}" if numbers else ""
        if key not in self.items:
            return None
        item = self.items[key]
        return item.part_id(part) if part and 2 <= part <= len(item.resumed) + 1 else item.discussions[0]

    def own_discussions(self, body: str) -> list[str]:
        """The body's discussions that no other body shares."""
        return [d for d in self.bodies[body].discussions if self.discussions[d].bodies == (body,)]
