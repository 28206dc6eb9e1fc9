"""Word lists as data files (cue verbs, hedges, units, time words, titles, metonyms, ...).

``load("cues.json")`` reads one once per process; callers treat the result as read-only.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    return json.loads(resources.files(__name__).joinpath(name).read_text("utf-8"))


def by_word(classes: dict[str, list[str]]) -> dict[str, str]:
    """Each word of a ``{class: [words]}`` list with its class; a word in several classes takes
    the first one listed."""
    found: dict[str, str] = {}
    for cls, words in classes.items():
        for w in words:
            found.setdefault(w, cls)
    return found
