"""Reading network files supplied by planners: a CSV folder, an Excel workbook or a JSON file.

API
---

``read_network(path, format="auto") -> tuple[dict[str, list[dict]], list[Problem]]``
    Reads and validates a network. ``format`` is ``"csv"`` (a folder of
    ``<table>.csv`` files, or one such file), ``"xlsx"`` (one sheet per
    table, sheet name = table name), ``"json"`` (``{"table": [{column:
    value}, ...]}``) or ``"auto"`` (from the path: a folder is CSV, then the
    suffix). It returns the typed network, with every table of
    :data:`loaders.schema.TABLES` as a key (``[]`` when absent) and every row
    holding exactly the table's columns, and *all* problems found (see
    :class:`loaders.validate.Problem`). It never raises for bad input. The
    network must not be written anywhere when any problem is an error
    (``loaders.validate.has_errors(problems)``); warnings are shown and the
    load goes on. Show them with ``loaders.validate.format_problems(problems,
    limit=50)``.

``read_csv(path)``, ``read_xlsx(path)``, ``read_json(path)``
    The same for one form each: the readers of the rows ``csv``, ``xlsx`` and
    ``json`` of :data:`loaders.inputs.FORMATS`. The one way in for every input
    (these three and the CORDIS data sets) is :func:`loaders.inputs.read_input`.

``detect_format(path) -> str``
    ``"csv"``, ``"xlsx"`` or ``"json"``; raises ``ValueError`` otherwise.

``write_network(network, path, format="auto", *, delimiter=",", decimal_comma=False) -> None``
    Writes a typed network in one of the three forms (CSV files in UTF-8
    with a BOM, so that Excel opens them right). Used to make example files
    and empty templates (``write_network({}, "template.xlsx")`` writes every
    table's header).

``python -m loaders.readers check PATH`` prints the problems of a file;
``python -m loaders.readers convert SRC DST`` converts between forms.

What is accepted
----------------

* Encoding: UTF-8, with or without a BOM. Anything else (Latin-1,
  Windows-1252, UTF-16) is reported with the line and byte where decoding
  failed; nothing is guessed.
* CSV separator: ``,``, ``;`` or a tab, sniffed per file from the header
  line (an Excel ``sep=;`` first line is honoured). Quotes are ``"``,
  doubled inside quoted fields.
* Header names ignore case, surrounding spaces, and treat inner spaces and
  hyphens as ``_`` (``Centre level`` is ``centre_level``). The header is the
  first non-empty line (line 1 in the usual case).
* Cells are trimmed; empty cells are ``None``. Rows whose cells are all
  empty (also ``;;;;`` rows and trailing rows Excel leaves) are ignored.
* Numbers: ``1234.5``, ``1234,5``, ``1 234,50`` (also no-break spaces),
  ``1,234.50``, ``1.234,50``; dates ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``,
  ``DD/MM/YYYY``; Excel date cells; lists separated by ``|`` (JSON arrays
  too). Choices ignore case (``Coordinator``).
* A cell of more than :data:`loaders.validate.MAX_FIELD_CHARS` characters
  is a problem (file, line, column); so is a control character (a NUL byte)
  in any text.
* Text is made canonical (:func:`loaders.validate.clean_network`): Unicode
  NFC, invisible characters removed; ids also NFKC (full-width letters are
  letters). Ids that differ only by case or accents are named in a warning.
* In a CSV folder, a file that is a symbolic link to a file outside the folder
  is not read (an error). A problem quotes at most
  a few dozen characters of a value, and at most
  :data:`MAX_MALFORMED_SHOWN` malformed lines of a file one by one.
* A workbook is opened only if it declares no more than
  :data:`MAX_XLSX_UNPACKED` bytes unpacked, no part over 1 MB that grows more
  than :data:`MAX_XLSX_RATIO` times (a zip bomb), and no XML part with a
  document type declaration (entities: billion laughs, external files).

Problems
--------

Structural problems come from the readers: undecodable file, malformed CSV
line (unbalanced quote, wrong number of fields), unknown file / sheet / JSON
table (an error: its rows would be lost), duplicate or missing required
column (error), unknown column (a warning: the column is ignored, planners
keep note columns), unreadable value (wrong type). Then the whole network
goes through :func:`loaders.validate.check_network`: required values,
choices, duplicate keys, references (into the same network only), cycles.
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import functools
import io
import json
import math
import re
import sys
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from loaders.cordis_xml import declares_dtd
from loaders.schema import LIST_SEPARATOR, TABLE_ORDER, TABLES, Network, Table
from loaders.validate import (
    ERROR,
    REQUIRED_TABLES,
    WARNING,
    Origin,
    Problem,
    _suggest,
    check_network,
    format_problems,
    has_errors,
    inside_folder,
    make_lenient_coercer,
    outside_folder,
    shorten,
)

__all__ = [
    "FORMATS",
    "detect_format",
    "read_csv",
    "read_json",
    "read_network",
    "read_xlsx",
    "write_network",
]

FORMATS = ("csv", "xlsx", "json")
_CSV_DELIMITERS = (",", ";", "\t")
# The csv module refuses fields longer than field_size_limit() (131072 by
# default) with an error that stops the reader. Raise it (never lower it) so
# that long fields are read, then reported by length with file, line, column.
_CSV_FIELD_LIMIT = 2**31 - 1
#: Malformed lines of one CSV file reported one by one (the others are counted in one more problem).
MAX_MALFORMED_SHOWN = 10


@dataclass
class _RawTable:
    """A table as read from a file, before typing: header cells and rows of cells."""

    name: str
    file: str
    header: list[str] = field(default_factory=list)
    header_line: int | None = None
    rows: list[tuple[int, list]] = field(default_factory=list)  # (line, row or index; cells)
    sheet: str | None = None
    unreadable: bool = False  # the file could not be read at all (problem already reported)
    empty: bool = False  # not even a header


_NAME_SEPARATORS = re.compile(r"[\s\-]+")


@functools.lru_cache(maxsize=4096)
def _normalize_name(name: object) -> str:
    """Header, file, sheet and table names: case, surrounding space, inner spaces and hyphens ignored.

    >>> _normalize_name(" Centre  Level "), _normalize_name("Organization-Expertise")
    ('centre_level', 'organization_expertise')
    """
    text = "" if name is None else str(name)
    return _NAME_SEPARATORS.sub("_", text.replace("\ufeff", "").strip().lower())


def _is_empty_cell(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, list) and not value)


def detect_format(path: Path | str) -> str:
    """The form of ``path``: a folder or ``.csv`` is ``csv``, then ``.xlsx``/``.xlsm``, ``.json``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if path.is_dir() or suffix == ".csv":
        return "csv"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix == ".json":
        return "json"
    if suffix in (".xls", ".ods"):
        raise ValueError(f"{path}: {suffix} files are not read; save the workbook as .xlsx")
    raise ValueError(f"{path}: unknown format (expected a folder of CSV files, a .xlsx workbook or a .json file)")


