from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__import__("os").environ.get("CORROBORATE_SHARED", ROOT.parent / "shared"))
KURSK = SHARED / "examples" / "kursk-2024-10-28.txt"

needs_shared = pytest.mark.skipif(
    not (SHARED / "examples").exists(), reason=f"shared data not found at {SHARED} (set CORROBORATE_SHARED)"
)


@pytest.fixture(scope="session")
def nlp():
    import corroborate

    return corroborate.load_pipeline()
