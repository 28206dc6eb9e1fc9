"""Statements from the tagger's spans: how proposals are joined with the rules' statements.

The spans are set by hand on a document parsed without the tagger, so each test fixes exactly
what the tagger proposed and checks only the statements component's decisions.
"""
from __future__ import annotations

import datetime

from corroborate.extract.statements import extract_statements
from corroborate.extract.tagger import TaggedSpan


def tagged(nlp, text: str, proposals: list[tuple[str, str]]):
    """Statements of ``text`` when the tagger proposes (label, exact words) spans."""
    doc = nlp.make_doc(text)
    doc._.published = datetime.date(2025, 3, 3)
    for name, proc in nlp.pipeline:
        if name == "corroborate_statements":
            break
        doc = proc(doc)
    spans = []
    for label, words in proposals:
        start = text.index(words)
        spans.append(TaggedSpan(label, start, start + len(words), 0.9))
    doc._.attribution_spans = spans
    return extract_statements(doc)


def test_tagged_cue_outside_the_lexicon_becomes_a_statement_with_its_tagged_source(fast_nlp):
    text = "The harbour master hinted that the quay would close in June."
    found = tagged(fast_nlp, text, [("source", "The harbour master"), ("cue", "hinted"),
                                    ("content", "that the quay would close in June")])
    assert [(s.source.text, s.cue.text, s.content.text) for s in found] == [
        ("The harbour master", "hinted", "that the quay would close in June")]


def test_without_a_tagged_source_the_cue_verbs_subject_is_the_source(fast_nlp):
    text = "Ms Orlen hinted that the quay would close in June."
    found = tagged(fast_nlp, text, [("cue", "hinted"), ("content", "that the quay would close in June")])
    assert len(found) == 1
    assert found[0].source.text == "Ms Orlen"


def test_without_a_tagged_source_a_noun_cue_has_none(fast_nlp):
    text = "Rumours that the quay would close in June spread quickly."
    found = tagged(fast_nlp, text, [("cue", "Rumours"), ("content", "that the quay would close in June")])
    assert len(found) == 1
    assert found[0].source is None and found[0].cue.text == "Rumours"


def test_a_cue_the_rules_found_is_not_proposed_twice(fast_nlp):
    text = "The harbour master said that the quay would close in June."
    found = tagged(fast_nlp, text, [("source", "The harbour master"), ("cue", "said"),
                                    ("content", "the quay would close")])
    assert len(found) == 1 and found[0].cue.text == "said"
    assert found[0].content.text == "that the quay would close in June"


def test_a_second_cue_for_the_same_content_is_not_a_second_statement(fast_nlp):
    # "said" and "statement" share one content: the tagger's extra cue adds nothing
    text = "The harbour master said in a statement that the quay would close in June."
    found = tagged(fast_nlp, text, [("cue", "statement"), ("content", "that the quay would close in June")])
    assert [(s.cue.text, s.content.text) for s in found] == [("said", "that the quay would close in June")]


def test_a_nested_attribution_inside_another_statement_is_kept(fast_nlp):
    text = "The harbour master said that the ferry company hinted that the quay would close in June."
    found = tagged(fast_nlp, text, [("source", "the ferry company"), ("cue", "hinted"),
                                    ("content", "that the quay would close in June")])
    assert [(s.cue.text, s.source.text) for s in found] == [("said", "The harbour master"),
                                                           ("hinted", "the ferry company")]
    assert found[1].content.text == "that the quay would close in June"


def test_a_tagged_intention_with_its_source_is_a_statement(fast_nlp):
    text = "The harbour master wants the quay to close in June."
    found = tagged(fast_nlp, text, [("source", "The harbour master"), ("cue", "wants"),
                                    ("content", "the quay to close in June")])
    assert [(s.source.text, s.cue_lemma, s.content.text) for s in found] == [
        ("The harbour master", "want", "the quay to close in June")]


def test_appearance_is_never_a_statement_even_when_tagged(fast_nlp):
    text = "The harbour master seems to think the quay will close in June."
    found = tagged(fast_nlp, text, [("source", "The harbour master"), ("cue", "seems"),
                                    ("content", "the quay will close in June")])
    assert all(s.cue_lemma != "seem" for s in found)


def test_a_cue_inside_a_quotation_belongs_to_the_quoted_speaker(fast_nlp):
    text = '"They hinted the quay would close," the harbour master said.'
    found = tagged(fast_nlp, text, [("source", "They"), ("cue", "hinted"), ("content", "the quay would close")])
    assert [s.cue.text for s in found] == ["said"]
    assert found[0].content.text == '"They hinted the quay would close,"'


def test_a_noun_cue_between_two_pieces_of_content_is_a_wrong_link(fast_nlp):
    text = "The quay closed in June, following reports that the ferries had stopped."
    found = tagged(fast_nlp, text, [("content", "The quay closed in June"), ("cue", "reports"),
                                    ("content", "that the ferries had stopped")])
    assert found == []


def test_a_one_word_fragment_of_a_broken_phrase_is_not_content(fast_nlp):
    text = "The harbour master added his voice to the protest."
    found = tagged(fast_nlp, text, [("source", "The harbour master"), ("cue", "added"), ("content", "his")])
    assert found == []


def test_a_one_word_content_that_is_said_is_kept(fast_nlp):
    text = "The harbour master hinted otherwise."
    found = tagged(fast_nlp, text, [("source", "The harbour master"), ("cue", "hinted"), ("content", "otherwise")])
    assert [(s.cue.text, s.content.text) for s in found] == [("hinted", "otherwise")]
