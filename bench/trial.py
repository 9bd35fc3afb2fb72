"""The reliability trial: orgwork fed files from many hands, killed while it writes, its page
hit from every side; each kind of input tried many times and counted, tried / failed.

    python bench/trial.py                    # the whole trial (about ten minutes, 2 cores)
    python bench/trial.py --only page,kills  # some parts
    python bench/trial.py --json trial.json

A try fails when orgwork answers in any way but the one it promises: a traceback, an error of
more than one line, an exit code other than 0, 1 or 2, a run past its time, a file lost or half
written, an answer 500 from the page, a script or formula left live, a host or an origin let
through. Commands run in fresh processes (``python -m cli``); the page is ``orgwork serve`` on a
free port. The read-only and full disks are small tmpfs mounts (root only; skipped otherwise).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import trial_inputs as inputs  # noqa: E402
from bench.trial_page import page_parts  # noqa: E402
from bench.trial_run import ORGWORK, Ran, Tally, run  # noqa: E402

COSP, EG = inputs.INSTANCES / "cosp8-2019.yaml", inputs.INSTANCES / "eg-intl-coop-2017.yaml"
FORMATS = (".json", ".xlsx", ".docx", ".csv", ".md", ".html", ".ics")


def verdict(ran: Ran, allowed: tuple[int, ...] = (0, 1)) -> str | None:
    """None when the command answered as promised: exit 2 with one line, or an allowed code."""
    if ran.code is None:
        return f"ran past its time ({ran.seconds:.0f} s)"
    if "Traceback" in ran.out + ran.err or "Exception ignored" in ran.err:
        return "a traceback: " + (ran.err or ran.out).strip().splitlines()[-1][:160]
    if ran.code == 2:
        lines = [line for line in ran.err.splitlines() if line.strip()]
        if len(lines) != 1 or not lines[0].startswith("error: "):
            return f"exit 2 with {len(lines)} lines on stderr: {ran.err[:160]!r}"
        return None
    return None if ran.code in allowed else f"exit {ran.code}: {(ran.err or ran.out)[-160:]!r}"


def mutated_sessions(work: Path, count: int) -> Tally:
    tally = Tally("mutated sessions (validate; solve when valid)")
    valid = 0
    for name, content in inputs.mutated_sessions(seed=41, count=count):
        path = work / f"{name}.yaml"
        path.write_bytes(content)
        ran = run("validate", path, timeout=60)
        problem = verdict(ran, (0,))
        if problem is None and ran.code == 0:
            valid += 1
            problem = verdict(run("solve", path, "-o", work / f"{name}.json", "--time-limit", "3", "-q", timeout=60))
        tally.add(name, problem)
    tally.notes.append(f"{valid} still valid and planned")
    return tally


def hostile_yaml(work: Path) -> Tally:
    tally = Tally("hostile YAML (bombs, nesting, huge, NUL, tags)")
    slowest = 0.0
    for name, content, readable in inputs.hostile_yaml():
        path = work / f"{name}.yaml"
        path.write_bytes(content)
        ran = run("validate", path, timeout=60)
        slowest = max(slowest, ran.seconds)
        expected = 0 if readable else 2
        problem = verdict(ran, (0,)) or (None if ran.code == expected else f"exit {ran.code}, expected {expected}")
        tally.add(name, problem)
    tally.notes.append(f"slowest answer {slowest:.1f} s")
    return tally


def _rss_of(command: list[str]) -> tuple[Ran, int]:
    """A command's answer and its peak memory (KB), by GNU time."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True, cwd=ROOT, timeout=600)
    *err, peak = [line for line in done.stderr.splitlines() if not line.startswith("Command exited")] or ["0"]
    return Ran(done.returncode, done.stdout, "\n".join(err) + "\n", time.perf_counter() - start), int(peak)


