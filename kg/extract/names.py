"""Find the names an article uses: gazetteer names of the graph, and unseen names by pattern.

Unseen names are capitalised phrases typed by their head word ("... Science Park" is a
SciencePark, "... Co., Ltd." a Company, "Ministry of ..." a Ministry), people by a title
beside them or a by-line, members of company lists ("companies such as A, B and C"), and
quoted titles after "designated as" / "to be the". A phrase with no type and no match in
the graph is dropped.

>>> type_of_name("Minhang Science and Technology Innovation Park"), type_of_name("Aurora Robotics Co., Ltd.")
('SciencePark', 'Company')
>>> type_of_name("Ministry of Science and Technology"), type_of_name("Songjiang District")
('Ministry', 'District')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import GazEntry, Gazetteer

__all__ = ["Mention", "type_of_name", "scan_gazetteer", "find_new_names", "SCAN_KINDS_EXCLUDED"]

# Entities whose labels are a curator's descriptions rather than names used in text.
SCAN_KINDS_EXCLUDED = {"InvestmentProject", "Indicator", "Post", "Designation", "SigningBatch", "Agreement",
                       "StrategicCooperationAgreement", "InvestmentContract"}
GENERIC = {"high", "tech", "high-tech", "hi-tech", "zone", "park", "science", "city", "digital", "line", "innovation",
           "competition", "committee", "management", "the", "of", "center", "centre", "base",
           "cluster", "new", "r&d", "research", "and", "development", "data", "industry", "government", "district",
           "integration", "region", "hall", "boulevard", "tech", "zone's", "integration"}


@dataclass
class Mention:
    start: int
    end: int
    surface: str
    key: str  # entity id (known) or provisional id (new)
    type: str
    method: str  # gazetteer, pattern
    entry: GazEntry | None = None


# -- typing by head word ---------------------------------------------------------------------
_SUFFIX_TYPES = [
    (r"national (?:high|hi)[- ]tech(?:nology)? (?:industrial )?(?:development )?(?:zone|park)$", "NationalHighTechZone"),
    (r"(?:high|hi)[- ]tech(?:nology)? (?:industrial )?(?:development )?(?:zone|park)$", "HighTechZone"),
    (r"(?:economic and technological|economic|technological) development zone$", "DemonstrationZone"),
    (r"demonstration zone$|pilot (?:free trade )?zone$|free trade zone$", "DemonstrationZone"),
    (r"science city$", "ScienceCity"),
    (r"(?:data ?cent(?:er|re)|computing) cluster$", "DataCenterCluster"),
    (r"software (?:information )?park$", "SoftwarePark"),
    (r"(?:industrial|industry|logistics|economic|manufacturing|business) park$", "IndustrialPark"),
    (r"(?:science|technology|tech|innovation|sci-tech|research|hi-tech|high-tech|ai|robotics|biotech|digital)(?: and [\w-]+)*"
     r"(?: \w+){0,2} park$|science park$|campus$", "SciencePark"),
    (r"(?:innovation|r&d|research|development) (?:base|hub)$|r&d (?:cent(?:er|re)|base)$", "RDBase"),
    (r"\bpark$", "Park"),
    (r"corridor$|digital line$|innovation belt$", "DevelopmentCorridor"),
    (r"\bzone$", "Zone"),
    (r"co\.?,? ?ltd\.?$|\bltd\.?$|\binc\.?$|\bcorp\.?$|corporation$|\bgroup$|\bholdings?$|technolog(?:y|ies)$|"
     r"\bllc$|\bplc$|\bgmbh$|biotech$|pharma$|robotics$|semiconductors?$|motors$|pharmaceuticals?$|electronics$|\bnetworks$", "Company"),
    (r"university$|college$", "University"),
    (r"institute$|academy$|laborator(?:y|ies)$|\blab$", "ResearchInstitute"),
    (r"management committee$|administrative committee$", "ManagementCommittee"),
    (r"executive committee$", "ExecutiveCommittee"),
    (r"municipal government$|city government$|people's government$", "MunicipalGovernment"),
    (r"district government$", "DistrictGovernment"),
    (r"county government$", "CountyGovernment"),
    (r"bureau$|commission$|administration$|department$|government$", "GovernmentBody"),
    (r"association$|alliance$|federation$|chamber of commerce$|\bexchange$|council$|society$|promotion cent(?:er|re)$",
     "IndustryBody"),
    (r"\bdistrict$|\bnew area$", "District"), (r"\bcounty$", "County"), (r"\bprovince$", "Province"),
    (r"\btown(?:ship)?$", "Town"), (r"\bregion$", "Region"),
    (r"\bexpo$|\bexhibition$|\bfair$", "Expo"), (r"conference$|summit$|\bforum$|symposium$|congress$", "Conference"),
    (r"competition$|contest$|challenge$|hackathon$|awards?$", "Competition"),
    (r"showcase$|roadshow$|promotion$|festival$|week$", "Promotion"),
    (r"cent(?:er|re)$|\bhall$|museum$|bridge$|building$|tower$|stadium$|resort$|boulevard$|\bport$|airport$|station$|"
     r"arena$|plaza$|mall$|\bhotel$|\bline$|laboratory$", "Facility"),
]
_PREFIX_TYPES = [
    (r"^ministry of", "Ministry"), (r"^university of", "University"), (r"^(?:institute|academy) of", "ResearchInstitute"),
    (r"^(?:bureau|department|commission|administration) of", "GovernmentBody"),
    (r"^(?:management|administrative) committee of", "ManagementCommittee"),
    (r"^executive committee of", "ExecutiveCommittee"),
]


_SUFFIX_RX: list[tuple[re.Pattern, str]] = []
_PREFIX_RX: list[tuple[re.Pattern, str]] = []


def type_of_name(name: str) -> str | None:
    """The ontology class a name's head word suggests, or None."""
    if not _SUFFIX_RX:
        _SUFFIX_RX.extend((re.compile(rx), t) for rx, t in _SUFFIX_TYPES)
        _PREFIX_RX.extend((re.compile(rx), t) for rx, t in _PREFIX_TYPES)
    n = " ".join(name.lower().replace("’", "'").split())
    if re.match(rf"{_TITLES}\b", n):
        return None  # "Director of the ... Committee" names a post, not an organisation
    for rx, t in _PREFIX_RX:
        if rx.search(n):
            return t
    head = re.split(r" of (?:the )?", n)[0] if " of " in n and not re.search(r"(?:university|institute|academy|park|zone)$", n) else n
    head = re.sub(r"\s*\([^)]*\)$", "", head)
    for rx, t in _SUFFIX_RX:
        if rx.search(head):
            return t
    return None


