"""Who a statement's source is: the noun phrase, its canonical name, and what a pronoun or a
description ("he", "the spokeswoman", "the newly installed Nato chief") refers to.

Resolution is built from the article alone. People are PERSON mentions (the entities
extractor's when it has run, else spaCy's entities); a surname takes the full name it was first
introduced with; a pronoun or a description takes the most salient compatible person of the
nearest earlier sentence (subjects first, heads of the subject phrase before names nested in it),
never a name inside a quotation; gender is learned from the text (titles, and "he"/"she" already
resolved to a name). "they" takes the nearest earlier plural subject, "it" the nearest earlier
organisation or country subject.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .attribution_lexicon import CueLexicon
from .attribution_quotes import QuoteIndex
from .types import EntityMention, SourceRef

try:  # the entities extractor is optional: without it names come from the phrase itself
    from . import entities as _entities
except ImportError:  # pragma: no cover - depends on the sibling module
    _entities = None

_DETERMINERS = {"the", "a", "an", "some", "several", "many", "these", "those", "this", "that", "its", "their", "both", "all"}
_PERSON_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f", "his": "m"}
_GROUP_PRONOUNS = {"they", "them", "their"}
_THING_PRONOUNS = {"it", "its"}
_ORG_LABELS = {"ORG", "GPE", "NORP"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_NP_LINKS = {"compound", "appos", "poss", "prep", "pobj", "amod", "flat", "conj"}
_LOOKBACK_SENTENCES = 6
_MISTAGGED_PERSON = {"PRODUCT", "WORK_OF_ART"}


@dataclass(slots=True)
class _Person:
    start: int
    end: int
    name: str
    sent: int
    subject_depth: int | None  # hops to the subject it sits in, None when not in a subject
    entity: object | None = None


def _subject_depth(token: Token) -> int | None:
    depth, t = 0, token
    while True:
        if t.dep_ in _SUBJECT_DEPS:
            return depth
        if t.dep_ not in _NP_LINKS or t.head.i == t.i:
            return None
        t = t.head
        depth += 1


def _clean(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds without leading determiners and surrounding punctuation."""
    while start < end and (doc[start].is_punct or doc[start].lower_ in _DETERMINERS or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].tag_ == "POS"):
        end -= 1
    return start, end


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds without surrounding punctuation."""
    while start < end and (doc[start].is_punct or doc[start].is_space):
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
    return _clean(head.doc, start, end)


class SourceResolver:
    """Per-document source naming and speaker tracking."""

    def __init__(self, doc: Doc, lex: CueLexicon, quotes: QuoteIndex):
        self.doc = doc
        self.lex = lex
        self.quotes = quotes
        self.gender: dict[str, str] = {}
        self.full_names: dict[str, str] = {}
        self.persons: list[_Person] = []
        self._sent_starts = [sent.start for sent in doc.sents]
        self._person_spans: list[tuple[int, int]] = []  # token bounds of PERSON names, titles trimmed
        self._entity_lookup = getattr(_entities, "entity_for_span", None) if _entities else None
        self._canonical = getattr(_entities, "canonical_name", None) if _entities else None
        self._collect_persons()

    # -- people in the text -------------------------------------------------------------
    def _sent_index(self, token_i: int) -> int:
        return bisect_right(self._sent_starts, token_i) - 1

    def sentence(self, token_i: int) -> tuple[int, int]:
        """Token bounds of the sentence holding a token."""
        si = self._sent_index(token_i)
        end = self._sent_starts[si + 1] if si + 1 < len(self._sent_starts) else len(self.doc)
        return self._sent_starts[si], end

    def _collect_persons(self) -> None:
        people = [ent for ent in self.doc.ents if ent.label_ == "PERSON"]
        for ent in people:
            start, end = _clean(self.doc, ent.start, ent.end)
            if start >= end:
                continue
            self._person_spans.append((start, end))
            words = [t.text for t in self.doc[start:end]]
            if len(words) >= 2:
                self.full_names.setdefault(words[-1].lower(), " ".join(words))
            self._learn_gender_from_title(ent)
        for start, end in self._person_spans:
            if self.quotes.at(self.doc[start].idx):
                continue
            name = self.full_name(self.doc[start:end].text)
            self.persons.append(
                _Person(self.doc[start].idx, self.doc[end - 1].idx + len(self.doc[end - 1]), name,
                        self._sent_index(start), _subject_depth(self.doc[end - 1]))
            )

    def _learn_gender_from_title(self, ent: Span) -> None:
        i = ent.start - 1
        while i >= 0 and i >= ent.start - 3:
            word = self.doc[i].lower_
            if word in self.lex.female_words:
                self.gender.setdefault(self.full_name(ent.text), "f")
                return
            if word in self.lex.male_words:
                self.gender.setdefault(self.full_name(ent.text), "m")
                return
            if not (self.doc[i].pos_ in ("PROPN", "NOUN", "ADJ", "PUNCT") or self.doc[i].tag_ == "POS"):
                return
            i -= 1

    def full_name(self, name: str) -> str:
        words = name.split()
        if len(words) == 1:
            return self.full_names.get(words[0].lower(), name)
        return name

    # -- naming a source phrase ------------------------------------------------------
    def source(self, head: Token, cue_i: int) -> SourceRef:
        """The source phrase governed by ``head`` with its resolved name and entity; the phrase
        stops before the cue when the cue hangs inside it (``with analysts claiming that``)."""
        doc = self.doc
        end = head.right_edge.i + 1
        if head.i < cue_i < end:
            end = cue_i
        start, end = _trim(doc, head.left_edge.i, end)
        if start >= end or not (start <= head.i < end):
            start, end = head.i, head.i + 1
        span = doc[start:end]
        ref = SourceRef(text=span.text, start=span.start_char, end=span.end_char)
        low = head.lower_
        if head.pos_ == "PRON":
            target = self._resolve_pronoun(head, low)
        elif self._is_description(head):
            target = self._resolve_person(head.i, self._gender_of_words(span))
        else:
            target = None
        if target is not None:
            ref.name, entity = target.name, target.entity
            entity = entity or self._entity_at(target.start, target.end)
            if entity is not None:
                ref.entity, ref.name = entity.id, entity.name
                self._add_mention(entity, ref)
            if head.pos_ == "PRON" and low in _PERSON_PRONOUNS:
                self.gender.setdefault(target.name, _PERSON_PRONOUNS[low])
            # the resolved phrase is itself a subject mention that later pronouns can reach
            self.persons.append(_Person(ref.start, ref.end, target.name, self._sent_index(head.i), 0, entity))
            return ref
        if head.pos_ == "PRON":
            ref.name = span.text
            return ref
        name_head = self._agent(head) or self._named_apposition(head) or head
        n_start, n_end = core_phrase(name_head)
        if n_start >= n_end:
            n_start, n_end = name_head.i, name_head.i + 1
        entity = self._entity_at(doc[n_start].idx, doc[n_end - 1].idx + len(doc[n_end - 1]))
        if entity is not None and entity.type == "NORP" and n_end - n_start > 1:
            # "BBC Russian": a nationality inside a longer name is not the source
            ref.name = self._name_of(n_start, n_end, use_entities=False)
        elif entity is not None and entity.type in _MISTAGGED_PERSON and self._person_like(n_start, n_end):
            # the small model tags some speakers' names PRODUCT: a speaker is a person
            self._learn_speaker(ref, n_start, n_end, mistagged=entity)
        elif entity is not None:
            ref.entity, ref.name = entity.id, entity.name
        else:
            ref.name = self._name_of(n_start, n_end)
            if self._person_like(n_start, n_end) and not any(t.ent_type_ for t in doc[n_start:n_end]):
                self._learn_speaker(ref, n_start, n_end)
        return ref

    def _person_like(self, start: int, end: int) -> bool:
        """Two or three capitalised proper nouns and no role word: "Ines Varga"."""
        words = self.doc[start:end]
        return 2 <= len(words) <= 3 and all(
            t.pos_ == "PROPN" and t.is_title and t.lower_ not in self.lex.person_roles for t in words
        )

    def _learn_speaker(self, ref: SourceRef, start: int, end: int, mistagged=None) -> None:
        """Make a speaker the model did not tag as a person reachable: later pronouns resolve to
        them, a bare surname names them in full, and a person known only by that surname takes
        the full name (absorbing the mistagged entity's mentions)."""
        name = self.doc[start:end].text
        surname = self.doc[end - 1].text
        self.full_names.setdefault(surname.lower(), name)
        ref.name = name
        entities = self.doc._.entities or []
        entity = next((e for e in entities if e.type == "PERSON" and e.name == surname), None)
        if entity is not None:
            entity.name = name
            if mistagged is not None and _entities is not None:
                _entities.merge_entities(self.doc, entity, mistagged)
        elif mistagged is not None:
            entity = mistagged
            entity.type = "PERSON"
        if entity is not None:
            ref.entity = entity.id
            self._add_mention(entity, ref)
        self.persons.append(_Person(ref.start, ref.end, name, self._sent_index(start), 0, entity))

    def named(self, start: int, end: int) -> SourceRef:
        """A source given by name outside any parse (a signature, a transcript's speaker)."""
        span = self.doc[start:end]
        ref = SourceRef(text=span.text, start=span.start_char, end=span.end_char)
        entity = self._entity_at(ref.start, ref.end)
        if entity is not None:
            ref.entity, ref.name = entity.id, entity.name
        else:
            ref.name = self._name_of(start, end)
        return ref

    def _agent(self, head: Token) -> Token | None:
        """``estimates by X`` / ``an analysis by X``: X is the source."""
        if head.lower_ not in self.lex.agent_nouns and head.lemma_.lower() not in self.lex.agent_nouns:
            return None
        for child in head.rights:
            if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj
        return None

    @staticmethod
    def _named_apposition(head: Token) -> Token | None:
        """``The alliance's Secretary General, Mark Rutte``: the name in apposition names the source."""
        if head.ent_type_ == "PERSON":
            return None
        for child in head.rights:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                return child
        return None

    def _name_of(self, start: int, end: int, use_entities: bool = True) -> str:
        doc = self.doc
        for s, e in self._person_spans:
            if s >= start and e == end:
                return self.full_name(doc[s:e].text)
        if self._canonical is not None and use_entities:
            try:
                return self._canonical(doc, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))
            except Exception:  # noqa: BLE001 - a sibling module's failure must not lose the statement
                pass
        # "European Commission President Ursula von der Leyen": the name follows the last title word
        words = doc[start:end]
        if all(t.pos_ == "PROPN" or t.lower_ in self.lex.person_roles for t in words):
            last_role = max((t.i for t in words if t.lower_ in self.lex.person_roles), default=None)
            if last_role is not None and last_role + 1 < end:
                return self.full_name(doc[last_role + 1:end].text)
        return self.full_name(doc[start:end].text)

    def _is_description(self, head: Token) -> bool:
        """"the spokeswoman", "the newly installed Nato chief": a definite role noun, no name."""
        if head.pos_ != "NOUN" or head.lower_ not in self.lex.person_roles:
            return False
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in head.children):
            return False
        return not any(t.pos_ == "PROPN" and t.ent_type_ == "PERSON" for t in head.subtree)

    def _gender_of_words(self, span: Span) -> str | None:
        for t in span:
            if t.lower_ in self.lex.female_words:
                return "f"
            if t.lower_ in self.lex.male_words:
                return "m"
        return None

    # -- speaker tracking ----------------------------------------------------------------
    def _resolve_pronoun(self, head: Token, low: str) -> _Person | None:
        if low in _PERSON_PRONOUNS:
            return self._resolve_person(head.i, _PERSON_PRONOUNS[low])
        if low in _GROUP_PRONOUNS:
            return self._resolve_subject(head.i, plural=True)
        if low in _THING_PRONOUNS:
            return self._resolve_subject(head.i, plural=False)
        return None

    def _resolve_person(self, token_i: int, gender: str | None) -> _Person | None:
        here = self._sent_index(token_i)
        best, best_key = None, None
        for p in self.persons:
            if p.sent > here or here - p.sent > _LOOKBACK_SENTENCES:
                continue
            # in the pronoun's own sentence only an earlier subject ("X said he ...") qualifies
            if p.sent == here and (p.subject_depth is None or p.start >= self.doc[token_i].idx):
                continue
            known = self.gender.get(p.name)
            if gender and known and known != gender:
                continue
            depth = p.subject_depth if p.subject_depth is not None else 99
            key = (here - p.sent, depth, -p.start)
            if best_key is None or key < best_key:
                best, best_key = p, key
        return best

    def _resolve_subject(self, token_i: int, plural: bool) -> _Person | None:
        """The nearest earlier subject phrase: plural nouns for "they", organisations for "it"."""
        doc = self.doc
        here = self._sent_index(token_i)
        for si in range(here - 1, max(here - 3, -1), -1):
            start = self._sent_starts[si]
            end = self._sent_starts[si + 1] if si + 1 < len(self._sent_starts) else len(doc)
            for t in doc[start:end]:
                if t.dep_ not in _SUBJECT_DEPS or self.quotes.at(t.idx):
                    continue
                if plural and t.tag_ in ("NNS", "NNPS") and t.pos_ != "PRON":
                    pass
                elif not plural and t.ent_type_ in _ORG_LABELS:
                    pass
                else:
                    continue
                s, e = core_phrase(t)
                if s >= e:
                    continue
                name = self._name_of(s, e)
                return _Person(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), name, si, 0)
        return None

    # -- the entities extractor ------------------------------------------------------------
    def _entity_at(self, start: int, end: int):
        if self._entity_lookup is None:
            return None
        try:
            return self._entity_lookup(self.doc, start, end)
        except Exception:  # noqa: BLE001 - a sibling module's failure must not lose the statement
            return None

    @staticmethod
    def _add_mention(entity, ref: SourceRef) -> None:
        mentions = getattr(entity, "mentions", None)
        if mentions is None or any(m.start == ref.start and m.end == ref.end for m in mentions):
            return
        mentions.append(EntityMention(text=ref.text, start=ref.start, end=ref.end))
        mentions.sort(key=lambda m: m.start)
