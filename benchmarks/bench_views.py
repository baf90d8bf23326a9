"""HTML views: build time, page size and time until drawn and settled in headless Chromium.

    python benchmarks/bench_views.py [--runs 5]

Rows: the whole seed graph, one entity view, and synthetic graphs of 5,000 entities
(summarised to the 500-node cap) and 400 entities (drawn whole). "ready" is
``performance.now()`` in the page when vis-network has drawn and physics has stopped
(navigation start = 0); "load+ready" is wall time from ``page.goto`` until then.
Targets from issue #4: seed graph under 2 s, summarised 5,000-node view under 3 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser import launch  # noqa: E402
from kg import KnowledgeGraph  # noqa: E402
from kg.views import render_view  # noqa: E402
from kg.views.synthetic import synthetic_graph  # noqa: E402

TARGETS = {"seed graph (whole)": 2.0, "synthetic 5,000 (summarised)": 3.0}


def measure_page(browser, path: Path, runs: int) -> tuple[list[float], list[float]]:
    ready, wall = [], []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        start = time.perf_counter()
        page.goto(path.as_uri(), wait_until="commit")
        page.wait_for_function("() => window.kgView && window.kgView.ready === true", timeout=60000, polling=10)
        wall.append(time.perf_counter() - start)
        ready.append(page.evaluate("() => window.kgView.readyAt") / 1000)
        context.close()
    return ready, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    kg = KnowledgeGraph.from_seeds(corpus_dir=None)
    cases = [
        ("seed graph (whole)", lambda: KnowledgeGraph(kg.dataset, kg.settings).view_graph()),
        ("seed entity (Zizhu, depth 1)", lambda: KnowledgeGraph(kg.dataset, kg.settings).view_entity("Zizhu", 1)),
        ("synthetic 5,000 (summarised)", lambda: render_view(synthetic_graph(5000, seed=3), "Synthetic 5,000")),
        ("synthetic 400 (whole)", lambda: render_view(synthetic_graph(400, seed=3), "Synthetic 400")),
    ]
    rows = []
    with tempfile.TemporaryDirectory() as tmp, launch() as browser:
        for name, make in cases:
            build_times, view = [], None
            for _ in range(args.runs):
                start = time.perf_counter()
                view = make()
                build_times.append(time.perf_counter() - start)
            path = view.write(Path(tmp) / f"{len(rows)}.html")
            measure_page(browser, path, 1)  # warm-up
            ready, wall = measure_page(browser, path, args.runs)
            rows.append((name, view.node_count, view.edge_count, len(view.html.encode()) / 1e6,
                         statistics.median(build_times), statistics.median(ready), statistics.median(wall),
                         TARGETS.get(name)))
    print(f"median of {args.runs} runs; Chromium {browser_version()}")
    print(f"| view | nodes | edges | HTML MB | Python build s | ready s | load+ready s | target s | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, n, e, mb, b, r, w, target in rows:
        ratio = f"{w / target:.2f}" if target else "-"
        print(f"| {name} | {n} | {e} | {mb:.2f} | {b:.2f} | {r:.2f} | {w:.2f} | {target or '-'} | {ratio} |")


def browser_version() -> str:
    import subprocess

    from browser import chromium_executable

    out = subprocess.run([chromium_executable(), "--version"], capture_output=True, text=True).stdout
    return out.split()[1] if out else "?"


if __name__ == "__main__":
    main()
