"""`kg serve` over loopback HTTP: median and p95 latency of each library query, then a load test.

    python benchmarks/bench_server.py [--runs 20] [--clients 50] [--seconds 30]

The server runs as its own process (`python -m kg serve` on a free 127.0.0.1 port, the built
graph in build/, default store); the clients are httpx in this process. Every answer of the load
test is checked against the answer the query gave alone (same bindings, order ignored).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import KnowledgeGraph  # noqa: E402
from kg.config import Settings  # noqa: E402
from kg.library import QueryLibrary  # noqa: E402
from kg.query import bind_values  # noqa: E402
from kg.server.run import free_port  # noqa: E402

HEADERS = {"content-type": "application/sparql-query", "accept": "application/sparql-results+json, text/turtle;q=0.9"}


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def library_queries(kg: KnowledgeGraph) -> dict[str, str]:
    """Library queries runnable with their defaults, with the defaults bound."""
    out = {}
    for q in QueryLibrary.load(kg.settings.queries_dir):
        try:
            out[q.name] = bind_values(q.text, q.bind({}, resolve=lambda name: kg.entity(name).iri))
        except Exception:  # a required parameter without a default
            continue
    return out


def canonical(response: httpx.Response):
    """An answer with row order ignored (SELECT/ASK JSON, or the sorted lines of a graph)."""
    if response.headers["content-type"].startswith("application/sparql-results+json"):
        data = response.json()
        if "boolean" in data:
            return data["boolean"]
        return sorted(json.dumps(b, sort_keys=True) for b in data["results"]["bindings"])
    return response.headers["content-type"], len(response.content)


def start_server(build_dir: str, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", str(port), "--build-dir", build_dir,
                             "--max-rows", "100000"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(400):
        try:
            httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
            return proc
        except httpx.HTTPError:
            if proc.poll() is not None:
                raise SystemExit(proc.stderr.read().decode())
            time.sleep(0.05)
    raise SystemExit("the server did not start")


async def load(url: str, queries: dict[str, str], expected: dict, clients: int, seconds: float):
    latencies: list[float] = []
    errors: list[str] = []
    stop = time.perf_counter() + seconds
    names = list(queries)

    async def client(i: int) -> None:
        async with httpx.AsyncClient(base_url=url, timeout=60) as c:
            k = i
            while time.perf_counter() < stop:
                name = names[k % len(names)]
                k += 1
                t0 = time.perf_counter()
                r = await c.post("/sparql", content=queries[name].encode(), headers=HEADERS)
                latencies.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    errors.append(f"{name}: HTTP {r.status_code} {r.text[:100]}")
                elif canonical(r) != expected[name]:
                    errors.append(f"{name}: wrong answer")

    t0 = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    return latencies, errors, time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20, help="requests per library query")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        kg = KnowledgeGraph.from_seeds(settings=Settings(build_dir=tmp))
        kg.write_build()
        queries = library_queries(kg)
        port = free_port()
        proc = start_server(tmp, port)
        url = f"http://127.0.0.1:{port}"
        try:
            rows, expected = [], {}
            with httpx.Client(base_url=url, timeout=60) as c:
                for name, text in queries.items():
                    times = []
                    for _ in range(opts.runs):
                        t0 = time.perf_counter()
                        r = c.post("/sparql", content=text.encode(), headers=HEADERS)
                        times.append(time.perf_counter() - t0)
                        if r.status_code != 200:
                            raise SystemExit(f"{name}: HTTP {r.status_code}: {r.text}")
                    expected[name] = canonical(r)
                    size = len(expected[name]) if isinstance(expected[name], list) else "-"
                    rows.append((name, size, statistics.median(times) * 1000, p95(times) * 1000))
            print(f"Library queries over HTTP ({opts.runs} runs each, POST application/sparql-query, loopback)")
            print(f"{'query':34} {'rows':>5} {'median ms':>10} {'p95 ms':>8}")
            for name, size, med, top in rows:
                print(f"{name:34} {size!s:>5} {med:10.2f} {top:8.2f}")
            meds = [r[2] for r in rows]
            print(f"{'(all ' + str(len(rows)) + ' queries: median of medians)':34} {'':>5} {statistics.median(meds):10.2f} "
                  f"{max(r[3] for r in rows):8.2f} (max p95)")
            latencies, errors, elapsed = asyncio.run(load(url, queries, expected, opts.clients, opts.seconds))
            print()
            print(f"Load test: {opts.clients} concurrent clients for {opts.seconds:g} s, cycling through the library")
            print(f"{'requests':>9} {'errors':>7} {'req/s':>8} {'median ms':>10} {'p95 ms':>8}")
            print(f"{len(latencies):9d} {len(errors):7d} {len(latencies) / elapsed:8.1f} "
                  f"{statistics.median(latencies) * 1000:10.1f} {p95(latencies) * 1000:8.1f}")
            for e in errors[:10]:
                print("  error:", e)
        finally:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
