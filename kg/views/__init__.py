"""Relationship views: standalone, offline, escaped HTML pages of the knowledge graph (vis-network via pyvis).

- :mod:`kg.views.style`: category, colour and shape per class; the legend
- :mod:`kg.views.data`: the annotated entity graph and the selections (entity, source, place, query)
- :mod:`kg.views.summary`: the node cap and what a summarised view leaves out
- :mod:`kg.views.render`: layout, pyvis data and the offline template -> :class:`View`
- :mod:`kg.views.builder`: the views of one :class:`~kg.KnowledgeGraph` and the index page
- :mod:`kg.views.synthetic`: synthetic graphs of a given size, for benchmarks and tests
"""

from .builder import SitePage, ViewBuilder, slug_of
from .render import DEFAULT_NODE_CAP, View, render_view
from .style import CATEGORIES, Category, Styler
from .summary import Summary, summarise

__all__ = ["View", "ViewBuilder", "SitePage", "render_view", "summarise", "Summary", "Styler", "Category",
           "CATEGORIES", "DEFAULT_NODE_CAP", "slug_of"]