def read_network(path: Path | str, format: str = "auto") -> tuple[Network, list[Problem]]:
    """Read and validate the network at ``path``; return ``(network, problems)``. See the module docstring."""
    path = Path(path)
    if not path.exists():
        return _empty(), [_not_found(path)]
    if format == "auto":
        try:
            format = detect_format(path)
        except ValueError as error:
            return _empty(), [Problem(str(path), str(error).removeprefix(f"{path}: "), code="format")]
    if format not in _READERS:
        raise ValueError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)} or auto")
    return _READERS[format](path)


def read_csv(path: Path | str) -> tuple[Network, list[Problem]]:
    """A folder of ``<table>.csv`` files (or one such file): ``(network, problems)``."""
    return _read(Path(path), _read_csv)


def read_xlsx(path: Path | str) -> tuple[Network, list[Problem]]:
    """An Excel workbook, one sheet per table: ``(network, problems)``."""
    return _read(Path(path), _read_xlsx)


def read_json(path: Path | str) -> tuple[Network, list[Problem]]:
    """A JSON file ``{"table": [{column: value}, ...]}``: ``(network, problems)``."""
    return _read(Path(path), _read_json)


def _read(
    path: Path, read_raw: Callable[[Path, list[Problem]], tuple[list[_RawTable] | None, Origin]]
) -> tuple[Network, list[Problem]]:
    """Read the raw tables of one form, then type and validate them."""
    if not path.exists():
        return _empty(), [_not_found(path)]
    problems: list[Problem] = []
    raw, origin = read_raw(path, problems)
    if raw is None:  # the file could not be read at all
        return _empty(), problems
    return _build(raw, origin, problems)


