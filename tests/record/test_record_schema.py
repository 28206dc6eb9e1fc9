import json

import jsonschema

from corroborate.record import schema
from corroborate.record.models import Record


def test_committed_schema_matches_models():
    assert schema.committed() == schema.generate(), "run `make schema` and commit src/corroborate/record/schema.json"


def test_contract_fields_present():
    props = schema.generate()["properties"]
    for field in ("id", "title", "published", "outlet", "url", "text", "entities", "statements", "quantities", "times", "events"):
        assert field in props
    defs = schema.generate()["$defs"]
    assert {"source", "cue", "content", "direct", "via", "channel", "said_on"} <= set(defs["Statement"]["properties"])
    assert {"value", "low", "high", "bound", "unit", "counted", "predicate", "statement", "source"} <= set(
        defs["Quantity"]["properties"]
    )


def test_schema_rejects_a_bad_bound():
    rec = Record(id="a").model_dump(mode="json")
    rec["quantities"] = [{"id": "q1", "text": "5", "span": [0, 1], "value": 5, "bound": "roughly", "unit": "item"}]
    validator = jsonschema.Draft202012Validator(schema.committed())
    errors = list(validator.iter_errors(rec))
    assert errors and "roughly" in errors[0].message


def test_record_json_validates(nlp):
    import corroborate

    rec = corroborate.analyze("Officials said at least 12 people died on Monday.", published="2026-03-02", nlp=nlp)
    jsonschema.validate(json.loads(rec.model_dump_json()), schema.committed())


def test_headline_items_dropped_and_ids_stay_dense(nlp):
    import corroborate

    text = "Police say 40 people hurt in clash\nThe police said 40 people were hurt.\n"
    rec = corroborate.analyze(text, published="2026-03-02", nlp=nlp)
    assert rec.title == "Police say 40 people hurt in clash"
    assert [q.id for q in rec.quantities] == ["q1"] and rec.quantities[0].span[0] > len(rec.title)
    assert [s.id for s in rec.statements] == ["s1"]
    assert rec.quantities[0].statement == "s1"
