"""The pipeline's components say what they need and give, and their order is checked."""
from __future__ import annotations

import spacy

from corroborate.analysis.pipeline import COMPONENTS, FAST_COMPONENTS, register
from corroborate.settings import MODEL


def test_both_modes_build_in_an_order_that_satisfies_every_component(nlp, fast_nlp):
    assert [n for n in nlp.pipe_names if n.startswith("corroborate_")] == ["corroborate_paragraphs", *COMPONENTS]
    assert [n for n in fast_nlp.pipe_names if n.startswith("corroborate_")] == \
        ["corroborate_paragraphs", *FAST_COMPONENTS]
    for pipeline in (nlp, fast_nlp):
        assert not any(pipeline.analyze_pipes()["problems"].values())


def test_a_component_before_what_it_requires_is_reported():
    register()
    nlp = spacy.load(MODEL)
    nlp.add_pipe("corroborate_quantities")  # before the statements and times it reads
    problems = nlp.analyze_pipes()["problems"]["corroborate_quantities"]
    assert {"doc._.statements", "doc._.times"} <= set(problems)

