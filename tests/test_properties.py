"""Whatever text comes in, analyze returns a valid record whose spans index that text."""
import json

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import corroborate
from corroborate.record import schema

VALIDATOR = jsonschema.Draft202012Validator(schema.committed())
FRAGMENTS = st.sampled_from(
    ['"', "“", "”", "'", "‘", "’", "said", " he said, ", "according to", "at least", "about", "1,500", "£2.4bn",
     "40%", "on Monday", "last week", "\n", "\n\n", ". ", ", ", "—", "Mr Oduya", "thousands of", "between 3 and",
     "$", "-", "½", "٣", "二", "\u200b", "\t"]
)
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=60).map("".join),
)


def check(rec, text):
    data = json.loads(rec.model_dump_json())
    VALIDATOR.validate(data)
    for item in data["times"] + data["quantities"]:
        s, e = item["span"]
        assert text[s:e] == item["text"]
    for st_ in data["statements"]:
        for part in ("cue", "content"):
            s, e = st_[part]["span"]
            assert text[s:e] == st_[part]["text"]
        if st_["source"]:
            s, e = st_["source"]["span"]
            assert text[s:e] == st_["source"]["text"]
    for ent in data["entities"]:
        for m in ent["mentions"]:
            s, e = m["span"]
            assert text[s:e] == m["text"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, published=st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())))
def test_any_text_gives_a_valid_record(nlp, text, published):
    check(corroborate.analyze(text, published=published, nlp=nlp), text)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(word=st.sampled_from(["said", "1,500", '"', "troops"]), n=st.integers(2000, 6000))
def test_very_long_lines(nlp, word, n):
    text = (" ".join([word] * n)) + ' "unclosed quote, he said'
    check(corroborate.analyze(text, published="2026-03-01", nlp=nlp), text)
