"""The analysis record: the contract every interface shares."""
from .models import Content, Counted, Cue, Entity, Mention, Quantity, Record, SaidOn, Source, Statement, TimeExpression

__all__ = [
    "Content", "Counted", "Cue", "Entity", "Mention", "Quantity", "Record", "SaidOn", "Source",
    "Statement", "TimeExpression",
]
