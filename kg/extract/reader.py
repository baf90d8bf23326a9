"""Read one article file (plain text or HTML) for extraction, refusing what is not English news.

The text the extractor works on is the file's text, or for HTML the visible text with an
offset map back into the file: evidence spans in the candidate seed always refer to the
file's own characters, as ``seeds/README.md`` requires.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> _ = p.write_text("New park opens\\n2023-05-02\\nThe park opened on Monday in Minhang District.")
>>> art = read_article(p)
>>> art.title, art.date.isoformat(), art.date_basis
('New park opens', '2023-05-02', 'stated in the text header (2023-05-02)')
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ArticleError
from .markup import html_to_text, looks_like_html
from .values import find_article_date

__all__ = ["Article", "read_article", "check_english"]

_ENGLISH = {"the", "and", "of", "in", "to", "a", "is", "with", "for", "on", "as", "by", "will", "be", "its",
            "that", "are", "was", "has", "an", "at", "from", "this", "it", "which", "have", "were"}


@dataclass
class Article:
    path: Path
    file: str
    sha256: str
    source: str  # the file's characters (what evidence offsets index)
    text: str  # what the extractor reads (== source for plain text)
    offsets: list[int] | None = None  # text index -> source index (HTML only)
    title: str = ""
    date: dt.date | None = None
    date_basis: str = ""
    date_span: tuple[int, int] | None = None  # where the header date stands in ``text``
    warnings: list[str] = field(default_factory=list)

    @property
    def is_html(self) -> bool:
        return self.offsets is not None

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the file behind ``text[start:end]``."""
        if self.offsets is None:
            return start, end
        return self.offsets[start], self.offsets[end - 1] + 1


def check_english(text: str, where: str) -> None:
    """Raise :class:`ArticleError` unless the text reads as English prose."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 20:
        raise ArticleError(f"{where}: only {len(letters)} letters of text; there is no article to read here.")
    latin = sum(1 for c in letters if c.isascii())
    if latin / len(letters) < 0.7:
        raise ArticleError(f"{where}: the text is not English ({100 - 100 * latin // len(letters)}% of its letters are "
                           "not Latin); the extractor reads English news only. Give it an English version.")
    words = re.findall(r"[A-Za-z]+", text.lower())
    if len(words) >= 30 and sum(1 for w in words if w in _ENGLISH) / len(words) < 0.08:
        raise ArticleError(f"{where}: the text does not read as English (too few common English words); "
                           "the extractor reads English news only.")


def read_article(path: Path | str, date: dt.date | None = None, max_bytes: int = 5_000_000) -> Article:
    """Read and check an article; ``date`` overrides the date found in its header.

    Raises :class:`~kg.errors.ArticleError` for a missing, empty, binary, oversized or
    non-English file, or an HTML page with no visible text.
    """
    path = Path(path)
    if not path.is_file():
        raise ArticleError(f"{path}: no such file.")
    size = path.stat().st_size
    if size == 0:
        raise ArticleError(f"{path}: the file is empty; there is nothing to extract.")
    if size > max_bytes:
        raise ArticleError(f"{path}: the file is {size / 1e6:.1f} MB; articles over {max_bytes / 1e6:.1f} MB are refused "
                           "(setting extract_max_bytes, TECHPARK_EXTRACT_MAX_BYTES). Is this really one article?")
    data = path.read_bytes()
    nul = data.find(b"\x00", 0, 65536)
    if nul >= 0:
        raise ArticleError(f"{path}: binary data (a NUL byte at offset {nul}); give a plain-text or HTML article.")
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                           "save the article as UTF-8 text or HTML.") from None
    art = Article(path=path, file=path.name, sha256=hashlib.sha256(data).hexdigest(), source=source, text=source)
    title = None
    meta_date = None
    if looks_like_html(source):
        doc = html_to_text(source)
        if len(re.findall(r"[A-Za-z]", doc.text)) < 20:
            raise ArticleError(f"{path}: no article text is left once scripts, styles and page chrome are removed.")
        art.text, art.offsets = doc.text, doc.offsets
        title = doc.headline or doc.title
        meta_date = doc.meta_date
    if not source.strip():
        raise ArticleError(f"{path}: the file holds only white space; there is nothing to extract.")
    check_english(art.text, str(path))
    if not title:
        lines = [ln.strip() for ln in art.text.splitlines() if ln.strip()]
        first = next((ln for ln in lines if len(ln.split()) >= 3 and "/" not in ln), lines[0] if lines else "")
        first = re.sub(r"^date\s+\d{4}-\d{2}-\d{2}\s*", "", first)
        title = first
    art.title = _shorten(title) or path.stem
    _set_date(art, date, meta_date)
    return art


def _shorten(title: str, limit: int = 120) -> str:
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0] + " ..."


def _set_date(art: Article, given: dt.date | None, meta_date: str | None) -> None:
    found = find_article_date(art.text[:600])
    if given is not None:
        art.date, art.date_basis = given, "given on the command line (--date)"
    elif meta_date and re.match(r"\d{4}-\d{2}-\d{2}", meta_date):
        art.date = dt.date.fromisoformat(meta_date[:10])
        art.date_basis = f"stated in the page metadata ({art.date.isoformat()})"
    elif found:
        art.date = found[0]
        art.date_basis = f"stated in the text header ({art.date.isoformat()})"
    else:
        art.date_basis = "no date found in the article and none given with --date; relative dates left unresolved"
        art.warnings.append("no article date: relative dates (weekdays, 'this year') were not resolved; "
                            "pass --date YYYY-MM-DD")
    if found:
        art.date_span = (found[1], found[2])
