"""The tagger as a pipeline component: sets ``doc._.attribution_spans``.

The tagger only sees the paragraphs that can hold an attribution; the rest of the document is
not tagged (see ``attribution_regions``). With ``overlap`` set (config) and two cores or
more, ``pipe`` tags one batch of documents in a background thread while the parser goes on with
the next: onnxruntime runs without the GIL, so the tagger's time hides behind the parse's (its
CPU cost is the same). It is off by default: analyze --jsonl over the Wikinews set then peaked
at 518-531 MB instead of 484 MB (the second thread's allocations), over the 500 MB budget.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from ..nlp import extensions  # noqa: F401 - registers doc._.attribution_spans
from ..lexicons import load
from .attribution_lexicon import lexicon
from .tagger import WINDOW_BATCH, AttributionTagger, process_threads

GATE_CONTEXT = 1  # sentences on either side of one that may attribute


@Language.factory(
    "corroborate_attribution_tagger",
    default_config={"model_dir": None, "batch_size": WINDOW_BATCH, "gate": True, "context": GATE_CONTEXT, "overlap": False},
    assigns=["doc._.attribution_spans"],
)
def make_tagger(nlp: Language, name: str, model_dir: str | None, batch_size: int, gate: bool, context: int, overlap: bool):
    cores = process_threads()
    overlap = overlap and cores > 1
    # Overlapping, one core stays with the parse and onnxruntime gets the others.
    tagger = AttributionTagger.load(model_dir, threads=cores - 1 if overlap else cores, batch_size=batch_size)
    return TaggerComponent(tagger, gate=gate, context=context, overlap=overlap)


@lru_cache(maxsize=1)
def gate_words() -> frozenset[str]:
    lex = lexicon()
    words = set(lex.verbs) | set(lex.nouns) | lex.agent_nouns | {w[0] for w, _ in lex.phrases}
    return frozenset(words | set(load("tagger_gate.json")["lemmas"]))


def may_attribute(sent) -> bool:
    words = gate_words()
    return any(t.is_quote or t.lemma_.lower() in words or t.lower_ in words for t in sent)


def attribution_regions(doc: Doc, context: int = GATE_CONTEXT) -> list[tuple[int, int]]:
    """Character ranges of the paragraphs that can hold an attribution.

    A paragraph (a line of the text) is kept when one of its sentences, or one of the
    ``context`` sentences before or after it, may attribute: the sentences next to a cue carry
    quotations and contents that run on. Kept whole, a paragraph is laid out in windows as in
    training.
    """
    sents = list(doc.sents)
    hits = [may_attribute(s) for s in sents]
    text = doc.text
    regions: list[tuple[int, int]] = []
    for i, sent in enumerate(sents):
        if not any(hits[max(0, i - context) : i + context + 1]):
            continue
        start = text.rfind("\n", 0, sent.start_char) + 1
        end = text.find("\n", sent.start_char)  # a sentence ends at a line break (nlp/paragraphs.py)
        end = len(text) if end < 0 else end
        if regions and regions[-1][1] + 1 >= start:  # the next line
            regions[-1] = (regions[-1][0], max(regions[-1][1], end))
        else:
            regions.append((start, end))
    return regions


class TaggerComponent:
    """Sets ``doc._.attribution_spans``: the tagger's cue, source and content spans."""

    def __init__(self, tagger: AttributionTagger, gate: bool = True, context: int = GATE_CONTEXT, overlap: bool = False):
        self.tagger = tagger
        self.gate = gate
        self.context = context
        self.overlap = overlap

    def _regions(self, doc: Doc):
        return attribution_regions(doc, self.context) if self.gate else None

    def __call__(self, doc: Doc) -> Doc:
        doc._.attribution_spans = self.tagger.spans(doc.text, self._regions(doc))
        return doc

    def _inputs(self, batch) -> tuple[list[str], list]:
        return [d.text for d in batch], [self._regions(d) for d in batch]

    def pipe(self, docs, batch_size: int = 16):
        if not self.overlap:
            for batch in minibatch(docs, size=batch_size):
                yield from _with_spans(batch, self.tagger.spans_many(*self._inputs(batch)))
            return
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="attribution-tagger") as pool:
            pending = None
            for batch in minibatch(docs, size=batch_size):
                # Texts and regions are read here, in the pipeline's thread; the pool only runs
                # the model on plain data.
                job = pool.submit(self.tagger.spans_many, *self._inputs(batch))
                if pending is not None:
                    yield from _with_spans(pending[0], pending[1].result())
                pending = (batch, job)
            if pending is not None:
                yield from _with_spans(pending[0], pending[1].result())


def _with_spans(batch, spans):
    for doc, found in zip(batch, spans):
        doc._.attribution_spans = found
        yield doc
