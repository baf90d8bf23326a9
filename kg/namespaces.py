"""RDF namespaces: the closed techpark ontology namespace and the vocabularies it reuses.

>>> from kg.namespaces import TP, resource_iri
>>> TP.Park
rdflib.term.URIRef('https://w3id.org/techpark-kg/ontology#Park')
>>> resource_iri("park", "zizhu-high-tech-zone")
rdflib.term.URIRef('https://w3id.org/techpark-kg/id/park/zizhu-high-tech-zone')
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, XSD, DefinedNamespace

__all__ = [
    "BASE", "ONTOLOGY_IRI", "TP", "ID", "GRAPH", "ORG", "SCHEMA", "OA",
    "DCTERMS", "FOAF", "OWL", "PROV", "RDF", "RDFS", "SH", "SKOS", "XSD",
    "PREFIXES", "resource_iri", "graph_iri",
]

BASE = "https://w3id.org/techpark-kg/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")


class TP(DefinedNamespace):
    """The techpark ontology (``ontology/techpark.ttl``); a term not declared there is an error."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes, concepts and schemes
    AdministrativeArea: URIRef
    Agreement: URIRef
    Article: URIRef
    Company: URIRef
    Competition: URIRef
    Conference: URIRef
    Country: URIRef
    County: URIRef
    CountyGovernment: URIRef
    DataCenterCluster: URIRef
    DemonstrationZone: URIRef
    Designation: URIRef
    DesignationTitle: URIRef
    DevelopmentCorridor: URIRef
    District: URIRef
    DistrictGovernment: URIRef
    Event: URIRef
    Evidence: URIRef
    ExecutiveCommittee: URIRef
    Expo: URIRef
    Facility: URIRef
    GovernmentBody: URIRef
    HighTechZone: URIRef
    Indicator: URIRef
    IndustrialPark: URIRef
    Industry: URIRef
    IndustryBody: URIRef
    IndustryScheme: URIRef
    InvestmentContract: URIRef
    InvestmentProject: URIRef
    ManagementCommittee: URIRef
    Ministry: URIRef
    MunicipalGovernment: URIRef
    Municipality: URIRef
    NationalHighTechZone: URIRef
    NewsOutlet: URIRef
    Operating: URIRef
    Park: URIRef
    Person: URIRef
    Planned: URIRef
    Post: URIRef
    ProjectStatus: URIRef
    Promotion: URIRef
    Province: URIRef
    RDBase: URIRef
    Region: URIRef
    ResearchInstitute: URIRef
    ScienceCity: URIRef
    SciencePark: URIRef
    SigningBatch: URIRef
    SoftwarePark: URIRef
    SourceGraph: URIRef
    StatusScheme: URIRef
    StrategicCooperationAgreement: URIRef
    Tenancy: URIRef
    Town: URIRef
    UnderConstruction: URIRef
    University: URIRef
    Zone: URIRef

    # properties
    amount: URIRef
    area: URIRef
    author: URIRef
    batch: URIRef
    beneficiary: URIRef
    brokeGroundIn: URIRef
    confidence: URIRef
    connects: URIRef
    date: URIRef
    dateBasis: URIRef
    dateResolution: URIRef
    designationTitle: URIRef
    designee: URIRef
    develops: URIRef
    duringEvent: URIRef
    edition: URIRef
    editor: URIRef
    endOffset: URIRef
    expectedOperationIn: URIRef
    extractionMethod: URIRef
    field: URIRef
    fileName: URIRef
    focusZone: URIRef
    governs: URIRef
    grantedBy: URIRef
    hasComponent: URIRef
    hasIndustryFocus: URIRef
    headquarteredIn: URIRef
    heldIn: URIRef
    holdsPost: URIRef
    implied: URIRef
    inSource: URIRef
    includesProject: URIRef
    institutionCount: URIRef
    investmentAmount: URIRef
    investor: URIRef
    jobTarget: URIRef
    jointlyEstablishedBy: URIRef
    leadingIndustry: URIRef
    likeCount: URIRef
    locatedIn: URIRef
    managedBy: URIRef
    measures: URIRef
    metric: URIRef
    note: URIRef
    organizer: URIRef
    partOfZone: URIRef
    participantCount: URIRef
    party: URIRef
    plannedIndustry: URIRef
    postIn: URIRef
    postTitle: URIRef
    precededBy: URIRef
    presentIn: URIRef
    presenter: URIRef
    projectCount: URIRef
    publisher: URIRef
    qualifier: URIRef
    quantity: URIRef
    rankInPlace: URIRef
    sha256: URIRef
    signedAt: URIRef
    signedDuring: URIRef
    startOffset: URIRef
    status: URIRef
    subOrganizationOf: URIRef
    supportedBy: URIRef
    supports: URIRef
    tenant: URIRef
    unitText: URIRef
    usdEquivalent: URIRef
    venue: URIRef
    viewerCount: URIRef
    zone: URIRef


PREFIXES = {
    "tp": str(TP._NS), "id": str(ID), "graph": str(GRAPH), "org": str(ORG), "schema": str(SCHEMA),
    "prov": str(PROV), "dcterms": str(DCTERMS), "skos": str(SKOS), "foaf": str(FOAF), "oa": str(OA),
    "owl": str(OWL), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "sh": str(SH),
}


def resource_iri(kind: str, slug: str) -> URIRef:
    """The stable IRI of a resource: ``<BASE>id/<kind>/<slug>``."""
    return ID[f"{kind}/{slug}"]


def graph_iri(name: str) -> URIRef:
    """The IRI of a named graph: one per source article, plus ``ontology`` and ``provenance``."""
    return GRAPH[name]
