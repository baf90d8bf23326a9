"""Serialize and read datasets deterministically: same graph, same bytes.

>>> from kg.export import FORMATS
>>> sorted(FORMATS)
['jsonld', 'nquads', 'nt', 'trig', 'turtle']
"""

from __future__ import annotations

from pathlib import Path

import re

from rdflib import RDF, Dataset, Graph, URIRef

from .errors import ConfigError
from .namespaces import PREFIXES

__all__ = ["FORMATS", "serialize", "read_dataset", "sorted_copy"]

# name -> (rdflib format, keeps named graphs)
FORMATS = {
    "trig": ("trig", True),
    "nquads": ("nquads", True),
    "jsonld": ("json-ld", True),
    "turtle": ("turtle", False),
    "nt": ("nt", False),
}


def sorted_copy(ds: Dataset) -> Dataset:
    """A copy whose graphs and triples were inserted in sorted order (stable serializer output)."""
    out = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns, override=True)
    for s, p, o, g in sorted(ds.quads((None, None, None, None)), key=lambda q: tuple(t.n3() for t in q)):
        out.graph(g).add((s, p, o))
    return out


def serialize(ds: Dataset, fmt: str) -> bytes:
    """The dataset in one of :data:`FORMATS`; graph-less formats get the union of all graphs."""
    if fmt not in FORMATS:
        raise ConfigError(f"Unknown format {fmt!r}; choose one of {', '.join(sorted(FORMATS))}.")
    rdf_format, keeps_graphs = FORMATS[fmt]
    if fmt in ("nquads", "nt"):
        quads = ds.quads((None, None, None, None))
        if fmt == "nt":
            lines = {f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o, _ in quads}
        else:
            lines = {f"{s.n3()} {p.n3()} {o.n3()} {g.n3()} .\n" for s, p, o, g in quads}
        return "".join(sorted(lines)).encode("utf-8")
    if fmt == "trig":
        return _trig(ds)
    if keeps_graphs:
        return sorted_copy(ds).serialize(format=rdf_format, encoding="utf-8")
    union = Graph()
    for prefix, ns in PREFIXES.items():
        union.bind(prefix, ns, override=True)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union.serialize(format=rdf_format, encoding="utf-8")


_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _term(term, names: list[tuple[str, str]]) -> str:
    if isinstance(term, URIRef):
        text = str(term)
        for ns, prefix in names:
            if text.startswith(ns) and _LOCAL.match(text[len(ns):]):
                return f"{prefix}:{text[len(ns):]}"
        if text == str(RDF.type):
            return "a"
    return term.n3()


def _trig(ds: Dataset) -> bytes:
    """TriG with graphs, subjects, predicates and objects in sorted order (fast and byte-stable)."""
    names = sorted(((ns, p) for p, ns in PREFIXES.items()), key=lambda x: -len(x[0]))
    by_graph: dict = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        by_graph.setdefault(g, {}).setdefault(s, {}).setdefault(p, set()).add(o)
    out = [f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items())]
    for g in sorted(by_graph):
        out.append(f"\n{g.n3()} {{\n")
        subjects = by_graph[g]
        for s in sorted(subjects):
            preds = subjects[s]
            lines = []
            for p in sorted(preds, key=lambda p: (p != RDF.type, p)):
                objs = ", ".join(_term(o, names) for o in sorted(preds[p]))
                lines.append(f"{_term(p, names)} {objs}")
            out.append(f"    {_term(s, names)} " + " ;\n        ".join(lines) + " .\n")
        out.append("}\n")
    return "".join(out).encode("utf-8")


def read_dataset(path: Path) -> Dataset:
    """Read a TriG or N-Quads file into a dataset whose default graph is the union of its graphs."""
    path = Path(path)
    fmt = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads"}.get(path.suffix)
    if fmt is None:
        raise ConfigError(f"{path}: cannot tell the format from the suffix; use .trig or .nq.")
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    ds.parse(path, format=fmt)
    return ds
