"""Extractors: one module per concept. Each reads a spaCy Doc and returns plain data."""
