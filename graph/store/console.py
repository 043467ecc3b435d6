"""What the analysts' console refuses before a query reaches the engine, and how its rows are limited there.

The engine itself refuses every write (FalkorDB ``GRAPH.RO_QUERY``, Neo4j READ
access mode): that is the guarantee, and this module adds nothing to it. It
refuses what a read-only engine still allows and a console must not:

- ``LOAD CSV``: it reads files of the server, or fetches URLs from it;
- several statements in one run (``;`` between them): one query per run, so
  that what runs is what the analyst sees;
- text longer than :data:`MAX_TEXT` characters, or nested deeper than
  :data:`MAX_NESTING` (see :func:`nesting`): FalkorDB's parser does twice the
  work for each level of nesting, before any time limit applies (30 levels
  ran for minutes), and 100,000 levels overflow its stack and kill the engine;
- parameters longer than :data:`MAX_PARAMS` characters as JSON, or nested
  deeper than :data:`MAX_NESTING` (FalkorDB parses them as Cypher text too).

Strings and comments are ignored when looking, so ``RETURN 'LOAD CSV'`` runs.

:func:`limited` writes the row limit into the query (``LIMIT``), so that the
engine stops at the limit instead of sending every row to be cut here.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

from graph.errors import ConsoleBusy, ConsoleRefused, QueryTimeout
from graph.text import Message

__all__ = [
    "MAX_NESTING",
    "MAX_PARAMS",
    "MAX_TEXT",
    "WAITING",
    "ConsolePool",
    "check_console_params",
    "check_console_query",
    "limited",
    "nesting",
]

T = TypeVar("T")
#: Console queries that may wait for each thread of a :class:`ConsolePool` (the web server's threads
#: should be more than ``(1 + WAITING) * PARTNERNET_CONSOLE_QUERIES``: `partnernet serve` has 8).
WAITING = 1

#: Most characters of a console query's text.
MAX_TEXT = 20_000
#: Most characters of a console query's parameters, written as JSON.
MAX_PARAMS = 100_000
#: Deepest nesting of a console query or its parameters (brackets, CASE, prefix operators; see :func:`nesting`).
#: FalkorDB's parser takes about 0.01 s at 12 levels, 0.2-0.5 s at 16, 2-3 s at 20 (it doubles per level).
MAX_NESTING = 12

_STRIP = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|//[^\n]*|/\*.*?\*/""", re.DOTALL)
_LOAD_CSV = re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z_][A-Za-z_0-9]*|\$\w+|\d+(?:\.\d+)?|[()\[\]{}]|[-+]|[^\sA-Za-z_0-9()\[\]{}$+-]+")
_OPEN, _CLOSE = "([{", ")]}"


def _blanked(text: str) -> str:
    """``text`` with its strings, quoted names and comments turned into spaces (positions kept)."""

    def blank(m: re.Match) -> str:
        quoted = m.group(0)
        return quoted[0] + " " * (len(quoted) - 2) + quoted[-1] if quoted[0] in "'\"`" else " " * len(quoted)

    return _STRIP.sub(blank, text)


def nesting(code: str) -> int:
    """How deeply the expressions of ``code`` (strings and comments blanked) nest.

    Each bracket and each ``CASE`` opens a level; each prefix operator (``NOT``,
    a unary ``-`` or ``+``) adds one until its operand: what makes FalkorDB's
    parser work twice as hard.

    >>> nesting("MATCH (n) WHERE NOT n.a RETURN [x IN n.b | x]")
    1
    >>> nesting("RETURN ((((1))))"), nesting("RETURN NOT NOT NOT true"), nesting("RETURN 1 - - 2")
    (4, 3, 1)
    """
    stack: list[int] = []  # the prefix operators pending at each enclosing level
    run = deepest = 0
    previous = ""
    for token in _TOKEN.findall(code):
        upper = token.upper()
        if token in _OPEN or upper == "CASE":
            stack.append(run)
            run = 0
        elif token in _CLOSE or upper == "END":
            if stack:
                stack.pop()
            run = 0
        elif upper == "NOT" or (token in "-+" and not _operand(previous)):
            run += 1
        elif _operand(token):
            run = 0
        deepest = max(deepest, len(stack) + sum(stack) + run)
        previous = token
    return deepest


def _operand(token: str) -> bool:
    """Whether ``token`` ends an operand (a name, a number, a parameter, a string or a closing bracket)."""
    return bool(token) and (token[0].isalnum() or token[0] in "_$'\"`" or token in _CLOSE) and token.upper() != "NOT"


