"""The Cypher query library: one query per file in ``queries/``.

A query file starts with a header of ``//`` comments::

    // title: Organizations in a country
    // title.fr: Organisations d'un pays
    // description: Organizations located in the given country.
    // description.fr: Les organisations situées dans le pays donné.
    // group: network
    // param country (text): ISO 3166-1 alpha-2 code of the country.
    // param.fr country: Code ISO 3166-1 alpha-2 du pays.
    // param limit (integer or null): Most rows returned; null for all.
    // returns: id, name, roles
    // example: {"country": "MA", "limit": 50}
    // mode: read

``title``, ``description`` and ``returns`` are required; ``param`` lines
document each ``$parameter`` and may give its type in parentheses (one of
:data:`TYPES`; ``or null`` when null is allowed); ``example`` gives
parameter values that the tests run the query with; ``mode`` is ``read``
(default) or ``write``. ``title.fr``, ``description.fr`` and ``param.fr``
say the same in French.

Who a query is for: ``// audience: internal`` marks a query that the
loader, the analytics or the pages use; it is left out of the analysts'
library (the ``/library`` page, the console's list, ``partnernet query
--list``) but still runs by name. Write queries are always internal. The
others are the analysts' queries, listed under their ``group`` (one of
:data:`GROUPS`); tests/test_queries.py checks that each has a group, a French
title and description and a type for every parameter.

Where Neo4j and FalkorDB need different text, ``name.neo4j.cypher`` and
``name.falkordb.cypher`` stand side by side (both required, with the same
header); otherwise ``name.cypher`` serves both dialects. Parameters are read
from the text itself.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import queries
from graph.errors import ParameterError, QueryNotFound
from graph.text import Message

__all__ = [
    "AUDIENCES",
    "DIALECTS",
    "GROUPS",
    "OTHER_GROUP",
    "QUERIES_DIR",
    "TYPES",
    "Parameter",
    "Query",
    "analyst_queries",
    "get_query",
    "library",
    "load_library",
    "parameters_of",
    "statements",
]

DIALECTS = ("neo4j", "falkordb")
QUERIES_DIR = Path(queries.__file__).resolve().parent
AUDIENCES = ("analyst", "internal")

#: A parameter's type, as a ``param`` line gives it, and its name for people. ``json`` (no type given) takes
#: any JSON value: only internal queries may leave a parameter untyped.
TYPES: dict[str, Message] = {
    "text": Message("text"),
    "integer": Message("whole number"),
    "number": Message("number"),
    "boolean": Message("yes or no"),
    "list": Message("list, comma-separated"),
    "json": Message("JSON value"),
}

#: The analysts' queries by the question they answer, in the library's order (``// group: KEY``).
GROUPS: dict[str, Message] = {
    "network": Message("Who is in the network"),
    "cooperation": Message("Who leads and who works with whom"),
    "funding": Message("Who funds what"),
    "agreements": Message("Which agreements to renew or sign"),
    "gaps": Message("What is missing"),
    "paths": Message("How to reach an organization"),
}
#: Where an analyst query without a group is listed.
OTHER_GROUP = Message("Other queries")

_KEYS = "title|description|returns|example|mode|param|group|audience"
_HEADER = re.compile(
    rf"^//\s*(?P<key>{_KEYS})(?:\.(?P<lang>fr))?\b\s*(?P<arg>[A-Za-z_][A-Za-z0-9_]*)?"
    r"\s*(?:\((?P<type>[^)]*)\))?\s*:\s*(?P<value>.*)$"
)
_TRANSLATED = ("title", "description", "param")
# Strings, comments and backquoted names are removed before looking for $params.
_STRIP = re.compile(
    r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|//[^\n]*|/\*.*?\*/""",
    re.DOTALL,
)
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_INTEGER = re.compile(r"[+-]?\d+")
_TRUE = frozenset({"true", "yes", "on", "1", "oui", "vrai"})
_FALSE = frozenset({"false", "no", "off", "0", "non", "faux"})


def parameters_of(text: str) -> frozenset[str]:
    """Return the names of the ``$parameters`` a Cypher text uses.

    Examples
    --------
    >>> sorted(parameters_of("MATCH (o {id: $id}) // $not_this\\nRETURN '$nor_this', $limit"))
    ['id', 'limit']
    """
    return frozenset(_PARAM.findall(_STRIP.sub(" ", text)))


