"""Cold `kg build` on the seeds, interpreter start included: median of several runs.

    python benchmarks/bench_build.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def time_command(args: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, cwd=ROOT, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cases = {
            "python -c pass (interpreter only)": [sys.executable, "-c", "pass"],
            "kg build (check, build, SHACL, write)": [sys.executable, "-m", "kg", "build", "--build-dir", tmp],
            "kg build --no-validate": [sys.executable, "-m", "kg", "build", "--no-validate", "--build-dir", tmp],
        }
        rows = []
        for name, args in cases.items():
            t = time_command(args, opts.runs)
            rows.append((name, statistics.median(t), min(t), max(t)))
    width = max(len(r[0]) for r in rows)
    print(f"{'command':<{width}}  {'median s':>9}  {'min s':>7}  {'max s':>7}   ({opts.runs} runs each)")
    for name, med, lo, hi in rows:
        print(f"{name:<{width}}  {med:>9.3f}  {lo:>7.3f}  {hi:>7.3f}")


if __name__ == "__main__":
    main()
