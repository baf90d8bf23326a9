"""Literal values in news prose: money, areas, counts and dates (absolute or relative).

Every finder returns matches with their character span in the text, so each value can be
cited as evidence. Amounts keep the currency and figure as stated; a US$ figure in brackets
right after an amount becomes that amount's ``usd``, never a computed conversion.

>>> [(m.value, m.currency, m.usd, m.qualifier) for m in find_money("around 5 billion yuan (US$787.2 million)")]
[(5000000000, 'CNY', 787200000, 'around')]
>>> [(a.value, a.unit) for a in find_areas("a 1.5-million-square-meter park on 200 mu")]
[(1500000, 'square metre'), (200, 'mu')]
>>> import datetime as dt
>>> [(d.value, d.relative) for d in find_dates("signed on Wednesday, opening next year", dt.date(2022, 7, 14))]
[('2022-07-13', 'Wednesday'), ('2023', 'next year')]
>>> parse_number("Sixteen"), parse_number("1,700"), parse_number("2.5 million")
(16, 1700, 2500000)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "MoneyMatch", "AreaMatch", "CountMatch", "DateMatch", "find_money", "find_areas", "find_counts",
    "find_dates", "find_article_date", "parse_number", "QUALIFIERS",
]

_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
               "hundred": 100, "dozens": 24, "a dozen": 12, "dozen": 12})
_SCALE = {"thousand": 10**3, "million": 10**6, "mln": 10**6, "m": 10**6, "billion": 10**9, "bn": 10**9,
          "b": 10**9, "trillion": 10**12, "k": 10**3}
QUALIFIERS = {"around": "around", "about": "about", "approximately": "about", "roughly": "about",
              "nearly": "nearly", "almost": "nearly", "more than": "more than", "over": "over",
              "surpassing": "surpassing", "surpassed": "surpassing", "exceeding": "surpassing",
              "exceeded": "surpassing", "up to": "up to", "at least": "at least", "some": "about"}
_QUAL = r"(?P<qual>around|about|approximately|roughly|nearly|almost|more than|over|surpassing|surpassed|" \
        r"exceeding|exceeded|up to|at least|some)\s+(?:(?:a|an|the)\s+)?(?:(?:total|combined)\s+(?:of\s+)?)?"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDNUM = "|".join(sorted((re.escape(w) for w in _WORDS), key=len, reverse=True))
MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"], 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH_RE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
            r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_FUTURE = re.compile(r"\b(will|would|to be held|scheduled|set to|plans? to|upcoming|expected|due|to open|to start|"
                     r"to begin|is to|are to)\b", re.I)
_PAST = re.compile(r"(?<!\bbe )(?<!\bbeen )(?<!\bhe )\b(was|were|had|did|announced|signed|said|held|opened|launched|inked|unveiled|"
                   r"released|reported|completed|started|began|attracted|agreed|approved|\w+ed on)\b", re.I)


def _int_or_decimal(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


def parse_number(text: str) -> int | float | None:
    """A number written with digits, separators, scale words or as English words."""
    t = text.strip().lower().replace("-", " ")
    m = re.fullmatch(rf"({_NUM})\s*(thousand|million|billion|trillion|bn|mln|m|b|k)?", t)
    if m:
        value = Decimal(m.group(1).replace(",", "")) * _SCALE.get(m.group(2) or "", 1)
        return _int_or_decimal(value)
    words = t.split()
    if words and all(w in _WORDS for w in words):
        total = 0
        for w in words:
            total = total * _WORDS[w] if w == "hundred" and total else total + _WORDS[w]
        return total
    return None


@dataclass(frozen=True)
class MoneyMatch:
    start: int
    end: int
    value: int | float
    currency: str
    usd: int | float | None = None
    qualifier: str | None = None


_CUR_PRE = r"(?P<pre>US\$|USD|RMB|CNY|HK\$|\$|€|EUR|¥)\s?"
_CUR_POST = r"(?P<post>yuan|RMB|CNY|US dollars|dollars|USD|euros?|EUR)\b"
_MONEY = re.compile(
    rf"(?:{_QUAL})?(?:{_CUR_PRE}(?P<n1>{_NUM})(?:\s?(?P<s1>trillion|billion|million|thousand|bn|mln|b|m|k)\b)?"
    rf"|(?P<n2>{_NUM})(?:\s?(?P<s2>trillion|billion|million|thousand|bn|mln)\b)?\s?{_CUR_POST})", re.I)
_CURRENCY = {"us$": "USD", "usd": "USD", "$": "USD", "us dollars": "USD", "dollars": "USD", "rmb": "CNY",
             "cny": "CNY", "yuan": "CNY", "¥": "CNY", "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
             "hk$": "HKD"}


def find_money(text: str) -> list[MoneyMatch]:
    """Amounts of money with currency, qualifier and a bracketed US$ equivalent."""
    raw = []
    for m in _MONEY.finditer(text):
        num, scale = (m.group("n1"), m.group("s1")) if m.group("n1") else (m.group("n2"), m.group("s2"))
        cur = _CURRENCY[(m.group("pre") or m.group("post")).lower()]
        value = _int_or_decimal(Decimal(num.replace(",", "")) * _SCALE.get((scale or "").lower(), 1))
        qual = QUALIFIERS.get((m.group("qual") or "").lower())
        raw.append(MoneyMatch(m.start(), m.end(), value, cur, None, qual))
    out: list[MoneyMatch] = []
    for cur in raw:
        prev = out[-1] if out else None
        between = text[prev.end:cur.start] if prev else ""
        if (prev and cur.currency == "USD" and prev.currency != "USD" and prev.usd is None
                and re.fullmatch(r"\s*[(\[,]\s*(?:or\s+|about\s+|around\s+)?", between)):
            end = cur.end + (1 if text[cur.end:cur.end + 1] in ")]" else 0)
            out[-1] = MoneyMatch(prev.start, end, prev.value, prev.currency, cur.value, prev.qualifier)
            continue
        out.append(cur)
    return out


@dataclass(frozen=True)
class AreaMatch:
    start: int
    end: int
    value: int | float
    unit: str


_AREA = re.compile(
    rf"(?P<n>{_NUM})(?:[- ](?P<s>thousand|million))?[- ]"
    r"(?P<u>square[- ]kilomet(?:er|re)s?|sq(?:uare)?\.?[- ]?km|km2|km²|square[- ]met(?:er|re)s?|sq\.? ?m\b|m2|m²|hectares?|ha\b|mu\b)",
    re.I)


def find_areas(text: str) -> list[AreaMatch]:
    """Areas in square metres (square kilometres are converted exactly), hectares or mu."""
    out = []
    for m in _AREA.finditer(text):
        value = Decimal(m.group("n").replace(",", "")) * _SCALE.get((m.group("s") or "").lower(), 1)
        u = m.group("u").lower()
        if "k" in u:
            value, unit = value * 1_000_000, "square metre"
        elif u.startswith(("hect", "ha")):
            unit = "hectare"
        elif u == "mu":
            unit = "mu"
        else:
            unit = "square metre"
        out.append(AreaMatch(m.start(), m.end(), _int_or_decimal(value), unit))
    return out


@dataclass(frozen=True)
class CountMatch:
    start: int
    end: int
    value: int
    noun: str  # what is counted, lower case (jobs, projects, companies, ...)
    qualifier: str | None = None


_COUNT = re.compile(
    rf"\b(?:{_QUAL})?(?P<n>{_NUM}(?:\s(?:million|thousand))?|{_WORDNUM}(?:[ -](?:{_WORDNUM}))?)[ ]+"
    r"(?P<adj>(?:[\w&-]+[ ]+){0,3}?)"
    r"(?P<noun>jobs|job opportunities|positions|professionals|employees|workers|talents|projects|companies|enterprises|"
    r"firms|businesses|institutions|participants|experts|exhibitors|viewers|visitors|likes|startups|start-ups|universities|"
    r"laboratories|labs|parks)\b", re.I)


def find_counts(text: str) -> list[CountMatch]:
    """Counted things: jobs, projects, companies, institutions, viewers ..."""
    out = []
    for m in _COUNT.finditer(text):
        value = parse_number(m.group("n"))
        if value is None or not float(value).is_integer() or re.fullmatch(r"(19|20)\d\d", m.group("n")):
            continue
        out.append(CountMatch(m.start(), m.end(), int(value), m.group("noun").lower(),
                              QUALIFIERS.get((m.group("qual") or "").lower())))
    return out


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    relative: str | None = None  # the words resolved against the article date


_DATE_PATTERNS = [
    ("ymd", re.compile(r"\b(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d\d)[-/.](?P<d>\d\d)\b")),
    ("mdy", re.compile(rf"\b(?P<mon>{_MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,\s*(?P<y>(?:19|20)\d\d)\b")),
    ("dmy", re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH_RE})\s+(?P<y>(?:19|20)\d\d)\b")),
    ("my", re.compile(rf"\b(?P<mon>{_MONTH_RE})\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)\b")),
    ("md", re.compile(rf"\b(?P<mon>{_MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*(?:19|20)\d\d)")),
    ("dm", re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH_RE})\b(?!\s+(?:of\s+)?(?:19|20)\d\d)")),
    ("y", re.compile(r"\b(?:in|by|since|from|until|till|before|after|of|during|end of|early|late|mid-)\s+(?P<y>(?:19|20)\d\d)\b(?![-/.]\d)")),
    ("weekday", re.compile(r"\b(?:on|last|this|next|from|until|by)\s+(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|"
                           r"\b(?:scheduled for|slated for)\s+(?P<wd2>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")),
    ("rel", re.compile(r"\b(?P<rel>this year|next year|last year|this month|next month|last month|yesterday|today|tomorrow)\b", re.I)),
]


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _before_in_sentence(text: str, start: int) -> str:
    a = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    return text[a + 1:start]


def _future(before: str) -> bool:
    """Whether the verb nearest before a date speaks of the future."""
    fut = [m.end() for m in _FUTURE.finditer(before)]
    past = [m.end() for m in _PAST.finditer(before)]
    return bool(fut) and (not past or max(fut) > max(past))


def find_dates(text: str, article_date: dt.date | None = None) -> list[DateMatch]:
    """Dates, with relative ones ("on Wednesday", "next year") resolved against ``article_date``.

    Relative dates are skipped when there is no article date. A weekday is the one before the
    article date, or after it when the sentence speaks of the future ("will", "scheduled").
    """
    taken: list[tuple[int, int]] = []
    out: list[DateMatch] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for kind, rx in _DATE_PATTERNS:
        for m in rx.finditer(text):
            s, e = m.span()
            if not free(s, e):
                continue
            g = m.groupdict()
            try:
                value, relative = _resolve(kind, g, m.group(0), article_date, _before_in_sentence(text, s))
            except (ValueError, KeyError):
                continue
            if value is None:
                continue
            taken.append((s, e))
            if kind == "y":
                s = m.start("y")
            out.append(DateMatch(s, e, value, relative))
    return sorted(out, key=lambda d: (d.start, d.end))


def _resolve(kind: str, g: dict, matched: str, ad: dt.date | None, before: str) -> tuple[str | None, str | None]:
    if kind == "ymd":
        return dt.date(int(g["y"]), int(g["m"]), int(g["d"])).isoformat(), None
    if kind in ("mdy", "dmy"):
        return dt.date(int(g["y"]), _month(g["mon"]), int(g["d"])).isoformat(), None
    if kind == "my":
        return f"{int(g['y']):04d}-{_month(g['mon']):02d}", None
    if kind == "y":
        return g["y"], None
    if ad is None:
        return None, None
    if kind in ("md", "dm"):
        if g["mon"].rstrip(".").lower() == "may" and kind == "md" and not re.match(r"May\s+\d", matched):
            return None, None
        day = dt.date(ad.year, _month(g["mon"]), int(g["d"]))
        return day.isoformat(), matched.strip()
    if kind == "weekday":
        name = g.get("wd") or g.get("wd2")
        target = WEEKDAYS.index(name.lower())
        future = _future(before) or matched.lower().startswith(("next", "scheduled", "slated"))
        if future:
            delta = (target - ad.weekday()) % 7
        else:
            delta = -((ad.weekday() - target) % 7)
        return (ad + dt.timedelta(days=delta)).isoformat(), name
    rel = g["rel"].lower()
    if rel in ("this year", "next year", "last year"):
        return str(ad.year + {"this": 0, "next": 1, "last": -1}[rel.split()[0]]), g["rel"]
    if rel in ("this month", "next month", "last month"):
        month = ad.month + {"this": 0, "next": 1, "last": -1}[rel.split()[0]]
        year = ad.year + (month - 1) // 12
        return f"{year:04d}-{(month - 1) % 12 + 1:02d}", g["rel"]
    days = {"yesterday": -1, "today": 0, "tomorrow": 1}[rel]
    return (ad + dt.timedelta(days=days)).isoformat(), g["rel"]


def find_article_date(header: str) -> tuple[dt.date, int, int] | None:
    """The publication date stated near the top of an article, with its span (earliest full date).

    >>> find_article_date("By Vivian Yan|Oct 14,2020")
    (datetime.date(2020, 10, 14), 14, 25)
    """
    found = []
    for kind in ("ymd", "mdy", "dmy"):
        for m in dict(_DATE_PATTERNS)[kind].finditer(header):
            try:
                value, _ = _resolve(kind, m.groupdict(), m.group(0), None, "")
                found.append((m.start(), m.end(), dt.date.fromisoformat(value)))
            except (ValueError, KeyError):
                continue
    if not found:
        return None
    s, e, d = min(found, key=lambda f: f[0])
    return d, s, e
