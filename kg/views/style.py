"""How each class is drawn: a category with a colour, a shape and a role (actor or connector).

Actors (parks, companies, governments, places, organisations, people) are drawn as
symbols with the label underneath; the events, agreements, projects and tenancies that
connect them are drawn as boxes with the label inside, so the two read differently.

>>> style = Styler()
>>> style.category("NationalHighTechZone").name, style.category("SigningBatch").name
('Park or zone', 'Agreement')
>>> style.category("Company").role, style.category("InvestmentProject").role
('actor', 'connector')
>>> style.category("NoSuchClass").name
'Other'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Category", "CATEGORIES", "OTHER", "Styler"]


@dataclass(frozen=True)
class Category:
    """A legend entry: the classes under ``top`` are drawn with this colour and shape."""

    key: str
    name: str
    tops: tuple[str, ...]
    role: str  # "actor", "connector" or "topic"
    color: str
    shape: str


# First match along a class's superclass chain wins.
CATEGORIES: list[Category] = [
    Category("park", "Park or zone", ("Zone",), "actor", "#2e7d32", "dot"),
    Category("company", "Company", ("Company",), "actor", "#1565c0", "diamond"),
    Category("government", "Government body", ("GovernmentBody",), "actor", "#c62828", "square"),
    Category("place", "Place", ("AdministrativeArea",), "actor", "#795548", "triangle"),
    Category("organization", "University, institute or industry body",
             ("University", "ResearchInstitute", "IndustryBody"), "actor", "#6a1b9a", "star"),
    Category("media", "News outlet", ("NewsOutlet",), "actor", "#455a64", "star"),
    Category("person", "Person or post", ("Person", "Post"), "actor", "#ad1457", "triangleDown"),
    Category("facility", "Facility", ("Facility",), "actor", "#00838f", "hexagon"),
    Category("agreement", "Agreement", ("Agreement",), "connector", "#f9a825", "box"),
    Category("project", "Investment project", ("InvestmentProject",), "connector", "#ef6c00", "box"),
    Category("event", "Event", ("Event",), "connector", "#ba68c8", "ellipse"),
    Category("designation", "Designation", ("Designation", "DesignationTitle"), "connector", "#a1887f", "box"),
    Category("tenancy", "Presence in a park", ("Tenancy",), "connector", "#b0bec5", "ellipse"),
    Category("indicator", "Indicator", ("Indicator",), "connector", "#cfd8dc", "ellipse"),
    Category("industry", "Industry", ("Industry",), "topic", "#9e9e9e", "dot"),
]
OTHER = Category("other", "Other", (), "topic", "#bdbdbd", "dot")
_BY_TOP = {top: c for c in CATEGORIES for top in c.tops}


@lru_cache(maxsize=4)
def _superclass_table(ontology_dir: str | None) -> dict[str, list[str]]:
    from ..ontology import Ontology

    onto = Ontology.load(Path(ontology_dir) if ontology_dir else None)
    return {name: onto.superclasses(name) for name in onto.classes}


class Styler:
    """Maps a class local name to its :class:`Category` using the ontology's class hierarchy."""

    def __init__(self, ontology_dir: Path | str | None = None):
        self.supers = _superclass_table(str(ontology_dir) if ontology_dir else None)

    def category(self, class_name: str) -> Category:
        for cls in self.supers.get(class_name, [class_name]):
            if cls in _BY_TOP:
                return _BY_TOP[cls]
        return OTHER

    @staticmethod
    def legend(keys: set[str]) -> list[Category]:
        """The categories in use, in :data:`CATEGORIES` order."""
        return [cat for cat in CATEGORIES + [OTHER] if cat.key in keys]
