"""The cue and media lexicons (data files under ``corroborate/lexicons``), loaded once."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..lexicons import load


@dataclass(frozen=True, slots=True)
class CueLexicon:
    verbs: dict[str, str]  # lemma -> kind
    clause_verbs: frozenset[str]  # the frames each verb makes a statement in
    quote_verbs: frozenset[str]
    object_verbs: frozenset[str]
    infinitive_verbs: frozenset[str]
    at_verbs: frozenset[str]
    cue_heads: frozenset[str]
    nouns: dict[str, str]
    agent_nouns: frozenset[str]
    phrases: tuple[tuple[tuple[str, ...], str], ...]  # (lowercased words, kind)
    outlet_words: frozenset[str]
    outlets: frozenset[str]
    channel_nouns: frozenset[str]
    platforms: frozenset[str]
    medium_verbs: frozenset[str]  # "told the New York Times": the object is the medium
    channel_preps: tuple[str, ...]  # "in a post on X": where it was said
    not_cues: frozenset[str]  # lemmas never taken as cues from the learned tagger


@lru_cache(maxsize=1)
def lexicon() -> CueLexicon:
    cues = load("cues.json")
    media = load("media.json")
    verbs = cues["verbs"]
    low = lambda xs: frozenset(x.lower() for x in xs)  # noqa: E731
    return CueLexicon(
        verbs={lemma: v["kind"] for lemma, v in verbs.items()},
        clause_verbs=frozenset(lemma for lemma, v in verbs.items() if "clause" in v["frames"]),
        quote_verbs=frozenset(lemma for lemma, v in verbs.items() if "quote" in v["frames"]),
        object_verbs=frozenset(lemma for lemma, v in verbs.items() if "object" in v["frames"]),
        infinitive_verbs=frozenset(lemma for lemma, v in verbs.items() if "infinitive" in v["frames"]),
        at_verbs=frozenset(lemma for lemma, v in verbs.items() if "at" in v["frames"]),
        cue_heads=frozenset(cues["cue_heads"]),
        nouns=dict(cues["nouns"]),
        agent_nouns=low(cues["agent_nouns"]),
        phrases=tuple((tuple(p["words"]), p["kind"]) for p in cues["phrases"]),
        outlet_words=low(media["outlet_words"]),
        outlets=low(media["outlets"]),
        channel_nouns=low(media["channel_nouns"]),
        platforms=frozenset(media["platforms"]),
        medium_verbs=low(media["medium_verbs"]),
        channel_preps=tuple(media["channel_prepositions"]),
        not_cues=low(cues["not_cues"]["lemmas"]),
    )