# -- gazetteer scan --------------------------------------------------------------------------
def _compile(gaz: Gazetteer) -> tuple[re.Pattern, re.Pattern, dict[str, list[GazEntry]], dict[str, list[GazEntry]]]:
    cached = getattr(gaz, "_scan", None)
    if cached:
        return cached
    exact: dict[str, list[GazEntry]] = {}
    folded: dict[str, list[GazEntry]] = {}
    for e in gaz.entries.values():
        if e.type in SCAN_KINDS_EXCLUDED:
            continue
        for n in e.names:
            if len(n) < 2:
                continue
            if e.type == "Industry":
                folded.setdefault(n.casefold(), []).append(e)
            else:
                exact.setdefault(n, []).append(e)

    def alt(names):
        return "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n))) or "(?!x)x"
    rx_exact = re.compile(rf"(?<![\w])(?:{alt(exact)})(?![\w])")
    rx_fold = re.compile(rf"(?<![\w])(?:{alt(folded)})(?![\w])", re.I)
    gaz._scan = (rx_exact, rx_fold, exact, folded)
    return gaz._scan


def _is_generic(name: str) -> bool:
    words = [w for w in re.split(r"[\s-]+", name.lower()) if w]
    return len(words) <= 3 and all(w in GENERIC for w in words)


