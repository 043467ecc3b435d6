"""The Neo4j check of the query library, with Neo4j's own Cypher front end.

Every Neo4j form of every query in ``queries/`` goes, in one ``node`` process, through
``@neo4j-cypher/language-support`` (``tests/cypher_lint/lint.mjs``): syntax and semantic errors
(unclosed patterns, undefined variables, ...) fail the test without a Neo4j server.

Needs ``node`` and ``npm ci --prefix tests/cypher_lint``. A missing install fails the tests rather
than skipping them; set ``PARTNERNET_SKIP_NEO4J_LINT=1`` to opt out explicitly.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import warnings
from functools import cache
from pathlib import Path

import pytest

from graph.store.library import QUERIES_DIR, load_library

ROOT = Path(__file__).resolve().parent.parent
LINT_DIR = ROOT / "tests" / "cypher_lint"
LINT_SCRIPT = LINT_DIR / "lint.mjs"
FRONT_END = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support"
BROKEN_QUERIES = ROOT / "tests" / "fixtures" / "broken_queries"
INSTALL_HINT = "run `npm ci --prefix tests/cypher_lint` (needs node and npm)"
SKIP_ENV = "PARTNERNET_SKIP_NEO4J_LINT"


def _shown(path: Path) -> str:
    """A path relative to the repository when it is inside it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def run_linter(items: list[dict]) -> list[dict]:
    """Lint ``{file, text, params}`` items in one node process; return its diagnostics.

    Each diagnostic is ``{file, severity, line, column, message}``, ``severity`` being
    ``"error"`` or ``"warning"``, ``line`` and ``column`` 1-based.
    """
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1: the Neo4j lint of the query library is switched off")
    node = shutil.which("node")
    if node is None:
        pytest.fail(f"`node` is not on PATH: the Neo4j lint needs Node.js; install it, then {INSTALL_HINT}.")
    if not FRONT_END.is_dir():
        pytest.fail(f"{_shown(FRONT_END)} is missing: {INSTALL_HINT}.")
    proc = subprocess.run(
        [node, str(LINT_SCRIPT)],
        input=json.dumps(items),
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=LINT_DIR,
        timeout=300,
    )
    if proc.returncode != 0:
        pytest.fail(f"{_shown(LINT_SCRIPT)} failed to run (exit {proc.returncode}):\n{proc.stderr}{proc.stdout}")
    return json.loads(proc.stdout)


def neo4j_items(directory: Path) -> list[dict]:
    """The Neo4j form of every query of a library folder, as linter input (FalkorDB forms left out)."""
    return [
        {"file": _shown(q.files["neo4j"]), "text": q.text("neo4j"), "params": sorted(q.params)}
        for q in load_library(directory).values()
    ]


def lint_library(directory: Path) -> tuple[list[dict], list[dict]]:
    """Lint the Neo4j forms of a library folder: return ``(items sent, diagnostics)``."""
    items = neo4j_items(directory)
    return items, run_linter(items)


@cache
def _broken_lint() -> tuple[list[dict], list[dict]]:
    """The fixture library linted once for the tests that read it."""
    return lint_library(BROKEN_QUERIES)


def _listing(diagnostics: list[dict]) -> str:
    return "\n".join(f"  {d['file']}:{d['line']}:{d['column']}: {d['severity']}: {d['message']}" for d in diagnostics)


def test_neo4j_forms_of_the_library_have_no_errors():
    items, diagnostics = lint_library(QUERIES_DIR)
    assert items, f"no query found in {_shown(QUERIES_DIR)}: the Neo4j lint checked nothing"
    errors = [d for d in diagnostics if d["severity"] == "error"]
    assert not errors, f"Neo4j's Cypher front end rejects {len(errors)} place(s) in the query library:\n" + _listing(
        errors
    )
    others = [d for d in diagnostics if d["severity"] != "error"]
    if others:
        warnings.warn(f"Neo4j's Cypher front end warns about the query library:\n{_listing(others)}", stacklevel=1)


def test_the_lint_reports_a_broken_query():
    items, diagnostics = _broken_lint()
    linted = {i["file"] for i in items}
    broken, valid = _shown(BROKEN_QUERIES / "broken.cypher"), _shown(BROKEN_QUERIES / "valid.cypher")
    assert {broken, valid} <= linted
    errors = [d for d in diagnostics if d["severity"] == "error"]
    broken_errors = [d for d in errors if d["file"] == broken]
    assert broken_errors, f"the unclosed pattern in {broken} went unreported; got:\n{_listing(diagnostics)}"
    # Header lines 1-3, then `MATCH (o:Organization RETURN o`: the parser stops at RETURN.
    assert (broken_errors[0]["line"], broken_errors[0]["column"]) == (4, 23)
    assert "RETURN" in broken_errors[0]["message"]
    # The valid query, whose $id is declared, is not reported; nor is any file but the broken one.
    assert {d["file"] for d in errors} == {broken}, _listing(errors)
    assert not [d for d in diagnostics if d["file"] == valid], _listing(diagnostics)


def test_an_undeclared_parameter_is_an_error():
    # Guards the dbSchema.parameters wiring of lint.mjs: declared names pass, others do not.
    diagnostics = run_linter(
        [{"file": "params.cypher", "text": "MATCH (o {id: $id}) RETURN o LIMIT $limit", "params": ["id"]}]
    )
    assert [(d["severity"], d["message"]) for d in diagnostics] == [("error", "Parameter $limit is not defined.")]


def test_falkordb_forms_are_not_sent_to_the_neo4j_linter():
    items, diagnostics = _broken_lint()
    falkordb = _shown(BROKEN_QUERIES / "dialects.falkordb.cypher")
    neo4j = _shown(BROKEN_QUERIES / "dialects.neo4j.cypher")
    linted = [i["file"] for i in items]
    assert neo4j in linted and falkordb not in linted
    assert not [d for d in diagnostics if d["file"] in (neo4j, falkordb)], _listing(diagnostics)
    # The FalkorDB form is invalid Neo4j Cypher: had it been sent, it would have been reported.
    text = (BROKEN_QUERIES / "dialects.falkordb.cypher").read_text(encoding="utf-8")
    sent_anyway = run_linter([{"file": falkordb, "text": text, "params": ["country"]}])
    assert [d for d in sent_anyway if d["severity"] == "error"]
