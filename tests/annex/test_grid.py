"""The annex table: each seed's Chinese annex, produced from its published schedule, reproduces
the published table cell by cell (golden files transcribed from the seeds); the English annex
reads as a UN annex."""

from __future__ import annotations

import pytest

from solver import load_instance, read_schedule
from solver.annex.grid import build_annex
from solver.words import words
from tests.builders import INSTANCES, ROOT, SEEDS, body, item, planned, tiny

FOLD = str.maketrans({"（": "(", "）": ")", "，": ",", "；": ";", "：": ":", "、": "、"})


def normal(cell: str) -> str:
    return "".join(cell.split()).translate(FOLD)


def golden(name: str) -> list[list[str]]:
    lines = (ROOT / "tests" / "golden" / f"{name}.zh.txt").read_text(encoding="utf-8").splitlines()
    return [[normal(c) for c in line.split("|")] for line in lines if line and not line.startswith("#")]


def produced(name: str, lang: str = "zh") -> list[list[str]]:
    inst = load_instance(INSTANCES / f"{name}.yaml")
    annex = build_annex(inst, read_schedule(INSTANCES / f"{name}.published.json"), lang)
    return [[normal(c) for c in row] for row in annex.grid()]


@pytest.mark.parametrize("name", SEEDS)
def test_chinese_annex_matches_the_published_table(name: str) -> None:
    expected, actual = golden(name), produced(name)
    for i, (want, got) in enumerate(zip(expected, actual, strict=False)):
        assert got == want, f"row {i + 1}"
    assert len(actual) == len(expected)


def test_english_annex_reads_as_a_un_annex() -> None:
    rows = produced("cosp8-2019", "en")
    assert rows[0] == ["Date", "Time", "Item", "Titleordescription", "Titleordescription"]
    assert rows[1][:3] == ["Monday,16December", "10a.m.–1p.m.", "1(a)"]
    assert [
        "",
        "3–6p.m.",
        "1(f)",
        "Generaldiscussion(continued)",
        "PreparatorymeetingforthespecialsessionoftheGeneralAssembly",
    ] in rows
    assert ["", "", "5and6", "Assetrecovery;Internationalcooperation", "Informalconsultations"] in [
        [r[0], "", *r[2:]] for r in rows
    ]


def test_a_joint_item_shares_its_row_with_the_other_rooms_meetings() -> None:
    """A joint item of two rooms stands on one row in both, beside what a third room takes up
    in the same period (it went on a row of its own, under the third room's)."""
    doc = tiny(body("a", item("1", 60)), body("b", item("1", 60)), body("c", item("9", 60)), days=1)
    doc["calendar"]["periods"] = {"am": {"start": "10:00", "end": "13:00"}}
    doc["joint"] = [{"id": "J", "items": ["a:1", "b:1"]}]
    inst, schedule = planned(doc)
    rows = [row for row in build_annex(inst, schedule, "en").grid() if any(cell.strip() for cell in row[1:])]
    period_row = next(row for row in rows if "10 a.m.–1 p.m." in row)
    assert "9" in period_row and period_row.count("1") == 2, rows


@pytest.mark.parametrize(
    ("lang", "start", "end", "label"),
    [
        ("en", 600, 780, "10 a.m.–1 p.m."),
        ("en", 900, 1080, "3–6 p.m."),
        ("en", 660, 780, "11 a.m.–1 p.m."),
        ("en", 630, 720, "10.30 a.m.–12 noon"),
        ("zh", 600, 780, "上午10时至下午1时"),
        ("zh", 900, 1080, "下午3时至6时"),
        ("zh", 900, 1020, "下午3时至5时"),
        ("zh", 630, 780, "上午10时30分至下午1时"),
        ("fr", 900, 1080, "15 heures-18 heures"),
        ("fr", 630, 720, "10 h 30-12 heures"),
        ("es", 600, 780, "10.00 a 13.00 horas"),
        ("ru", 900, 1080, "15 ч. 00 м. – 18 ч. 00 м."),
        ("ar", 600, 780, "من الساعة 10:00 إلى الساعة 13:00"),
    ],
)
def test_period_labels_in_un_style(lang: str, start: int, end: int, label: str) -> None:
    assert words(lang).period(start, end) == label


@pytest.mark.parametrize(
    ("lang", "year", "label"),
    [
        ("en", True, "Monday, 16 December 2019"),
        ("en", False, "Monday, 16 December"),
        ("zh", True, "2019年12月16日，星期一"),
        ("zh", False, "12月16日，星期一"),
        ("fr", True, "Lundi 16 décembre 2019"),
        ("es", False, "Lunes 16 de diciembre"),
        ("ru", True, "Понедельник, 16 декабря 2019 года"),
        ("ar", True, "الاثنين، 16 كانون الأول/ديسمبر 2019"),
    ],
)
def test_dates_in_un_style(lang: str, year: bool, label: str) -> None:
    assert words(lang).date("2019-12-16", year=year) == label


@pytest.mark.parametrize("name", SEEDS)
def test_excel_annex_sheet_matches_the_published_table(tmp_path, name: str) -> None:
    # the workbook's annex sheet holds the golden rows cell by cell (merged cells read as empty)
    from openpyxl import load_workbook

    from solver.annex.export import write_plan

    inst = load_instance(INSTANCES / f"{name}.yaml")
    write_plan(tmp_path / "annex.xlsx", inst, read_schedule(INSTANCES / f"{name}.published.json"), "zh")
    sheet = load_workbook(tmp_path / "annex.xlsx", rich_text=True)["Organization of work"]
    width = len(golden(name)[0])
    rows = [[normal(str(c.value) if c.value is not None else "") for c in row[:width]] for row in sheet.iter_rows(min_row=4)]
    table = [r for r in rows if any(r)]
    expected = [[c.replace("^", "") for c in row] for row in golden(name) if not row[0].startswith("^")]
    assert table[: len(expected)] == expected
