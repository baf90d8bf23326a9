"""HTML to plain text, keeping for every text character its offset in the HTML source.

Scripts, styles and page chrome (``nav``, ``header``, ``footer``, ``aside``, ``form``...) are
dropped; block elements become line breaks. The offset map lets evidence spans found in the
text point back into the original file, which is what a seed file records.

>>> doc = html_to_text('<html><head><script>x=1</script><title>T</title></head>'
...                    '<body><nav>Home</nav><p>Zizhu &amp; Minhang</p></body></html>')
>>> doc.text.strip()
'Zizhu & Minhang'
>>> doc.title
'T'
>>> src = '<p>Zizhu &amp; Minhang</p>'
>>> d = html_to_text(src); s = d.text.index('Minhang')
>>> src[d.source_span(s, s + 7)[0]:d.source_span(s, s + 7)[1]]
'Minhang'
"""

from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["HtmlText", "html_to_text", "looks_like_html"]

SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "nav", "header", "footer",
             "aside", "form", "button", "select", "object", "embed", "canvas", "head"}
BLOCK_TAGS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table",
              "section", "article", "main", "blockquote", "figure", "figcaption", "pre", "hr", "dd", "dt", "title"}
VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "source", "wbr"}


@dataclass
class HtmlText:
    text: str
    offsets: list[int]  # source offset of each text character
    title: str | None = None
    meta_date: str | None = None
    headline: str | None = None
    source_length: int = 0

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the HTML source that produced ``text[start:end]``."""
        return self.offsets[start], self.offsets[end - 1] + 1


def looks_like_html(text: str) -> bool:
    """True when the text is an HTML page or fragment rather than plain prose."""
    head = text[:2000].lower()
    return bool(re.search(r"<!doctype html|<html[\s>]|<body[\s>]|<p[\s>]|<div[\s>]|<script[\s>]|<article[\s>]", head))


class _Parser(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", source)]
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.skip: list[str] = []
        self.capture: str | None = None
        self.captured: dict[str, list[str]] = {}
        self.meta_date: str | None = None

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _emit(self, text: str, pos: int, one_to_one: bool = True) -> None:
        if self.skip:
            return
        if self.capture:
            self.captured.setdefault(self.capture, []).append(text)
        for i, ch in enumerate(text):
            self.chars.append(ch)
            self.offsets.append(pos + i if one_to_one else pos)

    def _break(self) -> None:
        if not self.skip and self.chars and self.chars[-1] != "\n":
            self.chars.append("\n")
            self.offsets.append(self.offsets[-1])

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key in ("article:published_time", "date", "pubdate", "datepublished", "dc.date") and a.get("content"):
                self.meta_date = self.meta_date or a["content"]
        if tag == "time" and a.get("datetime") and not self.meta_date:
            self.meta_date = a["datetime"]
        if tag == "title":
            self.capture = "title"
            self.skip_title = list(self.skip)
            saved, self.skip = self.skip, []
            self._saved_skip = saved
            return
        if tag in SKIP_TAGS and tag not in VOID_TAGS:
            self.skip.append(tag)
        elif tag == "h1":
            self.capture = self.capture or "h1"
        if tag in BLOCK_TAGS:
            self._break()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in SKIP_TAGS and tag not in VOID_TAGS and self.skip and self.skip[-1] == tag:
            self.skip.pop()

    def handle_endtag(self, tag):
        if tag == "title":
            self.capture = None
            self.skip = getattr(self, "_saved_skip", [])
            # the <title> is metadata, not article text: drop what was emitted for it
            n = len("".join(self.captured.get("title", [])))
            if n:
                del self.chars[-n:]
                del self.offsets[-n:]
            return
        if self.skip and tag in SKIP_TAGS:
            while self.skip:
                if self.skip.pop() == tag:
                    break
        if tag == "h1" and self.capture == "h1":
            self.capture = None
        if tag in BLOCK_TAGS:
            self._break()

    def handle_data(self, data):
        self._emit(data, self._pos())

    def handle_entityref(self, name):
        self._emit(_html.unescape(f"&{name};"), self._pos(), one_to_one=False)

    def handle_charref(self, name):
        self._emit(_html.unescape(f"&#{name};"), self._pos(), one_to_one=False)


def html_to_text(source: str) -> HtmlText:
    """Visible article text of an HTML page with its source offsets (see module doc)."""
    p = _Parser(source)
    p.feed(source)
    p.close()
    title = " ".join("".join(p.captured.get("title", [])).split()) or None
    headline = " ".join("".join(p.captured.get("h1", [])).split()) or None
    # collapse runs of whitespace that markup indentation leaves, keeping the offset map aligned
    chars, offsets = [], []
    for ch, off in zip(p.chars, p.offsets):
        if ch in " \t\r\xa0":
            ch = " "
            if chars and chars[-1] in " \n":
                continue
        elif ch == "\n":
            while chars and chars[-1] == " ":
                chars.pop(); offsets.pop()
            if len(chars) >= 2 and chars[-1] == "\n" and chars[-2] == "\n":
                continue
        chars.append(ch)
        offsets.append(off)
    text = "".join(chars)
    return HtmlText(text, offsets, title, p.meta_date, headline, len(source))
