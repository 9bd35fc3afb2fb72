"""What-if at every size: the conference and the long session at 1x, 2x, 4x, each with four cuts.

    python bench/whatif.py                       # 1x, 2x, 4x; the what-if limit 30 s
    python bench/whatif.py --quick               # 1x only
    python bench/whatif.py --time-limit 20 --json whatif.json
    python bench/whatif.py --best 300            # also a long run of each (5 min), as best known

Per session: the agreed plan, solved once as a planner would (``orgwork solve`` within the plain
bench's limit). Per cut, as a planner asks it (``orgwork whatif --baseline agreed.json``):

- teams: one interpretation team less;
- budget: one interpreted meeting in nine less than the agreed plan holds;
- per day: a cap one below the agreed plan's busiest day (the smallest cap it still meets, less
  one, as the checker counts);
- a day lost: the session's third day.

Reported: the wall time of the whole command against its limit, its exit code, whether the plan
is complete or has cuts, the item parts placed differently from the agreed plan, the minutes cut
and the items left out altogether,
whether ``orgwork check`` passes the plan against the changed session, and for the per-day cap
the parts moved off days that were not over the cap (a planner would move only the busiest
days' meetings: 0 is right). With ``--best``, the same run with a long limit gives the figures
to measure against (``bench/best_known_whatif.json``: kept where better). Wall-clock times on a
shared machine: compare figures from one run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import FAMILIES  # noqa: E402
from solver.catalogue import Measure, Rule  # noqa: E402
from solver.check import check  # noqa: E402
from solver.instance import build_instance  # noqa: E402
from solver.schedule import Schedule, read_schedule  # noqa: E402
from solver.studies.diff import count_changes, parts_of  # noqa: E402
from solver.studies.scenario import Scenario, apply  # noqa: E402

AGREED_LIMIT = {"conference": 10.0, "long-session": 60.0}  # as bench/run.py plans them
BEST_FILE = ROOT / "bench" / "best_known_whatif.json"
CUTS = ("teams", "budget", "per day", "day lost")


def orgwork(*args: str, limit: float) -> tuple[int, float, str]:
    """Run the command as a planner does; (exit code, wall seconds, its last line)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], capture_output=True, text=True, timeout=limit * 4 + 120)
    wall = time.perf_counter() - start
    tail = (done.stdout + done.stderr).strip().splitlines()
    return done.returncode, wall, tail[-1] if tail else ""