def _shown(value: Any) -> str:
    """A value as an error message quotes it (strings quoted, long ones cut)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class Parameter:
    """A ``$parameter`` of a query: its declared type, whether it may be null, and its help.

    :meth:`convert` turns what a form or a command line gives (text) or a JSON
    client sends into a value of that type, or raises :class:`ParameterError`
    naming the parameter.

    Examples
    --------
    >>> Parameter("limit", "integer").convert(" 25 ")
    25
    >>> Parameter("ids", "list").convert("cnam, afd,")
    ['cnam', 'afd']
    >>> Parameter("country", "text", nullable=True).convert("")
    >>> Parameter("limit", "integer").convert("abc")
    Traceback (most recent call last):
    ...
    graph.errors.ParameterError: $limit must be a whole number, not 'abc'
    """

    name: str
    type: str = "json"
    nullable: bool = False
    help: str = ""
    help_fr: str = ""

    def convert(self, value: Any) -> Any:
        """``value`` as this parameter's type (text is parsed); ``None`` where null is allowed."""
        if isinstance(value, str) and self.type != "json":
            value = value.strip()
            if value == "" or (self.nullable and value.lower() == "null"):
                value = None
        if value is None:
            if self.nullable or self.type == "json":
                return None
            raise ParameterError(Message("$%(param)s needs a value (%(type)s)", param=self.name, type=TYPES[self.type]))
        return getattr(self, f"_{self.type}")(value)

    def as_text(self, value: Any) -> str:
        """``value`` as a form field shows it (what :meth:`convert` reads back).

        >>> Parameter("ids", "list").as_text(["cnam", "afd"]), Parameter("on", "boolean").as_text(True)
        ('cnam, afd', 'true')
        """
        if value is None:
            return ""
        if self.type == "list" and isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        if self.type == "json" or isinstance(value, list | dict) or isinstance(value, bool):
            return json.dumps(value, ensure_ascii=False)
        return str(value)

    def _text(self, value: Any) -> str:
        if not isinstance(value, str):
            raise ParameterError(
                Message("$%(param)s must be text, not %(value)s", param=self.name, value=_shown(value))
            )
        return value

    def _integer(self, value: Any) -> int:
        if isinstance(value, str) and _INTEGER.fullmatch(value):
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise ParameterError(
            Message("$%(param)s must be a whole number, not %(value)s", param=self.name, value=_shown(value))
        )

    def _number(self, value: Any) -> int | float:
        number: Any = value
        if isinstance(value, str):
            try:
                number = float(value if "." in value else value.replace(",", "."))
            except ValueError:
                number = None
        if isinstance(number, int | float) and not isinstance(number, bool) and math.isfinite(number):
            return number
        raise ParameterError(
            Message("$%(param)s must be a number, not %(value)s", param=self.name, value=_shown(value))
        )

    def _boolean(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
            return value.lower() in _TRUE
        raise ParameterError(
            Message("$%(param)s must be true or false, not %(value)s", param=self.name, value=_shown(value))
        )

    def _list(self, value: Any) -> list[str]:
        items: Any = value
        if isinstance(value, str):
            try:
                items = json.loads(value) if value.startswith("[") else re.split(r"[,\n]", value)
            except ValueError:
                items = None
            if isinstance(items, list) and all(isinstance(i, str) for i in items):
                items = [i.strip() for i in items if i.strip()]
        if isinstance(items, list | tuple) and all(isinstance(i, str) for i in items):
            return list(items)
        raise ParameterError(
            Message("$%(param)s must be a list of texts (a, b, c), not %(value)s", param=self.name, value=_shown(value))
        )

    def _json(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value  # plain text is a string
        return value


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
    parameters: dict[str, Parameter] = field(default_factory=dict)
    example: dict = field(default_factory=dict)
    mode: str = "read"
    title_fr: str = ""
    description_fr: str = ""
    group: str | None = None
    audience: str = "analyst"

    @property
    def is_write(self) -> bool:
        return self.mode == "write"

    @property
    def internal(self) -> bool:
        """Left out of the analysts' library: marked ``// audience: internal``, or a write."""
        return self.is_write or self.audience == "internal"

    def text(self, dialect: str) -> str:
        return self.texts[dialect]

    def parameter(self, name: str) -> Parameter:
        """The parameter ``name`` (untyped, ``json``, where its ``param`` line gives no type)."""
        return self.parameters.get(name) or Parameter(name)

    def check_params(self, params: dict) -> None:
        """Refuse missing or unexpected parameters, naming them."""
        given = set(params)
        missing = ", ".join(f"${p}" for p in sorted(self.params - given))
        unexpected = ", ".join(f"${p}" for p in sorted(given - self.params))
        if not missing and not unexpected:
            return
        expected = ", ".join(f"${p}" for p in sorted(self.params)) or Message("none")
        name = repr(self.name)
        if missing and unexpected:
            raise ParameterError(
                Message(
                    "query %(name)s: missing %(missing)s; unexpected %(unexpected)s (it takes: %(expected)s)",
                    name=name,
                    missing=missing,
                    unexpected=unexpected,
                    expected=expected,
                )
            )
        if missing:
            message = Message(
                "query %(name)s: missing %(missing)s (it takes: %(expected)s)",
                name=name,
                missing=missing,
                expected=expected,
            )
        else:
            message = Message(
                "query %(name)s: unexpected %(unexpected)s (it takes: %(expected)s)",
                name=name,
                unexpected=unexpected,
                expected=expected,
            )
        raise ParameterError(message)

    def convert_params(self, params: dict[str, Any]) -> dict[str, Any]:
        """``params`` checked (none missing, none unexpected) and each converted to its declared type.

        Text (from a form or a command line) is parsed: ``"25"`` for an integer, ``"a, b"`` for a list;
        a bad value raises :class:`ParameterError` naming the parameter.
        """
        self.check_params(params)
        return {name: self.parameter(name).convert(value) for name, value in params.items()}


def _parse_type(path: Path, name: str, declared: str | None) -> tuple[str, bool]:
    """``(type, nullable)`` of ``// param NAME (TYPE[ or null]):``."""
    if declared is None:
        return "json", False
    words = declared.split()
    nullable = words[-2:] == ["or", "null"]
    kind = " ".join(words[:-2] if nullable else words)
    if kind not in TYPES or kind == "json":
        known = ", ".join(t for t in TYPES if t != "json")
        raise ValueError(f"{path}: parameter {name!r} has type {declared!r}: use one of {known} (or '... or null')")
    return kind, nullable


def _parse_header(path: Path, text: str) -> dict:
    header: dict = {"param": {}, "param.fr": {}, "type": {}}
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("//"):
            if line:
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, lang, arg, value = m["key"], m["lang"], m["arg"], m["value"].strip()
        if lang and key not in _TRANSLATED:
            raise ValueError(f"{path}: '// {key}.{lang}:' is not a header field (only {', '.join(_TRANSLATED)})")
        key = f"{key}.{lang}" if lang else key
        if m["type"] is not None and key != "param":
            raise ValueError(f"{path}: a type in parentheses belongs on a '// param NAME (TYPE):' line")
        if key in ("param", "param.fr") and arg:
            header[key][arg] = value
            if key == "param":
                header["type"][arg] = _parse_type(path, arg, m["type"])
        elif not arg:
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


def _check_audience(path: Path, h: dict) -> tuple[str, str, str | None]:
    """The query's ``(mode, audience, group)``, checked."""
    mode, audience, group = h.get("mode", "read"), h.get("audience", "analyst"), h.get("group")
    if mode not in ("read", "write"):
        raise ValueError(f"{path}: mode must be read or write, not {mode!r}")
    if audience not in AUDIENCES:
        raise ValueError(f"{path}: audience must be {' or '.join(AUDIENCES)}, not {audience!r}")
    if mode == "write" and "audience" in h and audience != "internal":
        raise ValueError(f"{path}: a write query is internal: the analysts' console only reads")
    if group is not None and group not in GROUPS:
        raise ValueError(f"{path}: group must be one of {', '.join(GROUPS)}, not {group!r}")
    return mode, audience, group


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
    stray = sorted(set(h["param.fr"]) - set(h["param"]))
    if stray:
        raise ValueError(f"{path}: '// param.fr' for parameters without a '// param' line: {', '.join(stray)}")
    mode, audience, group = _check_audience(path, h)
    parameters = {
        p: Parameter(p, h["type"][p][0], h["type"][p][1], h["param"][p], h["param.fr"].get(p, "")) for p in h["param"]
    }
    return Query(
        name=name,
        title=h["title"],
        description=h["description"],
        returns=tuple(c.strip() for c in h["returns"].split(",") if c.strip() and c.strip() != "nothing"),
        texts=texts,
        files=files,
        params=params["neo4j"],
        parameters=parameters,
        example=h.get("example", {}),
        mode=mode,
        title_fr=h.get("title.fr", ""),
        description_fr=h.get("description.fr", ""),
        group=group,
        audience=audience,
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


def analyst_queries() -> list[Query]:
    """The analysts' queries of the project's library (not internal), in library order: by group, then title.

    Queries without a group come last (:data:`OTHER_GROUP`).
    """
    order = {g: i for i, g in enumerate(GROUPS)}
    shown = [q for q in library().values() if not q.internal]
    return sorted(shown, key=lambda q: (order.get(q.group or "", len(order)), q.title.casefold(), q.name))


def get_query(name: str) -> Query:
    """Return the named query, or raise ``QueryNotFound`` with close names."""
    queries = library()
    if name in queries:
        return queries[name]
    import difflib

    close = difflib.get_close_matches(name, list(queries), n=3)
    hint = (
        f" Did you mean: {', '.join(close)}?" if close else " See `partnernet query --list` (--all: internal ones too)."
    )
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
