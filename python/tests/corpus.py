"""Documents for the tests, made from the repository's fixture articles (tests/fixtures/,
examples/): the same articles with other names, other paragraph orders, other line ends and
characters outside the Basic Multilingual Plane, so that offsets, ordering and streaming are tested
on many documents without any third-party text in the repository."""

import json
import random
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = [
    REPO / "tests" / "fixtures" / "article.txt",
    REPO / "tests" / "fixtures" / "quotes-article.txt",
    REPO / "examples" / "article.txt",
]
# Names of the fixture articles and the names the variants put in their place.
NAMES = ["Anna Berger", "Clara Jensen", "Peter Holm", "Martin Skov", "Thomas Krall"]
OTHERS = [
    "Maria Schmidt", "Jonas Lindqvist", "Aiko Tanaka", "Olu Adeyemi", "Sofia Rossi",
    "Kwame Mensah", "Élodie Durand", "Björn Ólafsson", "Priya Raman", "Diego Fernández",
]
EXTRAS = ["", "🙂 ", "𝔄 ", "naïve café ", "\u00a0"]


def read(path: Path) -> str:
    """A text file exactly as the command-line tool reads it (no newline translation)."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def texts():
    return [read(p) for p in FIXTURES]


def variant(rng: random.Random, base: str) -> str:
    text = base
    for name in NAMES:
        if name in text:
            other = rng.choice(OTHERS)
            text = text.replace(name, other).replace(name.split()[1], other.split()[1])
    paragraphs = text.split("\n\n")
    if len(paragraphs) > 2 and rng.random() < 0.5:
        head, rest = paragraphs[0], paragraphs[1:]
        rng.shuffle(rest)
        paragraphs = [head] + rest[: rng.randint(1, len(rest))]
    text = "\n\n".join(rng.choice(EXTRAS) + p for p in paragraphs)
    if rng.random() < 0.2:
        text = text.replace("\n", "\r\n")
    return text


def documents(count: int, seed: int = 7, short: bool = False):
    """`count` (id, text) pairs, made lazily; `short`: from the shortest fixture only."""
    rng = random.Random(seed)
    bases = texts()
    if short:
        bases = [min(bases, key=len)]
    for i in range(count):
        yield f"doc-{i}", variant(rng, bases[i % len(bases)])


def write_jsonl(path: Path, docs) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for doc_id, text in docs:
            f.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
