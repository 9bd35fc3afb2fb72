"""What real sessions say works on the page too: a period held in person in a hybrid session,
an afternoon that may run later, a committee meeting right after the plenary, an item voted in
person during which the Committee of the Whole suspends its work; a move that breaks one of
these rules is named on the cell, in words with its code after."""

from __future__ import annotations

from pathlib import Path

import yaml
from starlette.testclient import TestClient

from solver.web.app import create_app
from solver.web.desk import Desk
from tests.builders import body, item
from tests.web.conftest import settled
from tests.web.test_page_words import seen

SESSION = {
    "session": {"id": "rules-2030", "title": {"en": "Rules session"}},
    "calendar": {
        "format": "hybrid",
        "periods": {
            "am": {"start": "10:00", "end": "13:00", "format": "in person"},
            "pm": {"start": "15:00", "end": "18:00", "later": 60},
        },
        "days": ["2030-01-07", "2030-01-08", "2030-01-09"],
    },
    "bodies": [
        body(
            "plenary",
            item("1", 30, pin="first"),
            item("2", 300),
            item("3", 120, format="in person", suspends=["cow"]),
            item("4", 60, pin="last"),
            name={"en": "Plenary"},
        ),
        body("drafting", item("1", 60), follows="plenary", name={"en": "Drafting Committee"}),
        body("cow", item("1", 360), name={"en": "Committee of the Whole"}),
    ],
    "resources": {"teams": 2},
}


def test_the_rules_of_real_sessions_on_the_page(tmp_path: Path) -> None:
    path = tmp_path / "session.yaml"
    path.write_text(yaml.safe_dump(SESSION), encoding="utf-8")
    desk = settled(Desk(path, time_limit=20, workers=1))
    client = TestClient(create_app(desk), base_url="http://127.0.0.1:8765")
    page = seen(client.get("/?lang=en").text)
    assert "Clean: every requirement is met" in page
    assert "10 a.m.–1 p.m. (in person)" in page and "3–6 p.m. or later if required (hybrid)" in page
    assert "(immediately after Plenary)" in page

    plan = desk.state.plan
    vote = next(m.period for m in plan.meetings if m.body == "plenary" and any(e.numbers == ("3",) for e in m.entries))
    cow = next(m.period for m in plan.meetings if m.body == "cow" and m.period != vote)
    desk.move(cow, "cow", 0, vote)  # the committee meets while the plenary votes
    page = seen(client.get("/?lang=en").text)
    assert "breaks: while an item is taken up, the bodies it suspends do not meet" in page
    assert "(ITEM-suspends)" in page and "Committee of the Whole meets on " in page and "suspends its work" in page