def _not_found(path: Path) -> Problem:
    return Problem(str(path), "no such file or folder", code="not_found")


def _empty() -> Network:
    return {name: [] for name in TABLE_ORDER}


# ---------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------


def _decode(data: bytes, file: str, problems: list[Problem]) -> str | None:
    """UTF-8 text (BOM removed), or None and a problem naming the line and byte that failed."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        problems.append(
            Problem(file, "the file is UTF-16 (Excel 'Unicode text'); save it as 'CSV UTF-8'", line=1, code="encoding")
        )
        return None
    offset = 3 if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[offset:].decode("utf-8")
    except UnicodeDecodeError as error:
        pos = offset + error.start
        line_start = data.rfind(b"\n", 0, pos) + 1
        line_end = data.find(b"\n", pos)
        line_bytes = data[line_start : line_end if line_end >= 0 else len(data)].rstrip(b"\r")
        line = data.count(b"\n", 0, pos) + 1
        bad = data[pos : offset + error.end]
        hint = _around(line_bytes.decode("cp1252", "replace"), pos - line_start)
        problems.append(
            Problem(
                file,
                f"not UTF-8: byte {' '.join(f'0x{b:02X}' for b in bad)} at byte {pos - line_start + 1} of the line "
                f"(offset {pos} in the file) cannot be decoded; save the file as UTF-8 ('CSV UTF-8' in Excel). "
                f"Read as Windows-1252 it would be {hint!r}",
                line=line,
                value=shorten(line_bytes.decode("utf-8", "replace")),
                code="encoding",
            )
        )
        return None


def _around(text: str, at: int, width: int = 16) -> str:
    """The characters of ``text`` around position ``at`` (``width`` each side), cuts marked with ``…``.

    >>> _around("cnam,Conservatoire national des arts et métiers", 41, 8)
    '…rts et métiers'
    """
    start, end = max(at - width, 0), at + width
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


# ---------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------


def _table_for(
    name: str, file: str, kind: str, problems: list[Problem], seen: dict[str, str], sheet: str | None = None
) -> str | None:
    """The table a file, sheet or JSON key names, or None and a problem."""
    table = _normalize_name(name)
    if table not in TABLES:
        problems.append(
            Problem(
                file,
                f"unknown {kind} {name!r}: its rows would be lost; tables are {', '.join(TABLE_ORDER)}"
                f"{_suggest(table, TABLES)}",
                sheet=sheet,
                code="unknown_table",
            )
        )
        return None
    if table in seen:
        problems.append(
            Problem(
                file,
                f"the table {table!r} is given twice (also as {seen[table]!r})",
                sheet=sheet,
                code="duplicate_table",
            )
        )
        return None
    seen[table] = name
    return table


def _read_csv(path: Path, problems: list[Problem]) -> tuple[list[_RawTable] | None, Origin]:
    origin = Origin(str(path), unit="line")
    seen: dict[str, str] = {}
    if path.is_dir():
        files = sorted(
            p
            for p in path.iterdir()
            if p.is_file() and p.suffix.lower() == ".csv" and not p.name.startswith((".", "~$"))
        )
        origin.files["organizations"] = str(path / "organizations.csv")  # where a missing one is reported
    else:
        files = [path]
    raw_tables = []
    for file in files:
        table = _table_for(file.stem, str(file), "file", problems, seen)
        if table is None:
            continue
        if path.is_dir() and not inside_folder(file, path):
            problems.append(outside_folder(file))
            raw_tables.append(_RawTable(table, str(file), unreadable=True))
            continue
        raw_tables.append(_read_csv_file(file, table, problems))
    return raw_tables, origin


def _sniff_delimiter(line: str) -> str:
    """The separator of a header line: the most frequent of , ; tab outside quotes (``,`` on a tie).

    >>> _sniff_delimiter("id;name;\\"a,b\\""), _sniff_delimiter("id,name"), _sniff_delimiter("id")
    (';', ',', ',')
    """
    outside = re.sub(r'"[^"]*"', "", line)
    counts = {d: outside.count(d) for d in _CSV_DELIMITERS}
    best = max(_CSV_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv_file(file: Path, table: str, problems: list[Problem]) -> _RawTable:
    """One CSV file: its header and rows of cells, every malformed line reported."""
    raw = _RawTable(table, str(file))
    text = _read_text(file, problems)
    if text is None:
        raw.unreadable = True
        return raw
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raw.empty = True
        return raw
    sep_line = re.fullmatch(r"\s*sep=(.)\s*", lines[first], flags=re.IGNORECASE)
    delimiter = sep_line[1] if sep_line else _sniff_delimiter(lines[first])
    _read_csv_records(text, delimiter, bool(sep_line), raw, problems)
    if raw.header_line is None:
        raw.empty = True
    return raw


def _read_text(file: Path, problems: list[Problem]) -> str | None:
    """The file's text (UTF-8), or None and a problem."""
    try:
        data = file.read_bytes()
    except OSError as error:
        problems.append(Problem(str(file), f"cannot read the file: {error.strerror or error}", code="read_error"))
        return None
    return _decode(data, str(file), problems)