def damaged_plans(work: Path) -> Tally:
    tally = Tally("damaged plans (JSON, workbooks, Word files; check)")
    for session, name, content in inputs.damaged_json(seed=41, count=30):
        (work / name).write_bytes(content)
        tally.add(name, verdict(run("check", session, work / name, timeout=60)))
    plan = inputs.INSTANCES / "eg-intl-coop-2017.published.json"
    for suffix in (".xlsx", ".docx"):
        base = work / f"annex{suffix}"
        assert run("export", EG, plan, "-o", base).code == 0
        for what, path in inputs.damaged_office(base, work, seed=41):
            tally.add(f"{suffix} {what}", verdict(run("check", EG, path, timeout=120)))
    bomb = inputs.zip_bomb(work / "gigabyte.xlsx", unpacked=1_264_000_000, base=work / "annex.xlsx")
    if shutil.which("/usr/bin/time") or Path("/usr/bin/time").exists():
        ran, peak = _rss_of([*ORGWORK, "check", str(EG), str(bomb)])
    else:
        ran, peak = run("check", EG, bomb), 0
    tally.add("1.26 GB zip bomb", verdict(ran) or (None if ran.code == 2 else f"exit {ran.code}"))
    tally.notes.append(
        f"{bomb.stat().st_size / 1e6:.1f} MB bomb unpacking to 1.26 GB: {ran.seconds:.2f} s, peak {peak / 1024:.0f} MB"
    )
    return tally


def kills(work: Path, tries: int) -> Tally:
    """export killed (-9) at a random moment: the output is the previous file or the whole new
    one (byte for byte, under SOURCE_DATE_EPOCH), and the next run leaves no temporary file."""
    import random
    import signal

    tally = Tally("kills during writes (export -9)")
    rng = random.Random(41)
    kept, took = 0, {}
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    plan = inputs.INSTANCES / "cosp8-2019.published.json"
    for n in range(tries):
        suffix = FORMATS[n % len(FORMATS)]
        reference, out = work / f"reference{suffix}", work / f"killed-{n}{suffix}"
        if suffix not in took:  # the whole run's time: the kill falls anywhere in its later half
            start = time.perf_counter()
            command = [*ORGWORK, "export", str(COSP), str(plan), "-o", str(reference)]
            subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
            took[suffix] = time.perf_counter() - start
        out.write_bytes(b"the previous file")
        command = [*ORGWORK, "export", str(COSP), str(plan), "-o", str(out)]
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 1.0) * took[suffix])
        child.send_signal(signal.SIGKILL)
        child.wait()
        now = out.read_bytes()
        problem = None if now in (b"the previous file", reference.read_bytes()) else f"{len(now)} bytes, neither file"
        again = subprocess.run([*ORGWORK, "export", str(COSP), str(plan), "-o", str(out)], cwd=ROOT, env=env, capture_output=True)
        left = list(work.glob(f".{out.name}.*.part"))
        problem = problem or (f"{left[0].name} left" if left else None) or (None if again.returncode == 0 else "no rerun")
        kept += now == b"the previous file"
        tally.add(f"{out.name} ({'previous' if now == b'the previous file' else 'new'})", problem)
    tally.notes.append(f"killed before the new file was in place: {kept}; after: {tries - kept}")
    return tally


def locks_and_inputs(work: Path) -> Tally:
    tally = Tally("outputs open in a spreadsheet, or one of the inputs")
    plan = inputs.INSTANCES / "eg-intl-coop-2017.published.json"
    for suffix in FORMATS:
        out = work / f"annex-of-the-session{suffix}"
        for lock in (f".~lock.{out.name}#", f"~${out.name}", f"~${out.name[2:]}"):
            out.write_bytes(b"open elsewhere")
            (work / lock).write_bytes(b"")
            ran = run("export", EG, plan, "-o", out)
            (work / lock).unlink()
            wrong = None if ran.code == 2 and "is open in another program" in ran.err else f"exit {ran.code}"
            tally.add(
                f"{out.name} with {lock}",
                verdict(ran) or wrong or (None if out.read_bytes() == b"open elsewhere" else "replaced"),
            )
    session, annex, agreed = work / "s.xlsx", work / "a.xlsx", work / "agreed.json"
    run("new", session, "--force")
    run("solve", session, "-o", annex, "-q")
    run("solve", session, "-o", agreed, "-q")
    for command in (
        ["solve", session, "-o", session],
        ["export", session, annex, "-o", session],
        ["export", session, annex, "-o", annex],
        ["export", session, agreed, "-o", agreed],
        ["whatif", session, "--set", "resources.teams=1", "-o", session],
        ["whatif", session, "--set", "resources.teams=1", "--baseline", agreed, "-o", agreed],
        ["convert", session, "-o", session],
        ["sweep", session, "--param", "resources.budget", "--values", "6..7", "-o", session],
        ["sweep", session, "--param", "resources.budget", "--values", "6..7", "--baseline", annex, "-o", annex],
    ):
        before = {p: p.read_bytes() for p in (session, annex, agreed)}
        ran = run(*command)
        same = {p: p.read_bytes() for p in (session, annex, agreed)} == before
        wrong = None if ran.code == 2 and "this command reads" in ran.err and same else f"exit {ran.code}, files kept: {same}"
        tally.add(" ".join(str(c).replace(str(work) + "/", "") for c in command[:1] + command[-2:]), verdict(ran) or wrong)
    return tally


