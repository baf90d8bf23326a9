"""Settings: one declared table of name, default and help; overridable by environment.

Each setting ``name`` can be set with the environment variable ``TECHPARK_<NAME>``
(upper case). Relative paths are resolved against the project root.

>>> Settings().get("query_timeout")
10.0
>>> Settings(query_timeout="2.5").get("query_timeout")
2.5
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .errors import ConfigError

__all__ = ["Setting", "SETTINGS", "Settings", "PROJECT_ROOT"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    kind: Callable[[Any], Any] = str


SETTINGS: list[Setting] = [
    Setting("seeds_dir", "seeds", "Folder of curated seed YAML files, one per article.", Path),
    Setting("ontology_dir", "ontology", "Folder holding techpark.ttl (OWL) and shapes.ttl (SHACL).", Path),
    Setting("build_dir", "build", "Where `kg build` writes the dataset and views.", Path),
    Setting("corpus_dir", "../shared/seeds", "Folder of article texts; evidence offsets are checked against it when present.", Path),
    Setting("query_timeout", 10.0, "Seconds a SPARQL query may run before it is stopped.", float),
    Setting("store", "oxigraph", "Query backend: memory (rdflib), oxigraph (in memory) or oxigraph:PATH (on disk).", str),
    Setting("view_node_cap", 500, "Most entities one HTML view draws; bigger views keep the most central and say what was left out.", int),
    Setting("extract_max_bytes", 5_000_000, "Largest article file `kg extract` reads, in bytes; bigger files are refused.", int),
    Setting("extract_fuzzy", 85.0, "Smallest fuzzy-match score (0-100) at which `kg extract` links a name to a known entity.", float),
]
_BY_NAME = {s.name: s for s in SETTINGS}


class Settings:
    """Resolved settings: explicit keyword values, then ``TECHPARK_*`` variables, then defaults."""

    def __init__(self, **overrides: Any):
        unknown = set(overrides) - set(_BY_NAME)
        if unknown:
            raise ConfigError(f"Unknown setting(s) {sorted(unknown)}; known: {sorted(_BY_NAME)}.")
        self._values: dict[str, Any] = {}
        for s in SETTINGS:
            raw = overrides.get(s.name)
            if raw is None:
                raw = os.environ.get(f"TECHPARK_{s.name.upper()}", s.default)
            try:
                value = s.kind(raw)
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"Setting {s.name} (TECHPARK_{s.name.upper()}) = {raw!r}: {exc}") from exc
            if isinstance(value, Path) and not value.is_absolute():
                value = (PROJECT_ROOT / value).resolve()
            self._values[s.name] = value

    def get(self, name: str) -> Any:
        """The value of setting ``name``."""
        return self._values[name]

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None
