"""The same plans and the same models, before and after a change that should alter neither.

    python bench/identical.py save /tmp/before      # on the old code
    python bench/identical.py compare /tmp/before   # on the new code: lists what differs

What it records, each as a file in the folder (compared byte for byte):

- each bundled session planned by ``orgwork solve X.yaml -o X.json --workers 1`` (the JSON), a
  what-if and an explanation through the command line too, and every CP-SAT model (its proto)
  that each of those runs gave the solver, in order;
- for random small sessions (``tests/model/test_model_vs_checker.py``'s) and two generated ones
  (``bench/generate.py``): the model's proto in four kinds (plain; explaining; cutting, with a
  baseline; a feasibility model), the plan of a solve (random sessions only: they are proven
  within their time), the first-fit plans, the arithmetic bound and the models the bound solves.

A generated session's full search is cut short by its time limit, so its plan is not compared.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from ortools.sat.python import cp_model

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RANDOM = 60  # random sessions
GENERATED = (("conference", 1, 0), ("long_session", 1, 0))


@contextmanager
def solved_models(into: list[str]) -> Iterator[None]:
    """Record the proto of every model given to CP-SAT meanwhile."""
    original = cp_model.CpSolver.solve

    def solve(self: cp_model.CpSolver, model: cp_model.CpModel, *args: Any, **kwargs: Any) -> Any:
        into.append(str(model.proto))
        return original(self, model, *args, **kwargs)

    cp_model.CpSolver.solve = solve  # type: ignore[method-assign]
    try:
        yield
    finally:
        cp_model.CpSolver.solve = original  # type: ignore[method-assign]


def cli(args: list[str], out: Path) -> tuple[str, list[str]]:
    """Run the command line in this process: its output file, and the models it solved."""
    from typer.testing import CliRunner

    from cli import app

    models: list[str] = []
    with solved_models(models):
        result = CliRunner().invoke(app, args)
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    return f"exit {result.exit_code}\n{text}", models


def bundled(record: Callable[[str, str], None]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for path in sorted((ROOT / "instances").glob("*.yaml")):
            name = path.stem
            out = Path(folder) / f"{name}.json"
            plan, models = cli(["solve", str(path), "-o", str(out), "--workers", "1"], out)
            record(f"bundled/{name}.plan.json", plan)
            record(f"bundled/{name}.solve.models", "\n=====\n".join(models))
            out = Path(folder) / f"{name}.whatif.json"
            plan, models = cli(["whatif", str(path), "--set", "resources.budget=6", "-o", str(out), "-q"], out)
            record(f"bundled/{name}.whatif.json", plan)
            record(f"bundled/{name}.whatif.models", "\n=====\n".join(models))
        path = ROOT / "instances" / "eg-intl-coop-2017.yaml"
        models: list[str] = []
        from typer.testing import CliRunner

        from cli import app

        with solved_models(models):
            result = CliRunner().invoke(app, ["explain", str(path), "--set", "resources.budget=1"])
        record("bundled/eg-intl-coop-2017.explain.txt", f"exit {result.exit_code}\n{result.output}")
        record("bundled/eg-intl-coop-2017.explain.models", "\n=====\n".join(models))


def models_of(inst: Any, record: Callable[[str, str], None], name: str) -> None:
    """The model's proto in four kinds, the first-fit plans, the arithmetic bound and its models."""
    from solver.bounds import quick_bound
    from solver.model import Flex, build_model
    from solver.search.greedy import ORDERS, greedy_plan

    record(f"{name}.plain.proto", str(build_model(inst).cp.proto))
    record(f"{name}.guards.proto", str(build_model(inst, flex=Flex(guards=True), objective=False).cp.proto))
    first = {d: {v.first: v.minutes} for d, v in inst.discussions.items()}  # discussion -> period -> minutes
    record(f"{name}.cuts.proto", str(build_model(inst, flex=Flex(cuts=True), baseline=first).cp.proto))
    record(f"{name}.feasible.proto", str(build_model(inst, objective=False).cp.proto))
    for order in ORDERS:
        record(f"{name}.greedy-{order}.json", greedy_plan(inst, order).dumps())
    models: list[str] = []
    with solved_models(models):
        bound = quick_bound(inst)
    record(f"{name}.bound", f"{bound}\n" + "\n=====\n".join(models))


def generated(record: Callable[[str, str], None]) -> None:
    from bench import generate
    from solver import build_instance

    for family, scale, seed in GENERATED:
        doc = getattr(generate, family)(scale, seed)
        inst = build_instance(yaml.safe_load(yaml.safe_dump(doc, allow_unicode=True)), source=f"{family}.yaml")
        models_of(inst, record, f"generated/{family}-{scale}x-{seed}")


def random_sessions(record: Callable[[str, str], None]) -> None:
    from solver import InputError, build_instance, solve
    from tests.model.test_model_vs_checker import random_session

    for seed in range(RANDOM):
        try:
            inst = build_instance(random_session(seed))
        except InputError as exc:
            record(f"random/{seed:03d}.input", exc.line())
            continue
        models_of(inst, record, f"random/{seed:03d}")
        result = solve(inst, time_limit=30, seed=0, workers=1)
        plan = result.schedule.dumps() if result.schedule is not None else ""
        record(f"random/{seed:03d}.plan.json", f"{result.status}\n{plan}")


def everything() -> dict[str, str]:
    found: dict[str, str] = {}

    def record(name: str, text: str) -> None:
        found[name] = text

    bundled(record)
    random_sessions(record)
    generated(record)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["save", "compare"])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    found = everything()
    if args.action == "save":
        for name, text in found.items():
            target = args.folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        print(f"saved {len(found)} records in {args.folder}")
        return 0
    saved = {p.relative_to(args.folder).as_posix() for p in args.folder.rglob("*") if p.is_file()}
    differ = sorted(n for n in found if n in saved and (args.folder / n).read_text(encoding="utf-8") != found[n])
    missing, new = sorted(saved - set(found)), sorted(set(found) - saved)
    for label, names in (("differs", differ), ("missing now", missing), ("new", new)):
        for n in names:
            digest = hashlib.sha256(found.get(n, "").encode()).hexdigest()[:12]
            print(f"{label}: {n} ({digest})")
    same = len(found) - len(differ) - len(new)
    print(f"{same} of {len(saved)} records identical")
    return 1 if differ or missing or new else 0


if __name__ == "__main__":
    raise SystemExit(main())
