"""Shared fixtures: the seed graph built once per session, a CLI runner, the article corpus."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg import KnowledgeGraph
from kg.cli import main
from kg.config import PROJECT_ROOT

SHARED_SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def kg() -> KnowledgeGraph:
    """The knowledge graph of the curated seeds (no corpus needed: offsets are in the seeds)."""
    return KnowledgeGraph.from_seeds(corpus_dir=None)


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The folder of article texts; tests that need it skip when it is absent."""
    if not SHARED_SEEDS.is_dir():
        pytest.skip(f"article corpus not found at {SHARED_SEEDS} (it sits beside the project in CI)")
    return SHARED_SEEDS


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys):
    """Run ``kg ARGS...`` in-process; returns exit code, stdout and stderr."""

    def run(*args: str) -> Run:
        capsys.readouterr()
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """A writable copy of the seeds folder."""
    target = tmp_path / "seeds"
    shutil.copytree(PROJECT_ROOT / "seeds", target)
    return target


def chromium_path() -> str | None:
    """Debian's chromium, if installed."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real ``oxigraph serve`` on 127.0.0.1 (free port, temporary data folder); yields its base URL."""
    import subprocess
    import time

    import httpx

    exe = shutil.which("oxigraph")
    if not exe:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = _free_port()
    data = tmp_path_factory.mktemp("oxigraph-server")
    proc = subprocess.Popen([exe, "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1.0)
                break
            except httpx.HTTPError:
                if proc.poll() is not None:
                    pytest.fail(f"oxigraph serve exited: {proc.stderr.read().decode(errors='replace')}")
                time.sleep(0.05)
        else:
            pytest.fail("oxigraph serve did not answer within 10 s")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def kg_server(kg):
    """``kg serve`` (uvicorn, real HTTP) on a free 127.0.0.1 port: 2 s query limit, 1,000-row cap, 100 kB bodies."""
    from kg.server import BackgroundServer, ServerConfig

    config = ServerConfig.from_settings(kg.settings, timeout=2.0, max_rows=1000, max_body=100_000)
    with BackgroundServer(kg, config) as server:
        yield server
