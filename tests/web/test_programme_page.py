"""The day's programme from the page: the next day's selected, downloaded in each format."""

from __future__ import annotations

import datetime
import zipfile
from io import BytesIO

from starlette.testclient import TestClient

from solver.web.app import create_app
from solver.web.desk import Desk
from solver.web.routes import next_day


def test_the_next_days_programme_downloads(desk: Desk) -> None:
    client = TestClient(create_app(desk), base_url="http://127.0.0.1:8765")
    page = client.get("/?lang=en").text
    assert 'id="programme"' in page and "Programme of meetings for" in page
    day = desk.state.inst.days[1]
    answer = client.get("/programme", params={"day": day, "kind": "docx", "lang": "en"})
    assert answer.status_code == 200 and f"programme-{day}.docx" in answer.headers["content-disposition"]
    assert "Programme of meetings" in zipfile.ZipFile(BytesIO(answer.content)).read("word/document.xml").decode()
    html = client.get("/programme", params={"day": day, "kind": "html", "lang": "zh"})
    assert html.status_code == 200 and "会议方案" in html.text
    assert client.get("/programme", params={"day": "2019-01-01", "kind": "docx"}).status_code == 404
    assert client.get("/programme", params={"day": day, "kind": "exe"}).status_code == 404


def test_the_day_offered_is_tomorrow_during_the_session() -> None:
    days = ["2019-12-16", "2019-12-17", "2019-12-18"]
    assert next_day(days, datetime.date(2019, 12, 16)) == "2019-12-17"
    assert next_day(days, datetime.date(2019, 12, 1)) == "2019-12-16"  # before the session: its first day
    assert next_day(days, datetime.date(2020, 1, 1)) == "2019-12-18"  # after it: its last
