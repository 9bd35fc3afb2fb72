"""The page's app without a browser: who may reach it, what it refuses, what it renders and
what it gives to download or reads from an upload; where it says what it could not do (beside
the field, the cell or the button, in that answer alone), what it keeps of what was typed."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from starlette.testclient import TestClient
from typer.testing import CliRunner

from cli import app as cli_app
from solver.annex.export import read_plan
from solver.check import check
from solver.outcomes import cut_summary
from solver.studies.scenario import Scenario
from solver.web.app import MAX_FORM, create_app
from solver.web.desk import Desk
from tests.builders import ROOT, body, item, tiny
from tests.web.conftest import drawn, settled

HX = {"HX-Request": "true"}


@pytest.fixture
def client(desk: Desk) -> TestClient:
    return TestClient(create_app(desk), base_url="http://127.0.0.1:8765")


def _entries(plan) -> set:
    return {(m.period, m.body, e.numbers, e.minutes) for m in plan.meetings for e in m.entries}


def test_the_page_shows_every_period_of_every_room_as_a_place_to_drop_an_item(client: TestClient, desk: Desk) -> None:
    page = client.get("/?lang=en")
    assert page.status_code == 200
    for period in desk.state.inst.periods:
        for track in ("plenary", "parallel"):
            assert f'data-period="{period.ref}" data-track="{track}"' in page.text
    assert "/static/htmx.min.js" in page.text and "cdn" not in page.text.lower()
    assert client.get("/static/htmx.min.js").status_code == 200
    assert page.text.count('draggable="true"') >= len([e for m in desk.state.plan.meetings for e in m.entries])


def test_the_example_of_a_change_is_taken_from_the_session(tmp_path: Path) -> None:
    session = tmp_path / "wg.yaml"
    session.write_text(yaml.safe_dump(tiny(body("wg", item("1", 60)), days=3)), encoding="utf-8")
    page = TestClient(create_app(settled(Desk(session))), base_url="http://127.0.0.1:8765").get("/?lang=en")
    assert 'placeholder="bodies[wg].window.last=2030-01-08"' in page.text


def test_a_session_limited_in_hours_shows_each_days_hours_beside_its_cap(tmp_path: Path) -> None:
    doc = tiny(body("wg", item("1", 300)), days=2)
    doc["resources"] = {"per_day_hours": 4.5}
    session = tmp_path / "wg.yaml"
    session.write_text(yaml.safe_dump(doc), encoding="utf-8")
    page = TestClient(create_app(settled(Desk(session))), base_url="http://127.0.0.1:8765").get("/?lang=en").text
    assert "<th>hours</th><th>cap</th>" in page and "<td>4.5</td>" in page
    assert "most interpreted hours in a day" in page


def test_a_what_if_in_hours_from_the_page(tmp_path: Path) -> None:
    """A session limited in hours asks the what-if in hours: fewer hours cut what does not fit."""
    doc = tiny(body("wg", item("1", 300), item("2", 240)), days=2)
    doc["resources"] = {"budget_hours": 12, "per_day_hours": 6}
    session = tmp_path / "wg.yaml"
    session.write_text(yaml.safe_dump(doc), encoding="utf-8")
    desk = settled(Desk(session))
    client = TestClient(create_app(desk), base_url="http://127.0.0.1:8765")
    page = client.get("/?lang=en").text
    assert 'name="budget_hours"' in page and 'placeholder="12.0"' in page and 'name="per_day_hours"' in page
    answer = drawn(client.post("/whatif", data={"budget_hours": "two"}, headers=HX).text)
    assert answer.mistakes == [("mistake-budget_hours", "whatif-form", "'two' is not a number of hours")]
    assert answer.fields["budget_hours"] == ("two", True)
    client.post("/whatif", data={"budget_hours": "4.5"}, headers=HX)
    proposal = settled(desk).job.proposal
    assert proposal is not None and proposal.inst.budget_minutes == 270 and proposal.cuts


def test_a_page_of_another_site_cannot_change_the_plan(client: TestClient, desk: Desk) -> None:
    form = {"period": "2019-12-19 pm", "body": "cosp", "index": "0", "to": "2019-12-20 am"}
    assert client.post("/move", data=form).status_code == 403  # a plain form post from elsewhere
    elsewhere = TestClient(create_app(desk), base_url="http://attacker.example:8765")
    assert elsewhere.post("/move", data=form, headers=HX).status_code == 403  # a name pointed at 127.0.0.1
    assert elsewhere.get("/").status_code == 403
    assert desk.state.report.ok
    moved = client.post("/move", data=form, headers=HX)
    assert moved.status_code == 200 and "CAL-periods" in moved.text and not desk.state.report.ok


@pytest.mark.parametrize(
    "host", ["127.0.0.1@evil.example", "evil.example@127.0.0.1", "", "127.0.0.1 evil.example", "127.0.0.1:8765/x"]
)
def test_a_host_no_browser_would_send_is_refused(client: TestClient, desk: Desk, host: str) -> None:
    """The Host is read as a browser sends it (a name or an address, and a port): a URL parser
    would take 127.0.0.1 out of '127.0.0.1@evil.example' or 'evil.example@127.0.0.1'."""
    headers = {**HX, "host": host}
    assert client.get("/", headers=headers).status_code == 400
    assert client.get("/download/json", headers=headers).status_code == 400
    pin = client.post("/pin", data={"discussion": "cosp:1(a)", "on": "1"}, headers=headers)
    assert pin.status_code == 400 and desk.state.doc == desk.saved.doc  # nothing pinned


def test_a_request_with_no_host_or_two_is_refused(desk: Desk) -> None:
    from solver.web.app import host_of

    assert host_of({"headers": []}) is None
    assert host_of({"headers": [(b"host", b"127.0.0.1"), (b"host", b"evil.example")]}) is None
    assert host_of({"headers": [(b"host", b"LOCALHOST:8765")]}) == ("localhost", "localhost:8765")
    assert host_of({"headers": [(b"host", b"[::1]:8765")]}) == ("[::1]", "[::1]:8765")


def test_a_request_from_another_origin_is_refused(client: TestClient, desk: Desk) -> None:
    """A page of another site (or a sandboxed one: Origin null) may not call the page, even
    through its own address; the page's own origin may."""
    form = {"discussion": "cosp:1(a)", "on": "1"}
    for origin in ("http://evil.example", "null", "http://127.0.0.1:9999", "https://127.0.0.1:8765"):
        assert client.post("/pin", data=form, headers={**HX, "origin": origin}).status_code == 403
        assert client.get("/download/json", headers={"origin": origin}).status_code == 403
    assert desk.state.doc == desk.saved.doc
    assert client.post("/pin", data=form, headers={**HX, "origin": "http://127.0.0.1:8765"}).status_code == 200
    assert desk.state.doc != desk.saved.doc  # pinned