def _read_csv_records(
    text: str, delimiter: str, skip_sep_record: bool, raw: _RawTable, problems: list[Problem]
) -> None:
    """Fill ``raw`` with the header and the rows of ``text``: (first line of the record, cells).

    At most :data:`MAX_MALFORMED_SHOWN` malformed lines of a file are reported one by one, then counted:
    a file that is no CSV of ours at all is not quoted line by line.
    """
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    previous_end = 0
    malformed: list[Problem] = []
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problem = _csv_error_problem(error, raw, previous_end + 1, reader.line_num)
            malformed.append(problem)
            if problem.code == "field_too_long":
                break
            previous_end = reader.line_num
            continue
        start, previous_end = previous_end + 1, reader.line_num
        if not "".join(record).strip():
            continue
        if skip_sep_record:
            skip_sep_record = False
            continue
        if raw.header_line is None:
            raw.header = record
            raw.header_line = start
            continue
        width = len(raw.header)
        if len(record) != width and (len(record) < width or any(c.strip() for c in record[width:])):
            malformed.append(_width_problem(record, raw, delimiter, start, previous_end))
            continue
        raw.rows.append((start, record[:width]))
    problems.extend(malformed[:MAX_MALFORMED_SHOWN])
    if len(malformed) > MAX_MALFORMED_SHOWN:
        rest = malformed[MAX_MALFORMED_SHOWN:]
        problems.append(
            Problem(
                raw.file,
                f"{len(rest)} more malformed lines, from line {rest[0].line} to line {rest[-1].line}: "
                "is this a CSV file of the network?",
                line=rest[0].line,
                table=raw.name,
                code="malformed",
            )
        )


def _csv_error_problem(error: csv.Error, raw: _RawTable, start: int, end: int) -> Problem:
    """The problem of a record the csv module refused (lines ``start`` to ``end``)."""
    message = str(error)
    if "field larger than field limit" in message:
        return Problem(
            raw.file,
            f"a field is longer than the CSV reader's limit ({csv.field_size_limit()} characters); "
            "the rest of the file was not read",
            line=start,
            table=raw.name,
            code="field_too_long",
        )
    if "unexpected end of data" in message:
        lines_lost = f"lines {start}-{end}" if end > start else f"line {start}"
        reason = (
            f"unbalanced quote: a quoted field opened on line {start} is never closed "
            f"(the rest of the file, {lines_lost}, could not be read)"
        )
    else:
        reason = f"malformed CSV line ({message}); check the quotes"
    return Problem(raw.file, reason, line=start, table=raw.name, code="malformed")


