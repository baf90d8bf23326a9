"""What the seed loader and the builder need to know about the ontology.

Property kinds (how a seed value is read) and resource kinds (the ``<kind>`` segment of an
IRI) are derived from ``ontology/techpark.ttl`` itself, so a new term needs no code change.

>>> onto = Ontology.load()
>>> [onto.properties[p] for p in ("investmentAmount", "locatedIn", "jobTarget")]
['money', 'ref', 'count']
>>> onto.resource_kind("NationalHighTechZone"), onto.resource_kind("District")
('park', 'place')
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from rdflib import Graph, URIRef

from .config import Settings
from .namespaces import OWL, RDF, RDFS, SCHEMA, SKOS, TP, XSD

__all__ = ["Ontology", "DATE_PROPERTIES", "GENERATED_PROPERTIES"]

# Properties whose values are dates, gYearMonths or gYears (their range is left open in OWL).
DATE_PROPERTIES = {"date", "brokeGroundIn", "expectedOperationIn"}
# Properties the builder writes itself from fact fields; a seed file may not state them.
GENERATED_PROPERTIES = {"tenant", "zone", "confidence", "extractionMethod", "qualifier", "usdEquivalent"}
# Classes the builder creates itself.
GENERATED_CLASSES = {"Evidence", "Article", "SourceGraph", "Tenancy", "ProjectStatus"}

# Resource kind of each top class, most specific first.
_KINDS = [
    ("Park", "park"), ("Zone", "zone"), ("Facility", "facility"), ("AdministrativeArea", "place"),
    ("Company", "company"), ("GovernmentBody", "government"), ("University", "university"),
    ("ResearchInstitute", "institute"), ("IndustryBody", "organization"), ("NewsOutlet", "organization"), ("Person", "person"),
    ("Post", "post"), ("Agreement", "agreement"), ("InvestmentProject", "project"),
    ("Event", "event"), ("Designation", "designation"), ("DesignationTitle", "title"),
    ("Industry", "industry"), ("Indicator", "indicator"), ("Tenancy", "tenancy"),
]


class Ontology:
    """The OWL ontology graph with lookups by local name."""

    def __init__(self, graph: Graph):
        self.graph = graph

    @classmethod
    def load(cls, ontology_dir: Path | None = None) -> "Ontology":
        folder = Path(ontology_dir or Settings().ontology_dir)
        return cls(Graph().parse(folder / "techpark.ttl", format="turtle"))

    def _local(self, iri: URIRef) -> str:
        return str(iri)[len(str(TP._NS)):]

    @cached_property
    def classes(self) -> set[str]:
        """Local names of every ``owl:Class`` in the tp namespace."""
        return {self._local(c) for c in self.graph.subjects(RDF.type, OWL.Class) if c in TP._NS}

    @cached_property
    def seed_classes(self) -> set[str]:
        """Classes a seed entity may have."""
        return self.classes - GENERATED_CLASSES

    def superclasses(self, name: str) -> list[str]:
        """``name`` and its tp superclasses, nearest first."""
        out, todo = [], [TP[name]]
        while todo:
            c = todo.pop(0)
            if c in TP._NS and self._local(c) not in out:
                out.append(self._local(c))
                todo.extend(self.graph.objects(c, RDFS.subClassOf))
        return out

    def resource_kind(self, class_name: str) -> str:
        """The IRI segment for resources of this class."""
        supers = self.superclasses(class_name)
        for top, kind in _KINDS:
            if top in supers:
                return kind
        return "thing"

    @cached_property
    def properties(self) -> dict[str, str]:
        """Local name -> kind (ref, status, money, area, date, count, number, text) of each tp property."""
        kinds: dict[str, str] = {}
        for kind_type in (OWL.ObjectProperty, OWL.DatatypeProperty):
            for p in self.graph.subjects(RDF.type, kind_type):
                if p not in TP._NS:
                    continue
                name, rng = self._local(p), self.graph.value(p, RDFS.range)
                if name in DATE_PROPERTIES:
                    kinds[name] = "date"
                elif rng == SCHEMA.MonetaryAmount:
                    kinds[name] = "money"
                elif rng == SCHEMA.QuantitativeValue:
                    kinds[name] = "area"
                elif rng == TP.ProjectStatus:
                    kinds[name] = "status"
                elif kind_type == OWL.ObjectProperty:
                    kinds[name] = "ref"
                elif rng == XSD.integer:
                    kinds[name] = "count"
                elif rng == XSD.decimal:
                    kinds[name] = "number"
                elif rng == XSD.boolean:
                    kinds[name] = "boolean"
                else:
                    kinds[name] = "text"
        return kinds

    @cached_property
    def seed_properties(self) -> dict[str, str]:
        """Properties a seed fact may use (plus ``broader`` for skos:broader)."""
        internal = {TP.Evidence, TP.Article}
        out = {n: k for n, k in self.properties.items()
               if n not in GENERATED_PROPERTIES and self.graph.value(TP[n], RDFS.domain) not in internal}
        out["broader"] = "ref"
        return out

    def property_iri(self, name: str) -> URIRef:
        """The IRI of a seed property name."""
        return SKOS.broader if name == "broader" else TP[name]

    @cached_property
    def statuses(self) -> set[str]:
        return {self._local(s) for s in self.graph.subjects(RDF.type, TP.ProjectStatus)}
