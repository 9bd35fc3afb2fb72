"""The page speaks the planner's words, on a planner's own session: no solver status, no ISO
date, no bare rule code, no body id, on the board, in a cell's form, in a search's progress, in a
proposal and its changes, in what a what-if changes, and in the tooltips."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from starlette.testclient import TestClient

from solver.search.watch import Progress
from solver.studies.scenario import Scenario
from solver.web.app import create_app
from solver.web.desk import Desk
from solver.web.jobs import Job
from tests.test_words import SESSION, WEEKDAYS, _in_french, said
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


@pytest.fixture
def planners(tmp_path: Path) -> Desk:
    """The page over a session a planner wrote (not a bundled one), its first plan made."""
    path = tmp_path / "session.yaml"
    path.write_text(yaml.safe_dump(SESSION, allow_unicode=True), encoding="utf-8")
    return settled(Desk(path, time_limit=20, workers=1))


def test_the_page_says_plans_days_items_and_rules_in_words(planners: Desk) -> None:
    desk = planners
    client = TestClient(create_app(desk), base_url="http://127.0.0.1:8765")
    page = seen(client.get("/?lang=en").text)
    assert "Plan: the best plan possible" in page and said(page) == []
    assert "Tuesday 9 March" in page  # the days' counts, by day
    first = desk.state.plan.meetings[0]
    cell = client.get("/cell", params={"period": first.period, "track": desk.state.inst.bodies[first.body].track})
    assert cell.status_code == 200 and said(seen(cell.text)) == []
    assert ", morning" in seen(cell.text) or ", afternoon" in seen(cell.text)
    # pinned items say where they start
    assert re.search(r"item \S+ of .+, \d+ minutes, starting \w+day \d+ \w+, (morning|afternoon)", page)


def test_a_search_and_a_what_if_are_said_in_words(planners: Desk) -> None:
    desk = planners
    job = Job("whatif", "a search")
    job.progress = Progress(elapsed=3.0, objective=12345, bound=10000)
    line = job.status_line()
    assert "12,345" not in line and "% from the best possible" in line and said(line) == []

    days = sorted({p.date for p in desk.state.inst.periods})
    desk.whatif(Scenario(settings=[("resources.teams", 1, "the page")], drop_days=[days[1]]))
    proposal = settled(desk).job.proposal
    assert proposal is not None and proposal.changes and proposal.cuts
    client = TestClient(create_app(desk), base_url="http://127.0.0.1:8765")
    for view in ("/?lang=en", "/?lang=en&view=proposal"):
        page = seen(client.get(view).text)
        assert said(page) == [], view
    page = seen(client.get("/?lang=en").text)
    assert "What if: interpretation teams (interpreted meetings at the same time): 1; Tuesday 9 March lost" in page
    assert "the checker finds it clean" in page and "Proposed plan: the best plan" in page
    # a period of the day lost is said by its day too
    assert re.search(r"Tuesday 9 March, (morning|afternoon) \(\d+ minutes\)", page)


def test_a_broken_cell_names_the_rule_in_words_with_its_code_after(planners: Desk) -> None:
    desk = planners
    plan = desk.state.plan
    first = next(m for m in plan.meetings if m.body == "plen71")
    desk.move(first.period, "plen71", 0, plan.meetings[-1].period)  # the election of officers, moved to the end
    client = TestClient(create_app(desk), base_url="http://127.0.0.1:8765")
    page = seen(client.get("/?lang=en").text)
    breaks = [line for line in page.splitlines() if "— breaks:" in line]
    assert breaks and said("\n".join(breaks)) == []
    assert re.search(r"breaks: [a-z].+ \([A-Z]+-[A-Za-z-]+\)", breaks[0])


def test_the_page_names_days_meetings_and_items_in_its_language(tmp_path: Path) -> None:
    """On the page in French, the board, a cell's form, a what-if asked from the page and its
    changes name days and meetings as the French annex prints them, and the French titles; not
    one English weekday among them."""
    path = tmp_path / "session.yaml"
    path.write_text(yaml.safe_dump(_in_french(SESSION), allow_unicode=True), encoding="utf-8")
    desk = settled(Desk(path, time_limit=20, workers=1))
    client = TestClient(create_app(desk), base_url="http://127.0.0.1:8765")
    days = sorted({p.date for p in desk.state.inst.periods})
    asked = client.post("/whatif", data={"teams": "1", "drop_day": days[1], "lang": "fr"}, headers={"HX-Request": "true"})
    assert asked.status_code == 200
    proposal = settled(desk).job.proposal
    assert proposal is not None and proposal.changes
    for view in ("/?lang=fr", "/?lang=fr&view=proposal"):
        page = seen(client.get(view).text)
        assert not WEEKDAYS.search(page) and said(page) == [], view
    page = seen(client.get("/?lang=fr").text)
    assert "mardi 9 mars lost" in page  # what the what-if changes
    assert re.search(r"(lundi|mercredi|jeudi) \d+ mars, (matin|après-midi) \(\d+ minutes\)", page)
    first = desk.state.plan.meetings[0]
    cell = client.get("/cell", params={"period": first.period, "track": desk.state.inst.bodies[first.body].track, "lang": "fr"})
    assert re.search(r"\w+ \d+ mars, (matin|après-midi)", seen(cell.text))
    assert WEEKDAYS.search(seen(client.get("/?lang=en").text))  # in English, English days
