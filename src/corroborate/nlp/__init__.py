"""spaCy: the model and corroborate's registered components."""
from .pipeline import MODEL, build_pipeline, load_pipeline

__all__ = ["MODEL", "build_pipeline", "load_pipeline"]
