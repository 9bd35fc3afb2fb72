"""The page in a real browser (Debian's Chromium, driven by Playwright), as a planner uses it:
open a bundled session, drag an item into a full period and see the requirement named, undo,
pin, re-plan around the pin and accept, download the annex workbook and read it back, save,
and find everything again after a reload; a second tab follows along. What the page cannot do
it says where the planner acted, keeping what was typed; a reload forgets it."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from solver.annex.export import read_plan
from solver.check import check
from solver.schedule import read_schedule
from solver.web.desk import Desk
from solver.web.saving import plan_file

FULL = "2019-12-20 am"  # cosp takes up item 8 for the whole period


def _part(page, period: str, body: str = "cosp"):
    return page.locator(f'td.title.part[data-from="{period}"][data-body="{body}"]').first


def _slot(page, period: str, track: str = "plenary"):
    return page.locator(f'td.title[data-period="{period}"][data-track="{track}"]').first


def test_a_planners_afternoon_on_the_page(browser, served: str, desk: Desk, cosp: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(served + "?lang=en")
    verdict = page.locator("#verdict")
    expect(verdict).to_contain_text("Clean: every requirement is met")
    expect(page.locator("#grid")).to_contain_text("Special session of the General Assembly against corruption")
    expect(page.locator("#save")).to_have_text("Save")  # the plan made on opening is no change to save

    # drag item 7 (Thursday afternoon) into Friday morning, which item 8 fills: the rule is named
    _part(page, "2019-12-19 pm").drag_to(_slot(page, FULL))
    expect(verdict).to_contain_text("CAL-periods")
    expect(verdict).to_contain_text("360 minutes")  # what the period is asked to hold (the words are the checker's)
    expect(page.locator(f'td.bad[data-period="{FULL}"]').first).to_be_visible()
    expect(page.locator("#save")).to_have_text("Save *")

    # a second tab sees the same desk, and follows the first one's undo
    other = browser.new_page()
    other.goto(served + "?lang=en")
    expect(other.locator("#verdict")).to_contain_text("CAL-periods")
    page.click("#undo")
    expect(verdict).to_contain_text("Clean")
    expect(page.locator("#save")).to_have_text("Save")  # undone: nothing left to save
    expect(other.locator("#verdict")).to_contain_text("Clean", timeout=10_000)
    page.click("#redo")
    expect(verdict).to_contain_text("CAL-periods")
    page.click("#undo")
    expect(verdict).to_contain_text("Clean")

    # the Bureau agrees item 7 where it is; then item 8 is dragged onto it by mistake
    _part(page, "2019-12-19 pm").locator("button.pin").click()
    expect(page.locator("#pins")).to_contain_text("item 7 of Conference of the States Parties")
    _part(page, FULL).drag_to(_slot(page, "2019-12-19 pm"))
    expect(verdict).to_contain_text("CAL-periods")

    # re-plan around the pin: progress, then the Changes list; accept
    page.click("#replan")
    expect(page.locator("#changes")).to_contain_text("item 8 of Conference of the States Parties", timeout=60_000)
    page.click("#accept")
    expect(verdict).to_contain_text("Clean")
    assert desk.state.report.ok
    pins = [d for d in desk.state.inst.discussions.values() if d.pin_period is not None]
    assert [d.id for d in pins] == ["cosp:7"]

    # the annex workbook downloaded from the page reads back as the same, clean plan
    with page.expect_download() as download:
        page.click("#download-xlsx")
    saved = tmp_path / "annex.xlsx"
    download.value.save_as(saved)
    plan = read_plan(desk.state.inst, saved)
    assert check(desk.state.inst, plan).ok
    assert _placed(plan) == _placed(desk.state.plan)

    # save: the pin goes into the session file, the plan beside it; a fresh desk (a restart) and
    # a reload of the page find both again
    page.click("#save")
    expect(page.locator("#save")).to_have_text("Save")
    text = cosp.read_text(encoding="utf-8")
    assert "pin: 2019-12-19 pm" in text and text.startswith("# Conference of the States Parties")  # comments kept
    assert _placed(read_schedule(plan_file(cosp))) == _placed(desk.state.plan)
    again = Desk(cosp)
    assert again.job is None and again.state.report.ok and _placed(again.state.plan) == _placed(desk.state.plan)
    page.reload()
    expect(page.locator("#pins")).to_contain_text("item 7 of Conference of the States Parties")
    expect(verdict).to_contain_text("Clean")
    assert not errors, errors


def test_typing_into_a_cell_and_what_if_on_the_page(browser, served: str, desk: Desk) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1400, "height": 700})
    page.goto(served + "?lang=en")
    verdict = page.locator("#verdict")
    editor = page.locator("#editor dialog")

    # double-click Friday afternoon and type an item that is not on the agenda: the mistake is
    # said under the text, which stays as typed, the editor open and the text in hand
    _slot(page, "2019-12-20 pm").dblclick()
    box = page.locator("#editor textarea").first
    expect(box).to_have_value("9  60\n10  120")
    box.fill("9  60\n99  120")
    page.locator("#editor button", has_text="Set").first.click()
    said = page.locator("#editor .mistake")
    expect(said).to_contain_text("line 2")
    expect(said).to_be_in_viewport()
    expect(editor).to_have_count(1)
    expect(box).to_have_value("9  60\n99  120")
    expect(box).to_be_focused()
    expect(verdict).to_contain_text("Clean")
    expect(page.locator("#save")).to_have_text("Save")

    # put right, in an order of the planner's own (10 before 9, and 10 shorter than it needs): the
    # editor closes, the order typed is kept, the checker says what it breaks
    box.fill("10  90\n9  60")
    page.locator("#editor button", has_text="Set").first.click()
    expect(verdict).to_contain_text("ITEM-time")
    expect(editor).to_have_count(0)  # the editor closed: keys go to the page again
    expect(page.locator(".mistake")).to_have_count(0)
    expect(_part(page, "2019-12-20 pm")).to_have_attribute(
        "title", re.compile(r"^item 10 of Conference of the States Parties, 90 minutes")
    )
    _slot(page, "2019-12-20 pm").dblclick()
    expect(page.locator("#editor textarea").first).to_have_value("10  90\n9  60")
    page.keyboard.press("Escape")
    expect(editor).to_have_count(0)
    expect(page.locator("#undo")).to_be_enabled()  # the board that holds the change is drawn (a race under load)
    page.keyboard.press("Control+z")
    expect(verdict).to_contain_text("Clean")

    # what if, the form below the fold: a mistake is said beside its field, in view, the field
    # kept as typed and in hand; a reload forgets it
    teams = page.locator('#whatif input[name="teams"]')
    teams.scroll_into_view_if_needed()
    teams.fill("two")
    page.click("#try")
    expect(page.locator("#mistake-teams")).to_contain_text("'two' is not a whole number")
    expect(page.locator("#mistake-teams")).to_be_in_viewport()
    expect(teams).to_have_value("two")
    expect(teams).to_be_focused()
    expect(page.locator("#mistake-page")).to_have_count(0)
    page.reload()
    expect(page.locator("#grid")).to_be_visible()
    expect(page.locator(".mistake")).to_have_count(0)
    expect(teams).to_have_value("")

    # one interpretation team lost: the new plan, what was cut and why
    teams.fill("1")
    page.click("#try")
    job = page.locator("#job")
    expect(job).to_contain_text("Cut to fit", timeout=60_000)
    expect(job).to_contain_text("RES-teams")
    expect(page.locator(".mistake")).to_have_count(0)
    page.click("#show-proposal")  # the proposed plan in the grid, changed items outlined, not yet taken
    expect(page.locator("#preview")).to_be_visible()
    expect(page.locator("#grid td.changed").first).to_be_visible()
    expect(page.locator("#grid td[draggable]")).to_have_count(0)
    page.click("#discard")
    expect(page.locator("#job")).to_have_count(0)
    expect(verdict).to_contain_text("Clean")

    # in Arabic the annex reads from the right
    if "ar" in desk.state.inst.languages:
        page.goto(served + "?lang=ar")
        expect(page.locator("section.annex")).to_have_attribute("dir", "rtl")


def test_a_drop_refused_is_said_on_the_cell_and_a_proposal_listed_whole(browser, served: str, desk: Desk) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1400, "height": 800})
    page.goto(served + "?lang=en")
    expect(page.locator("#verdict")).to_contain_text("Clean")

    # item 7 dropped in the column of the meetings in parallel: refused, said in that cell
    target = _slot(page, "2019-12-20 pm", "parallel")
    _part(page, "2019-12-19 pm").drag_to(target)
    said = page.locator("td.refused #mistake-cell")
    expect(said).to_contain_text("Conference of the States Parties meets in another room")
    expect(said).to_be_in_viewport()
    expect(page.locator(".mistake")).to_have_count(1)
    expect(page.locator("#save")).to_have_text("Save")
    page.reload()
    expect(page.locator("#grid")).to_be_visible()
    expect(page.locator(".mistake")).to_have_count(0)

    # the first day lost: every change of the proposal shows, a day at a time, nothing to scroll
    page.locator('#whatif input[name="drop_day"][value="2019-12-16"]').check()
    page.click("#try")
    changes = page.locator("#changes")
    expect(changes).to_be_visible(timeout=60_000)
    proposal = desk.job.proposal
    assert proposal is not None and len(proposal.changes) > 4
    rows = changes.locator("li")
    expect(rows).to_have_count(len(proposal.changes))
    expect(changes.locator("h5")).to_have_count(len({c["day"] for c in proposal.changes}))
    for i in range(len(proposal.changes)):
        expect(rows.nth(i)).to_be_visible()
    clipped = changes.evaluate(
        """list => [list, ...(function* up(e) { while ((e = e.parentElement)) yield e; })(list)]
                  .some(e => e.scrollHeight > e.clientHeight + 1 && getComputedStyle(e).overflowY !== 'visible')"""
    )
    assert not clipped, "the changes list scrolls inside the page"


def test_stopping_a_long_search_from_the_page(browser, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    from bench.generate import conference
    from tests.web.conftest import serving

    session = tmp_path / "conference.yaml"
    session.write_text(yaml.safe_dump(conference(2), allow_unicode=True, sort_keys=False), encoding="utf-8")
    desk = Desk(session, time_limit=300)  # far longer than the test waits
    with serving(desk) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url)
        expect(page.locator("#job .progress")).to_contain_text("searching")
        page.click("#stop")
        verdict = page.locator("#verdict")
        expect(verdict).to_contain_text("Clean", timeout=120_000)
        expect(verdict).to_contain_text("stopped")
        expect(page.locator("#grid td.part").first).to_be_visible()


def _placed(plan) -> set[tuple[str, str, tuple[str, ...], int]]:
    return {(m.period, m.body, e.numbers, e.minutes) for m in plan.meetings for e in m.entries}
