"""The page speaks the planner's words: no solver status, no ISO date, no bare rule code, no
body id, on the board, in a cell's form, in a search's progress, in a proposal and its changes,
in what a what-if changes, and in the tooltips."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from starlette.testclient import TestClient

from solver.search.watch import Progress
from solver.studies.scenario import Scenario
from solver.web.app import create_app
from solver.web.desk import Desk
from solver.web.jobs import Job
from tests.test_words import said
from tests.web.conftest import settled

SKIPPED = ("script", "style", "textarea")  # code, and what the planner typed


class _Seen(HTMLParser):
    """What a planner reads: the text, and the tooltips and placeholders beside it."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skip += 1
        shown = dict(attrs)
        self.lines += [shown[k] or "" for k in ("title", "aria-label") if shown.get(k)]
        if shown.get("placeholder") and tag != "textarea":
            self.lines.append(shown["placeholder"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip and data.strip():
            self.lines.append(data.strip())


def seen(html: str) -> str:
    reader = _Seen()
    reader.feed(html)
    return "\n".join(reader.lines)


def test_the_page_says_plans_days_items_and_rules_in_words(desk: Desk) -> None:
    client = TestClient(create_app(desk), base_url="http://127.0.0.1:8765")
    page = seen(client.get("/?lang=en").text)
    assert "Plan: the best plan possible" in page and said(page) == []
    assert "Monday 16 December" in page  # the days' counts, by day
    first = desk.state.plan.meetings[0]
    cell = client.get("/cell", params={"period": first.period, "track": desk.state.inst.bodies[first.body].track})
    assert cell.status_code == 200 and said(seen(cell.text)) == []
    assert ", morning" in seen(cell.text) or ", afternoon" in seen(cell.text)
    # pinned items say where they start
    assert re.search(r"item \S+ of .+, \d+ minutes, starting \w+day \d+ \w+, (morning|afternoon)", page)


def test_a_search_and_a_what_if_are_said_in_words(desk: Desk) -> None:
    job = Job("whatif", "a search")
    job.progress = Progress(elapsed=3.0, objective=12345, bound=10000)
    line = job.status_line()
    assert "12,345" not in line and "% from the best possible" in line and said(line) == []

    days = sorted({p.date for p in desk.state.inst.periods})
    desk.whatif(Scenario(drop_days=[days[1]]))
    proposal = settled(desk).job.proposal
    assert proposal is not None and proposal.changes and proposal.cuts
    client = TestClient(create_app(desk), base_url="http://127.0.0.1:8765")
    for view in ("/?lang=en", "/?lang=en&view=proposal"):
        page = seen(client.get(view).text)
        assert said(page) == [], view
    page = seen(client.get("/?lang=en").text)
    assert "What if: Tuesday 17 December lost" in page
    assert "the checker finds it clean" in page and "Proposed plan: the best plan" in page
    # a period of the day lost is said by its day too, in the order of the days
    assert "Tuesday 17 December, morning (180 minutes)" in page


def test_a_broken_cell_names_the_rule_in_words_with_its_code_after(desk: Desk, tmp_path: Path) -> None:
    plan = desk.state.plan
    first = next(m for m in plan.meetings if m.body == "cosp")
    desk.move(first.period, "cosp", 0, plan.meetings[-1].period)  # the opening, moved to the last meeting
    client = TestClient(create_app(desk), base_url="http://127.0.0.1:8765")
    page = seen(client.get("/?lang=en").text)
    breaks = [line for line in page.splitlines() if "— breaks:" in line]
    assert breaks and said("\n".join(breaks)) == []
    assert re.search(r"breaks: [a-z].+ \([A-Z]+-[A-Za-z-]+\)", breaks[0])
