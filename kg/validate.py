"""SHACL validation of a built dataset against ``ontology/shapes.ttl`` (pySHACL).

Failures are reported per entity, with the shape, the property path, the message and the
seed file and line that declare the entity.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from .namespaces import PREFIXES, SH

SHAPES_NS = "https://w3id.org/techpark-kg/shapes#"

__all__ = ["Violation", "validate_dataset", "load_shapes"]


@dataclass(frozen=True)
class Violation:
    focus: str
    shape: str
    path: str
    message: str
    origins: tuple[str, ...]

    def __str__(self) -> str:
        where = f" (declared at {', '.join(self.origins)})" if self.origins else ""
        path = f" {self.path}:" if self.path else ""
        return f"{self.focus}{where}: shape {self.shape}:{path} {self.message}"


def load_shapes(ontology_dir: Path) -> Graph:
    return Graph().parse(Path(ontology_dir) / "shapes.ttl", format="turtle")


def _union(ds: Dataset) -> Graph:
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def validate_dataset(ds: Dataset, shapes: Graph, origins: dict[URIRef, list[str]] | None = None) -> list[Violation]:
    """Every SHACL violation of the union of the dataset's graphs (empty when it conforms)."""
    from pyshacl import validate

    data = _union(ds)
    for prefix, ns in {**PREFIXES, "tps": SHAPES_NS}.items():
        data.bind(prefix, ns, override=True)
    conforms, results, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    if conforms:
        return []
    origins = origins or {}
    out = []
    for r in results.subjects(SH.focusNode, None):
        focus = results.value(r, SH.focusNode)
        shape = results.value(r, SH.sourceShape)
        path = results.value(r, SH.resultPath)
        msg = results.value(r, SH.resultMessage)
        if not isinstance(shape, URIRef):  # a property shape: name the node shape that holds it
            shape = shapes.value(None, SH.property, shape) or shape
        shape_name = data.namespace_manager.normalizeUri(shape) if isinstance(shape, URIRef) else "(anonymous shape)"
        out.append(Violation(
            focus=str(focus), shape=shape_name,
            path=data.namespace_manager.normalizeUri(path) if isinstance(path, URIRef) else "",
            message=str(msg or "does not conform"), origins=tuple(origins.get(focus, [])),
        ))
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))
