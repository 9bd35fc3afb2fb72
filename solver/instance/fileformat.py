"""The instance file as written by a planner: pydantic models of the YAML format.

This module only describes and type-checks the file; ``solver.instance`` resolves
references (periods, items, bodies) and checks that they fit together. Every model
forbids unknown keys and uses strict types, so a typo or a quoted number is reported
instead of being silently accepted or converted.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Language = Literal["ar", "zh", "en", "fr", "ru", "es"]
"""The six official languages of the United Nations, as ISO 639-1 codes."""

Id = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")]
"""An identifier: a letter, then letters, digits, '-' or '_' (at most 40 characters)."""

NonEmptyText = Annotated[str, Field(min_length=1, max_length=2000)]
Text = dict[Language, NonEmptyText]
"""A text in several languages: {en: "Opening of the session", zh: "会议开幕"}."""

PeriodRef = Annotated[str, Field(min_length=1, max_length=40)]
"""A meeting period: '2019-12-16 am' (date and period id), '2019-12-16 15:00' (date and
start time) or '2019-12-16' (that day: its first period when a start is meant, its
last period when an end is meant)."""

Format = Literal["in person", "hybrid", "virtual"]
"""How a meeting is held: in person, hybrid (some delegates online), or virtual (everyone online)."""

Minutes = Annotated[int, Field(ge=1, le=100_000)]
Hours = Annotated[float, Field(ge=0, le=10_000)]
"""Hours: 4, or 1.5 for 90 minutes."""
DateText = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
Count = Annotated[int, Field(ge=0, le=100_000)]
Weight = Annotated[int, Field(ge=0, le=1_000_000)]

_TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def clock_minutes(text: str) -> int:
    """'15:00' -> 900 minutes after midnight."""
    match = _TIME.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a time of day; write it as HH:MM, e.g. '15:00'")
    return int(match.group(1)) * 60 + int(match.group(2))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class PeriodDef(_Strict):
    """One meeting period of a day, from start to end ('10:00' to '13:00'). Periods of one day may
    overlap when they serve different bodies (17:00-19:00 in one room, 18:00-20:00 in another)."""

    start: str
    end: str
    bodies: list[Id] | None = None
    """Only these bodies may meet in this period (an evening for the drafting committee)."""
    interpretation: bool = True
    """False: no interpretation in this period, so only bodies without interpretation meet in it."""
    format: Format | None = None
    """How meetings in this period are held; default: the calendar's format."""
    later: Annotated[int, Field(ge=0, le=600)] = 0
    """Minutes the period may run past its end if required (FAO: "14.30-17.30 or later if required"):
    counted against the hours limits when used, and priced (``weights.run_late``)."""

    @model_validator(mode="after")
    def _ends_after_start(self) -> PeriodDef:
        start, end = clock_minutes(self.start), clock_minutes(self.end)
        if end <= start:
            raise ValueError(f"the period ends at {self.end}, not after it starts at {self.start}")
        return self


DEFAULT_PERIODS = {"am": PeriodDef(start="10:00", end="13:00"), "pm": PeriodDef(start="15:00", end="18:00")}


class Day(_Strict):
    """A meeting day; ``periods`` lists which default periods it has, or defines its own."""

    date: str
    periods: list[Id] | dict[Id, PeriodDef] | None = None

    @field_validator("date")
    @classmethod
    def _is_date(cls, value: str) -> str:
        if not _DATE.match(value):
            raise ValueError(f"'{value}' is not a date; write it as YYYY-MM-DD")
        return value


