"""The session as it runs, on the page: the meetings held typed in as they went, "Re-plan the
rest" keeps them and proposes the rest with its changes in words; once accepted, a line marks
now, the meetings above it greyed and kept as held, and the checker judges the rest."""

from __future__ import annotations

from starlette.testclient import TestClient

from solver.web.app import create_app
from solver.web.desk import Desk
from tests.test_words import said
from tests.web.conftest import settled
from tests.web.test_page_words import seen

HX = {"HX-Request": "true"}


def test_the_rest_re_planned_from_the_page(desk: Desk) -> None:
    client = TestClient(create_app(desk), base_url="http://127.0.0.1:8765")
    assert 'id="replan-rest"' in client.get("/?lang=en").text
    desk.type_meeting("2019-12-17 pm", "cosp", "1(f)  60")  # the debate stopped an hour into the afternoon
    held = [m for m in desk.state.plan.meetings if m.period < "2019-12-18"]
    answer = client.post("/held", data={"from": "2019-12-18 am", "lang": "en"}, headers=HX)
    assert answer.status_code == 200
    proposal = settled(desk).job.proposal
    assert proposal is not None
    change = next(c for c in proposal.changes if c["item"].startswith("item 1(f)"))
    assert change["change"] == "not finished as planned by Tuesday 17 December"
    page = seen(client.get("/?lang=en").text)
    assert "120 minutes behind" in page and said(page) == []
    desk.accept()
    plan = desk.state.plan
    assert plan.meta["held"] == "2019-12-18 am" and [m for m in plan.meetings if m.period < "2019-12-18"] == held
    html = client.get("/?lang=en").text
    assert (html.count('id="now"') == 1 and 'class="slot held"' in html) or "held" in html.split('id="now"')[0]
    page = seen(html)
    assert "Clean: every requirement is met" in page and "Now: the meetings above were held" in page
    # a meeting held edited to say what really happened: the rest now owes the debate 10 minutes
    # more (the checker says so of the rest alone), and re-planning the rest gives them
    desk.type_meeting("2019-12-17 am", "cosp", "1(f)  170")
    assert desk.state.plan.meta["held"] == "2019-12-18 am"
    assert desk.state.report.rules_broken() == {"ITEM-time"}
    desk.replan_rest("2019-12-18 am")
    proposal = settled(desk).job.proposal
    assert proposal is not None and proposal.report.ok


def test_a_moment_the_session_does_not_have_is_said_beside_the_button(desk: Desk) -> None:
    client = TestClient(create_app(desk), base_url="http://127.0.0.1:8765")
    answer = client.post("/held", data={"from": "2019-12-31 am", "lang": "en"}, headers=HX)
    assert 'id="mistake-held"' in answer.text and "choose the last meeting held from the list" in answer.text
