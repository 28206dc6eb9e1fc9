"""corroborate: who claimed what, how many, when, and where news sources disagree."""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["analyze", "analyze_articles", "load_pipeline", "Record", "__version__"]

# Imported on first use, so that commands which only query the ledger do not load spaCy.
_LAZY = {
    "analyze": "corroborate.analysis",
    "analyze_articles": "corroborate.analysis",
    "load_pipeline": "corroborate.analysis.pipeline",
    "Record": "corroborate.record.models",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'corroborate' has no attribute {name!r}")