class Calendar(_Strict):
    """The session's days and the meeting periods of each day."""

    periods: dict[Id, PeriodDef] = Field(default_factory=lambda: dict(DEFAULT_PERIODS), min_length=1)
    days: list[Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")] | Day] = Field(min_length=1, max_length=400)
    min_part_minutes: Annotated[int, Field(ge=1, le=600)] = 15
    """The shortest part of a split item in one meeting (default 15 minutes)."""
    format: Format | None = None
    """How the session's meetings are held (in person, hybrid, virtual); a period may say otherwise."""


class Session(_Strict):
    id: Id
    title: Text
    symbol: Annotated[str, Field(max_length=100)] = ""
    place: Text | None = None
    timezone: Annotated[str, Field(min_length=1, max_length=60)] | None = None
    """The venue's time zone (Europe/Vienna), for calendars; default: from the place's name."""
    languages: list[Language] = Field(default_factory=lambda: ["en"], min_length=1)
    """Languages of the session's texts; every title must be given in each of them."""


class Track(_Strict):
    """A room: one column pair of the annex. It holds one body, or several in turn."""

    id: Id
    name: Text


class Speakers(_Strict):
    """Part of a speakers' list: ``count`` speakers with ``minutes`` each."""

    count: Annotated[int, Field(ge=1, le=10_000)]
    minutes: Annotated[int, Field(ge=1, le=600)]


class Item(_Strict):
    """An agenda item, or a heading with sub-items: its number, titles, time, pin, window and what it follows."""

    number: Annotated[str, Field(min_length=1, max_length=20)]
    title: Text
    short_title: Text | None = None
    minutes: Minutes | None = None
    speakers: list[Speakers] | None = None
    meetings: Annotated[int, Field(ge=1, le=1000)] | None = None
    split: bool = True
    pin: PeriodRef | None = None
    earliest: PeriodRef | None = None
    latest: PeriodRef | None = None
    after: list[Annotated[str, Field(min_length=1, max_length=80)]] = Field(default_factory=list)
    note: Text | None = None
    priority: Annotated[int, Field(ge=1, le=100)] = 10
    """What-if runs: the price of cutting this item (1 cheap to 100 dear), per minute cut."""
    protected: bool | None = None
    """What-if runs: never shortened or dropped. Default: openings, adoption of the agenda and of
    the report (by title), and items pinned to a body's first or last meeting."""
    cut: Literal["share", "last", "never"] = "share"
    """What-if runs, how the item gives when not everything fits: share (the default: a cut is
    shared out in proportion over the body's items that share), last (it gives only after the
    others, priced as the dearest), never (as protected)."""
    segment: bool = False
    """Not an agenda item (a ceremony, a panel, a workshop, a technical test): shown in the annex by
    its title, without a number; its number is only an id for references."""
    format: Format | None = None
    """Taken up only in meetings held so (a vote in person): the periods of another format are closed to it."""
    suspends: list[Id] = Field(default_factory=list, max_length=100)
    """The bodies that do not meet while this item is taken up (the Committee of the Whole
    suspends its work while the plenary votes in person)."""
    resumed: list[Resumed] = Field(default_factory=list)
    """Later parts of the item, each taken up again after another item."""
    items: list[Item] = Field(default_factory=list)

    @field_validator("number", mode="before")
    @classmethod
    def _number_as_text(cls, value: object) -> object:
        # "number: 5" is natural YAML; the number is printed text, so keep it as text
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class Resumed(_Strict):
    """A later part of an item: the item is taken up again after another item (a general debate
    resumed, decisions on the last day, the rest of an item after a panel at a fixed time)."""

    after: Annotated[str, Field(min_length=1, max_length=80)]
    """The item after which this part is taken up: its number in the same body (or body:number)."""
    minutes: Minutes
    """This part's time; the item's first part keeps the rest."""
    on: DateText | None = None
    """The day this part is taken up."""
    pin: PeriodRef | None = None
    earliest: PeriodRef | None = None
    latest: PeriodRef | None = None

    @field_validator("after", mode="before")
    @classmethod
    def _number_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class Window(_Strict):
    first: PeriodRef | None = None
    last: PeriodRef | None = None


class Body(_Strict):
    """A body (plenary, working group, informal consultations) and its agenda."""

    id: Id
    name: Text
    short_name: Text | None = None
    track: Id | None = None
    interpreted: bool = True
    window: Window | None = None
    days: list[DateText] | None = None
    """The days the body meets on (default: every day of its window)."""
    periods: list[Id] | None = None
    """The periods of a day the body may use, by id (default: all of them)."""
    order: Literal["strict", "free"] = "strict"
    sequence: list[Annotated[str, Field(min_length=1, max_length=20)]] | None = None
    together: list[Annotated[list[Annotated[str, Field(min_length=1, max_length=20)]], Field(min_length=2)]] = Field(
        default_factory=list
    )
    after: list[Id] = Field(default_factory=list)
    follows: Id | None = None
    """It meets right after this body's meeting, in the same period ("immediately after the
    plenary, first meeting of the Drafting Committee"): only when that body meets, the two
    meetings together within the period, one after the other (not at the same time)."""
    meetings: Annotated[int, Field(ge=1, le=1000)] | None = None
    priority: Annotated[int, Field(ge=1, le=100)] = 10
    """What-if runs, for a body counted in meetings: the price of cutting one of its meetings."""
    protected: bool = False
    """What-if runs, for a body counted in meetings: its meetings are never cut."""
    items: list[Item] = Field(default_factory=list)

    @field_validator("sequence", "together", mode="before")
    @classmethod
    def _numbers_as_text(cls, value: object) -> object:
        def text(v: object) -> object:
            if isinstance(v, list):
                return [text(x) for x in v]
            return str(v) if isinstance(v, int) and not isinstance(v, bool) else v

        return text(value)


class Joint(_Strict):
    """One discussion that counts for items of two or three bodies."""

    id: Id | None = None
    items: list[Annotated[str, Field(min_length=3, max_length=80)]] = Field(min_length=2)
    minutes: Minutes | None = None
    note: Text | None = None


class FormatLoad(_Strict):
    """A team's limits for the meetings of one format, counted alone."""

    per_day: Count | None = None
    per_week: Count | None = None


class Workload(_Strict):
    """Each interpretation team's workload: the teams rotate over the interpreted meetings, and each
    covers at most so many meetings (or hours) a day and a week. Standard: 2 a day, 7 a week;
    under remote interpretation, 5 two-hour meetings a week."""

    per_day: Count | None = None
    per_week: Count | None = None
    hours_per_day: Hours | None = None
    hours_per_week: Hours | None = None
    names: list[Annotated[str, Field(min_length=1, max_length=20)]] | None = None
    """The teams' names in the rota (default A, B, C ...), one for each team."""
    formats: dict[Format, FormatLoad] = Field(default_factory=dict)
    """Limits for the meetings of one format (remote interpretation: 5 meetings a week), besides these."""


class Shared(_Strict):
    """Something that serves one meeting at a time (or ``capacity``): a remote interpretation
    platform, a presiding officer, a secretariat team; its bodies never meet at once beyond it."""

    id: Id
    name: Text | None = None
    bodies: list[Id] = Field(min_length=1)
    capacity: Annotated[int, Field(ge=1, le=100)] = 1


class Resources(_Strict):
    """Interpretation teams, the budget of interpreted meetings (or hours), a cap per day, the teams'
    workload, rooms, and things shared across rooms; omitted means no limit."""

    teams: Count | None = None
    budget: Count | None = None
    per_day: Count | dict[str, Count] | None = None
    budget_hours: Hours | None = None
    """Hours of interpreted meetings in the session."""
    per_day_hours: Hours | dict[str, Hours] | None = None
    """Hours of interpreted meetings a day (hybrid meetings: 4), or per date."""
    interpreters: Workload | None = None
    rooms: Count | None = None
    shared: list[Shared] = Field(default_factory=list)


class Weights(_Strict):
    """Integer prices of the planner's preferences; the solver minimises their weighted sum."""

    interpreted_meeting: Weight = 100
    other_meeting: Weight = 10
    idle_period: Weight = 20
    split: Weight = 5
    day_split: Weight = 20
    order_inversion: Weight = 50
    change: Weight = 1000
    """What-if runs: each item part placed differently from the baseline."""
    run_late: Weight = 2
    """Each minute a body's meeting runs past its period's end (periods that may run later)."""
    cut_minute: Weight = 100
    """What-if runs: each minute an item is shortened, times the item's priority."""
    minutes_moved: Weight = 100
    """What-if runs: each item part left where it was but given other minutes."""
    cut_share: Weight = 10
    """What-if runs: for each body, each thousandth of its time the item that gives most loses
    (so that a cut is shared out in proportion)."""
    dropped_item: Weight = 5000
    """What-if runs: each item left out altogether, times its priority (besides its minutes)."""


class AnnexOptions(_Strict):
    """How the annex table is laid out; the published annexes differ, so each session says."""

    layout: Literal["combined", "separate"] = "combined"
    """combined: a row per date, then the period in the first column (seeds 000, 003, 004);
    separate: a date column and a time column (seed 002)."""
    year_in_dates: bool = True
    track_names: bool | None = None
    """Names of the tracks (or their one body) above their columns; default: when there are several."""
    subitems: Literal["numbered", "under-heading"] = "numbered"
    """numbered: '1(a) | Opening'; under-heading: '1 | (a) Opening' (seed 004). A heading whose
    title ends with a colon ('Thematic discussion:') is printed before its sub-items."""
    headings: Literal["lead-in", "all", "none"] = "lead-in"
    """numbered sub-items: which headings get a row of their own above their first sub-item. lead-in:
    a heading whose title leads into its sub-items, ending with a colon ('Thematic discussion:');
    all: every heading ('1 | Organizational matters'); none (seeds 002, 003)."""
    empty_periods: Literal["omit", "show"] = "omit"
    show_empty: list[PeriodRef] = Field(default_factory=list)
    """Periods shown as empty rows even when empty periods are omitted (seed 003, Thursday p.m.)."""
    not_continued: list[Id] = Field(default_factory=list)
    """Bodies whose later meetings are not marked '(continued)' (informal consultations in seed 002)."""
    title: Text | None = None
    note: Text | None = None
    """A footnote on the annex's title (marked *, as UN documents mark a note on a title)."""


class InstanceFile(_Strict):
    """A session to plan: calendar, tracks, bodies with their agendas, joint items, resources, weights."""

    session: Session
    calendar: Calendar
    tracks: list[Track] = Field(default_factory=list)
    bodies: list[Body] = Field(min_length=1, max_length=200)
    joint: list[Joint] = Field(default_factory=list)
    resources: Resources = Field(default_factory=Resources)
    weights: Weights = Field(default_factory=Weights)
    annex: AnnexOptions = Field(default_factory=AnnexOptions)


def instance_schema() -> dict[str, object]:
    """The JSON Schema of instance files, for editors that validate YAML as it is typed."""
    schema = InstanceFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "orgwork instance"
    return schema
