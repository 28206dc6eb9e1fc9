"""The bench, eval and training scripts import the package lazily (inside main(), after their
arguments are read), so a module moved inside corroborate breaks them only when they run, long
after the change. Every ``from corroborate... import name`` they hold must name a module and a
name that exist."""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(p for folder in ("bench", "eval", "train") for p in (ROOT / folder).glob("*.py"))


def _package_imports(path: Path) -> list[tuple[int, str, list[str]]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("corroborate"):
            found.append((node.lineno, node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, a.name, []) for a in node.names if a.name.startswith("corroborate"))
    return found


def test_scripts_are_found():
    names = {p.name for p in SCRIPTS}
    assert {"run.py", "long.py", "joining.py"} <= names


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_script_imports_exist(script: Path):
    missing = []
    for line, module, names in _package_imports(script):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as e:
            missing.append(f"{script.name}:{line}: {module} ({e})")
            continue
        for name in names:
            if not hasattr(mod, name):
                try:
                    importlib.import_module(f"{module}.{name}")
                except ModuleNotFoundError:
                    missing.append(f"{script.name}:{line}: {module}.{name}")
    assert not missing, "\n".join(missing)
