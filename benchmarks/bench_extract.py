"""Extraction throughput and accuracy: articles per second (in-process, gazetteer built once), the cold
`kg extract` command, and the scores of `kg eval` on the five curated articles. Medians of several runs.

    python benchmarks/bench_extract.py [--runs 7] [--corpus ../shared/seeds]
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
sys.path.insert(0, str(ROOT))

from kg import KnowledgeGraph  # noqa: E402
from kg.extract import Extractor, evaluate, to_yaml  # noqa: E402
from kg.ontology import Ontology  # noqa: E402
from kg.seeds import load_seeds  # noqa: E402


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "seeds")
    opts = parser.parse_args()
    own = sorted((ROOT / "tests" / "data" / "articles").iterdir())
    seeded = sorted(opts.corpus.glob("*.txt")) if opts.corpus.is_dir() else []
    kg = KnowledgeGraph.from_seeds(corpus_dir=None, validate=False)
    t_gaz = median_time(lambda: KnowledgeGraph.from_seeds(corpus_dir=None, validate=False).gazetteer, opts.runs)
    ex = Extractor(kg.gazetteer)
    rows = [("gazetteer from the graph (seed build incl.)", t_gaz, f"{len(kg.gazetteer)} entities")]
    for name, files in (("five seed articles", seeded), ("team-written test articles", own)):
        if not files:
            continue
        t = median_time(lambda: [to_yaml(ex.extract(f)) for f in files], opts.runs)
        size = sum(f.stat().st_size for f in files)
        rows.append((f"extract {len(files)} {name}", t, f"{len(files) / t:.0f} articles/s, {size / t / 1e3:.0f} kB/s"))
    big = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
    body = "\n\n".join(f.read_text(encoding="utf-8") for f in seeded + [o for o in own if o.suffix == ".txt"])
    big.write("Long article\n2024-01-01\n\n" + body * 20)
    big.close()
    t = median_time(lambda: ex.extract(big.name, max_bytes=10**8), max(3, opts.runs // 2))
    rows.append((f"extract one {Path(big.name).stat().st_size / 1e6:.1f} MB article", t,
                 f"{Path(big.name).stat().st_size / t / 1e6:.2f} MB/s"))
    Path(big.name).unlink()
    with tempfile.TemporaryDirectory() as tmp:
        target = own[0]
        cmd = [sys.executable, "-m", "kg", "extract", str(target), "-o", str(Path(tmp) / "c.yaml")]
        t = median_time(lambda: subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True), opts.runs)
        rows.append(("cold `kg extract` one article (interpreter start incl.)", t, ""))
    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  {'median s':>9}  note")
    for name, t, note in rows:
        print(f"{name:<{width}}  {t:>9.4f}  {note}")
    if seeded:
        onto = Ontology.load()
        seeds = load_seeds(ROOT / "seeds", onto, opts.corpus)
        print()
        print(f"{'accuracy on the five curated articles':<44} {'entities':>8} {'relations':>9} {'literals':>8}  (F1)")
        for holdout in (False, True):
            rep = evaluate(seeds, opts.corpus, onto, holdout=holdout)
            label = "gazetteer: all seeds" if not holdout else "gazetteer: the other four seeds (hold-out)"
            for a in rep.articles:
                print(f"  {a.doc_id[:42]:<42} {a.entities.f1:>8.2f} {a.relations.f1:>9.2f} {a.literals.f1:>8.2f}")
            o = rep.overall()
            print(f"{'overall, ' + label:<44} {o['entities'].f1:>8.2f} {o['relations'].f1:>9.2f} {o['literals'].f1:>8.2f}")


if __name__ == "__main__":
    main()
