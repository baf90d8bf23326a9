"""Run the server: :func:`serve` blocks (``kg serve``); :class:`BackgroundServer` runs one in a thread."""

from __future__ import annotations

import socket
import threading
import time
from typing import TYPE_CHECKING

import uvicorn

from .app import ServerConfig, create_app

if TYPE_CHECKING:
    from .. import KnowledgeGraph

__all__ = ["serve", "BackgroundServer", "free_port"]


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _uvicorn_config(kg: "KnowledgeGraph", config: ServerConfig | None, host: str, port: int,
                    log_level: str) -> uvicorn.Config:
    return uvicorn.Config(create_app(kg, config), host=host, port=port, log_level=log_level, access_log=False,
                          server_header=False, timeout_keep_alive=5, limit_concurrency=512)


def serve(kg: "KnowledgeGraph", config: ServerConfig | None = None, host: str = "127.0.0.1", port: int = 8000,
          log_level: str = "info") -> None:
    """Serve ``kg`` until interrupted (binds 127.0.0.1 unless told otherwise)."""
    uvicorn.Server(_uvicorn_config(kg, config, host, port, log_level)).run()


class BackgroundServer:
    """A real uvicorn server in a daemon thread on a free loopback port (a context manager).

    >>> from kg import KnowledgeGraph
    >>> import httpx
    >>> with BackgroundServer(KnowledgeGraph.from_seeds(corpus_dir=None)) as server:
    ...     httpx.get(server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"]
    True
    """

    def __init__(self, kg: "KnowledgeGraph", config: ServerConfig | None = None, host: str = "127.0.0.1",
                 port: int | None = None):
        self.host, self.port = host, port or free_port(host)
        self.server = uvicorn.Server(_uvicorn_config(kg, config, self.host, self.port, "warning"))
        self.server.install_signal_handlers = lambda: None  # not the main thread
        self.thread = threading.Thread(target=self.server.run, daemon=True, name="kg-server")

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, wait: float = 20.0) -> "BackgroundServer":
        self.thread.start()
        deadline = time.monotonic() + wait
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start on {self.url}")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)

    def __enter__(self) -> "BackgroundServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
