"""Validation of a network against :mod:`loaders.schema`, and the problems it reports.

Every check happens before anything is written. Problems are collected, never
raised one by one, so that a planner fixes a whole file in one go.

API
---

``validate_network(network, source="<python>") -> list[Problem]``
    Checks a typed network built in Python (the demo generator, the CORDIS
    importers): known tables, ``organizations`` present, every row a dict with
    exactly the table's columns, value types (``text`` -> ``str``, ``integer``
    -> ``int``, ``number`` -> ``int``/``float`` (finite), ``date`` ->
    ``datetime.date`` (not a datetime), ``list`` -> ``list[str]``), required
    values, choices, duplicate keys, references (into the same network only)
    and a few consistency rules (see below). Problems from Python name the
    table and the 0-based index of the row: ``organizations[3]``.

``format_problems(problems, limit=50) -> str``
    Errors first, then warnings, each sorted by file and line; at most
    ``limit`` of them, then ``... and N more (E errors, W warnings)``.

``has_errors(problems) -> bool`` and ``raise_for_problems(problems, limit=50)``
    (raises :class:`graph.errors.NetworkInputError`, a ``DataError``, when there is any error).

``parse_number(text)``, ``parse_integer(text)``, ``parse_date(text)``
    The lenient parsers used for spreadsheet cells (decimal comma, spaces as
    thousands separators, ``YYYY``/``YYYY-MM``/``YYYY-MM-DD``/``DD/MM/YYYY``).

Severity
--------

``error``: the network must not be loaded. ``warning``: the network loads,
the caller shows the warning. Warnings are: an unknown column in a file
(ignored: planners keep note columns), a funder in ``fundings`` without the
role ``funder``, a membership between organizations that are not centres, a
``centre_level`` on an organization without the role ``centre``, an end date
before a start date. Everything else is an error, including membership and
broader-expertise cycles.

Each :class:`Problem` carries ``file``, ``line`` (CSV line, 1-based, the
header is line 1; Excel sheet row), or ``table`` and ``index`` (JSON and
Python), ``column``, ``value`` (shortened), ``reason``, ``code`` (a stable
identifier such as ``unknown_reference``) and ``severity``.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import NetworkInputError
from graph.text import clean_id, clean_text, look_alike
from loaders.schema import LIST_SEPARATOR, ROLES, TABLE_ORDER, TABLES, Column, Table

__all__ = [
    "MAX_FIELD_CHARS",
    "NetworkInputError",
    "Problem",
    "clean_network",
    "format_problems",
    "has_errors",
    "inside_folder",
    "outside_folder",
    "parse_date",
    "parse_integer",
    "parse_number",
    "raise_for_problems",
    "validate_network",
]

#: Longest value accepted in one cell (characters).
MAX_FIELD_CHARS = 100_000

#: Tables a network must contain.
REQUIRED_TABLES = ("organizations",)

ERROR = "error"
WARNING = "warning"

#: Most characters of a value quoted in a problem (a problem shows where and why, not the data).
_VALUE_SHOWN = 40


def shorten(value: object, limit: int = _VALUE_SHOWN) -> str:
    """A value as shown in a problem: text, cut in the middle of long values.

    >>> shorten("abc")
    'abc'
    >>> shorten("x" * 200, 20)
    'xxxxxxxxxxxxxxxxx… (200 characters)'
    """
    if isinstance(value, list):
        text = LIST_SEPARATOR.join(str(v) for v in value)
    elif isinstance(value, _dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    if len(text) > limit:
        return f"{text[: limit - 3]}… ({len(text)} characters)"
    return text


@dataclass(frozen=True)
class Problem:
    """One problem found in a network, with where it is.

    ``line`` is the CSV line (1-based, the header is line 1) or the Excel
    sheet row; ``index`` is the 0-based position of a row in a JSON table or
    a Python list. ``sheet`` is set for Excel workbooks.

    >>> str(Problem("net/participations.csv", "unknown reference: no projects with id 'P9'",
    ...     line=4, column="project", value="P9", table="participations"))
    "net/participations.csv, line 4, column 'project', value 'P9': unknown reference: no projects with id 'P9'"
    """

    file: str
    reason: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    table: str | None = None
    index: int | None = None
    sheet: str | None = None
    code: str = "invalid"
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def location(self) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet!r}")
            if self.line is not None:
                parts.append(f"row {self.line}")
        elif self.line is not None:
            parts.append(f"line {self.line}")
        elif self.index is not None and self.table is not None:
            parts.append(f"{self.table}[{self.index}]")
        elif self.table is not None and not self.file.endswith(f"{self.table}.csv"):
            parts.append(f"table {self.table!r}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = self.location
        if self.value is not None:
            text += f", value {self.value!r}"
        prefix = "warning: " if self.severity == WARNING else ""
        return f"{prefix}{text}: {self.reason}"

    def _sort_key(self) -> tuple:
        table_rank = TABLE_ORDER.index(self.table) if self.table in TABLES else -1
        return (
            self.severity != ERROR,
            self.file,
            table_rank,
            self.line if self.line is not None else (self.index if self.index is not None else -1),
        )


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)


def inside_folder(file: Path, folder: Path) -> bool:
    """Whether ``file`` (a symbolic link, maybe) is in ``folder`` once every link is followed."""
    try:
        return file.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return False


def outside_folder(file: Path) -> Problem:
    """The problem of a file of an input folder that is a link to a file elsewhere (it is not read)."""
    return Problem(
        str(file),
        "a symbolic link to a file outside the input folder: not read (copy the file into the folder)",
        code="outside_folder",
    )


def raise_for_problems(problems: list[Problem], limit: int = 50) -> None:
    """Raise :class:`NetworkInputError` if any problem is an error (warnings pass)."""
    if has_errors(problems):
        raise NetworkInputError(format_problems(problems, limit=limit), problems)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _tally(problems: list[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity == ERROR)
    warnings = len(problems) - errors
    parts = [_count(errors, "error")] if errors else []
    if warnings:
        parts.append(_count(warnings, "warning"))
    return ", ".join(parts)


def format_problems(problems: list[Problem], limit: int | None = 50) -> str:
    """Problems as text, one a line: errors first, at most ``limit``, then a count of the rest.

    >>> print(format_problems([Problem("a.csv", "bad", line=n) for n in (3, 2, 1)], limit=2))
    3 errors:
      a.csv, line 1: bad
      a.csv, line 2: bad
      ... and 1 more (1 error)
    >>> format_problems([])
    'no problems'
    """
    if not problems:
        return "no problems"
    ordered = sorted(problems, key=Problem._sort_key)
    shown = ordered if limit is None else ordered[:limit]
    lines = [f"{_tally(ordered)}:"] + [f"  {p}" for p in shown]
    rest = ordered[len(shown) :]
    if rest:
        lines.append(f"  ... and {len(rest)} more ({_tally(rest)})")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Lenient parsers for spreadsheet cells
# ---------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_NUMBER = re.compile(r"[+-]?(?:\d[\d.,]*)?\d(?:[eE][+-]?\d+)?|[+-]?\d*[.,]\d+(?:[eE][+-]?\d+)?")
_GROUPS = re.compile(r"\d{1,3}(?:X\d{3})+")
_INTEGER = re.compile(r"[+-]?\d+")
_PLAIN_NUMBER = re.compile(r"-?\d{1,15}(?:\.\d{1,15})?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_YEAR = re.compile(r"\d{4}")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_YEAR_FIRST_SLASH = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_EXCEL_ERRORS = frozenset({"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"})


def _grouped(digits: str, sep: str) -> bool:
    """``digits`` uses ``sep`` as a thousands separator correctly (1.234.567)."""
    return _GROUPS.fullmatch(digits.replace(sep, "X")) is not None


def parse_number(text: str) -> float:
    """A number as planners type it; raises ``ValueError`` with a reason.

    Spaces (also no-break spaces) are thousands separators; a single comma is
    a decimal comma; with both ``,`` and ``.``, the last one is the decimal
    separator. A leading or trailing ``€`` is ignored.

    >>> parse_number("1 234,50"), parse_number("1234,5"), parse_number("1,234.5"), parse_number("-0.5")
    (1234.5, 1234.5, 1234.5, -0.5)
    >>> parse_number("1.234.567"), parse_number("12 000 €"), parse_number("1E+06")
    (1234567.0, 12000.0, 1000000.0)
    """
    if _PLAIN_NUMBER.fullmatch(text):  # fast path: 1234 or -12.5
        return float(text)
    s = _SPACES.sub("", text.strip().strip("€").strip())
    if not _NUMBER.fullmatch(s):
        raise ValueError("not a number")
    mantissa, _, exponent = s.replace("E", "e").partition("e")
    sign = ""
    if mantissa[:1] in "+-":
        sign, mantissa = mantissa[0], mantissa[1:]
    commas, dots = mantissa.count(","), mantissa.count(".")
    if commas and dots:
        decimal = "," if mantissa.rfind(",") > mantissa.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        whole, _, frac = mantissa.rpartition(decimal)
        if thousands in frac or (thousands in whole and not _grouped(whole, thousands)) or whole.count(decimal):
            raise ValueError("not a number (mixed separators)")
        mantissa = whole.replace(thousands, "") + "." + frac
    elif commas > 1 or dots > 1:
        sep = "," if commas else "."
        if not _grouped(mantissa, sep):
            raise ValueError("not a number (misplaced separators)")
        mantissa = mantissa.replace(sep, "")
    elif commas:
        mantissa = mantissa.replace(",", ".")
    value = float(sign + mantissa + ("e" + exponent if exponent else ""))
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def parse_integer(text: str) -> int:
    """An integer; spaces as thousands separators; ``12,0`` is 12.

    >>> parse_integer("2021"), parse_integer("1 000"), parse_integer("3,0")
    (2021, 1000, 3)
    """
    s = _SPACES.sub("", text.strip())
    if _INTEGER.fullmatch(s):
        return int(s)
    try:
        value = parse_number(s)
    except ValueError:
        raise ValueError("not an integer") from None
    if not value.is_integer():
        raise ValueError("not an integer")
    return int(value)


def parse_date(text: str) -> _dt.date:
    """``YYYY-MM-DD`` (a time after it is ignored), ``YYYY-MM`` (first day), ``YYYY`` (1 January),
    ``DD/MM/YYYY`` (day first, as French Excel writes dates) or ``YYYY/MM/DD``.

    >>> parse_date("2021-09-01"), parse_date("2021-09"), parse_date("2021"), parse_date("31/12/2020")
    (datetime.date(2021, 9, 1), datetime.date(2021, 9, 1), datetime.date(2021, 1, 1), datetime.date(2020, 12, 31))
    """
    s = text.strip()
    try:
        if m := _ISO_DATE.fullmatch(s):
            return _dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _YEAR_MONTH.fullmatch(s):
            return _dt.date(int(m[1]), int(m[2]), 1)
        if _YEAR.fullmatch(s):
            return _dt.date(int(s), 1, 1)
        if m := _DAY_FIRST.fullmatch(s):
            return _dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := _YEAR_FIRST_SLASH.fullmatch(s):
            return _dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValueError("not a valid date (no such month or day)") from None
    raise ValueError("not a date (expected YYYY-MM-DD, YYYY-MM, YYYY or DD/MM/YYYY)")


def _normalize_choice(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def make_lenient_coercer(column: Column) -> Callable[[object], object]:
    """A function turning a spreadsheet/JSON cell into the column's typed value.

    Accepts strings (parsed), numbers, booleans (refused), dates and
    datetimes (Excel), lists (JSON). Returns ``None`` for empty cells and
    raises ``ValueError(reason)`` when the cell cannot be read. Choices are
    matched ignoring case, spaces and hyphens (``Partner centre`` ->
    ``partner_centre``); values outside the choices are returned unchanged
    for the validator to report.
    """
    choice_map = {_normalize_choice(c): c for c in column.choices}

    def pick(text: str) -> str:
        if choice_map and text not in column.choices:
            return choice_map.get(_normalize_choice(text), text)
        return text

    if column.type == "text":
        return _text_coercer(pick if choice_map else None)
    if column.type == "list":
        return _list_coercer(pick)
    if column.type in _COERCERS:
        return _COERCERS[column.type]
    raise ValueError(f"unknown column type {column.type!r}")  # pragma: no cover - schema error


def _trimmed(v: str) -> str:
    r"""``v`` without surrounding white space, but for the tab or carriage return before a formula's first
    character (``=``, ``+``, ``-``, ``@``), which makes a spreadsheet read the cell as text (OWASP, "CSV
    injection"): kept, so that what was defused stays defused.

    >>> _trimmed("  Cnam  "), _trimmed("\t=1+2"), _trimmed(" \r@SUM(A1) "), _trimmed("\tplain")
    ('Cnam', '\t=1+2', '\r@SUM(A1)', 'plain')
    """
    s = v.strip()
    first = v.lstrip(" ")[:1]
    if first in ("\t", "\r") and s[:1] in ("=", "+", "-", "@"):
        return first + s
    return s


def _as_text(v: object) -> str | None:
    """A cell as trimmed text (None when empty); numbers and dates written out, booleans refused."""
    if isinstance(v, str):
        s = _trimmed(v)
        if not s:
            return None
        if len(s) > MAX_FIELD_CHARS:
            raise ValueError(f"value too long ({len(s)} characters, at most {MAX_FIELD_CHARS})")
        if s in _EXCEL_ERRORS:
            raise ValueError(f"Excel error value {s}: fix the formula or type the value")
        return s
    if isinstance(v, bool):
        raise ValueError("a boolean, expected text")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ValueError("not a finite number")
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, _dt.datetime):
        return v.date().isoformat() if v.time() == _dt.time() else v.isoformat(sep=" ")
    if isinstance(v, _dt.date):
        return v.isoformat()
    raise ValueError(f"a {type(v).__name__}, expected text")


def _text_coercer(pick: Callable[[str], str] | None) -> Callable[[object], object]:
    def coerce(v):
        if type(v) is str:  # fast path: most cells
            s = _trimmed(v) if v[:1] in (" ", "\t", "\r") else v.strip()
            if s and len(s) <= MAX_FIELD_CHARS and s not in _EXCEL_ERRORS:
                return pick(s) if pick else s
        if v is None:
            return None
        s = _as_text(v)
        return pick(s) if s is not None and pick else s

    return coerce


def _coerce_integer(v: object) -> int | None:
    if v is None:
        return None
    if isinstance(v, bool):
        raise ValueError("a boolean, expected an integer")
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if math.isfinite(v) and v.is_integer():
            return int(v)
        raise ValueError("not an integer")
    s = _as_text(v)
    return None if s is None else parse_integer(s)


def _coerce_number(v: object) -> float | None:
    if v is None:
        return None
    if isinstance(v, bool):
        raise ValueError("a boolean, expected a number")
    if isinstance(v, int | float):
        if not math.isfinite(v):
            raise ValueError("not a finite number")
        return float(v)
    s = _as_text(v)
    return None if s is None else parse_number(s)


def _coerce_date(v: object) -> _dt.date | None:
    if v is None:
        return None
    if isinstance(v, _dt.datetime):
        return v.date()
    if isinstance(v, _dt.date):
        return v
    if isinstance(v, bool):
        raise ValueError("a boolean, expected a date")
    if isinstance(v, int | float):
        if isinstance(v, float) and not v.is_integer():
            raise ValueError("not a date")
        if 1000 <= v <= 9999:
            return _dt.date(int(v), 1, 1)
        raise ValueError("not a date (a number: an Excel date serial? format the cell as a date)")
    s = _as_text(v)
    return None if s is None else parse_date(s)


_COERCERS: dict[str, Callable[[object], object]] = {
    "integer": _coerce_integer,
    "number": _coerce_number,
    "date": _coerce_date,
}


def _list_coercer(pick: Callable[[str], str]) -> Callable[[object], object]:
    def coerce(v):
        if v is None:
            return None
        if isinstance(v, list | tuple):
            items = []
            for item in v:
                if item is None:
                    continue
                if isinstance(item, list | tuple | dict):
                    raise ValueError("a nested list, expected a list of texts")
                s = _as_text(item)
                if s is not None:
                    items.append(s)
        else:
            s = _as_text(v)
            if s is None:
                return None
            items = [part.strip() for part in s.split(LIST_SEPARATOR)]
        result: list[str] = []
        for item in items:
            if item:
                item = pick(item)
                if item not in result:
                    result.append(item)
        return result or None

    return coerce


# ---------------------------------------------------------------------------
# Where a row comes from
# ---------------------------------------------------------------------------


@dataclass
class Origin:
    """Where the rows of a network come from, to locate problems.

    ``files`` maps a table to its file (default ``source``). ``positions``
    maps a table to the position of each of its rows: the CSV line
    (``unit="line"``), the Excel sheet row (``unit="row"``) or the index in
    the JSON array (``unit="index"``); for a table without ``positions`` a
    problem gives the row's index in the list. ``header_lines`` and
    ``sheet_names`` (Excel: the sheet as spelled in the workbook) complete it.
    """

    source: str
    files: dict[str, str] = field(default_factory=dict)
    positions: dict[str, list[int]] = field(default_factory=dict)
    unit: str = "index"
    header_lines: dict[str, int] = field(default_factory=dict)
    sheet_names: dict[str, str] = field(default_factory=dict)

    def file(self, table: str | None) -> str:
        return self.files.get(table, self.source) if table is not None else self.source

    def position(self, table: str, row: int) -> int:
        positions = self.positions.get(table)
        return row if positions is None else positions[row]

    def where(self, table: str, row: int) -> str:
        """``line 5``, ``row 5`` (Excel) or ``organizations[4]``."""
        if self.unit == "index" or table not in self.positions:
            return f"{table}[{self.position(table, row)}]"
        return f"{self.unit} {self.position(table, row)}"

    def problem(
        self,
        table: str | None,
        row: int | None,
        reason: str,
        *,
        column: str | None = None,
        value: object = None,
        code: str = "invalid",
        severity: str = ERROR,
        header: bool = False,
        line: int | None = None,
    ) -> Problem:
        """A problem about ``row`` (index in the table's list) of ``table``, or its header, or the table."""
        index = None
        if header and table is not None:
            line = self.header_lines.get(table)
        elif row is not None and table is not None:
            if self.unit != "index" and table in self.positions:
                line = self.position(table, row)
            else:
                index = self.position(table, row)
        sheet = None
        if self.unit == "row" and table is not None:
            sheet = self.sheet_names.get(table, table)
        return Problem(
            file=self.file(table),
            reason=reason,
            line=line,
            column=column,
            value=None if value is None else shorten(value),
            table=table,
            index=index,
            sheet=sheet,
            code=code,
            severity=severity,
        )


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------

_MISSING = object()


def _is_number(v: object) -> bool:
    t = type(v)
    return t is int or (t is float and math.isfinite(v))  # type: ignore[arg-type]


def _is_str_list(v: object) -> bool:
    return type(v) is list and all(type(x) is str for x in v)  # type: ignore[union-attr]


_TYPE_CHECKS = {
    "text": (lambda v: type(v) is str, "expected text (str)"),
    "integer": (lambda v: type(v) is int, "not an integer"),
    "number": (_is_number, "not a number"),
    "date": (lambda v: type(v) is _dt.date, "not a date (expected datetime.date)"),
    "list": (_is_str_list, "not a list of texts"),
}


_FAST_TYPES = {
    kind: frozenset({type(None), type(_MISSING), *types})
    for kind, types in {
        "text": (str,),
        "integer": (int,),
        "number": (int, float),
        "date": (_dt.date,),
        "list": (list,),
    }.items()
}


def _suggest(word: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def clean_network(network: Mapping[str, list[dict]]) -> dict[tuple[str, int, str], str]:
    r"""Make the text of ``network`` canonical, in place; return the ids changed: ``(table, row, column) -> as given``.

    Every text (and list item) is put in Unicode NFC without invisible characters
    (:func:`graph.text.clean_text`); ids (keys and references) are put in NFKC without any format
    character (:func:`graph.text.clean_id`), so that a reference typed on another machine, or pasted
    with a zero-width space, finds its row. A text left empty is ``None``. Case and accents are never
    changed: ids that differ only so are reported by the validation (a warning naming them).

    >>> net = {"organizations": [{"id": "ecole\u200b", "name": "e\u0301cole", "short_name": "\uff25"}]}
    >>> clean_network(net)
    {('organizations', 0, 'id'): 'ecole\u200b'}
    >>> net["organizations"][0] == {"id": "ecole", "name": "école", "short_name": "\uff25"}
    True
    """
    changed: dict[tuple[str, int, str], str] = {}
    for name, rows in network.items():
        table = TABLES.get(name)
        if table is None or not isinstance(rows, list):
            continue
        for column in table.columns:
            if column.type in ("text", "list"):
                values = [r.get(column.name) if type(r) is dict else None for r in rows]
                _clean_column(table, column, rows, values, changed)
    return changed


def _clean_column(table: Table, column: Column, rows: list, values: list, changed: dict) -> str:
    """Clean the text (or list) column ``column`` of ``rows``, whose values are ``values`` (updated too);
    record the ids changed in ``changed``. Returns the column's texts joined (:func:`_column_text`), cleaned."""
    joined = _column_text(values, column.type)
    if joined.isascii():  # the usual case: nothing to clean in the column
        return joined
    ids = column.name in table.key or column.ref is not None
    clean = clean_id if ids else clean_text
    name = column.name
    for i, v in enumerate(values):
        if type(v) is str and not v.isascii():
            cleaned = clean(v).strip() or None
            if cleaned != v:
                rows[i][name] = values[i] = cleaned
                if ids:
                    changed[(table.name, i, name)] = v
        elif type(v) is list and not all(type(x) is str and x.isascii() for x in v):
            items = [clean(x).strip() if type(x) is str else x for x in v]
            rows[i][name] = values[i] = list(dict.fromkeys(x for x in items if x != "")) or None
    return _column_text(values, column.type)


def _column_text(values: list, kind: str) -> str:
    """The texts of a column (its text values, or the text items of its lists) joined by line feeds, to check
    them all at once."""
    if kind == "list":
        return "\n".join(["\n".join([x for x in v if type(x) is str]) for v in values if type(v) is list])
    return "\n".join([v for v in values if type(v) is str])


def validate_network(network: Mapping[str, list[dict]], source: str = "<python>") -> list[Problem]:
    """Check a typed network from Python against the schema; return all problems.

    >>> net = {"organizations": [{"id": "a", "name": "A", "name_fr": None, "short_name": None,
    ...     "roles": ["partner"], "kind": None, "centre_level": None, "country": None, "city": None,
    ...     "lat": None, "lon": None, "website": None}],
    ...     "projects": [],
    ...     "participations": [{"organization": "a", "project": "p1", "role": None, "contribution": 1.5}]}
    >>> for p in validate_network(net, source="demo"): print(p)
    demo, participations[0], column 'project', value 'p1': unknown reference: projects has no id 'p1'
    """
    return check_network(network, Origin(source))


def check_network(
    network: Mapping[str, list[dict]],
    origin: Origin,
    *,
    skip_cells: set[tuple[str, int, str]] | None = None,
    skip_columns: set[tuple[str, str]] | None = None,
    unreadable: set[str] | None = None,
) -> list[Problem]:
    """:func:`validate_network` with rows located by ``origin``.

    ``skip_cells`` (table, row, column) and ``skip_columns`` (table, column)
    name values already reported by a reader (unreadable cells, missing
    columns): they are not reported again as empty. ``unreadable`` names
    tables whose file could not be read at all (already reported): they are
    not reported missing, and references into them are not checked.

    The network's text is first made canonical, in place (:func:`clean_network`): ids compared and
    stored are the cleaned ones.
    """
    cleaned: dict[tuple[str, int, str], str] = {}  # filled as each column is cleaned, before keys and references
    unreadable = unreadable or set()
    skip_cells = skip_cells or set()
    skip_columns = skip_columns or set()
    problems: list[Problem] = []
    add = problems.append

    if not isinstance(network, Mapping):
        return [Problem(origin.source, f"a network is a dict of tables, not a {type(network).__name__}", code="shape")]
    for name in network:
        if name not in TABLES:
            add(
                origin.problem(None, None, f"unknown table {name!r}{_suggest(str(name), TABLES)}", code="unknown_table")
            )
    for name in REQUIRED_TABLES:
        if network.get(name) is None and name not in unreadable:
            add(origin.problem(name, None, f"the table {name!r} is required and is missing", code="missing_table"))

    tables: dict[str, list[dict]] = {}
    for name in TABLE_ORDER:
        rows = network.get(name)
        if rows is None:
            continue
        if not isinstance(rows, list):
            add(origin.problem(name, None, f"a table is a list of rows, not a {type(rows).__name__}", code="shape"))
            continue
        tables[name] = _check_shape(TABLES[name], rows, origin, add)

    # Types, required values, choices; keys.
    keys: dict[str, dict] = {}
    for name, rows in tables.items():
        table = TABLES[name]
        for column in table.columns:
            skip_empty = (name, column.name) in skip_columns
            _check_column(table, column, rows, origin, add, skip_cells, skip_empty, cleaned)
        keys[name] = _check_keys(table, rows, origin, add, cleaned)

    # References.
    for name, rows in tables.items():
        for column in TABLES[name].columns:
            if column.ref and column.ref not in unreadable:
                _check_refs(TABLES[name], column, rows, keys, origin, add)

    _check_consistency(tables, keys, origin, add)
    return problems


def _check_shape(table: Table, rows: list, origin: Origin, add) -> list[dict]:
    """Rows that are dicts with exactly the table's columns; report the others (grouped)."""
    names = {c.name for c in table.columns}
    bad = [i for i, r in enumerate(rows) if type(r) is not dict or r.keys() != names]
    if not bad:
        return rows
    added = {c.name for c in table.columns if c.added}  # may be left out: read as empty
    groups: dict[tuple, list[int]] = {}
    fixed = list(rows)
    for i in bad:
        row = rows[i]
        if not isinstance(row, dict):
            add(origin.problem(table.name, i, f"a row is a dict, not a {type(row).__name__}", code="shape"))
            fixed[i] = {}
            continue
        if added and row.keys() <= names and names - row.keys() <= added:
            row.update(dict.fromkeys(names - row.keys()))  # in place: the text is cleaned in the caller's rows
            continue
        missing = tuple(c.name for c in table.columns if c.name not in row and c.name not in added)
        extra = tuple(sorted(str(k) for k in row if k not in names))
        groups.setdefault((missing, extra), []).append(i)
    for (missing, extra), where in groups.items():
        more = f" (and {len(where) - 1} more rows)" if len(where) > 1 else ""
        if missing:
            add(
                origin.problem(
                    table.name,
                    where[0],
                    f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}{more}",
                    code="missing_column",
                )
            )
        if extra:
            hint = _suggest(extra[0], names) if len(extra) == 1 else ""
            add(
                origin.problem(
                    table.name,
                    where[0],
                    f"unknown column{'s' if len(extra) > 1 else ''} {', '.join(extra)}{hint}{more}",
                    code="unknown_column",
                )
            )
    return fixed


def _check_column(
    table: Table,
    column: Column,
    rows: list[dict],
    origin: Origin,
    add,
    skip_cells: set,
    skip_empty: bool,
    cleaned: dict,
) -> None:
    """Check the values of one column (cleaning its text first: :func:`clean_network`)."""
    name = column.name
    values = [r.get(name, _MISSING) for r in rows]
    ok, reason = _TYPE_CHECKS[column.type]
    # Fast pass on the exact type of each value; the full check only for the few suspects.
    accepted = _FAST_TYPES[column.type]
    suspects = [i for i, v in enumerate(values) if type(v) not in accepted]
    if column.type == "number":
        suspects += [i for i, v in enumerate(values) if type(v) is float and not math.isfinite(v)]
    elif column.type == "list":
        suspects += [i for i, v in enumerate(values) if type(v) is list and not _is_str_list(v)]
    for i in sorted(suspects):
        v = values[i]
        if not ok(v):
            add(
                origin.problem(
                    table.name,
                    i,
                    f"{reason}, got {type(v).__name__}",
                    column=name,
                    value=v,
                    code="type",
                )
            )
            values[i] = _MISSING
    if column.type in ("text", "list"):
        joined = _clean_column(table, column, rows, values, cleaned)
        if _UNSTORABLE.search(joined) is not None:  # the usual case: one search for the column
            _check_characters(table, column, values, origin, add)
    if column.required and not skip_empty:
        empty = [
            i
            for i, v in enumerate(values)
            if v is None or (type(v) is str and (not v or v.isspace())) or (type(v) is list and not v)
        ]
        for i in empty:
            if (table.name, i, name) not in skip_cells:
                add(origin.problem(table.name, i, "empty required value", column=name, code="required"))
    if column.choices:
        allowed = set(column.choices)
        listed = ", ".join(column.choices)
        if column.type == "list":
            for i, v in enumerate(values):
                if type(v) is list:
                    for item in v:
                        if item not in allowed:
                            hint = " (separate values with |)" if "," in item or ";" in item else ""
                            add(
                                origin.problem(
                                    table.name,
                                    i,
                                    f"{shorten(item)!r} is not one of: {listed}{hint}",
                                    column=name,
                                    value=v,
                                    code="choice",
                                )
                            )
        else:
            for i, v in enumerate(values):
                if type(v) is str and v not in allowed:
                    add(origin.problem(table.name, i, f"not one of: {listed}", column=name, value=v, code="choice"))


#: What no stored text may hold: C0 control characters but tab, line feed and carriage return, DEL, and
#: halves of UTF-16 surrogate pairs (a JSON ``"\\ud800"``), which are no characters at all.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _check_characters(table: Table, column: Column, values: list, origin: Origin, add) -> None:
    """An error for each value holding a character no text may hold (a NUL byte...), where it is."""
    texts = [
        (i, v if type(v) is str else "|".join(x for x in v if type(x) is str))
        for i, v in enumerate(values)
        if type(v) is str or (type(v) is list and v)
    ]
    for i, text in texts:
        found = _UNSTORABLE.search(text)
        if found is None:
            continue
        code = ord(found.group())
        what = "half of a UTF-16 surrogate pair, not a character" if code >= 0xD800 else "a control character"
        add(
            origin.problem(
                table.name,
                i,
                f"holds U+{code:04X} ({what}) at character {found.start() + 1}: remove it (it cannot be stored)",
                column=column.name,
                value=text,
                code="control_character",
            )
        )


def _check_keys(table: Table, rows: list[dict], origin: Origin, add, cleaned: Mapping) -> dict:
    """Map key -> first row index; report duplicates, and ids that differ only by case, accents or width.

    Rows with an empty or ill-typed key part are left out. ``cleaned`` holds the ids as given where
    :func:`clean_network` changed them (a duplicate says so).
    """
    seen: dict = {}
    names = table.key
    single = len(names) == 1
    for i, row in enumerate(rows):
        if single:
            key = row.get(names[0])
            if key is None or type(key) is not str or not key:
                continue
        elif len(names) == 2:
            key = (row.get(names[0]), row.get(names[1]))
            if type(key[0]) is not str or type(key[1]) is not str or not key[0] or not key[1]:
                continue
        else:
            key = tuple(row.get(n) for n in names)
            if any(type(k) is not str or not k for k in key):
                continue
        first = seen.setdefault(key, i)
        if first != i:
            shown = ", ".join(f"{n}={v!r}" for n, v in zip(names, (key,) if single else key, strict=True))
            given = [cleaned[(table.name, i, n)] for n in names if (table.name, i, n) in cleaned]
            note = f"; the file has {_spelled(shorten(given[0]))}, the same id once {_CLEANED}" if given else ""
            add(
                origin.problem(
                    table.name,
                    i,
                    f"duplicate key {shown} (first at {origin.where(table.name, first)}){note}",
                    column=", ".join(names),
                    value=key if single else "|".join(key),
                    code="duplicate_key",
                )
            )
    if single:
        _check_look_alikes(table, seen, origin, add)
    return seen


#: How :func:`clean_network` reads an id, as a problem says it.
_CLEANED = "invisible characters are removed and Unicode is normalised (NFKC)"


def _spelled(text: str) -> str:
    r"""``text`` quoted, with the characters one cannot see written as ``\uXXXX`` (combining marks, format
    characters, unusual spaces).

    >>> print(_spelled("école​"), _spelled("ｅcole"))
    'e\u0301cole\u200b' 'ｅcole'
    """
    shown = "".join(f"\\u{ord(c):04x}" if not c.isascii() and unicodedata.category(c)[0] in "MCZ" else c for c in text)
    return "'" + shown.replace("'", "\\'") + "'"


#: Most look-alike ids named in one warning.
_LOOK_ALIKES_SHOWN = 6


def _check_look_alikes(table: Table, seen: dict, origin: Origin, add) -> None:
    """A warning naming the ids of ``table`` that differ only by case, accents or width (``ecole``, ``École``)."""
    folded = [k.lower() if k.isascii() else look_alike(k) for k in seen]
    if len(set(folded)) == len(folded):  # the usual case
        return
    groups: dict[str, list[tuple[str, int]]] = {}
    for key, i in seen.items():
        groups.setdefault(look_alike(key), []).append((key, i))
    for members in groups.values():
        if len(members) < 2:
            continue
        named = ", ".join(f"{shorten(k)!r} ({origin.where(table.name, i)})" for k, i in members[:_LOOK_ALIKES_SHOWN])
        more = f" and {len(members) - _LOOK_ALIKES_SHOWN} more" if len(members) > _LOOK_ALIKES_SHOWN else ""
        add(
            origin.problem(
                table.name,
                members[1][1],
                f"{len(members)} ids differ only by case or accents: {named}{more}; they are loaded as "
                f"{len(members)} different {table.name}: give them one id if they are one",
                column=table.key[0],
                value=members[1][0],
                code="look_alike",
                severity=WARNING,
            )
        )


def _check_refs(table: Table, column: Column, rows: list[dict], keys: dict, origin: Origin, add) -> None:
    assert column.ref is not None
    target = TABLES[column.ref]
    target_key = target.key[0]
    name = column.name
    values = [r.get(name) for r in rows]
    if column.ref not in keys:
        used = [i for i, v in enumerate(values) if type(v) is str and v]
        if used:
            add(
                origin.problem(
                    table.name,
                    used[0],
                    f"unknown reference: the network has no {column.ref} table, "
                    f"but {_count(len(used), 'row')} refer{'' if len(used) > 1 else 's'} to it",
                    column=name,
                    value=values[used[0]],
                    code="unknown_reference",
                )
            )
        return
    known = keys[column.ref]
    folded: dict[str, str] | None = None
    for i, v in enumerate(values):
        items: list | tuple
        if type(v) is list:
            items = v
        elif type(v) is str and v:
            items = (v,)
        else:
            continue
        for item in items:
            if item in known:
                continue
            if folded is None:
                folded = {str(k).casefold(): k for k in known}
            hint = f" (did you mean {folded[item.casefold()]!r}?)" if item.casefold() in folded else ""
            add(
                origin.problem(
                    table.name,
                    i,
                    f"unknown reference: {column.ref} has no {target_key} {shorten(item)!r}{hint}",
                    column=name,
                    value=v,
                    code="unknown_reference",
                )
            )


def _find_cycles(edges: list[tuple[str, str, int]]) -> list[tuple[list[str], int]]:
    """Cycles of a directed graph given as (from, to, row): each as (nodes, row of its first edge)."""
    graph: dict[str, list[tuple[str, int]]] = {}
    for a, b, i in edges:
        graph.setdefault(a, []).append((b, i))
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    cycles = []
    for start in graph:
        if state.get(start):
            continue
        stack = [(start, iter(graph.get(start, ())))]
        path = [start]
        rows: list[int] = []
        state[start] = 1
        while stack:
            node, children = stack[-1]
            for child, i in children:
                s = state.get(child)
                if s == 1:
                    k = path.index(child)
                    cycles.append((path[k:] + [child], (rows + [i])[k]))
                elif s is None:
                    state[child] = 1
                    stack.append((child, iter(graph.get(child, ()))))
                    path.append(child)
                    rows.append(i)
                    break
            else:
                state[node] = 2
                stack.pop()
                path.pop()
                if rows:
                    rows.pop()
    return cycles


def _check_consistency(tables: dict[str, list[dict]], keys: dict, origin: Origin, add) -> None:
    """Rules across tables: roles that fit centre levels, memberships and fundings; cycles; dates in order."""
    orgs = tables.get("organizations", [])
    org_index = keys.get("organizations", {})

    def roles_of(org_id: str) -> list[str] | None:
        """The organization's roles, None when unknown or not a valid list (reported elsewhere)."""
        i = org_index.get(org_id)
        roles = orgs[i].get("roles") if i is not None else None
        return roles if _is_str_list(roles) and set(roles) <= set(ROLES) else None  # type: ignore[arg-type]

    _check_centre_levels(orgs, origin, add)
    _check_memberships(tables.get("memberships", []), roles_of, origin, add)
    _check_broader(tables.get("expertise", []), origin, add)
    _check_funders(tables.get("fundings", []), roles_of, origin, add)
    _check_dates(tables, origin, add)


def _check_centre_levels(orgs: list[dict], origin: Origin, add) -> None:
    for i, org in enumerate(orgs):
        level, roles = org.get("centre_level"), org.get("roles")
        if type(level) is str and level and type(roles) is list and _is_str_list(roles) and set(roles) <= set(ROLES):
            if "centre" in roles:
                continue
            add(
                origin.problem(
                    "organizations",
                    i,
                    "centre_level is set but the roles do not include centre",
                    column="centre_level",
                    value=level,
                    code="consistency",
                    severity=WARNING,
                )
            )


def _check_memberships(rows: list[dict], roles_of: Callable[[str], list[str] | None], origin: Origin, add) -> None:
    edges = []
    for i, row in enumerate(rows):
        member, parent = row.get("member"), row.get("parent")
        if type(member) is not str or type(parent) is not str:
            continue
        if member == parent:
            add(
                origin.problem(
                    "memberships", i, "a centre cannot belong to itself", column="parent", value=parent, code="cycle"
                )
            )
            continue
        edges.append((member, parent, i))
        for col, org_id in (("member", member), ("parent", parent)):
            roles = roles_of(org_id)
            if roles is not None and "centre" not in roles:
                add(
                    origin.problem(
                        "memberships",
                        i,
                        f"{org_id!r} is not a centre (its roles do not include centre)",
                        column=col,
                        value=org_id,
                        code="consistency",
                        severity=WARNING,
                    )
                )
    for cycle, i in _find_cycles(edges):
        add(origin.problem("memberships", i, f"membership cycle: {' -> '.join(cycle)}", column="parent", code="cycle"))


def _check_broader(rows: list[dict], origin: Origin, add) -> None:
    edges = []
    for i, row in enumerate(rows):
        node, broader = row.get("id"), row.get("broader")
        if type(node) is str and type(broader) is str and broader:
            if node == broader:
                add(
                    origin.problem(
                        "expertise",
                        i,
                        "an expertise cannot be broader than itself",
                        column="broader",
                        value=broader,
                        code="cycle",
                    )
                )
            else:
                edges.append((node, broader, i))
    for cycle, i in _find_cycles(edges):
        add(origin.problem("expertise", i, f"broader cycle: {' -> '.join(cycle)}", column="broader", code="cycle"))


def _check_funders(rows: list[dict], roles_of: Callable[[str], list[str] | None], origin: Origin, add) -> None:
    for i, row in enumerate(rows):
        funder = row.get("funder")
        roles = roles_of(funder) if type(funder) is str else None
        if roles is not None and "funder" not in roles:
            add(
                origin.problem(
                    "fundings",
                    i,
                    "this organization's roles do not include funder",
                    column="funder",
                    value=funder,
                    code="consistency",
                    severity=WARNING,
                )
            )


def _check_dates(tables: dict[str, list[dict]], origin: Origin, add) -> None:
    for table, first, last in (("projects", "start", "end"), ("agreements", "signed", "expires")):
        for i, row in enumerate(tables.get(table, [])):
            a, b = row.get(first), row.get(last)
            if type(a) is _dt.date and type(b) is _dt.date and b < a:
                add(
                    origin.problem(
                        table,
                        i,
                        f"{last} is before {first} ({a.isoformat()})",
                        column=last,
                        value=b,
                        code="consistency",
                        severity=WARNING,
                    )
                )