def _width_problem(record: list[str], raw: _RawTable, delimiter: str, start: int, end: int) -> Problem:
    """The problem of a record with more or fewer fields than the header."""
    spans = f" (the record runs over lines {start}-{end}: a quote may be unbalanced)"
    return Problem(
        raw.file,
        f"malformed CSV line: {len(record)} fields, the header has {len(raw.header)}"
        f"{spans if end > start else ''}; the line was not read",
        line=start,
        value=shorten(delimiter.join(record)),
        table=raw.name,
        code="malformed",
    )


# ---------------------------------------------------------------------------
# Excel
# ---------------------------------------------------------------------------


def _read_xlsx(path: Path, problems: list[Problem]) -> tuple[list[_RawTable] | None, Origin]:
    import openpyxl

    origin = Origin(str(path), unit="row")
    name = str(path)
    try:
        refused = _unsafe_workbook(path)
        if refused is not None:
            problems.append(Problem(name, f"refused: {refused}", code="unsafe_xlsx"))
            return None, origin
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        return _read_sheets(workbook, name, origin, problems), origin
    except _WORKBOOK_ERRORS as error:
        problems.append(Problem(name, f"not a readable .xlsx workbook ({shorten(error)})", code="read_error"))
        return None, origin


#: What reading a damaged workbook raises (openpyxl lets its parsers' and zipfile's errors through):
#: each is a problem naming the file, not an internal error.
_WORKBOOK_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    KeyError,
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
    SyntaxError,  # xml.etree.ElementTree.ParseError
    RecursionError,
    NotImplementedError,
)
#: Most bytes the parts of a workbook may unpack to, all together (a sheet of a million cells is about 100 MB).
MAX_XLSX_UNPACKED = 512 * 1024 * 1024
#: Most a part of more than :data:`_RATIO_FROM` bytes may grow when unpacked (sheets grow 5 to 20 times).
MAX_XLSX_RATIO = 100
_RATIO_FROM = 1024 * 1024
#: Bytes read at the start of each part to find a document type declaration before its root element.
_PROLOG_BYTES = 64 * 1024


def _unsafe_workbook(path: Path) -> str | None:
    """Why the workbook at ``path`` is not opened, or None: a zip bomb, an XML part with a DTD or not in UTF-8.

    The sizes are those the zip declares: Python's zipfile never unpacks more than a part declares. Every
    part is looked at, whatever its name (binary parts, such as printer settings and images, pass).
    """
    with zipfile.ZipFile(path) as zf:
        parts = zf.infolist()
        total = sum(p.file_size for p in parts)
        if total > MAX_XLSX_UNPACKED:
            return (
                f"it unpacks to {total // 2**20} MB, more than the {MAX_XLSX_UNPACKED // 2**20} MB "
                "a workbook may (a zip bomb?)"
            )
        for part in parts:
            if part.file_size > _RATIO_FROM and part.file_size > MAX_XLSX_RATIO * max(part.compress_size, 1):
                return (
                    f"its part {shorten(part.filename)!r} unpacks {part.file_size // max(part.compress_size, 1)} "
                    f"times larger ({part.file_size // 2**20} MB), more than the {MAX_XLSX_RATIO} times a "
                    "workbook may (a zip bomb?)"
                )
            with zf.open(part) as handle:
                head = handle.read(_PROLOG_BYTES)
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"<\x00", b"\x00<")):  # XML in UTF-16
                return f"its part {shorten(part.filename)!r} is XML not in UTF-8, as Excel writes every part"
            if declares_dtd(head):
                return (
                    f"its part {shorten(part.filename)!r} declares a document type (<!DOCTYPE): Excel never "
                    "writes one, and it could declare entities (billion laughs) or read other files"
                )
    return None


