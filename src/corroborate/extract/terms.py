"""The salient terms of an article: what it is about, for telling one story from another.

``doc._.terms`` maps the lowercase lemma of each content noun and name word (not a stop word,
three letters or more, alphabetic) to how often it occurs. Names of the article's entities
are in ``doc._.entities``; the ledger weighs both against the corpus (``ledger/stories.py``).
"""
from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

_CONTENT = frozenset({"NOUN", "PROPN"})
MIN_LENGTH = 3


def find_terms(doc: Doc) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for tok in doc:
        if tok.pos_ in _CONTENT and not tok.is_stop and tok.is_alpha and len(tok.text) >= MIN_LENGTH:
            counts[tok.lemma_.lower()] += 1
    return dict(counts)


@Language.component("corroborate_terms", requires=["token.lemma"], assigns=["doc._.terms"])
def component(doc: Doc) -> Doc:
    doc._.terms = find_terms(doc)
    return doc
