"""The plan as a calendar: one event per meeting, named by body and items, at the meeting's
times, in the room; valid iCalendar that calendar programs read, the same bytes every time."""

from __future__ import annotations

import datetime
import zoneinfo
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cli import app
from solver import load_instance, read_schedule
from solver.annex.ical import calendar_text, escape, fold
from tests.builders import INSTANCES, planned

icalendar = pytest.importorskip("icalendar")

SIX = ["ar", "zh", "en", "fr", "ru", "es"]
ZONES = {"eg-intl-coop-2017": "Europe/Vienna", "cosp8-2019": "Asia/Dubai", "ctoc-wg-2017": "Europe/Vienna"}


def events(data: bytes) -> list:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


@pytest.mark.parametrize("name", ["eg-intl-coop-2017", "cosp8-2019", "ctoc-wg-2017"])
def test_one_event_per_meeting_at_its_times(tmp_path: Path, name: str) -> None:
    inst = load_instance(INSTANCES / f"{name}.yaml")
    schedule = read_schedule(INSTANCES / f"{name}.published.json")
    out = tmp_path / "plan.ics"
    result = CliRunner().invoke(
        app, ["export", str(INSTANCES / f"{name}.yaml"), str(INSTANCES / f"{name}.published.json"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    found = events(out.read_bytes())
    assert len(found) == len(schedule.meetings)
    assert len({str(e["UID"]) for e in found}) == len(found)
    periods = {p.ref: p for p in inst.periods}
    venue = zoneinfo.ZoneInfo(ZONES[name])  # the venue's zone, from the session's place (Vienna, Abu Dhabi)
    expected = sorted(
        (
            (
                datetime.datetime.fromisoformat(periods[m.period].date) + datetime.timedelta(minutes=periods[m.period].start)
            ).replace(tzinfo=venue),
            (datetime.datetime.fromisoformat(periods[m.period].date) + datetime.timedelta(minutes=periods[m.period].end)).replace(
                tzinfo=venue
            ),
            inst.bodies[m.body].short_name[inst.languages[0]],
        )
        for m in schedule.meetings
    )
    got = sorted((e["DTSTART"].dt, e["DTEND"].dt, str(e["SUMMARY"]).split(":")[0]) for e in found)
    assert got == expected
    # each event names the items its meeting takes up
    for event, meeting in zip(
        found, sorted(schedule.meetings, key=lambda m: (periods[m.period].index, list(inst.bodies).index(m.body))), strict=True
    ):
        numbers = [n for e in meeting.entries for n in e.numbers if inst.items[f"{meeting.body}:{n}"].number != "-"]
        for n in numbers:
            assert n in str(event["DESCRIPTION"])


@pytest.mark.parametrize("lang", SIX)
def test_calendar_in_every_language(lang: str) -> None:
    inst = load_instance(INSTANCES / "eg-intl-coop-2017.yaml")
    schedule = read_schedule(INSTANCES / "eg-intl-coop-2017.published.json")
    text = calendar_text(inst, schedule, lang)
    found = events(text.encode("utf-8"))
    assert inst.items["eg:3"].title[lang] in "".join(str(e["DESCRIPTION"]) for e in found)
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert text == calendar_text(inst, schedule, lang)  # deterministic: no clock, no random UIDs


def test_hostile_titles_stay_text() -> None:
    doc = yaml.safe_load((INSTANCES / "eg-intl-coop-2017.yaml").read_text(encoding="utf-8"))
    doc["session"]["languages"] = ["en"]
    nasty = "a;b,c\\d\nEND:VEVENT\r\nBEGIN:VALARM"  # (a control character is refused when the session is read)
    doc["bodies"][0]["items"][2]["title"] = {"en": nasty}
    inst, schedule = planned(doc)
    text = calendar_text(inst, schedule, "en")
    assert "\r\nBEGIN:VALARM" not in text
    found = events(text.encode("utf-8"))
    assert len(found) == len(schedule.meetings)
    assert any("a;b,c\\d\nEND:VEVENT\nBEGIN:VALARM" in str(e.get("DESCRIPTION", "")) for e in found)


def test_escape_and_fold_follow_rfc_5545() -> None:
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert "\x07" not in escape("bell\x07")  # never in an instance read from a file, but the API may build one
    line = "SUMMARY:" + "é" * 80
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts[:1]) and all(len(p.encode("utf-8")) <= 74 for p in parts[1:])
    assert "".join(parts) == line
