"""The project stores offsets into the articles, never their sentences (names and headlines may carry over)."""

from __future__ import annotations

import subprocess

import yaml

from kg.config import PROJECT_ROOT

WINDOW = 7  # words of article prose, names left out


def _names() -> list[str]:
    names = []
    for path in (PROJECT_ROOT / "seeds").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        names.append(data["document"]["title"])
        for ent in data["entities"]:
            names += [ent["label"], *ent.get("aliases", [])]
    return sorted(set(names), key=len, reverse=True)


def _prose_windows(text: str, names: list[str]) -> set[str]:
    for name in names:  # a name splits the prose around it
        text = text.replace(name, " \u2016 ")
    words = [w for w in text.split() if w == "\u2016" or any(c.isalnum() for c in w)]
    return {" ".join(w) for i in range(len(words) - WINDOW + 1)
            if "\u2016" not in (w := words[i:i + WINDOW])}


def test_no_tracked_file_repeats_article_wording(corpus):
    names = _names()
    windows = set()
    for article in sorted(corpus.glob("*.txt")):
        windows |= _prose_windows(article.read_text(encoding="utf-8"), names)
    tracked = subprocess.run(["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    copied = {}
    for name in tracked:
        path = PROJECT_ROOT / name
        if path.suffix in {".js", ".css", ".png", ".woff", ".woff2"} or not path.is_file():
            continue
        try:
            text = " ".join(w for w in path.read_text(encoding="utf-8").split() if any(c.isalnum() for c in w))
        except UnicodeDecodeError:
            continue
        found = sorted(w for w in windows if w in text)
        if found:
            copied[name] = found[:2]
    assert copied == {}


def test_the_check_catches_a_copied_sentence(corpus):
    names = _names()
    text = (corpus / "000_69f9e22e82da91b7.txt").read_text(encoding="utf-8")
    windows = _prose_windows(text, names)
    quote = " ".join(text.split()[-30:-10])  # twenty words of the article's last paragraph
    assert any(w in quote for w in windows)
