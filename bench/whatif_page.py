"""The page's what-if and a sweep at every size: do they answer within their time limits?

    python bench/whatif_page.py --keep /tmp/agreed        # the agreed plans bench/whatif.py kept
    python bench/whatif_page.py --quick                   # 1x only
    python bench/whatif_page.py --family long-session --scale 4

Per generated session (the conference and the long session at 1x, 2x, 4x), with its agreed plan
(kept by ``bench/whatif.py --keep``, or planned here as that bench plans it):

- **the page**: the session opened as ``orgwork serve`` opens it, the agreed plan kept beside it
  (``NAME.plan.json``), and the what-if form sent twice, as a planner fills it in: a daily cap
  one below the agreed plan's busiest day, then one interpretation team less (the second after the
  first is discarded), then the Re-plan button after an item is moved a day later and pinned there (the session
  re-planned around the pin, near its plan).
  Timed from the form or the button to the proposal, with the page's own limit
  (``serve --time-limit``, 20 s by default); the proposed plan as the checker judges it;
- **a sweep**: ``orgwork sweep --param resources.teams --values 1..2 --jobs 2`` with the what-if
  limit (30 s): two runs at once, each within its limit; the wall time of the whole command.

Wall-clock times on a shared machine: compare figures from one run.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import FAMILIES  # noqa: E402
from bench.whatif import AGREED_LIMIT, orgwork, scenario_of  # noqa: E402
from solver.schedule import Meeting, read_schedule  # noqa: E402
from solver.web.desk import Desk  # noqa: E402
from solver.web.saving import plan_file  # noqa: E402

PAGE_LIMIT = 20.0  # orgwork serve's own --time-limit
SWEEP_LIMIT = 30.0


def page_whatif(desk: Desk, cut: str, raw: dict[str, Any], agreed: Any) -> dict[str, Any]:
    """The what-if form sent as the page sends it (or, for ``re-plan``, the Re-plan button);
    seconds until the proposal, and what it is."""
    if cut == "re-plan":
        moved_and_pinned(desk)
    started = time.perf_counter()
    if cut == "re-plan":
        desk.replan()
    else:
        desk.whatif(scenario_of(cut, raw, agreed))
    job = desk.job
    assert job is not None
    job.wait(10 * desk.time_limit)
    wall = time.perf_counter() - started
    proposal = job.proposal
    row = {"cut": cut, "page s": round(wall, 1), "page limit": desk.time_limit}
    if proposal is None:
        return row | {"page plan": "none", "why": job.why[:1]}
    report = proposal.report
    row |= {"page plan": "with cuts" if proposal.plan.cuts else "complete", "page check": "passes" if report.ok else "fails"}
    desk.discard()
    return row


def moved_and_pinned(desk: Desk) -> None:
    """What a planner does before pressing Re-plan: the first item of the session's middle meeting
    (one of a body alone) moved to the same time a day later, and pinned there."""
    inst, plan = desk.state.inst, desk.state.plan
    assert plan is not None

    def pinnable(m: Meeting) -> bool:  # an item of a body alone, given minutes (not a body counted in meetings)
        first = m.entries[0]
        d = inst.discussion_of(m.body, first.numbers, first.joint, first.part)
        return not first.joint and d is not None and not inst.discussions[d].meetings

    meetings = sorted(filter(pinnable, plan.meetings), key=lambda m: inst.period_by_ref[m.period])
    m = meetings[len(meetings) // 2]
    here = inst.periods[inst.period_by_ref[m.period]]
    to = next(p.ref for p in inst.periods[here.index :] if p.day > here.day and p.id == here.id)
    first = m.entries[0]
    desk.move(m.period, m.body, 0, to)
    discussion = inst.discussion_of(m.body, first.numbers, first.joint, first.part)
    assert discussion is not None
    desk.pin(discussion, True)


def session_rows(family: str, scale: int, keep: Path | None) -> list[dict[str, Any]]:
    raw = FAMILIES[family](scale, 0)
    label = f"{family} {scale}x"
    with tempfile.TemporaryDirectory(prefix="orgwork-bench-") as tmp:
        session = Path(tmp) / "session.yaml"
        session.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
        agreed_file = plan_file(session)
        kept = keep / f"agreed-{family}-{scale}x.json" if keep else None
        if kept is not None and kept.exists():
            agreed_file.write_bytes(kept.read_bytes())
        else:
            orgwork("solve", str(session), "--time-limit", str(AGREED_LIMIT[family]), "-o", str(agreed_file), "-q", limit=60)
        agreed = read_schedule(agreed_file)
        desk = Desk(session, time_limit=PAGE_LIMIT)
        rows = [{"session": label} | page_whatif(desk, cut, raw, agreed) for cut in ("per day", "teams", "re-plan")]
        sweep = ["sweep", str(session), "--baseline", str(agreed_file), "--param", "resources.teams", "--values", "1..2"]
        out = Path(tmp) / "sweep.xlsx"
        rc, wall, tail = orgwork(*sweep, "--jobs", "2", "--time-limit", str(SWEEP_LIMIT), "-o", str(out), limit=SWEEP_LIMIT)
        rows.append(
            {"session": label, "cut": "sweep teams 1..2", "sweep s": round(wall, 1), "sweep limit": SWEEP_LIMIT, "rc": rc}
        )
        if rc:
            rows[-1]["last line"] = tail
    for row in rows:
        print(json.dumps(row, ensure_ascii=False), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1x only")
    parser.add_argument("--family", choices=sorted(FAMILIES), action="append")
    parser.add_argument("--scale", type=int, action="append")
    parser.add_argument("--keep", type=Path, help="the folder of bench/whatif.py's agreed plans")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    scales = args.scale or ((1,) if args.quick else (1, 2, 4))
    families = args.family or list(FAMILIES)
    rows = [row for family in families for scale in scales for row in session_rows(family, scale, args.keep)]
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