def _read_sheets(workbook, name: str, origin: Origin, problems: list[Problem]) -> list[_RawTable]:
    """The raw tables of an open workbook, one per sheet naming a table."""
    raw_tables = []
    seen: dict[str, str] = {}
    try:
        for sheet in workbook.worksheets:
            table = _table_for(sheet.title, name, "sheet", problems, seen, sheet=sheet.title)
            if table is None:
                continue
            origin.sheet_names[table] = sheet.title
            # The read-only reader trusts the sheet's declared <dimension>, which some writers leave
            # wrong: rows and columns beyond it were silently not read (and --replace then deleted what
            # they held). Measured from the cells instead: every row in the file is read.
            sheet.reset_dimensions()
            sheet.calculate_dimension(force=True)
            raw = _RawTable(table, name, sheet=sheet.title)
            for row_number, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
                if all(_is_empty_cell(c) for c in cells):
                    continue
                if raw.header_line is None:
                    raw.header = ["" if c is None else str(c) for c in cells]
                    raw.header_line = row_number
                    continue
                raw.rows.append((row_number, list(cells)))
            raw.empty = raw.header_line is None
            raw_tables.append(raw)
    finally:
        workbook.close()
    return raw_tables


# ---------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a valid number")


def _read_json(path: Path, problems: list[Problem]) -> tuple[list[_RawTable] | None, Origin]:
    origin = Origin(str(path), unit="index")
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.append(Problem(name, f"cannot read the file: {error.strerror or error}", code="read_error"))
        return None, origin
    text = _decode(data, name, problems)
    if text is None:
        return None, origin
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        problems.append(Problem(name, "not a network: arrays or objects nested too deeply", code="malformed"))
        return None, origin
    except json.JSONDecodeError as error:
        problems.append(
            Problem(name, f"not valid JSON: {error.msg} (column {error.colno})", line=error.lineno, code="malformed")
        )
        return None, origin
    except ValueError as error:
        problems.append(Problem(name, f"not valid JSON: {error}", code="malformed"))
        return None, origin
    if not isinstance(document, dict):
        problems.append(Problem(name, 'a network is a JSON object {"table": [{...}, ...], ...}', code="shape"))
        return None, origin
    raw_tables = []
    seen: dict[str, str] = {}
    for key, items in document.items():
        table = _table_for(key, name, "table", problems, seen)
        if table is None:
            continue
        if not isinstance(items, list):
            problems.append(
                Problem(
                    name, f"a table is a JSON array of objects, not {type(items).__name__}", table=table, code="shape"
                )
            )
            continue
        header: dict[str, None] = {}
        objects: list[tuple[int, dict]] = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                problems.append(
                    Problem(
                        name,
                        f"a row is a JSON object, not {type(item).__name__}",
                        table=table,
                        index=index,
                        value=shorten(item),
                        code="shape",
                    )
                )
                continue
            normalized = {_normalize_name(k): v for k, v in item.items()}
            header.update(dict.fromkeys(normalized))
            objects.append((index, normalized))
        names = list(header)
        raw = _RawTable(table, name, header=names)
        raw.rows = [(index, [obj.get(n) for n in names]) for index, obj in objects]
        raw_tables.append(raw)
    return raw_tables, origin


# ---------------------------------------------------------------------------
# Typing and validation
# ---------------------------------------------------------------------------


def _build(raw_tables: list[_RawTable], origin: Origin, problems: list[Problem]) -> tuple[Network, list[Problem]]:
    """Type every cell, then validate the whole network; ``problems`` gets everything found."""
    network: Network = {}
    skip_cells: set[tuple[str, int, str]] = set()
    skip_columns: set[tuple[str, str]] = set()
    unreadable: set[str] = set()
    for raw in raw_tables:
        origin.files[raw.name] = raw.file
        if raw.empty and not raw.unreadable:
            required = raw.name in REQUIRED_TABLES
            problems.append(
                origin.problem(
                    raw.name,
                    None,
                    f"the {'sheet' if raw.sheet else 'file'} is empty (not even a header)"
                    + ("" if required else "; read as an empty table"),
                    code="empty_file",
                    severity=ERROR if required else WARNING,
                )
            )
            raw.unreadable = required
            if not required:
                network[raw.name] = []
        if raw.unreadable:
            unreadable.add(raw.name)
            continue
        if raw.empty:
            continue
        network[raw.name] = _build_table(raw, origin, problems, skip_cells, skip_columns)
    problems.extend(
        check_network(network, origin, skip_cells=skip_cells, skip_columns=skip_columns, unreadable=unreadable)
    )
    return {name: network.get(name, []) for name in TABLE_ORDER}, problems


