"""Line breaks end sentences: news text puts each paragraph (and the headline) on its own line.

Runs before the parser, which keeps boundaries that are already set.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("corroborate_paragraphs", assigns=["token.is_sent_start"])
def paragraphs(doc: Doc) -> Doc:
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            doc[i].is_sent_start = True
    return doc
