"""Read new articles into candidate seed files: names, values, relations, entity resolution.

``kg extract`` drafts a seed file (``method: extracted``, a confidence on every fact) for a
person to review; ``kg add`` merges a reviewed one; ``kg eval`` measures the extractor
against the curated seeds. Rule-based and offline: no model weights are downloaded.

Modules: :mod:`.reader` (text/HTML input and its checks), :mod:`.markup` (HTML stripping
with offsets), :mod:`.values` (money, areas, counts, dates), :mod:`.gazetteer` (the graph's
names and entity resolution), :mod:`.names` (finding names), :mod:`.sentences` and
:mod:`.relations` (relation patterns), :mod:`.extractor` (the pipeline), :mod:`.candidate`
(the seed-format writer), :mod:`.evaluate` (scores).
"""

from .candidate import Candidate, CEntity, CFact, to_yaml
from .evaluate import EvalReport, evaluate
from .extractor import Extractor
from .gazetteer import Gazetteer, GazEntry, Resolution
from .reader import Article, read_article

__all__ = ["Extractor", "Gazetteer", "GazEntry", "Resolution", "Candidate", "CEntity", "CFact", "to_yaml",
           "Article", "read_article", "EvalReport", "evaluate"]