def _build_table(
    raw: _RawTable,
    origin: Origin,
    problems: list[Problem],
    skip_cells: set[tuple[str, int, str]],
    skip_columns: set[tuple[str, str]],
) -> list[dict]:
    """The typed rows of one table: header matched to the columns, every cell typed, ignored columns reported."""
    table = TABLES[raw.name]
    origin.files[table.name] = raw.file
    if raw.header_line is not None:
        origin.header_lines[table.name] = raw.header_line
    mapping, ignored = _match_header(raw, table, origin, problems, skip_columns)
    rows, used_ignored = _typed_rows(raw, table, mapping, ignored, origin, problems, skip_cells)
    _report_ignored(table, ignored, used_ignored, origin, problems)
    return rows


def _header_problem(
    origin: Origin, table: str, reason: str, column: str | None, code: str, severity: str = ERROR
) -> Problem:
    return origin.problem(table, None, reason, column=column, code=code, severity=severity, header=True)


def _match_header(
    raw: _RawTable, table: Table, origin: Origin, problems: list[Problem], skip_columns: set[tuple[str, str]]
) -> tuple[dict[str, int], list[tuple[int, str]]]:
    """Column name -> position in the header, and the header cells that name no column (position, label)."""
    names = [c.name for c in table.columns]
    mapping: dict[str, int] = {}
    ignored: list[tuple[int, str]] = []
    for j, cell in enumerate(raw.header):
        name = _normalize_name(cell)
        if name in mapping:
            problems.append(_header_problem(origin, table.name, "duplicate column", name, "duplicate_column"))
        elif name in names:
            mapping[name] = j
        else:
            ignored.append((j, str(cell).strip()))
    for column in table.columns:
        if column.name not in mapping and column.required and (raw.rows or origin.unit != "index"):
            reason = f"missing required column {column.name!r} (columns are: {', '.join(names)})"
            problems.append(_header_problem(origin, table.name, reason, column.name, "missing_column"))
            skip_columns.add((table.name, column.name))
    return mapping, ignored


def _typed_rows(
    raw: _RawTable,
    table: Table,
    mapping: dict[str, int],
    ignored: list[tuple[int, str]],
    origin: Origin,
    problems: list[Problem],
    skip_cells: set[tuple[str, int, str]],
) -> tuple[list[dict], dict[int, int]]:
    """Rows of typed values; and, for each ignored column holding a value, the position of its first value."""
    positions: list[int] = []
    origin.positions[table.name] = positions
    coercers = [(c.name, mapping.get(c.name), make_lenient_coercer(c)) for c in table.columns]
    rows: list[dict] = []
    used_ignored: dict[int, int] = {}
    for position, cells in raw.rows:
        if origin.unit == "index" and all(_is_empty_cell(c) for c in cells):  # CSV and Excel readers did it
            continue
        row_index = len(rows)
        positions.append(position)
        row: dict = {}
        for name, at, coerce in coercers:
            if at is None or at >= len(cells):
                row[name] = None
                continue
            value = cells[at]
            try:
                row[name] = coerce(value)
            except ValueError as error:
                row[name] = None
                skip_cells.add((table.name, row_index, name))
                problems.append(
                    origin.problem(table.name, row_index, str(error), column=name, value=value, code="type")
                )
        for k, _ in ignored:
            if k < len(cells) and not _is_empty_cell(cells[k]) and k not in used_ignored:
                used_ignored[k] = position
        rows.append(row)
    return rows, used_ignored


def _report_ignored(
    table: Table,
    ignored: list[tuple[int, str]],
    used_ignored: dict[int, int],
    origin: Origin,
    problems: list[Problem],
) -> None:
    """A warning for each unknown column, and for each column without a header that holds values."""
    names = [c.name for c in table.columns]
    for j, label in ignored:
        if label:
            reason = f"unknown column {shorten(label)!r}, ignored{_suggest(_normalize_name(label), names)}"
            problems.append(_header_problem(origin, table.name, reason, shorten(label), "unknown_column", WARNING))
        elif j in used_ignored:
            problems.append(
                Problem(
                    origin.file(table.name),
                    f"values in column {j + 1}, which has no header, are ignored",
                    line=used_ignored[j] if origin.unit != "index" else None,
                    index=used_ignored[j] if origin.unit == "index" else None,
                    table=table.name,
                    sheet=origin.sheet_names.get(table.name),
                    code="unknown_column",
                    severity=WARNING,
                )
            )


