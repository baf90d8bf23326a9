"""Run SPARQL against a dataset and return plain Python rows."""

from __future__ import annotations

from typing import Any

from rdflib import Dataset, Literal, URIRef
from rdflib.query import Result

from .errors import QueryError

__all__ = ["run_query", "to_python"]


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


def run_query(ds: Dataset, sparql: str, **bindings: Any) -> list[dict[str, Any]] | bool:
    """SELECT gives a list of dicts, ASK a bool; values are bound with initBindings, never pasted."""
    try:
        result: Result = ds.query(sparql, initBindings={k: _binding(v) for k, v in bindings.items()})
    except Exception as exc:  # rdflib raises pyparsing and plain exceptions for bad queries
        raise QueryError(f"SPARQL query failed: {exc}") from exc
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type == "SELECT":
        names = [str(v) for v in result.vars]
        return [{n: to_python(row[i]) for i, n in enumerate(names)} for row in result]
    raise QueryError(f"{result.type} queries return graphs; use KnowledgeGraph.dataset.query for them.")
