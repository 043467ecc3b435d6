"""The Cypher query library: one query per file in ``queries/``.

A query file starts with a header of ``//`` comments::

    // title: Organizations in a country
    // description: Organizations located in the given country.
    // param country: ISO 3166-1 alpha-2 code of the country.
    // returns: id, name, roles
    // example: {"country": "MA"}
    // mode: read

``title``, ``description`` and ``returns`` are required; ``param`` lines
document each ``$parameter``; ``example`` gives parameter values that the
tests run the query with; ``mode`` is ``read`` (default) or ``write``.

Where Neo4j and FalkorDB need different text, ``name.neo4j.cypher`` and
``name.falkordb.cypher`` stand side by side (both required, with the same
header); otherwise ``name.cypher`` serves both dialects. Parameters are read
from the text itself.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import queries
from graph.errors import ParameterError, QueryNotFound

__all__ = ["DIALECTS", "QUERIES_DIR", "Query", "get_query", "library", "load_library", "parameters_of", "statements"]

DIALECTS = ("neo4j", "falkordb")
QUERIES_DIR = Path(queries.__file__).resolve().parent

_HEADER = re.compile(r"^//\s*(title|description|returns|example|mode|param)\b\s*([A-Za-z_][A-Za-z0-9_]*)?\s*:\s*(.*)$")
# Strings, comments and backquoted names are removed before looking for $params.
_STRIP = re.compile(
    r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|//[^\n]*|/\*.*?\*/""",
    re.DOTALL,
)
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def parameters_of(text: str) -> frozenset[str]:
    """Return the names of the ``$parameters`` a Cypher text uses.

    Examples
    --------
    >>> sorted(parameters_of("MATCH (o {id: $id}) // $not_this\\nRETURN '$nor_this', $limit"))
    ['id', 'limit']
    """
    return frozenset(_PARAM.findall(_STRIP.sub(" ", text)))


@dataclass(frozen=True)
class Query:
    """A named query and its dialect texts."""

    name: str
    title: str
    description: str
    returns: tuple[str, ...]
    texts: dict[str, str]
    files: dict[str, Path]
    params: frozenset[str]
    param_help: dict[str, str] = field(default_factory=dict)
    example: dict = field(default_factory=dict)
    mode: str = "read"

    @property
    def is_write(self) -> bool:
        return self.mode == "write"

    def text(self, dialect: str) -> str:
        return self.texts[dialect]

    def check_params(self, params: dict) -> None:
        """Refuse missing or unexpected parameters, naming them."""
        given = set(params)
        missing = sorted(self.params - given)
        unexpected = sorted(given - self.params)
        if missing or unexpected:
            parts = []
            if missing:
                parts.append("missing " + ", ".join(f"${p}" for p in missing))
            if unexpected:
                parts.append("unexpected " + ", ".join(f"${p}" for p in unexpected))
            expected = ", ".join(f"${p}" for p in sorted(self.params)) or "none"
            raise ParameterError(f"query {self.name!r}: {'; '.join(parts)} (it takes: {expected})")


def _parse_header(path: Path, text: str) -> dict:
    header: dict = {"param": {}}
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("//"):
            if line:
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, arg, value = m.group(1), m.group(2), m.group(3).strip()
        if key == "param":
            header["param"][arg] = value
        elif arg:
            continue
        else:
            header[key] = value
    for required in ("title", "description", "returns"):
        if not header.get(required):
            raise ValueError(f"{path}: the header lacks '// {required}: ...'")
    if "example" in header:
        try:
            header["example"] = json.loads(header["example"])
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}: '// example:' is not valid JSON: {e}") from None
    return header


def _load(path: Path, name: str, files: dict[str, Path]) -> Query:
    texts = {d: f.read_text(encoding="utf-8") for d, f in files.items()}
    headers = {d: _parse_header(f, texts[d]) for d, f in files.items()}
    h = headers[DIALECTS[0]]
    params = {d: parameters_of(t) for d, t in texts.items()}
    if params["neo4j"] != params["falkordb"]:
        raise ValueError(f"{path}: the dialect forms of {name!r} take different parameters")
    undocumented = sorted(params["neo4j"] - set(h["param"]))
    if undocumented:
        raise ValueError(f"{path}: parameters without a '// param NAME: ...' line: {', '.join(undocumented)}")
    mode = h.get("mode", "read")
    if mode not in ("read", "write"):
        raise ValueError(f"{path}: mode must be read or write, not {mode!r}")
    return Query(
        name=name,
        title=h["title"],
        description=h["description"],
        returns=tuple(c.strip() for c in h["returns"].split(",") if c.strip() and c.strip() != "nothing"),
        texts=texts,
        files=files,
        params=params["neo4j"],
        param_help=dict(h["param"]),
        example=h.get("example", {}),
        mode=mode,
    )


def load_library(directory: Path = QUERIES_DIR) -> dict[str, Query]:
    """Read every query of a folder, keyed by name.

    Raises ``ValueError`` naming the file when a header is incomplete, a
    dialect form lacks its pair, or the forms disagree on parameters.
    """
    by_name: dict[str, dict[str, Path]] = {}
    for path in sorted(directory.glob("*.cypher")):
        parts = path.name[: -len(".cypher")].split(".")
        if len(parts) == 1:
            by_name.setdefault(parts[0], {})["*"] = path
        elif len(parts) == 2 and parts[1] in DIALECTS:
            by_name.setdefault(parts[0], {})[parts[1]] = path
        else:
            raise ValueError(f"{path}: name a query NAME.cypher or NAME.<{'|'.join(DIALECTS)}>.cypher")
    library = {}
    for name, forms in sorted(by_name.items()):
        if "*" in forms and len(forms) > 1:
            raise ValueError(f"{forms['*']}: {name!r} has both a common form and dialect forms")
        if "*" in forms:
            files = {d: forms["*"] for d in DIALECTS}
        else:
            lacking = [d for d in DIALECTS if d not in forms]
            if lacking:
                present = next(iter(forms.values()))
                raise ValueError(f"{present}: {name!r} lacks its {' and '.join(lacking)} form")
            files = {d: forms[d] for d in DIALECTS}
        library[name] = _load(files["neo4j"], name, files)
    return library


@cache
def library() -> dict[str, Query]:
    """The project's query library (read once per process)."""
    return load_library(QUERIES_DIR)


def get_query(name: str) -> Query:
    """Return the named query, or raise ``QueryNotFound`` with close names."""
    queries = library()
    if name in queries:
        return queries[name]
    import difflib

    close = difflib.get_close_matches(name, list(queries), n=3)
    hint = f" Did you mean: {', '.join(close)}?" if close else " See `partnernet query --list`."
    raise QueryNotFound(f"no query named {name!r} in the library.{hint}")


def statements(text: str) -> list[str]:
    """Split a file's text into statements at ``;`` ending a line, comments dropped.

    Examples
    --------
    >>> statements("// header\\nCREATE INDEX A;\\nCREATE INDEX B;\\n")
    ['CREATE INDEX A', 'CREATE INDEX B']
    """
    body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    return [s.strip() for s in re.split(r";\s*(?:\n|$)", body) if s.strip()]
