"""techpark-kg: a traceable knowledge graph of technology parks, companies and governments.

The :class:`KnowledgeGraph` facade is the public API; the CLI (``kg``) and the server only
call it.

>>> kg = KnowledgeGraph.from_seeds(corpus_dir=None)
>>> kg.entity("NetEast").label
'NetEase'
>>> rows = kg.query('''SELECT ?name WHERE { ?p a tp:NationalHighTechZone ; skos:prefLabel ?name }''')
>>> rows[0]["name"]
'Zizhu National High-Tech Zone'
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef

from .build import ONTOLOGY_GRAPH, PROVENANCE_GRAPH, build_dataset
from .config import Settings
from .errors import BuildMissing, KGError, ValidationFailed
from .explain import FactRecord, explain_entity, load_article_texts
from .export import read_dataset, serialize
from .files import atomic_write_bytes
from .lookup import NameIndex
from .namespaces import RDF, SKOS, TP
from .ontology import Ontology
from .query import run_query
from .seeds import load_seeds
from .store import Store, open_store
from .validate import load_shapes, validate_dataset

__all__ = ["KnowledgeGraph", "Entity", "KGError", "Settings", "DATASET_FILE"]

DATASET_FILE = "techpark.trig"


@dataclass
class Entity:
    """One resource as the graph knows it."""

    iri: str
    label: str
    types: list[str]
    aliases: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


class KnowledgeGraph:
    """The knowledge graph: an rdflib ``Dataset`` with a named graph per source article."""

    def __init__(self, dataset: Dataset, settings: Settings | None = None,
                 origins: dict[URIRef, list[str]] | None = None):
        self.dataset = dataset
        self.settings = settings or Settings()
        self.origins = origins or {}

    # -- making one -----------------------------------------------------------------------
    @classmethod
    def from_seeds(cls, seeds_dir: Path | str | None = None, *, corpus_dir: Path | str | None | bool = True,
                   validate: bool = True, settings: Settings | None = None,
                   extra_files: list[Path] | None = None) -> "KnowledgeGraph":
        """Load, check and build the seed files; ``corpus_dir=None`` skips the evidence-text checks.

        Raises :class:`~kg.errors.SeedErrors` or :class:`~kg.errors.ValidationFailed`.
        """
        settings = settings or Settings()
        corpus = settings.corpus_dir if corpus_dir is True else (Path(corpus_dir) if corpus_dir else None)
        ontology = Ontology.load(settings.ontology_dir)
        seeds = load_seeds(Path(seeds_dir or settings.seeds_dir), ontology, corpus, extra_files=extra_files)
        result = build_dataset(seeds, ontology)
        if validate:
            violations = validate_dataset(result.dataset, load_shapes(settings.ontology_dir), result.origins)
            if violations:
                lines = [f"The graph does not conform to ontology/shapes.ttl ({len(violations)} violation(s)):"]
                raise ValidationFailed("\n".join(lines + [f"  {v}" for v in violations]))
        return cls(result.dataset, settings, result.origins)

    @classmethod
    def load(cls, path: Path | str | None = None, settings: Settings | None = None) -> "KnowledgeGraph":
        """Read a built dataset (default ``build/techpark.trig``)."""
        settings = settings or Settings()
        path = Path(path or Path(settings.build_dir) / DATASET_FILE)
        if not path.is_file():
            raise BuildMissing(f"No built graph at {path}; run `kg build` first.")
        return cls(read_dataset(path), settings)

    # -- writing --------------------------------------------------------------------------
    def serialize(self, fmt: str = "trig") -> bytes:
        """The dataset as bytes in one of ``trig, nquads, jsonld, turtle, nt`` (deterministic)."""
        return serialize(self.dataset, fmt)

    def save(self, path: Path | str, format: str | None = None) -> Path:
        """Write the dataset atomically; the format defaults from the suffix."""
        path = Path(path)
        fmt = format or {".trig": "trig", ".nq": "nquads", ".jsonld": "jsonld", ".ttl": "turtle",
                         ".nt": "nt"}.get(path.suffix, "trig")
        return atomic_write_bytes(path, self.serialize(fmt))

    def write_build(self, build_dir: Path | str | None = None) -> Path:
        """Write the dataset into the build folder (atomically, replacing the previous build)."""
        return self.save(Path(build_dir or self.settings.build_dir) / DATASET_FILE, "trig")

    # -- asking ---------------------------------------------------------------------------
    @cached_property
    def store(self) -> Store:
        """The query backend named by the ``store`` setting, loaded with this dataset."""
        store = open_store(self.settings.store)
        store.load(self.dataset)
        return store

    def query(self, sparql: str, **bindings: Any) -> list[dict[str, Any]] | bool | Graph:
        """Run SPARQL with keyword bindings; the ``tp``, ``skos``, ``org``... prefixes are predeclared.

        SELECT gives a list of dicts of plain values, ASK a bool, CONSTRUCT/DESCRIBE a Graph.

        >>> kg = KnowledgeGraph.from_seeds(corpus_dir=None)
        >>> kg.query("ASK { ?x tp:locatedIn ?place }", place=kg.entity("Qingpu"))
        True
        """
        return run_query(self.store, sparql, timeout=self.settings.query_timeout,
                         **{k: URIRef(v.iri) if isinstance(v, Entity) else v for k, v in bindings.items()})

    @cached_property
    def names(self) -> NameIndex:
        return NameIndex(self.dataset)

    def entity(self, name: str) -> Entity:
        """The entity called ``name`` (label or any alias, case-insensitive) or with that IRI.

        >>> KnowledgeGraph.from_seeds(corpus_dir=None).entity("Zizhu National Hi-tech Zone").iri
        'https://w3id.org/techpark-kg/id/park/zizhu-high-tech-zone'
        """
        iri = self.names.resolve(name)
        ds = self.dataset
        types = sorted({str(t).rsplit("#", 1)[-1] for t in ds.objects(iri, RDF.type) if t in TP._NS})
        aliases = sorted({str(a) for a in ds.objects(iri, SKOS.altLabel)})
        sources = sorted({str(g).rsplit("/", 1)[-1] for _, _, _, g in ds.quads((iri, RDF.type, None, None))
                          if g not in (ONTOLOGY_GRAPH, PROVENANCE_GRAPH)})
        return Entity(str(iri), self.names.preferred.get(iri, str(iri)), types, aliases, sources)

    def explain(self, name: str, corpus_dir: Path | str | None = None) -> list[FactRecord]:
        """Every fact about an entity with its source and evidence span (quoted when the corpus is given)."""
        iri = URIRef(self.entity(name).iri)
        texts = load_article_texts(self.dataset, Path(corpus_dir) if corpus_dir else None)
        return explain_entity(self.dataset, iri, texts)

    def info(self) -> dict[str, Counter]:
        """Counts: entities per class (most specific tp class), triples per graph."""
        per_class: Counter = Counter()
        seen = set()
        for s, _, cls, g in self.dataset.quads((None, RDF.type, None, None)):
            if g != ONTOLOGY_GRAPH and cls in TP._NS and (s, cls) not in seen:
                seen.add((s, cls))
                per_class[str(cls).rsplit("#", 1)[-1]] += 1
        per_graph: Counter = Counter()
        for _, _, _, g in self.dataset.quads((None, None, None, None)):
            per_graph[str(g).rsplit("/", 1)[-1]] += 1
        return {"classes": per_class, "graphs": per_graph}

    def to_networkx(self):
        """The entity graph as a ``networkx.MultiDiGraph`` (see :mod:`kg.network`)."""
        from .network import to_networkx

        return to_networkx(self.dataset)

    # -- views and network analysis (kg.views, kg.analysis) ----------------------------------
    @cached_property
    def views(self):
        """A :class:`~kg.views.ViewBuilder` bounded by the ``view_node_cap`` setting."""
        from .views import ViewBuilder

        return ViewBuilder(self, node_cap=self.settings.view_node_cap)

    def view_graph(self, path: Path | str | None = None):
        """The whole graph as a standalone HTML :class:`~kg.views.View` (written to ``path`` if given)."""
        return self._written(self.views.whole(), path)

    def view_entity(self, name: str, depth: int = 1, path: Path | str | None = None):
        """One entity and everything within ``depth`` links of it."""
        return self._written(self.views.entity(name, depth), path)

    def view_query(self, sparql: str, path: Path | str | None = None, title: str | None = None, **bindings: Any):
        """A query's result: CONSTRUCT draws its triples, SELECT the entities in its rows and their links."""
        return self._written(self.views.query(sparql, title, **bindings), path)

    def view_source(self, doc_id: str, path: Path | str | None = None):
        """What one source article states."""
        return self._written(self.views.source(doc_id), path)

    def view_place(self, name: str, path: Path | str | None = None):
        """A place with everything located in it."""
        return self._written(self.views.place(name), path)

    def write_views(self, folder: Path | str | None = None):
        """Write ``index.html``, the whole graph and a view per source and per park (default build/views/)."""
        return self.views.write_site(Path(folder or Path(self.settings.build_dir) / "views"))

    @staticmethod
    def _written(view, path):
        if path is not None:
            view.write(path)
        return view

    def analysis(self):
        """A :class:`~kg.analysis.NetworkAnalysis` of the entity graph (rankings, paths, communities, export)."""
        from .analysis import NetworkAnalysis

        return NetworkAnalysis(self.to_networkx())

    # -- reading new articles (kg.extract) --------------------------------------------------
    @cached_property
    def gazetteer(self):
        """The graph's names and aliases as a :class:`~kg.extract.Gazetteer` for entity resolution."""
        from .extract import Gazetteer

        return Gazetteer.from_dataset(self.dataset, fuzzy_threshold=self.settings.extract_fuzzy)

    def extract(self, article: Path | str, date=None):
        """Read a text or HTML article into a candidate seed (:class:`~kg.extract.Candidate`) for review."""
        from .extract import Extractor

        return Extractor(self.gazetteer).extract(article, date=date, max_bytes=self.settings.extract_max_bytes)

    @classmethod
    def add(cls, seed_file: Path | str, *, article: Path | str | None = None, replace: bool = False,
            settings: Settings | None = None) -> "KnowledgeGraph":
        """Merge a reviewed seed file into the seeds folder as its own named graph and rebuild (atomically)."""
        from .extract.merge import add_seed_file

        kg, result = add_seed_file(seed_file, settings or Settings(), article=article, replace=replace)
        kg.added = result
        return kg

    def _repr_html_(self) -> str:
        """Jupyter: a short table of counts (``kg.view_graph()`` displays the graph itself)."""
        import html

        counts = self.info()["classes"]
        rows = "".join(f"<tr><td>{html.escape(k)}</td><td>{n}</td></tr>" for k, n in sorted(counts.items())
                       if k not in ("Evidence", "Article", "SourceGraph"))
        return f"<table><caption>KnowledgeGraph</caption><tr><th>class</th><th>entities</th></tr>{rows}</table>"

