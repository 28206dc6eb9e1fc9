"""spaCy beneath the extractors: the Doc extensions they read and write, and the components that
mend the model's output before them (paragraph breaks, place names)."""