def disks(work: Path) -> Tally:
    tally = Tally("read-only and full disks (export)")
    if os.geteuid() != 0:
        tally.notes.append("skipped: the disks are tmpfs mounts, which need root")
        return tally
    plan = inputs.INSTANCES / "eg-intl-coop-2017.published.json"
    for state in ("read-only", "full"):
        where = work / state
        where.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(where)], check=True)
        try:
            for suffix in FORMATS:
                (where / f"annex{suffix}").write_bytes(b"previous")
            if state == "full":
                subprocess.run(["dd", "if=/dev/zero", f"of={where / 'pad'}", "bs=1k", "count=400"], capture_output=True)
            else:
                subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
            for suffix in (*FORMATS, ".xlsx-new"):
                out = where / (f"annex{suffix}" if suffix != ".xlsx-new" else "new.xlsx")
                ran = run("export", EG, plan, "-o", out) if suffix != ".xlsx-new" else run("new", out)
                kept = suffix == ".xlsx-new" or out.read_bytes() == b"previous"
                tally.add(f"{state} {out.name}", verdict(ran) or (None if ran.code == 2 and kept else f"exit {ran.code}"))
        finally:
            subprocess.run(["umount", str(where)], check=False)
    return tally


def large(work: Path) -> Tally:
    import yaml

    from bench.reading import ten_thousand

    tally = Tally("a session of 10,000 items")
    path = work / "ten-thousand.yaml"
    path.write_text(yaml.safe_dump(ten_thousand(), allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    times = []
    for _ in range(3):
        ran = run("validate", path)
        times.append(ran.seconds)
        tally.add("validate", verdict(ran, (0,)))
    tally.notes.append(f"validate {min(times):.2f}-{max(times):.2f} s (3 runs, a fresh process each)")
    return tally


PARTS: dict[str, Callable[[Path, argparse.Namespace], list[Tally]]] = {
    "sessions": lambda w, a: [mutated_sessions(w, a.mutants), hostile_yaml(w)],
    "plans": lambda w, a: [damaged_plans(w)],
    "kills": lambda w, a: [kills(w, a.kills)],
    "outputs": lambda w, a: [locks_and_inputs(w), disks(w)],
    "page": lambda w, a: page_parts(w),
    "large": lambda w, a: [large(w)],
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The reliability trial: tried / failed for each kind of input.")
    parser.add_argument("--only", default=",".join(PARTS), help=f"parts, of {', '.join(PARTS)}")
    parser.add_argument("--mutants", type=int, default=300)
    parser.add_argument("--kills", type=int, default=28)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    tallies: list[Tally] = []
    with tempfile.TemporaryDirectory(prefix="orgwork-trial-") as folder:
        for part in args.only.split(","):
            work = Path(folder) / part
            work.mkdir()
            start = time.perf_counter()
            for tally in PARTS[part](work, args):
                tallies.append(tally)
                print(
                    f"{tally.kind:58} {tally.tried:>5} tried {len(tally.failed):>3} failed  {'; '.join(tally.notes)}", flush=True
                )
                for failure in tally.failed:
                    print(f"    FAILED {failure}", flush=True)
            print(f"    ({part}: {time.perf_counter() - start:.0f} s)", flush=True)
    print(f"{'all':58} {sum(t.tried for t in tallies):>5} tried {sum(len(t.failed) for t in tallies):>3} failed")
    if args.json:
        args.json.write_text(json.dumps([t.__dict__ for t in tallies], indent=1, ensure_ascii=False), encoding="utf-8")
    return 1 if any(t.failed for t in tallies) else 0


if __name__ == "__main__":
    raise SystemExit(main())
