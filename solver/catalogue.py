"""The requirement catalogue: every requirement and every measure of a plan, named once.

A requirement (``Rule``) is a rule that every plan must keep; a measure (``Measure``) is a figure
of a plan that the planner prefers small, priced by an integer weight. The CP-SAT model
(``solver.model``) and the independent checker (``solver.check``) each implement every
requirement on their own; they, the explanations, the first fit, the exports and the command
line refer to requirements and measures by the names given here. Nothing here implements a rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar


class Rule(StrEnum):
    """The requirements, by the names tests, messages and planners use."""

    CAL_PERIODS = "CAL-periods"
    CAL_WINDOW = "CAL-window"
    ITEM_TITLE = "ITEM-title"
    ITEM_TIME = "ITEM-time"
    ITEM_ORDER = "ITEM-order"
    ITEM_TOGETHER = "ITEM-together"
    ITEM_PIN = "ITEM-pin"
    ITEM_WINDOW = "ITEM-window"
    ITEM_AFTER = "ITEM-after"
    ITEM_FORMAT = "ITEM-format"
    ITEM_SUSPENDS = "ITEM-suspends"
    BODY_PARALLEL = "BODY-parallel"
    BODY_BACK_TO_BACK = "BODY-back-to-back"
    BODY_FOLLOWS = "BODY-follows"
    JOINT = "JOINT"
    RES_TEAMS = "RES-teams"
    RES_BUDGET = "RES-budget"
    RES_DAY = "RES-day"
    RES_ROOMS = "RES-rooms"
    RES_SHARED = "RES-shared"
    RES_WORKLOAD = "RES-workload"


class Family(StrEnum):
    CALENDAR = "calendar"
    ITEMS = "items"
    BODIES = "bodies"
    RESOURCES = "resources"


class Measure(StrEnum):
    """The figures of a plan: those the objective prices, and those only reported."""

    INTERPRETED_MEETINGS = "interpreted_meetings"
    OTHER_MEETINGS = "other_meetings"
    IDLE_PERIODS = "idle_periods"
    SPLITS = "splits"
    DAY_SPLITS = "day_splits"
    ORDER_INVERSIONS = "order_inversions"
    RUN_LATE = "run_late"
    CUT_COST = "cut_cost"
    DROPPED_COST = "dropped_cost"
    CUT_SHARE = "cut_share"
    CHANGES = "changes"
    MINUTES_MOVED = "minutes_moved"
    PEAK_INTERPRETED = "peak_interpreted"
    CUT_MINUTES = "cut_minutes"
    DROPPED_ITEMS = "dropped_items"


@dataclass(frozen=True)
class Requirement:
    id: Rule
    family: Family
    words: str  # the rule in plain words
    fields: str  # where an instance file states it
    measures: tuple[Measure, ...] = ()  # the measures of a plan it bounds
    limit: bool = False  # a limit the session sets (a budget, a window, a pin), not a demand of the agenda


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        Rule.CAL_PERIODS,
        Family.CALENDAR,
        "each day has its meeting periods; what a body takes up in a period fits in it",
        "calendar.periods, calendar.days[i].periods",
    ),
    Requirement(
        Rule.CAL_WINDOW,
        Family.CALENDAR,
        "a body meets only between its first and last period",
        "bodies[i].window",
        (Measure.IDLE_PERIODS,),
        limit=True,
    ),
    Requirement(
        Rule.ITEM_TITLE,
        Family.ITEMS,
        "each item has its number as printed, a full and a short title in every language of the session",
        "number, title, short_title",
    ),
    Requirement(
        Rule.ITEM_TIME,
        Family.ITEMS,
        "each item gets its time; long items are split (later parts are 'continued'); parts are at least "
        "the shortest part allowed",
        "minutes, speakers, meetings, split",
        (Measure.SPLITS, Measure.DAY_SPLITS, Measure.CUT_MINUTES, Measure.DROPPED_ITEMS),
    ),
    Requirement(
        Rule.ITEM_ORDER,
        Family.ITEMS,
        "a body takes up its items in agenda order, or in its sequence; sub-items follow their heading",
        "bodies[i].sequence, bodies[i].order",
        (Measure.ORDER_INVERSIONS,),
    ),
    Requirement(
        Rule.ITEM_TOGETHER,
        Family.ITEMS,
        "items taken up together share their meetings ('5 and 6')",
        "bodies[i].together",
    ),
    Requirement(
        Rule.ITEM_PIN,
        Family.ITEMS,
        "an item starts in a given period, or in its body's first / ends in its body's last meeting",
        "pin",
        limit=True,
    ),
    Requirement(
        Rule.ITEM_WINDOW,
        Family.ITEMS,
        "an item starts no earlier / ends no later than a period",
        "earliest, latest",
        limit=True,
    ),
    Requirement(
        Rule.ITEM_AFTER,
        Family.ITEMS,
        "an item starts after another body's meetings end, or after a named item",
        "after",
    ),
    Requirement(
        Rule.ITEM_FORMAT,
        Family.ITEMS,
        "an item that must be taken up in meetings of one format (a vote in person) is taken up only in periods held so",
        "format (items), calendar.format, calendar.periods[p].format",
        limit=True,
    ),
    Requirement(
        Rule.ITEM_SUSPENDS,
        Family.ITEMS,
        "while an item is taken up, the bodies it suspends do not meet (the Committee of the Whole suspends its "
        "work while the plenary votes in person)",
        "bodies[i].items[j].suspends",
        limit=True,
    ),
    Requirement(
        Rule.BODY_PARALLEL,
        Family.BODIES,
        "bodies on different tracks (rooms) meet at the same time; bodies on one track meet in turn",
        "tracks, bodies[i].track",
    ),
    Requirement(
        Rule.BODY_BACK_TO_BACK,
        Family.BODIES,
        "a body's own work starts after another body's own work ends",
        "bodies[i].after",
    ),
    Requirement(
        Rule.BODY_FOLLOWS,
        Family.BODIES,
        "a body that meets right after another meets only when that body meets, in the same period, the two "
        "meetings one after the other within it",
        "bodies[i].follows",
        limit=True,
    ),
    Requirement(
        Rule.JOINT,
        Family.BODIES,
        "one discussion counts for items of two or three bodies: same periods, one meeting",
        "joint",
    ),
    Requirement(
        Rule.RES_TEAMS,
        Family.RESOURCES,
        "at most N interpreted meetings at the same time",
        "resources.teams",
        (Measure.PEAK_INTERPRETED,),
        limit=True,
    ),
    Requirement(
        Rule.RES_BUDGET,
        Family.RESOURCES,
        "at most N interpreted meetings (or hours of them) in the session",
        "resources.budget, resources.budget_hours",
        (Measure.INTERPRETED_MEETINGS,),
        limit=True,
    ),
    Requirement(
        Rule.RES_DAY,
        Family.RESOURCES,
        "at most N interpreted meetings (or hours of them) a day, or on given days",
        "resources.per_day, resources.per_day_hours",
        (Measure.INTERPRETED_MEETINGS,),
        limit=True,
    ),
    Requirement(
        Rule.RES_ROOMS,
        Family.RESOURCES,
        "at most N meetings of any kind at the same time",
        "resources.rooms",
        (Measure.INTERPRETED_MEETINGS, Measure.OTHER_MEETINGS),
        limit=True,
    ),
    Requirement(
        Rule.RES_SHARED,
        Family.RESOURCES,
        "something that serves one meeting at a time (a platform, a presiding officer, a secretariat "
        "team): its bodies never meet at once beyond it, whatever their rooms",
        "resources.shared",
        limit=True,
    ),
    Requirement(
        Rule.RES_WORKLOAD,
        Family.RESOURCES,
        "the interpretation teams rotate: each covers one meeting at a time and at most N meetings (or hours) a day and a week",
        "resources.interpreters",
        (Measure.INTERPRETED_MEETINGS,),
        limit=True,
    ),
)
CATALOGUE: Mapping[Rule, Requirement] = {r.id: r for r in REQUIREMENTS}
CONFLICT_ORDER: tuple[Rule, ...] = (
    Rule.RES_BUDGET,
    Rule.RES_DAY,
    Rule.RES_TEAMS,
    Rule.RES_WORKLOAD,
    Rule.RES_ROOMS,
    Rule.RES_SHARED,
    Rule.CAL_WINDOW,
    Rule.ITEM_PIN,
    Rule.ITEM_WINDOW,
    Rule.ITEM_FORMAT,
    Rule.ITEM_AFTER,
    Rule.BODY_BACK_TO_BACK,
    Rule.BODY_FOLLOWS,
    Rule.ITEM_SUSPENDS,
    Rule.BODY_PARALLEL,
    Rule.ITEM_ORDER,
    Rule.CAL_PERIODS,
    Rule.ITEM_TIME,
)
"""The order an explanation lists the requirements of a conflict in: the session's resources
first, then the windows and pins it sets, the order of work, and last what the items need."""


@dataclass(frozen=True)
class MeasureInfo:
    id: Measure
    label: str  # as a planner reads it
    weight: str | None  # the key under ``weights:`` that prices it; None when it is only reported
    default: int  # that weight's default
    definition: str


MEASURES: tuple[MeasureInfo, ...] = (
    MeasureInfo(
        Measure.INTERPRETED_MEETINGS,
        "interpreted meetings",
        "interpreted_meeting",
        100,
        "meetings with interpretation, a joint meeting counting once (bodies linked through one another in a period, "
        "a with b and b with c, are one meeting)",
    ),
    MeasureInfo(Measure.OTHER_MEETINGS, "other meetings", "other_meeting", 10, "meetings without interpretation"),
    MeasureInfo(
        Measure.IDLE_PERIODS,
        "idle periods",
        "idle_period",
        20,
        "periods between a body's first and last meeting in which it does not meet",
    ),
    MeasureInfo(Measure.SPLITS, "splits", "split", 5, "for each discussion, the periods it takes beyond the first"),
    MeasureInfo(
        Measure.DAY_SPLITS, "day splits", "day_split", 20, "for each discussion, the days between its first and last part"
    ),
    MeasureInfo(
        Measure.ORDER_INVERSIONS,
        "order inversions",
        "order_inversion",
        50,
        "in bodies with order: free, consecutive agenda items whose later one starts in an earlier period",
    ),
    MeasureInfo(
        Measure.RUN_LATE,
        "minutes run late",
        "run_late",
        2,
        "in periods that may run later if required, the minutes each body's meeting runs past the period's end",
    ),
    MeasureInfo(
        Measure.CUT_COST,
        "minutes cut, priced",
        "cut_minute",
        100,
        "what-if runs: each minute an item is shortened, times the item's priority",
    ),
    MeasureInfo(
        Measure.DROPPED_COST,
        "items left out, priced",
        "dropped_item",
        5000,
        "what-if runs: each item left out altogether, times its priority",
    ),
    MeasureInfo(
        Measure.CUT_SHARE,
        "largest share cut",
        "cut_share",
        10,
        "what-if runs: for each body, the largest share of its time (in thousandths) an item that shares a cut loses; "
        "where several bodies have such items, the session's largest share too, counted twice; "
        "items with cut: last or never do not share",
    ),
    MeasureInfo(
        Measure.CHANGES,
        "changes",
        "change",
        1000,
        "what-if runs: each item part placed differently from the baseline",
    ),
    MeasureInfo(
        Measure.MINUTES_MOVED,
        "minutes moved",
        "minutes_moved",
        100,
        "what-if runs: each item part left where it was but given other minutes (a change the grid does not show)",
    ),
    MeasureInfo(Measure.PEAK_INTERPRETED, "peak interpreted at once", None, 0, "the most interpreted meetings in one period"),
    MeasureInfo(Measure.CUT_MINUTES, "minutes cut", None, 0, "minutes by which items are shortened or left out"),
    MeasureInfo(Measure.DROPPED_ITEMS, "items left out", None, 0, "items not taken up at all"),
)
MEASURE: Mapping[Measure, MeasureInfo] = {m.id: m for m in MEASURES}
PRICED: tuple[Measure, ...] = tuple(m.id for m in MEASURES if m.weight)
"""The measures the objective prices, in the order its weighted sum adds them."""

T = TypeVar("T")


def weighted(terms: Mapping[Measure, T], weights: Mapping[Measure, int]) -> T:
    """The objective: each priced measure among ``terms`` times its weight, summed in the
    order of ``terms``. Works alike on counts (the checker) and on CP-SAT expressions (the model)."""
    return sum(weights[name] * value for name, value in terms.items() if name in weights)  # type: ignore[return-value]


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """How far a plan may be from the best possible one: (objective - bound) / objective, at
    least 0; 0 for a plan of cost 0; None when either figure is unknown."""
    if objective is None or bound is None:
        return None
    if objective == 0:
        return 0.0
    return max(0.0, (objective - bound) / abs(objective))
