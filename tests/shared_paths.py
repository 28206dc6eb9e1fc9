"""Where ../shared is, and the skip mark for tests that need it (it is absent in a user's clone)."""
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CORROBORATE_SHARED", ROOT.parent / "shared"))

needs_shared = pytest.mark.skipif(
    not (SHARED / "examples").exists(), reason=f"shared data not found at {SHARED} (set CORROBORATE_SHARED)"
)