def check_console_query(text: str) -> str:
    """``text`` stripped of a final ``;``, or :class:`ConsoleRefused` with the reason.

    Examples
    --------
    >>> check_console_query("RETURN 1 AS one;")
    'RETURN 1 AS one'
    >>> check_console_query("RETURN 'LOAD CSV; no' AS text // LOAD CSV")
    "RETURN 'LOAD CSV; no' AS text // LOAD CSV"
    >>> check_console_query("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row")
    Traceback (most recent call last):
    ...
    graph.errors.ConsoleRefused: LOAD CSV is not allowed in the console: it reads files or URLs from the server
    >>> check_console_query("RETURN 1 AS one; RETURN 2 AS two")
    Traceback (most recent call last):
    ...
    graph.errors.ConsoleRefused: one statement per run: remove the ';' and what follows it
    >>> check_console_query("RETURN " + "(" * 13 + "1" + ")" * 13)
    Traceback (most recent call last):
    ...
    graph.errors.ConsoleRefused: the query nests 13 levels deep (brackets, CASE, NOT, unary -): at most 12
    """
    text = text.strip()
    if not text:
        raise ConsoleRefused("the query is empty")
    if len(text) > MAX_TEXT:
        raise ConsoleRefused(
            Message("the query is %(n)s characters long: at most %(max)s", n=f"{len(text):,}", max=f"{MAX_TEXT:,}")
        )
    code = _STRIP.sub(" ", text)
    if _LOAD_CSV.search(code):
        raise ConsoleRefused("LOAD CSV is not allowed in the console: it reads files or URLs from the server")
    body = code.rstrip().rstrip(";")
    if ";" in body:
        raise ConsoleRefused("one statement per run: remove the ';' and what follows it")
    depth = nesting(code)
    if depth > MAX_NESTING:
        raise ConsoleRefused(
            Message(
                "the query nests %(n)s levels deep (brackets, CASE, NOT, unary -): at most %(max)s",
                n=depth,
                max=MAX_NESTING,
            )
        )
    if code.rstrip().endswith(";"):
        text = text.rstrip().rstrip(";").rstrip()
    return text