def scenario_of(cut: str, raw: dict[str, Any], agreed: Schedule) -> Scenario:
    """The cut as a scenario of the session ``raw`` whose agreed plan is ``agreed``."""
    resources = raw.get("resources", {})
    base = build_instance(raw, "bench")
    if cut == "teams":
        return Scenario(settings=[("resources.teams", int(resources.get("teams", 1)) - 1, "bench")])
    if cut == "budget":
        held = check(base, agreed).kpis[Measure.INTERPRETED_MEETINGS]
        return Scenario(settings=[("resources.budget", held - -(-held // 9), "bench")])
    if cut == "per day":
        cap = _busiest_day(raw, agreed)
        return Scenario(settings=[("resources.per_day", cap - 1, "bench")])
    return Scenario(drop_days=[base.days[2]])


def _busiest_day(raw: dict[str, Any], agreed: Schedule) -> int:
    """The most interpreted meetings the agreed plan holds on one day, as the checker counts them."""
    return max(check(build_instance(raw, "bench"), agreed).interpreted_by_day.values())


def over_days(changed: Any, agreed: Schedule) -> set[str]:
    """The days on which the agreed plan breaks the changed session's daily cap."""
    report = check(changed, agreed)
    return {str(day) for v in report.violations if v.rule == Rule.RES_DAY for day in v.involved}


def moved_elsewhere(agreed: Schedule, plan: Schedule, days: set[str]) -> int:
    """Parts of the agreed plan on days not over the cap that the new plan places differently."""
    before, _ = parts_of(agreed)
    after, _ = parts_of(plan)
    count = 0
    for key, parts in before.items():
        now = dict(after.get(key, []))
        count += sum(1 for period, minutes in parts if period[:10] not in days and now.get(period) != minutes)
    return count


def one_cut(session: Path, raw: dict[str, Any], agreed_file: Path, cut: str, limit: float, work: Path) -> dict[str, Any]:
    agreed = read_schedule(agreed_file)
    scenario = scenario_of(cut, raw, agreed)
    changed_raw, _ = apply(raw, scenario)
    changed_file = work / f"changed-{cut.replace(' ', '-')}.yaml"
    changed_file.write_text(yaml.safe_dump(changed_raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    scenario_file = work / "scenario.yaml"
    said = {"set": {p: v for p, v, _ in scenario.settings}} if scenario.settings else {"drop_days": scenario.drop_days}
    scenario_file.write_text(yaml.safe_dump(said), encoding="utf-8")
    out = work / f"whatif-{cut.replace(' ', '-')}.json"
    out.unlink(missing_ok=True)
    args = ["whatif", str(session), "--baseline", str(agreed_file), "--scenario", str(scenario_file)]
    rc, wall, tail = orgwork(*args, "--time-limit", str(limit), "-o", str(out), "-q", limit=limit)
    row: dict[str, Any] = {"cut": cut, "change": said, "limit": limit, "wall": round(wall, 1), "rc": rc}
    if not out.exists():
        return row | {"plan": "none", "last line": tail}
    plan = read_schedule(out)
    changed = build_instance(changed_raw, str(changed_file), check_fit=False)
    report = check(changed, plan)
    check_rc, _, _ = orgwork("check", str(changed_file), str(out), limit=60)
    row |= {
        "plan": "with cuts" if plan.cuts else "complete",
        "status": plan.meta.get("status"),
        "parts moved": count_changes(agreed, plan),
        "minutes cut": report.kpis.get(Measure.CUT_MINUTES, 0),
        "items left out": report.kpis.get(Measure.DROPPED_ITEMS, 0),
        "check": "passes" if check_rc == 0 else f"exit {check_rc}",
    }
    if cut == "per day":
        days = over_days(changed, agreed)
        row |= {"days over the cap": len(days), "moved off other days": moved_elsewhere(agreed, plan, days)}
    return row


def session_rows(
    family: str, scale: int, limit: float, best: float | None, keep: Path | None, cuts: tuple[str, ...] | list[str]
) -> list[dict[str, Any]]:
    raw = FAMILIES[family](scale, 0)
    label = f"{family} {scale}x"
    rows = []
    with tempfile.TemporaryDirectory(prefix="orgwork-bench-") as tmp:
        work = Path(tmp)
        session = work / "session.yaml"
        session.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
        agreed = work / "agreed.json"
        kept = keep / f"agreed-{family}-{scale}x.json" if keep else None
        if kept is not None and kept.exists():  # the same agreed plan as an earlier run: figures compare
            agreed.write_bytes(kept.read_bytes())
        else:
            solving = ["solve", str(session), "--time-limit", str(AGREED_LIMIT[family]), "-o", str(agreed), "-q"]
            rc, _, tail = orgwork(*solving, limit=60)
            if not agreed.exists():
                return [{"session": label, "cut": "(agreed plan)", "rc": rc, "last line": tail}]
            if kept is not None:
                kept.parent.mkdir(parents=True, exist_ok=True)
                kept.write_bytes(agreed.read_bytes())
        for cut in cuts:
            row = {"session": label} | one_cut(session, raw, agreed, cut, limit, work)
            if best:
                long = one_cut(session, raw, agreed, cut, best, work)
                row["best"] = {k: long.get(k) for k in ("plan", "parts moved", "minutes cut", "check")}
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
    return rows


def keep_best(rows: list[dict[str, Any]]) -> None:
    """Best known: per session and cut, the fewest minutes cut, then the fewest parts moved."""
    known = json.loads(BEST_FILE.read_text(encoding="utf-8")) if BEST_FILE.exists() else {"about": "", "runs": {}}
    for row in rows:
        for found in (row, row.get("best") or {}):
            if found.get("check") != "passes":
                continue
            key = f"{row['session']}: {row['cut']}"
            new = {"minutes cut": found["minutes cut"], "parts moved": found["parts moved"]}
            old = known["runs"].get(key)
            if old is None or (new["minutes cut"], new["parts moved"]) < (old["minutes cut"], old["parts moved"]):
                known["runs"][key] = new
    BEST_FILE.write_text(json.dumps(known, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def table(rows: list[dict[str, Any]]) -> str:
    known = json.loads(BEST_FILE.read_text(encoding="utf-8"))["runs"] if BEST_FILE.exists() else {}
    head = (
        "| session | cut | wall s / limit | exit | plan | parts moved | minutes cut | items left out | check "
        "| best known (cut, moved) | per day: moved off other days |"
    )
    lines = [head, "|---" * (head.count("|") - 1) + "|"]
    for r in rows:
        best = known.get(f"{r['session']}: {r['cut']}")
        lines.append(
            f"| {r['session']} | {r['cut']} | {r.get('wall')} / {r.get('limit')} | {r.get('rc')} | {r.get('plan')} | "
            f"{r.get('parts moved', '-')} | {r.get('minutes cut', '-')} | {r.get('items left out', '-')} | {r.get('check', '-')} | "
            f"{(best['minutes cut'], best['parts moved']) if best else '-'} | {r.get('moved off other days', '')} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="the 1x sessions only")
    parser.add_argument("--time-limit", type=float, default=30.0, help="each what-if run's limit (default 30 s)")
    parser.add_argument("--best", type=float, help="also a run with this limit per cut, kept as best known")
    parser.add_argument("--family", choices=sorted(FAMILIES), action="append")
    parser.add_argument("--scale", type=int, action="append")
    parser.add_argument("--cut", choices=CUTS, action="append", help="only these cuts (default: all four)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep", type=Path, help="a folder that keeps each session's agreed plan, reused by later runs")
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    for family in args.family or ["conference", "long-session"]:
        for scale in args.scale or ([1] if args.quick else [1, 2, 4]):
            rows.extend(session_rows(family, scale, args.time_limit, args.best, args.keep, args.cut or CUTS))
    keep_best(rows)
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
