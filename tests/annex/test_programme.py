"""The day's programme of meetings, as the Journal prints it: each meeting of the day in order,
the body's meeting number, its time and room, the items it takes up; a joint meeting once, with
each body's items under it; in every language of the session, right to left for Arabic; written
as Word, PDF, a workbook, a calendar, Markdown and HTML, text never taken for markup or a formula;
a day the session does not have, or a format it cannot write, said in one line."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app
from solver import load_instance, read_schedule
from solver.annex.programme import build_programme, meeting_number
from solver.words import words
from tests.builders import INSTANCES, body, item, planned, tiny

runner = CliRunner()
COSP = INSTANCES / "cosp8-2019.yaml"
COSP_PLAN = INSTANCES / "cosp8-2019.published.json"


def test_each_meeting_of_the_day_with_its_number_time_and_items() -> None:
    inst, plan = load_instance(COSP), read_schedule(COSP_PLAN)
    seen: dict[str, int] = {}
    for day in inst.days:
        programme = build_programme(inst, plan, day, "en")
        meetings = [m for m in plan.meetings if m.period.startswith(day)]
        assert sum(len(s.blocks) for s in programme.sittings) == len(meetings)
        assert [s.start for s in programme.sittings] == sorted(s.start for s in programme.sittings)
        for s in programme.sittings:
            for b in s.blocks:
                seen[b.body] = seen.get(b.body, 0) + 1
                assert b.number == meeting_number(words("en"), seen[b.body])  # counted over the session
                meeting = next(m for m in meetings if m.period == s.period and m.body == b.body)
                shown = [label for label, _ in b.items]
                assert shown == [f"Item {' and '.join(e.numbers)}" for e in meeting.entries if e.numbers != ("-",)]
    assert seen == {b: len({m.period for m in plan.meetings if m.body == b}) for b in {m.body for m in plan.meetings}}


def test_meeting_numbers_as_each_language_writes_them() -> None:
    en = [meeting_number(words("en"), n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)]
    assert en == [f"{x} meeting" for x in ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]]
    assert [meeting_number(words("fr"), n) for n in (1, 2)] == ["1re séance", "2e séance"]
    assert meeting_number(words("zh"), 5) == "第5次会议" and meeting_number(words("ru"), 5) == "5-е заседание"
    assert meeting_number(words("es"), 5) == "5ª sesión" and meeting_number(words("ar"), 5) == "الجلسة 5"


def test_a_joint_meeting_is_one_meeting_with_each_bodys_items() -> None:
    doc = tiny(
        body("wg", item("1", 120), item("2", 180)),
        body("irg", item("1", 60), item("4", 180)),
        joint=[{"id": "J1", "items": ["wg:2", "irg:4"], "minutes": 180}],
        days=2,
    )
    inst, plan = planned(doc)
    joint_period = next(m.period for m in plan.meetings if any(e.joint for e in m.entries))
    day = joint_period.split()[0]
    sitting = next(s for s in build_programme(inst, plan, day, "en").sittings if s.period == joint_period)
    assert sitting.joint and [b.body for b in sitting.blocks] == ["wg", "irg"]
    assert ("Item 2", "Item 2 (joint item)") in [b.items[-1] for b in sitting.blocks]


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx", ".xlsx", ".ics"])
def test_written_in_each_format(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"programme{suffix}"
    result = runner.invoke(app, ["programme", str(COSP), str(COSP_PLAN), "--day", "2019-12-17", "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Tuesday 17 December 2019: 4 meetings"
    data = out.read_bytes()
    if suffix in (".md", ".html"):
        text = data.decode()
        assert "Programme of meetings" in text and "Tuesday, 17 December 2019" in text and "3rd meeting" in text
        assert "General discussion (continued)" in text and not re.search(r"\d{4}-\d{2}-\d{2}", text)
    elif suffix == ".ics":
        assert data.count(b"BEGIN:VEVENT") == 4 and b"DTSTART;TZID=Asia/Dubai:20191217T100000" in data
    elif suffix == ".docx":
        xml = zipfile.ZipFile(out).read("word/document.xml").decode()
        assert "Programme of meetings" in xml and "3rd meeting" in xml
    else:
        sheet = load_workbook(out).active
        rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
        assert rows[0][0] == "Programme of meetings" and any(r[3] == "3rd meeting" for r in rows)


def test_a_day_by_its_name_and_in_another_language(tmp_path: Path) -> None:
    out = tmp_path / "programme.html"
    result = runner.invoke(app, ["programme", str(COSP), str(COSP_PLAN), "--day", "Wednesday 18 December", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "会议方案" in text and "2019年12月18日" in text and "第5次会议" in text  # the session's first language


def test_arabic_reads_right_to_left(tmp_path: Path) -> None:
    session = INSTANCES / "joint-week-2021.yaml"
    inst = load_instance(session)
    plan_file = tmp_path / "plan.json"
    assert runner.invoke(app, ["solve", str(session), "-o", str(plan_file), "-q"]).exit_code == 0
    for suffix in (".html", ".xlsx", ".docx"):
        out = tmp_path / f"p{suffix}"
        result = runner.invoke(
            app, ["programme", str(session), str(plan_file), "--day", inst.days[1], "-o", str(out), "--lang", "ar"]
        )
        assert result.exit_code == 0, result.output
        if suffix == ".html":
            assert 'dir="rtl"' in out.read_text(encoding="utf-8") and "برنامج الجلسات" in out.read_text(encoding="utf-8")
        elif suffix == ".xlsx":
            assert load_workbook(out).active.sheet_view.rightToLeft
        else:
            assert "<w:bidi/>" in zipfile.ZipFile(out).read("word/document.xml").decode()


def test_text_stays_text(tmp_path: Path) -> None:
    evil = {"en": '=HYPERLINK("http://x") <script>alert(1)</script>'}
    doc = tiny(body("a", item("1", 120, title=evil)))
    session = tmp_path / "s.yaml"
    session.write_text(yaml.safe_dump(doc), encoding="utf-8")
    plan_file = tmp_path / "plan.json"
    assert runner.invoke(app, ["solve", str(session), "-o", str(plan_file), "-q"]).exit_code == 0
    day = read_schedule(plan_file).meetings[0].period.split()[0]
    for suffix in (".html", ".xlsx", ".md"):
        out = tmp_path / f"p{suffix}"
        assert runner.invoke(app, ["programme", str(session), str(plan_file), "--day", day, "-o", str(out)]).exit_code == 0
        if suffix == ".html":
            assert "<script>" not in out.read_text() and "&lt;script&gt;" in out.read_text()
        elif suffix == ".md":
            assert "<script>" not in out.read_text()
        else:
            cells = [c for row in load_workbook(out).active.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
            assert cells and all(c.data_type == "s" for c in cells)


def test_a_day_or_a_format_the_programme_cannot_have(tmp_path: Path) -> None:
    result = runner.invoke(app, ["programme", str(COSP), str(COSP_PLAN), "--day", "2019-12-25", "-o", str(tmp_path / "p.md")])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "'2019-12-25' is not a day of this session (its days: Monday 16 December, Tuesday 17" in result.output
    result = runner.invoke(app, ["programme", str(COSP), str(COSP_PLAN), "--day", "2019-12-17", "-o", str(tmp_path / "p.csv")])
    assert result.exit_code == 2 and "cannot write the programme as '.csv'" in result.output
    assert not list(tmp_path.iterdir())  # nothing written, nothing left behind