def test_open_to_the_network_every_request_needs_the_token(desk: Desk) -> None:
    app = create_app(desk, token="s3cret", local=False)
    stranger = TestClient(app, base_url="http://10.0.0.5:8765")
    assert stranger.get("/").status_code == 403
    assert stranger.get("/?token=wrong").status_code == 403
    assert stranger.get("/download/json").status_code == 403
    planner = TestClient(app, base_url="http://10.0.0.5:8765")
    first = planner.get("/?token=s3cret", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/"  # the token leaves the address bar
    assert planner.get("/").status_code == 200  # now carried by its cookie
    assert planner.get("/download/json").status_code == 200


def test_request_sizes_are_bounded(client: TestClient) -> None:
    big = client.post("/type", data={"period": "2019-12-20 pm", "body": "cosp", "text": "9 60\n" * MAX_FORM}, headers=HX)
    assert big.status_code == 413

    def chunks():
        for _ in range(MAX_FORM // 1000 + 2):
            yield b"x" * 1000

    streamed = client.post("/type", content=chunks(), headers={**HX, "content-type": "application/x-www-form-urlencoded"})
    assert streamed.status_code == 413


def test_a_form_the_page_did_not_fill_is_a_message_not_a_crash(client: TestClient, desk: Desk) -> None:
    answer = client.post("/move", data={"period": "2019-12-19 pm"}, headers=HX)
    assert answer.status_code == 200
    assert drawn(answer.text).mistakes == [("mistake-page", "board", "the page sent no 'body'; reload it")]
    answer = client.post("/move", data={"period": "2019-12-19 pm", "body": "cosp", "index": "x", "to": "a"}, headers=HX)
    assert drawn(answer.text).mistakes == [("mistake-page", "board", "index: 'x' is not a whole number")]
    answer = drawn(client.post("/whatif", data={"teams": "-1"}, headers=HX).text)
    assert answer.mistakes == [("mistake-teams", "whatif-form", "'-1' is not a whole number")]
    answer = drawn(client.post("/whatif", data={"teams": "٢"}, headers=HX).text)  # Arabic-Indic digits are digits
    assert answer.mistakes == [] and settled(desk).job is not None
    desk.discard()
    answer = drawn(client.post("/whatif", data={"teams": "²"}, headers=HX).text)  # a digit, but no number
    assert answer.mistakes == [("mistake-teams", "whatif-form", "'²' is not a whole number")]
    answer = drawn(client.post("/whatif", data={}, headers=HX).text)
    assert [(i, text[:17]) for i, _, text in answer.mistakes] == [("mistake-whatif", "say what changes:")]
    assert desk.job is None
    answer = client.post("/whatif", data={"settings": "calendar.days=7"}, headers=HX)
    assert answer.status_code == 200
    ((_, within, text),) = drawn(answer.text).mistakes
    assert within == "whatif-form" and text.startswith("calendar.days: ")  # the line it is about
    answer = client.post("/type", data={"period": "someday", "body": "cosp", "text": "9 60"}, headers=HX)
    ((_, _, text),) = drawn(answer.text).mistakes
    assert "someday" in text and drawn(answer.text).fields["text"] == ("9 60", True)


def test_a_mistake_in_a_cell_is_said_beside_it_and_what_was_typed_kept(client: TestClient, desk: Desk) -> None:
    """The body's form comes back as typed, the mistake under it, the editor open (the board is
    not redrawn: nothing changed); a reload says nothing of it; once right, the board comes back
    and the editor closes."""
    version, before = desk.version, _entries(desk.state.plan)
    answer = client.post("/type", data={"period": "2019-12-20 pm", "body": "cosp", "text": "9  60\n99  120"}, headers=HX)
    assert "HX-Retarget" not in answer.headers and 'id="board"' not in answer.text  # the form is its own target
    form = drawn(answer.text)
    assert form.fields["text"] == ("9  60\n99  120", True)
    ((_, _, said),) = form.mistakes
    assert said.startswith("line 2: ") and "99" in said and "cell:" not in said
    assert desk.version == version and _entries(desk.state.plan) == before  # no other tab is disturbed
    assert drawn(client.get("/?lang=en").text).mistakes == []
    right = client.post("/type", data={"period": "2019-12-20 pm", "body": "cosp", "text": "10  120\n9  60"}, headers=HX)
    assert right.headers["HX-Retarget"] == "#board" and right.headers["HX-Reswap"] == "outerHTML"
    assert '<div id="editor" hx-swap-oob="true"></div>' in right.text  # the editor closes
    assert drawn(right.text).mistakes == [] and 'id="board"' in right.text
    cell = drawn(client.get("/cell", params={"period": "2019-12-20 pm", "track": "plenary", "lang": "en"}).text)
    assert cell.fields["text"] == ("10  120\n9  60", False)  # the order typed, kept


def test_what_if_mistakes_are_said_each_beside_its_field_at_once(client: TestClient, desk: Desk) -> None:
    version = desk.version
    form = {"teams": "two", "budget": "-3", "drop_day": "2019-12-17", "settings": "resources.budget 12"}
    answer = client.post("/whatif", data=form, headers=HX)
    assert "HX-Retarget" not in answer.headers and 'id="board"' not in answer.text
    shown = drawn(answer.text)
    assert {i: (within, text[:20]) for i, within, text in shown.mistakes} == {
        "mistake-teams": ("whatif-form", "'two' is not a whole"),
        "mistake-budget": ("whatif-form", "'-3' is not a whole "),
        "mistake-settings": ("whatif-form", "'resources.budget 12"),
    }
    assert shown.fields["teams"] == ("two", True) and shown.fields["budget"] == ("-3", True)
    assert shown.fields["settings"] == ("resources.budget 12", True) and not shown.fields["per_day"][1]
    assert 'value="2019-12-17" checked' in answer.text  # the day ticked stays ticked
    assert desk.job is None and desk.version == version
    # a mistake found in the changed session is said beside the field it came from
    answer = drawn(client.post("/whatif", data={"settings": "resources.teams=nine"}, headers=HX).text)
    assert [i for i, _, _ in answer.mistakes] == ["mistake-settings"]
    assert drawn(client.get("/?lang=en").text).mistakes == []  # a reload: nothing of it
    right = client.post("/whatif", data={"drop_day": "2019-12-16"}, headers=HX)
    assert right.headers["HX-Retarget"] == "#board" and drawn(right.text).mistakes == []
    assert settled(desk).job.proposal is not None


def test_a_refused_drop_or_button_is_said_where_it_was_pressed(client: TestClient, desk: Desk, cosp: Path) -> None:
    form = {"period": "2019-12-19 pm", "body": "cosp", "index": "0", "to": "2019-12-20 am", "track": "parallel"}
    answer = client.post("/move", data={**form, "lang": "en"}, headers=HX)  # the page sends its language
    ((where, _, said),) = drawn(answer.text).mistakes
    assert where == "mistake-cell" and said.startswith("Conference of the States Parties meets in another room")
    in_chinese = drawn(client.post("/move", data={**form, "lang": "zh"}, headers=HX).text).mistakes[0][2]
    assert in_chinese.startswith("缔约国会议 meets in another room")  # named as the page in Chinese shows it
    before, cell = answer.text.split('data-period="2019-12-20 am" data-track="parallel"')
    assert "refused" in before.rsplit("<td", 1)[1]  # the cell dropped on is marked ...
    assert 'id="mistake-cell"' in cell.split("</td>")[0]  # ... and says why inside it
    assert drawn(client.get("/?lang=en").text).mistakes == []
    # a pin the page offers no longer (the page out of date): said on the cell pressed, or in the
    # Pinned list where it was unpinned from
    pinned = {"discussion": "cosp:99", "on": "1", "period": "2019-12-19 pm", "track": "plenary"}
    assert [m[0] for m in drawn(client.post("/pin", data=pinned, headers=HX).text).mistakes] == ["mistake-cell"]
    unpinned = {"discussion": "cosp:99", "on": "0"}
    assert drawn(client.post("/pin", data=unpinned, headers=HX).text).mistakes[0][:2] == ("mistake-pins", "pins")
    desk.pin("cosp:7", True)
    cosp.write_text(cosp.read_text(encoding="utf-8") + "\n# edited elsewhere\n", encoding="utf-8")
    saved = drawn(client.post("/save", headers=HX).text)
    ((where, _, said),) = saved.mistakes
    assert where == "mistake-tools" and "changed on disk" in said  # in the bar, beside Save
    assert saved.texts["save"] == "Save *"
    assert drawn(client.post("/accept", headers=HX).text).mistakes[0][0] == "mistake-page"  # no search: said on top


def test_save_shows_a_star_only_with_unsaved_changes(client: TestClient, desk: Desk) -> None:
    assert drawn(client.get("/?lang=en").text).texts["save"] == "Save"  # the first plan is no change
    form = {"period": "2019-12-19 pm", "body": "cosp", "index": "0", "to": "2019-12-20 pm", "track": "plenary"}
    assert drawn(client.post("/move", data=form, headers=HX).text).texts["save"] == "Save *"
    assert drawn(client.post("/undo", headers=HX).text).texts["save"] == "Save"
    client.post("/redo", headers=HX)
    assert drawn(client.post("/save", headers=HX).text).texts["save"] == "Save"


def test_the_changes_of_a_proposal_are_listed_whole_a_day_at_a_time(client: TestClient, desk: Desk) -> None:
    desk.whatif(Scenario(drop_days=["2019-12-18"]))
    proposal = settled(desk).job.proposal
    assert len(proposal.changes) > 4 and len({c["day"] for c in proposal.changes}) > 1
    page = client.get("/?lang=en").text
    listed = page.split('<div id="changes">')[1].split("</div>")[0]
    days = [c["day"] for c in proposal.changes]
    assert listed.count("<li>") == len(proposal.changes)
    assert [h.split("</h5>")[0] for h in listed.split("<h5>")[1:]] == list(dict.fromkeys(days))
    css = client.get("/static/page.css").text
    assert "#changes" in css and not any("max-height" in rule for rule in css.split("}") if "#changes" in rule)


def test_text_from_the_session_is_shown_never_run(tmp_path: Path) -> None:
    evil = "<script>alert(1)</script>"
    doc = tiny(body("a", item("1", 120, title={"en": evil})), session={"id": "x", "title": {"en": f"{evil} session"}})
    path = tmp_path / "evil.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    page = TestClient(create_app(settled(Desk(path))), base_url="http://127.0.0.1").get("/")
    assert evil not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_downloads_read_back_as_the_plan_on_the_page(client: TestClient, desk: Desk, tmp_path: Path) -> None:
    for kind in ("xlsx", "docx", "json"):
        answer = client.get(f"/download/{kind}?lang=en")
        assert answer.status_code == 200
        assert "attachment" in answer.headers["content-disposition"]
        saved = tmp_path / f"annex.{kind}"
        saved.write_bytes(answer.content)
        plan = read_plan(desk.state.inst, saved)
        assert _entries(plan) == _entries(desk.state.plan) and check(desk.state.inst, plan).ok
    assert client.get("/download/exe").status_code == 404


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_annex_downloads_as_pdf_where_libreoffice_is(client: TestClient) -> None:
    answer = client.get("/download/pdf?lang=en")
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")


def test_the_pdf_without_libreoffice_is_one_line_not_an_error(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import solver.web.routes as page

    monkeypatch.setattr(page.shutil, "which", lambda name: None)
    answer = client.get("/download/pdf?lang=en")
    assert answer.status_code == 404 and answer.text == (
        "the PDF is made by LibreOffice, which is not installed here; download the .docx"
    )
    assert "pdf" not in client.get("/?lang=en").text.split("Download", 1)[-1].split("</", 1)[0]


def test_hostile_plans_opened_on_the_page_are_one_line(client: TestClient, desk: Desk, tmp_path: Path) -> None:
    """A text file named .docx, a zip bomb (refused unread: the server's memory does not grow),
    a number Python refuses to convert: each one line on the page, the plan unchanged."""
    import zipfile

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(101):
            archive.writestr(f"xl/worksheets/sheet{n + 1}.xml", bytes(999_999))
    before = desk.state.plan
    for name, data, words in (
        ("annex.docx", b"just text", "annex.docx: not a Word document (.docx): the file is text"),
        ("annex.xlsx", bomb.read_bytes(), "annex.xlsx: not an Excel workbook (.xlsx) that can be read: it unpacks to"),
        ("plan.json", b'{"format": "orgwork-schedule/1", "meetings": [' + b"9" * 5000 + b"]}", "a number of more than 15"),
    ):
        answer = client.post("/open", files={"plan": (name, data, "application/octet-stream")}, headers=HX)
        assert answer.status_code == 200 and words in answer.text, answer.text[:300]
        assert desk.state.plan is before


def test_a_plan_opened_on_the_page_is_checked_and_a_bad_one_named(client: TestClient, desk: Desk) -> None:
    plan = json.loads(desk.state.plan.dumps())
    plan["meetings"][0]["items"][0]["minutes"] = 170
    answer = client.post("/open", files={"plan": ("edited.json", json.dumps(plan).encode(), "application/json")}, headers=HX)
    assert answer.status_code == 200 and desk.state.solver == "opened from a file"
    assert "ITEM-time" in answer.text or "CAL-periods" in answer.text
    bad = client.post("/open", files={"plan": ("broken.json", b"{not json", "application/json")}, headers=HX)
    assert "broken.json" in bad.text and "/tmp" not in bad.text
    exe = client.post("/open", files={"plan": ("plan.exe", b"MZ", "application/octet-stream")}, headers=HX)
    assert "plan.exe: open a plan as .json" in exe.text


def test_serve_refuses_a_bad_session_and_a_port_in_use(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("session: [", encoding="utf-8")
    result = CliRunner().invoke(cli_app, ["serve", str(bad), "--no-browser"])
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "bad.yaml" in result.output
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        good = tmp_path / "good.yaml"
        good.write_text(yaml.safe_dump(tiny(body("a", item("1", 60)))), encoding="utf-8")
        result = CliRunner().invoke(cli_app, ["serve", str(good), "--no-browser", "--port", str(port), "--time-limit", "1"])
    assert result.exit_code == 2 and f"127.0.0.1:{port} is in use; give another with --port" in result.output


def test_serve_on_an_address_not_of_this_machine_ends_with_one_line(tmp_path: Path) -> None:
    """In a process of its own: the first plan's search, started when the session is read, is
    stopped and waited for, so the program ends with its one line and exit 2 (not an abort)."""
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(tiny(body("a", item("1", 60)))), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "cli", "serve", str(good), "--no-browser", "--host", "no such host"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    lines = (run.stdout + run.stderr).strip().splitlines()
    assert run.returncode == 2, lines
    assert len(lines) == 1 and lines[0].startswith("error: --host: 'no such host' is not an address of this machine")


def test_a_plan_with_cuts_says_what_it_cut_when_opened_again(desk: Desk, cosp: Path) -> None:
    """A partial what-if plan, accepted and saved, opens again clean; the page says what it cut
    (a planner reopening the session must not take it for the whole agenda)."""
    assert "This plan cuts:" not in TestClient(create_app(desk), base_url="http://127.0.0.1:8765").get("/?lang=en").text
    desk.whatif(Scenario(drop_days=["2019-12-16"]))
    settled(desk).accept()
    desk.save()
    again = settled(Desk(cosp))
    page = TestClient(create_app(again), base_url="http://127.0.0.1:8765").get("/?lang=en")
    assert "Clean: every requirement is met" in page.text and "This plan cuts:" in page.text
    for did, kept in again.state.plan.cuts.items():
        minutes = again.state.inst.discussions[did].minutes
        if kept and minutes:
            assert f"shortened from {minutes} to {kept} minutes" in page.text
    # more than one item cut: body by body first, then item by item
    assert len(again.state.plan.cuts) > 1 and "Item by item:" in page.text
    assert all(line in page.text for line in cut_summary(again.state.inst, again.state.plan.cuts))


def test_serve_stopped_with_ctrl_c_exits_0(tmp_path: Path) -> None:
    """Ctrl-C is how the page is meant to stop: a line, exit code 0 (uvicorn raises the signal
    again once it has stopped; the command ends there)."""
    import signal
    import time
    import urllib.request

    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(tiny(body("a", item("1", 60)))), encoding="utf-8")
    serving = subprocess.Popen(
        [sys.executable, "-m", "cli", "serve", str(good), "--no-browser", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
    )
    assert serving.stdout is not None
    first = serving.stdout.readline()
    assert first.startswith("orgwork: planning tiny at http://127.0.0.1:")
    url = first.split(" at ", 1)[1].split()[0]
    for _ in range(600):  # until the page answers: Ctrl-C on a page that is up
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    break
        except OSError:
            time.sleep(0.1)
    serving.send_signal(signal.SIGINT)
    rest, _ = serving.communicate(timeout=60)
    assert serving.returncode == 0, rest
    assert rest == "orgwork: stopped\n"
