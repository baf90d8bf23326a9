"""Run SPARQL against a store and return plain Python rows."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal, URIRef

from .namespaces import PREFIXES
from .store import Store

__all__ = ["run_query", "to_python", "PREFIX_HEADER"]

PREFIX_HEADER = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))


def to_python(term: Any) -> Any:
    """An rdflib term as a plain value: literals become Python values, IRIs stay strings."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if not isinstance(value, Literal) else str(value)
    return str(term)


def _binding(value: Any) -> Any:
    if isinstance(value, (URIRef, Literal)):
        return value
    return Literal(value)


def run_query(store: Store, sparql: str, *, timeout: float | None = None,
              **bindings: Any) -> list[dict[str, Any]] | bool | Graph:
    """SELECT gives a list of dicts, ASK a bool, CONSTRUCT a Graph; values are bound, never pasted."""
    result = store.query(PREFIX_HEADER + sparql, bindings={k: _binding(v) for k, v in bindings.items()},
                         timeout=timeout)
    if result.type == "ASK":
        return bool(result.boolean)
    if result.type == "SELECT":
        return [{k: to_python(v) for k, v in row.items()} for row in result.dicts()]
    return result.graph
