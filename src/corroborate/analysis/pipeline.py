"""The pipeline: the pinned spaCy model plus corroborate's components, loaded once per process.

Every component is a spaCy factory registered by name, so a user can add it to a pipeline of
their own (``nlp.add_pipe("corroborate_statements")``) once ``corroborate`` is imported. Each
declares what it ``requires`` and ``assigns`` on the Doc, and ``build_pipeline`` asks spaCy to
check that the order below satisfies them.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from ..settings import MODEL

COMPONENTS = (
    "corroborate_places",
    "corroborate_entities",
    "corroborate_times",
    "corroborate_attribution_tagger",
    "corroborate_statements",
    "corroborate_quantities",
    "corroborate_terms",
)
# The fast pipeline leaves out the learned tagger: rules only, at close to parse speed.
FAST_COMPONENTS = tuple(c for c in COMPONENTS if c != "corroborate_attribution_tagger")


def register() -> None:
    """Import the modules that register our factories and Doc extensions."""
    from ..extract import entities, quantities, statements, tagger_component, terms, times  # noqa: F401
    from ..nlp import extensions, paragraphs, places  # noqa: F401


def build_pipeline(model: str = MODEL, *, fast: bool = False) -> Language:
    """A fresh pipeline: the model plus corroborate's components (``fast``: without the tagger)."""
    register()
    nlp = spacy.load(model)
    nlp.add_pipe("corroborate_paragraphs", before="parser")
    for name in FAST_COMPONENTS if fast else COMPONENTS:
        nlp.add_pipe(name)
    problems = nlp.analyze_pipes()["problems"]
    missing = {name: needs for name, needs in problems.items() if needs}
    if missing:
        raise ValueError(f"pipeline components miss what they require: {missing}")
    return nlp


@lru_cache(maxsize=4)
def load_pipeline(model: str = MODEL, *, fast: bool = False) -> Language:
    """The shared pipeline for this process, loaded once per model and mode."""
    return build_pipeline(model, fast=fast)