def _depth(value: Any) -> int:
    """How deeply lists and maps nest in a parameter value (a scalar: 0), without recursion."""
    deepest, pending = 0, [(value, 0)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, level + 1)
            pending.extend((v, level + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def check_console_params(params: dict[str, Any]) -> dict[str, Any]:
    """``params`` when their JSON is at most :data:`MAX_PARAMS` characters and nests at most :data:`MAX_NESTING`.

    >>> check_console_params({"ids": ["a", "b"]})
    {'ids': ['a', 'b']}
    >>> check_console_params({"deep": [[[[[[[[[[[[[1]]]]]]]]]]]]]})
    Traceback (most recent call last):
    ...
    graph.errors.ConsoleRefused: the parameters nest 13 levels deep (lists and maps): at most 12
    """
    depth = max(map(_depth, params.values()), default=0)
    if depth > MAX_NESTING:
        raise ConsoleRefused(
            Message("the parameters nest %(n)s levels deep (lists and maps): at most %(max)s", n=depth, max=MAX_NESTING)
        )
    size = len(json.dumps(params, ensure_ascii=False, default=str))
    if size > MAX_PARAMS:
        raise ConsoleRefused(
            Message(
                "the parameters are %(n)s characters long as JSON: at most %(max)s",
                n=f"{size:,}",
                max=f"{MAX_PARAMS:,}",
            )
        )
    return params


_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*|\$\w+|\d+|[()\[\]{}]")


def _top_words(code: str) -> list[tuple[str, int, int]]:
    """The words, numbers and parameters of ``code`` outside any bracket: (upper-cased token, start, end)."""
    depth, words = 0, []
    for m in _WORD.finditer(code):
        token = m.group(0)
        if token in _OPEN:
            depth += 1
        elif token in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and not code[max(0, m.start() - 80) : m.start()].rstrip().endswith((".", ":")):
            # (not a property or a label: n.limit, :Return)
            words.append((token.upper(), m.start(), m.end()))
    return words


def limited(text: str, limit: int, params: dict[str, Any] | None = None) -> str:
    """``text`` with its final ``RETURN`` (each one of a ``UNION``) limited to ``limit + 1`` rows.

    The engine then stops at one row past the limit (which tells that the limit
    cut the rows) instead of sending every row. A ``LIMIT`` already there is
    kept when it is smaller, else lowered (a number, or a parameter of
    ``params``); a ``LIMIT`` given by an expression is left alone, and so is a
    query that does not end with ``RETURN`` (``CALL ... YIELD``): their rows are
    cut after they arrive. Under ``UNION`` (without ``ALL``) each part is cut
    before the engine removes duplicates: a part of more than ``limit`` rows
    may hide rows of the union, and the result says that it was cut only when
    more than ``limit`` rows came.

    >>> limited("UNWIND range(1, 9) AS x RETURN x // the rows", 5)
    'UNWIND range(1, 9) AS x RETURN x // the rows\\nLIMIT 6'
    >>> limited("MATCH (n) RETURN n LIMIT 3", 5), limited("MATCH (n) RETURN n LIMIT $n", 5, {"n": 100})
    ('MATCH (n) RETURN n LIMIT 3', 'MATCH (n) RETURN n LIMIT 6')
    >>> limited("RETURN 1 AS a UNION ALL RETURN 2 AS a", 5)
    'RETURN 1 AS a \\nLIMIT 6\\nUNION ALL RETURN 2 AS a\\nLIMIT 6'
    >>> limited("CALL db.labels() YIELD label", 5)
    'CALL db.labels() YIELD label'
    >>> limited("MATCH (n) RETURN n.limit AS l", 5)
    'MATCH (n) RETURN n.limit AS l\\nLIMIT 6'
    """
    code = _blanked(text)
    words = _top_words(code)
    unions = [i for i, w in enumerate(words) if w[0] == "UNION"]
    bounds = [-1, *unions, len(words)]
    edits: list[tuple[int, int, str]] = []
    most = limit + 1
    for first, stop in zip(bounds, bounds[1:], strict=False):
        part = words[first + 1 : stop]
        end = words[stop][1] if stop < len(words) else len(text)
        returns = [i for i, w in enumerate(part) if w[0] == "RETURN"]
        if not returns:
            return text
        limits = [i for i, w in enumerate(part) if w[0] == "LIMIT" and i > returns[-1]]
        if not limits:
            edits.append((end, end, f"\nLIMIT {most}" + ("\n" if stop < len(words) else "")))
            continue
        if limits[-1] + 1 >= len(part):
            return text
        token, start, stop_at = part[limits[-1] + 1]
        if code[stop_at:end].strip():
            continue  # an expression: left alone
        given = int(token) if token.isdigit() else (params or {}).get(text[start + 1 : stop_at])
        if isinstance(given, int) and not isinstance(given, bool) and given > most:
            edits.append((start, stop_at, str(most)))
    for start, stop_at, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[stop_at:]
    return text


class ConsolePool:
    """Console queries in their own few threads: at most ``total`` at once, at most ``per_user`` of one user.

    A query waits for its turn, and the wait counts in its time limit: :meth:`run` answers by the
    time limit whatever happens (:class:`QueryTimeout`), and a query whose time is up before its
    turn never reaches the engine. At most :data:`WAITING` queries per thread wait: more are refused
    at once (:class:`ConsoleBusy`), so that waiting console queries never hold all the web server's
    threads. A query still running in the engine when its caller got that
    answer keeps its place until the engine answers (the engine's own time limit stops it, or the
    socket timeout): the engine's other threads stay free for the pages meanwhile.
    """

    def __init__(self, total: int, per_user: int) -> None:
        self.total, self.per_user = max(1, total), max(1, per_user)
        self._executor = ThreadPoolExecutor(max_workers=self.total, thread_name_prefix="console")
        self._running: dict[str, int] = {}
        self._admitted = 0
        self._turn = threading.Condition()

    def run(self, user: str, time_limit: float, work: Callable[[float], T]) -> T:
        """``work(seconds left)`` in the pool, for ``user``, answered within ``time_limit`` seconds."""
        deadline = time.monotonic() + time_limit
        with self._turn:
            if self._admitted >= self.total * (1 + WAITING):
                raise ConsoleBusy(
                    Message(
                        "the console is busy (%(n)s queries running or waiting): try again in a moment",
                        n=self._admitted,
                    )
                )
            self._admitted += 1
        try:
            return self._run(user, deadline, work)
        finally:
            with self._turn:
                self._admitted -= 1

    def _run(self, user: str, deadline: float, work: Callable[[float], T]) -> T:
        with self._turn:
            while self._running.get(user, 0) >= self.per_user:
                if not self._turn.wait(deadline - time.monotonic()) and time.monotonic() >= deadline:
                    raise QueryTimeout(self._waited(Message("your other console queries")))
            self._running[user] = self._running.get(user, 0) + 1

        def job() -> T:
            left = deadline - time.monotonic()
            if left <= 0:
                raise QueryTimeout(self._waited(Message("other console queries")))
            return work(left)

        try:
            future: Future[T] = self._executor.submit(job)
        except BaseException:
            self._release(user)
            raise
        future.add_done_callback(lambda _: self._release(user))
        try:
            return future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            if future.cancel():  # still waiting for a thread: it never runs
                raise QueryTimeout(self._waited(Message("other console queries"))) from None
            raise QueryTimeout("the query ran past its time limit and was stopped") from None

    @property
    def running(self) -> int:
        """How many queries hold a thread of the pool (some may have been answered already: past their limit)."""
        with self._turn:
            return sum(self._running.values())

    def _waited(self, whom: Message) -> Message:
        return Message(
            "the query waited for %(whom)s past its time limit (at most %(total)s console queries at once, "
            "%(per_user)s per user)",
            whom=whom,
            total=self.total,
            per_user=self.per_user,
        )

    def _release(self, user: str) -> None:
        with self._turn:
            self._running[user] -= 1
            if not self._running[user]:
                del self._running[user]
            self._turn.notify_all()

    def close(self) -> None:
        """Stop taking queries (those running finish in their threads)."""
        self._executor.shutdown(wait=False, cancel_futures=True)
