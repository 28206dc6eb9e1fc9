"""Doc extensions: what corroborate's components read and write on a spaCy Doc.

Inputs (set before the pipeline runs, e.g. by ``corroborate.analyze``):
  ``doc._.published``  the publication date (``datetime.date``) times are resolved against
Outputs (lists of the plain dataclasses in ``corroborate.extract.types``):
  ``doc._.entities``, ``doc._.times``, ``doc._.statements``, ``doc._.quantities``,
  ``doc._.terms`` (salient lemma -> count);
  ``doc._.attribution_spans`` (the learned tagger's spans, absent in the fast pipeline)
"""
from __future__ import annotations

from spacy.tokens import Doc

_EXTENSIONS = ("published", "entities", "times", "attribution_spans", "statements", "quantities", "terms")


def register_extensions() -> None:
    for name in _EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()
