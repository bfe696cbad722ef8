#!/usr/bin/env python3
"""Builds models/known-names.tsv: the full name that a bare surname most often stands for in a
news corpus, for documents that use a well-known person's surname without ever giving the full
name ("President Obama" → Barack Obama).

Input: the entity tags of a corpus as `whosaid tag` writes them (TSV: doc_id, start, end, type,
score, text). A surname is kept when one full name holds at least SHARE of the documents whose
person entities pair that surname with a first name, in at least MIN_DOCS documents, and when
some document names a person by that surname alone: the table serves bare surnames, and a "surname"
never used alone is the end of an organisation or place the entity model took for a person ("Al
Qaeda", "Des Moines", "Getty Images") or of a byline.
"""
import sys
from collections import Counter, defaultdict

MIN_DOCS = 5
SHARE = 0.8
TITLES = {
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sen", "sen.", "rep", "rep.", "gov",
    "gov.", "president", "senator", "governor", "secretary", "sir", "dame", "lord", "lady",
    "former", "vice", "gen.", "gen", "judge", "justice", "mayor", "speaker", "leader",
}
SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def name_words(text):
    words = [w for w in text.replace("’s", "").replace("'s", "").split() if w]
    while words and (words[0].lower() in TITLES or not words[0][:1].isupper()):
        words.pop(0)
    return words


def main(tags_path, out_path):
    docs = defaultdict(set)  # (surname, full name) -> documents
    bare = defaultdict(set)  # surname named alone -> documents
    with open(tags_path, encoding="utf-8") as f:
        next(f)
        for line in f:
            doc, _, _, kind, _, text = line.rstrip("\n").split("\t")
            if kind != "PER":
                continue
            words = name_words(text)
            if len(words) == 1:
                bare[words[0].lower()].add(doc)
            core = [w for w in words if w.lower().rstrip(".") not in SUFFIXES]
            if len(core) < 2 or any(len(w.rstrip(".")) == 1 for w in core[:1]):
                continue
            if not all(w[:1].isupper() for w in core):
                continue
            docs[(core[-1].lower(), " ".join(words))].add(doc)
    by_surname = defaultdict(Counter)
    for (surname, full), ds in docs.items():
        by_surname[surname][full] = len(ds)
    rows = []
    for surname, names in by_surname.items():
        full, n = names.most_common(1)[0]
        if n >= MIN_DOCS and n / sum(names.values()) >= SHARE and bare[surname]:
            rows.append((surname, full, n))
    rows.sort()
    with open(out_path, "w", encoding="utf-8") as out:
        out.write(
            f"# surname, full name, documents (PER entities of a news corpus; >= {MIN_DOCS} "
            f"documents and >= {SHARE:.0%} of the surname's full names); "
            "built by scripts/build-known-names.sh\n"
        )
        for surname, full, n in rows:
            out.write(f"{surname}\t{full}\t{n}\n")
    print(f"{len(rows)} surnames -> {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
