"""Storage benchmark: load time, peak memory and query latency per backend, on synthetic graphs.

    python benchmarks/bench_storage.py                    # 10^4, 10^5 and 10^6 triples
    python benchmarks/bench_storage.py --sizes 1e4 --runs 3   # a quick run

Each backend runs in its own subprocess (peak memory = that process's ru_maxrss) on the same
``kg synth`` N-Quads file: the tool's stores (``memory`` = rdflib, ``oxigraph`` in memory,
``oxigraph-disk``, ``remote`` = a real ``oxigraph serve`` on 127.0.0.1 reached over HTTP (its peak
memory is the client's only); all through ``kg.store``, answers converted to rdflib terms) and raw pyoxigraph
(in memory and on disk: bulk load, queries on the union default graph, solutions iterated; and
``raw-oxigraph-merged``: bulk load plus one INSERT of the union into the default graph, the least raw
pyoxigraph must do to give the tool's de-duplicated answers, queried without the union mode). After loading, the
tool's stores run the reasoner inside the store (``kg.reason.infer_store``, timed on its own row) so
the library queries that rely on inference run too; raw pyoxigraph has no reasoner and skips them.
rdflib queries are capped (``--cap`` seconds) and reported as "timeout". Queries: the library queries
that need no parameter (queries/*.rq) plus a fixed set of joins, paths and aggregates. Row counts are
compared across backends and any disagreement is printed under the table. Medians of ``--runs``
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
INFERENCE: set[str] = set()  # queries that need the inferred graph
BACKENDS = ["memory", "oxigraph", "oxigraph-disk", "remote", "raw-oxigraph", "raw-oxigraph-disk", "raw-oxigraph-merged"]


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
        if all(not p.required and p.default is None for p in q.params):
            out[f"lib:{q.name}"] = q.text
            if "inference" in q.requires:
                INFERENCE.add(f"lib:{q.name}")
    return out


# -- worker: one backend, one file, in its own process -----------------------------------------

def start_server(folder: str) -> str:
    """``oxigraph serve`` on a free 127.0.0.1 port with its data in ``folder``; stopped when the worker exits."""
    import atexit
    import shutil
    import socket

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([shutil.which("oxigraph") or "oxigraph", "serve", "--location", os.path.join(folder, "srv"),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    atexit.register(proc.terminate)
    url = f"http://127.0.0.1:{port}"
    for _ in range(400):
        try:
            httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1.0)
            return url
        except httpx.HTTPError:
            time.sleep(0.05)
    raise SystemExit("oxigraph serve did not start")


def worker(backend: str, path: str, runs: int, cap: float, queries: dict[str, str], inference: set[str]) -> dict:
    from kg.query import PREFIX_HEADER

    import pyoxigraph as ox

    from kg.store import open_store  # imported before the clock starts, as pyoxigraph is for the raw side

    tmp = tempfile.mkdtemp(prefix="bench-store-")
    result: dict = {"backend": backend, "queries": {}}
    start = time.perf_counter()
    if backend.startswith("raw-"):
        store = ox.Store(os.path.join(tmp, "ox")) if backend.endswith("disk") else ox.Store()
        store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
        merged = backend == "raw-oxigraph-merged"
        if merged:  # the least raw pyoxigraph does to answer as the tool does: the union as a real graph
            store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        if backend.endswith("disk"):
            store.flush()

        def run(text: str) -> int:
            res = store.query(text, use_default_graph_as_union=not merged)
            if isinstance(res, ox.QueryBoolean):
                return 1
            if isinstance(res, ox.QuerySolutions):
                n = len(res.variables)
                return sum(1 for sol in res for _ in [[sol[i] for i in range(n)]])
            return sum(1 for _ in res)
    else:
        if backend == "remote":
            spec = f"sparql:{start_server(tmp)}/query"
            start = time.perf_counter()  # the server's start-up is not the load
        else:
            spec = {"memory": "memory", "oxigraph": "oxigraph", "oxigraph-disk": f"oxigraph:{tmp}/ox"}[backend]
        store = open_store(spec)
        store.load_file(path)

        def run(text: str) -> int:
            res = store.query(text, timeout=cap if backend == "memory" else None)
            return len(res.rows) if res.type == "SELECT" else (len(res.triples) if res.triples is not None else 1)
    result["load"] = time.perf_counter() - start
    if backend == "oxigraph-disk":  # a later run: open the store and find it current
        store.close()
        del store
        start = time.perf_counter()
        store = open_store(spec)
        store.load_file(path)
        result["reopen"] = time.perf_counter() - start
        assert store.reused
    # queries on the loaded data first (as raw pyoxigraph has it), then inference and the queries that need it
    for name, text in sorted(queries.items(), key=lambda item: item[0] in inference):
        if name in inference and "infer" not in result:
            if backend.startswith("raw-"):
                result["queries"][name] = {"median": None, "runs": 0, "rows": None, "skipped": True}
                continue
            from kg.reason import infer_store

            start = time.perf_counter()
            result["inferred"] = infer_store(store)
            result["infer"] = time.perf_counter() - start
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

def agreement(results: dict, queries: dict[str, str]) -> str:
    """Whether every backend that answered a query returned as many rows (raw pyoxigraph's union
    default graph repeats a triple once per graph, so its counts may differ: listed, not hidden)."""
    odd = []
    for name in queries:
        counts = {b: r["queries"][name]["rows"] for b, r in results.items() if r["queries"][name]["median"] is not None}
        tool = {b: c for b, c in counts.items() if not b.startswith("raw-")}
        if len(set(counts.values())) > 1:
            odd.append(f"{name} ({', '.join(f'{b} {c}' for b, c in counts.items())})"
                       + ("" if len(set(tool.values())) <= 1 else " TOOL BACKENDS DISAGREE"))
    return "- row counts: " + ("the same on every backend" if not odd else "differ on " + "; ".join(odd))


def fmt(value: float | None, skipped: bool = False) -> str:
    if skipped:
        return "n/a"
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
        inference = set(queries.pop("__inference__", "").split())
        print(json.dumps(worker(args.worker[0], args.worker[1], args.runs, args.cap, queries, inference)))
        return

    from kg.synth import parks_for_triples, write_synth

    queries = {**QUERIES, **library_queries()}
    cache = Path(tempfile.gettempdir()) / "techpark-bench"
    cache.mkdir(exist_ok=True)
    qfile = cache / "queries.json"
    qfile.write_text(json.dumps({**queries, "__inference__": " ".join(sorted(INFERENCE))}))
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
        rows.append("| infer (in the store) | " + " | ".join(
            f"{fmt(results[b]['infer'])} ({results[b]['inferred']:,} triples)" if "infer" in results[b] else ""
            for b in backends) + " |")
        rows.append("| peak memory | " + " | ".join(f"{results[b]['peak_mb']:.0f} MB" for b in backends) + " |")
        for name in queries:
            mark = " (inference)" if name in INFERENCE else ""
            rows.append(f"| {name}{mark} | " + " | ".join(
                fmt(results[b]["queries"][name]["median"], results[b]["queries"][name].get("skipped", False))
                for b in backends) + " |")
        ratios = []
        for tool, raw in (("oxigraph", "raw-oxigraph"), ("oxigraph-disk", "raw-oxigraph-disk"),
                          ("oxigraph", "raw-oxigraph-merged")):
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
        if "memory" in results and "raw-oxigraph-merged" in results:  # what the engine itself allows
            sp = []
            for n in queries:
                m, r = results["memory"]["queries"][n]["median"], results["raw-oxigraph-merged"]["queries"][n]["median"]
                if m is not None and r is not None:
                    sp.append(f"{n} {m / max(r, 1e-9):.0f}x")
            ratios.append("- rdflib memory / raw-oxigraph-merged (the engine's own speed-up, same answers): "
                          + ", ".join(sp))
        ratios.append(agreement(results, queries))
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
