"""``kg serve``: a SPARQL 1.1 Protocol endpoint and a web explorer over one :class:`~kg.KnowledgeGraph`.

- :mod:`kg.server.protocol`: protocol rules and content negotiation (pure functions)
- :mod:`kg.server.security`: security headers and the Content-Security-Policy
- :mod:`kg.server.search`: search over labels and aliases
- :mod:`kg.server.pages`: what the explorer pages show (entity, source, ontology...)
- :mod:`kg.server.app`: the Starlette application (:func:`create_app`) and its limits (:class:`ServerConfig`)
- :mod:`kg.server.run`: :func:`serve` (blocking) and :class:`BackgroundServer` (tests, benchmarks)

Read-only by default; see ``docs/server.md``.
"""

from .app import ServerConfig, create_app
from .run import BackgroundServer, serve

__all__ = ["ServerConfig", "create_app", "serve", "BackgroundServer"]
