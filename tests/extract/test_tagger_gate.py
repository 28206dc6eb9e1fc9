"""The tagger's gate: only paragraphs that can hold an attribution (and their neighbours) are tagged."""
from __future__ import annotations

import pytest

from corroborate.extract.tagger import MODEL_DIR, MODEL_FILE
from corroborate.extract.tagger_component import attribution_regions, may_attribute

CUE = "The mayor said the bridge would reopen."
QUOTE = "“The works are over,” one worker shouted across the quay."
FILLER = ("Traffic was light on Monday.", "The river rose by a metre overnight.", "Shops opened early in the town.",
          "The market hall stayed shut.")


def parsed(fast_nlp, text: str):
    return fast_nlp(text)


def paragraphs_kept(doc) -> list[str]:
    return [doc.text[a:b] for a, b in attribution_regions(doc)]


def test_a_sentence_with_a_cue_or_a_quotation_mark_may_attribute(fast_nlp):
    assert may_attribute(parsed(fast_nlp, CUE))
    assert may_attribute(parsed(fast_nlp, "“The works are over.”"))
    assert may_attribute(parsed(fast_nlp, "According to the agency, the quay is closed."))
    assert not may_attribute(parsed(fast_nlp, FILLER[1]))


def test_paragraphs_far_from_any_cue_are_skipped_and_the_next_one_is_kept(fast_nlp):
    text = "\n".join([CUE, *FILLER, QUOTE])
    doc = parsed(fast_nlp, text)
    # One sentence of context on either side: the filler next to the cue and the one before
    # the quotation stay, the two in the middle go.
    assert paragraphs_kept(doc) == [CUE + "\n" + FILLER[0], FILLER[3] + "\n" + QUOTE]


def test_a_text_without_cues_is_not_tagged(fast_nlp):
    assert attribution_regions(parsed(fast_nlp, "\n".join(FILLER))) == []


needs_model = pytest.mark.skipif(not (MODEL_DIR / MODEL_FILE).exists(), reason="attribution model not built")


@needs_model
def test_default_pipeline_tags_only_the_kept_paragraphs_at_their_offsets(nlp):
    text = "\n".join([*FILLER, CUE])
    doc = nlp(text)
    start = text.index(CUE)
    spans = doc._.attribution_spans
    assert spans and all(s.start >= text.index(FILLER[-1]) for s in spans)
    assert ("cue", "said") in {(s.label, text[s.start : s.end]) for s in spans}
    said = text.index("said")
    assert any(s.label == "cue" and (s.start, s.end) == (said, said + 4) for s in spans)
    assert start > 0


@needs_model
def test_tagging_in_the_background_gives_what_tagging_in_turn_gives(nlp):
    comp = nlp.get_pipe("corroborate_attribution_tagger")
    texts = [f"{CUE}\n{FILLER[i % 4]} Officials said {i} roads were shut." for i in range(7)]

    def spans(overlap: bool):
        comp.overlap = overlap
        try:
            # batch_size 2: four batches, so the background thread and the parse interleave.
            return [d._.attribution_spans for d in nlp.pipe(texts, batch_size=2)]
        finally:
            comp.overlap = overlapping

    overlapping = comp.overlap
    in_turn, background = spans(False), spans(True)
    assert all(in_turn) and background == in_turn
