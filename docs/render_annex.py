"""Redraw the README's pictures of the annex from the files orgwork writes: the joint week's
annex (three bodies) in French and in Arabic, as Word documents set by LibreOffice (the same way
``orgwork export ... -o annex.pdf`` sets them), the first page of each as a PNG.

    python docs/render_annex.py        # needs LibreOffice (soffice) and poppler (pdftoppm)
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from solver import load_instance, solve
from solver.annex.export import write_plan

ROOT = Path(__file__).resolve().parent.parent
SESSION = ROOT / "instances" / "joint-week-2021.yaml"


def main() -> None:
    inst = load_instance(SESSION)
    plan = solve(inst, time_limit=30, seed=0, workers=1).schedule
    with tempfile.TemporaryDirectory() as folder:
        for lang in ("fr", "ar"):
            pdf = Path(folder) / f"annex-{lang}.pdf"
            write_plan(pdf, inst, plan, lang)
            out = ROOT / "docs" / f"annex-{lang}"
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(out)], check=True)
            print(f"wrote {out}.png")


if __name__ == "__main__":
    main()
