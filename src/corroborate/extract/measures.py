"""The measure of a figure: what it counts, whose it is, what is said of it, where and when.

Read from the parse, once, so that the ledger groups figures on these fields and never
re-derives them from strings (design.md, "Estimate groups"):

- ``head``: the lemma of the counted noun ("troop"); for a sum of money without one, the noun
  the sum is the amount of ("loss" in "a loss of $2bn", "debt" in "its debts stood at $3.2bn");
- ``kind``: the head's synonym class (``lexicons/measures.json``: troop, soldier and force are
  "troops"), else the head itself;
- ``modifiers``: what changes who is counted: nationalities and groups named on the head
  ("North Korean troops") and identity words ("civilian", "military");
- ``holder``: whose jobs, loans or losses: a possessive, a compound name, an "of"/"at" name
  on the head, else the subject of the verb the figure is the object of ("Ford will cut
  30,000 jobs"), as an entity of the article;
- ``predicate``: the class of what is said of it (``lexicons/predicates.json``: killed,
  wounded, deployed, spent, ...) from the verb the figure hangs from, the verbs chained to it
  ("killed or wounded", "confirmed killed") and the head; ``verb`` is that verb's lemma;
- ``place``: the place named for this very figure (its own "in France", else its verb's);
- ``period``: the time expression its own clause dates it by ("a $14.6bn loss in 2008",
  "by Monday", "since February 2022"), with the preposition relating it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import SENT_START
from spacy.tokens import Doc, Token

from ..lexicons import by_word, load
from .attribution_sources import opens_relative_clause
from .types import Measure, NamedRef, PeriodRef, TimeExpr

# Dependencies a figure's node climbs through to reach the verb that says something of it.
CLIMB = frozenset({"pobj", "prep", "conj", "appos", "nummod", "quantmod", "compound", "amod", "nmod", "cc", "npadvmod"})
# Verbs chained to the governing one that say more of the same figure.
_CHAINED = frozenset({"xcomp", "oprd", "acomp", "conj"})
# Clauses of their own: their places and times are not the figure's.
_OWN_CLAUSE = frozenset({"ccomp", "relcl", "advcl", "parataxis", "csubj", "mark"})
_VERBS = frozenset({"VERB", "AUX"})
_VERBS_OR_ADJ = _VERBS | {"ADJ"}
_CLAUSES = frozenset({"ROOT", "ccomp", "xcomp", "advcl", "relcl", "conj", "pcomp"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_DATED = frozenset({"DATE", "DURATION"})
_HOLDER_PRONOUNS = frozenset({"it", "its", "they", "their", "we", "our"})


@dataclass(frozen=True, slots=True)
class _Lexicon:
    kinds: dict[str, str]
    word_class: dict[str, str]
    class_order: dict[str, int]
    combine: tuple[tuple[frozenset[str], str], ...]
    identity: frozenset[str]
    amount_verbs: frozenset[str]
    cost_verbs: frozenset[str]
    amount_nouns: frozenset[str]
    part_words: frozenset[str]
    part_phrases: frozenset[tuple[str, str]]  # ("of", "which"): a preposition and the relative pronoun it governs
    place_preps: frozenset[str]
    place_nouns: frozenset[str]
    period_preps: frozenset[str]
    holder_preps: frozenset[str]
    holder_labels: frozenset[str]
    modifier_labels: frozenset[str]
    money_classes: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    m, p = load("measures.json"), load("predicates.json")
    kinds = {word: kind for kind, words in m["kinds"].items() for word in words}
    return _Lexicon(
        kinds=kinds,
        word_class=by_word(p["classes"]),
        class_order={c: i for i, c in enumerate(p["classes"])},
        money_classes=frozenset(p["money_classes"]),
        combine=tuple((frozenset(row[:-1]), row[-1]) for row in p["combine"]),
        identity=frozenset(p["identity_modifiers"]),
        amount_verbs=frozenset(m["amount_verbs"]),
        cost_verbs=frozenset(m["cost_verbs"]),
        amount_nouns=frozenset(m["amount_nouns"]),
        part_words=frozenset(w for w in m["part_words"] if " " not in w),
        part_phrases=frozenset(tuple(w.split()) for w in m["part_words"] if " " in w),
        place_preps=frozenset(m["place_prepositions"]),
        place_nouns=frozenset(m["place_nouns"]),
        period_preps=frozenset(m["period_prepositions"]),
        holder_preps=frozenset(m["holder_prepositions"]),
        holder_labels=frozenset(m["holder_labels"]),
        modifier_labels=frozenset(m["modifier_labels"]),
    )


def is_verb(tok: Token) -> bool:
    """A verb by its tag, or by its place in the parse: a clause head with an auxiliary or a
    subject ("the programme would cost £4bn", where the small model tags "cost" a noun)."""
    if tok.pos_ in _VERBS:
        return True
    return tok.dep_ in _CLAUSES and any(c.dep_ in ("aux", "nsubj", "nsubjpass") for c in tok.children)


def governor(node: Token, limit: int = 12) -> tuple[Token, Token | None]:
    """The topmost token of the phrase ``node`` is in, and the verb that phrase hangs from
    (None when it hangs from no verb)."""
    while node.dep_ in CLIMB and node.head.i != node.i and not is_verb(node.head) and limit:
        node, limit = node.head, limit - 1
    verb = node.head
    if verb.i == node.i or not is_verb(verb):
        return node, None
    return node, verb


def predicate_class(words: set[str], money: bool) -> str | None:
    """The predicate class the words signal (the first listed wins; combined classes combine);
    for a figure that is no sum of money, none that only money is said to be."""
    lex = lexicon()
    found = {lex.word_class[w] for w in words if w in lex.word_class}
    if not money:
        found -= lex.money_classes
    for parts, combined in lex.combine:
        if parts <= found:
            found = (found - parts) | {combined}
    if not found:
        return None
    return min(found, key=lex.class_order.__getitem__)


class MeasureReader:
    """Reads the measures of one Doc's figures; indexes its entities and times once."""

    def __init__(self, doc: Doc, sentence_starts=None):
        """``sentence_starts``: the Doc's sentence starts as one boolean array, when the caller
        has it already (the quantities reader does)."""
        self.doc = doc
        self.lex = lexicon()
        self.entity_at: dict[int, tuple[str, str, str]] = {}  # token -> (entity id, name, type)
        for ent in doc._.entities or []:
            for mention in ent.mentions:
                span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is None or span.root.pos_ == "PRON":
                    continue
                for tok in span:
                    self.entity_at.setdefault(tok.i, (ent.id, ent.name, ent.type))
        # Who says what: a pronoun naming the holder inside a statement ("Acme said it would cut
        # 3,000 jobs") names the statement's source.
        types = {e.id: (e.name, e.type) for e in doc._.entities or []}
        self.speakers = [(s.content.start, s.content.end, s.source.entity, *types[s.source.entity])
                         for s in doc._.statements or []
                         if s.source is not None and s.source.entity in types]
        # sentence number of each token, from the sentence starts in one array
        starts = (doc.to_array([SENT_START]) == 1) if sentence_starts is None else sentence_starts
        self.sentence_of = starts.cumsum() - 1
        self.time_at: dict[int, TimeExpr] = {}
        for t in doc._.times or []:
            if t.type in _DATED:
                span = doc.char_span(t.start, t.end, alignment_mode="expand")
                if span is not None:
                    for tok in span:
                        self.time_at.setdefault(tok.i, t)

    # -- the fields ----------------------------------------------------------------------

    def measure(self, start: int, end: int, head: int | None, money: bool, antecedent: int | None = None) -> Measure:
        """The measure of the figure at tokens ``[start, end)`` counting the noun at ``head``;
        ``antecedent``: the noun of an earlier figure that a bare one stands for ("about 8,000
        people took part; organisers said more than 40,000 had joined")."""
        doc = self.doc
        top = self._top(start, end)
        whose, through_verb = None, False
        if head is not None:
            own = doc[head]
        else:
            own, whose, through_verb = self._topic(top, money)
        noun = own if own is not None else (doc[antecedent] if antecedent is not None else None)
        # What is said of the figure is said in its own clause, even when its noun is elsewhere.
        node, verb = governor(own if own is not None else top)
        if node.dep_ == "conj" and verb is not None and node.head.i == verb.i:
            # "24 people were killed and more than 200 injured": the second figure's own verb
            verb = next((c for c in node.children if c.dep_ in ("acl", "amod") and is_verb(c)), None)
        told = next((c for c in (own or top).children if c.dep_ == "relcl" and is_verb(c)), None)
        if told is not None:
            verb = told  # "the $13.4 billion that it has already received": said by its own clause
        chain = self._chain(verb)
        lemma = _lemma(noun) if noun is not None else None
        kind = self.lex.kinds.get(lemma, lemma) if lemma else ("cost" if whose is not None else None)
        modifiers = self._modifiers(noun) if noun is not None else []
        group = self._group_of_people(noun)
        if group is not None:  # "40 Palestinians": people, of that group
            kind, modifiers = "people", sorted({*modifiers, group})
        return Measure(
            head=lemma,
            kind=kind,
            modifiers=modifiers,
            # Through a toll or total the verb's subject is who put the figure, not whose it is.
            holder=self._holder(own, node, None if through_verb else verb) or self._common_holder(whose),
            predicate=predicate_class(self._predicate_words(own, verb, end, chain), money),
            verb=verb.lemma_.lower() if verb is not None else None,
            place=self._place(top, own, chain),
            period=self._period(top, own, chain),
            part=self._is_part(top),
            sentence=int(self.sentence_of[start]),
        )

    def _top(self, start: int, end: int) -> Token:
        """The figure's token the rest of the sentence hangs it from."""
        doc = self.doc
        tok = doc[end - 1]
        seen = 0
        while start <= tok.head.i < end and tok.head.i != tok.i and seen < end - start:
            tok, seen = tok.head, seen + 1
        return tok

    def _topic(self, top: Token, money: bool) -> tuple[Token | None, Token | None, bool]:
        """What a figure with no counted noun is the number or amount of, and whose it is when
        the sentence says so by the verb ("the programme would cost £4bn": the programme's cost).

        "a loss of $2bn", "a $334 million deal"; "its debts stood at $3.2bn", "the number of people
        killed rose to 31", "put the death toll at 38"; a number or toll word gives way to what it
        counts ("the number of people killed": people). The flag says the noun was reached through
        the verb (its object or subject), whose subject then put the figure rather than holds it."""
        head = top.head
        topic = None
        in_noun = next((o for c in top.children if c.dep_ == "prep" and c.lower_ == "in"
                        for o in c.children if o.dep_ == "pobj" and o.pos_ == "NOUN"), None)
        if money and in_noun is not None:
            topic = in_noun  # "$13.4 billion in federal loans", "$5bn in aid"
        elif money and head.lower_ == "worth" and head.head.pos_ in _NOUNS:
            topic = head.head  # "loans worth US$17.4 billion"
        elif money and top.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in _NOUNS:
            topic = head.head
        elif money and top.dep_ in ("compound", "nummod", "amod", "nmod", "quantmod") and head.pos_ in _NOUNS \
                and head.i > top.i:
            topic = head
        else:
            verb = head.head if top.dep_ == "pobj" and head.dep_ == "prep" else head if top.dep_ in ("dobj", "attr") else None
            if verb is None or not is_verb(verb):
                return None, None, False
            lemma = verb.lemma_.lower()
            if top.dep_ == "pobj" and head.lower_ in ("at", "to"):
                # "estimated the total at £3bn", "put the bill at closer to £1bn", "revised its toll to 58"
                topic = next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ in _NOUNS), None)
            if topic is None and (lemma in self.lex.amount_verbs or money and lemma in self.lex.cost_verbs):
                subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subject is not None and opens_relative_clause(subject) and verb.dep_ in ("relcl", "ccomp"):
                    subject = _antecedent(verb)  # "a programme that she said would cost £2.4bn"
                if subject is not None and subject.pos_ not in _NOUNS:
                    subject = None
                if subject is not None and money and lemma in self.lex.cost_verbs:
                    return None, subject, False  # "the programme would cost £4bn": the programme's cost
                topic = subject
        if topic is not None and topic.lemma_.lower() in self.lex.amount_nouns:
            counted = next((o for c in topic.children if c.dep_ == "prep" and c.lower_ == "of"
                            for o in c.children if o.dep_ == "pobj" and o.pos_ in _NOUNS), None)
            if counted is not None:
                return counted, None, True  # "the number of people killed"
        return topic, None, topic is not None and topic.head.i != top.i and not (
            topic.dep_ == "pobj" or topic.i == top.head.i or top.head.lower_ == "worth")

    def _predicate_words(self, noun: Token | None, verb: Token | None, end: int, chain: list[Token]) -> set[str]:
        words: set[str] = set()

        def add(tok: Token) -> None:
            words.add(tok.lower_)
            words.add(tok.lemma_.lower())

        after = self.doc[end] if end < len(self.doc) else None
        if noun is None and after is not None and after.tag_ in ("JJ", "VBN"):
            add(after)  # "24 dead and over 200 injured"

        if noun is not None:
            add(noun)
            for c in noun.children:
                # "people injured in the blast"; not "killed one person, injured dozens", misparsed
                if c.dep_ in ("amod", "acl", "compound") and not _has_object(c):
                    add(c)
        if verb is not None:
            add(verb)
            chained = chain[1:2]
            for c in verb.children:
                if c.dep_ in ("dobj", "prt") and c.i == verb.i + 1:
                    words.add(f"{verb.lemma_.lower()} {c.lower_}")  # "take part", "turn out"
                if c.dep_ == "conj":
                    if is_verb(c) and not _has_object(c):
                        add(c)  # "killed or wounded": one figure for both
                elif c.dep_ in _CHAINED and c.pos_ in _VERBS_OR_ADJ or c in chained:
                    add(c)
                elif c.dep_ == "prt":
                    add(c)  # "laid off"
            if verb.dep_ in _CHAINED and verb.head.pos_ in _VERBS and not (verb.dep_ == "conj" and _has_object(verb.head)):
                add(verb.head)  # "were confirmed killed", "killed or wounded"
        return words

    def _entity(self, tok: Token | None, labels: frozenset[str]) -> NamedRef | None:
        """The entity of the article a token names, if it is one of ``labels``."""
        if tok is None:
            return None
        found = self.entity_at.get(tok.i)
        if found is None and tok.lemma_.lower() in self.lex.place_nouns:
            for c in tok.children:  # "the Kursk region"
                if c.dep_ in ("compound", "amod") and c.i in self.entity_at:
                    found = self.entity_at[c.i]
                    tok = c
                    break
        if found is None or found[2] not in labels:
            return None
        span = self._named_span(tok)
        return NamedRef(text=span.text, start=span.start_char, end=span.end_char, entity=found[0], name=found[1])

    def _named_span(self, tok: Token):
        doc, i, j = self.doc, tok.i, tok.i + 1
        ent = self.entity_at.get(tok.i)
        while i > 0 and self.entity_at.get(i - 1) == ent and doc[i - 1].dep_ != "case":
            i -= 1
        while j < len(doc) and self.entity_at.get(j) == ent and doc[j].dep_ != "case":
            j += 1
        return doc[i:j]

    def _group_of_people(self, noun: Token | None) -> str | None:
        if noun is None or noun.tag_ not in ("NNS", "NNPS"):
            return None
        found = self.entity_at.get(noun.i)
        if found is not None and found[2] in self.lex.modifier_labels:
            return _singular_name(found[1])
        return _singular_name(noun.text) if noun.ent_type_ in self.lex.modifier_labels else None

    def _modifiers(self, noun: Token) -> list[str]:
        mods: set[str] = set()
        if noun.lemma_.lower() in self.lex.identity:  # "civilians", "children"
            mods.add(noun.lemma_.lower())
        for c in noun.children:
            if c.dep_ not in ("amod", "compound", "nmod", "poss"):
                continue
            found = self.entity_at.get(c.i)
            if found is not None and found[2] in self.lex.modifier_labels:
                mods.add(_singular_name(found[1]))
            elif c.lemma_.lower() in self.lex.identity or c.lower_ in self.lex.identity:
                mods.add(c.lemma_.lower())
        return sorted(mods)

    def _holder(self, noun: Token | None, node: Token, verb: Token | None) -> NamedRef | None:
        labels = self.lex.holder_labels
        if noun is not None:
            for c in noun.children:
                if c.dep_ in ("poss", "compound") and c.i < noun.i:
                    found = self._entity(c, labels) or self._speaker(c)
                    if found is not None:
                        return found
            for _, obj in self._preps(noun, self.lex.holder_preps):
                found = self._entity(obj, labels)
                if found is not None:
                    return found
        if verb is None or node.dep_ in ("nsubj", "nsubjpass"):
            return None
        if verb.dep_ == "xcomp" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            verb = verb.head  # "Russia is said to have redeployed thousands of troops": Russia's
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass") or (c.dep_ == "agent" and node.dep_ != "agent"):
                subject = c if c.dep_ != "agent" else next((o for o in c.children if o.dep_ == "pobj"), None)
                if subject is not None and any(g.dep_ == "conj" for g in subject.children):
                    return None  # "GM and Chrysler were given loans": theirs together, no one holder
                found = self._entity(subject, labels) or self._speaker(subject)
                if found is not None:
                    return found
            elif c.dep_ == "dative":  # "the deal cost AMD $334 million"
                found = self._entity(c, labels)
                if found is not None:
                    return found
        return None

    def _speaker(self, tok: Token | None) -> NamedRef | None:
        """The source of the statement a pronoun ("it", "its", "we", "our", "they") says something
        in, when that source is an organisation or a state: "GM said it would cut 47,000 jobs"."""
        if tok is None or tok.lower_ not in _HOLDER_PRONOUNS:
            return None
        for start, end, entity, name, label in self.speakers:
            if start <= tok.idx < end and label in self.lex.holder_labels and label != "PERSON":
                return NamedRef(text=tok.text, start=tok.idx, end=tok.idx + len(tok.text), entity=entity, name=name)
        return None

    def _is_part(self, top: Token) -> bool:
        """A figure given as part of another: "$334 million, including $281 million in cash",
        "of which 40 were children", "among them 12 children"."""
        tok, steps = top, 0
        while tok.dep_ in ("pobj", "nummod", "quantmod", "compound", "appos", "conj") and tok.head.i != tok.i and steps < 4:
            tok, steps = tok.head, steps + 1
            if tok.lower_ in self.lex.part_words:
                return True
        _, verb = governor(top)
        for c in (*top.children, *(verb.children if verb is not None else ())):
            # "$334 million, of which $281 million will be paid in cash"
            if c.dep_ == "prep" and any((c.lower_, o.lower_) in self.lex.part_phrases for o in c.children):
                return True
        for c in top.children:
            # "23 of the dead", "two of the victims": part of a set already named
            if c.dep_ == "prep" and c.lower_ == "of":
                for o in c.children:
                    if o.dep_ == "pobj" and any(d.dep_ in ("det", "poss") and d.lower_ not in ("a", "an")
                                                for d in o.children):
                        return True
        return False

    def _common_holder(self, tok: Token | None) -> NamedRef | None:
        """A holder named by a common noun ("the programme"), or the entity it is a mention of."""
        if tok is None:
            return None
        found = self._entity(tok, self.lex.holder_labels)
        if found is not None:
            return found
        # "the programme" after "the Rural Renewal Programme": the one name the noun ends
        named = {(e.id, e.name) for e in self.doc._.entities or []
                 if e.name.split()[-1].lower() in (tok.lower_, tok.lemma_.lower())}
        if len(named) == 1:
            (entity, name), = named
            return NamedRef(text=tok.text, start=tok.idx, end=tok.idx + len(tok.text), entity=entity, name=name)
        return NamedRef(text=tok.lemma_.lower(), start=tok.idx, end=tok.idx + len(tok.text))

    def _preps(self, tok: Token | None, allowed: frozenset[str]):
        if tok is None:
            return
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in allowed:
                yield c, next((o for o in c.children if o.dep_ == "pobj"), None)

    def _chain(self, verb: Token | None) -> list[Token]:
        """The verb and the verbs chained to it ("sent to train in eastern Russia")."""
        out: list[Token] = []
        while verb is not None and len(out) < 4:
            out.append(verb)
            verb = next((c for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.pos_ in _VERBS
                         and not any(g.dep_ in ("mark", "nsubj", "nsubjpass") for g in c.children)), None)
        return out

    def _place(self, top: Token, noun: Token | None, chain: list[Token]) -> NamedRef | None:
        """The figure's own place first ("1,600 in Spain"), then its noun's, then its verbs'
        (``chain``: the verb and the verbs chained to it)."""
        places = frozenset({"GPE", "LOC", "FAC"})
        unnamed = None
        for tok in (top, noun, *chain):
            for prep, obj in self._preps(tok, self.lex.place_preps):
                if obj is None:
                    continue
                found = self._entity(obj, places)
                if found is not None:
                    return found
                if unnamed is None and obj.lemma_.lower() in self.lex.place_nouns:
                    span = self.doc[obj.left_edge.i:obj.i + 1]
                    unnamed = NamedRef(text=span.text, start=span.start_char, end=span.end_char)
        return unnamed

    def _period(self, top: Token, noun: Token | None, chain: list[Token]) -> PeriodRef | None:
        for tok in (top, noun, *chain):
            if tok is None:
                continue
            for c in tok.children:
                if c.dep_ in _OWN_CLAUSE:
                    continue
                relation, target = None, c
                if c.dep_ == "prep" and c.lower_ in self.lex.period_preps:
                    relation = c.lower_
                    target = next((o for o in c.children if o.dep_ == "pobj"), None)
                elif c.dep_ not in ("npadvmod", "tmod", "advmod", "pobj"):
                    continue
                t = self.time_at.get(target.i) if target is not None else None
                if t is not None and not (t.value or "").endswith("_REF"):  # "now", "recently": no period
                    return PeriodRef(text=t.text, start=t.start, end=t.end, value=t.value, type=t.type,
                                     relation=relation)
        return None


def _antecedent(verb: Token) -> Token | None:
    """The noun a relative clause (or a clause said inside one) is about."""
    tok = verb
    for _ in range(3):
        if tok.dep_ == "relcl":
            return tok.head
        tok = tok.head
    return None


def _singular_name(name: str) -> str:
    """A group's name as a modifier: "Palestinians" and "Palestinian" are one ("Swiss" stays)."""
    name = name.lower()
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


def _has_object(verb: Token) -> bool:
    """A verb with an object of its own says something of that, not of a figure it is joined to
    ("killing five people and injuring dozens")."""
    return any(c.dep_ in ("dobj", "nsubjpass", "attr", "oprd") for c in verb.children)


def _lemma(tok: Token) -> str:
    lemma = tok.lemma_.lower()
    return "person" if lemma in ("people", "persons") else lemma
