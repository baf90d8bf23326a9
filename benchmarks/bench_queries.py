"""The query library on the seed graph with inference: median time per query, per engine.

    python benchmarks/bench_queries.py [--runs 7] [--stores oxigraph,memory]

Each query runs once to warm up, then ``--runs`` times; the table prints the median per query
and the sum of the medians (all library queries together). Also times inference itself and a
cold `kg query` (interpreter start included).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import KnowledgeGraph  # noqa: E402
from kg.config import Settings  # noqa: E402
from kg.reason import infer  # noqa: E402


def median_ms(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--stores", default="oxigraph,memory")
    opts = parser.parse_args()
    stores = opts.stores.split(",")
    base = KnowledgeGraph.from_seeds(corpus_dir=None)
    graphs = {s: KnowledgeGraph(base.dataset, Settings(store=s), inferred=base.inferred) for s in stores}
    for g in graphs.values():
        g.store  # load once, outside the timings
    names = [q.name for q in graphs[stores[0]].queries]
    table = {s: {n: median_ms(lambda g=g, n=n: g.run(n), opts.runs) for n in names} for s, g in graphs.items()}
    width = max(map(len, names))
    print(f"{'query':<{width}}  " + "  ".join(f"{s + ' ms':>12}" for s in stores))
    for n in names:
        print(f"{n:<{width}}  " + "  ".join(f"{table[s][n]:>12.2f}" for s in stores))
    print(f"{'ALL ' + str(len(names)) + ' (sum of medians)':<{width}}  "
          + "  ".join(f"{sum(table[s].values()):>12.1f}" for s in stores))
    print()
    print(f"inference (kg.reason.infer, {len(base.inferred)} triples): "
          f"median {median_ms(lambda: infer(base.dataset), opts.runs):.1f} ms")
    build = ROOT / "build" / "techpark.trig"
    if build.is_file():
        cold = []
        for _ in range(max(3, opts.runs // 2)):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "kg", "query", "parks-in-place", "-f", "csv"], cwd=ROOT,
                           check=True, capture_output=True)
            cold.append(time.perf_counter() - start)
        print(f"cold `kg query parks-in-place -f csv` (interpreter, load, query): median {statistics.median(cold):.2f} s")


if __name__ == "__main__":
    main()