def scan_gazetteer(text: str, gaz: Gazetteer) -> list[Mention]:
    """Every occurrence of a known name (longest first, no overlaps).

    A generic alias ("High-tech Zone", "Science City") and a person's lone surname count only
    when the same article also names the entity in full.
    """
    rx_exact, rx_fold, exact, folded = _compile(gaz)
    raw: list[tuple[int, int, str, list[GazEntry], bool]] = []
    for m in rx_exact.finditer(text):
        raw.append((m.start(), m.end(), m.group(0), exact[m.group(0)], False))
    for m in rx_fold.finditer(text):
        raw.append((m.start(), m.end(), m.group(0), folded[m.group(0).casefold()], True))
    raw.sort(key=lambda r: (-(r[1] - r[0]), r[0]))
    used = bytearray(len(text))
    chosen = []
    for s, e, surface, entries, _ in raw:
        if used.find(1, s, e) >= 0:
            continue
        used[s:e] = b"\x01" * (e - s)
        chosen.append((s, e, surface, entries))
    chosen.sort()
    # which entities are named in full somewhere (not only by a generic alias)
    full = set()
    for s, e, surface, entries in chosen:
        for entry in entries:
            if surface == entry.label or not (_is_generic(surface) or _lone_surname(entry, surface)):
                full.add(entry.id)
    out = []
    for s, e, surface, entries in chosen:
        entries = [x for x in entries if x.id in full]
        if len(entries) != 1:
            continue  # unknown or ambiguous in the gazetteer itself: left to the reviewer
        entry = entries[0]
        out.append(Mention(s, e, surface, entry.id, entry.type, "gazetteer", entry))
    return out


def _lone_surname(entry: GazEntry, surface: str) -> bool:
    return entry.type == "Person" and " " not in surface and surface != entry.label


# -- unseen names ----------------------------------------------------------------------------
_CAPW = r"(?:[A-Z][\w’'&.-]*[\w&]|[A-Z]|\d+(?:st|nd|rd|th)|\d{4})"
_CONN = r"(?:of|and|for|the|de|&)"
_NAME = re.compile(
    rf"(?<![\w-])(?:{_CAPW})(?:(?:[ ](?:{_CONN}[ ]){{0,2}}|-)(?:{_CAPW}|\([A-Z][\w ]*\)))*"
    r"(?:,? (?:Co\.,? ?Ltd\.?|Co\., Limited|Ltd\.?|Inc\.?|Corp\.?|LLC|PLC)|\.,? ?(?:Ltd\.?|Limited)|(?<=Inc|Ltd)\.|(?<=Corp)\.)?")
_LEAD_STOP = {"The", "A", "An", "In", "On", "At", "By", "For", "From", "With", "As", "And", "But", "Meanwhile", "Recently",
              "Now", "This", "That", "These", "Those", "It", "Its", "Since", "According", "Among", "After", "Before",
              "During", "Last", "Next", "Earlier", "Later", "Also", "Under", "Over", "Both", "Other", "Specifically",
              "Taking", "With", "Supported", "Located", "Founded", "Built", "Covering", "When", "While", "Once", "Some",
              "Many", "Several", "All", "Each", "Every", "Such", "Our", "Their", "His", "Her", "Ti", "Source", "Editor",
              "Photo", "Special", "Reports", "News", "Metro", "Title", "About", "Contact", "Privacy", "Terms", "Cookie",
              "If", "So", "Then", "Here", "There", "What", "Why", "How", "Who", "Where", "Yes", "No", "Mr", "Ms", "Dr"}
_TITLES = (r"(?:deputy |vice |executive |general |chief |party |managing |founding |co-)*(?:director(?:-general)?|chairman|"
           r"chairwoman|chair|president|ceo|cto|mayor|secretary|head|general manager|manager|founder|governor|minister|"
           r"dean|spokesperson|spokesman|spokeswoman|officer|partner|professor|researcher|editor|reporter|leader)")
_PERSON = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}"
PERSON_PATTERNS = [
    re.compile(rf"(?P<name>{_PERSON}),\s+(?:the\s+)?(?P<title>(?i:{_TITLES}))\b"),
    re.compile(rf"(?:{_TITLES})\s+(?P<name>{_PERSON})\s+(?:said|says|told|noted|added|stated)\b"),
    re.compile(rf"\b(?:said|says|according to|told)\s+(?P<name>{_PERSON})\b"),
    re.compile(rf"(?P<name>{_PERSON})\s+(?:said|says|told reporters|noted|added)\b"),
    re.compile(rf"(?:^|\n)\s*By\s+(?P<name>{_PERSON})\b"),
    re.compile(rf"\b(?:Editor|Reporter|Writer|Author):\s*(?P<name>{_PERSON})\b"),
]
_LIST_TRIGGER = re.compile(r"\b(?:companies|enterprises|firms|giants|tenants|names|brands|players|businesses|partners)"
                           r"(?:,)?\s+(?:such as|including|like|as well as|namely|:)\s+", re.I)
