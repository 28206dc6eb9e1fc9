"""The tagger as a pipeline component: sets ``doc._.attribution_spans``."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from ..nlp import extensions  # noqa: F401 - registers doc._.attribution_spans
from .tagger import WINDOW_BATCH, AttributionTagger


@Language.factory("corroborate_attribution_tagger", default_config={"model_dir": None, "batch_size": WINDOW_BATCH},
                  assigns=["doc._.attribution_spans"])
def make_tagger(nlp: Language, name: str, model_dir: str | None, batch_size: int):
    return TaggerComponent(AttributionTagger.load(model_dir, batch_size=batch_size))


class TaggerComponent:
    """Sets ``doc._.attribution_spans``: the tagger's cue, source and content spans."""

    def __init__(self, tagger: AttributionTagger):
        self.tagger = tagger

    def __call__(self, doc: Doc) -> Doc:
        doc._.attribution_spans = self.tagger.spans(doc.text)
        return doc

    def pipe(self, docs, batch_size: int = 16):
        for batch in minibatch(docs, size=batch_size):
            for doc, spans in zip(batch, self.tagger.spans_many([d.text for d in batch])):
                doc._.attribution_spans = spans
                yield doc
