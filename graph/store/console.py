"""What the analysts' console refuses before a query reaches the engine.

The engine itself refuses every write (FalkorDB ``GRAPH.RO_QUERY``, Neo4j READ
access mode): that is the guarantee, and this module adds nothing to it. It
refuses what a read-only engine still allows and a console must not:

- ``LOAD CSV``: it reads files of the server, or fetches URLs from it;
- several statements in one run (``;`` between them): one query per run, so
  that what runs is what the analyst sees.

Strings and comments are ignored when looking, so ``RETURN 'LOAD CSV'`` runs.
"""

from __future__ import annotations

import re

from graph.errors import ConsoleRefused

__all__ = ["check_console_query"]

_STRIP = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|//[^\n]*|/\*.*?\*/""", re.DOTALL)
_LOAD_CSV = re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE)


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
    """
    text = text.strip()
    if not text:
        raise ConsoleRefused("the query is empty")
    code = _STRIP.sub(" ", text)
    if _LOAD_CSV.search(code):
        raise ConsoleRefused("LOAD CSV is not allowed in the console: it reads files or URLs from the server")
    body = code.rstrip().rstrip(";")
    if ";" in body:
        raise ConsoleRefused("one statement per run: remove the ';' and what follows it")
    if code.rstrip().endswith(";"):
        text = text.rstrip().rstrip(";").rstrip()
    return text