_QUOTED_TITLE = re.compile(r"(?:as|to be|named|title of|become|becoming)\s+(?:an?\s+|the\s+)?[“\"](?P<t>[A-Z][^”\"]{5,100})[”\"]", re.I)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    t = re.match(rf"(?:{_TITLES}) (?:of|at) (?:the )?", text[s:e], re.I)
    if t and t.end() < e - s:
        s += t.end()  # "Director of the X Committee": the name is the committee's
    while True:
        words = text[s:e].split(" ")
        if len(words) > 1 and words[0] in _LEAD_STOP:
            s += len(words[0]) + 1
            continue
        if len(words) > 1 and words[-1] in {"of", "and", "for", "the", "on", "de", "&", "in"}:
            e -= len(words[-1]) + 1
            continue
        m = re.search(r"[’']s$", text[s:e])
        if m:
            e -= 2
            continue
        break
    while e > s and text[e - 1] in ".,-’'":
        if text[s:e].endswith(("Ltd.", "Inc.", "Corp.", "Co.")):
            break
        e -= 1
    return s, e


def _split_and(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Split "A and B" when A is a complete name by itself (typed), keep "Science and Technology Park"."""
    span = text[s:e]
    for m in re.finditer(r" (?:and|&|in) ", span):
        left, right = span[:m.start()], span[m.end():]
        left_typed = type_of_name(left) is not None
        if any(re.search(rx, left.lower()) for rx, _ in _PREFIX_TYPES):
            continue  # "Ministry of Science and Technology" is one name
        if (left_typed and type_of_name(right) is not None) or (m.group(0) == " in " and left_typed):
            return _split_and(text, s, s + m.start()) + _split_and(text, s + m.end(), e)
    return [(s, e)]


def find_new_names(text: str, taken: list[tuple[int, int]], gaz: Gazetteer) -> list[tuple[int, int, str, str]]:
    """Spans of unseen names with a type: (start, end, surface, type). ``taken`` spans are skipped."""
    out: dict[tuple[int, int], tuple[str, str]] = {}
    used = bytearray(len(text))
    for a, b in taken:
        used[a:b] = b"\x01" * (b - a)

    def free(s: int, e: int) -> bool:
        return used.find(1, s, e) < 0

    def add(s: int, e: int, typ: str) -> None:
        if e - s >= 2 and free(s, e):
            out[(s, e)] = (text[s:e], typ)
            used[s:e] = b"\x01" * (e - s)

    for rx in PERSON_PATTERNS:
        for m in rx.finditer(text):
            s, e = m.span("name")
            name = text[s:e]
            if name.split()[0] in _LEAD_STOP or type_of_name(name):
                continue
            add(s, e, "Person")
    for m in _QUOTED_TITLE.finditer(text):
        s, e = m.span("t")
        add(s, e, "DesignationTitle")
    for m in _LIST_TRIGGER.finditer(text):
        pos = m.end()
        for item in re.finditer(r"(?P<n>[A-Z][\w&’'-]*(?: (?:[A-Z][\w&’'-]*|&)){0,3}(?:,? (?:Co\.,? ?Ltd\.?|Ltd\.?|Inc\.?))?)(?P<sep>,\s*(?:and\s+)?|\s+and\s+|\s+etc\b|)", text[pos:pos + 400]):
            if item.start() != 0 and text[pos + item.start() - 1] not in " ,":
                break
            s, e = _trim(text, pos + item.start("n"), pos + item.end("n"))
            if text[s:e] not in _LEAD_STOP:
                add(s, e, type_of_name(text[s:e]) or "Company")
            if not item.group("sep") or "etc" in item.group("sep"):
                break
            pos_next = item.end()
            if pos_next >= len(text[pos:pos + 400]):
                break
    for m in _NAME.finditer(text):
        s, e = _trim(text, *m.span())
        for a, b in _split_and(text, s, e):
            a, b = _trim(text, a, b)
            name = text[a:b]
            if b - a < 3 or name in _LEAD_STOP or not free(a, b):
                continue
            typ = type_of_name(name)
            if typ is None:
                continue
            if len(name.split()) == 1 and typ not in ("Company",):
                continue  # a bare head word ("Park", "District") is not a name
            add(a, b, typ)
    return sorted((s, e, surface, typ) for (s, e), (surface, typ) in out.items())
