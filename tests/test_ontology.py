"""The ontology: every term documented, the Python namespace in sync, every class shaped."""

from __future__ import annotations

import ast
from pathlib import Path

from rdflib import Graph

from kg.namespaces import OWL, RDF, RDFS, SH, TP
from kg.ontology import Ontology

ONTOLOGY = Path(__file__).parent.parent / "ontology"


def _terms(g: Graph) -> set[str]:
    return {str(s)[len(str(TP._NS)):] for s in g.subjects() if str(s).startswith(str(TP._NS))}


def test_python_namespace_matches_ttl():
    """kg.namespaces.TP lists exactly the terms of techpark.ttl (regenerate it when they differ)."""
    declared = set()
    tree = ast.parse((Path(__file__).parent.parent / "kg" / "namespaces.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "TP":
            declared = {n.target.id for n in node.body if isinstance(n, ast.AnnAssign)}
    assert declared == _terms(Graph().parse(ONTOLOGY / "techpark.ttl"))


def test_closed_namespace_rejects_typos():
    import pytest

    with pytest.raises(AttributeError):
        TP.Parc  # noqa: B018


def test_every_term_has_label_and_comment():
    g = Graph().parse(ONTOLOGY / "techpark.ttl")
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in g.subjects(RDF.type, kind):
            if term in TP._NS:
                assert g.value(term, RDFS.label), f"{term} has no rdfs:label"
                assert g.value(term, RDFS.comment), f"{term} has no rdfs:comment"


def test_every_class_is_the_target_of_a_shape():
    onto = Ontology.load(ONTOLOGY)
    shapes = Graph().parse(ONTOLOGY / "shapes.ttl")
    targeted = {str(c)[len(str(TP._NS)):] for c in shapes.objects(None, SH.targetClass)}
    assert onto.classes - targeted == set()


def test_classes_align_with_standard_vocabularies():
    """Generic tools see parks as places, companies and governments as organizations, events as events."""
    onto = Ontology.load(ONTOLOGY)
    g = onto.graph
    closure = lambda c: set(g.transitive_objects(TP[c], RDFS.subClassOf))  # noqa: E731
    from kg.namespaces import ORG, PROV, SCHEMA, SKOS

    assert SCHEMA.Place in closure("NationalHighTechZone")
    assert ORG.Organization in closure("Company") and ORG.Organization in closure("DistrictGovernment")
    assert SCHEMA.Event in closure("Expo") and PROV.Activity in closure("Conference")
    assert SKOS.Concept in closure("Industry")
    assert (TP.locatedIn, RDF.type, OWL.TransitiveProperty) in g


def test_resource_kinds_give_readable_iris():
    onto = Ontology.load(ONTOLOGY)
    assert [onto.resource_kind(c) for c in ("SoftwarePark", "ScienceCity", "Town", "Ministry", "SigningBatch")] == \
        ["park", "zone", "place", "government", "agreement"]
