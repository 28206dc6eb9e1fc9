"""The record's JSON Schema, generated from the models (``python -m corroborate.record.schema``)."""
from __future__ import annotations

import json
from importlib import resources

from .models import Record

SCHEMA_ID = "https://corroborate.invalid/schema/record.json"


def generate() -> dict:
    schema = Record.model_json_schema()
    schema["$id"] = SCHEMA_ID
    schema["title"] = "corroborate analysis record"
    return schema


def dumps() -> str:
    return json.dumps(generate(), indent=2, sort_keys=True) + "\n"


def committed() -> dict:
    return json.loads(resources.files(__package__).joinpath("schema.json").read_text("utf-8"))


if __name__ == "__main__":
    print(dumps(), end="")
