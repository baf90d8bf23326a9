"""Storage benchmark: load time, peak memory and query latency per backend, on synthetic graphs.

    python benchmarks/bench_storage.py                    # 10^4, 10^5 and 10^6 triples
    python benchmarks/bench_storage.py --sizes 1e4 --runs 3   # a quick run

Each backend runs in its own subprocess (peak memory = that process's ru_maxrss) on the same
``kg synth`` N-Quads file: the tool's stores (``memory`` = rdflib, ``oxigraph`` in memory,
``oxigraph-disk``; all through ``kg.store``, answers converted to rdflib terms) and raw pyoxigraph
(in memory and on disk; bulk load, union default graph, solutions iterated). rdflib queries are
capped (``--cap`` seconds) and reported as "timeout". Queries: the library queries that need no
parameter (queries/*.rq) plus a fixed set of joins, paths and aggregates. Medians of ``--runs``
runs (fewer when one run is slow). Load times start after the imports (``kg.store`` pulls in rdflib:
about 0.15 s, paid once per process, not per load). Writes a Markdown table to benchmarks/results/storage.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = {
    "join-path": """SELECT ?park ?country WHERE { ?park a/rdfs:subClassOf* tp:Park ; tp:locatedIn+ ?country .
                    ?country a tp:Country }""",
    "companies-per-country": """SELECT ?country (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c tp:presentIn ?park .
                    ?park tp:locatedIn+ ?country . ?country a tp:Country } GROUP BY ?country""",
    "investment-by-status": """SELECT ?status (SUM(?v) AS ?total) (COUNT(?p) AS ?n) WHERE { ?p a tp:InvestmentProject ;
                    tp:status ?status ; tp:investmentAmount [ schema:value ?v ; schema:currency "CNY" ] } GROUP BY ?status""",
    "top-investors": """SELECT ?company (SUM(?v) AS ?total) WHERE { ?p tp:investor ?company ;
                    tp:investmentAmount/schema:value ?v } GROUP BY ?company ORDER BY DESC(?total) LIMIT 10""",
    "evidence-per-source": """SELECT ?article (COUNT(?e) AS ?n) WHERE { ?e a tp:Evidence ; tp:inSource ?article }
                    GROUP BY ?article""",
    "label-lookup": """SELECT ?x WHERE { ?x skos:prefLabel|skos:altLabel ?l FILTER(STRSTARTS(LCASE(STR(?l)), "qing")) }""",
    "construct-tenancies": """CONSTRUCT { ?c tp:presentIn ?z } WHERE { ?t a tp:Tenancy ; tp:tenant ?c ; tp:zone ?z }""",
}
BACKENDS = ["memory", "oxigraph", "oxigraph-disk", "raw-oxigraph", "raw-oxigraph-disk"]


def library_queries() -> dict[str, str]:
    """Library queries that run without parameters (all parameters optional or defaulted to none)."""
    try:
        from kg.library import QueryLibrary
    except ImportError:
        return {}
    folder = ROOT / "queries"
    if not folder.is_dir():
        return {}
    out = {}
    for q in QueryLibrary.load(folder):
        if all(not p.required and p.default is None for p in q.params) and "inference" not in q.requires:
            out[f"lib:{q.name}"] = q.text
    return out


# -- worker: one backend, one file, in its own process -----------------------------------------

def worker(backend: str, path: str, runs: int, cap: float, queries: dict[str, str]) -> dict:
    from kg.query import PREFIX_HEADER

    import pyoxigraph as ox

    from kg.store import open_store  # imported before the clock starts, as pyoxigraph is for the raw side

    tmp = tempfile.mkdtemp(prefix="bench-store-")
    result: dict = {"backend": backend, "queries": {}}
    start = time.perf_counter()
    if backend.startswith("raw-"):
        store = ox.Store(os.path.join(tmp, "ox")) if backend.endswith("disk") else ox.Store()
        store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
        if backend.endswith("disk"):
            store.flush()

        def run(text: str) -> int:
            res = store.query(text, use_default_graph_as_union=True)
            if isinstance(res, ox.QueryBoolean):
                return 1
            if isinstance(res, ox.QuerySolutions):
                n = len(res.variables)
                return sum(1 for sol in res for _ in [[sol[i] for i in range(n)]])
            return sum(1 for _ in res)
    else:
        spec = {"memory": "memory", "oxigraph": "oxigraph", "oxigraph-disk": f"oxigraph:{tmp}/ox"}[backend]
        store = open_store(spec)
        store.load_file(path)

        def run(text: str) -> int:
            res = store.query(text, timeout=cap if backend == "memory" else None)
            return len(res.rows) if res.type == "SELECT" else (len(res.graph) if res.graph is not None else 1)
    result["load"] = time.perf_counter() - start
    if backend == "oxigraph-disk":  # a later run: open the store and find it current
        store.close()
        del store
        start = time.perf_counter()
        store = open_store(spec)
        store.load_file(path)
        result["reopen"] = time.perf_counter() - start
        assert store.reused
    for name, text in queries.items():
        times, rows = [], None
        for _ in range(runs):
            t0 = time.perf_counter()
            try:
                rows = run(PREFIX_HEADER + text)
            except Exception as exc:  # QueryError on timeout
                if "time limit" in str(exc):
                    times = None
                    break
                raise
            times.append(time.perf_counter() - t0)
            if sum(times) > 10:  # slow: fewer runs
                break
        result["queries"][name] = {"median": statistics.median(times) if times else None,
                                   "runs": len(times) if times else 0, "rows": rows}
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


# -- driver --------------------------------------------------------------------------------------

def fmt(value: float | None) -> str:
    if value is None:
        return "timeout"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1e4,1e5,1e6", help="Triples, comma separated (default 1e4,1e5,1e6).")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cap", type=float, default=30.0, help="rdflib per-query time limit, seconds.")
    ap.add_argument("--backends", default=",".join(BACKENDS))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "storage.md"))
    ap.add_argument("--worker", nargs=2, metavar=("BACKEND", "FILE"), help=argparse.SUPPRESS)
    ap.add_argument("--queries-json", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        queries = json.loads(Path(args.queries_json).read_text())
        print(json.dumps(worker(args.worker[0], args.worker[1], args.runs, args.cap, queries)))
        return

    from kg.synth import parks_for_triples, write_synth

    queries = {**QUERIES, **library_queries()}
    cache = Path(tempfile.gettempdir()) / "techpark-bench"
    cache.mkdir(exist_ok=True)
    qfile = cache / "queries.json"
    qfile.write_text(json.dumps(queries))
    backends = args.backends.split(",")
    lines = [f"# Storage benchmark\n\nMachine: {os.cpu_count()} cores; Python {sys.version.split()[0]}; "
             f"medians of up to {args.runs} runs; rdflib queries capped at {args.cap:g} s. "
             "Tool stores answer with rdflib terms; raw pyoxigraph iterates its own solutions.\n"]
    for size in (int(float(s)) for s in args.sizes.split(",")):
        parks = parks_for_triples(size)
        path = cache / f"synth-{parks}-{args.seed}.nq"
        if not path.exists():
            write_synth(path, parks, args.seed)
        quads = sum(1 for _ in open(path, "rb"))
        results = {}
        for backend in backends:
            proc = subprocess.run([sys.executable, __file__, "--worker", backend, str(path), "--runs", str(args.runs),
                                   "--cap", str(args.cap), "--queries-json", str(qfile)],
                                  capture_output=True, text=True)
            if proc.returncode:
                print(proc.stderr, file=sys.stderr)
                raise SystemExit(f"worker {backend} failed")
            results[backend] = json.loads(proc.stdout.strip().splitlines()[-1])
            print(f"  {quads} quads, {backend}: load {fmt(results[backend]['load'])}", file=sys.stderr, flush=True)
        header = "| | " + " | ".join(backends) + " |"
        rows = [f"\n## {quads:,} quads ({parks} parks, seed {args.seed})\n", header,
                "|---" * (len(backends) + 1) + "|"]
        rows.append("| load | " + " | ".join(fmt(results[b]["load"]) for b in backends) + " |")
        if "oxigraph-disk" in results:
            rows.append("| reopen (already current) | " + " | ".join(
                fmt(results[b]["reopen"]) if b == "oxigraph-disk" else "" for b in backends) + " |")
        rows.append("| peak memory | " + " | ".join(f"{results[b]['peak_mb']:.0f} MB" for b in backends) + " |")
        for name in queries:
            rows.append(f"| {name} | " + " | ".join(fmt(results[b]["queries"][name]["median"]) for b in backends) + " |")
        ratios = []
        for tool, raw in (("oxigraph", "raw-oxigraph"), ("oxigraph-disk", "raw-oxigraph-disk")):
            if tool in results and raw in results:
                qs = [results[tool]["queries"][n]["median"] / max(results[raw]["queries"][n]["median"], 1e-9)
                      for n in queries if results[raw]["queries"][n]["median"]]
                ratios.append(f"- {tool} / {raw}: load {results[tool]['load'] / results[raw]['load']:.2f}x; "
                              f"queries median {statistics.median(qs):.2f}x, worst {max(qs):.2f}x")
        if "memory" in results and "oxigraph" in results:
            sp = []
            for n in queries:
                m, o = results["memory"]["queries"][n]["median"], results["oxigraph"]["queries"][n]["median"]
                sp.append((n, "timeout (>{:g} s)".format(args.cap) if m is None else f"{m / max(o, 1e-9):.0f}x"))
            ratios.append("- rdflib memory / oxigraph (speed-up of the tool over rdflib): "
                          + ", ".join(f"{n} {v}" for n, v in sp))
        block = "\n".join(rows + [""] + ratios) + "\n"
        print(block, flush=True)
        lines.append(block)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    from kg.files import atomic_write_text

    atomic_write_text(out, "\n".join(lines))
    print(f"Wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
