"""``kg add``: merge a reviewed candidate seed into the seeds folder and rebuild, all or nothing.

The file is checked with the existing loader *together with* every existing seed file
(ids, labels and types must agree across files; references must resolve), its offsets
are checked against the article text, the whole graph is rebuilt and SHACL-validated in
memory, and only then is the seed copied into ``seeds/`` and the build written, each
atomically. Facts of a file with ``method: extracted`` keep ``tp:extractionMethod
"extracted"`` and their confidence on every evidence node until a person sets
``method: curated``.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import ArticleError, SeedError, SeedErrors
from ..files import atomic_write_bytes
from ..ontology import Ontology
from ..seeds import load_seed_file, sha256_of

__all__ = ["AddResult", "add_seed_file"]


@dataclass
class AddResult:
    seed_path: Path
    doc_id: str
    method: str
    facts: int
    build_path: Path | None = None
    article_copied: Path | None = None


def _doc_block(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SeedErrors([SeedError(f"cannot read it as YAML: {exc}", file=str(path))]) from None
    if not isinstance(data, dict) or not isinstance(data.get("document"), dict):
        raise SeedErrors([SeedError("a seed file is a mapping with `document:` and `entities:`.", file=str(path), line=1)])
    return data["document"]


def add_seed_file(path: Path | str, settings, article: Path | str | None = None, replace: bool = False,
                  write_build: bool = True):
    """Check, merge and rebuild; returns ``(KnowledgeGraph, AddResult)``. Nothing is written on any error."""
    from .. import KnowledgeGraph

    path = Path(path)
    if not path.is_file():
        raise SeedErrors([SeedError("no such file.", file=str(path))])
    seeds_dir, corpus = Path(settings.seeds_dir), Path(settings.corpus_dir)
    doc = _doc_block(path)
    doc_id, file_name = str(doc.get("id", "")), str(doc.get("file", ""))
    target = seeds_dir / f"{doc_id}.yaml"
    if target.exists() and target.resolve() != path.resolve() and not replace:
        raise SeedErrors([SeedError(f"{target} already exists; pass --replace to overwrite it, or change "
                                    "`document.id`.", file=str(path), field="document.id")])
    # where the article text is: the corpus folder, or the file given with --article
    article_path = Path(article) if article else None
    in_corpus = corpus / file_name if file_name else None
    to_copy = None
    if article_path is not None:
        if not article_path.is_file():
            raise ArticleError(f"{article_path}: no such article file.")
        if article_path.name != file_name:
            raise ArticleError(f"{article_path} is not the article of {path} (its `document.file` is {file_name!r}).")
        if in_corpus is not None and in_corpus.is_file():
            if sha256_of(in_corpus) != sha256_of(article_path):
                raise ArticleError(f"{in_corpus} already exists with other content; rename one of the articles.")
        elif corpus.is_dir():
            to_copy = article_path
    check_dir = article_path.parent if article_path is not None else (corpus if corpus.is_dir() else None)
    if check_dir is None or not (check_dir / file_name).is_file():
        if corpus.is_dir():
            raise ArticleError(f"the article {file_name!r} of {path} is not in the corpus folder {corpus}; pass "
                               "--article FILE so its offsets can be checked and the article copied there.")
        check_dir = None  # no corpus here at all: offsets are left unchecked, as `kg build` does
    onto = Ontology.load(settings.ontology_dir)
    errors: list[SeedError] = []
    load_seed_file(path, onto, check_dir, errors)  # offsets and sha256 against the article
    if errors:
        raise SeedErrors(errors)
    existing = sorted(p for p in seeds_dir.glob("*.yaml") if p.resolve() != target.resolve())
    staging = _Staging(existing, path)
    kg = KnowledgeGraph.from_seeds(staging.folder, corpus_dir=None, settings=settings)  # cross-file checks + SHACL
    staging.close()
    if to_copy is not None:
        atomic_write_bytes(corpus / file_name, to_copy.read_bytes())
    atomic_write_bytes(target, path.read_bytes())
    kg = KnowledgeGraph.from_seeds(settings=settings, validate=False) if corpus.is_dir() else kg
    result = AddResult(target, doc_id, str(doc.get("method", "curated")),
                       sum(len(e.get("facts") or []) for e in (yaml.safe_load(path.read_text("utf-8")).get("entities") or [])),
                       article_copied=(corpus / file_name) if to_copy else None)
    if write_build:
        result.build_path = kg.write_build()
    return kg, result


class _Staging:
    """A temporary seeds folder: the existing seeds (minus the one being replaced) plus the new file."""

    def __init__(self, existing: list[Path], new: Path):
        import tempfile

        self._tmp = tempfile.TemporaryDirectory(prefix="kg-add-")
        self.folder = Path(self._tmp.name)
        for p in existing:
            shutil.copyfile(p, self.folder / p.name)
        shutil.copyfile(new, self.folder / f"zz-new-{new.name}")

    def close(self) -> None:
        self._tmp.cleanup()
