"""Sentences with their entity mentions and values masked as tokens, for relation patterns.

A mention becomes ``⟦i⟧`` (``i`` indexes ``Sentence.ents``) and a value ``⟪m0⟫`` (money),
``⟪a0⟫`` (area), ``⟪c0⟫`` (count) or ``⟪d0⟫`` (date), so a pattern reads like the news
phrasing it describes: ``⟦0⟧ signed a strategic cooperation agreement with ⟦1⟧``.

>>> sentence_spans("Zizhu grew. It now hosts Intel Co. Ltd. in Shanghai.\\nNew line")
[(0, 11), (12, 52), (53, 61)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Sentence", "sentence_spans", "E", "V"]

E = r"⟦(\d+)⟧"
V = r"⟪([macd])(\d+)⟫"
_ABBREV = re.compile(r"(?:\b(?:Co|Ltd|Inc|Corp|No|Mr|Ms|Dr|St|Jr|Sr|vs|etc|e\.g|i\.e|U\.S|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
                     r"Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans: split at line breaks and at ". " before a capital (not after "Co.", "No."...)."""
    out = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        for m in re.finditer(r"[.!?][”\"’)]?(?=\s+[A-Z“\"0-9])", para.group(0)):
            end = para.start() + m.end()
            if _ABBREV.search(text[max(start, end - 6):end]) and not text[end - 4:end] == "etc.":
                continue
            if text[start:end].strip():
                out.append((start + len(text[start:end]) - len(text[start:end].lstrip()), end))
            start = end
        end = para.end()
        if text[start:end].strip():
            out.append((start + len(text[start:end]) - len(text[start:end].lstrip()), end))
    return out


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    masked: str = ""
    ents: list[Any] = field(default_factory=list)  # CEntity per ⟦i⟧
    ent_spans: list[tuple[int, int]] = field(default_factory=list)  # article spans of ⟦i⟧
    values: dict[str, Any] = field(default_factory=dict)  # "m0" -> MoneyMatch ...

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def mask(self, items: list[tuple[int, int, str, Any]]) -> None:
        """Replace non-overlapping ``(start, end, kind, obj)`` items (article offsets) by tokens."""
        parts, pos = [], self.start
        counters: dict[str, int] = {}
        for s, e, kind, obj in sorted(items, key=lambda i: (i[0], -i[1])):
            if s < pos or e > self.end:
                continue
            parts.append(self.text[pos - self.start:s - self.start])
            if kind == "e":
                parts.append(f"⟦{len(self.ents)}⟧")
                self.ents.append(obj)
                self.ent_spans.append((s, e))
            else:
                n = counters.get(kind, 0)
                counters[kind] = n + 1
                parts.append(f"⟪{kind}{n}⟫")
                self.values[f"{kind}{n}"] = obj
            pos = e
        parts.append(self.text[pos - self.start:])
        self.masked = "".join(parts).replace("etc.", "etc ")

    def ents_in(self, a: int, b: int) -> list[int]:
        """Indexes of the entity tokens inside ``masked[a:b]``."""
        return [int(m.group(1)) for m in re.finditer(E, self.masked[a:b])]

    def values_in(self, a: int, b: int, kind: str) -> list[Any]:
        return [self.values[f"{m.group(1)}{m.group(2)}"] for m in re.finditer(V, self.masked[a:b]) if m.group(1) == kind]
