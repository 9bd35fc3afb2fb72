"""The session and its plan as pandas DataFrames, for Python users and notebooks.

from solver import load_instance, solve, check
from solver.dataframes import items_frame, plan_frame, measures_frame

inst = load_instance("instances/cosp8-2019.yaml")
result = solve(inst)
items_frame(inst)                       # one row per agenda item
plan_frame(inst, result.schedule)       # one row per item part: date, period, body, item, minutes ...
measures_frame(inst, check(inst, result.schedule))   # the measures beside their limits
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from solver.check import Report
    from solver.instance import Instance
    from solver.schedule import Schedule


def items_frame(inst: Instance, lang: str | None = None) -> pd.DataFrame:
    """One row per agenda item (sub-items included, headings folded in): its body, number, title,
    minutes (or whole meetings), the discussions that place it and its window."""
    import pandas as pd

    from solver.annex.export import check_language

    check_language(inst, lang, place="lang")  # a language the session has no titles in gave empty titles
    lang = lang or inst.languages[0]
    rows = []
    for key, item in inst.items.items():
        rows.append(
            {
                "body": item.body,
                "number": item.number,
                "title": item.title.get(lang, ""),
                "minutes": item.minutes,
                "meetings": item.meetings,
                "split": item.split,
                "segment": item.segment,
                "parts": len(item.resumed) + 1,
                "earliest": inst.periods[item.earliest].ref if item.earliest is not None else None,
                "latest": inst.periods[item.latest].ref if item.latest is not None else None,
                "pin": item.pin,
                "protected": item.protected,
                "key": key,
            }
        )
    return pd.DataFrame(rows)


def plan_frame(inst: Instance, schedule: Schedule, lang: str | None = None) -> pd.DataFrame:
    """One row per item part of a plan, in calendar order (the annex workbook's Items sheet)."""
    import pandas as pd

    from solver.annex.export import check_language
    from solver.annex.tables import ITEM_COLUMNS, item_parts

    check_language(inst, lang, place="lang")
    return pd.DataFrame(item_parts(inst, schedule, lang), columns=ITEM_COLUMNS)


def measures_frame(inst: Instance, report: Report) -> pd.DataFrame:
    """The plan's measures beside the limits they are held to, and the weighted objective."""
    import pandas as pd

    from solver.annex.tables import measure_rows

    rows = [
        {"measure": name, "value": value, "limit": None if limit in ("", "-") else int(limit)}
        for name, value, limit in measure_rows(inst, report)
    ]
    rows.append({"measure": "objective (weighted)", "value": report.objective, "limit": None})
    return pd.DataFrame(rows)