#: Form -> its reader, for :func:`read_network`.
_READERS: dict[str, Callable[[Path], tuple[Network, list[Problem]]]] = {
    "csv": read_csv,
    "xlsx": read_xlsx,
    "json": read_json,
}


# ---------------------------------------------------------------------------
# Writing files (examples, templates, conversions)
# ---------------------------------------------------------------------------


def _cell_text(value: object, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
        return text.replace(".", ",") if decimal_comma else text
    return str(value)


def write_network(
    network: Mapping[str, list[dict]],
    path: Path | str,
    format: str = "auto",
    *,
    delimiter: str = ",",
    decimal_comma: bool = False,
) -> None:
    """Write ``network`` as a CSV folder, an .xlsx workbook or a JSON file (every table, header first)."""
    path = Path(path)
    if format == "auto":
        format = "csv" if not path.suffix else detect_format(path)
    if format == "csv":
        _write_csv(network, path, delimiter, decimal_comma)
    elif format in _WRITERS:
        _WRITERS[format](network, path)
    else:
        raise ValueError(f"unknown format {format!r}")


def _write_csv(network: Mapping[str, list[dict]], path: Path, delimiter: str, decimal_comma: bool) -> None:
    path.mkdir(parents=True, exist_ok=True)
    for name in TABLE_ORDER:
        columns = TABLES[name].columns
        with open(path / f"{name}.csv", "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
            writer.writerow([c.name for c in columns])
            for row in network.get(name) or []:
                writer.writerow([_cell_text(row.get(c.name), decimal_comma) for c in columns])


def _write_xlsx(network: Mapping[str, list[dict]], path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name in TABLE_ORDER:
        table = TABLES[name]
        sheet = workbook.create_sheet(name)
        sheet.append([c.name for c in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in network.get(name) or []:
            values = []
            for column in table.columns:
                value = row.get(column.name)
                values.append(LIST_SEPARATOR.join(value) if isinstance(value, list) else value)
            sheet.append(values)
        for index, column in enumerate(table.columns, start=1):
            if column.type == "date":
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = "yyyy-mm-dd"
    workbook.save(path)


def _jsonable(value: object) -> object:
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"cannot write {value} in JSON")
    return value


def _write_json(network: Mapping[str, list[dict]], path: Path) -> None:
    # One row a line: readable, and diffs stay small.
    parts = []
    for name in TABLE_ORDER:
        columns = TABLES[name].columns
        rows = [
            json.dumps({c.name: _jsonable(row.get(c.name)) for c in columns}, ensure_ascii=False)
            for row in network.get(name) or []
        ]
        body = "[\n" + ",\n".join(f"  {r}" for r in rows) + "\n ]" if rows else "[]"
        parts.append(f" {json.dumps(name)}: {body}")
    path.write_text("{\n" + ",\n".join(parts) + "\n}\n", encoding="utf-8")


#: Form -> its writer (CSV, which takes the separator and decimal options, is written by :func:`_write_csv`).
_WRITERS: dict[str, Callable[[Mapping[str, list[dict]], Path], None]] = {"xlsx": _write_xlsx, "json": _write_json}


def main(argv: list[str] | None = None) -> int:
    """``check PATH`` or ``convert SRC DST`` (exit status 1 when there are errors)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] == "check" or len(args) == 3 and args[0] == "convert":
        network, problems = read_network(args[1])
        if problems:
            print(format_problems(problems), file=sys.stderr)
        if has_errors(problems):
            return 1
        if args[0] == "convert":
            write_network(network, args[2])
        else:
            print(", ".join(f"{len(rows)} {name}" for name, rows in network.items()))
        return 0
    print("usage: python -m loaders.readers check PATH | convert SRC DST", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
