"""corroborate: who claimed what, how many, when, and where news sources disagree."""
from __future__ import annotations

__version__ = "0.1.0"

from .analysis import analyze, analyze_articles
from .nlp.pipeline import load_pipeline
from .record.models import Record

__all__ = ["analyze", "analyze_articles", "load_pipeline", "Record", "__version__"]
