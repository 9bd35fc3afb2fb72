"""The planner's whole loop without YAML, as the README tells it: `orgwork new`, fill the workbook
(in Excel or LibreOffice), solve, edit the annex, check, and export in each of the six languages.

The commands run as the planner runs them: the installed `orgwork` in a separate process (its
click-through of Typer, its exit codes, its files), except the many exports, which run in-process.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app
from solver import check, load_instance
from solver.annex.export import read_plan

SIX = ["ar", "zh", "en", "fr", "ru", "es"]
ANNEX = "Organization of work"

# The planner's own session: a working group's three days, its agenda in the six languages
TITLES = {
    "1": {
        "ar": "افتتاح الاجتماع",
        "zh": "会议开幕",
        "en": "Opening of the meeting",
        "fr": "Ouverture de la réunion",
        "ru": "Открытие совещания",
        "es": "Apertura de la reunión",
    },
    "2": {
        "ar": "إقرار جدول الأعمال وتنظيم الأعمال",
        "zh": "通过议程和工作安排",
        "en": "Adoption of the agenda and organization of work",
        "fr": "Adoption de l'ordre du jour et organisation des travaux",
        "ru": "Утверждение повестки дня и организация работы",
        "es": "Aprobación del programa y organización de los trabajos",
    },
    "3": {
        "ar": "تبادل المعلومات عن الممارسات الجيدة",
        "zh": "交流良好做法信息",
        "en": "Exchange of information on good practices",
        "fr": "Échange d'informations sur les bonnes pratiques",
        "ru": "Обмен информацией о передовой практике",
        "es": "Intercambio de información sobre buenas prácticas",
    },
    "4": {
        "ar": "المساعدة التقنية",
        "zh": "技术援助",
        "en": "Technical assistance",
        "fr": "Assistance technique",
        "ru": "Техническая помощь",
        "es": "Asistencia técnica",
    },
    "5": {
        "ar": "مسائل أخرى",
        "zh": "其他事项",
        "en": "Other matters",
        "fr": "Questions diverses",
        "ru": "Прочие вопросы",
        "es": "Otros asuntos",
    },
    "6": {
        "ar": "اعتماد التقرير",
        "zh": "通过报告",
        "en": "Adoption of the report",
        "fr": "Adoption du rapport",
        "ru": "Утверждение доклада",
        "es": "Aprobación del informe",
    },
}
MINUTES = {"1": 10, "2": 20, "3": 300, "4": 240, "5": 30, "6": 120}
NAME = {
    "ar": "الفريق العامل",
    "zh": "工作组",
    "en": "Working Group",
    "fr": "Groupe de travail",
    "ru": "Рабочая группа",
    "es": "Grupo de trabajo",
}


def orgwork(*args: Any, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed command, as the planner types it."""
    command = [shutil.which("orgwork")] if shutil.which("orgwork") else [sys.executable, "-c", "from cli import app; app()"]
    return subprocess.run([*command, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=300)


def fill_table(sheet, rows: list[dict[str, Any]]) -> None:
    """Clear a table sheet's example rows and type the planner's own; a language column the
    template lacks is added at the end, as a planner would add it."""
    header = [c.value for c in sheet[1]]
    for row in rows:
        for key in row:
            if key not in header:
                header.append(key)
                sheet.cell(1, len(header)).value = key
    for r in range(2, sheet.max_row + 1):
        for c in range(1, len(header) + 1):
            sheet.cell(r, c).value = None
    for r, row in enumerate(rows, start=2):
        for key, value in row.items():
            sheet.cell(r, header.index(key) + 1).value = value


def fill_settings(sheet, settings: dict[str, Any]) -> None:
    """Set the 'setting | value' sheets: the values given, every other one left empty."""
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    for key, r in rows.items():
        if key is not None:
            sheet.cell(r, 2).value = settings.get(key)
    for key in settings:
        if key not in rows:
            r = sheet.max_row + 1
            sheet.cell(r, 1).value, sheet.cell(r, 2).value = key, settings[key]


def fill_in(template: Path, out: Path) -> None:
    """What the planner types into the template."""
    book = load_workbook(template)
    session = {"session.id": "wg-2031", "session.symbol": "WG/2031/1", "session.languages": ", ".join(SIX)}
    for lang in SIX:
        session[f"session.title [{lang}]"] = NAME[lang]
        session[f"session.place [{lang}]"] = {"ar": "فيينا", "zh": "维也纳", "ru": "Вена", "es": "Viena"}.get(lang, "Vienna")
    fill_settings(book["Session"], session)
    fill_settings(book["Resources"], {"resources.teams": 1, "resources.budget": 6})
    fill_table(book["Calendar"], [{"date": d} for d in ("2031-03-03", "2031-03-04", "2031-03-05")])
    fill_table(book["Tracks"], [{"id": "plenary", **{f"name [{lang}]": NAME[lang] for lang in SIX}}])
    fill_table(book["Bodies"], [{"id": "wg", "track": "plenary", **{f"name [{lang}]": NAME[lang] for lang in SIX}}])
    items = []
    for number, titles in TITLES.items():
        row: dict[str, Any] = {"body": "wg", "number": number, "minutes": MINUTES[number]}
        row.update({f"title [{lang}]": titles[lang] for lang in SIX})
        items.append(row)
    items[0]["pin"], items[-1]["pin"] = "first", "last"
    fill_table(book["Items"], items)
    fill_table(book["Together"], [])
    book.save(out)


def annex_row(sheet, number: str) -> int:
    return next(r for r in range(1, sheet.max_row + 1) if str(sheet.cell(r, 2).value or "") == number)


def test_new_fill_solve_edit_check_export_in_six_languages(tmp_path: Path) -> None:
    # 1. the template, filled in (and, where LibreOffice is present, saved again by it)
    made = orgwork("new", "template.xlsx", "--example", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    fill_in(tmp_path / "template.xlsx", tmp_path / "session.xlsx")
    if shutil.which("soffice"):
        (tmp_path / "lo").mkdir()
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(tmp_path / "lo"), str(tmp_path / "session.xlsx")],
            capture_output=True,
            timeout=180,
            check=True,
        )
        shutil.copy(tmp_path / "lo" / "session.xlsx", tmp_path / "session.xlsx")
    valid = orgwork("validate", "session.xlsx", cwd=tmp_path)
    assert valid.returncode == 0, valid.stdout + valid.stderr

    # 2. solve: an annex workbook, checked
    solved = orgwork("solve", "session.xlsx", "-o", "annex.xlsx", "--lang", "en", cwd=tmp_path)
    assert solved.returncode == 0, solved.stdout + solved.stderr
    assert "check      clean" in solved.stdout
    inst = load_instance(tmp_path / "session.xlsx")
    assert list(inst.languages) == SIX and len(inst.items) == 6

    # 3. the planner edits the annex: retypes a period in their own style -> still clean
    book = load_workbook(tmp_path / "annex.xlsx")
    sheet = book[ANNEX]
    first = next(r for r in range(1, sheet.max_row + 1) if str(sheet.cell(r, 1).value or "").startswith("10 a.m."))
    sheet.cell(first, 1).value = "10:00-13:00"
    book.save(tmp_path / "retyped.xlsx")
    assert orgwork("check", "session.xlsx", "retyped.xlsx", cwd=tmp_path).returncode == 0

    # ... and takes technical assistance before the exchange of information: the checker names
    # the rule and the annex cells concerned
    book = load_workbook(tmp_path / "annex.xlsx")
    sheet = book[ANNEX]
    three, four = annex_row(sheet, "3"), annex_row(sheet, "4")
    for c in (2, 3):
        sheet.cell(three, c).value, sheet.cell(four, c).value = sheet.cell(four, c).value, sheet.cell(three, c).value
    book.save(tmp_path / "swapped.xlsx")
    verdict = orgwork("check", "session.xlsx", "swapped.xlsx", cwd=tmp_path)
    assert verdict.returncode == 1
    order_line = next(x for x in verdict.stdout.splitlines() if "ITEM-order" in x)
    assert f"'{ANNEX}'!B" in order_line

    # 4. the retyped annex, exported in every language, reads back to the same plan
    plan = read_plan(inst, tmp_path / "retyped.xlsx")
    runner = CliRunner()
    for lang in SIX:
        for suffix in (".xlsx", ".docx", ".ics", ".html"):
            out = tmp_path / f"annex-{lang}{suffix}"
            result = runner.invoke(
                app, ["export", str(tmp_path / "session.xlsx"), str(tmp_path / "retyped.xlsx"), "-o", str(out), "--lang", lang]
            )
            assert result.exit_code == 0, (lang, suffix, result.output)
        for suffix in (".xlsx", ".docx"):
            again = read_plan(inst, tmp_path / f"annex-{lang}{suffix}")
            assert check(inst, again).ok, (lang, suffix)
            assert [(m.period, m.body) for m in again.meetings] == [(m.period, m.body) for m in plan.meetings]
        title = TITLES["3"][lang]
        assert title in " ".join(
            str(c.value) for row in load_workbook(tmp_path / f"annex-{lang}.xlsx")[ANNEX].iter_rows() for c in row
        )


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_template_filled_in_another_language_first(tmp_path: Path, lang: str) -> None:
    # a planner whose working language is French or Arabic lists it first: the annex comes in it
    assert orgwork("new", "template.xlsx", "--example", cwd=tmp_path).returncode == 0
    fill_in(tmp_path / "template.xlsx", tmp_path / "session.xlsx")
    book = load_workbook(tmp_path / "session.xlsx")
    fill_settings_value(book["Session"], "session.languages", ", ".join([lang, *(x for x in SIX if x != lang)]))
    book.save(tmp_path / "session.xlsx")
    result = CliRunner().invoke(app, ["solve", str(tmp_path / "session.xlsx"), "-o", str(tmp_path / "annex.docx")])
    assert result.exit_code == 0, result.output
    plan = read_plan(load_instance(tmp_path / "session.xlsx"), tmp_path / "annex.docx")
    assert check(load_instance(tmp_path / "session.xlsx"), plan).ok


def fill_settings_value(sheet, key: str, value: Any) -> None:
    r = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == key)
    sheet.cell(r, 2).value = value
